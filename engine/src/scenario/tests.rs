use serde_json::json;

use super::*;
use crate::clock::{NANOS_PER_HOUR, NANOS_PER_MILLI, NANOS_PER_MINUTE, NANOS_PER_SECOND};

const JAN_1_2024_MS: i64 = 1_704_067_200_000;
const JAN_1_2024: Nanos = JAN_1_2024_MS * NANOS_PER_MILLI;

fn parse_err(doc: Value) -> String {
    Scenario::parse(&doc.to_string()).expect_err("the scenario should be refused")
}

fn wire(status: u16, error_type: Option<&'static str>, body: Value) -> WireResponse {
    WireResponse { status, error_type, request_id: "R".into(), body: serde_json::to_vec(&body).unwrap() }
}

#[test]
fn parses_a_full_scenario() {
    let s = Scenario::parse(
        &json!({
            "version": 1, "title": "Upserts", "description": "Versions decide.",
            "clock": {"start": "2024-01-01T00:00:00Z"},
            "steps": [
                {"operation": "CreateDatabase", "request": {"DatabaseName": "db"}, "expect": {"status": 200}},
                {"operation": "Timestream_20181101.WriteRecords", "advanceClock": "+10m", "setClock": JAN_1_2024_MS,
                 "note": "n", "request": {"Records": [{"Time": "{{now-5m}}"}]},
                 "expect": {"error": "RejectedRecordsException", "rejectedIndexes": [1], "bodyContains": {"a": 1}}},
                {"operation": "DescribeEndpoints"}
            ]
        })
        .to_string(),
    )
    .unwrap();
    assert_eq!(s.title, "Upserts");
    assert_eq!(s.clock_start, Some(JAN_1_2024));
    assert_eq!(s.steps.len(), 3);
    assert_eq!(s.steps[1].operation(), Some(Operation::WriteRecords));
    assert_eq!(s.steps[1].advance_clock, Some(10 * NANOS_PER_MINUTE));
    assert_eq!(s.steps[1].set_clock, Some(JAN_1_2024));
    let e = s.steps[1].expect.as_ref().unwrap();
    assert_eq!(e.error.as_deref(), Some("RejectedRecordsException"));
    assert_eq!(e.rejected_indexes, Some(vec![1]));
    assert_eq!(s.steps[2].action, StepAction::Call { operation: Operation::DescribeEndpoints, request: json!({}) });
    // The document form reads back to the same scenario.
    assert_eq!(Scenario::parse(&s.to_json().to_string()).unwrap(), s);
}

