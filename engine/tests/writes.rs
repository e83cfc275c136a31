//! WriteRecords semantics (spec/write-semantics.md) through the seam.

mod common;
use common::*;
use serde_json::json;
use timestream_engine::testing;

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;

#[test]
fn accepted_records_are_counted_per_store() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let (status, _, v) = write(&mut e, vec![rec("a", "1.5", 0, None), rec("b", "2", -HOUR, None)]);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v, json!({"RecordsIngested": {"Total": 2, "MemoryStore": 2, "MagneticStore": 0}}));
}

#[test]
fn version_upsert_ladder() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    assert_eq!(write(&mut e, vec![rec("a", "1", 0, None)]).0, 200);
    // Identical re-send (same value, same default version 1): accepted, nothing changes.
    assert_eq!(write(&mut e, vec![rec("a", "1", 0, None)]).0, 200);
    // Different value, same version: rejected without ExistingVersion.
    let (status, ty, v) = write(&mut e, vec![rec("a", "2", 0, None)]);
    assert_eq!((status, ty), (419, Some("RejectedRecordsException")));
    assert_eq!(v["__type"], "com.amazonaws.timestream.v20181101#RejectedRecordsException");
    assert_eq!(v["message"], "One or more records have been rejected. See RejectedRecords for details.");
    assert_eq!(
        v["RejectedRecords"],
        json!([{"RecordIndex": 0, "Reason": "A record already exists with the same time, dimensions, measure name, and record version. A higher record version must be specified in order to update the measure value. Specifying record version is supported by the latest SDKs."}])
    );
    // Higher version: overwrites.
    assert_eq!(write(&mut e, vec![rec("a", "2", 0, Some(5))]).0, 200);
    // Lower version with a different value: rejected with ExistingVersion.
    let (status, _, v) = write(&mut e, vec![rec("a", "3", 0, Some(2))]);
    assert_eq!(status, 419);
    assert_eq!(v["RejectedRecords"][0]["ExistingVersion"], 5);
    assert_eq!(
        v["RejectedRecords"][0]["Reason"],
        "The record version 2 is lower than the existing version 5. A higher version is required to update the measure value."
    );

    // The history keeps every attempt.
    let records = testing::records(&e, "tsdb", "tbl");
    assert_eq!(records.len(), 1);
    let history = e.record_history("tsdb", "tbl", 0).unwrap();
    let outcomes: Vec<String> = history.iter().map(|a| serde_json::to_value(&a.outcome).unwrap()["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(outcomes, ["inserted", "unchanged", "rejected", "updated", "rejected"]);
    assert_eq!(history[3].version, 5);
    assert_eq!(history[1].value.value.as_deref(), Some("1.0"));
    assert_eq!(records[0].1.value.value.as_deref(), Some("2.0"));
}

#[test]
fn partial_rejection_writes_the_good_records() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let (status, _, v) =
        write(&mut e, vec![rec("a", "1", 0, None), rec("b", "1", -7 * HOUR, None), rec("c", "1", 16 * MIN, None), rec("d", "1", 14 * MIN, None)]);
    assert_eq!(status, 419);
    let idx: Vec<i64> = v["RejectedRecords"].as_array().unwrap().iter().map(|r| r["RecordIndex"].as_i64().unwrap()).collect();
    assert_eq!(idx, [1, 2]);
    assert_eq!(
        v["RejectedRecords"][0]["Reason"],
        "The record timestamp is outside the time range [2023-12-31T17:35:00.000Z, 2024-01-01T00:15:00.000Z) of the memory store."
    );
    assert_eq!(testing::records(&e, "tsdb", "tbl").len(), 2);
}

/// The interval a window Reason names (retention + 40 minutes: 25 before the retention, 15
/// after now, docs/assumptions.md) is the one that decides what is accepted.
#[test]
fn the_window_is_the_interval_its_reason_names() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let start = -6 * HOUR - 25 * MIN;
    let (status, _, v) =
        write(&mut e, vec![rec("a", "1", start, None), rec("b", "1", start - 1, None), rec("c", "1", 15 * MIN - 1, None), rec("d", "1", 15 * MIN, None)]);
    assert_eq!(status, 419, "{v}");
    let reason = "The record timestamp is outside the time range [2023-12-31T17:35:00.000Z, 2024-01-01T00:15:00.000Z) of the memory store.";
    assert_eq!(v["RejectedRecords"], json!([{"RecordIndex": 1, "Reason": reason}, {"RecordIndex": 3, "Reason": reason}]));
}

