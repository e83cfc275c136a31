//! The app's reducer in a real browser (wasm-bindgen-test, headless Chromium):
//! `cargo test --target wasm32-unknown-unknown -p timestream-playground`.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use timestream_engine::protocol::{Reply, Request, Session};
use timestream_engine::Operation;
use timestream_playground::client::EngineClient;
use timestream_playground::state::{Action, Pasted, Playground, Text};
use timestream_playground::templates::template;
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh() -> Rc<Playground> {
    Rc::new(Playground::new())
}

/// A paste as the editor sends it: recognised for the operation in the picker.
fn paste(s: &Rc<Playground>, text: impl Into<Text>) -> Rc<Playground> {
    s.clone().reduce(Action::Pasted(Pasted::recognise(text.into(), s.operation)))
}

/// What src/app.rs does on Run, against an engine in this thread.
async fn run(s: Rc<Playground>, client: &EngineClient) -> Rc<Playground> {
    let operation = s.operation;
    let Reply::Response(reply) = client.request(Request::Handle { target: operation.target(), body: s.request.to_string() }).await else { panic!() };
    s.reduce(Action::Responded { operation, reply: Rc::new(reply), moved: false })
}

fn client() -> EngineClient {
    EngineClient::local(Session::new(timestream_engine::Engine::default()), yew::Callback::noop())
}

#[wasm_bindgen_test]
fn starts_on_describe_endpoints_without_a_response() {
    let s = fresh();
    assert_eq!(s.operation, Operation::DescribeEndpoints);
    assert_eq!(s.request, "{}");
    assert!(s.response.is_none());
}

#[wasm_bindgen_test]
fn selecting_an_operation_loads_its_template() {
    let s = fresh().reduce(Action::SelectOperation(Operation::CreateTable));
    assert_eq!(s.operation, Operation::CreateTable);
    assert!(s.request.contains("\"DatabaseName\""));
    assert!(s.request.contains("\"TableName\""));
    let s = s.reduce(Action::EditRequest("{\"DatabaseName\": \"x\"}".into()));
    assert_eq!(s.request, "{\"DatabaseName\": \"x\"}");
    let s = s.reduce(Action::ResetRequest);
    assert!(s.request.contains("\"TableName\""));
}

#[wasm_bindgen_test]
fn each_operation_keeps_its_draft_and_a_reset_can_be_undone() {
    let edited = "{\"DatabaseName\": \"mine\"}".to_string();
    let s = fresh().reduce(Action::SelectOperation(Operation::CreateDatabase)).reduce(Action::EditRequest(edited.as_str().into()));
    // Away and back: the edited text comes back; the other operation got its template.
    let away = s.reduce(Action::SelectOperation(Operation::ListTables));
    assert_eq!(away.request, template(Operation::ListTables, js_sys::Date::now() as i64));
    assert_eq!(away.drafts.get(&Operation::CreateDatabase), Some(&edited));
    let back = away.reduce(Action::SelectOperation(Operation::CreateDatabase));
    assert_eq!(back.request, edited);
    // An untouched template is not kept as a draft.
    assert!(!back.drafts.contains_key(&Operation::ListTables));
    // Reset puts the template back; Undo brings the text back; an edit forgets the undo.
    let reset = back.reduce(Action::ResetRequest);
    assert_ne!(reset.request, edited);
    assert_eq!(reset.undo.as_ref().map(|u| u.to_string()), Some(edited.clone()));
    assert_eq!(reset.clone().reduce(Action::UndoReset).request, edited);
    assert!(reset.clone().reduce(Action::EditRequest("{}".into())).undo.is_none());
    // So does a paste (an edit too), recognised or kept as pasted.
    assert!(paste(&reset, "{}").undo.is_none());
    assert!(paste(&reset, "not json").undo.is_none());
    // Resetting the template again keeps the undo; a page that never edited offers none.
    assert_eq!(reset.reduce(Action::ResetRequest).undo.as_ref().map(|u| u.to_string()), Some(edited.clone()));
    assert!(fresh().reduce(Action::ResetRequest).undo.is_none());
}

#[wasm_bindgen_test]
fn browser_clock_dates_the_write_records_template() {
    let now_ms = js_sys::Date::now() as i64;
    let s = fresh().reduce(Action::SelectOperation(Operation::WriteRecords));
    let time: i64 = s.request.split("\"Time\": \"").nth(1).and_then(|r| r.split('"').next()).unwrap().parse().unwrap();
    assert!((time - now_ms).abs() < 60_000, "template time {time} vs now {now_ms}");
}

