//! Batch load end to end: CSV options, mappings, failures, lifecycle, reports.

mod batch_common;

use batch_common::*;
use serde_json::{json, Value};
use timestream_engine::{Engine, ErrorKind, Operation};
use timestream_engine::{StepBudget, TaskStatus};

fn csv_rows(rows: &[(&str, &str, i64, &str, &str)]) -> String {
    let mut s = String::from("host,region,time,cpu,mem\n");
    for (h, r, time, cpu, mem) in rows {
        s.push_str(&format!("{h},{r},{time},{cpu},{mem}\n"));
    }
    s
}

fn load(e: &mut Engine, prefix: &str, model: Value) -> (String, Value) {
    let id = create(e, request(prefix, model)).unwrap();
    e.run_batch_loads();
    let d = describe(e, &id);
    (id, d)
}

#[test]
fn multi_measure_load_succeeds_and_describe_echoes_defaults() {
    let mut e = engine();
    e.put_object("src", "data/a.csv", csv_rows(&[("h1", "eu", t(10), "1.5", "7"), ("h2", "us", t(9), "2", "8")]));
    let mut body = request("data/a.csv", multi_model());
    body["DataSourceConfiguration"]["CsvConfiguration"] = json!({});
    let id = create(&mut e, body).unwrap();
    assert_eq!(id.len(), 32);
    let d = describe(&mut e, &id);
    assert_eq!(d["TaskStatus"], "CREATED");
    let r = e.step_batch_load(StepBudget::rows(1));
    assert_eq!((r.rows, r.active), (1, 1));
    assert_eq!(describe(&mut e, &id)["TaskStatus"], "IN_PROGRESS");
    e.run_batch_loads();
    let d = describe(&mut e, &id);
    assert_eq!(d["TaskStatus"], "SUCCEEDED", "{d}");
    assert_eq!(d["ProgressReport"]["RecordsProcessed"], 2);
    assert_eq!(d["ProgressReport"]["RecordsIngested"], 2);
    assert_eq!(d["ProgressReport"]["BytesMetered"], csv_rows(&[("h1", "eu", t(10), "1.5", "7"), ("h2", "us", t(9), "2", "8")]).len());
    assert_eq!(d["RecordVersion"], 1);
    assert_eq!(d["DataSourceConfiguration"]["CsvConfiguration"], json!({}));
    let dm = &d["DataModelConfiguration"]["DataModel"];
    assert_eq!(dm["DimensionMappings"][0]["DestinationColumn"], "host");
    assert_eq!(dm["DimensionMappings"][1]["DestinationColumn"], "az");
    assert_eq!(dm["MultiMeasureMappings"]["MultiMeasureAttributeMappings"][0]["TargetMultiMeasureAttributeName"], "cpu");
    assert!(d.get("ErrorMessage").is_none());
    let rows = dump(&e);
    assert_eq!(rows.len(), 2);
    assert!(rows[0].starts_with("az=eu,host=h1|metrics|"), "{rows:?}");
    assert!(rows[0].contains(r#"{"Name":"memory","Type":"BIGINT","Value":"7"}"#), "{rows:?}");
    // The rows are real records: a lower version is rejected with ExistingVersion.
    let w = call(
        &mut e,
        Operation::WriteRecords,
        json!({"DatabaseName": "dbs", "TableName": "tbl", "Records": [{
        "Dimensions": [{"Name": "host", "Value": "h1"}, {"Name": "az", "Value": "eu"}],
        "MeasureName": "metrics", "MeasureValueType": "MULTI", "Time": t(10).to_string(), "Version": 0,
        "MeasureValues": [{"Name": "cpu", "Value": "9", "Type": "DOUBLE"}]}]}),
    );
    assert!(w.is_err());
    assert!(e.get_object("reports", &format!("out/{id}/error-report.json")).is_none());
}

#[test]
fn record_version_is_stamped_and_lower_writes_are_rejected() {
    let mut e = engine();
    e.put_object("src", "a.csv", csv_rows(&[("h1", "eu", t(10), "1.5", "7")]));
    let mut body = request("a.csv", multi_model());
    body["RecordVersion"] = json!(5);
    let id = create(&mut e, body).unwrap();
    e.run_batch_loads();
    assert_eq!(describe(&mut e, &id)["RecordVersion"], 5);
    assert!(dump(&e)[0].contains("|5|"));
    let err = call(
        &mut e,
        Operation::WriteRecords,
        json!({"DatabaseName": "dbs", "TableName": "tbl", "Records": [{
        "Dimensions": [{"Name": "host", "Value": "h1"}, {"Name": "az", "Value": "eu"}],
        "MeasureName": "metrics", "MeasureValueType": "MULTI", "Time": t(10).to_string(), "Version": 2,
        "MeasureValues": [{"Name": "cpu", "Value": "9", "Type": "DOUBLE"}]}]}),
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::RejectedRecords);
    assert_eq!(err.rejected_records[0].existing_version, Some(5));
}

#[test]
fn csv_options_separators_quotes_escape_null_trim() {
    for sep in [",", "|", ";", "\t", " "] {
        let mut e = engine();
        let text = format!("host{sep}region{sep}time{sep}cpu{sep}mem\nh1{sep}eu{sep}{}{sep}1.5{sep}7\n", t(5));
        e.put_object("src", "a.csv", text);
        let mut body = request("a.csv", multi_model());
        body["DataSourceConfiguration"]["CsvConfiguration"] = json!({"ColumnSeparator": sep});
        let (_, d) = {
            let id = create(&mut e, body).unwrap();
            e.run_batch_loads();
            (id.clone(), describe(&mut e, &id))
        };
        assert_eq!(d["TaskStatus"], "SUCCEEDED", "separator {sep:?}: {d}");
    }
    // Quote char ' with an embedded separator, escape char \ and NullValue / TrimWhiteSpace.
    let mut e = engine();
    e.put_object("src", "a.csv", format!("host,region,time,cpu,mem\n'h,1',' eu ',{}, 1.5 ,NA\n'h\\'2',us,{},2,3\n", t(5), t(4)));
    let mut body = request("a.csv", multi_model());
    body["DataSourceConfiguration"]["CsvConfiguration"] = json!({"QuoteChar": "'", "EscapeChar": "\\", "NullValue": "NA", "TrimWhiteSpace": true});
    let id = create(&mut e, body).unwrap();
    e.run_batch_loads();
    let d = describe(&mut e, &id);
    assert_eq!(d["TaskStatus"], "SUCCEEDED", "{d}");
    let rows = dump(&e);
    assert!(rows[0].starts_with("az=eu,host=h,1|"), "{rows:?}");
    assert!(!rows[0].contains("memory"), "NA is null and omitted: {rows:?}");
    assert!(rows[1].starts_with("az=us,host=h'2|"), "{rows:?}");
}

#[test]
fn csv_option_rules_at_creation() {
    let mut e = engine();
    for (cfg, member) in [
        (json!({"ColumnSeparator": "#"}), "ColumnSeparator"),
        (json!({"QuoteChar": "`"}), "QuoteChar"),
        (json!({"ColumnSeparator": ";", "EscapeChar": ";"}), "EscapeChar"),
    ] {
        let mut body = request("a.csv", multi_model());
        body["DataSourceConfiguration"]["CsvConfiguration"] = cfg.clone();
        let err = create(&mut e, body.clone()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Validation, "{cfg}");
        assert!(err.message.contains(member), "{cfg}: {}", err.message);
        let diags = e.diagnose(Operation::CreateBatchLoadTask, body.to_string().as_bytes());
        assert!(diags.iter().any(|d| d.path.to_string().ends_with(member)), "{diags:?}");
    }
}

#[test]
fn mixed_measure_mappings_with_measure_name_column() {
    let mut e = engine();
    let csv = format!("host,time,kind,value,a,b\nh1,{},temp,21.5,,\nh1,{},status,ok,,\nh1,{},pair,,1,true\nh1,{},unknown,1,,\n", t(9), t(8), t(7), t(6));
    e.put_object("src", "m.csv", csv);
    let model = json!({
        "TimeColumn": "time",
        "DimensionMappings": [{"SourceColumn": "host"}],
        "MeasureNameColumn": "kind",
        "MixedMeasureMappings": [
            {"MeasureName": "temp", "SourceColumn": "value", "MeasureValueType": "DOUBLE", "TargetMeasureName": "temperature"},
            {"MeasureName": "status", "SourceColumn": "value", "MeasureValueType": "VARCHAR"},
            {"MeasureName": "pair", "MeasureValueType": "MULTI", "MultiMeasureAttributeMappings": [
                {"SourceColumn": "a", "MeasureValueType": "BIGINT"}, {"SourceColumn": "b", "MeasureValueType": "BOOLEAN"}]}
        ]
    });
    let (id, d) = load(&mut e, "m.csv", model);
    assert_eq!(d["TaskStatus"], "FAILED");
    assert_eq!(d["ProgressReport"]["RecordsIngested"], 3);
    assert_eq!(d["ProgressReport"]["ParseFailures"], 1);
    let rows = dump(&e);
    assert!(rows.iter().any(|r| r.contains("|temperature|") && r.contains("\"21.5\"")), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("|status|") && r.contains("\"ok\"")), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("|pair|") && r.contains("BOOLEAN")), "{rows:?}");
    let rep = report(&e, &id);
    assert_eq!(rep["fileErrors"][0]["errors"][0]["lineRanges"], json!([[5, 5]]));
    assert!(rep["fileErrors"][0]["errors"][0]["reason"].as_str().unwrap().contains("unknown"));
}

