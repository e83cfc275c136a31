//! The JSON the walker reads, as a small trait: implemented for `serde_json::Value` (the general
//! path) and for [`Borrowed`], a tree parsed once from the body whose strings borrow from it and
//! whose objects are vectors (the WriteRecords fast path). One model table, one walker, two
//! representations.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
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

/// A JSON value parsed from a body without copying its strings (escaped strings are the only
/// ones owned). Objects keep their members in document order, duplicates included.
#[derive(Debug, Clone, PartialEq)]
pub enum Borrowed<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Borrowed<'a>>),
    Object(Vec<(Cow<'a, str>, Borrowed<'a>)>),
}

impl<'a> Borrowed<'a> {
    /// Parses a body; None when it is not JSON (the general path then words the error).
    pub fn parse(body: &'a [u8]) -> Option<Self> {
        serde_json::from_slice(body).ok()
    }
    /// The members of an object.
    pub fn entries(&self) -> Option<&[(Cow<'a, str>, Borrowed<'a>)]> {
        match self {
            Borrowed::Object(m) => Some(m),
            _ => None,
        }
    }
}

fn entry<'s, 'a>(e: &'s (Cow<'a, str>, Borrowed<'a>)) -> (&'s str, &'s Borrowed<'a>) {
    (&e.0, &e.1)
}

impl<'a> Json for Borrowed<'a> {
    type Entries<'s> = std::iter::Map<std::slice::Iter<'s, (Cow<'a, str>, Borrowed<'a>)>, fn(&'s (Cow<'a, str>, Borrowed<'a>)) -> (&'s str, &'s Borrowed<'a>)>
    where
        Self: 's;
    fn kind(&self) -> Kind<'_, Self> {
        match self {
            Borrowed::Null => Kind::Null,
            Borrowed::Bool(b) => Kind::Bool(*b),
            Borrowed::Number(n) => Kind::Number(n),
            Borrowed::String(s) => Kind::String(s),
            Borrowed::Array(a) => Kind::Array(a),
            Borrowed::Object(m) => Kind::Object(m.iter().map(entry as _)),
        }
    }
    fn member(&self, key: &str) -> Option<&Self> {
        self.entries()?.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// A string that borrows from the input when it can.
struct Str<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Borrowed<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Borrowed<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
                Ok(Borrowed::Bool(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Self::Value, E> {
                Ok(Borrowed::Number(i.into()))
            }
            fn visit_u64<E>(self, u: u64) -> Result<Self::Value, E> {
                Ok(Borrowed::Number(u.into()))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Self::Value, E> {
                // As serde_json::Value: a non-finite float is null.
                Ok(Number::from_f64(f).map_or(Borrowed::Null, Borrowed::Number))
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Borrowed::String(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Borrowed::String(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(Borrowed::String(Cow::Owned(s)))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Borrowed::Null)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Borrowed::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                Deserialize::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(v) = seq.next_element()? {
                    items.push(v);
                }
                Ok(Borrowed::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
                while let Some(Str(k)) = map.next_key()? {
                    members.push((k, map.next_value()?));
                }
                Ok(Borrowed::Object(members))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_plain_strings_and_owns_escaped_ones() {
        let body = br#"{"a":"plain","b":"esc\"aped","c":[1,-2,1.5,true,null],"a":"last"}"#;
        let t = Borrowed::parse(body).unwrap();
        let m = t.entries().unwrap();
        assert!(matches!(&m[0].1, Borrowed::String(Cow::Borrowed("plain"))));
        assert!(matches!(&m[1].1, Borrowed::String(Cow::Owned(s)) if s == "esc\"aped"));
        assert_eq!(t.member("a").and_then(Json::as_str), Some("last"));
        let v: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(v.member("a").and_then(Json::as_str), Some("last"));
        assert!(Borrowed::parse(b"{").is_none());
    }
}
