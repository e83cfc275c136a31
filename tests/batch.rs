//! The batch-load panel's runner and UI state in a real browser (wasm-bindgen-test):
//! `cargo test --target wasm32-unknown-unknown -p timestream-playground --test batch`.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use timestream_engine::batch::TaskStatus;
use timestream_engine::{Engine, Operation};
use timestream_playground::components::batch::runner::{drive, run_slice, running, STEP_ROWS};
use timestream_playground::components::batch::{apply, ui, UiMsg};
use timestream_playground::state::EngineHandle;
use wasm_bindgen_test::*;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

const NOW_MS: i64 = 1_700_000_000_000;

/// An engine with dbs.tbl, `rows` rows in s3://src/a.csv and a task loading them; returns the task id.
fn engine_with_task(rows: usize) -> (Engine, String) {
    let mut e = Engine::deterministic(NOW_MS * 1_000_000, 3);
    e.call(Operation::CreateDatabase, br#"{"DatabaseName": "dbs"}"#).unwrap();
    e.call(Operation::CreateTable, br#"{"DatabaseName": "dbs", "TableName": "tbl"}"#).unwrap();
    let mut csv = String::from("host,time,cpu\n");
    for i in 0..rows {
        csv.push_str(&format!("h{},{},{}.5\n", i % 7, NOW_MS - 1000 - i as i64, i));
    }
    e.put_object("src", "a.csv", csv);
    let body = timestream_playground::components::batch::template(&e, "src", "a.csv");
    let id = e.call(Operation::CreateBatchLoadTask, body.as_bytes()).unwrap().unwrap()["TaskId"].as_str().unwrap().to_string();
    (e, id)
}

#[wasm_bindgen_test]
fn a_slice_stops_when_its_time_is_up_and_resumes_where_it_stopped() {
    let (mut e, id) = engine_with_task(5000);
    // A clock that moves 1 ms per reading: a 3 ms slice is a few steps.
    let t = Cell::new(0.0);
    let clock = || {
        t.set(t.get() + 1.0);
        t.get()
    };
    assert_eq!(run_slice(&mut e, 3.0, clock), 1);
    let done = e.batch_load_task(&id).unwrap().progress.records_processed as u64;
    assert!(done > 0 && done < 5000 && done.is_multiple_of(STEP_ROWS), "{done}");
    let mut slices = 1;
    while run_slice(&mut e, 3.0, clock) > 0 {
        slices += 1;
    }
    let task = e.batch_load_task(&id).unwrap();
    assert_eq!(task.status, TaskStatus::Succeeded);
    assert_eq!(task.progress.records_ingested, 5000);
    assert!(slices > 2, "{slices}");
}

#[wasm_bindgen_test]
async fn the_runner_steps_from_the_event_loop_until_no_task_is_active() {
    let (e, id) = engine_with_task(30_000);
    let handle = EngineHandle::new(e);
    let renders = Rc::new(Cell::new(0));
    let onchange = {
        let renders = renders.clone();
        Callback::from(move |()| renders.set(renders.get() + 1))
    };
    drive(&handle, &onchange);
    assert!(running());
    // Nothing ran yet: the first slice waits for the event loop.
    assert_eq!(handle.0.borrow().batch_load_task(&id).unwrap().progress.records_processed, 0);
    drive(&handle, &onchange); // a second call does not start a second runner
    while running() {
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }
    let e = handle.0.borrow();
    let task = e.batch_load_task(&id).unwrap();
    assert_eq!(task.status, TaskStatus::Succeeded);
    assert_eq!(task.progress.records_processed, 30_000);
    assert!(renders.get() >= 1);
    assert!(!e.has_active_batch_loads());
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
