//! Shared helpers of the batch-load tests.
#![allow(dead_code)]

use serde_json::{json, Value};
use timestream_engine::{testing, ApiError, Engine, Operation};

/// 2023-11-14T22:13:20Z in nanoseconds.
pub const NOW_MS: i64 = 1_700_000_000_000;

pub fn engine() -> Engine {
    let mut e = Engine::deterministic(NOW_MS * 1_000_000, 7);
    call(&mut e, Operation::CreateDatabase, json!({"DatabaseName": "dbs"})).unwrap();
    call(&mut e, Operation::CreateTable, json!({"DatabaseName": "dbs", "TableName": "tbl"})).unwrap();
    e
}

pub fn call(e: &mut Engine, op: Operation, body: Value) -> Result<Value, ApiError> {
    e.call(op, body.to_string().as_bytes()).map(|v| v.unwrap_or(Value::Null))
}

/// A request loading `s3://src/<prefix>` into db.t with `model`, reports to s3://reports/out.
pub fn request(prefix: &str, model: Value) -> Value {
    json!({
        "TargetDatabaseName": "dbs",
        "TargetTableName": "tbl",
        "DataSourceConfiguration": {
            "DataSourceS3Configuration": {"BucketName": "src", "ObjectKeyPrefix": prefix},
            "DataFormat": "CSV"
        },
        "ReportConfiguration": {"ReportS3Configuration": {"BucketName": "reports", "ObjectKeyPrefix": "out"}},
        "DataModelConfiguration": {"DataModel": model}
    })
}

/// host,region dimensions; cpu (DOUBLE) and mem (BIGINT) attributes of the multi measure "metrics".
pub fn multi_model() -> Value {
    json!({
        "TimeColumn": "time",
        "TimeUnit": "MILLISECONDS",
        "DimensionMappings": [{"SourceColumn": "host"}, {"SourceColumn": "region", "DestinationColumn": "az"}],
        "MultiMeasureMappings": {
            "TargetMultiMeasureName": "metrics",
            "MultiMeasureAttributeMappings": [
                {"SourceColumn": "cpu", "MeasureValueType": "DOUBLE"},
                {"SourceColumn": "mem", "TargetMultiMeasureAttributeName": "memory", "MeasureValueType": "BIGINT"}
            ]
        }
    })
}

pub fn create(e: &mut Engine, body: Value) -> Result<String, ApiError> {
    call(e, Operation::CreateBatchLoadTask, body).map(|v| v["TaskId"].as_str().unwrap().to_string())
}

pub fn describe(e: &mut Engine, id: &str) -> Value {
    call(e, Operation::DescribeBatchLoadTask, json!({"TaskId": id})).unwrap()["BatchLoadTaskDescription"].clone()
}

pub fn progress(e: &mut Engine, id: &str) -> Value {
    describe(e, id)["ProgressReport"].clone()
}

/// Every record of db.t as `dims|measure|time|version|value`, sorted.
pub fn dump(e: &Engine) -> Vec<String> {
    let mut out: Vec<String> = testing::records(e, "dbs", "tbl")
        .into_iter()
        .map(|(dims, r)| {
            let dims: Vec<String> = dims.into_iter().map(|(n, v)| format!("{n}={v}")).collect();
            format!("{}|{}|{}|{}|{}", dims.join(","), r.measure_name, r.time, r.version, serde_json::to_string(&r.value).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// A time `k` seconds before now, in milliseconds (inside the 6 h memory window).
pub fn t(k: i64) -> i64 {
    NOW_MS - k * 1000
}

pub fn report(e: &Engine, id: &str) -> Value {
    let bytes = e.get_object("reports", &format!("out/{id}/error-report.json")).expect("report written");
    serde_json::from_slice(bytes).unwrap()
}
