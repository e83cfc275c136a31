//! The history of a record: every write attempt (inserted, updated, unchanged, rejected), kept
//! apart from the record once it has seen more than one.

use serde::{Deserialize, Serialize};

use super::value::{InValue, Value};
use super::{RecordStore, NO_HISTORY};
use crate::clock::Nanos;

/// What happened to one write attempt. On the wire `{"kind": "inserted"}` (and `updated`,
/// `unchanged`) or `{"kind": "rejected", "reason": "...", "existing_version": 3}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Outcome {
    /// The first write of this record.
    #[default]
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

/// Read through a JSON value, as [`crate::clock::ClockMode`] is (serde's reader of an internally
/// tagged enum buffers the object and reads it again).
impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut v = serde_json::Value::deserialize(d)?;
        let field = |v: &mut serde_json::Value, name: &'static str| v.get_mut(name).map(serde_json::Value::take);
        match field(&mut v, "kind").as_ref().and_then(serde_json::Value::as_str) {
            Some("inserted") => Ok(Outcome::Inserted),
            Some("updated") => Ok(Outcome::Updated),
            Some("unchanged") => Ok(Outcome::Unchanged),
            Some("rejected") => {
                let reason = field(&mut v, "reason").ok_or_else(|| D::Error::missing_field("reason"))?;
                let existing = field(&mut v, "existing_version").filter(|e| !e.is_null());
                Ok(Outcome::Rejected {
                    reason: String::deserialize(reason).map_err(D::Error::custom)?,
                    existing_version: existing.map(i64::deserialize).transpose().map_err(D::Error::custom)?,
                })
            }
            Some(other) => Err(D::Error::unknown_variant(other, &["inserted", "updated", "unchanged", "rejected"])),
            None => Err(D::Error::missing_field("kind")),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::Outcome;

    /// The wire form as serde's internally tagged enum wrote and read it (snapshots keep it), and
    /// what is not an outcome refused, naming what is wrong.
    #[test]
    fn outcomes_read_as_written() {
        let rejected = |existing_version| Outcome::Rejected { reason: "r".into(), existing_version };
        for (outcome, text) in [
            (Outcome::Inserted, r#"{"kind":"inserted"}"#),
            (Outcome::Updated, r#"{"kind":"updated"}"#),
            (Outcome::Unchanged, r#"{"kind":"unchanged"}"#),
            (rejected(None), r#"{"kind":"rejected","reason":"r"}"#),
            (rejected(Some(3)), r#"{"kind":"rejected","reason":"r","existing_version":3}"#),
        ] {
            assert_eq!(serde_json::to_string(&outcome).unwrap(), text);
            assert_eq!(serde_json::from_str::<Outcome>(text).unwrap(), outcome);
        }
        assert_eq!(serde_json::from_str::<Outcome>(r#"{"reason":"r","existing_version":null,"kind":"rejected"}"#).unwrap(), rejected(None));
        for (bad, says) in [
            (r#"{"kind":"lost"}"#, "unknown variant `lost`"),
            (r#"{"kind":"rejected"}"#, "missing field `reason`"),
            (r#"{"kind":"rejected","reason":5}"#, "invalid type: integer `5`, expected a string"),
            (r#"{"kind":"rejected","reason":"r","existing_version":"3"}"#, "expected i64"),
            (r#"{}"#, "missing field `kind`"),
        ] {
            let e = serde_json::from_str::<Outcome>(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
