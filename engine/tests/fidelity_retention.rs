//! Issue 13 item 6: retention changes. The service model says a record inside a just-widened
//! window is rejected until the new window has filled (RejectedRecord.Reason doc), and UpdateTable
//! says a memory store grown from 2 h to 24 h "will be populated with 24 hours of data 22 hours
//! after this change" (spec/write-semantics.md §6, operations.md §8). The rule
//! (docs/assumptions.md, "Retention changes"): the lower bound of each window never moves back in
//! time — growing from A to B at t0 gives a window of min(B, A + (t − t0)); shrinking applies at
//! once. The bounds carry item 7's slack (25 minutes before, 15 after).

mod fidelity_common;
use fidelity_common::*;
use serde_json::json;
use timestream_engine::Engine;

/// 2024-01-01T00:00:00Z: the time of the retention change in every test.
const T0: i64 = 1_704_067_200_000;

/// A table created a day before T0 with `extra`, the clock then moved to T0.
fn engine_at_t0(extra: serde_json::Value) -> Engine {
    let mut e = Engine::deterministic((T0 - DAY) * 1_000_000, 7);
    table(&mut e, extra);
    set_clock(&mut e, T0);
    e
}

fn memory_only(hours: i64) -> serde_json::Value {
    json!({"RetentionProperties": retention(hours, 73000)})
}

