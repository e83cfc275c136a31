//! The JSON the walker reads, as a small trait (implemented for `serde_json::Value`). The
//! WriteRecords fast path (ops/fast) reads no tree at all: it checks each member against the
//! same model nodes with the walker's own constraint functions as it scans.

use serde_json::{Number, Value};

/// What a JSON node is, borrowed from the node.
pub enum Kind<'s, J: Json + 's> {
    Null,
    Bool(bool),
    Number(&'s Number),
    String(&'s str),
    Array(&'s [J]),
    Object(J::Entries<'s>),
}

/// A JSON node the walker can read.
pub trait Json: Sized {
    /// The members of an object, in document order (for `Value`, its map's order).
    type Entries<'s>: Iterator<Item = (&'s str, &'s Self)>
    where
        Self: 's;
    fn kind(&self) -> Kind<'_, Self>;
    /// The member `key` of an object (the last one if a key repeats).
    fn member(&self, key: &str) -> Option<&Self>;
    fn is_null(&self) -> bool {
        matches!(self.kind(), Kind::Null)
    }
    fn as_str(&self) -> Option<&str> {
        match self.kind() {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }
}

fn value_entry<'s>((k, v): (&'s String, &'s Value)) -> (&'s str, &'s Value) {
    (k, v)
}

impl Json for Value {
    type Entries<'s> = std::iter::Map<serde_json::map::Iter<'s>, fn((&'s String, &'s Value)) -> (&'s str, &'s Value)>;
    fn kind(&self) -> Kind<'_, Self> {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(n) => Kind::Number(n),
            Value::String(s) => Kind::String(s),
            Value::Array(a) => Kind::Array(a),
            Value::Object(m) => Kind::Object(m.iter().map(value_entry as _)),
        }
    }
    fn member(&self, key: &str) -> Option<&Self> {
        self.get(key)
    }
}
