//! [`from_value`]: `serde_json::from_value` for the documents this project writes, where a
//! struct is always a JSON object. serde's derived reader of a struct has two paths, from an
//! object and from an array of its members in order; serde_json's value deserializer reaches
//! both, so both are compiled for every struct it reads. This deserializer reads a struct only
//! from an object (an array is refused as the wrong type), so the array path of every struct
//! read through it is left out of the browser's module: 9.8 KB of gzip (docs/benchmarks.md,
//! "Structs read from objects only"). Everything else reads as serde_json's value
//! deserializer reads it, with its error type and serde's wording of errors.
//!
//! In wasm its generic steps are never inlined (`cfg_attr(target_arch = "wasm32",
//! inline(never))`, as are `FromWire`'s readers, `ops::typed`, `ops::out` and `json_bytes`): each
//! type's reader is then a function of its own, which `cargo xtask dist` places next to the
//! readers of like types, where gzip finds them alike; inlined into their callers, they were
//! not (14.4 KB of gzip; docs/benchmarks.md, "Generic readers out of line"). Native builds
//! inline as they like.

use serde::de::{self, DeserializeOwned, DeserializeSeed, Error as _, IntoDeserializer, Unexpected, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Error, Map, Value};

/// `T` from a JSON value, structs from objects only (see the module).
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    T::deserialize(Objects(value))
}

/// `Deserializer` methods that take one kind of value (`$pat`, read by `$read`) and refuse any
/// other as the visitor's default `visit_*` would ([`refused`]); out of line in wasm, one copy
/// per visitor.
macro_rules! one_kind {
    ($visitor:ident; $($method:ident: $pat:pat => $read:expr),* $(,)?) => {$(
        #[cfg_attr(target_arch = "wasm32", inline(never))]
        fn $method<V: Visitor<'de>>(self, $visitor: V) -> Result<V::Value, Error> {
            match self.0 {
                $pat => $read,
                other => Err(refused(&other, &$visitor)),
            }
        }
    )*};
}

/// `Deserializer` methods that read as another one of the same signature does.
macro_rules! read_as {
    ($to:ident: $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.$to(visitor)
        }
    )*};
}

/// A JSON value as a deserializer whose structs come from objects only.
struct Objects(Value);

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (_, Some(i), _) => Unexpected::Signed(i),
            (_, _, Some(f)) => Unexpected::Float(f),
            _ => Unexpected::Other("number"),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

