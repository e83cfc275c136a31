//! The history of a record: every write attempt (inserted, updated, unchanged, rejected), kept
//! apart from the record once it has seen more than one.

use serde::{Deserialize, Serialize};

use super::value::{InValue, Value};
use super::{RecordStore, NO_HISTORY};
use crate::clock::Nanos;

/// What happened to one write attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Outcome {
    /// The first write of this record.
    Inserted,
    /// A higher version replaced value and version.
    Updated,
    /// Same value and version: accepted, nothing changed (idempotent re-send).
    Unchanged,
    /// Refused; the reason as the service words it.
    Rejected {
        reason: String,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        existing_version: Option<i64>,
    },
}

/// One write attempt in a record's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub at: Nanos,
    pub version: i64,
    pub value: Value,
    pub outcome: Outcome,
}

impl RecordStore {
    /// The history of a record, created on its second attempt from the record itself (until
    /// then, the record's one accepted write is its whole history).
    fn history_mut(&mut self, id: u32) -> &mut Vec<Attempt> {
        let rec = self.records[id as usize];
        if rec.history == NO_HISTORY {
            self.histories.push(vec![Attempt { at: rec.written_s as i64 * 1_000_000_000, version: rec.version, value: rec.value, outcome: Outcome::Inserted }]);
            self.records[id as usize].history = (self.histories.len() - 1) as u32;
        }
        let h = self.records[id as usize].history;
        &mut self.histories[h as usize]
    }

    /// Records one more attempt on an existing record; an `Updated` outcome replaces value and
    /// version.
    pub fn attempt(&mut self, id: u32, at: Nanos, version: i64, value: &InValue<'_>, outcome: Outcome) {
        self.history_mut(id);
        let stored = match outcome {
            Outcome::Unchanged => self.records[id as usize].value,
            _ => self.intern_value(value),
        };
        if outcome == Outcome::Updated {
            let rec = &mut self.records[id as usize];
            rec.version = version;
            rec.value = stored;
        }
        self.history_mut(id).push(Attempt { at, version, value: stored, outcome });
    }
}
