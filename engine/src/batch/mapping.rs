//! Data models: the combination rules of batch-load.md §2.3 and the WriteRecords rules of the
//! names they give (checked at task creation), and the model bound to a file's header row (one
//! CSV row turned into a WriteRecords record: `row_record`).

use crate::store::MeasureType;
use crate::types::{DataModel, MultiMeasureAttributeMapping};
use crate::validate::{render_value, Diagnostic, MemberPath, Rule};
use crate::write::{member_problem, Member};

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

/// A name the data model gives the records (from `path`; `default` says which member it stands
/// for when it is another's default) meets the WriteRecords rules of `member` (issue 13 item 10:
/// checked once, when the task is created, with the constraint text WriteRecords states).
fn name_rules(out: &mut Vec<Diagnostic>, member: Member, name: &str, path: MemberPath, default: Option<&str>) {
    if let Some((rule, constraint)) = member_problem(member, name) {
        let value = render_value(&serde_json::Value::String(name.to_string()));
        let stands = default.map(|m| format!(" ({m} defaults to it)")).unwrap_or_default();
        let msg = format!("Value '{value}' at '{}'{stands} failed to satisfy constraint: {constraint}", path.coral());
        out.push(Diagnostic::new(path, rule, msg));
    }
}

fn attrs(list: &[MultiMeasureAttributeMapping], path: &MemberPath, out: &mut Vec<Diagnostic>) -> Vec<Attr<String>> {
    let mut res: Vec<Attr<String>> = Vec::with_capacity(list.len());
    for (i, a) in list.iter().enumerate() {
        let p = path.index(i);
        let ty = match a.measure_value_type.as_deref() {
            None => "DOUBLE",
            Some(t) => match MeasureType::parse(t) {
                Some(MeasureType::Multi) | None => {
                    d(
                        out,
                        p.member("MeasureValueType"),
                        format!("Invalid MeasureValueType {t} for a multi-measure attribute: use DOUBLE, BIGINT, BOOLEAN, VARCHAR or TIMESTAMP."),
                    );
                    continue;
                }
                Some(t) => t.as_str(),
            },
        };
        if a.source_column.is_empty() {
            d(out, p.member("SourceColumn"), "MultiMeasureAttributeMapping.SourceColumn must not be empty.".into());
        }
        let name = a.target_multi_measure_attribute_name.clone().unwrap_or_else(|| a.source_column.clone());
        match &a.target_multi_measure_attribute_name {
            Some(n) => name_rules(out, Member::AttributeName, n, p.member("TargetMultiMeasureAttributeName"), None),
            None => name_rules(out, Member::AttributeName, &name, p.member("SourceColumn"), Some("TargetMultiMeasureAttributeName")),
        }
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
        d(
            out,
            base.member("TimeColumn"),
            "DataModel.TimeColumn is required: name the source column that holds the record time (epoch integer in TimeUnit).".into(),
        );
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
        match &dm.destination_column {
            Some(n) => name_rules(out, Member::DimensionName, n, p.member("DestinationColumn"), None),
            None => name_rules(out, Member::DimensionName, &dest, p.member("SourceColumn"), Some("DestinationColumn")),
        }
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
                d(
                    out,
                    p.member("MultiMeasureAttributeMappings"),
                    "MultiMeasureMappings.MultiMeasureAttributeMappings is required and must contain at least one mapping.".into(),
                );
            }
            if mnc.is_none() && mm.target_multi_measure_name.is_none() {
                d(
                    out,
                    p.member("TargetMultiMeasureName"),
                    "The data model has no measure name source: specify MeasureNameColumn or MultiMeasureMappings.TargetMultiMeasureName.".into(),
                );
            }
            if let Some(n) = &mm.target_multi_measure_name {
                name_rules(out, Member::MeasureName, n, p.member("TargetMultiMeasureName"), None);
            }
            let a = attrs(&mm.multi_measure_attribute_mappings, &p.member("MultiMeasureAttributeMappings"), out);
            Some(Measures::Multi { target: mm.target_multi_measure_name.clone(), attrs: a })
        }
        (None, Some(list)) => {
            let p = base.member("MixedMeasureMappings");
            if mnc.is_none() {
                d(
                    out,
                    base.member("MeasureNameColumn"),
                    "MixedMeasureMappings require MeasureNameColumn: the column whose value selects the mapping (MeasureName) of each row.".into(),
                );
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
                match &mx.target_measure_name {
                    Some(n) => name_rules(out, Member::MeasureName, n, pi.member("TargetMeasureName"), None),
                    None => name_rules(out, Member::MeasureName, &target, pi.member("MeasureName"), Some("TargetMeasureName")),
                }
                let ty = MeasureType::parse(&mx.measure_value_type);
                match ty {
                    None => d(out, pi.member("MeasureValueType"), format!("Invalid MeasureValueType {}.", mx.measure_value_type)),
                    Some(MeasureType::Multi) => {
                        let list = mx.multi_measure_attribute_mappings.as_deref().unwrap_or(&[]);
                        if list.is_empty() {
                            d(
                                out,
                                pi.member("MultiMeasureAttributeMappings"),
                                format!("MixedMeasureMappings[{i}].MultiMeasureAttributeMappings is required when MeasureValueType is MULTI."),
                            );
                        }
                        let a = attrs(list, &pi.member("MultiMeasureAttributeMappings"), out);
                        res.push(Mixed { measure_name: name, target, ty: "MULTI", column: None, attrs: a });
                    }
                    Some(MeasureType::Timestamp) => d(out, pi.member("MeasureValueType"), "TIMESTAMP is an invalid measure value type.".into()),
                    Some(t) => {
                        if mx.multi_measure_attribute_mappings.is_some() {
                            d(
                                out,
                                pi.member("MultiMeasureAttributeMappings"),
                                format!("MultiMeasureAttributeMappings can only be specified when MeasureValueType is MULTI, not {}.", t.as_str()),
                            );
                        }
                        match mx.source_column.clone() {
                            None => d(
                                out,
                                pi.member("SourceColumn"),
                                format!(
                                    "MixedMeasureMappings[{i}].SourceColumn is required when MeasureValueType is {}: the column holding the measure value.",
                                    t.as_str()
                                ),
                            ),
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
            return Err(format!("The header row has no column named {list}, which the data model maps (header columns: {}).", header.join(", ")));
        }
        Ok(Plan { time, time_unit: self.time_unit.clone(), dims, measure_name_column: mnc, measures })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The messages of `check_model` for a model (as a data-model file would give it).
    fn problems(model: serde_json::Value) -> Vec<String> {
        let m: DataModel = crate::wire::read(model).expect("a DataModel");
        let mut out = Vec::new();
        check_model(&m, &MemberPath::root().member("DataModel"), &mut out);
        out.into_iter().map(|d| d.message).collect()
    }

    fn mixed(mappings: serde_json::Value) -> serde_json::Value {
        json!({"TimeColumn": "t", "DimensionMappings": [{"SourceColumn": "host"}], "MeasureNameColumn": "m", "MixedMeasureMappings": mappings})
    }

    #[test]
    fn the_names_a_model_gives_meet_the_write_records_name_rules() {
        assert_eq!(problems(mixed(json!([{"MeasureName": "cpu", "SourceColumn": "v", "MeasureValueType": "DOUBLE"}]))), Vec::<String>::new());
        // A name defaulted from another member is reported where it comes from, saying so.
        assert_eq!(
            problems(mixed(json!([{"MeasureName": "time", "SourceColumn": "v", "MeasureValueType": "DOUBLE"}]))),
            ["Value 'time' at 'dataModel.mixedMeasureMappings.1.member.measureName' (TargetMeasureName defaults to it) failed to satisfy constraint: Member must not be a reserved name"]
        );
        // The written name is the target: a selector that is not written is not a name.
        let target = json!([{"MeasureName": "time", "TargetMeasureName": "cpu", "SourceColumn": "v", "MeasureValueType": "DOUBLE"}]);
        assert_eq!(problems(mixed(target)), Vec::<String>::new());
        let long = "a".repeat(257);
        let attrs = json!([{"MeasureName": "cpu", "MeasureValueType": "MULTI", "MultiMeasureAttributeMappings": [{"SourceColumn": long, "MeasureValueType": "DOUBLE"}]}]);
        let p = problems(mixed(attrs));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].ends_with("(TargetMultiMeasureAttributeName defaults to it) failed to satisfy constraint: Member must have length less than or equal to 256"),
            "{p:?}"
        );
        let dims = json!({"TimeColumn": "t", "DimensionMappings": [{"SourceColumn": "a:b"}], "MultiMeasureMappings": {"TargetMultiMeasureName": "ts_m",
            "MultiMeasureAttributeMappings": [{"SourceColumn": "v"}]}});
        assert_eq!(
            problems(dims),
            [
                "Value 'a:b' at 'dataModel.dimensionMappings.1.member.sourceColumn' (DestinationColumn defaults to it) failed to satisfy constraint: Member must not contain ':'",
                "Value 'ts_m' at 'dataModel.multiMeasureMappings.targetMultiMeasureName' failed to satisfy constraint: Member must not start with the reserved prefix 'ts_'"
            ]
        );
    }
}