impl<'de> de::Deserializer<'de> for Objects {
    type Error = Error;

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (_, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => seq(items, visitor),
            Value::Object(members) => map(members, visitor),
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            v => visitor.visit_some(Objects(v)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(members) => map(members, visitor),
            other => Err(Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        let (variant, value) = match self.0 {
            Value::String(variant) => (variant, None),
            Value::Object(members) if members.len() == 1 => {
                let (variant, value) = members.into_iter().next().unwrap_or_default();
                (variant, Some(value))
            }
            Value::Object(_) => return Err(Error::invalid_value(Unexpected::Map, &"map with a single key")),
            other => return Err(Error::invalid_type(unexpected(&other), &"string or map")),
        };
        visitor.visit_enum(Enum { variant, value })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    // A type that asks for one kind of value gets it, or the error its visitor would give for
    // any other (`refused`: serde's default `visit_*` methods give `invalid_type` with the
    // value's `Unexpected`). Through `deserialize_any`, every `Vec<T>`, map and number type
    // had its own copy of the whole dispatch, each arm's refusal and the object path.

    one_kind! { visitor;
        deserialize_bool: Value::Bool(b) => visitor.visit_bool(b),
        deserialize_u64: Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => visitor.visit_u64(u),
            (_, Some(i)) => visitor.visit_i64(i),
            _ => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
        },
        deserialize_string: Value::String(s) => visitor.visit_string(s),
        deserialize_seq: Value::Array(items) => seq(items, visitor),
        deserialize_map: Value::Object(members) => map(members, visitor),
        deserialize_unit: Value::Null => visitor.visit_unit(),
    }

    read_as!(deserialize_u64: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_f32 deserialize_f64);
    read_as!(deserialize_string: deserialize_char deserialize_str);

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    forward_to_deserialize_any! {
        i128 u128 bytes byte_buf unit_struct identifier
    }
}

/// What a visitor that takes one kind of value says of any other, as its default `visit_*`.
#[cfg_attr(target_arch = "wasm32", inline(never))]
fn refused(v: &Value, visitor: &dyn de::Expected) -> Error {
    Error::invalid_type(unexpected(v), visitor)
}

#[cfg_attr(target_arch = "wasm32", inline(never))]
fn seq<'de, V: Visitor<'de>>(items: Vec<Value>, visitor: V) -> Result<V::Value, Error> {
    let mut access = Items::of(items);
    let out = visitor.visit_seq(&mut access)?;
    access.end()?;
    Ok(out)
}

#[cfg_attr(target_arch = "wasm32", inline(never))]
fn map<'de, V: Visitor<'de>>(members: Map<String, Value>, visitor: V) -> Result<V::Value, Error> {
    visitor.visit_map(&mut Members::of(members))
}

/// How a struct's members are named in its documents, from its snake_case field names (serde's
/// `rename_all`).
#[derive(Clone, Copy)]
pub enum Case {
    Snake,
    Camel,
    Pascal,
}

/// The member name of `field` under `case` (`report_location`: `reportLocation`, `ReportLocation`).
pub fn member_name(field: &str, case: Case) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = matches!(case, Case::Pascal);
    for c in field.chars() {
        if c == '_' && !matches!(case, Case::Snake) {
            upper = true;
        } else {
            out.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        }
    }
    out
}

/// Whether `key` is the member name of `field` under `case` (`Some` name: a field renamed).
fn names(key: &str, field: &str, case: Case) -> bool {
    let mut k = key.bytes();
    let mut upper = matches!(case, Case::Pascal);
    for c in field.bytes() {
        if c == b'_' && !matches!(case, Case::Snake) {
            upper = true;
            continue;
        }
        if k.next() != Some(if upper { c.to_ascii_uppercase() } else { c }) {
            return false;
        }
        upper = false;
    }
    k.next().is_none()
}

/// The field `key` names: `fields` are (field, rename) pairs.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn field_of(key: &str, fields: &[(&str, Option<&str>)], case: Case) -> Option<usize> {
    fields.iter().position(|(f, rename)| match rename {
        Some(r) => key == *r,
        None => names(key, f, case),
    })
}

/// serde's error for the first required field not seen, in serde's words.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn check_missing(seen: u64, required: u64, fields: &[(&str, Option<&str>)], case: Case) -> Result<(), String> {
    let missing = required & !seen;
    if missing == 0 {
        return Ok(());
    }
    let (field, rename) = fields[missing.trailing_zeros() as usize];
    Err(format!("missing field `{}`", rename.map_or_else(|| member_name(field, case), str::to_string)))
}

/// For [`lean_reader!`]: whether a field is an `Option` (absent: `None`), by its type.
pub struct Probe<T>(std::marker::PhantomData<T>);

pub fn probe<S, T>(_: fn(&S) -> &T) -> Probe<T> {
    Probe(std::marker::PhantomData)
}

pub fn probe_of<T>(_: &T) -> Probe<T> {
    Probe(std::marker::PhantomData)
}

pub trait IsOption {
    fn optional(&self) -> bool {
        true
    }
}

impl<T> IsOption for Probe<Option<T>> {}

pub trait NotOption {
    fn optional(&self) -> bool {
        false
    }
}

impl<T> NotOption for &Probe<T> {}