#[test]
fn parse_errors_name_the_field() {
    assert!(Scenario::parse("{").unwrap_err().contains("not valid JSON (line 1"));
    assert!(parse_err(json!([])).contains("expected a JSON object, got an array"));
    assert!(parse_err(json!({})).starts_with("steps: missing"));
    assert!(parse_err(json!({"steps": {}})).starts_with("steps: expected an array"));
    assert!(parse_err(json!({"version": 2, "steps": []})).starts_with("version: unsupported scenario version 2"));
    assert!(parse_err(json!({"titel": "x", "steps": []})).starts_with("titel: unknown field"));
    assert!(parse_err(json!({"clock": {"start": "yesterday"}, "steps": []})).starts_with("clock.start: \"yesterday\" is not an ISO-8601"));
    assert!(parse_err(json!({"clock": {"start": "2024-02-30T00:00:00Z"}, "steps": []})).contains("does not exist"));
    assert!(parse_err(json!({"clock": {"start": "2024-01-01T00:00:00"}, "steps": []})).contains("needs a time zone"));
    assert!(parse_err(json!({"steps": [{}]})).starts_with("steps[0].operation: missing"));
    assert!(parse_err(json!({"steps": [{"operation": "WriteRecord"}]})).starts_with("steps[0].operation: unknown operation \"WriteRecord\""));
    assert!(parse_err(json!({"steps": [{"operation": "ListTables", "request": []}]})).starts_with("steps[0].request: expected a JSON object"));
    let e = parse_err(json!({"steps": [{"operation": "ListTables"}, {"operation": "ListTables", "advanceClock": "10 minutes"}]}));
    assert!(e.starts_with("steps[1].advanceClock: \"10 minutes\" is not a duration"), "{e}");
    assert!(parse_err(json!({"steps": [{"operation": "ListTables", "advanceClock": "10"}]})).contains("a unit is missing"));
    assert!(parse_err(json!({"steps": [{"operation": "ListTables", "advanceClock": "+3w"}]})).contains("unknown unit \"w\""));
    assert!(parse_err(json!({"steps": [{"operation": "ListTables", "advance_clock": "+3m"}]})).starts_with("steps[0].advance_clock: unknown field"));
    assert!(parse_err(json!({"steps": [{"operation": "ListTables", "setClock": true}]})).starts_with("steps[0].setClock: expected an ISO-8601"));
    let e = parse_err(json!({"steps": [{"operation": "WriteRecords", "request": {"Records": [{"Time": "{{later}}"}]}}]}));
    assert!(e.starts_with("steps[0].request.Records[0].Time: unknown placeholder \"{{later}}\""), "{e}");
    let e = parse_err(json!({"steps": [{"operation": "WriteRecords", "request": {"T": "{{now-5q}}"}}]}));
    assert!(e.starts_with("steps[0].request.T: in placeholder \"{{now-5q}}\""), "{e}");
    assert!(parse_err(json!({"steps": [{"operation": "WriteRecords", "request": {"T": "{{now"}}]})).contains("not closed"));
    assert!(
        parse_err(json!({"steps": [{"operation": "ListTables", "expect": {"status": "ok"}}]})).starts_with("steps[0].expect.status: expected an HTTP status")
    );
    assert!(parse_err(json!({"steps": [{"operation": "ListTables", "expect": {"status": 200, "error": "X"}}]})).contains("contradict"));
    assert!(parse_err(json!({"steps": [{"operation": "ListTables", "expect": {"rejectedIndexes": [-1]}}]})).starts_with("steps[0].expect.rejectedIndexes[0]"));
    assert!(parse_err(json!({"steps": [{"operation": "ListTables", "expect": {"errors": "X"}}]})).starts_with("steps[0].expect.errors: unknown field"));
}

#[test]
fn durations_and_instants() {
    assert_eq!(parse_duration("+10m"), Ok(10 * NANOS_PER_MINUTE));
    assert_eq!(parse_duration("-1h30m"), Ok(-(90 * NANOS_PER_MINUTE)));
    assert_eq!(parse_duration("90s"), Ok(90 * NANOS_PER_SECOND));
    assert_eq!(parse_duration("250ms"), Ok(250 * NANOS_PER_MILLI));
    assert_eq!(parse_duration("2d"), Ok(48 * NANOS_PER_HOUR));
    assert!(parse_duration("").is_err());
    assert!(parse_duration("+").is_err());
    assert!(parse_duration("99999999999999999999d").is_err());
    assert_eq!(format_duration(90 * NANOS_PER_MINUTE), "+1h30m");
    assert_eq!(format_duration(-250 * NANOS_PER_MILLI), "-250ms");
    assert_eq!(parse_instant(&json!("2024-01-01T00:00:00Z")), Ok(JAN_1_2024));
    assert_eq!(parse_instant(&json!("2024-01-01")), Ok(JAN_1_2024));
    assert_eq!(parse_instant(&json!("2024-01-01T02:00:00.5+02:00")), Ok(JAN_1_2024 + 500 * NANOS_PER_MILLI));
    assert_eq!(parse_instant(&json!(JAN_1_2024_MS)), Ok(JAN_1_2024));
    assert_eq!(parse_instant(&json!("2023-02-13T19:22:45.051Z")), Ok(1_676_316_165_051 * NANOS_PER_MILLI));
    assert!(parse_instant(&json!(1.5)).is_err());
}

