//! Validation as data: the service model's constraints (plus the stricter documented limits)
//! are one table (`model`), walked generically over the request JSON so that every violation at
//! every depth is reported with its member path and rule.

use serde::{Deserialize, Serialize};

use crate::error::ErrorKind;

pub mod model;
pub mod overlay;
pub mod patterns;
pub mod span;
pub(crate) mod walk;

#[cfg(test)]
mod tests_negative;
#[cfg(test)]
mod tests_table;
#[cfg(test)]
mod tests_walk;

pub use walk::render as render_value;

/// One step of a member path. On the wire a member's name or an index (`["Records", 3,
/// "MeasureName"]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Seg {
    Member(String),
    Index(usize),
}

/// Read as it is written, a string or a number. serde's untagged reader would first buffer each
/// step and then try each variant: an answer of 13,758 diagnostics spent 25–29 ms of the page's
/// thread there (docs/benchmarks.md, "Messages as JSON text").
impl<'de> Deserialize<'de> for Seg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Step;
        impl serde::de::Visitor<'_> for Step {
            type Value = Seg;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a member name or an index")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Seg, E> {
                Ok(Seg::Member(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Seg, E> {
                Ok(Seg::Member(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Seg, E> {
                usize::try_from(v).map(Seg::Index).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
        }
        d.deserialize_any(Step)
    }
}

/// A member path such as `Records[3].Dimensions[0].Name`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MemberPath(pub Vec<Seg>);

impl MemberPath {
    pub fn root() -> Self {
        MemberPath(Vec::new())
    }
    pub fn member(&self, name: &str) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Member(name.to_string()));
        MemberPath(v)
    }
    pub fn index(&self, i: usize) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Index(i));
        MemberPath(v)
    }
    pub fn parse(s: &str) -> Self {
        let mut segs = Vec::new();
        for part in s.split('.') {
            let (name, rest) = part.split_once('[').map_or((part, ""), |(a, b)| (a, b));
            if !name.is_empty() {
                segs.push(Seg::Member(name.to_string()));
            }
            for idx in rest.split('[') {
                if let Ok(i) = idx.trim_end_matches(']').parse() {
                    segs.push(Seg::Index(i));
                }
            }
        }
        MemberPath(segs)
    }
    /// The service's Coral form: lower-camel names, 1-based indices with `.member.`
    /// (`records.4.member.dimensions.1.member.name`).
    pub fn coral(&self) -> String {
        let mut out = String::new();
        for seg in &self.0 {
            match seg {
                Seg::Member(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    let mut chars = name.chars();
                    if let Some(first) = chars.next() {
                        out.push(first.to_ascii_lowercase()); // member names are ASCII
                        out.push_str(chars.as_str());
                    }
                }
                Seg::Index(i) => {
                    out.push('.');
                    out.push_str(&(i + 1).to_string());
                    out.push_str(".member");
                }
            }
        }
        out
    }
}

impl std::fmt::Display for MemberPath {
    /// The SDK form: `Records[3].Dimensions[0].Name` (0-based).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        for seg in &self.0 {
            match seg {
                Seg::Member(name) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    f.write_str(name)?;
                }
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

/// The rule a diagnostic reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    /// The body is not JSON (or not a JSON object).
    #[default]
    Syntax,
    /// A member has the wrong JSON type.
    Type,
    /// A member the operation does not have.
    UnknownMember,
    Required,
    MinLength,
    MaxLength,
    /// A documented limit in UTF-8 bytes (names).
    MaxBytes,
    MinValue,
    MaxValue,
    Pattern,
    Enum,
    /// A rule of the service beyond single-member constraints (reserved names, merge rules,
    /// combinations...).
    Semantic,
}

crate::value_de::lean_unit_enum!(Rule, Camel; Syntax, Type, UnknownMember, Required, MinLength, MaxLength, MaxBytes, MinValue, MaxValue, Pattern, Enum, Semantic);

impl Rule {
    /// Serialization problems (cannot be read as the input shape) rather than constraint failures.
    pub fn is_serialization(self) -> bool {
        matches!(self, Rule::Syntax | Rule::Type | Rule::UnknownMember)
    }
}

