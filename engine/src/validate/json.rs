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
    /// Parses a body; None when it is not JSON, or is JSON this scanner leaves to serde_json
    /// (nesting deeper than serde_json's limit, a number out of range): the general path then
    /// parses it again and words the error. It never accepts a text serde_json rejects and builds
    /// the same tree (`tests::agrees_with_serde_json*`).
    pub fn parse(body: &'a [u8]) -> Option<Self> {
        let text = std::str::from_utf8(body).ok()?;
        let mut p = Scanner { text, b: body, i: 0, depth: 0 };
        p.ws();
        let v = p.value()?;
        p.ws();
        (p.i == body.len()).then_some(v)
    }

    /// The same tree, parsed through serde_json (the reference the scanner is tested against).
    pub fn parse_with_serde(body: &'a [u8]) -> Option<Self> {
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

/// A hand-written JSON scanner for [`Borrowed::parse`]: one pass over the bytes, strings borrowed
/// unless they hold escapes, vectors sized for the common shapes. Several times fewer
/// instructions per byte than going through serde's visitor for this tree.
struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    depth: u32,
}

/// The bytes that end a run of plain string content: the quote, the backslash, control bytes.
static STRING_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// serde_json's default recursion limit; deeper documents go to serde_json for its error.
const MAX_DEPTH: u32 = 128;