#[test]
fn placeholders_become_epoch_counts() {
    let now = JAN_1_2024;
    assert_eq!(substitute_placeholders("{{now}}", now).unwrap(), JAN_1_2024_MS.to_string());
    assert_eq!(substitute_placeholders("{{now-5m}}", now).unwrap(), (JAN_1_2024_MS - 300_000).to_string());
    assert_eq!(substitute_placeholders("{{ now+20m }}", now).unwrap(), (JAN_1_2024_MS + 1_200_000).to_string());
    assert_eq!(substitute_placeholders("{{now-7h}}", now).unwrap(), (JAN_1_2024_MS - 7 * 3_600_000).to_string());
    assert_eq!(substitute_placeholders("{{now:s}}", now).unwrap(), (JAN_1_2024_MS / 1000).to_string());
    assert_eq!(substitute_placeholders("{{now+1s:ns}}", now).unwrap(), (JAN_1_2024 + NANOS_PER_SECOND).to_string());
    assert_eq!(substitute_placeholders("at {{now}} and {{now+1ms}}!", now).unwrap(), format!("at {JAN_1_2024_MS} and {}!", JAN_1_2024_MS + 1));
    assert_eq!(substitute_placeholders("no placeholder", now).unwrap(), "no placeholder");
    assert!(substitute_placeholders("{{now:minutes}}", now).is_err());
    assert!(substitute_placeholders("{{now5m}}", now).is_err());
}

#[test]
fn run_moves_the_clock_before_the_request_and_fills_placeholders() {
    let scenario = Scenario::parse(
        &json!({
            "clock": {"start": JAN_1_2024_MS},
            "steps": [
                {"operation": "ListDatabases", "note": "first"},
                {"operation": "WriteRecords", "advanceClock": "+10m",
                 "request": {"DatabaseName": "db", "TableName": "t",
                             "Records": [{"MeasureName": "m", "MeasureValue": "1", "Time": "{{now-5m}}"}]}},
                {"operation": "ListDatabases", "setClock": "2024-01-02T00:00:00Z", "advanceClock": "-1h"}
            ]
        })
        .to_string(),
    )
    .unwrap();
    let mut engine = Engine::default();
    let mut run = ScenarioRun::new(&mut engine, scenario);
    assert_eq!(run.engine().now(), JAN_1_2024);
    let first = run.step().unwrap();
    assert_eq!((first.index, first.operation, first.label, first.note.as_deref()), (0, Some(Operation::ListDatabases), "ListDatabases", Some("first")));
    assert_eq!((first.clock_before, first.clock_after), (JAN_1_2024, JAN_1_2024));
    assert_eq!(first.verdict, Verdict::Unchecked);
    assert!(first.met());
    assert_eq!(first.body, first.response.json());
    let second = run.step().unwrap();
    assert_eq!(second.clock_before, JAN_1_2024);
    assert_eq!(second.clock_after, JAN_1_2024 + 10 * NANOS_PER_MINUTE);
    assert_eq!(second.request["Records"][0]["Time"], json!((JAN_1_2024_MS + 5 * 60_000).to_string()));
    let third = run.step().unwrap();
    assert_eq!(third.clock_after, JAN_1_2024 + 23 * NANOS_PER_HOUR);
    assert!(run.is_finished());
    assert!(run.step().is_none());
    assert_eq!(engine.now(), JAN_1_2024 + 23 * NANOS_PER_HOUR);
}

#[test]
fn expectations_pass() {
    let ok = wire(200, None, json!({"RecordsIngested": {"Total": 2, "MemoryStore": 2, "MagneticStore": 0}}));
    let expect = Expect { status: Some(200), body_contains: Some(json!({"RecordsIngested": {"Total": 2.0}})), ..Default::default() };
    assert_eq!(expect.mismatches(&ok, &ok.json()), Vec::<String>::new());
    let no_rejections = Expect { rejected_indexes: Some(vec![]), ..Default::default() };
    assert!(no_rejections.mismatches(&ok, &ok.json()).is_empty());

    let body = json!({"__type": "com.amazonaws.timestream.v20181101#RejectedRecordsException", "message": "m",
        "RejectedRecords": [{"RecordIndex": 3, "Reason": "r"}, {"RecordIndex": 1, "Reason": "r", "ExistingVersion": 2}]});
    let rejected = wire(419, Some("RejectedRecordsException"), body.clone());
    for error in ["RejectedRecordsException", "com.amazonaws.timestream.v20181101#RejectedRecordsException"] {
        let e = Expect {
            status: Some(419),
            error: Some(error.into()),
            rejected_indexes: Some(vec![3, 1]),
            body_contains: Some(json!({"RejectedRecords": [{"RecordIndex": 1, "ExistingVersion": 2}]})),
        };
        assert!(e.mismatches(&rejected, &body).is_empty(), "{error}");
    }
    // Ordered subsequence of array elements.
    let list = json!({"Databases": [{"DatabaseName": "a"}, {"DatabaseName": "b"}, {"DatabaseName": "c"}]});
    assert!(body_contains(&json!({"Databases": [{"DatabaseName": "a"}, {"DatabaseName": "c"}]}), &list).is_ok());
    assert!(body_contains(&json!({"Databases": [{"DatabaseName": "c"}, {"DatabaseName": "a"}]}), &list).is_err());
}

