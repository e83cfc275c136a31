//! The record store of one table: series (interned, sorted dimension sets) → records keyed by
//! (series, measure name, time), each with its current value and version, plus the history of
//! every write attempt once a record has seen more than one. Compact: 48 bytes a record plus a
//! 5-byte index slot; strings are interned once per table.

mod intern;
mod portable;
pub mod value;

use hashbrown::HashMap;
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};
use serde::{Deserialize, Serialize};

pub use intern::{Interner, Sym};
pub use value::{AttributeView, InValue, MeasureType, Value, ValueView};

use crate::clock::Nanos;
use crate::fastkey::FastKey;

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

/// A write attempt as the inspector shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptView {
    pub at: Nanos,
    pub version: i64,
    pub value: ValueView,
    pub outcome: Outcome,
}

/// A series as the inspector shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesView {
    pub id: u32,
    pub dimensions: Vec<(String, String)>,
    pub records: u32,
}

/// A record as the inspector shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// A record's strings resolved to this table's symbols, each looked up once
/// ([`RecordStore::resolve`]); `None` is a string the table has never stored. The write path
/// runs the schema rules, the lookup and the insert on these instead of hashing each string
/// again at every step. Reused across the records of one table (a request, a batch-load step):
/// it keeps its buffers, and remembers the symbol of the last short name at each position
/// (measure name, dimension names, attribute names), which nearly every record repeats.
#[derive(Debug, Clone, Default)]
pub struct Syms {
    pub measure: Option<Sym>,
    /// Parallel to the record's dimensions: (name, value).
    pub dims: Vec<(Option<Sym>, Option<Sym>)>,
    /// Parallel to a MULTI value's attributes: their names.
    pub attrs: Vec<Option<Sym>>,
    /// Measure name, dimension names, attribute names.
    names: [Names; 3],
    /// Set by the schema rules: the table knows every name of the record with its type, so
    /// writing it registers nothing new.
    pub schema_known: bool,
    /// The signature ([`Syms::sign`]) of the last record the schema rules found fully known,
    /// and scratch space for the current one.
    known_signature: Vec<u32>,
    signature: Vec<u32>,
}

impl Syms {
    /// Writes the record's schema signature into `self.signature`: measure name, value type,
    /// dimension names in order, attribute names and types. False when a name is not stored.
    fn sign(&mut self, value: &InValue<'_>) -> bool {
        let sig = &mut self.signature;
        sig.clear();
        let Some(m) = self.measure else { return false };
        sig.extend([m, value.measure_type() as u32, self.dims.len() as u32]);
        for (n, _) in &self.dims {
            let Some(n) = n else { return false };
            sig.push(*n);
        }
        if let InValue::Multi(attrs) = value {
            for ((_, v), n) in attrs.iter().zip(&self.attrs) {
                let Some(n) = n else { return false };
                sig.extend([*n, v.measure_type() as u32]);
            }
        }
        true
    }

    /// Whether the record has the names and types of the last record the schema rules found
    /// fully known. Then they hold for it too: a table's names only ever gain a type, never
    /// change or lose it, and a name never becomes a measure and a dimension (or attribute)
    /// at once, so "every name known, with this type, and no conflict" stays true.
    pub fn schema_seen(&mut self, value: &InValue<'_>) -> bool {
        !self.known_signature.is_empty() && self.sign(value) && self.signature == self.known_signature
    }

    /// Remembers the record the schema rules just found fully known.
    pub fn remember_schema(&mut self, value: &InValue<'_>) {
        if self.sign(value) {
            std::mem::swap(&mut self.known_signature, &mut self.signature);
        }
    }
}

/// The last name (up to 16 bytes, as a [`FastKey`]: compared without a call) resolved at each
/// position, with its symbol. Only found symbols are kept: a name the table lacked may be
/// interned by the next insert.
#[derive(Debug, Clone, Default)]
struct Names(Vec<(FastKey, Sym)>);

impl Names {
    #[inline]
    fn get(&mut self, slot: usize, s: &str, strings: &Interner) -> Option<Sym> {
        if s.len() > 16 {
            return strings.get(s);
        }
        let k = FastKey::of(s);
        if let Some(&(last, sym)) = self.0.get(slot) {
            if last == k {
                return Some(sym);
            }
        }
        let sym = strings.get(s)?;
        if let Some(e) = self.0.get_mut(slot) {
            *e = (k, sym);
        } else if self.0.len() == slot {
            self.0.push((k, sym));
        }
        Some(sym)
    }
}

fn series_hash(h: &DefaultHashBuilder, dims: &[(Sym, Sym)]) -> u64 {
    h.hash_one(dims)
}