/// `Deserialize` for a struct, from an object only, as serde's derive reads it (the same member
/// names, unknown members skipped, `missing field` for an absent one that is neither an
/// `Option` nor marked `#[default]`), in less code: the struct starts as its `Default` and each
/// member met is read into its field, a bit per field in a `u64`; no `Option` per field, no
/// field-name visitor. Every field is listed (the compiler checks it), with its member name
/// under `case` or a rename (`field = "Name"`). The struct implements `Default`; the engine's
/// enums with a `#[default]` variant (`Reply::Done`, `Request::Tables`, `Rule::Syntax`, …) have
/// one only for this: a reader's starting point, overwritten or refused as `missing field`.
macro_rules! lean_reader {
    ($name:ident, $case:ident; $($(#[$default:ident])? $f:ident $(= $rename:literal)?),* $(,)?) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    #[allow(unused_assignments)]
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        #[allow(unused_imports)]
                        use $crate::value_de::{IsOption as _, NotOption as _};
                        const FIELDS: &[(&str, Option<&str>)] = &[$((stringify!($f), $crate::value_de::lean_reader!(@rename $($rename)?))),*];
                        const _: () = assert!(FIELDS.len() <= 64, "a bit per field");
                        const CASE: $crate::value_de::Case = $crate::value_de::Case::$case;
                        // Every field listed.
                        let _ = |v: &$name| {
                            let $name { $($f: _),* } = v;
                        };
                        let mut required = 0u64;
                        let mut n = 0;
                        $(
                            let default = $crate::value_de::lean_reader!(@default $($default)?);
                            if !default && !(&$crate::value_de::probe(|s: &$name| &s.$f)).optional() {
                                required |= 1 << n;
                            }
                            n += 1;
                        )*
                        let mut out = <$name as Default>::default();
                        let seen = $crate::value_de::lean_reader!(@members map, FIELDS, CASE; $(out.$f),*);
                        $crate::value_de::check_missing(seen, required, FIELDS, CASE).map_err(<A::Error as serde::de::Error>::custom)?;
                        Ok(out)
                    }
                }
                d.deserialize_struct(stringify!($name), &[], V)
            }
        }
    };
    // The members of `map` read into `$place`s (the fields in order), unknown ones skipped; the
    // bits of the fields seen (`lean_enum!`'s struct variants read theirs the same way).
    (@members $map:ident, $fields:ident, $case:ident; $($place:expr),*) => {{
        let mut seen = 0u64;
        while let Some(key) = $map.next_key::<String>()? {
            let Some(i) = $crate::value_de::field_of(&key, $fields, $case) else {
                $map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            seen |= 1 << i;
            let mut n = 0;
            $(
                if i == n {
                    $place = $map.next_value()?;
                    continue;
                }
                n += 1;
            )*
        }
        seen
    }};
    (@rename) => { None };
    (@rename $r:literal) => { Some($r) };
    (@default) => { false };
    (@default default) => { true };
}
pub(crate) use lean_reader;

/// How a unit enum's variants are named in documents, from their PascalCase names (serde's
/// `rename_all`).
#[derive(Clone, Copy)]
pub enum VariantCase {
    Same,
    Camel,
    Upper,
    ScreamingSnake,
}

/// The name of variant `ident` under `case` (`InProgress`: `inProgress`, `INPROGRESS`,
/// `IN_PROGRESS`).
pub fn variant_name(ident: &str, case: VariantCase) -> String {
    let mut out = String::with_capacity(ident.len() + 4);
    for (i, c) in ident.chars().enumerate() {
        match case {
            VariantCase::Same => out.push(c),
            VariantCase::Camel => out.push(if i == 0 { c.to_ascii_lowercase() } else { c }),
            VariantCase::Upper => out.push(c.to_ascii_uppercase()),
            VariantCase::ScreamingSnake => {
                if i > 0 && c.is_ascii_uppercase() {
                    out.push('_');
                }
                out.push(c.to_ascii_uppercase());
            }
        }
    }
    out
}

