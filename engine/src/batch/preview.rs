//! What the playground's batch-load editor shows before a task exists: a data model suggested
//! from a CSV file's header and first rows, and a preview of the first rows of the source mapped
//! to records by the same code a task runs (`run::map_row`, then the table's checks).

use super::csvsrc::{read_header, CsvOptions};
use super::mapping::check_model;
use super::report::report_reason;
use super::rows::{Row, Rows};
use super::run::{checked, map_row, source_files};
use super::s3::ObjectStore;
use crate::clock::Nanos;
use crate::state::TableState;
use crate::store::Syms;
use crate::types::{CreateBatchLoadTaskRequest, CsvConfiguration, DataModel, DimensionMapping, MultiMeasureAttributeMapping, MultiMeasureMappings, Record};
use crate::validate::MemberPath;
use crate::write::{precheck, window, Effective, IngestionWindow, Placement};
use crate::Engine;

/// Rows read to guess column types.
const SAMPLE_ROWS: usize = 20;

/// What would happen to one previewed row. On the wire `{"kind": "memory"}` (or `magnetic`),
/// `{"kind": "parseFailure", "reason": "..."}` (or `ingestionFailure`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(tag = "kind", content = "reason", rename_all = "camelCase")]
pub enum RowOutcome {
    /// Ingested into the memory store.
    #[default]
    Memory,
    /// Ingested into the magnetic store.
    Magnetic,
    /// Counted in ParseFailures, with the error report's reason.
    ParseFailure(String),
    /// Counted in RecordIngestionFailures (the table refuses it), with the report's reason.
    IngestionFailure(String),
}

/// Read through a JSON value (serde's reader of an adjacently tagged enum buffers the object
/// and reads it again).
impl<'de> serde::Deserialize<'de> for RowOutcome {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_json::Value::deserialize(d)?;
        let reason = || match v.get("reason") {
            Some(serde_json::Value::String(r)) => Ok(r.clone()),
            Some(other) => Err(D::Error::custom(format!("invalid reason {}, expected a string", crate::json_text(other)))),
            None => Err(D::Error::missing_field("reason")),
        };
        match v.get("kind").and_then(serde_json::Value::as_str) {
            Some("memory") => Ok(RowOutcome::Memory),
            Some("magnetic") => Ok(RowOutcome::Magnetic),
            Some("parseFailure") => reason().map(RowOutcome::ParseFailure),
            Some("ingestionFailure") => reason().map(RowOutcome::IngestionFailure),
            Some(other) => Err(D::Error::unknown_variant(other, &["memory", "magnetic", "parseFailure", "ingestionFailure"])),
            None => Err(D::Error::missing_field("kind")),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    /// Line of the row in its file (the header row is line 1), as in the error report.
    pub line: u64,
    /// The row's cells as text.
    pub cells: Vec<String>,
    /// The record the row maps to (None when it cannot be mapped).
    pub record: Option<Record>,
    pub outcome: RowOutcome,
}

crate::value_de::lean_reader!(PreviewRow, Camel; line, cells, record, outcome);

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchPreview {
    /// The first source file (the one previewed) and how many files the task would load.
    pub file: String,
    pub files: usize,
    pub header: Vec<String>,
    /// A task- or file-level failure (no objects, BOM, a mapped column missing from the header).
    pub problem: Option<String>,
    pub rows: Vec<PreviewRow>,
}

crate::value_de::lean_reader!(BatchPreview, Camel; file, files, header, problem, rows);

fn time_unit(sample: &str) -> &'static str {
    match sample.trim_start_matches('-').len() {
        0..=10 => "SECONDS",
        11..=13 => "MILLISECONDS",
        14..=16 => "MICROSECONDS",
        _ => "NANOSECONDS",
    }
}

