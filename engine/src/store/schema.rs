//! The table's schema as written records imply it (measure types, multi-measure attribute
//! types, dimension names), and [`Syms`]: a record's strings resolved to symbols, with the cache
//! of the last names resolved and of the last record whose schema was fully known.

use super::intern::Interner;
use super::value::{InValue, MeasureType};
use super::{RecordStore, Sym};
use crate::fastkey::FastKey;

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

impl RecordStore {
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
}