#[test]
fn measure_name_column_names_multi_records() {
    let mut e = engine();
    e.put_object("src", "a.csv", format!("host,time,m,cpu\nh1,{},load,1\nh1,{},peak,2\n", t(3), t(3)));
    let model = json!({"TimeColumn": "time", "DimensionMappings": [{"SourceColumn": "host"}], "MeasureNameColumn": "m",
        "MultiMeasureMappings": {"MultiMeasureAttributeMappings": [{"SourceColumn": "cpu"}]}});
    let (_, d) = load(&mut e, "a.csv", model);
    assert_eq!(d["TaskStatus"], "SUCCEEDED", "{d}");
    let rows = dump(&e);
    assert!(rows[0].contains("|load|") && rows[1].contains("|peak|"), "{rows:?}");
}

#[test]
fn data_model_combination_rules() {
    let mut e = engine();
    let base = multi_model();
    let cases: Vec<(Value, &str)> = vec![
        (json!({"TimeColumn": "time", "DimensionMappings": [{"SourceColumn": "host"}]}), "maps no measure"),
        (
            json!({"TimeColumn": "time", "DimensionMappings": [{"SourceColumn": "host"}],
            "MultiMeasureMappings": {"MultiMeasureAttributeMappings": [{"SourceColumn": "cpu"}]}}),
            "no measure name source",
        ),
        (
            json!({"TimeColumn": "time", "DimensionMappings": [{"SourceColumn": "host"}],
            "MixedMeasureMappings": [{"MeasureName": "x", "SourceColumn": "cpu", "MeasureValueType": "DOUBLE"}]}),
            "MeasureNameColumn",
        ),
        (
            json!({"TimeColumn": "time", "DimensionMappings": [{"SourceColumn": "host"}], "MeasureNameColumn": "m",
            "MixedMeasureMappings": [{"MeasureName": "x", "MeasureValueType": "MULTI"}]}),
            "MultiMeasureAttributeMappings is required",
        ),
        (json!({"DimensionMappings": [{"SourceColumn": "host"}], "MultiMeasureMappings": base["MultiMeasureMappings"]}), "TimeColumn"),
        (
            json!({"TimeColumn": "time", "DimensionMappings": [{"DestinationColumn": "host"}], "MultiMeasureMappings": base["MultiMeasureMappings"]}),
            "SourceColumn is required",
        ),
        (
            json!({"TimeColumn": "time", "DimensionMappings": [{"SourceColumn": "cpu"}], "MultiMeasureMappings": base["MultiMeasureMappings"]}),
            "both a dimension and a measure",
        ),
    ];
    for (model, needle) in cases {
        let err = create(&mut e, request("a.csv", model.clone())).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Validation, "{model}");
        assert!(err.message.contains(needle), "{model}: {}", err.message);
    }
    // Both / neither DataModel and DataModelS3Configuration, and no DataModelConfiguration.
    let mut body = request("a.csv", multi_model());
    body["DataModelConfiguration"]["DataModelS3Configuration"] = json!({"BucketName": "src", "ObjectKey": "m.json"});
    assert!(create(&mut e, body).unwrap_err().message.contains("not both"));
    let mut body = request("a.csv", multi_model());
    body.as_object_mut().unwrap().remove("DataModelConfiguration");
    assert!(create(&mut e, body).unwrap_err().message.contains("DataModelConfiguration is required"));
    // SSE_KMS without a key.
    let mut body = request("a.csv", multi_model());
    body["ReportConfiguration"]["ReportS3Configuration"]["EncryptionOption"] = json!("SSE_KMS");
    assert!(create(&mut e, body).unwrap_err().message.contains("KmsKeyId"));
    // Missing table.
    let mut body = request("a.csv", multi_model());
    body["TargetTableName"] = json!("nope");
    assert_eq!(create(&mut e, body).unwrap_err().kind, ErrorKind::ResourceNotFound);
}

