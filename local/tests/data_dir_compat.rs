//! A `--data-dir` written by an earlier build opens in this one with the same state.
//! `fixtures/data-dir-30709ec/` is what `timestream-local serve --data-dir` of commit 30709ec
//! (2026-12-03, the first build with a data dir) left when it was killed with SIGKILL: a snapshot
//! (compacted at 3,000 bytes of log) and 4 log entries after it, from 28 requests (databases
//! created, tagged and deleted, a table with magnetic writes whose retention was then changed, 21
//! records with versions, a rejected upsert, a magnetic-store write). `data-dir-30709ec.after-sigterm.json`
//! is the snapshot that build wrote when it reopened the same folder and was stopped with SIGTERM.
//! This build replays the folder to the same state: the same document (but for the server's own
//! address, which is its port).

mod common;

use std::path::Path;
use std::time::Duration;

use common::{agent, call, temp_dir, Proc};
use serde_json::{json, Value};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/data-dir-30709ec");

/// `snapshot.json`: its head line and the engine's document, the server's address left out.
fn read_snapshot(path: &Path) -> (Value, Value) {
    let text = std::fs::read_to_string(path).unwrap();
    let (head, doc) = text.split_once('\n').expect("a head line, then the document");
    let mut doc: Value = serde_json::from_str(doc).unwrap();
    doc["config"]["endpointAddress"] = Value::Null;
    (serde_json::from_str(head).unwrap(), doc)
}

#[test]
fn an_earlier_builds_data_dir_opens_with_the_same_state() {
    let dir = temp_dir("data-dir-compat");
    for name in ["snapshot.json", "log"] {
        std::fs::copy(Path::new(FIXTURE).join(name), dir.join(name)).unwrap();
    }
    let dir_arg = dir.to_str().unwrap();
    let mut server = Proc::start(&["--data-dir", dir_arg], &[]);
    assert!(server.banner[0].ends_with("snapshot + 4 log entries replayed"), "{:?}", server.banner);
    // Stopped at once, as that build was (any request, even a read, moves the id generator that
    // makes request ids, which the snapshot holds).
    let status = server.term(Duration::from_secs(20)).expect("SIGTERM: the server did not stop within 20 s");
    assert!(status.success(), "SIGTERM: exit status {status}");
    let stderr = server.stderr.lock().unwrap().clone();
    assert!(!stderr.contains("warning"), "{stderr}");
    let (head, state) = read_snapshot(&dir.join("snapshot.json"));
    let (old_head, old_state) = read_snapshot(&Path::new(FIXTURE).with_extension("after-sigterm.json"));
    assert_eq!(head, old_head, "the same format and last entry");
    assert_eq!(head["format"], "timestream-local/data-dir 1");
    assert!(state == old_state, "the state differs from the one that build replayed:\n{state}\n{old_state}");

    // Opened again: what the requests of that build made, as a client sees it.
    let server = Proc::start(&["--data-dir", dir_arg], &[]);
    assert!(server.banner[0].ends_with("snapshot + 0 log entries replayed"), "{:?}", server.banner);
    let agent = agent();
    let (status, body) = call(&agent, &server.url, "ListDatabases", &json!({})).unwrap();
    assert_eq!(status, 200, "{body}");
    let names: Vec<_> = body["Databases"].as_array().unwrap().iter().map(|d| d["DatabaseName"].as_str().unwrap()).collect();
    assert_eq!(names, ["archive", "plant"], "scratch was deleted");
    let (status, body) = call(&agent, &server.url, "DescribeTable", &json!({"DatabaseName": "plant", "TableName": "sensors"})).unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["Table"]["RetentionProperties"], json!({"MemoryStoreRetentionPeriodInHours": 2, "MagneticStoreRetentionPeriodInDays": 30}));
    assert_eq!(body["Table"]["Arn"], "arn:aws:timestream:eu-west-1:123456789012:database/plant/table/sensors", "the region of the requests' signatures");
    let arn = body["Table"]["Arn"].clone();
    let (_, tags) = call(&agent, &server.url, "ListTagsForResource", &json!({"ResourceARN": arn})).unwrap();
    assert_eq!(tags["Tags"], json!([{"Key": "tier", "Value": "hot"}]));
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
