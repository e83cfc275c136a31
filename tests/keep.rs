//! Keep and share in a real browser (wasm-bindgen-test, headless Chromium): the session
//! document, its versioning, autosave's set-aside of an unreadable state, share-link encoding.
//! `cargo test --target wasm32-unknown-unknown --test keep`
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use std::cell::RefCell;
use timestream_engine::Operation;
use timestream_playground::persist::{self, Session, SESSION_KEY};
use timestream_playground::share;

use timestream_engine::protocol::{Reply, Request};
use timestream_playground::client::EngineClient;
use timestream_playground::state::{Action, Playground, Tab};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh() -> Playground {
    Playground::new()
}

fn client() -> EngineClient {
    EngineClient::local(timestream_engine::protocol::Session::new(timestream_engine::Engine::default()), yew::Callback::noop())
}

/// The engine's snapshot for a session document (None when empty).
async fn snapshot(client: &EngineClient) -> Option<String> {
    let Reply::Snapshot { snapshot, empty } = client.request(Request::ExportSnapshot { max_bytes: None }).await else { panic!() };
    (!empty).then_some(snapshot)
}

async fn restore(client: &EngineClient, doc: &str) -> Result<Action, String> {
    let slot = Rc::new(RefCell::new(None));
    let answer = slot.clone();
    persist::restore(client, doc, move |r| *answer.borrow_mut() = Some(r));
    loop {
        if let Some(r) = slot.borrow_mut().take() {
            return r;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(1)).await;
    }
}

async fn databases(client: &EngineClient) -> Vec<String> {
    let Reply::Tables { databases, .. } = client.request(Request::Tables).await else { panic!() };
    databases
}

fn storage() -> web_sys::Storage {
    persist::storage().expect("localStorage in the test page")
}

/// Clears the session key and every set-aside copy of it.
fn clear() {
    let s = storage();
    let keys: Vec<String> = (0..s.length().unwrap()).filter_map(|i| s.key(i).ok().flatten()).collect();
    for k in keys.iter().filter(|k| k.starts_with(SESSION_KEY)) {
        s.remove_item(k).unwrap();
    }
}

fn set_aside_keys() -> Vec<String> {
    let s = storage();
    (0..s.length().unwrap()).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(&format!("{SESSION_KEY}.corrupt-"))).collect()
}

/// A page and its engine after CreateDatabase `name` was run.
async fn with_database(name: &str) -> (Rc<Playground>, EngineClient) {
    let client = client();
    let body = format!("{{\"DatabaseName\": \"{name}\"}}");
    let s = Rc::new(fresh()).reduce(Action::SelectOperation(Operation::CreateDatabase)).reduce(Action::EditRequest(body.as_str().into()));
    let Reply::Response(reply) = client.request(Request::Handle { target: Operation::CreateDatabase.target(), body }).await else { panic!() };
    let s = s.reduce(Action::Responded { operation: Operation::CreateDatabase, reply: Rc::new(reply), moved: false });
    assert_eq!(s.response.as_ref().unwrap().status, 200);
    (s, client)
}