fn with_magnetic(hours: i64, days: i64) -> serde_json::Value {
    json!({"RetentionProperties": retention(hours, days), "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true}})
}

/// 2 h → 24 h at T0: the old window right after the change, one more hour of window per hour,
/// the full 24 h after 22 h (= B − A) and from then on. The reason's start stays at
/// T0 − 2 h − 25 min until the new window has caught up.
#[test]
fn memory_growth_fills_one_hour_per_hour() {
    let mut e = engine_at_t0(memory_only(2));
    update_retention(&mut e, 24, 73000);
    let described = ok(&mut e, "DescribeTable", json!({"DatabaseName": "tsdb", "TableName": "tbl"}));
    assert_eq!(described["Table"]["RetentionProperties"]["MemoryStoreRetentionPeriodInHours"], 24, "the setting itself changes at once");

    // Right after the change: the old 2 h window.
    assert!(fate_at_age(&mut e, "a", 3 * HOUR).is_err(), "right after growing to 24 h, a 3 h old record is still refused");
    assert_eq!(fate_at_age(&mut e, "a", 2 * HOUR), Ok("memory"));
    // 5 h later: 7 h of window.
    advance(&mut e, 5 * HOUR);
    assert_eq!(fate_at_age(&mut e, "b", 6 * HOUR + 50 * MIN), Ok("memory"), "5 h after the change the window is 7 h");
    assert!(fate_at_age(&mut e, "b", 8 * HOUR).is_err(), "5 h after the change the window is not 24 h yet");
    // 22 h after: the full 24 h (with the slack), and no more.
    set_clock(&mut e, T0 + 22 * HOUR);
    assert_eq!(fate_at_age(&mut e, "c", 24 * HOUR + 20 * MIN), Ok("memory"));
    assert!(fate_at_age(&mut e, "c", 24 * HOUR + 26 * MIN).is_err());
    // Long after: the plain 24 h window follows now.
    set_clock(&mut e, T0 + 30 * HOUR);
    assert_eq!(fate_at_age(&mut e, "d", 24 * HOUR + 20 * MIN), Ok("memory"));

    // The reasons: the start does not move back in time (a fresh table, the same change).
    let mut e = engine_at_t0(memory_only(2));
    update_retention(&mut e, 24, 73000);
    let floor = T0 - 2 * HOUR - PAST_SLACK;
    assert_eq!(fate_at_age(&mut e, "e", 3 * HOUR), Err(memory_reason(floor, T0 + FUTURE)));
    set_clock(&mut e, T0 + 5 * HOUR);
    assert_eq!(fate_at_age(&mut e, "f", 8 * HOUR), Err(memory_reason(floor, T0 + 5 * HOUR + FUTURE)));
    set_clock(&mut e, T0 + 22 * HOUR);
    assert_eq!(fate_at_age(&mut e, "g", 25 * HOUR), Err(memory_reason(floor, T0 + 22 * HOUR + FUTURE)));
    set_clock(&mut e, T0 + 30 * HOUR);
    let now = T0 + 30 * HOUR;
    assert_eq!(fate_at_age(&mut e, "h", 25 * HOUR), Err(memory_reason(now - 24 * HOUR - PAST_SLACK, now + FUTURE)));
}

/// Shrinking takes effect at once (UpdateTable: "the change in retention duration takes effect
/// immediately"; the memory store cannot hold what it no longer keeps). Holds today.
#[test]
fn memory_shrink_applies_at_once() {
    let mut e = engine_at_t0(memory_only(24));
    assert_eq!(fate_at_age(&mut e, "a", 3 * HOUR), Ok("memory"));
    update_retention(&mut e, 2, 73000);
    assert!(fate_at_age(&mut e, "b", 3 * HOUR).is_err(), "a 3 h old record right after shrinking to 2 h");
    assert_eq!(fate_at_age(&mut e, "c", HOUR), Ok("memory"));
}

/// The exact text after a shrink: [T0 − 2 h − 25 min, T0 + 15 min).
#[test]
fn memory_shrink_reason_names_the_new_window() {
    let mut e = engine_at_t0(memory_only(24));
    update_retention(&mut e, 2, 73000);
    assert_eq!(fate_at_age(&mut e, "b", 3 * HOUR), Err(memory_reason(T0 - 2 * HOUR - PAST_SLACK, T0 + FUTURE)));
}

/// Shrunk to 2 h at T0, grown back to 24 h an hour later: what the 2 h window dropped in that
/// hour stays dropped — the window grows from the bound it had just before the growth
/// (T0 + 1 h − 2 h), not from the 24 h the table had before the shrink.
#[test]
fn a_shrink_then_a_growth_grows_from_the_shrunk_bound() {
    let mut e = engine_at_t0(memory_only(24));
    update_retention(&mut e, 2, 73000);
    set_clock(&mut e, T0 + HOUR);
    update_retention(&mut e, 24, 73000);
    let floor = T0 - HOUR - PAST_SLACK;
    assert_eq!(fate(&mut e, "a", floor), Ok("memory"), "the shrunk bound is still inside");
    assert_eq!(fate(&mut e, "b", floor - MIN), Err(memory_reason(floor, T0 + HOUR + FUTURE)), "older than the shrunk bound stays refused");
}

/// With magnetic writes, the ages the grown memory store does not cover yet go to the magnetic
/// store (they are inside the data ingestion window); once covered, to the memory store.
#[test]
fn memory_growth_with_magnetic_writes_sends_uncovered_ages_to_the_magnetic_store() {
    let mut e = engine_at_t0(with_magnetic(2, 10));
    update_retention(&mut e, 24, 10);
    assert_eq!(fate_at_age(&mut e, "a", 5 * HOUR), Ok("magnetic"), "the memory store does not cover 5 h yet");
    set_clock(&mut e, T0 + 22 * HOUR);
    assert_eq!(fate_at_age(&mut e, "b", 23 * HOUR), Ok("memory"));
}

/// The magnetic retention follows the same rule: 1 d → 3 d at T0 (memory 1 h) gives a data
/// ingestion window that grows one hour per hour from 1 d 1 h to 3 d 1 h.
#[test]
fn magnetic_growth_fills_one_hour_per_hour() {
    let mut e = engine_at_t0(with_magnetic(1, 1));
    update_retention(&mut e, 1, 3);
    let floor = T0 - HOUR - DAY - PAST_SLACK;
    assert!(fate_at_age(&mut e, "a", 2 * DAY).is_err(), "right after growing the magnetic retention to 3 d, a 2 d old record is still refused");
    assert_eq!(fate_at_age(&mut e, "a", 2 * DAY), Err(ingestion_reason(floor, T0 + FUTURE)));
    set_clock(&mut e, T0 + DAY);
    assert_eq!(fate_at_age(&mut e, "b", 2 * DAY), Ok("magnetic"), "a day later the window is 2 d 1 h");
    assert_eq!(fate_at_age(&mut e, "c", 2 * DAY + 2 * HOUR), Err(ingestion_reason(floor, T0 + DAY + FUTURE)));
    set_clock(&mut e, T0 + 2 * DAY);
    assert_eq!(fate_at_age(&mut e, "d", 3 * DAY + HOUR + 20 * MIN), Ok("magnetic"), "two days later: the full 3 d 1 h");
}

/// Shrinking the magnetic retention applies at once. Holds today.
#[test]
fn magnetic_shrink_applies_at_once() {
    let mut e = engine_at_t0(with_magnetic(1, 3));
    assert_eq!(fate_at_age(&mut e, "a", 2 * DAY), Ok("magnetic"));
    update_retention(&mut e, 1, 1);
    assert!(fate_at_age(&mut e, "b", 2 * DAY).is_err());
    assert_eq!(fate_at_age(&mut e, "c", DAY), Ok("magnetic"));
}

/// UpdateTable calls that leave the retention as it is (magnetic writes, the same retention
/// again) do not restart the filling: the window keeps growing from the first change.
#[test]
fn updates_that_keep_the_retention_do_not_restart_the_filling() {
    let mut e = engine_at_t0(memory_only(2));
    update_retention(&mut e, 24, 73000);
    set_clock(&mut e, T0 + 5 * HOUR);
    update_retention(&mut e, 24, 73000);
    ok(&mut e, "UpdateTable", json!({"DatabaseName": "tsdb", "TableName": "tbl", "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": false}}));
    assert_eq!(fate_at_age(&mut e, "a", 6 * HOUR + 50 * MIN), Ok("memory"), "still 7 h of window 5 h after the change");
    assert!(fate_at_age(&mut e, "a", 8 * HOUR).is_err());
    set_clock(&mut e, T0 + 22 * HOUR);
    assert_eq!(fate_at_age(&mut e, "b", 24 * HOUR + 20 * MIN), Ok("memory"));
}

/// A change is dated: with the virtual clock moved back before it, the change has not happened
/// yet as far as the window goes (the current retention applies in full); moved forward again,
/// the filling resumes where it would be.
#[test]
fn a_change_after_the_clock_s_now_is_ignored_until_the_clock_passes_it() {
    let mut e = engine_at_t0(memory_only(2));
    update_retention(&mut e, 24, 73000);
    set_clock(&mut e, T0 - HOUR);
    assert_eq!(fate_at_age(&mut e, "a", 20 * HOUR), Ok("memory"), "before the change's time the 24 h window applies in full");
    set_clock(&mut e, T0 + HOUR);
    assert!(fate_at_age(&mut e, "b", 20 * HOUR).is_err(), "an hour after the change the window is 3 h");
}

/// A new table has no history: its whole window applies from creation. Holds today.
#[test]
fn a_new_table_has_its_whole_window_at_once() {
    let mut e = Engine::deterministic(T0 * 1_000_000, 7);
    table(&mut e, memory_only(24));
    assert_eq!(fate_at_age(&mut e, "a", 23 * HOUR), Ok("memory"));
}

/// Snapshot and restore keep the retention history: the restored engine refuses what the
/// original refuses, with the same reason, and its snapshot is the same text.
#[test]
fn snapshot_and_restore_keep_the_retention_history() {
    let mut e = engine_at_t0(memory_only(2));
    update_retention(&mut e, 24, 73000);
    advance(&mut e, HOUR);
    let text = e.snapshot();
    let mut restored = Engine::default();
    restored.restore(&text).expect("the snapshot restores");
    assert_eq!(restored.snapshot(), text, "lossless");
    assert_eq!(restored.now(), e.now());
    let original = fate_at_age(&mut e, "a", 10 * HOUR);
    assert!(original.is_err(), "an hour after growing 2 h → 24 h the window is 3 h");
    assert_eq!(fate_at_age(&mut restored, "a", 10 * HOUR), original, "the restored engine keeps the history");
    assert_eq!(fate_at_age(&mut restored, "b", 2 * HOUR + 50 * MIN), Ok("memory"));
}
