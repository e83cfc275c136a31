//! Batch loads through the engine's client, and the batch panel's UI state, in a real browser
//! (wasm-bindgen-test): `cargo test --target wasm32-unknown-unknown -p timestream-playground --test batch`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use timestream_engine::protocol::{Reply, Request, Session};
use timestream_engine::{Engine, Operation, TaskStatus};
use timestream_playground::client::{EngineClient, EngineEvent, LOCAL_SLICE_ROWS};
use timestream_playground::components::batch::{apply, template, ui, UiMsg};
use wasm_bindgen_test::*;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

const NOW_MS: i64 = 1_700_000_000_000;

/// A client on an engine with dbs.tbl and `rows` rows in s3://src/a.csv, and the events it
/// reported; then a task loading them is created and its id returned.
async fn client_with_task(rows: usize) -> (EngineClient, Rc<RefCell<Vec<EngineEvent>>>, String) {
    let events = Rc::new(RefCell::new(Vec::new()));
    let seen = events.clone();
    let client = EngineClient::local(Session::new(Engine::deterministic(NOW_MS * 1_000_000, 3)), Callback::from(move |e| seen.borrow_mut().push(e)));
    let handle = |op: Operation, body: &str| Request::Handle { target: op.target(), body: body.to_string() };
    client.request(handle(Operation::CreateDatabase, r#"{"DatabaseName": "dbs"}"#)).await;
    client.request(handle(Operation::CreateTable, r#"{"DatabaseName": "dbs", "TableName": "tbl"}"#)).await;
    let mut csv = String::from("host,time,cpu\n");
    for i in 0..rows {
        csv.push_str(&format!("h{},{},{}.5\n", i % 7, NOW_MS - 1000 - i as i64, i));
    }
    client.request(Request::PutObject { bucket: "src".into(), key: "a.csv".into(), data: csv.into_bytes() }).await;
    let Reply::DataModel { model } = client.request(Request::SuggestDataModel { bucket: "src".into(), key: "a.csv".into(), csv: None }).await else { panic!() };
    let body = template(Some(("dbs".into(), "tbl".into())), Some(model), "src", "a.csv");
    let Reply::Response(w) = client.request(handle(Operation::CreateBatchLoadTask, &body)).await else { panic!() };
    let id = serde_json::from_str::<serde_json::Value>(&w.body).unwrap()["TaskId"].as_str().unwrap().to_string();
    (client, events, id)
}

async fn task(client: &EngineClient, id: &str) -> timestream_engine::protocol::TaskView {
    let Reply::Tasks { tasks } = client.request(Request::BatchTasks).await else { panic!() };
    tasks.into_iter().find(|t| t.task.id == id).unwrap()
}

#[wasm_bindgen_test]
async fn a_task_runs_to_the_end_in_slices_with_progress_pushed() {
    let (client, events, id) = client_with_task(5000).await;
    while task(&client, &id).await.task.status.is_active() {
        yew::platform::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let t = task(&client, &id).await;
    assert_eq!((t.task.status, t.task.progress.records_ingested), (TaskStatus::Succeeded, 5000));
    assert_eq!(t.done, t.total);
    let progress: Vec<_> = events.borrow().iter().filter_map(|e| if let EngineEvent::Progress(p) = e { Some(p.clone()) } else { None }).collect();
    assert!(progress.len() >= 5000 / LOCAL_SLICE_ROWS as usize, "one push per slice: {}", progress.len());
    assert_eq!(progress.last().map(|p| p.active), Some(0));
}

#[wasm_bindgen_test]
async fn a_stop_between_slices_stops_the_task_where_it_is() {
    let (client, _, id) = client_with_task(30_000).await;
    // Answered between two slices, like a Stop from the page while the worker loads.
    yew::platform::time::sleep(std::time::Duration::from_millis(1)).await;
    assert_eq!(client.request(Request::StopBatchLoad { task_id: id.clone() }).await, Reply::Done);
    let stopped = task(&client, &id).await;
    assert_eq!(stopped.task.status, TaskStatus::ProgressStopped);
    assert!(stopped.task.progress.records_processed < 30_000, "{}", stopped.task.progress.records_processed);
    yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    assert_eq!(task(&client, &id).await.task.progress, stopped.task.progress, "nothing runs while stopped");
}

#[wasm_bindgen_test]
fn ui_state_survives_and_a_new_bucket_forgets_the_viewed_object() {
    apply(UiMsg::Bucket(Some("b".into())));
    apply(UiMsg::View(Some("k.csv".into())));
    apply(UiMsg::Draft("{}".into()));
    let u = ui();
    assert_eq!((u.bucket.as_deref(), u.viewing.as_deref(), u.draft.as_deref()), (Some("b"), Some("k.csv"), Some("{}")));
    apply(UiMsg::Bucket(Some("c".into())));
    assert_eq!((ui().bucket.as_deref(), ui().viewing), (Some("c"), None));
    assert_eq!(ui().draft.as_deref(), Some("{}"));
}

/// The messages as the page and the worker post them (src/wire.rs): `{json, data?}`, the JSON
/// text's bytes and a payload beside, both moved; 64-bit times through and back unchanged; an
/// object's bytes and the editor's text put back on arrival; text that is not UTF-8 refused with
/// the byte it stops at; an unreadable call still answered to its id.
#[wasm_bindgen_test]
fn messages_cross_as_json_text_with_bytes_beside() {
    use timestream_engine::protocol::{Call, Envelope};
    use timestream_playground::wire::{call_from_js, call_id, call_to_js, envelope_from_js, envelope_to_js};
    use wasm_bindgen::{JsCast, JsValue};

    let get = |v: &JsValue, key: &str| js_sys::Reflect::get(v, &key.into()).unwrap();
    let set = |v: &JsValue, key: &str, to: &JsValue| js_sys::Reflect::set(v, &key.into(), to).unwrap();
    let text = |v: &JsValue| String::from_utf8(get(v, "json").unchecked_into::<js_sys::Uint8Array>().to_vec()).unwrap();
    let json = |v: &JsValue| serde_json::from_str::<serde_json::Value>(&text(v)).unwrap();
    let sizes = |t: &js_sys::Array| t.iter().map(|b| b.unchecked_into::<js_sys::ArrayBuffer>().byte_length()).collect::<Vec<_>>();

    let now = 1_704_067_200_000_000_123_i64;
    let clock = Envelope::answer(Some(7), 3, Reply::Clock { mode: timestream_engine::ClockMode::System, now, windows: vec![] });
    let (value, transfer) = envelope_to_js(clock.clone()).unwrap();
    assert!(text(&value).contains("\"now\":1704067200000000123"), "a time past 2^53 keeps every digit: {}", text(&value));
    assert_eq!(sizes(&transfer), [text(&value).len() as u32], "the text's buffer is moved, nothing else");
    assert!(get(&value, "data").is_undefined());
    assert_eq!(envelope_from_js(value).unwrap(), clock);

    // An object's bytes beside the reply, as the worker posts them and the page reads them.
    let object = Envelope::answer(Some(8), 3, Reply::Object { size: Some(4), data: vec![0, 1, 2, 255] });
    let (value, transfer) = envelope_to_js(object.clone()).unwrap();
    assert_eq!(sizes(&transfer)[1..], [4]);
    assert_eq!(get(&value, "data").unchecked_into::<js_sys::Uint8Array>().to_vec(), [0, 1, 2, 255]);
    assert_eq!(json(&value)["reply"]["object"]["data"], serde_json::json!([]), "the bytes are not in the text");
    assert_eq!(envelope_from_js(value).unwrap(), object);
    // No bytes, nothing beside: an empty object, a unit reply.
    for reply in [Reply::Object { size: Some(0), data: vec![] }, Reply::Done] {
        let envelope = Envelope::answer(None, 0, reply);
        let (value, transfer) = envelope_to_js(envelope.clone()).unwrap();
        assert_eq!(transfer.length(), 1);
        assert_eq!(envelope_from_js(value).unwrap(), envelope);
    }

    // The page's calls: the editor's text as the body, an object's data, read back by the worker.
    let handle = Request::Handle { target: Operation::WriteRecords.target(), body: String::new() };
    let (value, transfer) = call_to_js(9, handle.clone(), Some("{\"é\": 1}")).unwrap();
    assert_eq!(sizes(&transfer)[1..], [9], "the text's UTF-8 bytes beside");
    assert_eq!(json(&value)["request"]["body"], "", "and not in the message's text");
    let Ok(Call { id: 9, request: Request::Handle { body, .. } }) = call_from_js(value) else { panic!() };
    assert_eq!(body, "{\"é\": 1}");
    // Bytes that are not UTF-8 (another sender's) are refused where they stop being so.
    let (value, _) = call_to_js(9, handle, Some("")).unwrap();
    set(&value, "data", &js_sys::Uint8Array::from(&b"{\"a\xff"[..]));
    assert_eq!(call_from_js(value).unwrap_err(), "the body is not UTF-8 (at byte 3)");
    let put = Request::PutObject { bucket: "b".into(), key: "k.csv".into(), data: b"a,b\n".to_vec() };
    let (value, transfer) = call_to_js(9, put.clone(), None).unwrap();
    assert_eq!(sizes(&transfer)[1..], [4]);
    assert_eq!(call_from_js(value).unwrap(), Call { id: 9, request: put });
    // Without bytes, the request is read as sent.
    let (value, transfer) = call_to_js(10, Request::Tables, None).unwrap();
    assert_eq!(transfer.length(), 1);
    assert_eq!(call_from_js(value).unwrap(), Call { id: 10, request: Request::Tables });
    // A call that cannot be read still has its id, to be answered with why.
    let (value, _) = call_to_js(11, Request::Tables, None).unwrap();
    let nope = text(&value).replace("\"tables\"", "\"nope\"");
    assert_ne!(nope, text(&value));
    set(&value, "json", &js_sys::Uint8Array::from(nope.as_bytes()));
    assert!(call_from_js(value.clone()).unwrap_err().contains("unknown variant `nope`"));
    assert_eq!(call_id(&value), Some(11));
    // Something else than a message: said so, and no id.
    let other = JsValue::from_str("hello");
    assert!(call_from_js(other.clone()).unwrap_err().contains("{json, data?}"));
    assert_eq!(call_id(&other), None);
}
