//! What the editor does itself when the document is windowed (doc.rs): select-all of the whole
//! document and what follows it (copy, cut, typing, deleting), Ctrl+Home/End to the document's
//! ends, a key pressed while the selection is outside the window (the window goes back to it
//! first), and a paste that makes or keeps the document big (spliced into the document instead
//! of into the textarea: Chromium takes seconds to insert megabytes into a textarea).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::doc::Doc;
use super::window::{is_big, Size};
use crate::state::Text;

/// What a handled key asks of the component after the document changed.
pub enum Outcome {
    /// Nothing the component has to do (the browser or nothing handled the key).
    Nothing,
    /// The whole document is selected (Ctrl+A).
    SelectedAll,
    /// The document is now this text (send it as an edit).
    Edited(Text),
}

/// A windowed editor's keydown. `scroller` is the scroll container.
pub fn keydown(doc: &mut Doc, e: &KeyboardEvent, el: &HtmlTextAreaElement, scroller: &Element) -> Outcome {
    if !doc.big {
        return Outcome::Nothing;
    }
    let key = e.key();
    let command = e.ctrl_key() || e.meta_key();
    if command && key.eq_ignore_ascii_case("a") {
        e.prevent_default();
        doc.all = true;
        el.select();
        return Outcome::SelectedAll;
    }
    if command && (key == "Home" || key == "End") {
        e.prevent_default();
        let at = if key == "Home" { 0 } else { doc.text.len() };
        doc.select(el, scroller, (at, at));
        return Outcome::Nothing;
    }
    if doc.all && !command && !e.alt_key() {
        let insert = match key.as_str() {
            "Backspace" | "Delete" => Some(""),
            "Enter" => Some("\n"),
            k if k.chars().count() == 1 => Some(k),
            _ => None,
        };
        if let Some(insert) = insert {
            e.prevent_default();
            let insert = insert.to_string();
            doc.reveal = true;
            return Outcome::Edited(doc.replace(0, doc.text.len(), &insert));
        }
    }
    // A key where the selection was left: the window goes back there first (then the browser
    // moves the caret or edits as it would have).
    let modifier = matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta" | "CapsLock");
    let copy = command && key.eq_ignore_ascii_case("c");
    if let (Some(away), false, false) = (doc.away, modifier, copy) {
        doc.select(el, scroller, away);
    }
    Outcome::Nothing
}

/// The event's `clipboardData` (web-sys has no ClipboardEvent here: the crate's features are
/// the lead's).
fn clipboard(e: &Event) -> Option<JsValue> {
    js_sys::Reflect::get(e, &"clipboardData".into()).ok().filter(|d| !d.is_null() && !d.is_undefined())
}

fn call(target: &JsValue, method: &str, args: &[&str]) -> Option<JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    f.apply(target, &args).ok()
}

/// A JS string as a Rust one through the browser's TextEncoder (wasm-bindgen's own conversion
/// copies an ASCII string one character at a time in JS: 0.2 s for 5 MB).
/// The encoder is made once.
pub fn utf8(js: &JsValue) -> Option<String> {
    fn encoder() -> Option<(JsValue, js_sys::Function)> {
        let class: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"TextEncoder".into()).ok()?.dyn_into().ok()?;
        let encoder = js_sys::Reflect::construct(&class, &js_sys::Array::new()).ok()?;
        let encode = js_sys::Reflect::get(&encoder, &"encode".into()).ok()?.dyn_into().ok()?;
        Some((encoder, encode))
    }
    thread_local! {
        static ENCODER: Option<(JsValue, js_sys::Function)> = encoder();
    }
    let bytes: js_sys::Uint8Array = ENCODER.with(|e| e.as_ref().and_then(|(encoder, encode)| encode.call1(encoder, js).ok()))?.dyn_into().ok()?;
    String::from_utf8(bytes.to_vec()).ok()
}

/// The pasted text when the paste should go into the document rather than the textarea (the
/// document is or becomes big); None lets the browser paste.
pub fn paste(doc: &mut Doc, e: &Event, el: &HtmlTextAreaElement) -> Option<Text> {
    let js = call(&clipboard(e)?, "getData", &["text/plain"])?;
    let data = utf8(&js)?;
    let lines = doc.size.lines + memchr::memchr_iter(b'\n', data.as_bytes()).count();
    if !doc.big && !is_big(doc.text.len() + data.len(), Size { lines, longest: 0 }) {
        return None;
    }
    e.prevent_default();
    let (start, end) = if doc.all { (0, doc.text.len()) } else { doc.selection(el) };
    doc.reveal = true;
    Some(doc.replace(start, end, &data))
}

/// Copy or cut of the whole document after Ctrl+A (a windowed textarea would copy its window
/// only). Returns the document after a cut.
pub fn copy(doc: &mut Doc, e: &Event, cut: bool) -> Option<Text> {
    if !(doc.big && doc.all) {
        return None;
    }
    call(&clipboard(e)?, "setData", &["text/plain", &*doc.text])?;
    e.prevent_default();
    cut.then(|| doc.replace(0, doc.text.len(), ""))
}

/// Focuses without scrolling (a windowed textarea is taller than the view: focus would scroll
/// its top into view).
pub fn focus_quiet(el: &HtmlTextAreaElement) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &JsValue::TRUE);
    if let Ok(f) = js_sys::Reflect::get(el, &"focus".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = f.call1(el, &options);
    }
}