#[test]
fn data_model_from_s3() {
    let mut e = engine();
    e.put_object("src", "a.csv", csv_rows(&[("h1", "eu", t(10), "1.5", "7")]));
    let mut body = request("a.csv", json!({}));
    body["DataModelConfiguration"] = json!({"DataModelS3Configuration": {"BucketName": "models", "ObjectKey": "m.json"}});
    let err = create(&mut e, body.clone()).unwrap_err();
    assert!(err.message.contains("s3://models/m.json does not exist"), "{}", err.message);
    e.put_object("models", "m.json", "{not json");
    assert!(create(&mut e, body.clone()).unwrap_err().message.contains("not a valid DataModel"));
    e.put_object("models", "m.json", multi_model().to_string());
    let id = create(&mut e, body).unwrap();
    e.run_batch_loads();
    let d = describe(&mut e, &id);
    assert_eq!(d["TaskStatus"], "SUCCEEDED");
    assert_eq!(d["DataModelConfiguration"]["DataModelS3Configuration"]["ObjectKey"], "m.json");
}

#[test]
fn required_partition_key_must_be_mapped() {
    let mut e = engine();
    call(
        &mut e,
        Operation::CreateTable,
        json!({"DatabaseName": "dbs", "TableName": "pkt",
        "Schema": {"CompositePartitionKey": [{"Type": "DIMENSION", "Name": "tenant", "EnforcementInRecord": "REQUIRED"}]}}),
    )
    .unwrap();
    let mut body = request("a.csv", multi_model());
    body["TargetTableName"] = json!("pkt");
    let err = create(&mut e, body.clone()).unwrap_err();
    assert!(err.message.contains("tenant"), "{}", err.message);
    assert!(!e.diagnose(Operation::CreateBatchLoadTask, body.to_string().as_bytes()).is_empty());
}