impl<'a> Scanner<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &[u8], v: Borrowed<'a>) -> Option<Borrowed<'a>> {
        self.b[self.i..].starts_with(word).then(|| {
            self.i += word.len();
            v
        })
    }

    fn value(&mut self) -> Option<Borrowed<'a>> {
        match *self.b.get(self.i)? {
            b'"' => self.string().map(Borrowed::String),
            b'{' => self.nested(Self::object),
            b'[' => self.nested(Self::array),
            b't' => self.literal(b"true", Borrowed::Bool(true)),
            b'f' => self.literal(b"false", Borrowed::Bool(false)),
            b'n' => self.literal(b"null", Borrowed::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Option<Borrowed<'a>>) -> Option<Borrowed<'a>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let v = f(self);
        self.depth -= 1;
        v
    }

    /// After the last item of a list: `,` (more) or the closing byte (done).
    fn more(&mut self, close: u8) -> Option<bool> {
        self.ws();
        let c = *self.b.get(self.i)?;
        self.i += 1;
        if c == b',' {
            self.ws();
            Some(true)
        } else if c == close {
            Some(false)
        } else {
            None
        }
    }

    fn object(&mut self) -> Option<Borrowed<'a>> {
        self.i += 1;
        let mut members = Vec::with_capacity(8);
        self.ws();
        if self.eat(b'}').is_some() {
            return Some(Borrowed::Object(members));
        }
        loop {
            if self.b.get(self.i) != Some(&b'"') {
                return None;
            }
            let k = self.string()?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            members.push((k, self.value()?));
            if !self.more(b'}')? {
                return Some(Borrowed::Object(members));
            }
        }
    }

    fn array(&mut self) -> Option<Borrowed<'a>> {
        self.i += 1;
        let mut items = Vec::with_capacity(4);
        self.ws();
        if self.eat(b']').is_some() {
            return Some(Borrowed::Array(items));
        }
        loop {
            items.push(self.value()?);
            if !self.more(b']')? {
                return Some(Borrowed::Array(items));
            }
        }
    }

    /// A string at its opening quote: borrowed when it has no escape.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.i += 1;
        let start = self.i;
        while !STRING_STOP[*self.b.get(self.i)? as usize] {
            self.i += 1;
        }
        match self.b[self.i] {
            b'"' => {
                let s = &self.text[start..self.i];
                self.i += 1;
                return Some(Cow::Borrowed(s));
            }
            b'\\' => {}
            _ => return None,
        }
        let mut out = String::from(&self.text[start..self.i]);
        loop {
            match *self.b.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => {
                    self.i += 1;
                    let c = match *self.b.get(self.i)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    out.push(c);
                    self.i += 1;
                }
                c if c < 0x20 => return None,
                _ => {
                    // The run up to the next quote or escape, in one go.
                    let from = self.i;
                    while self.b.get(self.i).is_some_and(|&c| !STRING_STOP[c as usize]) {
                        self.i += 1;
                    }
                    out.push_str(&self.text[from..self.i]);
                }
            }
        }
    }

    /// `\uXXXX` (the cursor on the `u`), a surrogate pair as one char; a lone surrogate fails.
    /// Leaves the cursor on the last hex digit.
    fn unicode_escape(&mut self) -> Option<char> {
        let hi = self.hex4()?;
        let code = match hi {
            0xD800..=0xDBFF => {
                if !self.b.get(self.i + 1..)?.starts_with(b"\\u") {
                    return None;
                }
                self.i += 2;
                let lo = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&lo) {
                    return None;
                }
                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
            }
            0xDC00..=0xDFFF => return None,
            c => c,
        };
        char::from_u32(code)
    }

    /// The four hex digits after the `u` under the cursor; leaves the cursor on the last.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.b.get(self.i + 1..self.i + 5)?;
        let mut v = 0;
        for &d in digits {
            v = v * 16 + (d as char).to_digit(16)?;
        }
        self.i += 4;
        Some(v)
    }

    /// A number as serde_json reads it: an integer as i64/u64 when it fits, anything else as
    /// f64 (out of range: left to serde_json).
    fn number(&mut self) -> Option<Borrowed<'a>> {
        let start = self.i;
        let neg = self.eat(b'-').is_some();
        match *self.b.get(self.i)? {
            b'0' => self.i += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        let mut float = false;
        if self.eat(b'.').is_some() {
            float = true;
            if !self.b.get(self.i)?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            float = true;
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if !self.b.get(self.i)?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        let text = &self.text[start..self.i];
        if !float {
            if neg {
                if text == "-0" {
                    // serde_json reads a negative zero integer as the float -0.0.
                    return Number::from_f64(-0.0).map(Borrowed::Number);
                }
                if let Ok(n) = text.parse::<i64>() {
                    return Some(Borrowed::Number(n.into()));
                }
            } else if let Ok(n) = text.parse::<u64>() {
                return Some(Borrowed::Number(n.into()));
            }
        }
        let f: f64 = text.parse().ok()?;
        Number::from_f64(f).map(Borrowed::Number)
    }

    fn digits(&mut self) {
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
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

    /// Whatever the scanner accepts, serde_json accepts and reads as the same tree (floats may
    /// differ in the last bit: serde_json's default float parser is not correctly rounded).
    fn check_agrees(body: &[u8]) {
        let ours = Borrowed::parse(body);
        let theirs = Borrowed::parse_with_serde(body);
        match (&ours, &theirs) {
            (Some(a), Some(b)) => assert!(same(a, b), "{}: {a:?} vs {b:?}", String::from_utf8_lossy(body)),
            (Some(a), None) => panic!("the scanner accepted what serde_json rejects: {} -> {a:?}", String::from_utf8_lossy(body)),
            _ => {}
        }
    }

    fn same(a: &Borrowed, b: &Borrowed) -> bool {
        match (a, b) {
            (Borrowed::Number(x), Borrowed::Number(y)) => {
                x == y || (x.is_f64() && y.is_f64() && x.as_f64().zip(y.as_f64()).is_some_and(|(p, q)| p == q || ((p - q) / q).abs() < 1e-15))
            }
            (Borrowed::Array(x), Borrowed::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
            (Borrowed::Object(x), Borrowed::Object(y)) => x.len() == y.len() && x.iter().zip(y).all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2)),
            _ => a == b,
        }
    }

    #[test]
    fn agrees_with_serde_json() {
        let cases: &[&str] = &[
            r#"{"a":1}"#, " { } ", "[]", "[1,2.5,-0,-0.0,1e3,1E-3,-12345678901234567890,18446744073709551615,18446744073709551616]",
            r#""\u00e9\ud83d\ude00\n\t\"\\\/\b\f\r""#, r#""\ud83d""#, r#""\ude00x""#, r#""\ud83d\u0041""#, r#""\u12""#, r#""\x""#, "\"a\u{1}\"",
            "01", "-", "1.", ".5", "1e", "1e+", "+1", "1e400", "-1e400", "tru", "nulll", "[1,]", "{,}", r#"{"a"}"#, r#"{"a":}"#,
            r#"{"a":1,}"#, r#"{"a":1 "b":2}"#, "{1:2}", "[1 2]", "", " ", "{} {}", "\u{feff}{}", r#"{"a":"é€😀"}"#,
            r#"{"a":1,"a":2}"#, "[[[[[[[[[[]]]]]]]]]]", "123", "-0", "0e0", "1E+2",
            r#"{"DatabaseName":"db","Records":[{"Dimensions":[{"Name":"h","Value":"v"}],"Version":9223372036854775807}]}"#,
            "1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324", "0.1", "123456789.123456789e-5",
        ];
        for c in cases {
            check_agrees(c.as_bytes());
        }
        assert!(Borrowed::parse(br#"{"a":[1,{"b":null}],"c":"\u00e9"}"#).is_some());
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(Borrowed::parse(deep.as_bytes()).is_none());
        let ok_deep = "[".repeat(100) + &"]".repeat(100);
        assert!(Borrowed::parse(ok_deep.as_bytes()).is_some());
        assert!(Borrowed::parse(b"\"\xff\"").is_none());
    }

    #[test]
    fn agrees_with_serde_json_on_mutated_bodies() {
        let base = br#"{"DatabaseName":"db\u00e9","TableName":"t","Records":[{"Dimensions":[{"Name":"host","Value":"a\"b"}],"MeasureName":"cpu","MeasureValue":"1.5","Time":"1700000000000","Version":-3,"X":[true,false,null,1.25e-2,"\ud83d\ude00"]}]}"#;
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"{}[]\",:0123456789.eE+-tfnulr \\u/\x01abc\xc3\xa9\xff";
        let mut accepted = 0;
        for _ in 0..30_000 {
            let mut body = base.to_vec();
            for _ in 0..1 + next() % 3 {
                let at = (next() % body.len() as u64) as usize;
                let c = alphabet[(next() % alphabet.len() as u64) as usize];
                match next() % 3 {
                    0 => body[at] = c,
                    1 => {
                        body.remove(at);
                    }
                    _ => body.insert(at, c),
                }
            }
            check_agrees(&body);
            accepted += Borrowed::parse(&body).is_some() as u32;
        }
        // The mutations must exercise both sides: many still parse, many do not.
        assert!(accepted > 3_000 && accepted < 27_000, "{accepted}");
    }
}

