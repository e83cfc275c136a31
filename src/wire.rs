//! The protocol's messages as the threads post them (the page: src/client.rs, the engine's
//! worker: src/worker.rs).
//!
//! A message is posted as `{json, data?}`: `json` its JSON text as UTF-8 bytes, `data` a byte
//! payload beside it, each a `Uint8Array` whose buffer is moved (`postMessage`'s transfer list),
//! so the browser copies neither. The text is written by the engine's one JSON writer
//! (`timestream_engine::json_bytes`, as snapshots and API responses are) and read through a JSON
//! value with `timestream_engine::from_value`, as snapshots are, so each engine type has one
//! serde writer and one reader in the module. Integers keep every digit (nanosecond times pass
//! 2^53).
//!
//! Before, serde-wasm-bindgen turned that JSON value into JS objects and back: each member a
//! call between wasm and JS, 80–145 ms of the page's thread for an answer of 13,758 diagnostics
//! where reading its text takes a fraction of that (docs/benchmarks.md, "Messages as JSON text").
//!
//! The payloads beside: the editor's text as a Handle or Diagnose body, a PutObject's data, an
//! Object reply's data (a JSON value would carry bytes as an array of numbers, and the text
//! escaped). Which payload goes where is known here only: [`call_to_js`] and [`call_from_js`],
//! [`envelope_to_js`] and [`envelope_from_js`].

use serde::de::DeserializeOwned;
use serde::Serialize;
use timestream_engine::protocol::{body_text, Call, Envelope, Reply, Request};
use wasm_bindgen::{JsCast, JsValue};

/// A message as it is posted: its JS value and the transfer list (the buffers moved with it).
pub type Posted = (JsValue, js_sys::Array);

/// A call as the page posts it: `body` (the editor's text) is the request's body, sent beside as
/// its UTF-8 bytes; a PutObject's data goes beside too.
pub fn call_to_js(id: u64, mut request: Request, body: Option<&str>) -> Result<Posted, String> {
    let data = match &mut request {
        Request::PutObject { data, .. } => std::mem::take(data),
        _ => Vec::new(),
    };
    let beside = match body {
        Some(text) => Some(text.as_bytes()),
        None => (!data.is_empty()).then_some(&data[..]),
    };
    post(&Call { id, request }, beside)
}

/// A call as the worker reads it, with the bytes sent beside put back: a body read as UTF-8
/// (refused where it stops being so), a PutObject's data.
pub fn call_from_js(value: JsValue) -> Result<Call, String> {
    let (mut call, beside) = read::<Call>(&value)?;
    match (&mut call.request, beside) {
        (Request::Handle { body, .. } | Request::Diagnose { body, .. }, Some(text)) => *body = body_text(text)?,
        (Request::PutObject { data, .. }, Some(bytes)) => *data = bytes,
        _ => {}
    }
    Ok(call)
}

/// The id of a message that could not be read as a call, so that what asked hears why.
pub fn call_id(value: &JsValue) -> Option<u64> {
    json(value).ok()?.get("id")?.as_u64()
}

/// An envelope as the worker posts it, an Object reply's data beside.
pub fn envelope_to_js(mut envelope: Envelope) -> Result<Posted, String> {
    let data = match &mut envelope.reply {
        Reply::Object { data, .. } => std::mem::take(data),
        _ => Vec::new(),
    };
    post(&envelope, (!data.is_empty()).then_some(&data[..]))
}

/// An envelope as the page reads it, an Object reply's data put back.
pub fn envelope_from_js(value: JsValue) -> Result<Envelope, String> {
    let (mut envelope, beside) = read::<Envelope>(&value)?;
    if let (Reply::Object { data, .. }, Some(bytes)) = (&mut envelope.reply, beside) {
        *data = bytes;
    }
    Ok(envelope)
}

/// `{json, data?}` for `message` and the payload beside it, with both buffers to move.
fn post<T: Serialize>(message: &T, beside: Option<&[u8]>) -> Result<Posted, String> {
    let text = timestream_engine::json_bytes(message)?;
    let posted = js_sys::Object::new();
    let transfer = js_sys::Array::new();
    for (key, bytes) in [("json", Some(&text[..])), ("data", beside)] {
        if let Some(bytes) = bytes {
            let array = js_sys::Uint8Array::from(bytes);
            js_sys::Reflect::set(&posted, &key.into(), &array).map_err(|_| "a message could not be built")?;
            transfer.push(&array.buffer());
        }
    }
    Ok((posted.into(), transfer))
}

/// A message read from `{json, data?}`, and the payload beside it.
fn read<T: DeserializeOwned>(value: &JsValue) -> Result<(T, Option<Vec<u8>>), String> {
    let message = timestream_engine::from_value(json(value)?).map_err(|e| e.to_string())?;
    Ok((message, bytes(value, "data")))
}

/// The JSON value of a posted message's text.
fn json(value: &JsValue) -> Result<serde_json::Value, String> {
    let text = bytes(value, "json").ok_or("a message is {json, data?}, json the UTF-8 bytes of its JSON text")?;
    serde_json::from_slice(&text).map_err(|e| e.to_string())
}

/// The bytes of the `Uint8Array` at `key` of `value`, if there is one.
fn bytes(value: &JsValue, key: &str) -> Option<Vec<u8>> {
    if !value.is_object() {
        return None;
    }
    let array = js_sys::Reflect::get(value, &key.into()).ok()?.dyn_into::<js_sys::Uint8Array>().ok()?;
    Some(array.to_vec())
}