#[test]
fn magnetic_store_writes_take_late_data() {
    let mut e = engine();
    setup_table(
        &mut e,
        json!({"RetentionProperties": {"MemoryStoreRetentionPeriodInHours": 12, "MagneticStoreRetentionPeriodInDays": 5},
        "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true}}),
    );
    let (status, _, v) = write(&mut e, vec![rec("a", "1", -HOUR, None), rec("b", "1", -(5 * 24 + 1) * HOUR, None)]);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["RecordsIngested"], json!({"Total": 2, "MemoryStore": 1, "MagneticStore": 1}));
    let (status, _, v) = write(&mut e, vec![rec("c", "1", -6 * 24 * HOUR, None)]);
    assert_eq!(status, 419);
    assert_eq!(
        v["RejectedRecords"][0]["Reason"],
        "The record timestamp is outside the time range [2023-12-26T11:35:00.000Z, 2024-01-01T00:15:00.000Z) of the data ingestion window."
    );
}

#[test]
fn request_level_rules_fail_the_whole_request() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let cases = vec![
        (json!({"MeasureName": "cpu", "MeasureValue": "1", "Time": NOW_MS.to_string()}), "At least one dimension is required for a record."),
        (
            json!({"Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "ts", "MeasureValue": "1", "MeasureValueType": "TIMESTAMP", "Time": NOW_MS.to_string()}),
            "TIMESTAMP is an invalid measure value type.",
        ),
        (
            json!({"Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "n", "MeasureValue": "x", "MeasureValueType": "BIGINT", "Time": NOW_MS.to_string()}),
            "Invalid value x for bigint measure value type.",
        ),
        (
            json!({"Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "n", "MeasureValue": "NaN", "Time": NOW_MS.to_string()}),
            "Invalid value NaN for double measure value type.",
        ),
        (json!({"Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "n", "MeasureValue": "1", "Time": "soon"}), "Invalid time for record."),
        (
            json!({"Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "n", "MeasureValueType": "MULTI", "MeasureValues": [{"Name": "x", "Value": "None", "Type": "BIGINT"}], "Time": NOW_MS.to_string()}),
            "Invalid value None for bigint measure value type.",
        ),
    ];
    for (bad, message) in cases {
        let (status, ty, v) = write(&mut e, vec![rec("ok", "1", 0, None), bad]);
        assert_eq!((status, ty), (400, Some("ValidationException")), "{v}");
        assert_eq!(v["message"], message);
        assert_eq!(v["__type"], "com.amazonaws.timestream.v20181101#ValidationException");
    }
    assert_eq!(testing::records(&e, "tsdb", "tbl").len(), 0, "nothing was written by failed requests");
    assert_eq!(write(&mut e, vec![rec("ok", "1", 0, None)]).0, 200);
    let (status, ty, _) = call(&mut e, "WriteRecords", json!({"DatabaseName": "tsdb", "TableName": "nopetbl", "Records": [rec("a", "1", 0, None)]}));
    assert_eq!((status, ty), (404, Some("ResourceNotFoundException")));
}

#[test]
fn common_attributes_merge_and_duplicate_dimensions() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let req = json!({"DatabaseName": "tsdb", "TableName": "tbl",
        "CommonAttributes": {"Dimensions": [{"Name": "region", "Value": "eu"}], "MeasureValueType": "DOUBLE", "Time": NOW_MS.to_string(), "TimeUnit": "MILLISECONDS"},
        "Records": [{"Dimensions": [{"Name": "host", "Value": "a"}], "MeasureName": "cpu", "MeasureValue": "1"}, {"MeasureName": "mem", "MeasureValue": "2"}]});
    assert_eq!(ok(&mut e, "WriteRecords", req)["RecordsIngested"]["Total"], 2);
    assert_eq!(e.table_summaries()[0].series, 2);
    assert_eq!(
        e.series_page("tsdb", "tbl", 0, 1).unwrap()[0].dimensions,
        vec![("host".to_string(), "a".to_string()), ("region".to_string(), "eu".to_string())]
    );

    let dup = json!({"DatabaseName": "tsdb", "TableName": "tbl",
        "CommonAttributes": {"Dimensions": [{"Name": "host", "Value": "x"}]},
        "Records": [{"Dimensions": [{"Name": "host", "Value": "x"}], "MeasureName": "cpu", "MeasureValue": "1", "Time": NOW_MS.to_string()}]});
    let (status, ty, v) = err(&mut e, "WriteRecords", dup);
    assert_eq!((status, ty.as_str()), (400, "ValidationException"));
    assert!(v["message"].as_str().unwrap().contains("host"));
}

#[test]
fn record_identity_ignores_dimension_order_and_time_unit() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let a =
        json!({"Dimensions": [{"Name": "a", "Value": "1"}, {"Name": "b", "Value": "2"}], "MeasureName": "m", "MeasureValue": "1", "Time": NOW_MS.to_string()});
    let b = json!({"Dimensions": [{"Name": "b", "Value": "2"}, {"Name": "a", "Value": "1"}], "MeasureName": "m", "MeasureValue": "9", "Time": (NOW_MS / 1000).to_string(), "TimeUnit": "SECONDS"});
    assert_eq!(write(&mut e, vec![a]).0, 200);
    assert_eq!(write(&mut e, vec![b]).0, 419, "same identity, same version, other value");
}

#[test]
fn multi_records_and_schema_rules() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let multi = json!({"Dimensions": [{"Name": "host", "Value": "a"}], "MeasureName": "metrics", "MeasureValueType": "MULTI", "Time": NOW_MS.to_string(),
        "MeasureValues": [{"Name": "cpu", "Value": "1.5", "Type": "DOUBLE"}, {"Name": "up", "Value": "true", "Type": "BOOLEAN"}, {"Name": "seen", "Value": "1700000000000", "Type": "TIMESTAMP"}]});
    assert_eq!(write(&mut e, vec![multi.clone()]).0, 200);
    assert_eq!(write(&mut e, vec![multi]).0, 200, "identical MULTI re-send");
    let view = &testing::records(&e, "tsdb", "tbl")[0].1;
    assert_eq!(view.value.measure_values.as_ref().unwrap().len(), 3);

    // One type per measure name per table: a rejection of that record only.
    let (status, _, v) = write(
        &mut e,
        vec![
            rec("a", "1", 0, None),
            json!({"Dimensions": [{"Name": "host", "Value": "b"}], "MeasureName": "metrics", "MeasureValue": "1", "Time": NOW_MS.to_string()}),
        ],
    );
    assert_eq!(status, 419);
    assert_eq!(v["RejectedRecords"][0]["RecordIndex"], 1);
    // A name cannot be both dimension and measure.
    let (status, _, v) =
        write(&mut e, vec![json!({"Dimensions": [{"Name": "cpu", "Value": "x"}], "MeasureName": "other", "MeasureValue": "1", "Time": NOW_MS.to_string()})]);
    assert_eq!(status, 419, "{v}");
    // MeasureValues only for MULTI.
    let bad = json!({"Dimensions": [{"Name": "host", "Value": "a"}], "MeasureName": "x", "MeasureValue": "1", "MeasureValues": [{"Name": "q", "Value": "1", "Type": "DOUBLE"}], "Time": NOW_MS.to_string()});
    assert_eq!(write(&mut e, vec![bad]).0, 400);
}

#[test]
fn required_partition_key_dimension() {
    let mut e = engine();
    setup_table(&mut e, json!({"Schema": {"CompositePartitionKey": [{"Type": "DIMENSION", "Name": "device", "EnforcementInRecord": "REQUIRED"}]}}));
    let with = json!({"Dimensions": [{"Name": "device", "Value": "d1"}], "MeasureName": "cpu", "MeasureValue": "1", "Time": NOW_MS.to_string()});
    let (status, _, v) = write(&mut e, vec![with, rec("a", "1", 0, None)]);
    assert_eq!(status, 419);
    assert_eq!(v["RejectedRecords"][0]["RecordIndex"], 1);
    assert!(v["RejectedRecords"][0]["Reason"].as_str().unwrap().contains("device"));
}

#[test]
fn diagnose_lists_every_request_level_problem() {
    let e = engine();
    let body = json!({"DatabaseName": "tsdb", "TableName": "tbl", "Records": [
        {"MeasureName": "cpu", "MeasureValue": "1", "Time": "1"},
        {"Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "cpu", "MeasureValue": "x", "Time": "1"},
        {"Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "cpu", "MeasureValue": "1", "Time": "t"}]});
    let diags = e.diagnose(timestream_engine::Operation::WriteRecords, body.to_string().as_bytes());
    let paths: Vec<String> = diags.iter().map(|d| d.path.to_string()).collect();
    assert_eq!(paths, ["Records[0].Dimensions", "Records[1].MeasureValue", "Records[2].Time"]);
}

/// The model's violations and the request rules come together from diagnose (a record that does
/// not read as a Record has only its model violations), each with the span of its member; Run
/// still answers only the first kind of problem (here the serialization one), as the service does.
#[test]
fn diagnose_reports_model_and_request_rules_at_once() {
    let mut e = engine();
    let body = r#"{"DatabaseName": "tsdb", "TableName": "tbl", "Records": [
        {"MeasureName": "cpu", "MeasureValue": "1", "Time": "1"},
        {"Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "cpu", "MeasureValue": "x", "Time": "1"},
        {"Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "cpu", "MeasureValue": "1", "MeasureValueType": "FLOAT", "Time": "1"},
        {"Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "cpu", "MeasureValue": 5, "Time": "1"}]}"#;
    let diags = e.diagnose(timestream_engine::Operation::WriteRecords, body.as_bytes());
    let got: Vec<(String, &str)> = diags.iter().map(|d| (d.path.to_string(), d.span.map_or("", |[s, t]| &body[s as usize..t as usize]))).collect();
    let want =
        [("Records[2].MeasureValueType", "\"FLOAT\""), ("Records[3].MeasureValue", "5"), ("Records[0].Dimensions", "{"), ("Records[1].MeasureValue", "\"x\"")];
    assert_eq!(got, want.map(|(p, s)| (p.to_string(), s)));
    let err = e.call(timestream_engine::Operation::WriteRecords, body.as_bytes()).unwrap_err();
    let message = err.message.as_str();
    // Run answers as the service does: the serialization problem first, no request rule.
    assert_eq!(err.kind, timestream_engine::ErrorKind::Serialization);
    assert!(message.contains("Records[3].MeasureValue") && !message.contains("dimension"), "{message}");
}

/// The table's schema grows with each accepted record, also inside one request: a record whose
/// names are all known registers nothing, one with a new name registers it, and the records after
/// it are checked against the grown schema (with the service's reasons).
#[test]
fn schema_grows_record_by_record_within_a_request() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let single = |dims: serde_json::Value, measure: &str, value: &str, ty: &str, dt: i64| json!({"Dimensions": dims, "MeasureName": measure, "MeasureValue": value, "MeasureValueType": ty, "Time": (NOW_MS + dt).to_string()});
    let host = json!([{"Name": "host", "Value": "a"}]);
    let host_zone = json!([{"Name": "host", "Value": "a"}, {"Name": "zone", "Value": "z1"}]);
    let multi = |attr: &str, ty: &str, value: &str, dt: i64| {
        json!({"Dimensions": [{"Name": "host", "Value": "a"}], "MeasureName": "metrics", "MeasureValueType": "MULTI", "Time": (NOW_MS + dt).to_string(),
            "MeasureValues": [{"Name": attr, "Value": value, "Type": ty}]})
    };
    let (status, _, v) = write(
        &mut e,
        vec![
            single(host.clone(), "m", "1.5", "DOUBLE", 0),                           // 0: registers host, m DOUBLE
            single(host.clone(), "m", "2.5", "DOUBLE", -1),                          // 1: all known
            single(host.clone(), "m", "3", "BIGINT", -2),                            // 2: m is DOUBLE
            single(host_zone.clone(), "m", "4.5", "DOUBLE", -3),                     // 3: registers zone
            single(host.clone(), "zone", "5", "BIGINT", -4),                         // 4: zone is a dimension now
            multi("load", "DOUBLE", "0.5", -5),                                      // 5: registers metrics MULTI, load DOUBLE
            multi("load", "DOUBLE", "0.7", -6),                                      // 6: all known
            multi("load", "BIGINT", "7", -7),                                        // 7: load is DOUBLE
            single(json!([{"Name": "load", "Value": "x"}]), "m", "1", "DOUBLE", -8), // 8: load is an attribute
        ],
    );
    assert_eq!(status, 419, "{v}");
    let reasons: Vec<(i64, String)> =
        v["RejectedRecords"].as_array().unwrap().iter().map(|r| (r["RecordIndex"].as_i64().unwrap(), r["Reason"].as_str().unwrap().to_string())).collect();
    assert_eq!(
        reasons,
        vec![
            (2, "The measure name m already has the measure value type DOUBLE in this table; it cannot be written as BIGINT.".to_string()),
            (4, "The measure name zone is already used as a dimension name in this table.".to_string()),
            (7, "The measure value load already has the type DOUBLE in this table; it cannot be written as BIGINT.".to_string()),
            (8, "The dimension name load is already used as a measure name in this table.".to_string()),
        ]
    );
    assert_eq!(testing::records(&e, "tsdb", "tbl").len(), 5);
    assert_eq!(testing::name_counts(&e, "tsdb", "tbl"), Some((2, 2, 1)));
}

/// ts-limits: 256 measures and 2,048 bytes of measure values per record (names not counted:
/// 256 DOUBLEs are exactly 2,048 bytes), 2 KB of dimension names and values per series.
#[test]
fn record_size_counts_measure_values_and_dimensions_apart() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let multi = |host: &str, n: usize, ty: &str, value: &str| {
        let values: Vec<_> = (0..n).map(|i| json!({"Name": format!("m{i}"), "Value": value, "Type": ty})).collect();
        json!({"Dimensions": [{"Name": "host", "Value": host}], "MeasureName": "metrics", "MeasureValueType": "MULTI", "Time": NOW_MS.to_string(), "MeasureValues": values})
    };
    let reason = |v: &serde_json::Value| v["RejectedRecords"][0]["Reason"].as_str().unwrap_or_default().to_string();
    assert_eq!(write(&mut e, vec![multi("a", 256, "DOUBLE", "1.5")]).0, 200, "256 × 8 bytes");
    let (_, _, v) = write(&mut e, vec![multi("b", 257, "BOOLEAN", "true")]);
    assert_eq!(reason(&v), "The record has 257 measure values; a multi-measure record can have at most 256.");
    let mut over = multi("c", 255, "DOUBLE", "1.5");
    over["MeasureValues"].as_array_mut().unwrap().push(json!({"Name": "note", "Value": "abcdefghi", "Type": "VARCHAR"}));
    let (_, _, v) = write(&mut e, vec![over]);
    assert_eq!(reason(&v), "The measure values of the record take 2049 bytes; a record can have at most 2048 bytes of measure values.");
    let mut wide = multi("d", 256, "DOUBLE", "1.5");
    wide["Dimensions"] = json!([{"Name": "host", "Value": "h".repeat(2044)}]);
    assert_eq!(write(&mut e, vec![wide.clone()]).0, 200, "2,048 bytes of dimensions beside 2,048 of values");
    wide["Dimensions"] = json!([{"Name": "host", "Value": "h".repeat(2045)}]);
    let (_, _, v) = write(&mut e, vec![wide]);
    assert_eq!(reason(&v), "The dimensions of the record take 2049 bytes; a series can have at most 2048 bytes of dimension names and values.");
}
