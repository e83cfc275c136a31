//! Finding and storing records: the series index (dimension sets) and the record index (series,
//! measure name, time) on resolved symbols (`schema.rs` resolves them), values interned and
//! compared, and the insert.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::value::{InValue, Value};
use super::{to_secs, RecordStore, StoredRecord, Sym, Syms, NO_HISTORY};
use crate::clock::Nanos;

fn series_hash(h: &DefaultHashBuilder, dims: &[(Sym, Sym)]) -> u64 {
    h.hash_one(dims)
}

fn record_hash(h: &DefaultHashBuilder, series: u32, measure: Sym, time: Nanos) -> u64 {
    h.hash_one((series, measure, time))
}

impl RecordStore {
    fn find_series_key(&self, key: &[(Sym, Sym)]) -> Option<u32> {
        let h = series_hash(&self.hasher, key);
        self.series_index.find(h, |&s| *self.series[s as usize] == *key).copied()
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
    pub(super) fn multi(&self, start: u32, count: u32) -> &[(Sym, Value)] {
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
                        self.strings.get(n).and_then(|sym| stored.iter().find(|(s, _)| *s == sym)).is_some_and(|(_, sv)| self.value_equals(sv, av))
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
    pub(super) fn fill(&mut self, slot: &mut Option<Sym>, s: &str) -> Sym {
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
    pub fn insert_resolved(
        &mut self,
        syms: &mut Syms,
        series: Option<u32>,
        dims: &[(&str, &str)],
        measure: &str,
        time: Nanos,
        version: i64,
        value: &InValue<'_>,
        at: Nanos,
    ) -> u32 {
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