#[test]
fn expectations_fail_with_explanations() {
    let conflict_body = json!({"__type": "com.amazonaws.timestream.v20181101#ConflictException", "message": "Database db already exists."});
    let conflict = wire(409, Some("ConflictException"), conflict_body.clone());
    let e = Expect { status: Some(200), body_contains: Some(json!({"Database": {"DatabaseName": "db"}})), ..Default::default() };
    let misses = e.mismatches(&conflict, &conflict_body);
    assert_eq!(misses.len(), 2, "{misses:?}");
    assert_eq!(misses[0], "status: expected 200, got 409 ConflictException: Database db already exists.");
    assert!(misses[1].starts_with("bodyContains: Database is missing"), "{}", misses[1]);

    let e = Expect { error: Some("ResourceNotFoundException".into()), ..Default::default() };
    assert_eq!(
        e.mismatches(&conflict, &conflict_body),
        vec!["error: expected ResourceNotFoundException, got 409 ConflictException: Database db already exists."]
    );
    let ok = wire(200, None, json!({"RecordsIngested": {"Total": 1}}));
    assert_eq!(e.mismatches(&ok, &ok.json()), vec!["error: expected ResourceNotFoundException, but the request succeeded (200)"]);

    let e = Expect { rejected_indexes: Some(vec![0]), ..Default::default() };
    assert_eq!(e.mismatches(&ok, &ok.json()), vec!["rejectedIndexes: expected records [0] to be rejected, got 200 (success)"]);
    let body = json!({"RejectedRecords": [{"RecordIndex": 1, "Reason": "too old"}]});
    let rejected = wire(419, Some("RejectedRecordsException"), body.clone());
    assert_eq!(e.mismatches(&rejected, &body), vec!["rejectedIndexes: expected [0], got [1] (record 1: too old)"]);

    let e = Expect { body_contains: Some(json!({"RecordsIngested": {"Total": 2}})), ..Default::default() };
    assert_eq!(e.mismatches(&ok, &ok.json()), vec!["bodyContains: RecordsIngested.Total: expected 2, got 1"]);
}

#[test]
fn failed_expectation_shows_in_the_outcome() {
    // The clock and the request are checked, never the engine's answer, which is still changing:
    // an impossible expectation must fail whatever the engine answers.
    let scenario =
        Scenario::parse(&json!({"steps": [{"operation": "DescribeEndpoints", "expect": {"status": 200, "error": "ThrottlingException"}}]}).to_string());
    assert!(scenario.is_err());
    let scenario =
        Scenario::parse(&json!({"steps": [{"operation": "DescribeEndpoints", "expect": {"bodyContains": {"NoSuchMember": 1}}}]}).to_string()).unwrap();
    let mut run = ScenarioRun::new(Engine::default(), scenario);
    let out = run.step().unwrap();
    assert!(!out.met());
    match &out.verdict {
        Verdict::Failed(why) => assert!(why[0].starts_with("bodyContains: NoSuchMember is missing"), "{why:?}"),
        other => panic!("unexpected verdict {other:?}"),
    }
    assert!(run.into_engine().now() > 0);
}

#[test]
fn put_object_and_run_batch_loads_steps_parse_and_read_back() {
    let s = Scenario::parse(
        &json!({"steps": [
            {"putObject": {"bucket": "b", "key": "k.csv", "body": "time\n{{now}}\n"}, "note": "n", "expect": {"status": 200}},
            {"runBatchLoads": true, "advanceClock": "+1m"},
            {"operation": "DescribeBatchLoadTask", "request": {"TaskId": "{{last.TaskId}}"}}
        ]})
        .to_string(),
    )
    .unwrap();
    assert_eq!(s.steps[0].action, StepAction::PutObject { bucket: "b".into(), key: "k.csv".into(), body: "time\n{{now}}\n".into() });
    assert_eq!((s.steps[0].label(), s.steps[0].operation()), ("putObject", None));
    assert_eq!(s.steps[1].action, StepAction::RunBatchLoads);
    assert_eq!(s.steps[1].label(), "runBatchLoads");
    assert_eq!(Scenario::parse(&s.to_json().to_string()).unwrap(), s);
}

