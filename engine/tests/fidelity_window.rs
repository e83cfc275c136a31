//! Issue 13 item 7: the ingestion window's Reason interval. Every observed reason spans the
//! retention + 40 minutes (spec/write-semantics.md §6: [JEST], [POC-02], [POC-03], [TS-SQ]);
//! the split chosen is 25 minutes before the retention and the documented 15 minutes after now
//! (docs/assumptions.md, "Ingestion window"), and the same interval decides what is accepted.

mod fidelity_common;
use fidelity_common::*;
use serde_json::json;
use timestream_engine::Engine;

/// 2024-01-01T00:00:00Z.
const T0: i64 = 1_704_067_200_000;

fn engine_with(extra: serde_json::Value) -> Engine {
    let mut e = Engine::deterministic(T0 * 1_000_000, 7);
    table(&mut e, extra);
    e
}

/// The four observed reasons, reproduced verbatim: the clock is set 15 minutes before each
/// observed end, the table has the retention the width implies.
#[test]
fn observed_reasons_are_reproduced_verbatim() {
    // (memory hours, magnetic days or none, observed reason); the retention is the observed width
    // minus 40 minutes ([POC-02], [POC-03] state it; [JEST] 7 days and [TS-SQ] 24 h are implied).
    let samples = [
        (168, None, "The record timestamp is outside the time range [2023-02-13T19:22:45.051Z, 2023-02-20T20:02:45.051Z) of the memory store."),
        (12, None, "The record timestamp is outside the time range [2023-11-28T06:12:10.452Z, 2023-11-28T18:52:10.452Z) of the memory store."),
        (24, None, "The record timestamp is outside the time range [2021-11-19T00:07:04.593Z, 2021-11-20T00:47:04.593Z) of the memory store."),
        (12, Some(5), "The record timestamp is outside the time range [2023-11-23T06:45:39.648Z, 2023-11-28T19:25:39.648Z) of the data ingestion window."),
    ];
    for (memory, magnetic, observed) in samples {
        let (start, end) = reason_bounds(observed);
        let mut extra = json!({"RetentionProperties": retention(memory, magnetic.unwrap_or(73000))});
        if magnetic.is_some() {
            extra["MagneticStoreWriteProperties"] = json!({"EnableMagneticStoreWrites": true});
        }
        let mut e = Engine::deterministic((end - FUTURE) * 1_000_000, 7);
        table(&mut e, extra);
        assert_eq!(fate(&mut e, "old", start - HOUR), Err(observed.to_string()), "too old, sample {observed}");
        assert_eq!(fate(&mut e, "new", end + HOUR), Err(observed.to_string()), "too new, sample {observed}");
    }
}

/// The default 6 h table: the interval is [now − 6 h 25 min, now + 15 min), 6 h 40 min wide,
/// for a record too old and a record too new alike.
#[test]
fn too_old_and_too_new_name_the_same_interval_of_retention_plus_40_minutes() {
    let mut e = engine_with(json!({}));
    let expected = memory_reason(T0 - 6 * HOUR - PAST_SLACK, T0 + FUTURE);
    assert_eq!(expected, "The record timestamp is outside the time range [2023-12-31T17:35:00.000Z, 2024-01-01T00:15:00.000Z) of the memory store.");
    let (status, v) = write(&mut e, vec![at("ok", T0), at("old", T0 - 7 * HOUR), at("new", T0 + 16 * MIN)]);
    assert_eq!(status, 419, "{v}");
    assert_eq!(v["RejectedRecords"], json!([{"RecordIndex": 1, "Reason": expected}, {"RecordIndex": 2, "Reason": expected}]));
    let (start, end) = reason_bounds(&expected);
    assert_eq!(end - start, 6 * HOUR + 40 * MIN);
}

