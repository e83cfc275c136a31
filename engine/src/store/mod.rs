//! The record store of one table: series (interned, sorted dimension sets) → records keyed by
//! (series, measure name, time), each with its current value and version, plus the history of
//! every write attempt once a record has seen more than one. Compact: 48 bytes a record plus a
//! 5-byte index slot; strings are interned once per table.
//!
//! Here the record layout; `index` finds and inserts records, `history` keeps write attempts,
//! `schema` the table's schema and the symbol cache (`Syms`), `views` what the inspector shows,
//! `portable` the snapshot form, `value` and `intern` values and strings.

mod history;
mod index;
mod intern;
mod portable;
mod schema;
pub mod value;
mod views;

use hashbrown::{DefaultHashBuilder, HashMap, HashTable};

pub use history::{Attempt, Outcome};
pub use intern::{Interner, Sym};
pub use schema::Syms;
pub use value::{AttributeView, InValue, MeasureType, Value, ValueView};
pub use views::{AttemptView, RecordView, SeriesView};

use crate::clock::Nanos;

/// `StoredRecord::history` of a record whose one accepted write is its whole history.
const NO_HISTORY: u32 = u32::MAX;

/// One stored record. 48 bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoredRecord {
    pub series: u32,
    pub measure: Sym,
    pub time: Nanos,
    pub version: i64,
    pub value: Value,
    /// Wall-clock second of the first accepted write (the history has the rest).
    pub written_s: u32,
    history: u32,
}

#[derive(Debug, Clone, Default)]
pub struct RecordStore {
    strings: Interner,
    series: Vec<Box<[(Sym, Sym)]>>,
    series_records: Vec<u32>,
    /// The earliest and latest time stored in each series. A record outside that span is new
    /// without a look in the record index: a series mostly grows at one end (live data, or a
    /// backfill going back), and on a large table that look costs a cache miss or two.
    series_span: Vec<(Nanos, Nanos)>,
    series_index: HashTable<u32>,
    records: Vec<StoredRecord>,
    record_index: HashTable<u32>,
    /// The attributes of every stored MULTI value side by side (each value's sorted by name);
    /// `Value::Multi(start, count)` says where a value's are. One allocation for all of them
    /// instead of one per record.
    multi_attrs: Vec<(Sym, Value)>,
    histories: Vec<Vec<Attempt>>,
    /// Measure name → its type (MULTI for multi-measure records): one type per name per table.
    pub(crate) measure_types: HashMap<Sym, MeasureType>,
    /// Multi-measure attribute name → its type.
    pub(crate) attribute_types: HashMap<Sym, MeasureType>,
    /// Every dimension name ever written.
    pub(crate) dimension_names: Vec<Sym>,
    hasher: DefaultHashBuilder,
}

impl RecordStore {
    pub fn strings(&self) -> &Interner {
        &self.strings
    }

    pub fn record_count(&self) -> usize {
        self.records.len()
    }

    pub fn series_count(&self) -> usize {
        self.series.len()
    }

    pub fn record(&self, id: u32) -> Option<&StoredRecord> {
        self.records.get(id as usize)
    }

    /// Bytes held by records and indexes, excluding interned strings and histories.
    pub fn record_bytes(&self) -> usize {
        self.records.capacity() * std::mem::size_of::<StoredRecord>() + self.record_index.capacity() * (std::mem::size_of::<u32>() + 1)
    }
}

fn to_secs(at: Nanos) -> u32 {
    (at.div_euclid(1_000_000_000)).clamp(0, u32::MAX as i64) as u32
}
