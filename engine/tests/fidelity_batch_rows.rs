//! Issue 13 item 10: a batch-load row meets every rule a WriteRecords record meets, and a row
//! that breaks one fails alone with the same reason (docs/assumptions.md, "Batch rows and
//! WriteRecords agree"). Each case feeds the same bad record through both paths: WriteRecords
//! (a ValidationException or a RejectedRecord) and a CSV batch load of good, bad, good rows (the
//! bad row fails alone in the error report, the other two load). Names that come from the data
//! model rather than from a cell are checked when the task is created.

mod batch_common;

use batch_common::{call, create, describe, engine, report, request, t, NOW_MS};
use serde_json::{json, Value};
use timestream_engine::{Engine, ErrorKind, Operation};

const HEADER: [&str; 9] = ["host", "zone", "metric_name", "time", "d", "b", "f", "note", "ts"];

/// One CSV row by column (HEADER order); an empty cell is null.
#[derive(Clone)]
struct Row([String; 9]);

impl Row {
    fn good(host: &str, time: i64) -> Row {
        let c = [host, "z1", "metrics", &time.to_string(), "1.5", "7", "true", "hello", "1700000000000"];
        Row(c.map(str::to_string))
    }
    fn set(mut self, column: &str, value: &str) -> Row {
        let i = HEADER.iter().position(|h| *h == column).expect("a column of HEADER");
        self.0[i] = value.to_string();
        self
    }
    fn get(&self, column: &str) -> &str {
        &self.0[HEADER.iter().position(|h| *h == column).unwrap()]
    }
    /// The WriteRecords record this row maps to under [`model`].
    fn record(&self) -> Value {
        let dims: Vec<Value> = ["host", "zone"].iter().filter(|c| !self.get(c).is_empty()).map(|c| json!({"Name": c, "Value": self.get(c)})).collect();
        let types = [("d", "DOUBLE"), ("b", "BIGINT"), ("f", "BOOLEAN"), ("note", "VARCHAR"), ("ts", "TIMESTAMP")];
        let values: Vec<Value> =
            types.iter().filter(|(c, _)| !self.get(c).is_empty()).map(|(c, ty)| json!({"Name": c, "Value": self.get(c), "Type": ty})).collect();
        let mut r = json!({"Dimensions": dims, "MeasureValueType": "MULTI", "TimeUnit": "MILLISECONDS", "MeasureValues": values});
        if !self.get("metric_name").is_empty() {
            r["MeasureName"] = json!(self.get("metric_name"));
        }
        if !self.get("time").is_empty() {
            r["Time"] = json!(self.get("time"));
        }
        r
    }
}

fn model() -> Value {
    json!({
        "TimeColumn": "time",
        "TimeUnit": "MILLISECONDS",
        "DimensionMappings": [{"SourceColumn": "host"}, {"SourceColumn": "zone"}],
        "MeasureNameColumn": "metric_name",
        "MultiMeasureMappings": {"MultiMeasureAttributeMappings": [
            {"SourceColumn": "d", "MeasureValueType": "DOUBLE"},
            {"SourceColumn": "b", "MeasureValueType": "BIGINT"},
            {"SourceColumn": "f", "MeasureValueType": "BOOLEAN"},
            {"SourceColumn": "note", "MeasureValueType": "VARCHAR"},
            {"SourceColumn": "ts", "MeasureValueType": "TIMESTAMP"}
        ]}
    })
}

/// What WriteRecords says about a record (the good record before it is written).
#[derive(Debug, PartialEq)]
enum Verdict {
    Accepted,
    /// A rule the service checks itself: the message verbatim.
    Validation(String),
    /// A model or documented-limit constraint (Coral text): the constraint part.
    Constraint(String),
    /// A per-record rejection: the reason.
    Rejected(String),
}

/// The service's own rules and the model/limit constraints are both a ValidationException.
fn is_validation(kind: ErrorKind) -> bool {
    matches!(kind, ErrorKind::Validation | ErrorKind::ModelValidation)
}

fn write_records(bad: &Row) -> Verdict {
    let mut e = engine();
    let records = vec![Row::good("w1", t(10)).record(), bad.record()];
    match call(&mut e, Operation::WriteRecords, json!({"DatabaseName": "dbs", "TableName": "tbl", "Records": records})) {
        Ok(v) => {
            assert_eq!(v["RecordsIngested"]["Total"], 2, "{v}");
            Verdict::Accepted
        }
        Err(err) if err.kind == ErrorKind::RejectedRecords => {
            assert_eq!(err.rejected_records.len(), 1, "{err:?}");
            assert_eq!(err.rejected_records[0].record_index, 1, "only the bad record: {err:?}");
            Verdict::Rejected(err.rejected_records[0].reason.clone())
        }
        Err(err) if is_validation(err.kind) => match err.message.split_once("failed to satisfy constraint: ") {
            Some((_, constraint)) => Verdict::Constraint(constraint.to_string()),
            None => Verdict::Validation(err.message),
        },
        Err(err) => panic!("WriteRecords: {err:?}"),
    }
}

