//! Retention changes (issue 13 item 6; docs/assumptions.md, "Item 6 — retention changes"):
//! after UpdateTable grows a retention, records inside the new window are rejected until the new
//! window's duration has passed (the service model's RejectedRecord.Reason documentation;
//! UpdateTable: a memory store grown from 2 h to 24 h "will be populated with 24 hours of data 22
//! hours after this change"). The lower bound of a window never moves back in time: a retention
//! grown from A to B at `t0` is in effect `min(B, A + (t − t0))` at `t`; a shrink applies at once;
//! memory and magnetic retentions alike.
//!
//! A table keeps the list of its retention changes ([`RetentionChange`]: when, and the settings
//! just before). Each change is a lower bound of the windows from its time on:
//! `L_mem = max(now − M, t_i − M_i)`, `L_all = max(now − M − G, t_i − M_i − G_i)` over the changes
//! with `t_i ≤ now` (a change after the clock's now — the virtual clock moved back — is ignored
//! until the clock passes it again).

use serde::{Deserialize, Serialize};

use crate::clock::{Nanos, NANOS_PER_DAY, NANOS_PER_HOUR};
use crate::types::RetentionProperties;

/// One UpdateTable that changed a table's retention: when, and the settings just before it.
#[derive(Debug, Clone, Default, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionChange {
    pub at: Nanos,
    pub memory_hours_before: i64,
    pub magnetic_days_before: i64,
}

crate::value_de::lean_reader!(RetentionChange, Camel; at, memory_hours_before, magnetic_days_before);

/// The retention changes of a table, oldest first (none for a table whose settings have applied
/// since its creation). Kept in snapshots; absent from snapshots written before changes were
/// tracked, which then load with no change (every window in full, as those builds had it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RetentionHistory(pub Vec<RetentionChange>);

/// The retentions in effect at a moment, in nanoseconds: the memory store's window reaches
/// `memory` back from now, the magnetic store's `magnetic` further back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub memory: Nanos,
    pub magnetic: Nanos,
}

/// Memory and memory + magnetic retention of settings, in nanoseconds.
fn spans(hours: i64, days: i64) -> (Nanos, Nanos) {
    let memory = hours.saturating_mul(NANOS_PER_HOUR);
    (memory, memory.saturating_add(days.saturating_mul(NANOS_PER_DAY)))
}

impl RetentionHistory {
    /// Whether no change is recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The retentions in effect at `now` for the settings `r` (once per request: the list is short).
    pub fn in_effect(&self, r: &RetentionProperties, now: Nanos) -> Retention {
        let (memory, all) = spans(r.memory_store_retention_period_in_hours, r.magnetic_store_retention_period_in_days);
        let (mut low_memory, mut low_all) = (now.saturating_sub(memory), now.saturating_sub(all));
        for c in self.0.iter().filter(|c| c.at <= now) {
            let (m, a) = spans(c.memory_hours_before, c.magnetic_days_before);
            low_memory = low_memory.max(c.at.saturating_sub(m));
            low_all = low_all.max(c.at.saturating_sub(a));
        }
        // low_all ≤ low_memory: each bound of the data ingestion window is one of the memory
        // store's minus a magnetic retention.
        Retention { memory: now.saturating_sub(low_memory), magnetic: low_memory.saturating_sub(low_all) }
    }

    /// Records UpdateTable changing the settings from `old` at `now` (nothing if they stay).
    pub fn changed(&mut self, old: &RetentionProperties, new: &RetentionProperties, now: Nanos) {
        if old != new {
            self.0.push(RetentionChange {
                at: now,
                memory_hours_before: old.memory_store_retention_period_in_hours,
                magnetic_days_before: old.magnetic_store_retention_period_in_days,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(hours: i64, days: i64) -> RetentionProperties {
        RetentionProperties { memory_store_retention_period_in_hours: hours, magnetic_store_retention_period_in_days: days }
    }

    const H: Nanos = NANOS_PER_HOUR;
    const D: Nanos = NANOS_PER_DAY;

    #[test]
    fn growth_fills_one_hour_per_hour_and_shrinks_apply_at_once() {
        let mut h = RetentionHistory::default();
        let t0 = 100 * D;
        h.changed(&props(2, 1), &props(24, 1), t0);
        let at = |h: &RetentionHistory, r: &RetentionProperties, t: Nanos| h.in_effect(r, t);
        assert_eq!(at(&h, &props(24, 1), t0), Retention { memory: 2 * H, magnetic: D });
        assert_eq!(at(&h, &props(24, 1), t0 + 5 * H).memory, 7 * H);
        assert_eq!(at(&h, &props(24, 1), t0 + 22 * H).memory, 24 * H);
        assert_eq!(at(&h, &props(24, 1), t0 + 40 * H).memory, 24 * H);
        assert_eq!(at(&h, &props(24, 1), t0 - H).memory, 24 * H, "before the change's time the setting applies in full");
        // 5 h in (7 h in effect), down to 12 h: still growing from 7 h; then down to 3 h: at once.
        h.changed(&props(24, 1), &props(12, 1), t0 + 5 * H);
        assert_eq!(at(&h, &props(12, 1), t0 + 5 * H).memory, 7 * H);
        assert_eq!(at(&h, &props(12, 1), t0 + 9 * H).memory, 11 * H);
        h.changed(&props(12, 1), &props(3, 1), t0 + 9 * H);
        assert_eq!(at(&h, &props(3, 1), t0 + 9 * H).memory, 3 * H);
        // The magnetic retention: 1 d → 3 d grows the data ingestion window one hour per hour.
        h.changed(&props(3, 1), &props(3, 3), t0 + 10 * H);
        assert_eq!(at(&h, &props(3, 3), t0 + 10 * H), Retention { memory: 3 * H, magnetic: D });
        assert_eq!(at(&h, &props(3, 3), t0 + 10 * H + D), Retention { memory: 3 * H, magnetic: 2 * D });
        assert_eq!(at(&h, &props(3, 3), t0 + 10 * H + 5 * D), Retention { memory: 3 * H, magnetic: 3 * D });
        // Unchanged settings record nothing.
        let n = h.0.len();
        h.changed(&props(3, 3), &props(3, 3), t0 + 11 * H);
        assert_eq!(h.0.len(), n);
    }
}