#[test]
fn parse_and_ingestion_failures_fill_the_report() {
    let mut e = engine();
    let old = t(7 * 3600); // outside the 6 h memory window
    e.put_object(
        "src",
        "a.csv",
        csv_rows(&[
            ("h1", "eu", t(10), "x", "1"),
            ("h2", "eu", t(10), "y", "1"),
            ("h3", "eu", old, "1", "1"),
            ("h4", "eu", old, "1", "1"),
            ("h5", "eu", t(10), "1", "1"),
            ("h6", "eu", t(10), "z", "1"),
        ]),
    );
    let (id, d) = load(&mut e, "a.csv", multi_model());
    assert_eq!(d["TaskStatus"], "FAILED");
    let p = &d["ProgressReport"];
    assert_eq!((p["RecordsProcessed"].as_i64(), p["RecordsIngested"].as_i64()), (Some(6), Some(1)));
    assert_eq!((p["ParseFailures"].as_i64(), p["RecordIngestionFailures"].as_i64()), (Some(3), Some(2)));
    assert!(d["ErrorMessage"].as_str().unwrap().contains(&format!("s3://reports/out/{id}/error-report.json")));
    let rep = report(&e, &id);
    assert_eq!(rep["taskId"], id);
    assert_eq!(rep["taskErrors"], json!([]));
    let errors = &rep["fileErrors"][0]["errors"];
    assert_eq!(rep["fileErrors"][0]["fileName"], "a.csv");
    assert_eq!(errors[0]["reason"], "Invalid value x for double measure value type.");
    assert_eq!(errors[0]["lineRanges"], json!([[2, 2]]));
    assert_eq!(errors[1]["lineRanges"], json!([[3, 3]]));
    assert_eq!(errors[2]["reason"], "The record timestamp is outside the time range of the data ingestion window.");
    assert_eq!(errors[2]["lineRanges"], json!([[4, 5]]));
    assert_eq!(errors[3]["lineRanges"], json!([[7, 7]]));
}

