//! One CSV row as a WriteRecords record, by a data model bound to the file's header
//! ([`Plan<usize>`](super::mapping::Plan)): each cell meets the WriteRecords rules of the member
//! it becomes (`write::member_problem`), and the record borrows the row's cells and the plan's
//! names (no string is copied) for `write::effective`.

use smallvec::SmallVec;

use super::csvsrc::{Cells, CsvOptions};
use super::mapping::{Attr, Measures, Plan};
use crate::types::{Dimension, MeasureValue, Record};
use crate::validate::render_value;
use crate::write::{member_problem, Member, RecordParts};

const BAD_UTF8: &str = "The row is not valid UTF-8.";

/// (name, value, type) of a MULTI attribute.
type Triple<'r> = (&'r str, &'r str, &'r str);
/// The attributes of a MULTI row, inline up to four.
pub type RowAttrs<'r> = SmallVec<[Triple<'r>; 4]>;

/// One CSV row as a WriteRecords record, borrowing the row's cells and the plan's names (no
/// string is copied); `parts` is what `write::effective` reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowRecord<'r> {
    pub dimensions: SmallVec<[(&'r str, &'r str); 4]>,
    pub measure_name: Option<&'r str>,
    pub measure_value: Option<&'r str>,
    pub measure_value_type: Option<&'r str>,
    pub time: Option<&'r str>,
    pub time_unit: Option<&'r str>,
    pub version: i64,
    /// (name, value, type) of a MULTI record's attributes.
    pub measure_values: Option<RowAttrs<'r>>,
}

impl RowRecord<'_> {
    /// The record as `write::effective` reads it.
    pub fn parts(&self) -> RecordParts<'_> {
        RecordParts {
            dimensions: Some(&self.dimensions),
            measure_name: self.measure_name,
            measure_value: self.measure_value,
            measure_value_type: self.measure_value_type,
            time: self.time,
            time_unit: self.time_unit,
            version: Some(self.version),
            measure_values: self.measure_values.as_deref(),
        }
    }

    /// The record as the API's type (for the preview).
    pub fn to_record(&self) -> Record {
        let own = |s: Option<&str>| s.map(str::to_string);
        Record {
            dimensions: Some(
                self.dimensions.iter().map(|(n, v)| Dimension { name: n.to_string(), value: v.to_string(), dimension_value_type: None }).collect(),
            ),
            measure_name: own(self.measure_name),
            measure_value: own(self.measure_value),
            measure_value_type: own(self.measure_value_type),
            time: own(self.time),
            time_unit: own(self.time_unit),
            version: Some(self.version),
            measure_values: self
                .measure_values
                .as_ref()
                .map(|list| list.iter().map(|(n, v, t)| MeasureValue { name: n.to_string(), value: v.to_string(), r#type: t.to_string() }).collect()),
        }
    }
}

/// Cell `i` of a row (None when null: empty or NullValue), meeting the WriteRecords rules of
/// the `member` it becomes (issue 13 item 10); the error is the row's parse-failure reason, the
/// constraint stated as WriteRecords states it.
#[inline(always)]
fn cell<'r>(opts: &CsvOptions, row: &Cells<'r>, header: &[String], i: usize, member: Member) -> Result<Option<&'r str>, String> {
    let v = opts.cell(row, i).map_err(|_| BAD_UTF8.to_string())?;
    match v.and_then(|v| Some((v, member_problem(member, v)?))) {
        None => Ok(v),
        Some((v, (_, constraint))) => {
            let value = render_value(&serde_json::Value::String(v.to_string()));
            let column = header.get(i).map_or("", String::as_str);
            Err(format!("Value '{value}' in column {column} failed to satisfy constraint: {constraint}"))
        }
    }
}

/// The attributes of a MULTI record from their cells (empty and NullValue cells left out).
#[inline]
fn row_attrs<'r>(attrs: &'r [Attr<usize>], opts: &CsvOptions, row: &Cells<'r>, header: &[String]) -> Result<RowAttrs<'r>, String> {
    let mut list = SmallVec::new();
    for a in attrs {
        if let Some(v) = cell(opts, row, header, a.column, Member::AttributeValue)? {
            list.push((a.name.as_str(), v, a.ty));
        }
    }
    Ok(list)
}

impl Plan<usize> {
    /// One CSV row as a record (`header`: the file's column names); the error is the row's
    /// parse-failure reason. Each cell meets the WriteRecords rules of the member it becomes; the
    /// record then goes through the request rules. Inlined, as the callers below: a record is a
    /// few hundred bytes, and each call it is returned through would copy it.
    #[inline]
    pub fn row<'r>(&'r self, opts: &CsvOptions, row: &Cells<'r>, header: &[String], version: i64) -> Result<RowRecord<'r>, String> {
        let width = header.len();
        if row.len() != width {
            return Err(format!("The row has {} columns but the header row has {width}.", row.len()));
        }
        let cell = |i: usize, member: Member| cell(opts, row, header, i, member);
        let mut rec = RowRecord { time: cell(self.time, Member::Time)?, time_unit: self.time_unit.as_deref(), version, ..RowRecord::default() };
        for (c, name) in &self.dims {
            if let Some(v) = cell(*c, Member::DimensionValue)? {
                rec.dimensions.push((name.as_str(), v));
            }
        }
        match &self.measures {
            Measures::Multi { target, attrs } => {
                // The cell is the measure name; the plan's names were checked at creation.
                let row_name = match self.measure_name_column {
                    Some(c) => cell(c, Member::MeasureName)?,
                    None => None,
                };
                rec.measure_name = row_name.or(target.as_deref());
                rec.measure_value_type = Some("MULTI");
                rec.measure_values = Some(row_attrs(attrs, opts, row, header)?);
            }
            Measures::Mixed(list) => {
                // The cell selects a mapping; the name written is the mapping's.
                let row_name = match self.measure_name_column {
                    Some(c) => opts.cell(row, c).map_err(|_| BAD_UTF8.to_string())?,
                    None => None,
                };
                let Some(name) = row_name else {
                    return Err("The row has no measure name: the MeasureNameColumn cell is empty.".into());
                };
                let Some(m) = list.iter().find(|m| m.measure_name == name) else {
                    return Err(format!("No MixedMeasureMapping has the MeasureName {name} (the row's MeasureNameColumn value)."));
                };
                rec.measure_name = Some(&m.target);
                rec.measure_value_type = Some(m.ty);
                match m.column {
                    Some(c) => rec.measure_value = cell(c, Member::MeasureValue)?,
                    None => rec.measure_values = Some(row_attrs(&m.attrs, opts, row, header)?),
                }
            }
        }
        Ok(rec)
    }
}
