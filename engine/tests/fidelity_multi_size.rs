//! Issue 13 item 8: the size of a record. ts-limits (spec/write-semantics.md §4, §10): at most 256
//! measures per multi-measure record and 2,048 bytes of measure values per record; dimension
//! name+value pairs of a series at most 2 KB. Measure (attribute) names are not values: 256 DOUBLE
//! measures take exactly 2,048 bytes, so the two limits agree only if names are not counted
//! (docs/assumptions.md, "Record size"). A value takes 8 bytes (DOUBLE, BIGINT, TIMESTAMP), 1
//! (BOOLEAN) or its UTF-8 length (VARCHAR). Breaking a limit rejects that record only.

mod fidelity_common;
use fidelity_common::*;
use serde_json::{json, Value};
use timestream_engine::Engine;

/// 2024-01-01T00:00:00Z.
const T0: i64 = 1_704_067_200_000;

fn engine() -> Engine {
    let mut e = Engine::deterministic(T0 * 1_000_000, 7);
    table(&mut e, json!({}));
    e
}

/// A MULTI record with dimension `host=<host>` and the given (name, value, type) attributes.
fn multi(host: &str, attrs: &[(String, String, &str)]) -> Value {
    let values: Vec<Value> = attrs.iter().map(|(n, v, t)| json!({"Name": n, "Value": v, "Type": t})).collect();
    json!({"Dimensions": [{"Name": "host", "Value": host}], "MeasureName": "metrics", "MeasureValueType": "MULTI",
           "Time": T0.to_string(), "MeasureValues": values})
}

/// `n` DOUBLE attributes named `<prefix><i>`.
fn doubles(prefix: &str, n: usize) -> Vec<(String, String, &'static str)> {
    (0..n).map(|i| (format!("{prefix}{i}"), format!("{i}.5"), "DOUBLE")).collect()
}

/// Writes `good`, `record`, `good2` in one request: Ok(()) when all three are ingested, else
/// the RejectedRecords entries (the good ones must never be among them).
fn write_between(e: &mut Engine, record: Value) -> Result<(), Value> {
    let good = json!({"Dimensions": [{"Name": "host", "Value": "g1"}], "MeasureName": "other", "MeasureValue": "1", "Time": T0.to_string()});
    let mut good2 = good.clone();
    good2["Dimensions"][0]["Value"] = json!("g2");
    let (status, v) = write(e, vec![good, record, good2]);
    match status {
        200 => {
            assert_eq!(v["RecordsIngested"]["Total"], 3, "{v}");
            Ok(())
        }
        419 => {
            let idx: Vec<&Value> = v["RejectedRecords"].as_array().unwrap().iter().map(|r| &r["RecordIndex"]).collect();
            assert_eq!(idx, [&json!(1)], "only the record under test is rejected: {v}");
            Err(v["RejectedRecords"][0].clone())
        }
        _ => panic!("a size limit is a per-record rejection, not {status}: {v}"),
    }
}

fn reason(r: Result<(), Value>) -> String {
    r.expect_err("rejected")["Reason"].as_str().unwrap().to_string()
}

#[test]
fn two_hundred_fifty_six_doubles_with_short_names_are_accepted() {
    let mut e = engine();
    // 256 × 8 bytes = 2,048 bytes of values, exactly the limit; names m0..m255 are not counted.
    assert_eq!(write_between(&mut e, multi("a", &doubles("m", 256))), Ok(()));
}

#[test]
fn ordinary_names_do_not_count_against_the_2048_bytes() {
    let mut e = engine();
    // 200 measures with 30-byte names: 1,600 bytes of values (names would add 6,000).
    assert_eq!(write_between(&mut e, multi("a", &doubles("cpu_utilization_percent_core_", 200))), Ok(()));
    // 120 BIGINT measures with 40-byte names and a 700-byte VARCHAR: 960 + 700 bytes.
    let mut attrs: Vec<(String, String, &str)> = (0..120).map(|i| (format!("memory_bytes_in_use_by_the_process_{i:05}"), i.to_string(), "BIGINT")).collect();
    attrs.push(("note".into(), "x".repeat(700), "VARCHAR"));
    assert_eq!(write_between(&mut e, multi("b", &attrs)), Ok(()));
}