/// Bytes that are not UTF-8 fail a row only where the data model reads them: in an unmapped
/// column the row is ingested, in a mapped one it is a parse failure (line 3 of the file).
#[test]
fn bytes_that_are_not_utf8_fail_only_the_rows_that_map_them() {
    let mut e = engine();
    let mut data = csv_rows(&[("h1", "eu", t(10), "1", "1"), ("h2", "eu", t(10), "2", "2"), ("h3", "eu", t(10), "3", "3")]).into_bytes();
    // A sixth, unmapped column: the first data row holds a bad byte there.
    let mut lines: Vec<Vec<u8>> = data.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(<[u8]>::to_vec).collect();
    lines[0].extend_from_slice(b",note");
    lines[1].extend_from_slice(b",bad \xff byte");
    lines[2].extend_from_slice(b",ok");
    lines[3].extend_from_slice(b",ok");
    // The second data row has the bad byte in its host (mapped) cell.
    let pos = lines[2].iter().position(|&b| b == b',').unwrap();
    lines[2].splice(0..pos, b"h\xfe2".iter().copied());
    data = lines.join(&b'\n');
    data.push(b'\n');
    e.put_object("src", "u.csv", data);
    let (id, d) = load(&mut e, "u.csv", multi_model());
    let p = &d["ProgressReport"];
    assert_eq!((p["RecordsProcessed"].as_i64(), p["RecordsIngested"].as_i64(), p["ParseFailures"].as_i64()), (Some(3), Some(2), Some(1)), "{d}");
    let rep = report(&e, &id);
    assert_eq!(rep["fileErrors"][0]["errors"], json!([{"reason": "The row is not valid UTF-8.", "lineRanges": [[3, 3]]}]));
    let rows = dump(&e);
    assert!(rows.iter().any(|r| r.contains("host=h1")) && rows.iter().any(|r| r.contains("host=h3")), "{rows:?}");
}

#[test]
fn same_reason_ranges_merge_and_line_numbers_follow_the_editor() {
    let mut e = engine();
    let csv = format!(
        "host,region,time,cpu,mem\r\nh1,eu,bad,1,1\r\nh1,eu,bad,1,1\r\n\r\n\"h\n2\",eu,{},1,1\r\nh3,eu,bad,1,1\r\nh4,eu,bad,1,1\r\nh5,eu,{},1,1,extra\r\n",
        t(1),
        t(1)
    );
    e.put_object("src", "a.csv", csv);
    let (id, d) = load(&mut e, "a.csv", multi_model());
    assert_eq!(d["ProgressReport"]["RecordsIngested"], 1);
    let errors = report(&e, &id)["fileErrors"][0]["errors"].clone();
    assert_eq!(errors[0]["reason"], "Invalid time for record.");
    assert_eq!(errors[0]["lineRanges"], json!([[2, 3], [7, 8]]));
    assert!(errors[1]["reason"].as_str().unwrap().contains("6 columns but the header row has 5"));
    assert_eq!(errors[1]["lineRanges"], json!([[9, 9]]));
}

