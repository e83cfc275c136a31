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
//! Byte payloads go beside, as a `Uint8Array` whose buffer is moved (`postMessage`'s transfer
//! list): the editor's text as a Handle or Diagnose body, a PutObject's data, an Object reply's
//! data. A JSON value would carry them as an array of numbers. Which payload goes where is
//! known here only: [`call_to_js`] and [`call_from_js`], [`envelope_to_js`] and
//! [`envelope_from_js`].

use serde::de::DeserializeOwned;
use serde::Serialize;
use timestream_engine::protocol::{body_text, Call, Envelope, Reply, Request};
use wasm_bindgen::{JsCast, JsValue};

/// Where each byte payload goes beside its message.
const BODY: &[&str] = &["request", "body"];
const PUT_DATA: &[&str] = &["request", "data"];
const OBJECT_DATA: &[&str] = &["reply", "object", "data"];

/// A message as it is posted: its JS value and the transfer list (the buffer moved with it, if
/// any; `postMessage` takes an empty list as none).
pub type Posted = (JsValue, js_sys::Array);

/// A call as the page posts it: `body` (the editor's text) is the request's body, sent beside as
/// its UTF-8 bytes; a PutObject's data goes beside too.
pub fn call_to_js(id: u64, mut request: Request, body: Option<&str>) -> Result<Posted, String> {
    let data = match &mut request {
        Request::PutObject { data, .. } => std::mem::take(data),
        _ => Vec::new(),
    };
    let value = to_js(&Call { id, request })?;
    let beside = match body {
        Some(text) => Some((BODY, text.as_bytes())),
        None => (!data.is_empty()).then_some((PUT_DATA, &data[..])),
    };
    let transfer = js_sys::Array::new();
    if let Some((path, bytes)) = beside {
        transfer.push(&put_bytes(&value, path, bytes).ok_or("the call has no place for its bytes")?.into());
    }
    Ok((value, transfer))
}

/// A call as the worker reads it, with the bytes sent beside put back: a body read as UTF-8
/// (refused where it stops being so), a PutObject's data.
pub fn call_from_js(value: JsValue) -> Result<Call, String> {
    let body = take_bytes(&value, BODY, &JsValue::from_str(""));
    let bytes = take_bytes(&value, PUT_DATA, &js_sys::Array::new());
    let mut call: Call = from_js(value)?;
    match (&mut call.request, body, bytes) {
        (Request::Handle { body, .. } | Request::Diagnose { body, .. }, Some(text), _) => *body = body_text(text)?,
        (Request::PutObject { data, .. }, _, Some(bytes)) => *data = bytes,
        _ => {}
    }
    Ok(call)
}

/// The id of a message that could not be read as a call, so that what asked hears why.
pub fn call_id(value: &JsValue) -> Option<u64> {
    js_sys::Reflect::get(value, &"id".into()).ok().and_then(|id| from_js(id).ok())
}

/// An envelope as the worker posts it, an Object reply's data beside.
pub fn envelope_to_js(mut envelope: Envelope) -> Result<Posted, String> {
    let data = match &mut envelope.reply {
        Reply::Object { data, .. } => std::mem::take(data),
        _ => Vec::new(),
    };
    let value = to_js(&envelope)?;
    let transfer = js_sys::Array::new();
    if !data.is_empty() {
        transfer.push(&put_bytes(&value, OBJECT_DATA, &data).ok_or("the answer has no place for its bytes")?.into());
    }
    Ok((value, transfer))
}

/// An envelope as the page reads it, an Object reply's data put back.
pub fn envelope_from_js(value: JsValue) -> Result<Envelope, String> {
    let bytes = take_bytes(&value, OBJECT_DATA, &js_sys::Array::new());
    let mut envelope: Envelope = from_js(value)?;
    if let (Reply::Object { data, .. }, Some(bytes)) = (&mut envelope.reply, bytes) {
        *data = bytes;
    }
    Ok(envelope)
}

/// `message` as a JS value.
fn to_js<T: Serialize>(message: &T) -> Result<JsValue, String> {
    let value = serde_json::to_value(message).map_err(|e| e.to_string())?;
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true).serialize_maps_as_objects(true))
        .map_err(|e| e.to_string())
}

/// A message read from a JS value.
fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    let value: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())?;
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// The object at `path` (members) in `value`, if each step is an object.
fn at(value: &JsValue, path: &[&str]) -> Option<JsValue> {
    path.iter().try_fold(value.clone(), |v, key| v.is_object().then(|| js_sys::Reflect::get(&v, &(*key).into()).ok()).flatten())
}

/// Puts `bytes` at `path` in `value` as a `Uint8Array` (one copy out of the wasm memory) and
/// returns its buffer, to be moved with the message. `None` when `path`'s parent is not there.
fn put_bytes(value: &JsValue, path: &[&str], bytes: &[u8]) -> Option<js_sys::ArrayBuffer> {
    let (key, parent) = path.split_last()?;
    let parent = at(value, parent).filter(JsValue::is_object)?;
    let array = js_sys::Uint8Array::from(bytes);
    js_sys::Reflect::set(&parent, &(*key).into(), &array).ok()?;
    Some(array.buffer())
}

/// Takes the `Uint8Array` at `path` out of `value`, leaving `placeholder` in its place (what the
/// JSON value is then read with). `None`, and `value` unchanged, when there is none.
fn take_bytes(value: &JsValue, path: &[&str], placeholder: &JsValue) -> Option<Vec<u8>> {
    let (key, parent) = path.split_last()?;
    let parent = at(value, parent).filter(JsValue::is_object)?;
    let array = js_sys::Reflect::get(&parent, &(*key).into()).ok()?.dyn_into::<js_sys::Uint8Array>().ok()?;
    js_sys::Reflect::set(&parent, &(*key).into(), placeholder).ok()?;
    Some(array.to_vec())
}