/// What is accepted is exactly the interval the reason names: its start is in, one millisecond
/// before is out; one millisecond before its end is in, its end is out.
#[test]
fn memory_store_bounds_accept_what_the_text_says() {
    let mut e = engine_with(json!({"RetentionProperties": retention(12, 73000)}));
    let (start, end) = (T0 - 12 * HOUR - PAST_SLACK, T0 + FUTURE);
    let reason = memory_reason(start, end);
    assert_eq!(fate(&mut e, "a", start), Ok("memory"), "the start is inside [start, end)");
    assert_eq!(fate(&mut e, "b", start - 1), Err(reason.clone()));
    assert_eq!(fate(&mut e, "c", end - 1), Ok("memory"));
    assert_eq!(fate(&mut e, "d", end), Err(reason.clone()), "the end is outside [start, end)");
    // Inside the 25 minutes before the retention: accepted (the text says so).
    assert_eq!(fate(&mut e, "e", T0 - 12 * HOUR - 20 * MIN), Ok("memory"));
    // The text of a rejection is the interval the acceptance used.
    let (s, t) = reason_bounds(&reason);
    assert_eq!((s, t), (start, end));
}

/// With magnetic store writes the data ingestion window is [now − memory − magnetic − 25 min,
/// now + 15 min); the memory store takes [now − memory − 25 min, ...), older records go to the
/// magnetic store.
#[test]
fn magnetic_window_and_the_memory_magnetic_split_use_the_same_slack() {
    let mut e = engine_with(json!({"RetentionProperties": retention(12, 5), "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true}}));
    let memory_start = T0 - 12 * HOUR - PAST_SLACK;
    let start = memory_start - 5 * DAY;
    let end = T0 + FUTURE;
    let reason = ingestion_reason(start, end);
    assert_eq!(reason, "The record timestamp is outside the time range [2023-12-26T11:35:00.000Z, 2024-01-01T00:15:00.000Z) of the data ingestion window.");
    assert_eq!(fate(&mut e, "a", memory_start), Ok("memory"));
    assert_eq!(fate(&mut e, "b", memory_start - 1), Ok("magnetic"));
    assert_eq!(fate(&mut e, "c", start), Ok("magnetic"));
    assert_eq!(fate(&mut e, "d", start - 1), Err(reason.clone()));
    assert_eq!(fate(&mut e, "e", end - 1), Ok("memory"));
    assert_eq!(fate(&mut e, "f", end), Err(reason));
}

/// Today's behaviour that stays: the future allowance is 15 minutes and the interval end is
/// now + 15 min for every retention (this part already holds; it guards the rule's other half).
#[test]
fn the_future_bound_is_now_plus_15_minutes() {
    for memory in [1, 6, 12, 8766] {
        let mut e = engine_with(json!({"RetentionProperties": retention(memory, 73000)}));
        assert_eq!(fate(&mut e, "a", T0 + FUTURE - 1), Ok("memory"), "memory {memory} h");
        let reason = fate(&mut e, "b", T0 + FUTURE).expect_err("the end is outside");
        assert_eq!(reason_bounds(&reason).1, T0 + FUTURE, "{reason}");
    }
}

/// The width of every reason is the memory retention + 40 minutes (memory store) or memory +
/// magnetic + 40 minutes (data ingestion window), whatever the retention.
#[test]
fn reason_width_is_retention_plus_40_minutes_for_any_retention() {
    for (memory, magnetic, writes) in [(1, 1, false), (6, 73000, false), (8766, 1, false), (1, 1, true), (24, 30, true)] {
        let mut e =
            engine_with(json!({"RetentionProperties": retention(memory, magnetic), "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": writes}}));
        let reason = fate(&mut e, "x", T0 + DAY).expect_err("a day ahead is too new");
        let (start, end) = reason_bounds(&reason);
        let retention = memory * HOUR + if writes { magnetic * DAY } else { 0 };
        assert_eq!(end - start, retention + 40 * MIN, "memory {memory} h, magnetic {magnetic} d, writes {writes}: {reason}");
    }
}