/// The index of the variant `name` names, or serde's `unknown variant` error in its words.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn variant_index(name: &str, idents: &[&str], case: VariantCase) -> Result<usize, String> {
    let names: Vec<String> = idents.iter().map(|v| variant_name(v, case)).collect();
    if let Some(i) = names.iter().position(|n| n == name) {
        return Ok(i);
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let expected = match quoted.len() {
        0 => "there are no variants".to_string(),
        1 => quoted[0].clone(),
        2 => format!("{} or {}", quoted[0], quoted[1]),
        _ => format!("one of {}", quoted.join(", ")),
    };
    Err(format!("unknown variant `{name}`, expected {expected}"))
}

/// `Deserialize` for an enum of unit variants, written as their names: every variant listed
/// (the compiler checks it), named under `case`. One shared function finds the name, where
/// serde's derive writes a visitor of its own per enum.
macro_rules! lean_unit_enum {
    ($name:ident, $case:ident; $($v:ident),* $(,)?) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const ALL: &[$name] = &[$($name::$v),*];
                const IDENTS: &[&str] = &[$(stringify!($v)),*];
                // Every variant listed.
                let _ = |v: $name| match v {
                    $($name::$v => ()),*
                };
                let name = <String as serde::Deserialize>::deserialize(d)?;
                $crate::value_de::variant_index(&name, IDENTS, $crate::value_de::VariantCase::$case)
                    .map(|i| ALL[i])
                    .map_err(<D::Error as serde::de::Error>::custom)
            }
        }
    };
}
pub(crate) use lean_unit_enum;