#[wasm_bindgen_test]
fn a_default_session_is_only_its_kind_and_version() {
    let doc = Session::of(&fresh(), None).to_json(persist::now_ms());
    assert_eq!(doc, r#"{"kind":"timestream-playground/session","version":1}"#);
    let back = Session::parse(&doc, persist::now_ms()).unwrap();
    assert_eq!(back.operation, Playground::DEFAULT_OPERATION);
    assert_eq!(back.request, "{}");
    assert_eq!(back.tab, Tab::Response);
    assert_eq!(back.engine, None);
}

#[wasm_bindgen_test]
async fn a_session_round_trips_through_its_document() {
    let (s, client) = with_database("roundTrip").await;
    let s = s.reduce(Action::EditRequest("{\"DatabaseName\": \"roundTrip\", \"x\": \"é\\n\"}".into())).reduce(Action::ShowTab(Tab::Clock));
    let doc = Session::of(&s, snapshot(&client).await).to_json(persist::now_ms());
    let other = self::client();
    let load = restore(&other, &doc).await.unwrap();
    assert_eq!(load, Action::Load { operation: Operation::CreateDatabase, request: s.request.to_string(), tab: Tab::Clock, drafts: Default::default() });
    assert_eq!(databases(&other).await, ["roundTrip"]);
    // Loading it into a page: the editor and tab follow, the old response goes.
    let page = s.reduce(load);
    assert_eq!((page.operation, page.tab, page.response.clone()), (Operation::CreateDatabase, Tab::Clock, None));
    // A session without an engine empties the engine it is loaded into.
    restore(&other, r#"{"kind":"timestream-playground/session","version":1}"#).await.unwrap();
    assert!(databases(&other).await.is_empty());
}

#[wasm_bindgen_test]
fn drafts_round_trip_through_the_document() {
    let s = Rc::new(fresh()).reduce(Action::SelectOperation(Operation::ListTables)).reduce(Action::EditRequest("{\"DatabaseName\": \"d\"}".into()));
    let s = s.reduce(Action::SelectOperation(Operation::CreateDatabase));
    let doc = Session::of(&s, None).to_json(persist::now_ms());
    assert!(doc.contains(r#""drafts":{"ListTables":"#), "{doc}");
    let back = Session::parse(&doc, persist::now_ms()).unwrap();
    assert_eq!(back.drafts, *s.drafts);
    let page = Rc::new(fresh()).reduce(back.load()).reduce(Action::SelectOperation(Operation::ListTables));
    assert_eq!(page.request, "{\"DatabaseName\": \"d\"}");
    let bad = doc.replace("ListTables", "DropTables");
    assert!(Session::parse(&bad, persist::now_ms()).unwrap_err().contains("DropTables"));
}

/// Autosave's document is written by the browser (`JSON.stringify`, `Session::to_js`); it is the
/// document `to_json` writes (export, share), character for character.
#[wasm_bindgen_test]
fn the_browser_writes_the_same_document() {
    let every_ascii: String = (0u8..0x80).map(char::from).collect();
    let odd = format!("é\u{2028}😀\"{every_ascii}\\ \u{7f}");
    let s = Rc::new(fresh()).reduce(Action::SelectOperation(Operation::ListTables)).reduce(Action::EditRequest(odd.as_str().into()));
    let s = s
        .reduce(Action::SelectOperation(Operation::WriteRecords))
        .reduce(Action::EditRequest(format!("{odd}{odd}").into()))
        .reduce(Action::ShowTab(Tab::Clock));
    let now = persist::now_ms();
    for engine in [None, Some(r#"{"kind":"x","n":[1]}"#.to_string())] {
        let session = Session::of(&s, engine);
        let (rust, browser) = (session.to_json(now), String::from(session.to_js(now)));
        assert_eq!(browser, rust);
        // Written in steps (autosave's), cut inside two- and four-byte characters too.
        for step in [1, 2, 3, 7, 64] {
            assert_eq!(String::from(session.to_js_in_steps(now, step)), rust, "steps of {step} bytes");
        }
        assert_eq!(Session::parse(&browser, now), Ok(session));
    }
    // Saved, it is what the next visit reads.
    persist::save(&Session::of(&s, None)).unwrap();
    let saved = storage().get_item(SESSION_KEY).unwrap().unwrap();
    assert_eq!(Session::parse(&saved, now).unwrap().request, s.request.to_string());
    clear();
}

/// Autosave writes a big request a step per task; the document saved is the whole one, and a
/// save started meanwhile stops the one before it.
#[wasm_bindgen_test]
async fn a_save_in_steps_stores_the_whole_document_and_a_later_one_wins() {
    clear();
    let big = format!("{{\"DatabaseName\": \"db\", \"x\": \"{}\"}}", "é\\\"".repeat(600_000));
    let s = Rc::new(fresh()).reduce(Action::SelectOperation(Operation::WriteRecords));
    let (first, second) = (s.clone().reduce(Action::EditRequest("{}".into())), s.reduce(Action::EditRequest(big.as_str().into())));
    let slot = Rc::new(RefCell::new(None));
    let outcomes = Rc::new(RefCell::new(Vec::new()));
    let done = js_sys::Promise::new(&mut |resolve, _| {
        let o = outcomes.clone();
        persist::save_in_steps(Session::of(&first, None), slot.clone(), move |r| o.borrow_mut().push(("first", r)));
        let o = outcomes.clone();
        persist::save_in_steps(Session::of(&second, None), slot.clone(), move |r| {
            o.borrow_mut().push(("second", r));
            resolve.call0(&wasm_bindgen::JsValue::NULL).unwrap();
        });
    });
    wasm_bindgen_futures::JsFuture::from(done).await.unwrap();
    assert_eq!(*outcomes.borrow(), vec![("second", Ok(()))], "the first save stopped, the second stored");
    let saved = storage().get_item(SESSION_KEY).unwrap().unwrap();
    assert_eq!(saved, Session::of(&second, None).to_json(persist::now_ms()));
    assert!(slot.borrow().is_none());
    clear();
}

#[wasm_bindgen_test]
fn a_set_aside_copy_replaces_the_last_and_a_large_one_is_not_kept() {
    let s = storage();
    let key = "tsw-test/aside";
    persist::set_aside(&s, key, "one").unwrap();
    let second = persist::set_aside(&s, key, "two").unwrap();
    let kept: Vec<String> = (0..s.length().unwrap()).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(&format!("{key}.corrupt-"))).collect();
    assert_eq!(kept, std::slice::from_ref(&second));
    assert_eq!(persist::set_aside(&s, key, &"x".repeat(persist::MAX_SET_ASIDE + 1)), None);
    assert_eq!(s.get_item(&second).unwrap(), None, "the older copy is gone too");
}

#[wasm_bindgen_test]
async fn foreign_and_future_documents_are_refused_and_change_nothing() {
    let (_, client) = with_database("untouched").await;
    let cases = [
        ("{", "not a session document"),
        ("[]", "not a session document"),
        (r#"{"kind":"timestream-playground/snapshot","version":1}"#, "expected \"kind\""),
        (r#"{"kind":"timestream-playground/session","version":2}"#, "session version 2 is not supported"),
        (r#"{"kind":"timestream-playground/session"}"#, "no version"),
        (r#"{"kind":"timestream-playground/session","version":1,"operation":"Nope"}"#, "unknown operation \"Nope\""),
        (r#"{"kind":"timestream-playground/session","version":1,"tab":"Nope"}"#, "unknown tab \"Nope\""),
        (
            r#"{"kind":"timestream-playground/session","version":1,"engine":{"kind":"timestream-playground/snapshot","version":7}}"#,
            "unsupported snapshot version 7",
        ),
    ];
    for (doc, reason) in cases {
        let err = restore(&client, doc).await.unwrap_err();
        assert!(err.contains(reason), "{doc}: {err}");
        assert_eq!(databases(&client).await, ["untouched"], "{doc} changed the engine");
    }
}

#[wasm_bindgen_test]
async fn the_saved_session_is_restored_on_load() {
    clear();
    let (s, client) = with_database("saved").await;
    let s = s.reduce(Action::EditRequest("kept text".into()));
    persist::save(&Session::of(&s, snapshot(&client).await)).unwrap();
    let (page, saved, message) = persist::load_saved(fresh());
    assert_eq!(message, None);
    assert_eq!(page.request, "kept text");
    assert_eq!(page.operation, Operation::CreateDatabase);
    // Its engine goes to the worker when the app starts.
    let other = self::client();
    assert_eq!(other.request(persist::engine_request(&saved.unwrap().0)).await, Reply::Done);
    assert_eq!(databases(&other).await, ["saved"]);
    assert!(set_aside_keys().is_empty());
    clear();
}

#[wasm_bindgen_test]
async fn an_unreadable_saved_session_is_set_aside_and_the_page_starts_fresh() {
    // A session whose engine the worker refuses is set aside when the refusal comes (src/app.rs).
    let bad_engine = r#"{"kind":"timestream-playground/session","version":1,"engine":{}}"#;
    clear();
    storage().set_item(SESSION_KEY, bad_engine).unwrap();
    let (_, saved, message) = persist::load_saved(fresh());
    assert_eq!(message, None);
    let Reply::Error { message } = client().request(persist::engine_request(&saved.unwrap().0)).await else { panic!("refused") };
    let shown = persist::refused(&storage(), bad_engine, &message);
    assert_eq!(set_aside_keys().len(), 1);
    assert!(shown.contains("started fresh"), "{shown}");
    for garbage in ["{not json", r#"{"kind":"timestream-playground/session","version":99}"#] {
        clear();
        storage().set_item(SESSION_KEY, garbage).unwrap();
        let (page, saved, message) = persist::load_saved(fresh());
        let message = message.expect("a message");
        assert_eq!(page.operation, Playground::DEFAULT_OPERATION);
        assert!(saved.is_none());
        let aside = set_aside_keys();
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert_eq!(storage().get_item(&aside[0]).unwrap().as_deref(), Some(garbage));
        assert_eq!(storage().get_item(SESSION_KEY).unwrap(), None);
        assert!(message.contains(&aside[0]) && message.contains("started fresh"), "{message}");
    }
    clear();
    // Nothing saved: a fresh page and no message.
    let (page, saved, message) = persist::load_saved(fresh());
    assert_eq!((page.operation, message, saved.is_none()), (Playground::DEFAULT_OPERATION, None, true));
}

#[wasm_bindgen_test]
async fn share_links_round_trip_through_deflate_raw() {
    let (s, client) = with_database("linked").await;
    let doc = Session::of(&s, snapshot(&client).await).to_json(persist::now_ms());
    let fragment = share::encode(&doc).await.unwrap();
    let payload = fragment.strip_prefix(share::FRAGMENT_PREFIX).unwrap();
    assert!(payload.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{payload}");
    assert!(payload.len() < doc.len(), "compressed: {} < {}", payload.len(), doc.len());
    assert_eq!(share::decode(payload).await.unwrap(), doc);

    let empty = share::encode(&Session::of(&fresh(), None).to_json(persist::now_ms())).await.unwrap();
    assert!(empty.len() < 12, "a default session is tiny: {empty}");

    assert!(share::decode("not base64 !").await.unwrap_err().contains("base64url"));
    assert!(share::decode("AAAA-not-deflate").await.unwrap_err().contains("damaged"));
}

/// A notice about a session that could not be read names where it was kept, or else begins
/// its last sentence with a capital (the page's own words, upper-cased as ASCII).
#[wasm_bindgen_test]
fn set_aside_messages_read_as_sentences() {
    let kept = persist::set_aside_message("The saved session", "bad JSON", Some("key-1"), "the playground started fresh");
    assert_eq!(
        kept,
        "The saved session could not be restored: bad JSON. It was kept in this browser's localStorage under \"key-1\", and the playground started fresh."
    );
    let lost = persist::set_aside_message("The saved session", "bad JSON", None, "the playground started fresh");
    assert_eq!(lost, "The saved session could not be restored: bad JSON. The playground started fresh.");
    assert_eq!(persist::set_aside_message("X", "r", None, ""), "X could not be restored: r. .");
}

/// A session document and a share link written by the build of commit 6ac3939 (2026-12-03, the
/// last before the engine moved into a Web Worker): its engine is engine/tests/compat's snapshot
/// (engine/tests/compat.rs checks what it holds), its editor a WriteRecords request, its tab
/// the Inspector. Saved, exported or linked by that build, it opens in this one.
const OLD_SESSION: &str = include_str!("compat/session-6ac3939.json");
const OLD_LINK: &str = include_str!("compat/link-6ac3939.txt");

async fn opens_as_that_build_saved_it(doc: &str) {
    let client = client();
    let Action::Load { operation, request, tab, drafts } = restore(&client, doc).await.expect("it loads") else { panic!("a Load") };
    assert_eq!((operation, tab), (Operation::WriteRecords, Tab::Inspector));
    assert!(request.starts_with("{\n  \"DatabaseName\": \"fleet\",\n  \"TableName\": \"cpu\""), "{request}");
    assert!(drafts.is_empty(), "that build had no drafts");
    assert_eq!(databases(&client).await, ["archive", "fleet"]);
    let exported = snapshot(&client).await.expect("an engine with state");
    assert!(doc.contains(&exported), "the engine is written out as that build wrote it");
}

#[wasm_bindgen_test]
async fn an_earlier_builds_saved_session_and_share_link_open() {
    // Imported (or opened from storage by the app, which restores through the same function).
    opens_as_that_build_saved_it(OLD_SESSION).await;
    // Autosaved: the page's part comes back from localStorage at once, the engine's goes to the worker.
    clear();
    storage().set_item(SESSION_KEY, OLD_SESSION).unwrap();
    let (page, saved, message) = persist::load_saved(fresh());
    assert_eq!(message, None);
    assert_eq!((page.operation, page.tab), (Operation::WriteRecords, Tab::Inspector));
    let other = client();
    assert_eq!(other.request(persist::engine_request(&saved.expect("a saved session").0)).await, Reply::Done);
    assert_eq!(databases(&other).await, ["archive", "fleet"]);
    clear();
    // Linked: `#s=` and the deflate-raw of the document without its kind and version.
    let doc = share::decode(OLD_LINK.trim()).await.expect("the link decodes");
    assert_eq!(doc, OLD_SESSION);
    opens_as_that_build_saved_it(&doc).await;
}
