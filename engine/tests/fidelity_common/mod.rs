//! Shared helpers of the fidelity_* tests (issue 13, "Fidelity at the edges"). The expected
//! strings are built here from first principles (a date formatter of its own, the bounds from
//! docs/assumptions.md), not with the engine's functions, so a test cannot agree with a bug.
#![allow(dead_code)]

use serde_json::{json, Value};
use timestream_engine::Engine;

pub const SEC: i64 = 1_000;
pub const MIN: i64 = 60 * SEC;
pub const HOUR: i64 = 60 * MIN;
pub const DAY: i64 = 24 * HOUR;

/// The observed interval is retention + 40 minutes: 25 minutes of it before the retention,
/// 15 (the documented future allowance) after now (docs/assumptions.md, "Ingestion window").
pub const PAST_SLACK: i64 = 25 * MIN;
pub const FUTURE: i64 = 15 * MIN;

/// Milliseconds since the epoch as the service prints them in reasons:
/// `2023-02-13T19:22:45.051Z` (proleptic Gregorian, UTC).
pub fn iso(ms: i64) -> String {
    let (days, rem) = (ms.div_euclid(DAY), ms.rem_euclid(DAY));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s, milli) = (rem / HOUR, rem % HOUR / MIN, rem % MIN / SEC, rem % SEC);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

/// The inverse of [`iso`] for the reasons' timestamps (only that exact shape).
pub fn parse_iso(s: &str) -> i64 {
    let n = |a: usize, b: usize| s[a..b].parse::<i64>().unwrap_or_else(|_| panic!("not a timestamp: {s}"));
    let (y, mo, d) = (n(0, 4), n(5, 7), n(8, 10));
    // days_from_civil
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = if mo > 2 { mo - 3 } else { mo + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * DAY + n(11, 13) * HOUR + n(14, 16) * MIN + n(17, 19) * SEC + n(20, 23)
}

pub fn memory_reason(start_ms: i64, end_ms: i64) -> String {
    format!("The record timestamp is outside the time range [{}, {}) of the memory store.", iso(start_ms), iso(end_ms))
}

pub fn ingestion_reason(start_ms: i64, end_ms: i64) -> String {
    format!("The record timestamp is outside the time range [{}, {}) of the data ingestion window.", iso(start_ms), iso(end_ms))
}

/// The `[start, end)` of a window reason, in milliseconds.
pub fn reason_bounds(reason: &str) -> (i64, i64) {
    let open = reason.find('[').unwrap_or_else(|| panic!("no interval in {reason:?}"));
    let close = reason.find(')').unwrap_or_else(|| panic!("no interval in {reason:?}"));
    let (a, b) = reason[open + 1..close].split_once(", ").unwrap_or_else(|| panic!("no interval in {reason:?}"));
    (parse_iso(a), parse_iso(b))
}

/// Moves the engine's virtual clock to `ms` (milliseconds since the epoch).
pub fn set_clock(e: &mut Engine, ms: i64) {
    e.clock_mut().set(ms * 1_000_000);
}

pub fn advance(e: &mut Engine, by_ms: i64) {
    e.clock_mut().advance(by_ms * 1_000_000);
}

pub fn now_ms(e: &Engine) -> i64 {
    e.now().div_euclid(1_000_000)
}

/// One request to the seam: (status, body).
pub fn call(e: &mut Engine, op: &str, body: Value) -> (u16, Value) {
    let r = e.handle(&format!("Timestream_20181101.{op}"), body.to_string().as_bytes());
    (r.status, r.json())
}

pub fn ok(e: &mut Engine, op: &str, body: Value) -> Value {
    let (status, v) = call(e, op, body.clone());
    assert_eq!(status, 200, "{op} {body} failed: {v}");
    v
}

/// Database `tsdb`, table `tbl` with the given extra CreateTable members.
pub fn table(e: &mut Engine, extra: Value) {
    ok(e, "CreateDatabase", json!({"DatabaseName": "tsdb"}));
    let mut req = json!({"DatabaseName": "tsdb", "TableName": "tbl"});
    for (k, v) in extra.as_object().expect("an object") {
        req[k] = v.clone();
    }
    ok(e, "CreateTable", req);
}

pub fn retention(memory_hours: i64, magnetic_days: i64) -> Value {
    json!({"MemoryStoreRetentionPeriodInHours": memory_hours, "MagneticStoreRetentionPeriodInDays": magnetic_days})
}

pub fn update_retention(e: &mut Engine, memory_hours: i64, magnetic_days: i64) {
    ok(e, "UpdateTable", json!({"DatabaseName": "tsdb", "TableName": "tbl", "RetentionProperties": retention(memory_hours, magnetic_days)}));
}

/// A single-measure DOUBLE record at `time_ms` (absolute), one dimension `host`.
pub fn at(host: &str, time_ms: i64) -> Value {
    json!({"Dimensions": [{"Name": "host", "Value": host}], "MeasureName": "cpu", "MeasureValue": "1.5",
           "MeasureValueType": "DOUBLE", "Time": time_ms.to_string()})
}

pub fn write(e: &mut Engine, records: Vec<Value>) -> (u16, Value) {
    call(e, "WriteRecords", json!({"DatabaseName": "tsdb", "TableName": "tbl", "Records": records}))
}

/// Where one record written alone at the engine's now goes: `Ok("memory")`, `Ok("magnetic")`
/// or `Err(reason)`.
pub fn fate(e: &mut Engine, host: &str, time_ms: i64) -> Result<&'static str, String> {
    let (status, v) = write(e, vec![at(host, time_ms)]);
    match status {
        200 if v["RecordsIngested"]["MemoryStore"] == 1 => Ok("memory"),
        200 if v["RecordsIngested"]["MagneticStore"] == 1 => Ok("magnetic"),
        419 => Err(v["RejectedRecords"][0]["Reason"].as_str().unwrap_or_default().to_string()),
        _ => panic!("unexpected answer {status} {v}"),
    }
}

/// The record written `age_ms` before the engine's now (negative: in the future).
pub fn fate_at_age(e: &mut Engine, host: &str, age_ms: i64) -> Result<&'static str, String> {
    let t = now_ms(e) - age_ms;
    fate(e, host, t)
}