#[wasm_bindgen_test]
async fn run_answers_with_a_status_and_keeps_the_engine() {
    let client = client();
    let s = run(fresh().reduce(Action::SelectOperation(Operation::CreateDatabase)), &client).await;
    let r = s.response.as_ref().expect("a response after Run");
    assert_eq!(r.operation, Operation::CreateDatabase);
    assert_eq!(r.status, 200);
    assert!(!r.request_id.is_empty());
    let Reply::Tables { databases, .. } = client.request(Request::Tables).await else { panic!() };
    assert_eq!(databases, ["sampleDB"], "the engine kept the database");
}

#[wasm_bindgen_test]
async fn malformed_json_is_a_serialization_error() {
    let s = run(fresh().reduce(Action::SelectOperation(Operation::ListDatabases)).reduce(Action::EditRequest("{".into())), &client()).await;
    let r = s.response.as_ref().unwrap();
    assert_eq!(r.status, 400);
    assert_eq!(r.error_type.as_deref(), Some("SerializationException"));
}

#[wasm_bindgen_test]
fn every_operation_has_a_json_object_template() {
    for op in Operation::ALL {
        let t = template(*op, 1_700_000_000_000);
        assert!(t.starts_with('{') && t.ends_with('}'), "{op}: {t}");
    }
}

#[wasm_bindgen_test]
fn a_pasted_request_of_another_operation_switches_the_picker() {
    let s = paste(&fresh(), r#"{"DatabaseName":"db","TableName":"t","Records":[]}"#);
    assert_eq!(s.operation, Operation::WriteRecords);
    assert_eq!(s.request, r#"{"DatabaseName":"db","TableName":"t","Records":[]}"#);
    // An HTTP request as an SDK sends it: the target names the operation, the body is kept.
    let http = "POST / HTTP/1.1\nX-Amz-Target: Timestream_20181101.DescribeTable\n\n{\"DatabaseName\":\"db\",\"TableName\":\"t\"}";
    let s = paste(&s, http);
    assert_eq!(s.operation, Operation::DescribeTable);
    assert!(s.request.starts_with("{\n  \"DatabaseName\": \"db\""));
    // Text that fits nothing stays as typed, for the current operation; typing never switches.
    let s = paste(&s, "{\"Oops\": ");
    assert_eq!((s.operation, &*s.request), (Operation::DescribeTable, "{\"Oops\": "));
    let s = s.reduce(Action::EditRequest(r#"{"DatabaseName":"db"}"#.into()));
    assert_eq!(s.operation, Operation::DescribeTable);
}

#[wasm_bindgen_test]
fn a_paste_recognised_ahead_is_recognised_again_when_the_operation_moved_meanwhile() {
    // DescribeDatabase and DeleteDatabase take the same members: the current operation wins.
    let text: Text = r#"{"DatabaseName":"db"}"#.into();
    let ahead = Pasted::recognise(text.clone(), Operation::DeleteDatabase);
    let at = |op| fresh().reduce(Action::SelectOperation(op));
    let s = at(Operation::DeleteDatabase).reduce(Action::Pasted(ahead.clone()));
    assert_eq!(s.operation, Operation::DeleteDatabase);
    assert!(s.request.same(&text), "the pasted text itself is kept, not a copy");
    // The picker moved to DescribeDatabase between the recognition and the render.
    let s = at(Operation::DescribeDatabase).reduce(Action::Pasted(ahead));
    assert_eq!(s.operation, Operation::DescribeDatabase);
    assert_eq!(s.request, r#"{"DatabaseName":"db"}"#);
}

#[wasm_bindgen_test]
fn a_minified_paste_is_laid_out_in_a_step_of_its_own_or_by_the_reducer() {
    let records: Vec<String> = (0..80).map(|i| format!(r#"{{"MeasureName":"cpu","MeasureValue":"{i}.5","Time":"1704067200000"}}"#)).collect();
    let text: Text = format!(r#"{{"DatabaseName":"db","TableName":"t","Records":[{}]}}"#, records.join(",")).into();
    let whole = paste(&fresh(), text.clone());
    assert!(whole.request.lines().count() > 80 && whole.paste_note.is_some(), "laid out, with its note");
    // The editor's steps: read, then laid out.
    let mut stepped = Pasted::unlaid(text.clone(), fresh().operation);
    assert!(stepped.unlaid_body());
    stepped.lay_out();
    assert!(!stepped.unlaid_body());
    assert_eq!(fresh().reduce(Action::Pasted(stepped)).request, whole.request);
    // A paste that reaches the reducer before its layout is laid out there.
    let early = fresh().reduce(Action::Pasted(Pasted::unlaid(text, fresh().operation)));
    assert_eq!((early.operation, &early.request), (whole.operation, &whole.request));
}
