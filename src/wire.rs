//! The protocol's messages as JS values, the way both threads write and read them (the page:
//! src/client.rs, the engine's worker: src/worker.rs).
//!
//! A message goes through a JSON value (`serde_json::Value`): the engine reads and writes its
//! snapshots through one, so each engine type's serde code is in the module once, for the
//! snapshot and the messages alike. Reading and writing each message type from JS values
//! directly was another copy of it (≈ 150 KB of the module before gzip, docs/benchmarks.md).
//! serde-wasm-bindgen turns the JSON value into a JS value and back: every integer as a
//! `BigInt` (a JSON value keeps no Rust type, and nanosecond times pass 2^53), maps as plain
//! objects. Read back, a `BigInt` or a safe integer is an integer again.
//!
//! Byte payloads (a request's body, an object's bytes) go beside, as a `Uint8Array` whose
//! buffer is moved (`postMessage`'s transfer): [`put_bytes`] and [`take_bytes`]. A JSON value
//! would carry them as an array of numbers.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// `message` as a JS value.
pub fn to_js<T: Serialize>(message: &T) -> Result<JsValue, String> {
    let value = serde_json::to_value(message).map_err(|e| e.to_string())?;
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true).serialize_maps_as_objects(true))
        .map_err(|e| e.to_string())
}

/// A message read from a JS value.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    let value: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())?;
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// The object at `path` (members) in `value`, if each step is an object.
fn at(value: &JsValue, path: &[&str]) -> Option<JsValue> {
    path.iter().try_fold(value.clone(), |v, key| v.is_object().then(|| js_sys::Reflect::get(&v, &(*key).into()).ok()).flatten())
}

/// Puts `bytes` at `path` in `value` as a `Uint8Array` (one copy out of the wasm memory) and
/// returns its buffer, to be moved with the message. `None` when `path`'s parent is not there.
pub fn put_bytes(value: &JsValue, path: &[&str], bytes: &[u8]) -> Option<js_sys::ArrayBuffer> {
    let (key, parent) = path.split_last()?;
    let parent = at(value, parent).filter(JsValue::is_object)?;
    let array = js_sys::Uint8Array::from(bytes);
    js_sys::Reflect::set(&parent, &(*key).into(), &array).ok()?;
    Some(array.buffer())
}

/// Takes the `Uint8Array` at `path` out of `value`, leaving `placeholder` in its place (what the
/// JSON value is then read with). `None`, and `value` unchanged, when there is none.
pub fn take_bytes(value: &JsValue, path: &[&str], placeholder: &JsValue) -> Option<Vec<u8>> {
    let (key, parent) = path.split_last()?;
    let parent = at(value, parent).filter(JsValue::is_object)?;
    let array = js_sys::Reflect::get(&parent, &(*key).into()).ok()?.dyn_into::<js_sys::Uint8Array>().ok()?;
    js_sys::Reflect::set(&parent, &(*key).into(), placeholder).ok()?;
    Some(array.to_vec())
}