/// Loads good, bad, good rows; returns (progress report, reasons of the error report with their
/// line ranges).
fn batch_load(bad: &Row) -> (Value, Vec<(String, Value)>) {
    let mut e: Engine = engine();
    let rows = [Row::good("b1", t(10)), bad.clone(), Row::good("b2", t(9))];
    let mut csv = HEADER.join(",") + "\n";
    for r in &rows {
        csv += &(r.0.join(",") + "\n");
    }
    e.put_object("src", "rows.csv", csv);
    let id = create(&mut e, request("rows.csv", model())).expect("the task is created");
    e.run_batch_loads();
    let progress = describe(&mut e, &id)["ProgressReport"].clone();
    let reasons = match e.get_object("reports", &format!("out/{id}/error-report.json")) {
        None => Vec::new(),
        Some(_) => report(&e, &id)["fileErrors"][0]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["reason"].as_str().unwrap().to_string(), x["lineRanges"].clone()))
            .collect(),
    };
    (progress, reasons)
}

/// The report's wording of a per-record reason (the window reasons lose their range, as in the
/// documentation's example; docs/assumptions.md, batch load).
fn report_wording(reason: &str) -> String {
    if reason.starts_with("The record timestamp is outside the time range") {
        "The record timestamp is outside the time range of the data ingestion window.".into()
    } else {
        reason.to_string()
    }
}

/// Both paths agree on `bad` (HEADER column `column` holds the offending cell).
fn agree(bad: Row, column: &str) {
    let verdict = write_records(&bad);
    let (progress, reasons) = batch_load(&bad);
    assert_eq!(progress["RecordsProcessed"], 3, "{progress}");
    if verdict == Verdict::Accepted {
        assert_eq!(
            (progress["RecordsIngested"].clone(), reasons.len()),
            (json!(3), 0),
            "WriteRecords accepts it; the batch row must load: {progress} {reasons:?}"
        );
        return;
    }
    assert_eq!(progress["RecordsIngested"], 2, "the good rows load and the bad one fails alone ({verdict:?}): {progress} {reasons:?}");
    assert_eq!(reasons.len(), 1, "one reason: {reasons:?}");
    let (reason, lines) = &reasons[0];
    assert_eq!(lines, &json!([[3, 3]]), "the bad row is line 3");
    match verdict {
        Verdict::Validation(message) => {
            assert_eq!(progress["ParseFailures"], 1, "{progress}");
            assert_eq!(reason, &message, "the WriteRecords message verbatim");
        }
        Verdict::Constraint(constraint) => {
            assert_eq!(progress["ParseFailures"], 1, "{progress}");
            assert!(reason.contains(&constraint), "the batch reason {reason:?} must state the WriteRecords constraint {constraint:?}");
            assert!(reason.contains(column), "the batch reason {reason:?} must name the column {column}");
        }
        Verdict::Rejected(r) => {
            assert_eq!(progress["RecordIngestionFailures"], 1, "{progress}");
            assert_eq!(reason, &report_wording(&r));
        }
        Verdict::Accepted => unreachable!(),
    }
}

fn bad_row() -> Row {
    Row::good("bad", t(8))
}

// ---- Cell values: the same WriteRecords reason today ----

#[test]
fn double_that_is_not_a_number() {
    agree(bad_row().set("d", "abc"), "d");
}

#[test]
fn double_nan() {
    agree(bad_row().set("d", "NaN"), "d");
}

#[test]
fn bigint_with_a_fraction() {
    agree(bad_row().set("b", "1.5"), "b");
}

#[test]
fn bigint_out_of_range() {
    agree(bad_row().set("b", "9223372036854775808"), "b");
}

#[test]
fn boolean_word() {
    agree(bad_row().set("f", "yes"), "f");
}

#[test]
fn timestamp_that_is_not_a_number() {
    agree(bad_row().set("ts", "soon"), "ts");
}

#[test]
fn timestamp_before_1970() {
    agree(bad_row().set("ts", "-1"), "ts");
}

#[test]
fn time_with_a_fraction() {
    agree(bad_row().set("time", &format!("{}.5", t(8))), "time");
}

#[test]
fn time_that_is_not_a_number() {
    agree(bad_row().set("time", "noon"), "time");
}

#[test]
fn time_out_of_range() {
    agree(bad_row().set("time", "99999999999999999999"), "time");
}

#[test]
fn time_before_the_window() {
    agree(bad_row().set("time", &(NOW_MS - 7 * 3_600_000).to_string()), "time");
}

#[test]
fn time_after_the_window() {
    agree(bad_row().set("time", &(NOW_MS + 3_600_000).to_string()), "time");
}

#[test]
fn no_dimension_left() {
    agree(bad_row().set("host", "").set("zone", ""), "host");
}

#[test]
fn dimension_value_over_2_kb() {
    agree(bad_row().set("host", &"h".repeat(2100)), "host");
}

#[test]
fn measure_name_that_is_a_dimension_name() {
    agree(bad_row().set("metric_name", "host"), "metric_name");
}

