//! Documents written by earlier builds still load and mean the same. `compat/snapshot-6ac3939.json`
//! is an engine snapshot written by the build of commit 6ac3939 (2026-12-03, the last before the
//! engine moved into a Web Worker): two databases (tags, a KMS key), a table with a REQUIRED
//! partition key, 24 h / 365 d retention and magnetic writes, records with versions, an upsert,
//! a partial rejection, a MULTI record and a magnetic-store write, an S3 object, a batch-load task
//! that ended with a parse failure and its error report, a virtual clock. `answers-6ac3939.json`
//! holds that build's answers to queries about the restored engine; this build must give the same.
//! Autosaved sessions, exported files and share links carry this snapshot inside them
//! (tests/keep.rs reads the session and the link of the same build).

mod common;

use common::call;
use serde_json::{json, Value};
use timestream_engine::Engine;

const SNAPSHOT: &str = include_str!("compat/snapshot-6ac3939.json");
const ANSWERS: &str = include_str!("compat/answers-6ac3939.json");

fn restored() -> Engine {
    let mut e = Engine::default();
    e.restore(SNAPSHOT).expect("a snapshot of the build before the worker loads");
    e
}

/// A query's answer in the fixture's form: status, error type and body.
fn answer(e: &mut Engine, op: &str, body: &Value) -> Value {
    let (status, error, body) = call(e, op, body.clone());
    json!({"status": status, "error": error, "body": body})
}

#[test]
fn an_earlier_builds_snapshot_answers_as_that_build_did() {
    let mut e = restored();
    let recorded: Vec<Value> = serde_json::from_str(ANSWERS).unwrap();
    assert!(recorded.len() >= 10, "the fixture holds the queries");
    // In order: the two writes at the end change the engine, as they did in that build.
    for q in &recorded {
        let op = q["operation"].as_str().unwrap();
        assert_eq!(answer(&mut e, op, &q["request"]), q["answer"], "{op} {}", q["request"]);
    }
}

#[test]
fn an_earlier_builds_snapshot_keeps_every_part() {
    let e = restored();
    assert_eq!(e.now(), 1_704_067_500_000_000_042, "the virtual clock, to the nanosecond");
    let summaries = e.table_summaries();
    let records = |table: &str| summaries.iter().find(|t| t.table == table).map(|t| t.records);
    assert_eq!(records("cpu"), Some(5), "h1 (upserted), h2, m1 (MULTI), h3 (magnetic), h4");
    assert_eq!(records("events"), Some(2), "the batch load's two good rows");
    let report = e.get_object("reports", "out/9C296A35D300CDF6E9258A7780413254/error-report.json").expect("the task's error report");
    assert!(String::from_utf8_lossy(report).contains("Invalid time for record."), "the failing row's reason");
    assert!(e.get_object("src", "data/a.csv").is_some_and(|csv| csv.starts_with(b"host,time,load,mem\n")), "the source object");
    // Written out again: the same document, byte for byte (a format change is a decision, and
    // this test is where it is made: older documents must keep loading).
    assert_eq!(e.snapshot(), SNAPSHOT.trim_end());
}