/// An externally tagged enum (`"done"`, `{"tables": {…}}`, `{"response": …}`) defined with a
/// `Deserialize` written as [`lean_reader!`] writes a struct's: the variant found by one shared
/// function, each struct variant's members read into its fields' defaults, a bit per field, in
/// serde's names and words. The enum's own attributes (derives, `serde` for its writer) are kept;
/// `$variants` and `$fields` are the cases of `rename_all` and `rename_all_fields`. A struct
/// variant's field is read by its type's own `Deserialize` (a `#[serde(with)]` on it is for the
/// writer only).
macro_rules! lean_enum {
    (
        $variants:ident, $fields:ident;
        $(#[$m:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vm:meta])*
                $v:ident $( ( $nt:ty ) )? $( { $( $(#[$fm:meta])* $f:ident : $ft:ty ),* $(,)? } )?
            ),* $(,)?
        }
    ) => {
        $(#[$m])*
        $vis enum $name {
            $( $(#[$vm])* $v $( ( $nt ) )? $( { $( $(#[$fm])* $f : $ft ),* } )? ),*
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(concat!("enum ", stringify!($name)))
                    }
                    #[allow(unused_assignments)]
                    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<$name, A::Error> {
                        const IDENTS: &[&str] = &[$(stringify!($v)),*];
                        let (variant, access) = data.variant::<String>()?;
                        let i = $crate::value_de::variant_index(&variant, IDENTS, $crate::value_de::VariantCase::$variants)
                            .map_err(<A::Error as serde::de::Error>::custom)?;
                        let mut n = 0;
                        $(
                            if i == n {
                                return $crate::value_de::lean_enum!(@read access, $fields, $name, $v $( ( $nt ) )? $( { $( $f : $ft ),* } )?);
                            }
                            n += 1;
                        )*
                        Err(<A::Error as serde::de::Error>::custom("no such variant"))
                    }
                }
                d.deserialize_enum(stringify!($name), &[], V)
            }
        }
    };
    (@read $access:ident, $case:ident, $name:ident, $v:ident) => {
        serde::de::VariantAccess::unit_variant($access).map(|()| $name::$v)
    };
    (@read $access:ident, $case:ident, $name:ident, $v:ident ( $nt:ty )) => {
        serde::de::VariantAccess::newtype_variant::<$nt>($access).map($name::$v)
    };
    (@read $access:ident, $case:ident, $name:ident, $v:ident { $( $f:ident : $ft:ty ),* }) => {{
        struct W;
        impl<'de> serde::de::Visitor<'de> for W {
            type Value = $name;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(concat!("struct variant ", stringify!($name), "::", stringify!($v)))
            }
            #[allow(unused_assignments, unused_mut)]
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<$name, M::Error> {
                #[allow(unused_imports)]
                use $crate::value_de::{IsOption as _, NotOption as _};
                const FIELDS: &[(&str, Option<&str>)] = &[$((stringify!($f), None)),*];
                const CASE: $crate::value_de::Case = $crate::value_de::Case::$case;
                $( let mut $f: $ft = Default::default(); )*
                let mut required = 0u64;
                let mut n = 0;
                $(
                    if !(&$crate::value_de::probe_of(&$f)).optional() {
                        required |= 1 << n;
                    }
                    n += 1;
                )*
                let seen = $crate::value_de::lean_reader!(@members map, FIELDS, CASE; $($f),*);
                $crate::value_de::check_missing(seen, required, FIELDS, CASE).map_err(<M::Error as serde::de::Error>::custom)?;
                Ok($name::$v { $($f),* })
            }
        }
        serde::de::VariantAccess::struct_variant($access, &[], W)
    }};
}
pub(crate) use lean_enum;

/// An array's items and how many there were. Its steps that do not depend on the type read are
/// functions of their own, not part of each type's reader.
struct Items(std::vec::IntoIter<Value>, usize);

impl Items {
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn of(items: Vec<Value>) -> Self {
        let len = items.len();
        Items(items.into_iter(), len)
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn next(&mut self) -> Option<Value> {
        self.0.next()
    }

    /// serde_json's error for items left unread (a tuple or array shorter than the list).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn end(&self) -> Result<(), Error> {
        match self.0.len() {
            0 => Ok(()),
            _ => Err(Error::invalid_length(self.1, &"fewer elements in array")),
        }
    }
}

impl<'de> de::SeqAccess<'de> for &mut Items {
    type Error = Error;

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.next().map(|v| seed.deserialize(Objects(v))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Members {
    members: serde_json::map::IntoIter,
    value: Option<Value>,
}

impl Members {
    /// Made once here, not in each type's reader (about 100 B of wasm a struct).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn of(members: Map<String, Value>) -> Self {
        Members { members: members.into_iter(), value: None }
    }

    /// The value of the member whose key was read last.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn value(&mut self) -> Result<Value, Error> {
        self.value.take().ok_or_else(|| Error::custom("value is missing"))
    }
}

impl<'de> de::MapAccess<'de> for &mut Members {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.members.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Objects(self.value()?))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

struct Enum {
    variant: String,
    value: Option<Value>,
}

impl<'de> de::EnumAccess<'de> for Enum {
    type Error = Error;
    type Variant = Variant;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Variant), Error> {
        let variant = seed.deserialize(self.variant.into_deserializer())?;
        Ok((variant, Variant(self.value)))
    }
}

struct Variant(Option<Value>);

impl<'de> de::VariantAccess<'de> for Variant {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None | Some(Value::Null) => Ok(()),
            Some(other) => Err(Error::invalid_type(unexpected(&other), &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.0 {
            Some(v) => seed.deserialize(Objects(v)),
            None => Err(Error::invalid_type(Unexpected::UnitVariant, &"newtype variant")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(Value::Array(items)) => seq(items, visitor),
            Some(other) => Err(Error::invalid_type(unexpected(&other), &"tuple variant")),
            None => Err(Error::invalid_type(Unexpected::UnitVariant, &"tuple variant")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(Value::Object(members)) => map(members, visitor),
            Some(other) => Err(Error::invalid_type(unexpected(&other), &"struct variant")),
            None => Err(Error::invalid_type(Unexpected::UnitVariant, &"struct variant")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::from_value;
    use serde::Deserialize;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Doc {
        name: String,
        big: u64,
        neg: i64,
        ratio: f64,
        #[serde(default)]
        missing: Option<u32>,
        null: Option<u32>,
        list: Vec<(u8, String)>,
        by_op: BTreeMap<crate::Operation, String>,
        kind: Kind,
        inner: Inner,
        wrapped: Wrapped,
        #[serde(with = "crate::protocol::bytes")]
        data: Vec<u8>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    enum Kind {
        Plain,
        One(u8),
        Pair(u8, u8),
        Named { a: bool },
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Inner {
        a: bool,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Wrapped(String);

    /// The derived reader of [`Lean`], to compare with.
    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Derived {
        report_location: String,
        s3_key: Option<u32>,
        #[serde(default)]
        items: Vec<(u8, String)>,
        #[serde(rename = "ResourceARN")]
        resource_arn: Option<String>,
        inner: Inner,
    }

    #[derive(Debug, Default, PartialEq)]
    struct Lean {
        report_location: String,
        s3_key: Option<u32>,
        items: Vec<(u8, String)>,
        resource_arn: Option<String>,
        inner: Inner,
    }
    crate::value_de::lean_reader!(Lean, Camel; report_location, s3_key, #[default] items, resource_arn = "ResourceARN", inner);

    #[derive(Debug, Default, PartialEq)]
    struct Pascal {
        resource_arn: String,
        s3_key: u8,
        snake_case: Option<u8>,
    }
    crate::value_de::lean_reader!(Pascal, Pascal; resource_arn, s3_key, snake_case);

    fn doc() -> Value {
        json!({
            "name": "n", "big": u64::MAX, "neg": i64::MIN, "ratio": 0.5, "null": null,
            "list": [[1, "a"], [2, "b"]], "byOp": {"WriteRecords": "w"}, "kind": "plain",
            "inner": {"a": true, "extra": [1, {"x": null}]}, "wrapped": "w", "data": [0, 255], "unknown": 1
        })
    }

    /// What serde_json's value deserializer reads, this one reads the same: every kind of
    /// member, unknown members skipped.
    #[test]
    fn reads_what_serde_json_reads() {
        let want: Doc = serde_json::from_value(doc()).unwrap();
        assert_eq!(from_value::<Doc>(doc()).unwrap(), want);
        assert_eq!(want.big, u64::MAX);
        assert_eq!(want.by_op[&crate::Operation::WriteRecords], "w");
        for (kind, want) in [
            (json!("plain"), Kind::Plain),
            (json!({"one": 7}), Kind::One(7)),
            (json!({"pair": [1, 2]}), Kind::Pair(1, 2)),
            (json!({"named": {"a": true}}), Kind::Named { a: true }),
        ] {
            let mut d = doc();
            d["kind"] = kind.clone();
            assert_eq!(from_value::<Doc>(d.clone()).unwrap().kind, want, "{kind}");
            assert_eq!(serde_json::from_value::<Doc>(d).unwrap().kind, want, "{kind}");
        }
        let mut d = doc();
        d["data"] = json!("text");
        assert_eq!(from_value::<Doc>(d).unwrap().data, b"text");
    }

    /// Every type that asks for one kind of value reads what serde_json's value deserializer
    /// reads from every kind of value, and refuses the rest in the same words.
    #[test]
    fn one_kind_readers_answer_as_serde_json() {
        fn same<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(v: &Value) -> bool {
            let (ours, theirs) = (from_value::<T>(v.clone()).map_err(|e| e.to_string()), serde_json::from_value::<T>(v.clone()).map_err(|e| e.to_string()));
            assert_eq!(ours, theirs, "{} from {v}", std::any::type_name::<T>());
            ours.is_ok()
        }
        let values =
            json!([null, true, 0, 7, 300, 70000, u64::MAX, -1, i64::MIN, 0.5, -2.5, "", "x", "xy", [], [1, 2], [1, 2, 3], [1, "a"], ["a", "b"], {}, {"a": 1}]);
        let values = values.as_array().unwrap();
        type Reads = fn(&Value) -> bool;
        let types: [Reads; 22] = [
            same::<bool>,
            same::<u8>,
            same::<u16>,
            same::<u32>,
            same::<usize>,
            same::<u64>,
            same::<i8>,
            same::<i32>,
            same::<i64>,
            same::<f32>,
            same::<f64>,
            same::<char>,
            same::<String>,
            same::<()>,
            same::<Vec<u32>>,
            same::<Vec<String>>,
            same::<(u64, String)>,
            same::<[u32; 2]>,
            same::<BTreeMap<String, u8>>,
            same::<serde_json::Map<String, Value>>,
            same::<Option<u8>>,
            same::<Value>,
        ];
        let read = values.iter().map(|v| types.iter().filter(|same| same(v)).count()).sum::<usize>();
        // Each value is read by some types and refused by others.
        assert!(read > values.len() * 2 && read < values.len() * 22 / 2, "{read}");
    }

    /// `lean_reader!` reads what the derived reader reads and refuses what it refuses, in the
    /// same words.
    #[test]
    fn lean_readers_read_as_derived_ones() {
        let lean = |v: Value| from_value::<Lean>(v).map_err(|e| e.to_string());
        let derived = |v: Value| from_value::<Derived>(v).map_err(|e| e.to_string());
        let same = |v: Value| {
            let (l, d) = (lean(v.clone()), derived(v.clone()));
            match (&l, &d) {
                (Ok(l), Ok(d)) => assert_eq!(
                    (&l.report_location, l.s3_key, &l.items, &l.resource_arn, &l.inner),
                    (&d.report_location, d.s3_key, &d.items, &d.resource_arn, &d.inner),
                    "{v}"
                ),
                (Err(l), Err(d)) => assert_eq!(l, d, "{v}"),
                _ => panic!("{v}: lean {l:?}, derived {d:?}"),
            }
            l
        };
        let full = json!({"reportLocation": "r", "s3Key": 3, "items": [[1, "a"]], "ResourceARN": "arn", "inner": {"a": true}, "other": [1]});
        let read = same(full.clone()).unwrap();
        assert_eq!((read.report_location.as_str(), read.s3_key, read.items.len(), read.resource_arn.as_deref()), ("r", Some(3), 1, Some("arn")));
        // Options and #[default] fields may be absent; the others may not.
        assert!(same(json!({"reportLocation": "r", "inner": {"a": false}})).is_ok());
        assert_eq!(same(json!({"inner": {"a": false}})).unwrap_err(), "missing field `reportLocation`");
        assert_eq!(same(json!({"reportLocation": "r"})).unwrap_err(), "missing field `inner`");
        // Names as written only: not the field's own, not another case.
        for (bad, why) in [("report_location", "missing field `reportLocation`"), ("ReportLocation", "missing field `reportLocation`")] {
            let mut v = full.clone();
            let x = v.as_object_mut().unwrap().remove("reportLocation").unwrap();
            v[bad] = x;
            assert_eq!(same(v).unwrap_err(), why);
        }
        let mut v = full.clone();
        v["resourceArn"] = json!("other");
        assert_eq!(same(v).unwrap().resource_arn.as_deref(), Some("arn"));
        // Wrong types, null for a non-Option, not an object.
        for (member, bad) in [("s3Key", json!("x")), ("items", json!({})), ("reportLocation", json!(null)), ("inner", json!([true]))] {
            let mut v = full.clone();
            v[member] = bad;
            assert!(same(v).is_err(), "{member}");
        }
        assert_eq!(lean(json!([1])).unwrap_err(), "invalid type: sequence, expected struct Lean");
        let pascal = from_value::<Pascal>(json!({"ResourceArn": "a", "S3Key": 1, "SnakeCase": 2})).unwrap();
        assert_eq!((pascal.resource_arn.as_str(), pascal.s3_key, pascal.snake_case), ("a", 1, Some(2)));
        assert_eq!(from_value::<Pascal>(json!({"ResourceArn": "a"})).unwrap_err().to_string(), "missing field `S3Key`");
    }

    /// `lean_unit_enum!`'s enums read every name their derived writer writes, and refuse others
    /// in serde's words.
    #[test]
    fn lean_unit_enums_read_what_they_write() {
        use crate::batch::task::TaskStatus;
        use crate::store::value::MeasureType;
        use crate::validate::Rule;
        fn round<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Copy>(all: &[T]) {
            for v in all {
                let written = serde_json::to_value(v).unwrap();
                assert_eq!(from_value::<T>(written.clone()).unwrap(), *v, "{written}");
                assert_eq!(serde_json::from_value::<T>(written).unwrap(), *v);
            }
        }
        round(&[
            TaskStatus::Created,
            TaskStatus::InProgress,
            TaskStatus::Failed,
            TaskStatus::Succeeded,
            TaskStatus::ProgressStopped,
            TaskStatus::PendingResume,
        ]);
        round(&[MeasureType::Double, MeasureType::Bigint, MeasureType::Varchar, MeasureType::Boolean, MeasureType::Timestamp, MeasureType::Multi]);
        round(&[
            Rule::Syntax,
            Rule::Type,
            Rule::UnknownMember,
            Rule::Required,
            Rule::MinLength,
            Rule::MaxLength,
            Rule::MaxBytes,
            Rule::MinValue,
            Rule::MaxValue,
            Rule::Pattern,
            Rule::Enum,
            Rule::Semantic,
        ]);
        round(crate::Operation::ALL);
        assert_eq!(serde_json::to_value(TaskStatus::InProgress).unwrap(), "IN_PROGRESS");
        let e = from_value::<TaskStatus>(json!("inProgress")).unwrap_err().to_string();
        assert_eq!(e, "unknown variant `inProgress`, expected one of `CREATED`, `IN_PROGRESS`, `FAILED`, `SUCCEEDED`, `PROGRESS_STOPPED`, `PENDING_RESUME`");
        assert_eq!(super::variant_index("x", &["A", "B"], super::VariantCase::Camel).unwrap_err(), "unknown variant `x`, expected `a` or `b`");
        assert_eq!(super::variant_index("x", &["A"], super::VariantCase::Upper).unwrap_err(), "unknown variant `x`, expected `A`");
    }

    /// A struct from an array (serde_json's other form) is refused, as are the wrong types, with
    /// serde's wording.
    #[test]
    fn structs_only_from_objects_and_wrong_types_named() {
        let err = |d: Value| from_value::<Doc>(d).unwrap_err().to_string();
        let mut d = doc();
        d["inner"] = json!([true]);
        assert_eq!(err(d), "invalid type: sequence, expected struct Inner");
        for (member, bad, says) in [
            ("name", json!(5), "invalid type: integer `5`, expected a string"),
            ("big", json!(-1), "invalid value: integer `-1`, expected u64"),
            ("ratio", json!("x"), "invalid type: string \"x\", expected f64"),
            ("kind", json!("other"), "unknown variant `other`, expected one of `plain`, `one`, `pair`, `named`"),
            ("kind", json!({"one": 1, "pair": [1, 2]}), "invalid value: map, expected map with a single key"),
            ("kind", json!({"named": [true]}), "invalid type: sequence, expected struct variant"),
            ("list", json!([[1, "a", 3]]), "invalid length 3, expected fewer elements in array"),
            ("byOp", json!({"Nope": "x"}), "unknown variant `Nope`"),
        ] {
            let mut d = doc();
            d[member] = bad;
            let e = err(d);
            assert!(e.contains(says), "{member}: {e}");
        }
        let mut d = doc();
        d.as_object_mut().unwrap().remove("name");
        assert_eq!(err(d), "missing field `name`");
    }
}