fn record_hash(h: &DefaultHashBuilder, series: u32, measure: Sym, time: Nanos) -> u64 {
    h.hash_one((series, measure, time))
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

    fn find_series_key(&self, key: &[(Sym, Sym)]) -> Option<u32> {
        let h = series_hash(&self.hasher, key);
        self.series_index.find(h, |&s| *self.series[s as usize] == *key).copied()
    }

    /// Looks up each string of a record once (see [`Syms`]).
    pub fn resolve(&self, dims: &[(&str, &str)], measure: &str, value: &InValue<'_>, out: &mut Syms) {
        let strings = &self.strings;
        let [measures, dim_names, attr_names] = &mut out.names;
        out.measure = measures.get(0, measure, strings);
        out.dims.clear();
        out.dims.extend(dims.iter().enumerate().map(|(j, (n, v))| (dim_names.get(j, n, strings), strings.get(v))));
        out.attrs.clear();
        if let InValue::Multi(attrs) = value {
            out.attrs.extend(attrs.iter().enumerate().map(|(j, (n, _))| attr_names.get(j, n, strings)));
        }
    }

    /// The series of resolved dimensions, if stored.
    fn find_series_syms(&self, dims: &[(Option<Sym>, Option<Sym>)]) -> Option<u32> {
        const INLINE: usize = 16;
        let mut buf = [(0 as Sym, 0 as Sym); INLINE];
        let mut heap = Vec::new();
        let key: &mut [(Sym, Sym)] = if dims.len() <= INLINE {
            for (slot, (n, v)) in buf.iter_mut().zip(dims) {
                *slot = ((*n)?, (*v)?);
            }
            &mut buf[..dims.len()]
        } else {
            for (n, v) in dims {
                heap.push(((*n)?, (*v)?));
            }
            &mut heap
        };
        key.sort_unstable();
        self.find_series_key(key)
    }

    /// Where the record with these resolved strings at `time` is: its series (if stored) and the
    /// record (if stored). The series goes on to [`RecordStore::insert_resolved`].
    pub fn locate(&self, syms: &Syms, time: Nanos) -> (Option<u32>, Option<u32>) {
        let series = self.find_series_syms(&syms.dims);
        let inside = |s: u32| {
            let (earliest, latest) = self.series_span[s as usize];
            (earliest..=latest).contains(&time)
        };
        let stored = series.filter(|&s| inside(s)).and_then(|s| self.find_in_series(s, syms, time));
        (series, stored)
    }

    fn find_in_series(&self, series: u32, syms: &Syms, time: Nanos) -> Option<u32> {
        let m = syms.measure?;
        let h = record_hash(&self.hasher, series, m, time);
        self.record_index
            .find(h, |&r| {
                let rec = &self.records[r as usize];
                rec.series == series && rec.measure == m && rec.time == time
            })
            .copied()
    }

    /// The record with this identity (dimension set, measure name, time), if stored.
    pub fn find(&self, dims: &[(&str, &str)], measure: &str, time: Nanos) -> Option<u32> {
        let mut syms = Syms::default();
        self.resolve(dims, measure, &InValue::Boolean(false), &mut syms);
        self.locate(&syms, time).1
    }

    pub fn intern_value(&mut self, v: &InValue<'_>) -> Value {
        self.intern_value_resolved(v, &mut Vec::new())
    }

    /// `intern_value` with the attribute names of a MULTI value already resolved (parallel to
    /// its attributes; an empty slice means unresolved).
    fn intern_value_resolved(&mut self, v: &InValue<'_>, attr_syms: &mut [Option<Sym>]) -> Value {
        match v {
            InValue::Multi(attrs) => {
                // Attribute values are scalars (the request rules refuse a MULTI attribute), so
                // they go straight to the end of `multi_attrs`; a nested MULTI would put its own
                // attributes there first, so it takes a buffer.
                let nested = attrs.iter().any(|(_, a)| matches!(a, InValue::Multi(_)));
                let mut buffer: Vec<(Sym, Value)> = Vec::new();
                let start = self.multi_attrs.len();
                for (i, (n, a)) in attrs.iter().enumerate() {
                    let sym = match attr_syms.get_mut(i) {
                        Some(slot) => self.fill(slot, n),
                        None => self.strings.intern(n),
                    };
                    let v = self.intern_scalar(a);
                    if nested { &mut buffer } else { &mut self.multi_attrs }.push((sym, v));
                }
                let start = if nested { self.multi_attrs.len() } else { start };
                self.multi_attrs.append(&mut buffer);
                self.multi_attrs[start..].sort_unstable_by_key(|(n, _)| *n);
                Value::Multi(start as u32, attrs.len() as u32)
            }
            scalar => self.intern_scalar(scalar),
        }
    }

    /// A scalar value's stored form (a MULTI one goes the long way).
    #[inline]
    fn intern_scalar(&mut self, v: &InValue<'_>) -> Value {
        match v {
            InValue::Double(d) => Value::Double(*d),
            InValue::Bigint(i) => Value::Bigint(*i),
            InValue::Boolean(b) => Value::Boolean(*b),
            InValue::Varchar(s) => Value::Varchar(self.strings.intern(s)),
            InValue::Timestamp(t) => Value::Timestamp(*t),
            InValue::Multi(_) => self.intern_value_resolved(v, &mut []),
        }
    }

    /// The attributes of a stored MULTI value (`Value::Multi(start, count)`), sorted by name.
    fn multi(&self, start: u32, count: u32) -> &[(Sym, Value)] {
        self.multi_attrs.get(start as usize..start as usize + count as usize).unwrap_or_default()
    }

    /// Whether a stored value equals a request value (same type and same parsed value; MULTI:
    /// the same set of attributes).
    pub fn value_equals(&self, stored: &Value, v: &InValue<'_>) -> bool {
        match (stored, v) {
            (Value::Double(a), InValue::Double(b)) => a == b,
            (Value::Bigint(a), InValue::Bigint(b)) => a == b,
            (Value::Boolean(a), InValue::Boolean(b)) => a == b,
            (Value::Varchar(a), InValue::Varchar(b)) => self.strings.resolve(*a) == *b,
            (Value::Timestamp(a), InValue::Timestamp(b)) => a == b,
            (Value::Multi(start, count), InValue::Multi(attrs)) => {
                let stored = self.multi(*start, *count);
                stored.len() == attrs.len()
                    && attrs.iter().all(|(n, av)| {
                        self.strings
                            .get(n)
                            .and_then(|sym| stored.iter().find(|(s, _)| *s == sym))
                            .is_some_and(|(_, sv)| self.value_equals(sv, av))
                    })
            }
            _ => false,
        }
    }

    /// Stores a new record; returns its id.
    pub fn insert(&mut self, dims: &[(&str, &str)], measure: &str, time: Nanos, version: i64, value: &InValue<'_>, at: Nanos) -> u32 {
        let mut syms = Syms::default();
        self.resolve(dims, measure, value, &mut syms);
        let series = self.find_series_syms(&syms.dims);
        self.insert_resolved(&mut syms, series, dims, measure, time, version, value, at)
    }

    /// Interns a resolved string that the table does not have yet.
    fn fill(&mut self, slot: &mut Option<Sym>, s: &str) -> Sym {
        match *slot {
            Some(sym) => sym,
            None => {
                let sym = self.strings.intern(s);
                *slot = Some(sym);
                sym
            }
        }
    }

    /// Stores a new record whose strings were resolved by [`RecordStore::resolve`] (the symbols
    /// still missing are interned and written back into `syms`) in `series` as
    /// [`RecordStore::locate`] found it (None: a new series); returns its id.
    #[allow(clippy::too_many_arguments)]
    pub fn insert_resolved(&mut self, syms: &mut Syms, series: Option<u32>, dims: &[(&str, &str)], measure: &str, time: Nanos, version: i64, value: &InValue<'_>, at: Nanos) -> u32 {
        let series = match series {
            Some(id) => id,
            None => {
                let mut key: Vec<(Sym, Sym)> = Vec::with_capacity(dims.len());
                for (slot, (n, v)) in syms.dims.iter_mut().zip(dims) {
                    let (mut a, mut b) = *slot;
                    let pair = (self.fill(&mut a, n), self.fill(&mut b, v));
                    *slot = (a, b);
                    key.push(pair);
                }
                key.sort_unstable();
                let h = series_hash(&self.hasher, &key);
                let id = self.series.len() as u32;
                self.series.push(key.into_boxed_slice());
                self.series_records.push(0);
                self.series_span.push((Nanos::MAX, Nanos::MIN));
                let (series, hasher) = (&self.series, &self.hasher);
                self.series_index.insert_unique(h, id, |&s| series_hash(hasher, &series[s as usize]));
                id
            }
        };
        let mut m = syms.measure;
        let m = self.fill(&mut m, measure);
        syms.measure = Some(m);
        let value = self.intern_value_resolved(value, &mut syms.attrs);
        let id = self.records.len() as u32;
        self.records.push(StoredRecord { series, measure: m, time, version, value, written_s: to_secs(at), history: NO_HISTORY });
        self.series_records[series as usize] += 1;
        let (earliest, latest) = &mut self.series_span[series as usize];
        (*earliest, *latest) = ((*earliest).min(time), (*latest).max(time));
        if self.record_index.len() == self.record_index.capacity() {
            self.grow_record_index();
        }
        let h = record_hash(&self.hasher, series, m, time);
        let (records, hasher) = (&self.records, &self.hasher);
        self.record_index.insert_unique(h, id, |&r| {
            let rec = &records[r as usize];
            record_hash(hasher, rec.series, rec.measure, rec.time)
        });
        id
    }

    /// A full record index is rebuilt twice as large by reading the records in order, where
    /// growing it in place would fetch each record's key at random (a cache miss per record on a
    /// large table). Every record is in the index.
    fn grow_record_index(&mut self) {
        let (records, hasher) = (&self.records, &self.hasher);
        let rehash = |&r: &u32| {
            let rec = &records[r as usize];
            record_hash(hasher, rec.series, rec.measure, rec.time)
        };
        let mut index = HashTable::with_capacity((self.record_index.capacity() * 2).max(16));
        for (r, rec) in records.iter().enumerate().take(self.record_index.len()) {
            index.insert_unique(record_hash(hasher, rec.series, rec.measure, rec.time), r as u32, rehash);
        }
        self.record_index = index;
    }

    /// Room for `n` more records, to be filled soon (a batch load that knows how many rows are
    /// left): the record vector and the MULTI attribute vector (in the proportion stored so far)
    /// grow once to their size, instead of being copied at every doubling on the way. The index
    /// is left to grow as it fills: a small index keeps its probes in cache, and sizing it up
    /// front measured slower. Only room the allocator grants: a refused reservation is skipped.
    pub fn reserve(&mut self, n: usize) {
        let more_attrs = (n as u64 * self.multi_attrs.len() as u64 / self.records.len().max(1) as u64) as usize;
        if self.records.try_reserve_exact(n).is_ok() {
            let _ = self.multi_attrs.try_reserve_exact(more_attrs);
        }
    }

    /// The history of a record, created on its second attempt from the record itself (until
    /// then, the record's one accepted write is its whole history).
    fn history_mut(&mut self, id: u32) -> &mut Vec<Attempt> {
        let rec = self.records[id as usize];
        if rec.history == NO_HISTORY {
            self.histories.push(vec![Attempt {
                at: rec.written_s as i64 * 1_000_000_000,
                version: rec.version,
                value: rec.value,
                outcome: Outcome::Inserted,
            }]);
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
        let mut dims: Vec<(String, String)> = self.series[id as usize]
            .iter()
            .map(|(n, v)| (self.strings.resolve(*n).to_string(), self.strings.resolve(*v).to_string()))
            .collect();
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

    /// Remembers the table schema a written record implies: its measure type, its multi-measure
    /// attribute types and its dimension names.
    pub fn register_schema(&mut self, dims: &[(&str, &str)], measure: &str, value: &InValue<'_>) {
        let mut syms = Syms::default();
        self.resolve(dims, measure, value, &mut syms);
        self.register_schema_resolved(&mut syms, dims, measure, value);
    }

    /// `register_schema` on resolved strings (missing symbols are interned into `syms`).
    pub fn register_schema_resolved(&mut self, syms: &mut Syms, dims: &[(&str, &str)], measure: &str, value: &InValue<'_>) {
        let mut m = syms.measure;
        let m = self.fill(&mut m, measure);
        syms.measure = Some(m);
        self.measure_types.entry(m).or_insert(value.measure_type());
        if let InValue::Multi(attrs) = value {
            for (i, (name, a)) in attrs.iter().enumerate() {
                let mut slot = syms.attrs.get(i).copied().flatten();
                let n = self.fill(&mut slot, name);
                if let Some(s) = syms.attrs.get_mut(i) {
                    *s = Some(n);
                }
                self.attribute_types.entry(n).or_insert(a.measure_type());
            }
        }
        for (i, (name, _)) in dims.iter().enumerate() {
            let mut slot = syms.dims.get(i).and_then(|d| d.0);
            let n = self.fill(&mut slot, name);
            if let Some(d) = syms.dims.get_mut(i) {
                d.0 = Some(n);
            }
            if !self.dimension_names.contains(&n) {
                self.dimension_names.push(n);
            }
        }
    }

    pub fn measure_type_of(&self, measure: &str) -> Option<MeasureType> {
        self.measure_type_sym(self.strings.get(measure))
    }
    pub fn attribute_type_of(&self, name: &str) -> Option<MeasureType> {
        self.attribute_type_sym(self.strings.get(name))
    }
    pub fn is_dimension_name(&self, name: &str) -> bool {
        self.is_dimension_sym(self.strings.get(name))
    }
    /// The measure type of a resolved measure name (`None` for a name the table never stored).
    pub fn measure_type_sym(&self, measure: Option<Sym>) -> Option<MeasureType> {
        self.measure_types.get(&measure?).copied()
    }
    pub fn attribute_type_sym(&self, name: Option<Sym>) -> Option<MeasureType> {
        self.attribute_types.get(&name?).copied()
    }
    pub fn is_dimension_sym(&self, name: Option<Sym>) -> bool {
        name.is_some_and(|n| self.dimension_names.contains(&n))
    }
    pub fn dimension_name_count(&self) -> usize {
        self.dimension_names.len()
    }
    pub fn measure_name_count(&self) -> usize {
        self.measure_types.len()
    }
    pub fn attribute_name_count(&self) -> usize {
        self.attribute_types.len()
    }

    /// Bytes held by records and indexes, excluding interned strings and histories.
    pub fn record_bytes(&self) -> usize {
        self.records.capacity() * std::mem::size_of::<StoredRecord>() + self.record_index.capacity() * (std::mem::size_of::<u32>() + 1)
    }
}

fn to_secs(at: Nanos) -> u32 {
    (at.div_euclid(1_000_000_000)).clamp(0, u32::MAX as i64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thousands of series (the index grows and rehashes many times): each record is found again
    /// by its dimensions in any order, and a value or name that differs finds nothing.
    #[test]
    fn series_are_found_by_their_dimensions_after_the_index_grew() {
        let mut store = RecordStore::default();
        let hosts: Vec<String> = (0..3000).map(|i| format!("host-{i}")).collect();
        let mut ids = Vec::new();
        for (i, h) in hosts.iter().enumerate() {
            let az = format!("az-{}", i % 7);
            ids.push(store.insert(&[("host", h), ("az", &az)], "cpu", 1_000, 1, &InValue::Double(i as f64), 0));
        }
        assert_eq!(store.series_count(), 3000);
        for (i, h) in hosts.iter().enumerate() {
            let az = format!("az-{}", i % 7);
            assert_eq!(store.find(&[("az", &az), ("host", h)], "cpu", 1_000), Some(ids[i]), "{h}");
            assert_eq!(store.find(&[("host", h), ("az", &az)], "cpu", 1_000), Some(ids[i]), "{h}");
            let other = format!("az-{}", (i + 1) % 7);
            assert_eq!(store.find(&[("host", h), ("az", &other)], "cpu", 1_000), None, "{h}");
            assert_eq!(store.find(&[("host", h)], "cpu", 1_000), None, "{h}");
            assert_eq!(store.find(&[("host", h), ("zone", &az)], "cpu", 1_000), None, "{h}");
        }
        // A second record of an existing series joins it; a new value makes a new series.
        store.insert(&[("az", "az-0"), ("host", "host-0")], "cpu", 2_000, 1, &InValue::Double(1.0), 0);
        assert_eq!(store.series_count(), 3000);
        store.insert(&[("az", "az-0"), ("host", "host-new")], "cpu", 2_000, 1, &InValue::Double(1.0), 0);
        assert_eq!(store.series_count(), 3001);
    }

    #[test]
    fn records_are_found_at_either_end_of_their_series_and_in_between() {
        // Times arriving forward, backward and into the middle: every stored one is found,
        // and a time never written is not, whichever side of the series' span it is on.
        let mut store = RecordStore::default();
        let host = [("host", "a")];
        let mut stored = Vec::new();
        for t in [500, 600, 400, 450, 300, 700, 650, 100] {
            assert_eq!(store.find(&host, "cpu", t), None, "{t} before it is written");
            let id = store.insert(&host, "cpu", t, 1, &InValue::Double(t as f64), 0);
            stored.push((t, id));
            for &(t, id) in &stored {
                assert_eq!(store.find(&host, "cpu", t), Some(id), "{t}");
            }
        }
        for t in [99, 101, 350, 699, 701] {
            assert_eq!(store.find(&host, "cpu", t), None, "{t}");
        }
        // Another measure at a time inside the span is another record; the span is the series'.
        assert_eq!(store.find(&host, "mem", 500), None);
        let mem = store.insert(&host, "mem", 500, 1, &InValue::Double(1.0), 0);
        assert_eq!(store.find(&host, "mem", 500), Some(mem));
        assert_eq!(store.find(&host, "cpu", 500), Some(stored[0].1));
        // A second series has its own span.
        assert_eq!(store.find(&[("host", "b")], "cpu", 500), None);
    }
}
