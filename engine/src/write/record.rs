//! The request rules of WriteRecords (spec/write-semantics.md): CommonAttributes merged into each
//! record, single vs MULTI records, value and time parsing. A record that breaks one fails the
//! whole request (ValidationException, nothing written); a batch-load row that breaks one is a
//! parse failure.

use smallvec::SmallVec;

use super::source::RecordSource;
use crate::clock::Nanos;
use crate::store::value::{parse_scalar, parse_time};
use crate::store::{InValue, MeasureType};
use crate::validate::{Diagnostic, MemberPath, Rule};

/// One record after merging CommonAttributes, parsed and checked for request-level rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective<'a> {
    /// Inline up to four (what nearly every record has); more spill to the heap.
    pub dims: SmallVec<[(&'a str, &'a str); 4]>,
    pub measure: &'a str,
    pub value: InValue<'a>,
    pub time: Nanos,
    pub version: i64,
}

impl Effective<'_> {
    /// The bytes of the record's dimension names and values (a series' 2 KB limit).
    pub fn dimension_bytes(&self) -> usize {
        self.dims.iter().map(|(n, v)| n.len() + v.len()).sum()
    }

    /// The bytes of the record's measure values, names not counted (the 2,048-byte limit): 8 a
    /// DOUBLE, BIGINT or TIMESTAMP, 1 a BOOLEAN, a VARCHAR its UTF-8 length.
    pub fn value_bytes(&self) -> usize {
        match &self.value {
            InValue::Multi(attrs) => attrs.iter().map(|(_, v)| scalar_bytes(v)).sum(),
            v => scalar_bytes(v),
        }
    }
}

fn scalar_bytes(v: &InValue<'_>) -> usize {
    match v {
        InValue::Varchar(s) => s.len(),
        InValue::Boolean(_) => 1,
        _ => 8,
    }
}

fn diag(path: MemberPath, rule: Rule, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(path, rule, message)
}

/// `Records[i].<member>`, built only when a diagnostic needs it (the happy path allocates none).
fn at(i: usize, member: &str) -> MemberPath {
    MemberPath::root().member("Records").index(i).member(member)
}

/// `Records[i].<list>[j].<member>` (or `CommonAttributes.<list>[j].<member>`).
fn at_item(common: bool, i: usize, list: &str, j: usize, member: &str) -> MemberPath {
    let base = if common { MemberPath::root().member("CommonAttributes") } else { MemberPath::root().member("Records").index(i) };
    base.member(list).index(j).member(member)
}

