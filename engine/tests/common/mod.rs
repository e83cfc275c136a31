#![allow(dead_code)]
use serde_json::{json, Value};
use timestream_engine::{clock::NANOS_PER_MILLI, Engine};

/// 2024-01-01T00:00:00Z in milliseconds.
pub const NOW_MS: i64 = 1_704_067_200_000;

pub fn engine() -> Engine {
    Engine::deterministic(NOW_MS * NANOS_PER_MILLI, 7)
}

/// Calls an operation through the seam; returns (status, error type, body JSON).
pub fn call(e: &mut Engine, op: &str, body: Value) -> (u16, Option<&'static str>, Value) {
    let r = e.handle(&format!("Timestream_20181101.{op}"), body.to_string().as_bytes());
    (r.status, r.error_type, r.json())
}

pub fn ok(e: &mut Engine, op: &str, body: Value) -> Value {
    let (status, err, v) = call(e, op, body.clone());
    assert_eq!(status, 200, "{op} {body} failed: {err:?} {v}");
    v
}

pub fn err(e: &mut Engine, op: &str, body: Value) -> (u16, String, Value) {
    let (status, err, v) = call(e, op, body.clone());
    assert_ne!(status, 200, "{op} {body} unexpectedly succeeded: {v}");
    (status, err.unwrap_or_default().to_string(), v)
}

pub fn setup_table(e: &mut Engine, extra: Value) {
    ok(e, "CreateDatabase", json!({"DatabaseName": "tsdb"}));
    let mut req = json!({"DatabaseName": "tsdb", "TableName": "tbl"});
    if let (Some(r), Some(x)) = (req.as_object_mut(), extra.as_object()) {
        for (k, v) in x {
            r.insert(k.clone(), v.clone());
        }
    }
    ok(e, "CreateTable", req);
}

/// A single-measure DOUBLE record at `offset_ms` from NOW_MS.
pub fn rec(host: &str, value: &str, offset_ms: i64, version: Option<i64>) -> Value {
    let mut r = json!({
        "Dimensions": [{"Name": "host", "Value": host}],
        "MeasureName": "cpu", "MeasureValue": value, "MeasureValueType": "DOUBLE",
        "Time": (NOW_MS + offset_ms).to_string()
    });
    if let Some(v) = version {
        r["Version"] = json!(v);
    }
    r
}

pub fn write(e: &mut Engine, records: Vec<Value>) -> (u16, Option<&'static str>, Value) {
    call(e, "WriteRecords", json!({"DatabaseName": "tsdb", "TableName": "tbl", "Records": records}))
}
