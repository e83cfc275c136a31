//! Data models: the combination rules of batch-load.md §2.3 (checked at task creation), the
//! model bound to a file's header row, and one CSV row turned into a WriteRecords `Record`.


use super::csvsrc::{Cells, CsvOptions};
use crate::store::MeasureType;
use smallvec::SmallVec;

use crate::write::RecordParts;
use crate::types::{DataModel, Dimension, MeasureValue, MultiMeasureAttributeMapping, Record};
use crate::validate::{Diagnostic, MemberPath, Rule};

/// One multi-measure attribute: source column, attribute name, type (DOUBLE when not given,
/// as for WriteRecords).
#[derive(Debug, Clone, PartialEq)]
pub struct Attr<C> {
    pub column: C,
    pub name: String,
    pub ty: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mixed<C> {
    /// The `measure_name` value (MeasureNameColumn cell) this mapping applies to.
    pub measure_name: String,
    /// The measure name written: TargetMeasureName, else MeasureName.
    pub target: String,
    pub ty: &'static str,
    pub column: Option<C>,
    pub attrs: Vec<Attr<C>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Measures<C> {
    Multi { target: Option<String>, attrs: Vec<Attr<C>> },
    Mixed(Vec<Mixed<C>>),
}

/// A checked data model; `C` is a column name (`String`) before binding and an index after.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan<C> {
    pub time: C,
    pub time_unit: Option<String>,
    pub dims: Vec<(C, String)>,
    pub measure_name_column: Option<C>,
    pub measures: Measures<C>,
}

fn d(out: &mut Vec<Diagnostic>, path: MemberPath, msg: String) {
    out.push(Diagnostic::new(path, Rule::Semantic, msg));
}

fn attrs(list: &[MultiMeasureAttributeMapping], path: &MemberPath, out: &mut Vec<Diagnostic>) -> Vec<Attr<String>> {
    let mut res: Vec<Attr<String>> = Vec::with_capacity(list.len());
    for (i, a) in list.iter().enumerate() {
        let p = path.index(i);
        let ty = match a.measure_value_type.as_deref() {
            None => "DOUBLE",
            Some(t) => match MeasureType::parse(t) {
                Some(MeasureType::Multi) | None => {
                    d(out, p.member("MeasureValueType"), format!("Invalid MeasureValueType {t} for a multi-measure attribute: use DOUBLE, BIGINT, BOOLEAN, VARCHAR or TIMESTAMP."));
                    continue;
                }
                Some(t) => t.as_str(),
            },
        };
        if a.source_column.is_empty() {
            d(out, p.member("SourceColumn"), "MultiMeasureAttributeMapping.SourceColumn must not be empty.".into());
        }
        let name = a.target_multi_measure_attribute_name.clone().unwrap_or_else(|| a.source_column.clone());
        if res.iter().any(|x| x.name == name) {
            d(out, p, format!("The multi-measure attribute name {name} is mapped more than once; attribute names must be unique."));
            continue;
        }
        res.push(Attr { column: a.source_column.clone(), name, ty });
    }
    res
}

/// Checks a data model (`base` = `DataModelConfiguration.DataModel`) and compiles it. Every
/// broken rule becomes a diagnostic; the plan is returned only when there were none.
pub fn check_model(m: &DataModel, base: &MemberPath, out: &mut Vec<Diagnostic>) -> Option<Plan<String>> {
    let before = out.len();
    let time = m.time_column.clone();
    if time.is_none() {
        d(out, base.member("TimeColumn"), "DataModel.TimeColumn is required: name the source column that holds the record time (epoch integer in TimeUnit).".into());
    }
    let mut dims: Vec<(String, String)> = Vec::new();
    if m.dimension_mappings.is_empty() {
        d(out, base.member("DimensionMappings"), "DataModel.DimensionMappings must map at least one dimension.".into());
    }
    for (i, dm) in m.dimension_mappings.iter().enumerate() {
        let p = base.member("DimensionMappings").index(i);
        let Some(src) = dm.source_column.clone() else {
            d(out, p.member("SourceColumn"), format!("DimensionMappings[{i}].SourceColumn is required."));
            continue;
        };
        let dest = dm.destination_column.clone().unwrap_or_else(|| src.clone());
        if dims.iter().any(|(_, n)| *n == dest) {
            d(out, p.member("DestinationColumn"), format!("The dimension {dest} is mapped more than once; dimension names must be unique."));
            continue;
        }
        dims.push((src, dest));
    }
    let mnc = m.measure_name_column.clone();
    let measures = match (&m.multi_measure_mappings, &m.mixed_measure_mappings) {
        (Some(_), Some(_)) => {
            d(out, base.member("MixedMeasureMappings"), "Specify either MultiMeasureMappings or MixedMeasureMappings in a data model, not both.".into());
            None
        }
        (None, None) => {
            d(out, base.clone(), "The data model maps no measure: specify MultiMeasureMappings (with MultiMeasureAttributeMappings) or MixedMeasureMappings with MeasureNameColumn.".into());
            None
        }
        (Some(mm), None) => {
            let p = base.member("MultiMeasureMappings");
            if mm.multi_measure_attribute_mappings.is_empty() {
                d(out, p.member("MultiMeasureAttributeMappings"), "MultiMeasureMappings.MultiMeasureAttributeMappings is required and must contain at least one mapping.".into());
            }
            if mnc.is_none() && mm.target_multi_measure_name.is_none() {
                d(out, p.member("TargetMultiMeasureName"), "The data model has no measure name source: specify MeasureNameColumn or MultiMeasureMappings.TargetMultiMeasureName.".into());
            }
            let a = attrs(&mm.multi_measure_attribute_mappings, &p.member("MultiMeasureAttributeMappings"), out);
            Some(Measures::Multi { target: mm.target_multi_measure_name.clone(), attrs: a })
        }
        (None, Some(list)) => {
            let p = base.member("MixedMeasureMappings");
            if mnc.is_none() {
                d(out, base.member("MeasureNameColumn"), "MixedMeasureMappings require MeasureNameColumn: the column whose value selects the mapping (MeasureName) of each row.".into());
            }
            if list.is_empty() {
                d(out, p.clone(), "MixedMeasureMappings must contain at least one mapping.".into());
            }
            let mut res: Vec<Mixed<String>> = Vec::new();
            for (i, mx) in list.iter().enumerate() {
                let pi = p.index(i);
                let Some(name) = mx.measure_name.clone() else {
                    d(out, pi.member("MeasureName"), format!("MixedMeasureMappings[{i}].MeasureName is required when MeasureNameColumn is provided: it is the measure_name value the mapping applies to."));
                    continue;
                };
                if res.iter().any(|x| x.measure_name == name) {
                    d(out, pi.member("MeasureName"), format!("The MeasureName {name} is used by more than one MixedMeasureMapping."));
                    continue;
                }
                let target = mx.target_measure_name.clone().unwrap_or_else(|| name.clone());
                let ty = MeasureType::parse(&mx.measure_value_type);
                match ty {
                    None => d(out, pi.member("MeasureValueType"), format!("Invalid MeasureValueType {}.", mx.measure_value_type)),
                    Some(MeasureType::Multi) => {
                        let list = mx.multi_measure_attribute_mappings.as_deref().unwrap_or(&[]);
                        if list.is_empty() {
                            d(out, pi.member("MultiMeasureAttributeMappings"), format!("MixedMeasureMappings[{i}].MultiMeasureAttributeMappings is required when MeasureValueType is MULTI."));
                        }
                        let a = attrs(list, &pi.member("MultiMeasureAttributeMappings"), out);
                        res.push(Mixed { measure_name: name, target, ty: "MULTI", column: None, attrs: a });
                    }
                    Some(MeasureType::Timestamp) => d(out, pi.member("MeasureValueType"), "TIMESTAMP is an invalid measure value type.".into()),
                    Some(t) => {
                        if mx.multi_measure_attribute_mappings.is_some() {
                            d(out, pi.member("MultiMeasureAttributeMappings"), format!("MultiMeasureAttributeMappings can only be specified when MeasureValueType is MULTI, not {}.", t.as_str()));
                        }
                        match mx.source_column.clone() {
                            None => d(out, pi.member("SourceColumn"), format!("MixedMeasureMappings[{i}].SourceColumn is required when MeasureValueType is {}: the column holding the measure value.", t.as_str())),
                            Some(col) => res.push(Mixed { measure_name: name, target, ty: t.as_str(), column: Some(col), attrs: Vec::new() }),
                        }
                    }
                }
            }
            Some(Measures::Mixed(res))
        }
    };
    // Column names must be unique: no attribute or measure name may also be a dimension.
    if let Some(ms) = &measures {
        let mut names: Vec<&str> = Vec::new();
        match ms {
            Measures::Multi { target, attrs } => {
                names.extend(target.as_deref());
                names.extend(attrs.iter().map(|a| a.name.as_str()));
            }
            Measures::Mixed(list) => {
                for mx in list {
                    names.push(&mx.target);
                    names.extend(mx.attrs.iter().map(|a| a.name.as_str()));
                }
            }
        }
        for n in names {
            if dims.iter().any(|(_, dn)| dn == n) {
                d(out, base.clone(), format!("The name {n} is both a dimension and a measure name in the data model; column names must be unique."));
            }
        }
    }
    if out.len() > before {
        return None;
    }
    Some(Plan { time: time?, time_unit: m.time_unit.clone(), dims, measure_name_column: mnc, measures: measures? })
}

/// The data model as DescribeBatchLoadTask shows it: DestinationColumn and attribute names
/// filled with their defaults (the source column), as in the CLI example.
pub fn with_defaults(m: &DataModel) -> DataModel {
    let mut m = m.clone();
    for dm in &mut m.dimension_mappings {
        if dm.destination_column.is_none() {
            dm.destination_column = dm.source_column.clone();
        }
    }
    let fill = |list: &mut Vec<MultiMeasureAttributeMapping>| {
        for a in list {
            a.target_multi_measure_attribute_name.get_or_insert_with(|| a.source_column.clone());
        }
    };
    if let Some(mm) = &mut m.multi_measure_mappings {
        fill(&mut mm.multi_measure_attribute_mappings);
    }
    for mx in m.mixed_measure_mappings.iter_mut().flatten() {
        if let Some(list) = &mut mx.multi_measure_attribute_mappings {
            fill(list);
        }
    }
    m
}

fn col(header: &[String], name: &str, missing: &mut Vec<String>) -> usize {
    match header.iter().position(|h| h == name) {
        Some(i) => i,
        None => {
            if !missing.iter().any(|m| m == name) {
                missing.push(name.to_string());
            }
            usize::MAX
        }
    }
}

fn bind_attrs(list: &[Attr<String>], header: &[String], missing: &mut Vec<String>) -> Vec<Attr<usize>> {
    list.iter().map(|a| Attr { column: col(header, &a.column, missing), name: a.name.clone(), ty: a.ty }).collect()
}

impl Plan<String> {
    /// Resolves column names against a header row; the error is the file-level reason.
    pub fn bind(&self, header: &[String]) -> Result<Plan<usize>, String> {
        let mut missing = Vec::new();
        let time = col(header, &self.time, &mut missing);
        let dims = self.dims.iter().map(|(s, n)| (col(header, s, &mut missing), n.clone())).collect();
        let mnc = self.measure_name_column.as_ref().map(|c| col(header, c, &mut missing));
        let measures = match &self.measures {
            Measures::Multi { target, attrs } => Measures::Multi { target: target.clone(), attrs: bind_attrs(attrs, header, &mut missing) },
            Measures::Mixed(list) => Measures::Mixed(
                list.iter()
                    .map(|m| Mixed {
                        measure_name: m.measure_name.clone(),
                        target: m.target.clone(),
                        ty: m.ty,
                        column: m.column.as_ref().map(|c| col(header, c, &mut missing)),
                        attrs: bind_attrs(&m.attrs, header, &mut missing),
                    })
                    .collect(),
            ),
        };
        if !missing.is_empty() {
            let list = missing.join(", ");
            return Err(format!(
                "The header row has no column named {list}, which the data model maps (header columns: {}).",
                header.join(", ")
            ));
        }
        Ok(Plan { time, time_unit: self.time_unit.clone(), dims, measure_name_column: mnc, measures })
    }
}

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
                self.dimensions
                    .iter()
                    .map(|(n, v)| Dimension { name: n.to_string(), value: v.to_string(), dimension_value_type: None })
                    .collect(),
            ),
            measure_name: own(self.measure_name),
            measure_value: own(self.measure_value),
            measure_value_type: own(self.measure_value_type),
            time: own(self.time),
            time_unit: own(self.time_unit),
            version: Some(self.version),
            measure_values: self.measure_values.as_ref().map(|list| {
                list.iter().map(|(n, v, t)| MeasureValue { name: n.to_string(), value: v.to_string(), r#type: t.to_string() }).collect()
            }),
        }
    }
}