#[test]
fn bad_put_object_and_run_batch_loads_steps_are_named() {
    let e = parse_err(json!({"steps": [{"operation": "ListTables", "runBatchLoads": true}]}));
    assert_eq!(e, "steps[0]: give only one of operation, putObject, runBatchLoads");
    assert_eq!(parse_err(json!({"steps": [{"runBatchLoads": 1}]})), "steps[0].runBatchLoads: expected true, got 1");
    assert!(parse_err(json!({"steps": [{"runBatchLoads": true, "request": {}}]})).starts_with("steps[0].request: a runBatchLoads step has no request"));
    assert!(
        parse_err(json!({"steps": [{"putObject": {"bucket": "b", "key": "k", "body": ""}, "request": {}}]})).starts_with("steps[0].request: a putObject step")
    );
    assert_eq!(parse_err(json!({"steps": [{"putObject": {"key": "k", "body": ""}}]})), "steps[0].putObject.bucket: missing (the S3 bucket name)");
    assert_eq!(parse_err(json!({"steps": [{"putObject": {"bucket": "", "key": "k", "body": ""}}]})), "steps[0].putObject.bucket: must not be empty");
    assert_eq!(
        parse_err(json!({"steps": [{"putObject": {"bucket": "b", "key": "k", "body": 5}}]})),
        "steps[0].putObject.body: expected a string, got a number"
    );
    assert!(
        parse_err(json!({"steps": [{"putObject": {"bucket": "b", "key": "k", "body": "", "size": 1}}]})).starts_with("steps[0].putObject.size: unknown field")
    );
    assert!(parse_err(json!({"steps": [{"putObject": []}]})).starts_with("steps[0].putObject: expected a JSON object"));
    let e = parse_err(json!({"steps": [{"putObject": {"bucket": "b", "key": "k", "body": "{{now-2x}}"}}]}));
    assert!(e.starts_with("steps[0].putObject.body: in placeholder \"{{now-2x}}\""), "{e}");
    let e = parse_err(json!({"steps": [{"operation": "DescribeBatchLoadTask", "request": {"TaskId": "{{last.}}"}}]}));
    assert!(e.starts_with("steps[0].request.TaskId: placeholder \"{{last.}}\": expected a member name"), "{e}");
}

#[test]
fn last_placeholders_take_the_latest_response_member() {
    let mut last = Last::default();
    assert_eq!(substitute_with("id {{last.TaskId}}", 0, &last).unwrap(), "id {{last.TaskId}}");
    last.remember(&json!({"TaskId": "A1", "Count": 3, "message": "m"}));
    last.remember(&json!({"Other": "x"}));
    assert_eq!(substitute_with("id {{ last.TaskId }} at {{now}}", 5 * NANOS_PER_MILLI, &last).unwrap(), "id A1 at 5");
    assert_eq!(substitute_with("{{last.Count}}{{last.message}}", 0, &last).unwrap(), "{{last.Count}}{{last.message}}");
    last.remember(&json!({"TaskId": "B2"}));
    assert_eq!(last.get("TaskId"), Some("B2"));
}