#[test]
fn two_hundred_fifty_seven_measures_are_refused_for_their_count() {
    let mut e = engine();
    // Checked before the bytes: 257 BOOLEANs take only 257 bytes.
    let attrs: Vec<(String, String, &str)> = (0..257).map(|i| (format!("b{i}"), "true".to_string(), "BOOLEAN")).collect();
    assert_eq!(reason(write_between(&mut e, multi("a", &attrs))), "The record has 257 measure values; a multi-measure record can have at most 256.");
    assert_eq!(
        reason(write_between(&mut e, multi("b", &doubles("m", 257)))),
        "The record has 257 measure values; a multi-measure record can have at most 256."
    );
}

#[test]
fn values_over_2048_bytes_are_refused_and_2048_are_accepted() {
    let mut e = engine();
    let with = |tail: (&str, &str, &'static str)| {
        let mut attrs = doubles("m", 255); // 2,040 bytes
        attrs.push((tail.0.to_string(), tail.1.to_string(), tail.2));
        attrs
    };
    assert_eq!(write_between(&mut e, multi("a", &with(("v", "abcdefgh", "VARCHAR")))), Ok(()), "2,040 + 8 = 2,048");
    assert_eq!(write_between(&mut e, multi("b", &with(("w", "éééé", "VARCHAR")))), Ok(()), "UTF-8 bytes: 2,040 + 8");
    assert_eq!(write_between(&mut e, multi("c", &with(("f", "false", "BOOLEAN")))), Ok(()), "a BOOLEAN is 1 byte");
    assert_eq!(write_between(&mut e, multi("d", &with(("t", "1700000000000", "TIMESTAMP")))), Ok(()), "a TIMESTAMP is 8 bytes");
    let over = "The measure values of the record take 2049 bytes; a record can have at most 2048 bytes of measure values.";
    assert_eq!(reason(write_between(&mut e, multi("e", &with(("v", "abcdefghi", "VARCHAR"))))), over);
    let over_utf8 = "The measure values of the record take 2050 bytes; a record can have at most 2048 bytes of measure values.";
    assert_eq!(reason(write_between(&mut e, multi("f", &with(("w", "ééééé", "VARCHAR"))))), over_utf8);
}

/// A single-measure VARCHAR of 2,048 bytes is within both the model (2,048 characters) and the
/// 2 KB record size; dimensions and the measure name are not measure values.
#[test]
fn a_single_varchar_of_2048_bytes_is_accepted_and_2048_two_byte_characters_are_not() {
    let mut e = engine();
    let single = |host: &str, value: String| json!({"Dimensions": [{"Name": "host", "Value": host}], "MeasureName": "text", "MeasureValue": value, "MeasureValueType": "VARCHAR", "Time": T0.to_string()});
    assert_eq!(write_between(&mut e, single("a", "x".repeat(2048))), Ok(()));
    // 2,048 characters pass the model's length; 4,096 bytes break the 2 KB.
    assert_eq!(
        reason(write_between(&mut e, single("b", "é".repeat(2048)))),
        "The measure values of the record take 4096 bytes; a record can have at most 2048 bytes of measure values."
    );
}

/// The dimensions have their own 2 KB (name + value pairs of a series); they do not eat into
/// the measure values' 2,048 bytes.
#[test]
fn dimensions_have_their_own_2048_bytes() {
    let mut e = engine();
    let mut full = multi("a", &doubles("m", 256));
    full["Dimensions"] = json!([{"Name": "host", "Value": "h".repeat(1000)}, {"Name": "zone", "Value": "z".repeat(1000)}]);
    assert_eq!(write_between(&mut e, full), Ok(()), "2,008 bytes of dimensions and 2,048 of values");
    let mut wide = multi("b", &doubles("m", 1));
    wide["Dimensions"] = json!([{"Name": "host", "Value": "h".repeat(2045)}]); // 4 + 2045 = 2049
    assert_eq!(
        reason(write_between(&mut e, wide)),
        "The dimensions of the record take 2049 bytes; a series can have at most 2048 bytes of dimension names and values."
    );
}
