//! The session document (engine snapshot, operation, editor text, tab) and where it is kept:
//! localStorage for autosave, a file for export/import, the URL fragment for share links
//! (src/share.rs). One format for all three, with defaults left out.
//!
//! A document that cannot be read (bad JSON, another kind, another version, an engine snapshot
//! the engine refuses) is never half-loaded: `Session::parse` and `restore` check everything before
//! anything changes, and `load_saved` moves an unreadable saved text aside under another key.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use serde::de::IgnoredAny;
use timestream_engine::protocol::{Reply, Request};
use timestream_engine::validate_span::member_span;
use timestream_engine::Operation;
use wasm_bindgen::prelude::*;
use web_sys::Storage;
use yew::Reducible;

use crate::client::EngineClient;
use crate::state::{Action, Playground, Tab};
use crate::templates::template;

/// Identifies session documents (a foreign JSON file is refused, not half-loaded).
pub const SESSION_KIND: &str = "timestream-playground/session";
/// Bumped when the document changes shape; other versions are set aside with a message.
pub const SESSION_VERSION: u32 = 1;
/// The localStorage key of the autosaved session.
pub const SESSION_KEY: &str = "tsw-playground/session";

/// What a session holds. `engine` is the engine's own snapshot document, `None` for an engine
/// with nothing in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub operation: Operation,
    pub request: String,
    pub tab: Tab,
    /// The edited texts of the other operations (`Playground::drafts`).
    pub drafts: BTreeMap<Operation, String>,
    pub engine: Option<String>,
}