/// A data model for a CSV file: the first column with "time" in its name (else the first
/// integer column) is TimeColumn, a `measure_name` column is MeasureNameColumn, columns whose
/// sampled cells are mostly numbers become multi-measure attributes (BIGINT when every number
/// is an integer, else DOUBLE) of `metrics`, the others dimensions.
pub fn suggest_model(opts: &CsvOptions, data: &[u8]) -> Result<DataModel, String> {
    let header = read_header(opts, data)?;
    let n = header.names.len();
    let mut rows = Rows::new(opts, data, header.data_offset, header.data_line);
    let mut row = Row::default();
    // Per column: first non-empty sample; counts of non-empty, integer and numeric samples.
    let mut first: Vec<Option<String>> = vec![None; n];
    let (mut filled, mut ints, mut nums) = (vec![0; n], vec![0; n], vec![0; n]);
    let mut seen = 0;
    while seen < SAMPLE_ROWS {
        match rows.next(&mut row) {
            Ok(Some(_)) => {}
            _ => break,
        }
        seen += 1;
        for i in 0..n {
            let Ok(Some(v)) = opts.cell(&row.cells(), i) else { continue };
            first[i].get_or_insert_with(|| v.to_string());
            filled[i] += 1;
            ints[i] += v.parse::<i64>().is_ok() as usize;
            nums[i] += crate::float::parse_finite(v).is_some() as usize;
        }
    }
    // Numeric when most samples are numbers (a few bad cells then show up as parse failures).
    let numeric = |i: usize| nums[i] > 0 && nums[i] * 2 > filled[i];
    let time =
        header.names.iter().position(|h| h.to_ascii_lowercase().contains("time")).or_else(|| (0..n).find(|&i| numeric(i) && ints[i] == nums[i])).unwrap_or(0);
    let measure_name = header.names.iter().position(|h| h.eq_ignore_ascii_case("measure_name")).filter(|&i| i != time);
    let mut model = DataModel {
        time_column: header.names.get(time).cloned(),
        time_unit: Some(first.get(time).cloned().flatten().map_or("MILLISECONDS", |s| time_unit(&s)).into()),
        measure_name_column: measure_name.map(|i| header.names[i].clone()),
        ..DataModel::default()
    };
    let mut attrs = Vec::new();
    for (i, name) in header.names.iter().enumerate() {
        if i == time || Some(i) == measure_name {
            continue;
        }
        if numeric(i) {
            attrs.push(MultiMeasureAttributeMapping {
                source_column: name.clone(),
                target_multi_measure_attribute_name: None,
                measure_value_type: Some(if ints[i] == nums[i] { "BIGINT" } else { "DOUBLE" }.into()),
            });
        } else {
            model.dimension_mappings.push(DimensionMapping { source_column: Some(name.clone()), destination_column: None });
        }
    }
    model.multi_measure_mappings =
        Some(MultiMeasureMappings { target_multi_measure_name: measure_name.is_none().then(|| "metrics".into()), multi_measure_attribute_mappings: attrs });
    Ok(model)
}

impl Engine {
    /// [`suggest_model`] for an object of the emulated S3 (`csv`: the task's CsvConfiguration).
    pub fn suggest_batch_data_model(&self, bucket: &str, key: &str, csv: Option<&CsvConfiguration>) -> Result<DataModel, String> {
        let obj = self.state.s3.get(bucket, key).ok_or_else(|| format!("The object s3://{bucket}/{key} does not exist."))?;
        let opts = CsvOptions::from_config(csv, &MemberPath::root(), &mut Vec::new());
        suggest_model(&opts, &obj.data)
    }
}

