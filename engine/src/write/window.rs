//! The ingestion window of a table: where a record at a given time goes (memory store, magnetic
//! store) or why it is refused.

use serde::Serialize;

use super::rejection::Rejection;
use super::retention::Retention;
use crate::clock::{Nanos, NANOS_PER_MINUTE};
use crate::state::TableState;

/// How far into the future a record may be (ts-limits: 15 minutes).
pub const FUTURE_ALLOWANCE: Nanos = 15 * NANOS_PER_MINUTE;
/// How far beyond the retention a record may be: every observed Reason interval is the
/// retention + 40 minutes wide (spec/write-semantics.md §6), of which the documented future
/// allowance takes 15 (docs/assumptions.md, "Ingestion window bounds").
pub const PAST_SLACK: Nanos = 25 * NANOS_PER_MINUTE;

/// Where a table's records may be written now (also the clock panel's time axis).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IngestionWindow {
    pub now: Nanos,
    /// Oldest time the memory store accepts (now − memory retention in effect − [`PAST_SLACK`]).
    pub memory_start: Nanos,
    /// Oldest time the magnetic store accepts, when magnetic writes are enabled
    /// (`memory_start` − magnetic retention).
    pub magnetic_start: Option<Nanos>,
    /// Exclusive upper bound (now + 15 minutes).
    pub end: Nanos,
}

crate::value_de::lean_reader!(IngestionWindow, Camel; now, memory_start, magnetic_start, end);

/// The store an accepted record goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Memory,
    Magnetic,
}

/// The ingestion window of a table at `now`: the interval the Reason of a refused record names
/// is the one that decides what is accepted.
pub fn window(table: &TableState, now: Nanos) -> IngestionWindow {
    // The retentions in effect: a grown one fills as time passes (`super::retention`).
    let Retention { memory, magnetic } = table.retention_history.in_effect(&table.retention, now);
    let memory_start = now.saturating_sub(memory).saturating_sub(PAST_SLACK);
    IngestionWindow {
        now,
        memory_start,
        magnetic_start: table.magnetic.enable_magnetic_store_writes.then(|| memory_start.saturating_sub(magnetic)),
        end: now.saturating_add(FUTURE_ALLOWANCE),
    }
}

impl IngestionWindow {
    /// Where a record at `time` goes, or why it is refused.
    pub fn place(&self, time: Nanos) -> Result<Placement, Rejection<'static>> {
        let (memory_start, end) = (self.memory_start, self.end);
        if time >= memory_start && time < end {
            return Ok(Placement::Memory);
        }
        if let Some(start) = self.magnetic_start {
            if time >= start && time < memory_start {
                return Ok(Placement::Magnetic);
            }
            return Err(Rejection::OutsideIngestionWindow { start, end });
        }
        Err(Rejection::OutsideMemoryStore { start: memory_start, end })
    }
}