#[test]
fn file_failures_bom_missing_column_and_empty_prefix() {
    let mut e = engine();
    e.put_object("src", "d/1.csv", format!("\u{feff}{}", csv_rows(&[("h1", "eu", t(1), "1", "1")])));
    e.put_object("src", "d/2.csv", format!("host,time,cpu,mem\nh1,{},1,1\n", t(1)));
    e.put_object("src", "d/3.csv", "");
    e.put_object("src", "d/4.csv", csv_rows(&[("h9", "eu", t(1), "1", "1")]));
    let (id, d) = load(&mut e, "d/", multi_model());
    assert_eq!(d["TaskStatus"], "FAILED");
    assert_eq!(d["ProgressReport"]["FileFailures"], 3);
    assert_eq!(d["ProgressReport"]["RecordsIngested"], 1);
    let rep = report(&e, &id);
    let files: Vec<&str> = rep["fileErrors"].as_array().unwrap().iter().map(|f| f["fileName"].as_str().unwrap()).collect();
    assert_eq!(files, ["d/1.csv", "d/2.csv", "d/3.csv"]);
    assert!(rep["fileErrors"][0]["errors"][0]["reason"].as_str().unwrap().contains("byte order mark"));
    assert!(rep["fileErrors"][1]["errors"][0]["reason"].as_str().unwrap().contains("no column named region"));
    assert!(rep["fileErrors"][2]["errors"][0]["reason"].as_str().unwrap().contains("header row"));

    // No objects under the prefix: a task error.
    let (id, d) = load(&mut e, "nothing/", multi_model());
    assert_eq!(d["TaskStatus"], "FAILED");
    assert!(d["ErrorMessage"].as_str().unwrap().contains("No objects were found under s3://src/nothing/"));
    assert!(report(&e, &id)["taskErrors"][0]["reason"].as_str().unwrap().contains("No objects"));
}

#[test]
fn oversized_row_is_a_parse_failure() {
    let mut e = engine();
    let big = "x".repeat(16 * 1024 * 1024 + 10);
    e.put_object("src", "a.csv", format!("host,region,time,cpu,mem\n{big},eu,{},1,1\nh2,eu,{},1,1\n", t(1), t(1)));
    let (id, d) = load(&mut e, "a.csv", multi_model());
    assert_eq!(d["ProgressReport"]["ParseFailures"], 1);
    assert_eq!(d["ProgressReport"]["RecordsIngested"], 1);
    assert!(report(&e, &id)["fileErrors"][0]["errors"][0]["reason"].as_str().unwrap().contains("16 MB"));
}

fn many_rows(n: usize) -> String {
    let mut s = String::from("host,region,time,cpu,mem\n");
    for i in 0..n {
        s.push_str(&format!("h{},r{},{},{}.5,{}\n", i % 17, i % 3, t(1 + (i as i64 % 3000)), i, i));
    }
    s
}

#[test]
fn stop_and_resume_continue_exactly() {
    let mut reference = engine();
    reference.put_object("src", "d/a.csv", many_rows(120));
    reference.put_object("src", "d/b.csv", many_rows(80));
    let (ref_id, d) = load(&mut reference, "d/", multi_model());
    assert_eq!(d["TaskStatus"], "SUCCEEDED");

    let mut e = engine();
    e.put_object("src", "d/a.csv", many_rows(120));
    e.put_object("src", "d/b.csv", many_rows(80));
    let id = create(&mut e, request("d/", multi_model())).unwrap();
    e.step_batch_load(StepBudget::rows(7));
    e.stop_batch_load_task(&id).unwrap();
    let d = describe(&mut e, &id);
    assert_eq!(d["TaskStatus"], "PROGRESS_STOPPED");
    let until = d["ResumableUntil"].as_f64().unwrap();
    assert_eq!(until, (NOW_MS / 1000 + 7 * 86_400) as f64);
    assert_eq!(e.step_batch_load(StepBudget::rows(100)).rows, 0, "a stopped task does not run");
    call(&mut e, Operation::ResumeBatchLoadTask, json!({"TaskId": id})).unwrap();
    assert_eq!(describe(&mut e, &id)["TaskStatus"], "PENDING_RESUME");
    // Many small steps with stops in between, across the file boundary.
    let mut n = 0;
    while e.has_active_batch_loads() {
        e.step_batch_load(StepBudget::rows(13));
        assert_ne!(describe(&mut e, &id)["TaskStatus"], "PENDING_RESUME");
        n += 1;
        if n % 4 == 0 && e.has_active_batch_loads() {
            e.stop_batch_load_task(&id).unwrap();
            call(&mut e, Operation::ResumeBatchLoadTask, json!({"TaskId": id})).unwrap();
        }
    }
    let d = describe(&mut e, &id);
    assert_eq!(d["TaskStatus"], "SUCCEEDED");
    assert_eq!(d["ProgressReport"]["RecordsProcessed"], 200);
    assert_eq!(d["ProgressReport"]["RecordsIngested"], 200);
    assert_eq!(d["ProgressReport"], progress(&mut reference, &ref_id));
    assert_eq!(dump(&e), dump(&reference));
}