// ---- Cell values: rules WriteRecords applies and batch rows do not yet ----

#[test]
fn varchar_over_2048_characters() {
    agree(bad_row().set("note", &"x".repeat(2049)), "note");
}

#[test]
fn measure_name_reserved() {
    agree(bad_row().set("metric_name", "time"), "metric_name");
}

#[test]
fn measure_name_with_the_ts_prefix() {
    agree(bad_row().set("metric_name", "ts_metrics"), "metric_name");
}

#[test]
fn measure_name_with_the_measure_value_prefix() {
    agree(bad_row().set("metric_name", "measure_value_x"), "metric_name");
}

#[test]
fn measure_name_over_256_bytes() {
    agree(bad_row().set("metric_name", &"m".repeat(257)), "metric_name");
}

#[test]
fn time_over_256_characters() {
    let padded = format!("{}{}", "0".repeat(250), t(8));
    agree(bad_row().set("time", &padded), "time");
}

/// Item 7's window is the batch rows' window too: 6 h 20 min old is inside [now − 6 h 25 min, …).
#[test]
fn a_row_inside_the_slack_before_the_retention_loads() {
    let bad = bad_row().set("time", &(NOW_MS - 6 * 3_600_000 - 20 * 60_000).to_string());
    assert_eq!(write_records(&bad), Verdict::Accepted);
    agree(bad, "time");
}

// ---- Names from the data model: refused when the task is created, as WriteRecords refuses them ----

/// WriteRecords refuses a record carrying `name` as a dimension (or measure) name with a
/// constraint; CreateBatchLoadTask refuses `model` with a ValidationException stating it.
fn refused_at_creation(record: Value, model: Value) {
    let mut e = engine();
    let err = call(&mut e, Operation::WriteRecords, json!({"DatabaseName": "dbs", "TableName": "tbl", "Records": [record]}))
        .expect_err("WriteRecords refuses the name");
    assert!(is_validation(err.kind), "{err:?}");
    let constraint = err.message.split_once("failed to satisfy constraint: ").map(|(_, c)| c.to_string()).expect("a constraint message");
    let created = create(&mut e, request("rows.csv", model));
    let err = created.expect_err("the data model maps to the same name: the task is refused");
    assert!(is_validation(err.kind), "{err:?}");
    assert!(err.message.contains(&constraint), "CreateBatchLoadTask {:?} must state {constraint:?}", err.message);
}

fn dimension_record(name: &str) -> Value {
    json!({"Dimensions": [{"Name": name, "Value": "x"}], "MeasureName": "m", "MeasureValue": "1", "Time": t(1).to_string()})
}

fn attribute_record(name: &str) -> Value {
    json!({"Dimensions": [{"Name": "host", "Value": "x"}], "MeasureName": "m", "MeasureValueType": "MULTI", "Time": t(1).to_string(),
           "MeasureValues": [{"Name": name, "Value": "1", "Type": "DOUBLE"}]})
}

#[test]
fn reserved_destination_column_is_refused_at_creation() {
    let mut m = model();
    m["DimensionMappings"][0]["DestinationColumn"] = json!("ts_host");
    refused_at_creation(dimension_record("ts_host"), m);
}

#[test]
fn reserved_multi_measure_name_is_refused_at_creation() {
    let mut m = model();
    m.as_object_mut().unwrap().remove("MeasureNameColumn");
    m["MultiMeasureMappings"]["TargetMultiMeasureName"] = json!("ts_metrics");
    let record = json!({"Dimensions": [{"Name": "host", "Value": "x"}], "MeasureName": "ts_metrics", "MeasureValueType": "MULTI", "Time": t(1).to_string(),
        "MeasureValues": [{"Name": "d", "Value": "1", "Type": "DOUBLE"}]});
    refused_at_creation(record, m);
}

#[test]
fn destination_column_over_60_bytes_is_refused_at_creation() {
    let long = "d".repeat(61);
    let mut m = model();
    m["DimensionMappings"][0]["DestinationColumn"] = json!(long);
    refused_at_creation(dimension_record(&long), m);
}

#[test]
fn reserved_source_column_as_the_default_dimension_name_is_refused_at_creation() {
    let mut m = model();
    m["DimensionMappings"][0] = json!({"SourceColumn": "ts_host"});
    refused_at_creation(dimension_record("ts_host"), m);
}

#[test]
fn reserved_source_column_as_the_default_attribute_name_is_refused_at_creation() {
    let mut m = model();
    m["MultiMeasureMappings"]["MultiMeasureAttributeMappings"][0] = json!({"SourceColumn": "measure_value", "MeasureValueType": "DOUBLE"});
    refused_at_creation(attribute_record("measure_value"), m);
}

#[test]
fn attribute_name_over_256_bytes_is_refused_at_creation() {
    let long = "a".repeat(257);
    let mut m = model();
    m["MultiMeasureMappings"]["MultiMeasureAttributeMappings"][0]["TargetMultiMeasureAttributeName"] = json!(long);
    refused_at_creation(attribute_record(&long), m);
}
