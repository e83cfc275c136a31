//! What the editor does itself when the document is windowed (doc.rs): select-all of the whole
//! document and what follows it (copy, cut, typing, deleting), Ctrl+Home/End to the document's
//! ends, a key pressed while the selection is outside the window (the window goes back to it
//! first), and a paste that makes or keeps the document big (spliced into the document instead
//! of into the textarea: Chromium takes seconds to insert megabytes into a textarea).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::doc::Doc;
use super::window::{is_big, Size, BIG_BYTES, SPAN};
use crate::state::Text;
use timestream_engine::recognise::LONGEST_KEPT;

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
pub fn utf8(js: &JsValue) -> Option<String> {
    String::from_utf8(encode(js)?.to_vec()).ok()
}

/// A JS string's UTF-8 bytes (in the browser's memory). The encoder is made once.
fn encode(js: &JsValue) -> Option<js_sys::Uint8Array> {
    fn encoder() -> Option<(JsValue, js_sys::Function)> {
        let class: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"TextEncoder".into()).ok()?.dyn_into().ok()?;
        let encoder = js_sys::Reflect::construct(&class, &js_sys::Array::new()).ok()?;
        let encode = js_sys::Reflect::get(&encoder, &"encode".into()).ok()?.dyn_into().ok()?;
        Some((encoder, encode))
    }
    thread_local! {
        static ENCODER: Option<(JsValue, js_sys::Function)> = encoder();
    }
    ENCODER.with(|e| e.as_ref().and_then(|(encoder, encode)| encode.call1(encoder, js).ok()))?.dyn_into().ok()
}

/// What a paste becomes.
pub enum Paste {
    /// The browser pastes into the textarea (the document is and stays small).
    Browser,
    /// Spliced into the document already: the document after it.
    Spliced(Text),
    /// A big text to splice into the document in later tasks (`Pasting::step`): the event's
    /// task has paid for taking it from the clipboard (35–50 ms for 5 MB), and turning it into
    /// UTF-8 and into the document is as much again.
    Later(Pasting),
}

/// A big paste on its way into the document: its text (a JS string), read into UTF-8 a
/// `CHUNK` of UTF-16 units at a time, to go at `start..end`.
pub struct Pasting {
    data: js_sys::JsString,
    read: u32,
    bytes: Vec<u8>,
    start: usize,
    end: usize,
}

/// UTF-16 units read into UTF-8 in one task: about 10 ms.
const CHUNK: u32 = 1 << 20;

impl Pasting {
    /// `data` (a JS string) to go at `start..end` of the document; `None` if it is not a string.
    pub fn of(data: JsValue, start: usize, end: usize) -> Option<Pasting> {
        let data: js_sys::JsString = data.dyn_into().ok()?;
        let units = data.length() as usize;
        Some(Pasting { data, read: 0, bytes: Vec::with_capacity(units), start, end })
    }

    /// One task's work: the next chunk read, or (all read) the text spliced into the document,
    /// which is then returned. Err is what is left to do.
    pub fn step(mut self, doc: &mut Doc) -> Result<Option<Text>, Self> {
        let len = self.data.length();
        if self.read < len {
            let mut to = len.min(self.read + CHUNK);
            // Not between the two halves of a surrogate pair.
            if to < len && (0xD800..0xDC00).contains(&(self.data.char_code_at(to - 1) as u32)) {
                to -= 1;
            }
            let Some(chunk) = encode(&self.data.substring(self.read, to)) else { return Ok(None) };
            let at = self.bytes.len();
            self.bytes.resize(at + chunk.length() as usize, 0);
            chunk.copy_to(&mut self.bytes[at..]);
            self.read = to;
            return Err(self);
        }
        let data = String::from_utf8(self.bytes).ok();
        doc.reveal = true;
        Ok(data.map(|d| doc.replace(self.start, self.end, &d)))
    }
}

/// Where a paste goes: into the document when it is or becomes big, else the browser's.
pub fn paste(doc: &mut Doc, e: &Event, el: &HtmlTextAreaElement) -> Paste {
    let Some(js) = clipboard(e).and_then(|c| call(&c, "getData", &["text/plain"])) else { return Paste::Browser };
    let units = js.dyn_ref::<js_sys::JsString>().map_or(0, |s| s.length() as usize);
    if units <= BIG_BYTES {
        // Small enough to measure exactly at once.
        let Some(data) = utf8(&js) else { return Paste::Browser };
        let lines = doc.size.lines + memchr::memchr_iter(b'\n', data.as_bytes()).count();
        if !doc.big && !is_big(doc.text.len() + data.len(), Size { lines, longest: 0 }) {
            return Paste::Browser;
        }
        e.prevent_default();
        let (start, end) = target(doc, el);
        doc.reveal = true;
        return Paste::Spliced(doc.replace(start, end, &data));
    }
    // More UTF-16 units than `BIG_BYTES` is more bytes than that in UTF-8: big when there are
    // more than `SPAN` lines, counted in the browser's string (no copy) up to one more.
    let breaks = newlines(&js, SPAN + 1);
    let lines = doc.size.lines + breaks;
    // Long lines (minified JSON) too: the browser's own paste would lay out the whole line in
    // the textarea first (1.7 s for one line of 5 MB), and the recogniser lays a JSON request out
    // over lines. More than `LONGEST_KEPT` units a line on average: at least one is that long.
    let long_lines = units / (breaks + 1) > LONGEST_KEPT;
    if !doc.big && !long_lines && !is_big(doc.text.len() + units, Size { lines, longest: 0 }) {
        return Paste::Browser;
    }
    let (start, end) = target(doc, el);
    let Some(pasting) = Pasting::of(js, start, end) else { return Paste::Browser };
    e.prevent_default();
    Paste::Later(pasting)
}

/// The text of an input that made the textarea much bigger at once, taken out of it (it gets
/// back what it held until the text is in) to replace what it held (the window of a big
/// document, else the whole) as a paste does.
pub fn taken(doc: &Doc, el: &HtmlTextAreaElement) -> Option<Pasting> {
    let value = js_sys::Reflect::get(el, &"value".into()).ok()?;
    let pasting = Pasting::of(value, doc.win.start, doc.win.end)?;
    el.set_value(doc.shown());
    Some(pasting)
}

/// The first file a drop carries, if any.
pub fn dropped_file(e: &DragEvent) -> Option<web_sys::File> {
    e.data_transfer()?.files()?.get(0)
}

/// What a paste replaces: the whole document after Ctrl+A, else the selection.
fn target(doc: &Doc, el: &HtmlTextAreaElement) -> (usize, usize) {
    if doc.all {
        (0, doc.text.len())
    } else {
        doc.selection(el)
    }
}

/// The line breaks in a JS string, counted up to `most`.
fn newlines(js: &JsValue, most: usize) -> usize {
    let Some(s) = js.dyn_ref::<js_sys::JsString>() else { return 0 };
    let (mut n, mut from) = (0, 0);
    while n < most {
        let at = s.index_of("\n", from);
        if at < 0 {
            break;
        }
        n += 1;
        from = at + 1;
    }
    n
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
