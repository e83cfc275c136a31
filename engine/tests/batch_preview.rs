//! The playground's batch-load helpers: suggested data models, previews (same mapping and
//! reasons as a real run), and the read position of a task.

mod batch_common;

use batch_common::*;
use serde_json::{json, Value};
use timestream_engine::{ErrorKind, Operation};
use timestream_engine::{RowOutcome, StepBudget};

fn body_of(model: Value, prefix: &str) -> Vec<u8> {
    request(prefix, model).to_string().into_bytes()
}

#[test]
fn suggested_model_maps_time_numbers_and_text() {
    let mut e = engine();
    let csv = format!("host,region,Timestamp,cpu,mem,ok\nh1,eu,{},1.5,7,true\nh2,us,{},2,8,false\nh3,us,{},oops,9,true\n", t(10), t(9), t(8));
    e.put_object("src", "a.csv", csv);
    let m = e.suggest_batch_data_model("src", "a.csv", None).unwrap();
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!(v["TimeColumn"], "Timestamp");
    assert_eq!(v["TimeUnit"], "MILLISECONDS");
    let dims: Vec<&str> = v["DimensionMappings"].as_array().unwrap().iter().map(|d| d["SourceColumn"].as_str().unwrap()).collect();
    assert_eq!(dims, ["host", "region", "ok"]);
    assert_eq!(v["MultiMeasureMappings"]["TargetMultiMeasureName"], "metrics");
    assert_eq!(
        v["MultiMeasureMappings"]["MultiMeasureAttributeMappings"],
        json!([{"SourceColumn": "cpu", "MeasureValueType": "DOUBLE"}, {"SourceColumn": "mem", "MeasureValueType": "BIGINT"}])
    );
    // The suggestion is a model the service accepts, and it loads the file.
    // A mostly numeric column stays a measure: its odd cell is a parse failure.
    let id = create(&mut e, request("a.csv", v)).unwrap();
    e.run_batch_loads();
    let d = describe(&mut e, &id);
    assert_eq!(d["TaskStatus"], "FAILED");
    assert_eq!((d["ProgressReport"]["RecordsIngested"].as_i64(), d["ProgressReport"]["ParseFailures"].as_i64()), (Some(2), Some(1)));
    assert_eq!(dump(&e).len(), 2);

    // Seconds, a measure_name column, a header-only file, missing objects, a BOM.
    e.put_object("src", "s.csv", "t,measure_name,v\n1700000000,load,1\n");
    let v = serde_json::to_value(e.suggest_batch_data_model("src", "s.csv", None).unwrap()).unwrap();
    assert_eq!((v["TimeColumn"].as_str(), v["TimeUnit"].as_str()), (Some("t"), Some("SECONDS")), "{v}");
    assert_eq!(v["MeasureNameColumn"], "measure_name");
    assert!(v["MultiMeasureMappings"].get("TargetMultiMeasureName").is_none(), "{v}");
    e.put_object("src", "h.csv", "time,host\n");
    let v = serde_json::to_value(e.suggest_batch_data_model("src", "h.csv", None).unwrap()).unwrap();
    assert_eq!(v["DimensionMappings"], json!([{"SourceColumn": "host"}]));
    assert!(e.suggest_batch_data_model("src", "nope.csv", None).unwrap_err().contains("does not exist"));
    e.put_object("src", "bom.csv", b"\xEF\xBB\xBFtime,host\n".to_vec());
    assert!(e.suggest_batch_data_model("src", "bom.csv", None).unwrap_err().contains("BOM"));
    // Other separators follow the CsvConfiguration.
    e.put_object("src", "p.csv", format!("host|time|cpu\nh1|{}|3\n", t(1)));
    let cfg = serde_json::from_value(json!({"ColumnSeparator": "|"})).unwrap();
    let v = serde_json::to_value(e.suggest_batch_data_model("src", "p.csv", Some(&cfg)).unwrap()).unwrap();
    assert_eq!(v["MultiMeasureMappings"]["MultiMeasureAttributeMappings"][0]["SourceColumn"], "cpu");
}