#[test]
fn resume_rules() {
    let mut e = engine();
    e.put_object("src", "a.csv", many_rows(10));
    let id = create(&mut e, request("a.csv", multi_model())).unwrap();
    let err = call(&mut e, Operation::ResumeBatchLoadTask, json!({"TaskId": id})).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert!(err.message.contains("CREATED"), "{}", err.message);
    let err = call(&mut e, Operation::ResumeBatchLoadTask, json!({"TaskId": "ABC123"})).unwrap_err();
    assert_eq!(err.kind, ErrorKind::ResourceNotFound);
    assert_eq!(call(&mut e, Operation::DescribeBatchLoadTask, json!({"TaskId": "ABC123"})).unwrap_err().kind, ErrorKind::ResourceNotFound);
    e.stop_batch_load_task(&id).unwrap();
    assert!(e.stop_batch_load_task(&id).is_err());
    e.clock_mut().advance(7 * 86_400 * 1_000_000_000);
    let err = call(&mut e, Operation::ResumeBatchLoadTask, json!({"TaskId": id})).unwrap_err();
    assert!(err.message.contains("no longer be resumed"), "{}", err.message);
}

#[test]
fn quotas_per_table_and_account() {
    let mut e = engine();
    for i in 0..5 {
        create(&mut e, request(&format!("p{i}"), multi_model())).unwrap();
    }
    let err = create(&mut e, request("p5", multi_model())).unwrap_err();
    assert_eq!(err.kind, ErrorKind::ServiceQuotaExceeded);
    call(&mut e, Operation::CreateTable, json!({"DatabaseName": "dbs", "TableName": "tbl2"})).unwrap();
    for i in 0..5 {
        let mut b = request(&format!("q{i}"), multi_model());
        b["TargetTableName"] = json!("tbl2");
        create(&mut e, b).unwrap();
    }
    call(&mut e, Operation::CreateTable, json!({"DatabaseName": "dbs", "TableName": "tbl3"})).unwrap();
    let mut b = request("rr", multi_model());
    b["TargetTableName"] = json!("tbl3");
    let err = create(&mut e, b.clone()).unwrap_err();
    assert!(err.message.contains("account"), "{}", err.message);
    // Finished tasks do not count.
    e.run_batch_loads();
    create(&mut e, b).unwrap();
}

#[test]
fn list_pages_and_filters() {
    let mut e = engine();
    e.put_object("src", "a.csv", many_rows(3));
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(create(&mut e, request("a.csv", multi_model())).unwrap());
        e.run_batch_loads();
    }
    ids.push(create(&mut e, request("a.csv", multi_model())).unwrap());
    let page = call(&mut e, Operation::ListBatchLoadTasks, json!({"MaxResults": 2})).unwrap();
    assert_eq!(page["BatchLoadTasks"].as_array().unwrap().len(), 2);
    assert_eq!(page["BatchLoadTasks"][0]["TaskId"], ids[0]);
    assert_eq!(page["BatchLoadTasks"][0]["DatabaseName"], "dbs");
    let rest = call(&mut e, Operation::ListBatchLoadTasks, json!({"NextToken": page["NextToken"]})).unwrap();
    assert_eq!(rest["BatchLoadTasks"].as_array().unwrap().len(), 2);
    assert!(rest.get("NextToken").is_none());
    let created = call(&mut e, Operation::ListBatchLoadTasks, json!({"TaskStatus": "CREATED"})).unwrap();
    assert_eq!(created["BatchLoadTasks"].as_array().unwrap().len(), 1);
    assert_eq!(created["BatchLoadTasks"][0]["TaskId"], ids[3]);
}

#[test]
fn client_token_is_idempotent() {
    let mut e = engine();
    let mut b = request("a.csv", multi_model());
    b["ClientToken"] = json!("tok-1");
    let a = create(&mut e, b.clone()).unwrap();
    assert_eq!(create(&mut e, b.clone()).unwrap(), a);
    b["RecordVersion"] = json!(3);
    assert_eq!(create(&mut e, b).unwrap_err().kind, ErrorKind::Conflict);
}

