//! Snapshots round-trip every piece of state losslessly.

mod common;
use common::*;
use serde_json::json;

#[test]
fn snapshot_round_trips_resources_records_history_clock_and_ids() {
    let mut e = engine();
    setup_table(&mut e, json!({"Tags": [{"Key": "team", "Value": "a"}]}));
    let multi = json!({"Dimensions": [{"Name": "host", "Value": "m"}], "MeasureName": "metrics", "MeasureValueType": "MULTI", "Time": NOW_MS.to_string(),
        "MeasureValues": [{"Name": "cpu", "Value": "0.1", "Type": "DOUBLE"}, {"Name": "name", "Value": "x y", "Type": "VARCHAR"},
                          {"Name": "n", "Value": "-7", "Type": "BIGINT"}, {"Name": "ok", "Value": "false", "Type": "BOOLEAN"}, {"Name": "at", "Value": "5", "Type": "TIMESTAMP"}]});
    write(&mut e, vec![rec("a", "1", 0, None), rec("b", "2.25", -1000, Some(3)), multi]);
    write(&mut e, vec![rec("a", "5", 0, Some(2)), rec("a", "6", 0, Some(1))]);
    e.clock_mut().advance(42);

    let text = e.snapshot();
    let mut restored = timestream_engine::Engine::default();
    restored.restore(&text).unwrap();
    assert_eq!(restored.snapshot(), text, "lossless");
    assert_eq!(restored.now(), e.now());

    assert_eq!(restored.table_summaries()[0].records, 3);
    assert_eq!(restored.record_history("tsdb", "tbl", 0).unwrap().len(), 3);
    // The restored engine behaves the same: the next ids and the next write outcome match.
    let (a, b) = (write(&mut e, vec![rec("a", "9", 0, Some(1))]), write(&mut restored, vec![rec("a", "9", 0, Some(1))]));
    assert_eq!(a, b);
    assert_eq!(a.2["RejectedRecords"][0]["ExistingVersion"], 2);
    assert_eq!(e.handle("Timestream_20181101.DescribeEndpoints", b"{}").request_id, restored.handle("Timestream_20181101.DescribeEndpoints", b"{}").request_id);
}

/// A table's retention changes are kept as `retentionHistory`, written only when there is one: a
/// snapshot from before they were tracked (no such member) still loads, with every window in
/// full, and a table without changes writes the same text as those builds did.
#[test]
fn snapshots_without_retention_changes_still_load() {
    let mut e = engine();
    setup_table(&mut e, json!({"RetentionProperties": {"MemoryStoreRetentionPeriodInHours": 2, "MagneticStoreRetentionPeriodInDays": 1}}));
    assert!(!e.snapshot().contains("retentionHistory"), "no change, no member");
    let grow = json!({"DatabaseName": "tsdb", "TableName": "tbl", "RetentionProperties": {"MemoryStoreRetentionPeriodInHours": 24, "MagneticStoreRetentionPeriodInDays": 1}});
    ok(&mut e, "UpdateTable", grow);
    let five_hours_old = || rec("old", "1", -5 * 3_600_000, None);
    assert_eq!(write(&mut e, vec![five_hours_old()]).0, 419, "right after growing 2 h → 24 h");

    // The same engine as an older build wrote it: the table without its changes.
    let mut doc: serde_json::Value = serde_json::from_str(&e.snapshot()).unwrap();
    let table = &mut doc["state"]["databases"]["tsdb"]["tables"]["tbl"];
    assert!(table.as_object_mut().unwrap().remove("retentionHistory").is_some(), "the change is in the snapshot");
    let mut old = timestream_engine::Engine::default();
    old.restore(&doc.to_string()).expect("an older snapshot loads");
    assert_eq!(write(&mut old, vec![five_hours_old()]).0, 200, "no change recorded: the 24 h window in full");
}