/// Merges CommonAttributes into record `i` and applies the request-level rules. Every problem is
/// pushed to `out`; the effective record is returned only when there were none.
pub fn effective<'a, R: RecordSource<'a>>(common: Option<R>, rec: R, i: usize, out: &mut Vec<Diagnostic>) -> Option<Effective<'a>> {
    let before = out.len();
    let pick = |own: Option<&'a str>, shared: Option<&'a str>| own.or(shared);

    // Dimensions: the union of common and own; a name twice is a ValidationException.
    let mut dims: SmallVec<[(&str, &str); 4]> = SmallVec::new();
    let sources = [(common.and_then(|c| c.dimensions()), true), (rec.dimensions(), false)];
    for (list, from_common) in sources {
        for (j, (name, value)) in list.into_iter().flatten().enumerate() {
            let path = |member: &str| at_item(from_common, i, "Dimensions", j, member);
            if dims.iter().any(|(n, _)| *n == name) {
                out.push(diag(path("Name"), Rule::Semantic, format!(
                    "Dimension names must be unique in a record: the dimension {name} of record {i} is given more than once (CommonAttributes and the record's Dimensions are merged)."
                )));
            }
            if value.is_empty() {
                out.push(diag(path("Value"), Rule::Semantic, format!("The value of dimension {name} must not be empty.")));
            }
            dims.push((name, value));
        }
    }
    if dims.is_empty() {
        out.push(diag(at(i, "Dimensions"), Rule::Semantic, "At least one dimension is required for a record."));
    }

    let measure = pick(rec.measure_name(), common.and_then(|c| c.measure_name()));
    let ty_text = pick(rec.measure_value_type(), common.and_then(|c| c.measure_value_type())).unwrap_or("DOUBLE");
    let ty = MeasureType::parse(ty_text).unwrap_or(MeasureType::Double);
    let unit = pick(rec.time_unit(), common.and_then(|c| c.time_unit()));
    let scalar = pick(rec.measure_value(), common.and_then(|c| c.measure_value()));
    let multi = rec.measure_values().or_else(|| common.and_then(|c| c.measure_values()));
    let time = pick(rec.time(), common.and_then(|c| c.time()));
    let version = rec.version().or(common.and_then(|c| c.version())).unwrap_or(1);

    if measure.is_none() {
        out.push(diag(at(i, "MeasureName"), Rule::Semantic, "MeasureName is required for a record."));
    }
    let value = if ty == MeasureType::Multi {
        if scalar.is_some() {
            out.push(diag(
                at(i, "MeasureValue"),
                Rule::Semantic,
                "MeasureValue cannot be specified for a record with MeasureValueType MULTI; use MeasureValues.",
            ));
        }
        match multi {
            None => {
                out.push(diag(at(i, "MeasureValues"), Rule::Semantic, "MeasureValues is required for a record with MeasureValueType MULTI."));
                None
            }
            Some(list) if list.len() == 0 => {
                out.push(diag(
                    at(i, "MeasureValues"),
                    Rule::Semantic,
                    "MeasureValues must contain at least one measure value for a record with MeasureValueType MULTI.",
                ));
                None
            }
            Some(list) => {
                let mut attrs: Vec<(&str, InValue<'_>)> = Vec::with_capacity(list.len());
                for (j, (mv_name, mv_value, mv_type)) in list.enumerate() {
                    let path = |member: &str| at_item(false, i, "MeasureValues", j, member);
                    let Some(aty) = MeasureType::parse(mv_type) else { continue };
                    if aty == MeasureType::Multi {
                        out.push(diag(path("Type"), Rule::Semantic, "MULTI is an invalid measure value type."));
                        continue;
                    }
                    if attrs.iter().any(|(n, _)| *n == mv_name) {
                        out.push(diag(
                            path("Name"),
                            Rule::Semantic,
                            format!("Measure value names must be unique in a record: {mv_name} is given more than once."),
                        ));
                    }
                    if dims.iter().any(|(n, _)| *n == mv_name) {
                        out.push(diag(
                            path("Name"),
                            Rule::Semantic,
                            format!("The measure value name {mv_name} is also a dimension name of the record; column names must be unique."),
                        ));
                    }
                    match parse_scalar(aty, mv_value, unit) {
                        Some(v) => attrs.push((mv_name, v)),
                        None => out.push(diag(
                            path("Value"),
                            Rule::Semantic,
                            format!("Invalid value {mv_value} for {} measure value type.", aty.as_str().to_ascii_lowercase()),
                        )),
                    }
                }
                Some(InValue::Multi(attrs))
            }
        }
    } else {
        if multi.is_some() {
            out.push(diag(
                at(i, "MeasureValues"),
                Rule::Semantic,
                format!("MeasureValues can only be specified for a record with MeasureValueType MULTI, not {}.", ty.as_str()),
            ));
        }
        if ty == MeasureType::Timestamp {
            out.push(diag(at(i, "MeasureValueType"), Rule::Semantic, "TIMESTAMP is an invalid measure value type."));
            None
        } else {
            match scalar {
                None => {
                    out.push(diag(
                        at(i, "MeasureValue"),
                        Rule::Semantic,
                        format!("MeasureValue is required for a record with MeasureValueType {}.", ty.as_str()),
                    ));
                    None
                }
                Some(text) => match parse_scalar(ty, text, unit) {
                    Some(v) => Some(v),
                    None => {
                        out.push(diag(
                            at(i, "MeasureValue"),
                            Rule::Semantic,
                            format!("Invalid value {text} for {} measure value type.", ty.as_str().to_ascii_lowercase()),
                        ));
                        None
                    }
                },
            }
        }
    };
    if let Some(m) = measure {
        if dims.iter().any(|(n, _)| *n == m) {
            out.push(diag(
                at(i, "MeasureName"),
                Rule::Semantic,
                format!("The measure name {m} is also a dimension name of the record; column names must be unique."),
            ));
        }
    }
    let time_ns = match time {
        None => {
            out.push(diag(at(i, "Time"), Rule::Semantic, "Time is required for a record."));
            None
        }
        Some(t) => match parse_time(t, unit) {
            Some(ns) => Some(ns),
            None => {
                out.push(diag(at(i, "Time"), Rule::Semantic, "Invalid time for record."));
                None
            }
        },
    };
    if out.len() > before {
        return None;
    }
    Some(Effective { dims, measure: measure?, value: value?, time: time_ns?, version })
}