/// The first `rows` data rows of a CreateBatchLoadTask request's first source file (from
/// `s3`), mapped as a task would map them with `model` and checked against `table` at `now`
/// without writing (`Engine::preview_batch_load` checks the request first).
pub fn preview_rows(s3: &ObjectStore, table: &TableState, req: &CreateBatchLoadTaskRequest, model: &DataModel, now: Nanos, rows: usize) -> BatchPreview {
    let src = &req.data_source_configuration;
    let s3cfg = &src.data_source_s3_configuration;
    let mut out = BatchPreview::default();
    let files = match source_files(s3, &s3cfg.bucket_name, s3cfg.object_key_prefix.as_deref()) {
        Ok(f) => f,
        Err(reason) => {
            out.problem = Some(reason);
            return out;
        }
    };
    out.files = files.len();
    out.file = files[0].clone();
    let data = s3.get(&s3cfg.bucket_name, &out.file).map_or(&[][..], |o| o.data.as_slice());
    let opts = CsvOptions::from_config(src.csv_configuration.as_ref(), &MemberPath::root(), &mut Vec::new());
    let Some(plan) = check_model(model, &MemberPath::root(), &mut Vec::new()) else { return out };
    let header = match read_header(&opts, data) {
        Ok(h) => h,
        Err(reason) => {
            out.problem = Some(reason);
            return out;
        }
    };
    out.header = header.names.clone();
    let bound = match plan.bind(&header.names) {
        Ok(b) => b,
        Err(reason) => {
            out.problem = Some(reason);
            return out;
        }
    };
    let version = req.record_version.unwrap_or(1);
    let mut reader = Rows::new(&opts, data, header.data_offset, header.data_line);
    let mut row = Row::default();
    let mut diags = Vec::new();
    let win = window(table, now);
    while out.rows.len() < rows {
        let at = match reader.next(&mut row) {
            Ok(Some(at)) => at,
            Ok(None) => break,
            Err(e) => {
                out.problem = Some(format!("The file cannot be parsed after line {}: {e}.", out.rows.last().map_or(header.data_line, |r| r.line)));
                break;
            }
        };
        let read = row.cells();
        let cells = (0..read.len()).filter_map(|i| read.get(i)).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        let mapped = map_row(&bound, &opts, &read, at.bytes, &header.names, version);
        let (record, outcome) = match mapped.and_then(|rec| checked(&rec, &mut diags).map(|eff| (rec.to_record(), table_outcome(table, &win, &eff)))) {
            Err(reason) => (None, RowOutcome::ParseFailure(reason)),
            Ok((record, outcome)) => (Some(record), outcome),
        };
        out.rows.push(PreviewRow { line: at.line, cells, record, outcome });
    }
    out
}

/// What the table would do with a previewed row's record.
fn table_outcome(table: &TableState, win: &IngestionWindow, eff: &Effective<'_>) -> RowOutcome {
    match precheck(table, win, eff, &mut Syms::default()) {
        Ok(Placement::Magnetic) => RowOutcome::Magnetic,
        Ok(Placement::Memory) => RowOutcome::Memory,
        Err(rejection) => RowOutcome::IngestionFailure(report_reason(&rejection).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::RowOutcome;

    /// The wire form as serde's adjacently tagged enum wrote and read it; what is not a row's
    /// outcome is refused, naming what is wrong.
    #[test]
    fn row_outcomes_read_as_written() {
        for (outcome, text) in [
            (RowOutcome::Memory, r#"{"kind":"memory"}"#),
            (RowOutcome::Magnetic, r#"{"kind":"magnetic"}"#),
            (RowOutcome::ParseFailure("bad".into()), r#"{"kind":"parseFailure","reason":"bad"}"#),
            (RowOutcome::IngestionFailure("old".into()), r#"{"kind":"ingestionFailure","reason":"old"}"#),
        ] {
            assert_eq!(serde_json::to_string(&outcome).unwrap(), text);
            assert_eq!(serde_json::from_str::<RowOutcome>(text).unwrap(), outcome);
        }
        for (bad, says) in [
            (r#"{"kind":"lost"}"#, "unknown variant `lost`"),
            (r#"{"kind":"parseFailure"}"#, "missing field `reason`"),
            (r#"{"kind":"parseFailure","reason":1}"#, "invalid reason 1, expected a string"),
            (r#"{"reason":"x"}"#, "missing field `kind`"),
        ] {
            let e = serde_json::from_str::<RowOutcome>(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