/// A piece of a session document.
enum Piece<'a> {
    /// JSON, written as it is.
    Raw(Cow<'a, str>),
    /// A text, written as a JSON string.
    Text(&'a str),
}

impl Session {
    /// The session of the page as it is; `now_ms` decides whether the editor still holds its
    /// operation's template (then it is left out).
    /// The page's session with `engine`, the worker's snapshot (None when the engine is empty).
    pub fn of(state: &Playground, engine: Option<String>) -> Self {
        Session { operation: state.operation, request: state.request.to_string(), tab: state.tab, drafts: (*state.drafts).clone(), engine }
    }

    /// The action that loads this session's page state (its engine goes to the worker apart).
    pub fn load(&self) -> Action {
        Action::Load { operation: self.operation, request: self.request.clone(), tab: self.tab, drafts: self.drafts.clone() }
    }

    /// The document, compact, with defaults left out: the default operation, its template as the
    /// editor text, the Response tab, an empty engine.
    pub fn to_json(&self, now_ms: i64) -> String {
        let pieces = self.pieces(now_ms);
        let written: Vec<String> = pieces
            .iter()
            .map(|p| match p {
                Piece::Raw(raw) => raw.to_string(),
                Piece::Text(text) => timestream_engine::json_text(text),
            })
            .collect();
        written.concat()
    }

    /// [`Session::to_json`] as a JS string (for localStorage): the browser's `JSON.stringify`
    /// quotes the texts and the document never comes back into the page's wasm. Quoting a 5 MB
    /// request in the page's wasm took 40–50 ms of one task (a quote every few bytes, run by
    /// V8's baseline compiler), the browser's own a few.
    pub fn to_js(&self, now_ms: i64) -> js_sys::JsString {
        self.to_js_in_steps(now_ms, usize::MAX)
    }

    /// [`Session::to_js`] written `step` bytes of texts at a time, as [`save_in_steps`] does
    /// (a test compares the two).
    pub fn to_js_in_steps(&self, now_ms: i64, step: usize) -> js_sys::JsString {
        let mut writer = Writer::new(now_ms);
        while !writer.step(self, step) {}
        writer.document()
    }

    /// The document in pieces: JSON as it is, and the texts to quote.
    fn pieces(&self, now_ms: i64) -> Vec<Piece<'_>> {
        let mut out = vec![Piece::Raw(format!("{{\"kind\":\"{SESSION_KIND}\",\"version\":{SESSION_VERSION}").into())];
        if self.operation != Playground::DEFAULT_OPERATION {
            out.extend([Piece::Raw(",\"operation\":".into()), Piece::Text(self.operation.name())]);
        }
        if self.request != template(self.operation, now_ms) {
            out.extend([Piece::Raw(",\"request\":".into()), Piece::Text(&self.request)]);
        }
        if self.tab != Tab::Response {
            out.extend([Piece::Raw(",\"tab\":".into()), Piece::Text(self.tab.label())]);
        }
        if !self.drafts.is_empty() {
            // In the order of the names, as serde_json writes a map.
            let drafts: BTreeMap<&str, &String> = self.drafts.iter().map(|(op, text)| (op.name(), text)).collect();
            out.push(Piece::Raw(",\"drafts\":".into()));
            for (i, (name, text)) in drafts.into_iter().enumerate() {
                out.extend([Piece::Raw(if i == 0 { "{" } else { "," }.into()), Piece::Text(name), Piece::Raw(":".into()), Piece::Text(text)]);
            }
            out.push(Piece::Raw("}".into()));
        }
        if let Some(engine) = &self.engine {
            out.extend([Piece::Raw(",\"engine\":".into()), Piece::Raw(engine.as_str().into())]);
        }
        out.push(Piece::Raw("}".into()));
        out
    }

    /// Reads a document; every member is checked (the engine snapshot's own kind and version are
    /// checked by `Engine::restore` in `restore`). `now_ms` dates a left-out template.
    pub fn parse(text: &str, now_ms: i64) -> Result<Session, String> {
        // Read as a JSON value without its engine: a snapshot may be megabytes, it is checked as
        // JSON and taken as it stands (`member_span`), not built into a value in the page. The
        // rest, with `null` in its place, is read as a value; together the two check the whole
        // text. (A reader of its own, derived, was 1 KB more of the wasm.)
        let not_a_session = |e: serde_json::Error| format!("not a session document ({e})");
        // (The span comes from a scan of a text not yet checked: taken with `get`, never sliced.)
        let engine_at = member_span(text.as_bytes(), "engine").filter(|r| text.get(r.clone()).is_some_and(|e| e != "null"));
        let doc: serde_json::Value = match &engine_at {
            Some(r) => {
                serde_json::from_slice::<IgnoredAny>(&text.as_bytes()[r.clone()]).map_err(not_a_session)?;
                serde_json::from_slice([&text.as_bytes()[..r.start], b"null", &text.as_bytes()[r.end..]].concat().as_slice())
            }
            None => serde_json::from_slice(text.as_bytes()),
        }
        .map_err(not_a_session)?;
        let serde_json::Value::Object(mut doc) = doc else { return Err("not a session document (not a JSON object)".into()) };
        if doc.get("kind").and_then(serde_json::Value::as_str) != Some(SESSION_KIND) {
            return Err(format!("not a session document (expected \"kind\": \"{SESSION_KIND}\")"));
        }
        match doc.get("version") {
            Some(v) if v.as_u64() == Some(SESSION_VERSION.into()) => {}
            Some(v) => {
                return Err(format!("session version {} is not supported (this build reads version {SESSION_VERSION})", timestream_engine::json_text(v)))
            }
            None => return Err("the session document has no version".into()),
        }
        let mut text_of = |name: &str| match doc.remove(name) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(format!("not a session document ({name} is not a string)")),
        };
        let (operation, request, tab) = (text_of("operation")?, text_of("request")?, text_of("tab")?);
        let drafts = match doc.remove("drafts") {
            None | Some(serde_json::Value::Null) => BTreeMap::new(),
            Some(serde_json::Value::Object(m)) => m
                .into_iter()
                .map(|(name, text)| match text {
                    serde_json::Value::String(text) => Ok((name, text)),
                    _ => Err(format!("not a session document (the draft of {name} is not a string)")),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err("not a session document (drafts is not an object)".into()),
        };
        let operation = match operation {
            None => Playground::DEFAULT_OPERATION,
            Some(name) => Operation::from_name(&name).ok_or_else(|| format!("unknown operation \"{name}\""))?,
        };
        let tab = match tab {
            None => Tab::Response,
            Some(name) => *Tab::ALL.iter().find(|t| t.label() == name).ok_or_else(|| format!("unknown tab \"{name}\""))?,
        };
        let request = request.unwrap_or_else(|| template(operation, now_ms));
        let drafts = drafts
            .into_iter()
            .map(|(name, text)| Operation::from_name(&name).map(|op| (op, text)).ok_or_else(|| format!("unknown operation \"{name}\" in drafts")))
            .collect::<Result<_, _>>()?;
        let engine = engine_at.and_then(|r| text.get(r)).map(str::to_string);
        Ok(Session { operation, request, tab, drafts, engine })
    }
}

/// The engine's snapshot for a session document (None when the engine is empty), to `then`;
/// with `max_bytes`, a longer one is refused by the worker without being written out.
pub fn snapshot(client: &EngineClient, max_bytes: Option<usize>, then: impl FnOnce(Result<Option<String>, String>) + 'static) {
    client.ask(Request::ExportSnapshot { max_bytes }, move |reply| {
        then(match reply {
            Reply::Snapshot { snapshot, empty } => Ok((!empty).then_some(snapshot)),
            Reply::Error { message } => Err(message),
            _ => Err("the engine answered another request (a bug: please report it)".to_string()),
        })
    });
}

/// The request that puts a session's engine into the worker: its snapshot, or a fresh engine.
pub fn engine_request(session: &Session) -> Request {
    match &session.engine {
        Some(snapshot) => Request::ImportSnapshot { snapshot: snapshot.clone() },
        None => Request::Reset { clock: None },
    }
}

/// Restores a session document: its engine goes to the worker, then `then` gets the action that
/// loads the rest, or why nothing changed.
pub fn restore(client: &EngineClient, text: &str, then: impl FnOnce(Result<Action, String>) + 'static) {
    let session = match Session::parse(text, now_ms()) {
        Ok(s) => s,
        Err(e) => return then(Err(e)),
    };
    client.ask(engine_request(&session), move |reply| {
        then(match reply {
            Reply::Error { message } => Err(format!("the engine state could not be restored: {message}")),
            _ => Ok(session.load()),
        })
    });
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The page's localStorage, if the browser lets it be used (a sandboxed iframe may not).
pub fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Keeps `text` under a new key `<key>.corrupt-<epoch ms>`; returns that key, or `None` if
/// storage refused or the text is too large. Only the latest is kept: older copies under the same key are removed first, and a text over
/// `MAX_SET_ASIDE` bytes is not kept at all (a damaged 200 KB link is not worth the storage).
pub fn set_aside(storage: &Storage, key: &str, text: &str) -> Option<String> {
    let prefix = format!("{key}.corrupt-");
    let old: Vec<String> = (0..storage.length().unwrap_or(0)).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(&prefix)).collect();
    for k in old {
        let _ = storage.remove_item(&k);
    }
    if text.len() > MAX_SET_ASIDE {
        return None;
    }
    let aside = format!("{prefix}{}", now_ms());
    storage.set_item(&aside, text).ok().map(|()| aside)
}

/// The largest text `set_aside` keeps (bytes).
pub const MAX_SET_ASIDE: usize = 16 * 1024;

/// The words of a notice about a session that could not be read: what, why, where it went.
pub fn set_aside_message(what: &str, reason: &str, aside: Option<&str>, then: &str) -> String {
    match aside {
        Some(key) => format!("{what} could not be restored: {reason}. It was kept in this browser's localStorage under \"{key}\", and {then}."),
        None => {
            // The words are the page's own (ASCII): no Unicode case tables in the module for them
            // (1.4 KB of gzip).
            let mut then = then.to_string();
            if let Some(first) = then.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            format!("{what} could not be restored: {reason}. {then}.")
        }
    }
}

/// The autosaved session, if any: the page state it loads now and the session (its engine goes
/// to the worker on start, [`engine_request`]), or the message of a session that could not be
/// read (set aside under another key first).
pub fn load_saved(fresh: Playground) -> (Rc<Playground>, Option<(Session, String)>, Option<String>) {
    let fresh = Rc::new(fresh);
    let Some(storage) = storage() else { return (fresh, None, None) };
    let Some(text) = storage.get_item(SESSION_KEY).ok().flatten() else { return (fresh, None, None) };
    match Session::parse(&text, now_ms()) {
        Ok(session) => (fresh.reduce(session.load()), Some((session, text)), None),
        Err(reason) => (fresh, None, Some(refused(&storage, &text, &reason))),
    }
}

/// Sets a saved session that could not be restored aside and says so.
pub fn refused(storage: &Storage, text: &str, reason: &str) -> String {
    let aside = set_aside(storage, SESSION_KEY, text);
    if aside.is_some() {
        let _ = storage.remove_item(SESSION_KEY);
    }
    set_aside_message("The saved session", reason, aside.as_deref(), "the playground started fresh")
}

/// Writes the session under `SESSION_KEY`; an error names what went wrong (storage full).
/// A session's document written by the browser a step at a time: its pieces so far as JS
/// strings, and where the next step begins (a piece, a byte in its text).
struct Writer {
    now_ms: i64,
    out: js_sys::Array,
    piece: usize,
    at: usize,
}

impl Writer {
    fn new(now_ms: i64) -> Self {
        Writer { now_ms, out: js_sys::Array::new(), piece: 0, at: 0 }
    }

    /// Writes the next `budget` bytes or so of `session`'s texts (and the JSON between them);
    /// whether the document is complete. A text is quoted in parts cut at characters: quoted
    /// apart, then joined, they are what `JSON.stringify` writes of the whole.
    fn step(&mut self, session: &Session, mut budget: usize) -> bool {
        let pieces = session.pieces(self.now_ms);
        while let Some(piece) = pieces.get(self.piece) {
            match piece {
                Piece::Raw(raw) => {
                    self.out.push(&JsValue::from_str(raw));
                }
                Piece::Text(text) => {
                    if budget == 0 {
                        return false;
                    }
                    let mut end = self.at.saturating_add(budget).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    let quoted: js_sys::JsString = js_sys::JSON::stringify(&JsValue::from_str(&text[self.at..end])).unwrap_or_else(|_| "\"\"".into());
                    // The opening quote with the text's first part, the closing one with its last.
                    let (from, to) = (u32::from(self.at > 0), quoted.length() - u32::from(end < text.len()));
                    self.out.push(&quoted.slice(from, to));
                    budget -= (end - self.at).min(budget);
                    if end < text.len() {
                        self.at = end;
                        continue;
                    }
                    self.at = 0;
                }
            }
            self.piece += 1;
        }
        true
    }

    fn document(&self) -> js_sys::JsString {
        self.out.join("")
    }
}

/// Bytes of texts quoted in one task of [`save_in_steps`]: 5–10 ms.
const STEP_BYTES: usize = 1 << 20;

/// [`save`] a step of `STEP_BYTES` per task (a 5 MB request quoted at once took 30–40 ms, and
/// as much again to come out of the page's wasm); `done` gets the outcome. The next step's timer
/// waits in `slot`: a save started meanwhile (or `save` at once) puts its own there, and this
/// one stops.
pub fn save_in_steps(session: Session, slot: Rc<RefCell<Option<Timeout>>>, done: impl FnOnce(Result<(), String>) + 'static) {
    fn next(session: Session, mut writer: Writer, slot: Rc<RefCell<Option<Timeout>>>, done: Box<dyn FnOnce(Result<(), String>)>) {
        let again = slot.clone();
        let timer = Timeout::new(0, move || {
            if writer.step(&session, STEP_BYTES) {
                again.borrow_mut().take();
                done(store(&writer.document()));
            } else {
                next(session, writer, again, done);
            }
        });
        *slot.borrow_mut() = Some(timer);
    }
    next(session, Writer::new(now_ms()), slot, Box::new(done));
}

/// Autosaves `session` at once (its document written by the browser: [`Session::to_js`]).
pub fn save(session: &Session) -> Result<(), String> {
    store(&session.to_js(now_ms()))
}

/// A session document into localStorage.
fn store(document: &js_sys::JsString) -> Result<(), String> {
    let Some(storage) = storage() else { return Ok(()) };
    // `setItem` with the JS string (web-sys's takes a Rust one).
    let set = js_sys::Reflect::get(&storage, &"setItem".into()).and_then(|f| f.dyn_into::<js_sys::Function>());
    set.and_then(|f| f.call2(&storage, &SESSION_KEY.into(), document)).map(drop).map_err(|_| refusal(document.length()))
}

/// Why `setItem` refused a document of `chars` UTF-16 units, as far as the page can tell: a
/// browser keeps about 5 million for a page (Chromium and Firefox: 10 MB of UTF-16), so a big
/// request is too big whatever else is stored.
fn refusal(chars: u32) -> String {
    if chars > 4_500_000 {
        // Millions with one decimal, in integers (no float formatting in the wasm for this).
        let tenths = (chars + 50_000) / 100_000;
        format!(
            "This browser refused to save the session: it is {}.{} million characters, more than a page may keep in the browser's storage (about 5 million). Use Export to keep it.",
            tenths / 10,
            tenths % 10
        )
    } else {
        "This browser refused to save the session (storage full or disabled); use Export to keep it.".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::refusal;
    use timestream_engine::validate_span::member_span;

    fn member_text<'t>(doc: &'t str, name: &str) -> Option<&'t str> {
        member_span(doc.as_bytes(), name).map(|r| &doc[r])
    }

    /// A session document is checked whole: its engine member as JSON (it is not read into a
    /// value), the rest as it is read.
    #[test]
    fn a_session_is_checked_whole() {
        let head = r#"{"kind":"timestream-playground/session","version":1"#;
        let parse = |doc: String| super::Session::parse(&doc, 0);
        let ok = parse(format!(r#"{head},"engine":{{"a":[1,"}}"]}}}}"#)).unwrap();
        assert_eq!(ok.engine.as_deref(), Some(r#"{"a":[1,"}"]}"#));
        assert_eq!(parse(format!(r#"{head},"engine":null}}"#)).unwrap().engine, None);
        // Found by the `session` fuzz target: no ':' after the key, and a character of two bytes
        // where the scan looked for the value.
        let fuzzed = r#"{"kin:d""timestream-playgroundream-playground/session","version":1,"opera":"{\nm-playground/session","verab":"Inspector","drafts":{"ListTables":"{}"},"engine"τݔind":"timestreimestream-3SAq8zJbekekrOengine/snapshot","ve`sion":0}}"#;
        assert!(parse(fuzzed.to_string()).unwrap_err().starts_with("not a session document ("));
        assert_eq!(member_text(r#"{"engine" 1}"#, "engine"), None);
        for bad in [
            format!(r#"{head},"engine":{{"a":[1,}}}}"#),
            format!(r#"{head},"engine":{{"a":1}},}}"#),
            format!(r#"{head},"engine":{{"a":1}}"#),
            format!(r#"{head},"engine":tru}}"#),
        ] {
            assert!(parse(bad.clone()).unwrap_err().starts_with("not a session document ("), "{bad}");
        }
    }

    #[test]
    fn member_text_is_the_member_as_it_stands() {
        let doc = r#"{"a":1,"engine":{"x":[1,{"y":"}]\"{"}],"z":null},"b":2}"#;
        assert_eq!(member_text(doc, "engine"), Some(r#"{"x":[1,{"y":"}]\"{"}],"z":null}"#));
        assert_eq!(member_text(doc, "a"), Some("1"));
        assert_eq!(member_text(doc, "b"), Some("2"));
        assert_eq!(member_text(" {\n \"engine\" :\t[ 1 , 2 ] ,\"z\":1 } ", "engine"), Some("[ 1 , 2 ]"));
        assert_eq!(member_text(r#"{"\u0065ngine":"e\"x","k":true}"#, "engine"), Some(r#""e\"x""#));
        assert_eq!(member_text(r#"{"k":-1.5e3}"#, "k"), Some("-1.5e3"));
        // Top-level members only: not inside a string, not inside another member.
        assert_eq!(member_text(r#"{"request":"{\"engine\":1}","x":{"engine":2}}"#, "engine"), None);
        assert_eq!(member_text("{}", "engine"), None);
        assert_eq!(member_text("[1]", "engine"), None);
    }

    #[test]
    fn a_refusal_names_millions_with_one_decimal() {
        assert!(refusal(4_650_001).contains(" it is 4.7 million characters,"), "{}", refusal(4_650_001));
        assert!(refusal(4_549_999).contains(" it is 4.5 million characters,"));
        assert!(refusal(10_000_000).contains(" it is 10.0 million characters,"));
        assert!(!refusal(100).contains("million"));
    }
}