#[test]
fn snapshot_round_trip_mid_task() {
    let mut reference = engine();
    reference.put_object("src", "a.csv", many_rows(300));
    load(&mut reference, "a.csv", multi_model());

    let mut e = engine();
    e.put_object("src", "a.csv", many_rows(300));
    let id = create(&mut e, request("a.csv", multi_model())).unwrap();
    e.step_batch_load(StepBudget::rows(111));
    let mut restored = Engine::deterministic(e.now(), 7);
    restored.restore(&e.snapshot()).unwrap();
    assert_eq!(restored.batch_load_task(&id).unwrap().status, TaskStatus::InProgress);
    assert_eq!(restored.batch_load_task(&id).unwrap().progress.records_processed, 111);
    restored.run_batch_loads();
    assert_eq!(describe(&mut restored, &id)["ProgressReport"]["RecordsIngested"], 300);
    assert_eq!(dump(&restored), dump(&reference));
}

#[test]
fn budget_in_bytes_bounds_a_step() {
    let mut e = engine();
    e.put_object("src", "a.csv", many_rows(100));
    create(&mut e, request("a.csv", multi_model())).unwrap();
    let r = e.step_batch_load(StepBudget::bytes(200));
    assert!(r.rows > 0 && r.rows < 20, "{r:?}");
    assert!(r.active == 1);
}

/// `cargo test -p timestream-engine --release --test batch_load -- --ignored --nocapture`
#[test]
#[ignore]
fn throughput_one_million_rows() {
    let n = 1_000_000;
    let mut e = engine();
    let mut s = String::with_capacity(n * 48);
    s.push_str("host,region,time,cpu,mem\n");
    for i in 0..n {
        use std::fmt::Write;
        let _ = writeln!(s, "host-{},r{},{},{}.25,{}", i % 1000, i % 5, t(1) - (i as i64 / 1000), i % 100, i);
    }
    let bytes = s.len();
    e.put_object("src", "big.csv", s);
    let id = create(&mut e, request("big.csv", multi_model())).unwrap();
    let start = std::time::Instant::now();
    let mut steps = 0;
    while e.has_active_batch_loads() {
        e.step_batch_load(StepBudget::rows(50_000));
        steps += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let d = describe(&mut e, &id);
    assert_eq!(d["TaskStatus"], "SUCCEEDED", "{d}");
    assert_eq!(d["ProgressReport"]["RecordsIngested"], n);
    println!("{n} rows ({} MB) in {secs:.3} s over {steps} steps: {:.0} rows/s", bytes / 1_000_000, n as f64 / secs);
}

#[test]
fn garbage_files_never_panic() {
    let alphabet: &[&[u8]] = &[
        b",",
        b"|",
        b";",
        b"\t",
        b" ",
        b"\"",
        b"'",
        b"\\",
        b"\n",
        b"\r\n",
        b"host",
        b"time",
        b"cpu",
        b"mem",
        b"region",
        b"1",
        b"-5",
        b"1.5e3",
        b"NA",
        b"\xEF\xBB\xBF",
        b"\xff\xfe",
        b"9999999999999999999999",
        b"",
    ];
    let mut seed = 0x1234_5678_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..60 {
        let mut e = engine();
        let mut data = if round % 2 == 0 { b"host,region,time,cpu,mem\n".to_vec() } else { Vec::new() };
        for _ in 0..(next() % 300) {
            data.extend_from_slice(alphabet[(next() % alphabet.len() as u64) as usize]);
        }
        e.put_object("src", "g.csv", data);
        let mut body = request("g.csv", multi_model());
        let seps = [",", "|", ";", "\t", " "];
        body["DataSourceConfiguration"]["CsvConfiguration"] = json!({
            "ColumnSeparator": seps[round % 5], "QuoteChar": if round % 3 == 0 { "'" } else { "\"" },
            "EscapeChar": "\\", "NullValue": "NA", "TrimWhiteSpace": round % 4 == 0});
        let id = create(&mut e, body).unwrap();
        while e.has_active_batch_loads() {
            e.step_batch_load(StepBudget::rows(1 + next() % 5));
        }
        let d = describe(&mut e, &id);
        assert!(d["TaskStatus"] == "SUCCEEDED" || d["TaskStatus"] == "FAILED", "{d}");
    }
}
