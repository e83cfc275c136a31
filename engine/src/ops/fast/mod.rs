//! The WriteRecords fast path: the body is parsed once into a borrowed tree (strings borrow from
//! the body, objects are vectors), the same model table and walker check it, and the records
//! are built straight from the tree without copying a string. Anything the path does not take
//! for granted — a diagnostic, a null, a repeated key, an unknown table, a rejected request —
//! makes it step aside (`None`): the general path then runs the request from the start and words
//! every answer, so behaviour is identical by construction.

use serde_json::Value;

use super::writes::{self, Effective, RecordSource};
use crate::validate::json::Borrowed;
use crate::validate::{self, Diagnostic};
use crate::{ApiError, Engine, Operation};

/// A record of the borrowed tree with its members resolved (one pass over its object).
#[derive(Debug, Clone, Copy, Default)]
pub struct TreeRecord<'a> {
    dimensions: Option<&'a [Borrowed<'a>]>,
    measure_name: Option<&'a str>,
    measure_value: Option<&'a str>,
    measure_value_type: Option<&'a str>,
    time: Option<&'a str>,
    time_unit: Option<&'a str>,
    version: Option<i64>,
    measure_values: Option<&'a [Borrowed<'a>]>,
}

/// The string members of an item object, by position in `names`; None if the item is anything
/// but an object of those members holding strings, each at most once.
fn string_members<'a, const N: usize>(item: &'a Borrowed<'a>, names: [&str; N]) -> Option<[Option<&'a str>; N]> {
    let mut out = [None; N];
    for (k, v) in item.entries()? {
        let j = names.iter().position(|n| *n == k)?;
        let Borrowed::String(s) = v else { return None };
        if out[j].replace(&**s).is_some() {
            return None;
        }
    }
    Some(out)
}

const DIMENSION: [&str; 3] = ["Name", "Value", "DimensionValueType"];
const MEASURE_VALUE: [&str; 3] = ["Name", "Value", "Type"];

/// Every item of a list is an object of `names` with all of `required` present.
fn items_ok<const N: usize>(items: &[Borrowed<'_>], names: [&str; N], required: usize) -> bool {
    items.iter().all(|it| string_members(it, names).is_some_and(|m| m[..required].iter().all(Option::is_some)))
}

fn pair<'a>(item: &'a Borrowed<'a>) -> (&'a str, &'a str) {
    let m = string_members(item, DIMENSION).unwrap_or_default();
    (m[0].unwrap_or_default(), m[1].unwrap_or_default())
}

fn triple<'a>(item: &'a Borrowed<'a>) -> (&'a str, &'a str, &'a str) {
    let m = string_members(item, MEASURE_VALUE).unwrap_or_default();
    (m[0].unwrap_or_default(), m[1].unwrap_or_default(), m[2].unwrap_or_default())
}

impl<'a> TreeRecord<'a> {
    fn of(v: &'a Borrowed<'a>) -> Option<Self> {
        let mut r = TreeRecord::default();
        let mut seen = 0u8;
        for (k, v) in v.entries()? {
            let bit = match &**k {
                "Dimensions" => 0,
                "MeasureName" => 1,
                "MeasureValue" => 2,
                "MeasureValueType" => 3,
                "Time" => 4,
                "TimeUnit" => 5,
                "Version" => 6,
                "MeasureValues" => 7,
                _ => return None,
            };
            if seen & (1 << bit) != 0 {
                return None;
            }
            seen |= 1 << bit;
            match (bit, v) {
                (0, Borrowed::Array(items)) if items_ok(items, DIMENSION, 2) => r.dimensions = Some(items),
                (7, Borrowed::Array(items)) if items_ok(items, MEASURE_VALUE, 3) => r.measure_values = Some(items),
                (6, Borrowed::Number(n)) => r.version = Some(n.as_i64()?),
                (1..=5, Borrowed::String(s)) => {
                    let s = Some(&**s);
                    match bit {
                        1 => r.measure_name = s,
                        2 => r.measure_value = s,
                        3 => r.measure_value_type = s,
                        4 => r.time = s,
                        _ => r.time_unit = s,
                    }
                }
                _ => return None,
            }
        }
        Some(r)
    }
}

type Pairs<'a> = std::iter::Map<std::slice::Iter<'a, Borrowed<'a>>, fn(&'a Borrowed<'a>) -> (&'a str, &'a str)>;
type Triples<'a> = std::iter::Map<std::slice::Iter<'a, Borrowed<'a>>, fn(&'a Borrowed<'a>) -> (&'a str, &'a str, &'a str)>;

impl<'a> RecordSource<'a> for TreeRecord<'a> {
    type Dims = Pairs<'a>;
    type Measures = Triples<'a>;
    fn dimensions(self) -> Option<Pairs<'a>> {
        Some(self.dimensions?.iter().map(pair as _))
    }
    fn measure_name(self) -> Option<&'a str> {
        self.measure_name
    }
    fn measure_value(self) -> Option<&'a str> {
        self.measure_value
    }
    fn measure_value_type(self) -> Option<&'a str> {
        self.measure_value_type
    }
    fn time(self) -> Option<&'a str> {
        self.time
    }
    fn time_unit(self) -> Option<&'a str> {
        self.time_unit
    }
    fn version(self) -> Option<i64> {
        self.version
    }
    fn measure_values(self) -> Option<Triples<'a>> {
        Some(self.measure_values?.iter().map(triple as _))
    }
}

/// A WriteRecords request that passed the model table and every request-level rule.
struct Checked<'a> {
    database: &'a str,
    table: &'a str,
    records: Vec<Effective<'a>>,
}

fn check<'a>(tree: &'a Borrowed<'a>) -> Option<Checked<'a>> {
    if !validate::check_input(Operation::WriteRecords, tree).is_empty() {
        return None;
    }
    let (mut database, mut table, mut common, mut records) = (None, None, None, None);
    for (k, v) in tree.entries()? {
        let slot_taken = match (&**k, v) {
            ("DatabaseName", Borrowed::String(s)) => database.replace(&**s).is_some(),
            ("TableName", Borrowed::String(s)) => table.replace(&**s).is_some(),
            ("CommonAttributes", v @ Borrowed::Object(_)) => common.replace(TreeRecord::of(v)?).is_some(),
            ("Records", Borrowed::Array(items)) => records.replace(items).is_some(),
            _ => return None,
        };
        if slot_taken {
            return None;
        }
    }
    let items: &[Borrowed<'a>] = records?;
    let mut out = Vec::with_capacity(items.len());
    let mut diags = Vec::new();
    for (i, item) in items.iter().enumerate() {
        out.push(writes::effective(common, TreeRecord::of(item)?, i, &mut diags)?);
    }
    Some(Checked { database: database?, table: table?, records: out })
}

/// WriteRecords on the fast path: the answer, or None to run the general path.
pub fn write(engine: &mut Engine, body: &[u8]) -> Option<Result<Option<Value>, ApiError>> {
    let tree = Borrowed::parse(body)?;
    let req = check(&tree)?;
    let now = engine.now();
    let table = super::tables::get_mut(engine, req.database, req.table).ok()?;
    Some(super::out(writes::apply(table, now, &req.records).into_result()))
}

/// `Engine::diagnose` of WriteRecords on the fast path: Some(empty) for a valid request, None to
/// let the general path find and word the problems.
pub fn diagnose(body: &[u8]) -> Option<Vec<Diagnostic>> {
    let tree = Borrowed::parse(body)?;
    check(&tree).map(|_| Vec::new())
}