/// One violation: where, which rule, and a message in the service's style.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diagnostic {
    pub path: MemberPath,
    pub rule: Rule,
    /// The message in the service's style for this one violation. For model constraints this is
    /// the Coral clause: `Value 'X' at 'records.1.member.name' failed to satisfy constraint: ...`.
    pub message: String,
    /// Where the member is in the request text (bytes), when `Engine::diagnose` found it
    /// (`span::locate`); None elsewhere.
    #[serde(default)]
    pub span: Option<span::Span>,
}

crate::value_de::lean_reader!(Diagnostic, Snake; path, rule, message, #[default] span);

impl Diagnostic {
    pub fn new(path: MemberPath, rule: Rule, message: impl Into<String>) -> Self {
        Diagnostic { path, rule, message: message.into(), span: None }
    }
}

/// The message of the wire error for a list of diagnostics.
///
/// Model constraint failures follow Coral: `N validation error(s) detected: <clause>; <clause>`.
/// Serialization problems and semantic rules carry their own message (the first one).
pub fn wire_message(kind: ErrorKind, diagnostics: &[Diagnostic]) -> String {
    match kind {
        ErrorKind::ModelValidation => {
            let n = diagnostics.len();
            let noun = if n == 1 { "error" } else { "errors" };
            let clauses: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
            format!("{n} validation {noun} detected: {}", clauses.join("; "))
        }
        _ => diagnostics.first().map(|d| d.message.clone()).unwrap_or_default(),
    }
}

/// Walks the model table (and the overlay of stricter documented limits) over a request body:
/// every violation at every depth with its path, members in model order and list items in index
/// order. Empty when valid. Never panics.
pub fn check_input(op: crate::Operation, body: &serde_json::Value) -> Vec<Diagnostic> {
    let mut walker = walk::Walker::new(model::tree(op));
    walker.walk_root(body);
    walker.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_in_sdk_and_coral_forms() {
        let p = MemberPath::root().member("Records").index(3).member("Dimensions").index(0).member("Name");
        assert_eq!(p.to_string(), "Records[3].Dimensions[0].Name");
        assert_eq!(p.coral(), "records.4.member.dimensions.1.member.name");
        assert_eq!(MemberPath::parse("Records[3].Dimensions[0].Name"), p);
        assert_eq!(MemberPath::root().member("DatabaseName").coral(), "databaseName");
    }

    #[test]
    fn coral_message_counts_errors() {
        let d = |m: &str| Diagnostic::new(MemberPath::root(), Rule::MaxLength, m);
        assert_eq!(wire_message(ErrorKind::ModelValidation, &[d("A")]), "1 validation error detected: A");
        assert_eq!(wire_message(ErrorKind::ModelValidation, &[d("A"), d("B")]), "2 validation errors detected: A; B");
    }
}

#[cfg(test)]
mod tests_seg {
    use super::{MemberPath, Seg};

    #[test]
    fn a_member_path_reads_back_as_written_from_text_and_from_a_value() {
        let path = MemberPath(vec![Seg::Member("Records".into()), Seg::Index(3), Seg::Member("Dimensions".into()), Seg::Index(0), Seg::Member("7".into())]);
        let text = serde_json::to_string(&path).unwrap();
        assert_eq!(text, r#"["Records",3,"Dimensions",0,"7"]"#);
        assert_eq!(serde_json::from_str::<MemberPath>(&text).unwrap(), path);
        assert_eq!(serde_json::from_value::<MemberPath>(serde_json::to_value(&path).unwrap()).unwrap(), path);
        assert_eq!(serde_json::from_str::<MemberPath>("[]").unwrap(), MemberPath::root());
        for bad in ["[-1]", "[1.5]", "[true]", "[null]", r#"[{"member":"a"}]"#] {
            let e = serde_json::from_str::<MemberPath>(bad).unwrap_err().to_string();
            assert!(e.contains("expected a member name or an index"), "{bad}: {e}");
        }
    }
}
