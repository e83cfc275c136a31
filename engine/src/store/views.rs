//! The inspector's views of a table: series and record pages, values and histories with their
//! strings resolved.

use hashbrown::HashMap;
use serde::Serialize;

use super::history::Outcome;
use super::value::{self, AttributeView, MeasureType, Value, ValueView};
use super::{RecordStore, Sym, NO_HISTORY};
use crate::clock::Nanos;

/// A write attempt as the inspector shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptView {
    pub at: Nanos,
    pub version: i64,
    pub value: ValueView,
    pub outcome: Outcome,
}

crate::value_de::lean_reader!(AttemptView, Camel; at, version, value, outcome);

/// A series as the inspector shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesView {
    pub id: u32,
    pub dimensions: Vec<(String, String)>,
    pub records: u32,
}

crate::value_de::lean_reader!(SeriesView, Camel; id, dimensions, records);

/// A record as the inspector shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordView {
    pub id: u32,
    pub series: u32,
    pub measure_name: String,
    pub time: Nanos,
    pub version: i64,
    pub value: ValueView,
    pub attempts: usize,
}

crate::value_de::lean_reader!(RecordView, Camel; id, series, measure_name, time, version, value, attempts);

impl RecordStore {
    pub fn view_value(&self, v: &Value) -> ValueView {
        match v {
            Value::Multi(start, count) => ValueView {
                r#type: MeasureType::Multi,
                value: None,
                measure_values: Some(
                    self.multi(*start, *count)
                        .iter()
                        .map(|(n, a)| AttributeView {
                            name: self.strings.resolve(*n).to_string(),
                            r#type: value::scalar_type(a),
                            value: value::scalar_text(a, &self.strings),
                        })
                        .collect(),
                ),
            },
            other => ValueView { r#type: value::scalar_type(other), value: Some(value::scalar_text(other, &self.strings)), measure_values: None },
        }
    }

    pub fn series_dimensions(&self, id: u32) -> Vec<(String, String)> {
        let mut dims: Vec<(String, String)> =
            self.series[id as usize].iter().map(|(n, v)| (self.strings.resolve(*n).to_string(), self.strings.resolve(*v).to_string())).collect();
        dims.sort();
        dims
    }

    /// A page of series, in insertion order.
    pub fn series_page(&self, offset: usize, limit: usize) -> Vec<SeriesView> {
        (offset..self.series.len().min(offset.saturating_add(limit)))
            .map(|i| SeriesView { id: i as u32, dimensions: self.series_dimensions(i as u32), records: self.series_records[i] })
            .collect()
    }

    pub fn view_record(&self, id: u32) -> Option<RecordView> {
        let rec = self.records.get(id as usize)?;
        Some(RecordView {
            id,
            series: rec.series,
            measure_name: self.strings.resolve(rec.measure).to_string(),
            time: rec.time,
            version: rec.version,
            value: self.view_value(&rec.value),
            attempts: if rec.history == NO_HISTORY { 1 } else { self.histories[rec.history as usize].len() },
        })
    }

    /// A page of the records of one series, ordered by measure name then time. One pass over
    /// the records, then a sort on integers: the series' few measure names are ranked
    /// alphabetically once, so a series of a million records sorts without string compares.
    pub fn records_of_series(&self, series: u32, offset: usize, limit: usize) -> Vec<RecordView> {
        let mut keys: Vec<(Sym, Nanos, u32)> =
            self.records.iter().enumerate().filter(|(_, r)| r.series == series).map(|(i, r)| (r.measure, r.time, i as u32)).collect();
        let mut names: Vec<Sym> = keys.iter().map(|k| k.0).collect::<hashbrown::HashSet<Sym>>().into_iter().collect();
        names.sort_unstable_by_key(|&m| self.strings.resolve(m));
        let rank: HashMap<Sym, u32> = names.iter().enumerate().map(|(i, &m)| (m, i as u32)).collect();
        for k in &mut keys {
            k.0 = rank.get(&k.0).copied().unwrap_or(u32::MAX);
        }
        keys.sort_unstable();
        keys.into_iter().skip(offset).take(limit).filter_map(|(_, _, i)| self.view_record(i)).collect()
    }

    /// Every write attempt of a record, oldest first.
    pub fn history(&self, id: u32) -> Vec<AttemptView> {
        let Some(rec) = self.records.get(id as usize) else { return Vec::new() };
        if rec.history == NO_HISTORY {
            return vec![AttemptView {
                at: rec.written_s as i64 * 1_000_000_000,
                version: rec.version,
                value: self.view_value(&rec.value),
                outcome: Outcome::Inserted,
            }];
        }
        self.histories[rec.history as usize]
            .iter()
            .map(|a| AttemptView { at: a.at, version: a.version, value: self.view_value(&a.value), outcome: a.outcome.clone() })
            .collect()
    }
}
