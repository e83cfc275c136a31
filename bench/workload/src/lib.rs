//! The benchmark workloads, defined once and used by every benchmark: the native criterion
//! benches (engine/benches), the memory probe, the wire load generator (`loadgen`) and the
//! browser bench (bench/wasm). Bodies are built as bytes up front, so a benchmark measures the
//! system under test and not the generator.

use std::fmt::Write;

/// 2024-01-01T00:00:00Z in milliseconds: the virtual "now" of the benchmark engines. Records are
/// at or a few seconds before it (inside the default memory-store retention).
pub const NOW_MS: i64 = 1_704_067_200_000;
pub const DATABASE: &str = "benchdb";
pub const TABLE: &str = "benchtbl";
/// Distinct series (dimension sets) of the WriteRecords workloads.
pub const SERIES: usize = 10_000;
/// Records per WriteRecords request.
pub const BATCH: usize = 100;
pub const WRITE_TARGET: &str = "Timestream_20181101.WriteRecords";

/// `CreateDatabase` body.
pub fn create_database() -> String {
    serde_json::json!({ "DatabaseName": DATABASE }).to_string()
}

/// `CreateTable` body (default retention: 6 h memory store).
pub fn create_table() -> String {
    serde_json::json!({ "DatabaseName": DATABASE, "TableName": TABLE }).to_string()
}

/// Appends one single-measure DOUBLE record: series `n % SERIES` (host + region dimensions),
/// `ago_s` seconds before NOW_MS.
fn record(out: &mut String, now_ms: i64, n: usize, ago_s: i64, value: &str, version: Option<i64>) {
    let series = n % SERIES;
    let _ = write!(
        out,
        r#"{{"Dimensions":[{{"Name":"host","Value":"host-{series:05}"}},{{"Name":"region","Value":"region-{}"}}],"MeasureName":"cpu_utilization","MeasureValue":"{value}","MeasureValueType":"DOUBLE","Time":"{}""#,
        series % 16,
        now_ms - ago_s * 1000
    );
    if let Some(v) = version {
        let _ = write!(out, r#","Version":{v}"#);
    }
    out.push('}');
}

fn body(now_ms: i64, records: impl Iterator<Item = (usize, i64, String, Option<i64>)>) -> Vec<u8> {
    let mut s = String::with_capacity(BATCH * 220);
    let _ = write!(s, r#"{{"DatabaseName":"{DATABASE}","TableName":"{TABLE}","Records":["#);
    for (k, (n, ago, value, version)) in records.enumerate() {
        if k > 0 {
            s.push(',');
        }
        record(&mut s, now_ms, n, ago, &value, version);
    }
    s.push_str("]}");
    s.into_bytes()
}

/// `batches` insert-only WriteRecords bodies of BATCH records: record n is series n % SERIES at
/// n / SERIES seconds ago, so every record of the sequence is new.
pub fn insert_bodies(batches: usize) -> Vec<Vec<u8>> {
    insert_bodies_at(NOW_MS, batches)
}

/// `insert_bodies` relative to `now_ms` (a live server's wall clock).
pub fn insert_bodies_at(now_ms: i64, batches: usize) -> Vec<Vec<u8>> {
    (0..batches)
        .map(|b| {
            body(
                now_ms,
                (0..BATCH).map(|i| {
                    let n = b * BATCH + i;
                    (n, (n / SERIES) as i64, format!("{}.5", n % 97), Some(1))
                }),
            )
        })
        .collect()
}

/// Upsert-heavy bodies, meant to be sent after `insert_bodies(batches)`: per 10 records, 4 are
/// idempotent re-sends (same version and value: unchanged), 4 are updates with a higher version
/// and a new value, 2 are new records (a time none of the inserts used).
pub fn upsert_bodies(batches: usize) -> Vec<Vec<u8>> {
    let inserted = batches * BATCH;
    (0..batches)
        .map(|b| {
            body(
                NOW_MS,
                (0..BATCH).map(|i| {
                    let n = b * BATCH + i;
                    let ago = (n / SERIES) as i64;
                    match i % 10 {
                        0..=3 => (n, ago, format!("{}.5", n % 97), Some(1)),
                        4..=7 => (n, ago, format!("{}.75", n % 89), Some(2)),
                        _ => (n, (inserted / SERIES) as i64 + 1 + ago, format!("{}.25", n % 83), Some(1)),
                    }
                }),
            )
        })
        .collect()
}

/// The batch-load CSV: `rows` rows of host (1,000 values), region (5), time (ms), cpu (DOUBLE),
/// mem (BIGINT); ~48 bytes a row.
pub fn csv(rows: usize) -> String {
    let mut s = String::with_capacity(rows * 50 + 32);
    s.push_str("host,region,time,cpu,mem\n");
    for i in 0..rows {
        let _ = writeln!(s, "host-{},r{},{},{}.25,{}", i % 1000, i % 5, NOW_MS - 1000 - (i as i64 / 1000), i % 100, i);
    }
    s
}

pub const CSV_BUCKET: &str = "bench-src";
pub const CSV_KEY: &str = "load/data.csv";

/// `CreateBatchLoadTask` body loading `s3://CSV_BUCKET/CSV_KEY` into DATABASE.TABLE as one
/// multi-measure record per row (dimensions host and region, attributes cpu DOUBLE and mem
/// BIGINT).
pub fn create_batch_load_task() -> String {
    serde_json::json!({
        "TargetDatabaseName": DATABASE,
        "TargetTableName": TABLE,
        "DataSourceConfiguration": {
            "DataSourceS3Configuration": {"BucketName": CSV_BUCKET, "ObjectKeyPrefix": CSV_KEY},
            "DataFormat": "CSV"
        },
        "ReportConfiguration": {"ReportS3Configuration": {"BucketName": "bench-reports", "ObjectKeyPrefix": "out"}},
        "DataModelConfiguration": {"DataModel": {
            "TimeColumn": "time",
            "TimeUnit": "MILLISECONDS",
            "DimensionMappings": [{"SourceColumn": "host"}, {"SourceColumn": "region"}],
            "MultiMeasureMappings": {
                "TargetMultiMeasureName": "metrics",
                "MultiMeasureAttributeMappings": [
                    {"SourceColumn": "cpu", "MeasureValueType": "DOUBLE"},
                    {"SourceColumn": "mem", "MeasureValueType": "BIGINT"}
                ]
            }
        }}
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_with_a_hundred_records() {
        for b in insert_bodies(2).iter().chain(&upsert_bodies(2)) {
            let v: serde_json::Value = serde_json::from_slice(b).unwrap();
            assert_eq!(v["Records"].as_array().unwrap().len(), BATCH);
        }
        assert_eq!(csv(3).lines().count(), 4);
    }
}