#[test]
fn a_batch_load_runs_from_put_object_to_its_report() {
    let scenario = Scenario::parse(
        &json!({"clock": {"start": JAN_1_2024_MS}, "steps": [
            {"operation": "CreateDatabase", "request": {"DatabaseName": "dbx"}},
            {"operation": "CreateTable", "request": {"DatabaseName": "dbx", "TableName": "tbl"}},
            {"putObject": {"bucket": "bkt", "key": "in.csv", "body": "t,h,v\n{{now-1m}},a,1\n{{now-1m}},b,x\n"}},
            {"operation": "CreateBatchLoadTask", "request": {"TargetDatabaseName": "dbx", "TargetTableName": "tbl",
                "DataSourceConfiguration": {"DataSourceS3Configuration": {"BucketName": "bkt"}, "DataFormat": "CSV"},
                "DataModelConfiguration": {"DataModel": {"TimeColumn": "t", "DimensionMappings": [{"SourceColumn": "h"}],
                    "MultiMeasureMappings": {"TargetMultiMeasureName": "m", "MultiMeasureAttributeMappings": [{"SourceColumn": "v", "MeasureValueType": "BIGINT"}]}}},
                "ReportConfiguration": {"ReportS3Configuration": {"BucketName": "bkt", "ObjectKeyPrefix": "rp"}}}},
            {"runBatchLoads": true},
            {"operation": "DescribeBatchLoadTask", "request": {"TaskId": "{{last.TaskId}}"}}
        ]})
        .to_string(),
    )
    .unwrap();
    let mut engine = Engine::default();
    let out = ScenarioRun::new(&mut engine, scenario).run_to_end();
    assert_eq!(out[2].body, json!({"Bucket": "bkt", "Key": "in.csv", "Size": 42}));
    assert_eq!(out[2].request["body"], json!(format!("t,h,v\n{0},a,1\n{0},b,x\n", JAN_1_2024_MS - 60_000)));
    let task_id = out[3].body["TaskId"].as_str().unwrap_or_else(|| panic!("{}", out[3].body)).to_string();
    assert_eq!(engine.get_object("bkt", "in.csv").map(<[u8]>::len), Some(42));
    let finished = &out[4].body["TasksFinished"][0];
    assert_eq!((out[4].label, out[4].response.status), ("runBatchLoads", 200));
    assert_eq!(finished["TaskId"], json!(task_id));
    assert_eq!(finished["TaskStatus"], json!("FAILED"));
    assert_eq!(finished["ErrorReport"]["fileErrors"][0]["errors"][0]["lineRanges"], json!([[3, 3]]));
    assert_eq!(out[4].body["RowsRead"], json!(2));
    assert_eq!(out[5].request["TaskId"], json!(task_id));
    assert_eq!(out[5].body["BatchLoadTaskDescription"]["TaskStatus"], json!("FAILED"));
}

#[test]
fn every_example_meets_every_expectation() {
    let mut ids = std::collections::HashSet::new();
    for ex in examples::EXAMPLES {
        assert!(ids.insert(ex.id), "duplicate id {}", ex.id);
        assert_eq!(examples::find(ex.id), Some(ex));
        let scenario = ex.scenario().unwrap_or_else(|e| panic!("{}: {e}", ex.id));
        assert_eq!(scenario.title, ex.title, "{}", ex.id);
        assert!(!scenario.description.is_empty() && scenario.steps.len() >= 3, "{}", ex.id);
        for (i, step) in scenario.steps.iter().enumerate() {
            assert!(step.note.as_deref().is_some_and(|n| n.len() > 20), "{} step {}: a note teaches each step", ex.id, i + 1);
            assert!(step.expect.is_some(), "{} step {}: every step checks itself", ex.id, i + 1);
        }
        let outcomes = ScenarioRun::new(Engine::default(), scenario.clone()).run_to_end();
        assert_eq!(outcomes.len(), scenario.steps.len());
        for o in &outcomes {
            assert_eq!(o.verdict, Verdict::Met, "{} step {} ({}): {}", ex.id, o.index + 1, o.label, o.short_body(600));
        }
        // Placeholders make the scenario work at any clock: moved by years, every status, error
        // and rejected record is the same (bodies may quote times, so they are not compared).
        let mut moved = scenario.clone();
        moved.clock_start = moved.clock_start.map(|t| t + 2_345 * 24 * NANOS_PER_HOUR + 7 * NANOS_PER_MINUTE);
        for step in &mut moved.steps {
            if let Some(e) = &mut step.expect {
                e.body_contains = None;
            }
        }
        for o in ScenarioRun::new(Engine::default(), moved).run_to_end() {
            assert_eq!(o.verdict, Verdict::Met, "{} at another clock, step {}", ex.id, o.index + 1);
        }
    }
    assert!(examples::find("no-such-example").is_none());
}

#[test]
fn a_broken_example_would_fail_the_check() {
    // The check above can fail: the version ladder with its lower-version step expected to pass.
    let mut s = examples::find("version-ladder").unwrap().scenario().unwrap();
    let last = s.steps.last_mut().unwrap();
    last.expect = Some(Expect { status: Some(200), ..Default::default() });
    let out = ScenarioRun::new(Engine::default(), s).run_to_end();
    assert!(matches!(&out.last().unwrap().verdict, Verdict::Failed(why) if why[0].starts_with("status: expected 200, got 419")));
}