#[test]
fn preview_matches_what_the_task_reports() {
    let mut e = engine();
    let old = t(7 * 3600);
    let csv = format!(
        "host,region,time,cpu,mem\nh1,eu,{},1.5,7\nh2,eu,{},x,1\nh3,eu,{},1,1\nh4,eu,bad,1,1\nh5,eu,{},1,1,extra\nh6,eu,{},2,2\n",
        t(10),
        t(10),
        old,
        t(5),
        t(4)
    );
    e.put_object("src", "a.csv", csv);
    let body = body_of(multi_model(), "a.csv");
    let p = e.preview_batch_load(&body, 5).unwrap();
    assert_eq!((p.file.as_str(), p.files), ("a.csv", 1));
    assert_eq!(p.header, ["host", "region", "time", "cpu", "mem"]);
    assert_eq!(p.problem, None);
    assert_eq!(p.rows.len(), 5, "only the rows asked for");
    assert_eq!(p.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 4, 5, 6]);
    assert_eq!(p.rows[0].outcome, RowOutcome::Memory);
    let rec = serde_json::to_value(p.rows[0].record.as_ref().unwrap()).unwrap();
    assert_eq!(rec["MeasureName"], "metrics");
    assert_eq!(rec["Dimensions"][1], json!({"Name": "az", "Value": "eu"}));
    assert_eq!(rec["MeasureValues"][1], json!({"Name": "memory", "Value": "7", "Type": "BIGINT"}));
    assert_eq!(p.rows[1].cells[3], "x");
    assert!(p.rows[1].record.is_none());
    // Previews write nothing.
    assert_eq!(dump(&e).len(), 0);

    // The same file run as a task: every previewed failure is in the report, same line, same reason.
    let id = create(&mut e, request("a.csv", multi_model())).unwrap();
    e.run_batch_loads();
    let rep = report(&e, &id);
    let errors = rep["fileErrors"][0]["errors"].as_array().unwrap().clone();
    let mut failures = 0;
    for row in &p.rows {
        let (reason, parse) = match &row.outcome {
            RowOutcome::ParseFailure(r) => (r, true),
            RowOutcome::IngestionFailure(r) => (r, false),
            _ => continue,
        };
        failures += 1;
        let entry = errors.iter().find(|x| x["reason"] == reason.as_str()).unwrap_or_else(|| panic!("{reason} not in {errors:?}"));
        assert!(entry["lineRanges"].as_array().unwrap().iter().any(|r| r[0].as_u64() <= Some(row.line) && r[1].as_u64() >= Some(row.line)));
        if !parse {
            assert_eq!(reason, "The record timestamp is outside the time range of the data ingestion window.");
        }
    }
    assert_eq!(failures, 4);
    let d = describe(&mut e, &id);
    assert_eq!(d["ProgressReport"]["ParseFailures"], 3);
    assert_eq!(d["ProgressReport"]["RecordIngestionFailures"], 1);
}

#[test]
fn preview_errors_are_the_api_errors() {
    let mut e = engine();
    // A request problem: exactly what CreateBatchLoadTask answers.
    let bad = json!({"TimeColumn": "time", "DimensionMappings": [{"SourceColumn": "host"}]});
    for body in [body_of(bad, "a.csv"), b"{\"TargetDatabaseName\": 1}".to_vec(), b"not json".to_vec()] {
        let err = e.preview_batch_load(&body, 5).unwrap_err();
        let api = e.call(Operation::CreateBatchLoadTask, &body).unwrap_err();
        assert_eq!((err.kind, &err.message), (api.kind, &api.message));
    }
    let mut body = request("a.csv", multi_model());
    body["TargetTableName"] = json!("missing");
    let err = e.preview_batch_load(body.to_string().as_bytes(), 5).unwrap_err();
    assert_eq!(err.kind, ErrorKind::ResourceNotFound);
    // Source problems are what the task would fail with.
    let p = e.preview_batch_load(&body_of(multi_model(), "a.csv"), 5).unwrap();
    assert_eq!(p.problem.as_deref(), Some("The S3 bucket src does not exist or is not accessible."));
    e.create_bucket("src");
    let p = e.preview_batch_load(&body_of(multi_model(), "a.csv"), 5).unwrap();
    assert_eq!(p.problem.as_deref(), Some("No objects were found under s3://src/a.csv."));
    e.put_object("src", "a.csv", "host,time,cpu\nh1,1,2\n");
    let p = e.preview_batch_load(&body_of(multi_model(), "a.csv"), 5).unwrap();
    assert!(p.problem.unwrap().contains("no column named region, mem"));
    assert!(p.rows.is_empty());
}

#[test]
fn position_follows_the_cursor_across_files_stop_and_resume() {
    let mut e = engine();
    let a = format!("host,region,time,cpu,mem\n{}", (0..50).map(|i| format!("h{i},eu,{},1,1\n", t(i + 1))).collect::<String>());
    let b = format!("host,region,time,cpu,mem\n{}", (0..50).map(|i| format!("g{i},eu,{},1,1\n", t(i + 1))).collect::<String>());
    let total = (a.len() + b.len()) as u64;
    e.put_object("src", "d/a.csv", a.clone());
    e.put_object("src", "d/b.csv", b);
    let id = create(&mut e, request("d/", multi_model())).unwrap();
    assert_eq!(e.batch_load_position(&id), Some((0, total)));
    e.step_batch_load(StepBudget::rows(10));
    let (done, t1) = e.batch_load_position(&id).unwrap();
    assert_eq!(t1, total);
    assert!(done > 0 && done < a.len() as u64, "{done}");
    e.step_batch_load(StepBudget::rows(60));
    let (done2, _) = e.batch_load_position(&id).unwrap();
    assert!(done2 > a.len() as u64 && done2 < total, "{done2}");
    e.stop_batch_load_task(&id).unwrap();
    assert_eq!(e.batch_load_position(&id), Some((done2, total)));
    e.call(Operation::ResumeBatchLoadTask, json!({"TaskId": id}).to_string().as_bytes()).unwrap();
    e.run_batch_loads();
    assert_eq!(e.batch_load_position(&id), Some((total, total)));
    assert_eq!(describe(&mut e, &id)["TaskStatus"], "SUCCEEDED");
    assert_eq!(e.batch_load_position("NOPE"), None);
}