/// The attributes of a MULTI record from their cells (empty and NullValue cells left out).
#[inline]
fn row_attrs<'r>(attrs: &'r [Attr<usize>], opts: &CsvOptions, row: &Cells<'r>) -> Result<RowAttrs<'r>, String> {
    let mut list = SmallVec::new();
    for a in attrs {
        if let Some(v) = opts.cell(row, a.column).map_err(|_| BAD_UTF8.to_string())? {
            list.push((a.name.as_str(), v, a.ty));
        }
    }
    Ok(list)
}

impl Plan<usize> {
    /// One CSV row as a record; the error is the row's parse-failure reason. The record then
    /// goes through the WriteRecords rules. Inlined, as the callers below: a record is a few
    /// hundred bytes, and each call it is returned through would copy it.
    #[inline]
    pub fn row<'r>(&'r self, opts: &CsvOptions, row: &Cells<'r>, width: usize, version: i64) -> Result<RowRecord<'r>, String> {
        if row.len() != width {
            return Err(format!("The row has {} columns but the header row has {width}.", row.len()));
        }
        let cell = |i: usize| opts.cell(row, i).map_err(|_| BAD_UTF8.to_string());
        let mut rec = RowRecord { time: cell(self.time)?, time_unit: self.time_unit.as_deref(), version, ..RowRecord::default() };
        for (c, name) in &self.dims {
            if let Some(v) = cell(*c)? {
                rec.dimensions.push((name.as_str(), v));
            }
        }
        let row_name = match self.measure_name_column {
            Some(c) => cell(c)?,
            None => None,
        };
        match &self.measures {
            Measures::Multi { target, attrs } => {
                rec.measure_name = row_name.or(target.as_deref());
                rec.measure_value_type = Some("MULTI");
                rec.measure_values = Some(row_attrs(attrs, opts, row)?);
            }
            Measures::Mixed(list) => {
                let Some(name) = row_name else {
                    return Err("The row has no measure name: the MeasureNameColumn cell is empty.".into());
                };
                let Some(m) = list.iter().find(|m| m.measure_name == name) else {
                    return Err(format!("No MixedMeasureMapping has the MeasureName {name} (the row's MeasureNameColumn value)."));
                };
                rec.measure_name = Some(&m.target);
                rec.measure_value_type = Some(m.ty);
                match m.column {
                    Some(c) => rec.measure_value = cell(c)?,
                    None => rec.measure_values = Some(row_attrs(&m.attrs, opts, row)?),
                }
            }
        }
        Ok(rec)
    }
}
