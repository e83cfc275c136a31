use serde_json::json;

use super::*;
use crate::clock::{NANOS_PER_HOUR, NANOS_PER_MILLI};
use crate::Engine;

const NOW: i64 = 1_704_067_200_000 * NANOS_PER_MILLI;

fn session() -> Session {
    Session::new(Engine::deterministic(NOW, 7))
}

fn handle(s: &mut Session, op: &str, body: serde_json::Value) -> WireReply {
    match s.answer(Request::Handle { target: format!("Timestream_20181101.{op}"), body: body.to_string() }) {
        Reply::Response(w) => w,
        other => panic!("{other:?}"),
    }
}

/// A session with tsdb.tbl and one record written twice (versions 1, 2) and rejected once.
fn with_record() -> Session {
    let mut s = session();
    handle(&mut s, "CreateDatabase", json!({"DatabaseName": "tsdb"}));
    handle(&mut s, "CreateTable", json!({"DatabaseName": "tsdb", "TableName": "tbl"}));
    for (v, val) in [(1, "1"), (2, "2")] {
        let w = handle(&mut s, "WriteRecords", write(v, val));
        assert_eq!(w.status, 200, "{}", w.body);
    }
    s
}

fn write(version: i64, value: &str) -> serde_json::Value {
    json!({"DatabaseName": "tsdb", "TableName": "tbl", "Records": [{
        "Dimensions": [{"Name": "h", "Value": "a"}], "MeasureName": "cpu", "MeasureValue": value,
        "Time": (NOW / NANOS_PER_MILLI).to_string(), "Version": version}]})
}

#[test]
fn messages_are_tagged_camel_case_json_both_ways() {
    let req: Request = serde_json::from_value(json!({"type": "seriesPage", "database": "d", "table": "t", "offset": 0, "limit": 5})).unwrap();
    assert_eq!(req, Request::SeriesPage { database: "d".into(), table: "t".into(), offset: 0, limit: 5 });
    let stop = serde_json::to_value(Request::StopBatchLoad { task_id: "x".into() }).unwrap();
    assert_eq!(stop, json!({"type": "stopBatchLoad", "taskId": "x"}));
    // A JSON client sends an object's bytes as text.
    let put: Request = serde_json::from_value(json!({"type": "putObject", "bucket": "b", "key": "k.csv", "data": "a,b\n"})).unwrap();
    assert_eq!(put, Request::PutObject { bucket: "b".into(), key: "k.csv".into(), data: b"a,b\n".to_vec() });
    let reply = serde_json::to_value(Reply::Error { message: "m".into() }).unwrap();
    assert_eq!(reply, json!({"error": {"message": "m"}}));
    assert_eq!(serde_json::to_value(Reply::Done).unwrap(), json!("done"));
    // Every reply reads back as written.
    let mut s = with_record();
    for r in [Request::Tables, Request::Clock, Request::BatchTasks, Request::GetObject { bucket: "b".into(), key: "k".into(), max_bytes: None }] {
        let reply = s.answer(r);
        let back: Reply = serde_json::from_value(serde_json::to_value(&reply).unwrap()).unwrap();
        assert_eq!(back, reply);
    }
}

#[test]
fn handle_answers_like_the_wire_and_names_what_a_rejection_hit() {
    let mut s = with_record();
    let w = handle(&mut s, "WriteRecords", write(1, "3"));
    assert_eq!((w.status, w.error_type.as_deref()), (419, Some("RejectedRecordsException")));
    assert_eq!(w.stored.len(), 1);
    assert_eq!(w.stored[0].as_ref().map(|r| r.version), Some(2));
    // Other answers carry no stored records.
    let ok = handle(&mut s, "DescribeTable", json!({"DatabaseName": "tsdb", "TableName": "tbl"}));
    assert!(ok.stored.is_empty() && ok.body.contains("\"TableName\":\"tbl\""));
    let bad = handle(&mut s, "Nope", json!({}));
    assert_eq!(bad.error_type.as_deref(), Some("UnknownOperationException"));
}

#[test]
fn diagnose_changes_nothing() {
    let mut s = with_record();
    let rev = s.revision();
    let Reply::Diagnostics { diagnostics } = s.answer(Request::Diagnose { operation: Operation::CreateTable, body: "{\"DatabaseName\": 1}".into() }) else {
        panic!()
    };
    assert!(!diagnostics.is_empty());
    assert_eq!(s.revision(), rev, "a query is no change");
}

#[test]
fn inspector_queries_walk_tables_series_records_and_history() {
    let mut s = with_record();
    handle(&mut s, "CreateDatabase", json!({"DatabaseName": "empty"}));
    let Reply::Tables { databases, tables } = s.answer(Request::Tables) else { panic!() };
    assert_eq!(databases, ["empty", "tsdb"]);
    assert_eq!((tables.len(), tables[0].records), (1, 1));
    let Reply::Table { table, tags } = s.answer(Request::Table { database: "tsdb".into(), table: "tbl".into() }) else { panic!() };
    assert_eq!((table.table_name.as_str(), tags.len()), ("tbl", 0));
    let Reply::Series { series } = s.answer(Request::SeriesPage { database: "tsdb".into(), table: "tbl".into(), offset: 0, limit: 10 }) else { panic!() };
    let id = series[0].id;
    let Reply::Records { records } = s.answer(Request::RecordsPage { database: "tsdb".into(), table: "tbl".into(), series: id, offset: 0, limit: 10 }) else {
        panic!()
    };
    assert_eq!(records[0].version, 2);
    let Reply::History { attempts } = s.answer(Request::RecordHistory { database: "tsdb".into(), table: "tbl".into(), record: records[0].id }) else {
        panic!()
    };
    assert_eq!(attempts.len(), 2);
    for missing in [
        Request::Table { database: "tsdb".into(), table: "nope".into() },
        Request::SeriesPage { database: "tsdb".into(), table: "nope".into(), offset: 0, limit: 1 },
        Request::RecordHistory { database: "nope".into(), table: "t".into(), record: 0 },
    ] {
        assert!(matches!(s.answer(missing), Reply::Error { .. }));
    }
}

#[test]
fn clock_is_read_set_advanced_and_given_back() {
    let mut s = with_record();
    let Reply::Clock { now, windows, .. } = s.answer(Request::AdvanceClock { by: NANOS_PER_HOUR }) else { panic!() };
    assert_eq!(now, NOW + NANOS_PER_HOUR);
    assert_eq!(windows[0].window.memory_start, now - 6 * NANOS_PER_HOUR - crate::write::PAST_SLACK);
    // The table's one record (written twice) is plotted at its own time.
    assert_eq!((windows[0].records, windows[0].times.clone()), (1, vec![NOW]));
    let Reply::Clock { now, mode, .. } = s.answer(Request::SetClock { now: 5 }) else { panic!() };
    assert_eq!((now, mode), (5, crate::ClockMode::Virtual { now: 5 }));
    let Reply::Clock { mode, .. } = s.answer(Request::SystemClock) else { panic!() };
    assert_eq!(mode, crate::ClockMode::System);
}

#[test]
fn snapshots_go_out_and_back_and_a_bad_one_changes_nothing() {
    let mut s = with_record();
    let Reply::Snapshot { snapshot, empty } = s.answer(Request::ExportSnapshot { max_bytes: None }) else { panic!() };
    assert!(!empty);
    assert_eq!(s.answer(Request::Reset { clock: Some(NOW) }), Reply::Done);
    let Reply::Tables { databases, .. } = s.answer(Request::Tables) else { panic!() };
    assert!(databases.is_empty());
    assert!(matches!(s.answer(Request::ImportSnapshot { snapshot: "{}".into() }), Reply::Error { .. }));
    assert_eq!(s.answer(Request::ImportSnapshot { snapshot: snapshot.clone() }), Reply::Done);
    let Reply::Snapshot { snapshot: again, .. } = s.answer(Request::ExportSnapshot { max_bytes: None }) else { panic!() };
    assert_eq!(again, snapshot);
    // Bounded (autosave): exactly as long passes, a byte less is refused without a document.
    let mut at = |max| s.answer(Request::ExportSnapshot { max_bytes: Some(max) });
    assert_eq!(at(snapshot.len()), Reply::Snapshot { snapshot: snapshot.clone(), empty: false });
    let Reply::Error { message } = at(snapshot.len() - 1) else { panic!("a longer snapshot than asked for") };
    assert!(message.contains("larger than"), "{message}");
    // A JSON client may leave the bound out.
    let asked: Request = serde_json::from_str(r#"{"type": "exportSnapshot"}"#).unwrap();
    assert_eq!(asked, Request::ExportSnapshot { max_bytes: None });
}

const CSV: &str = "time,host,cpu\n1704067100000,h1,1.5\n1704067100000,h2,oops\n";

fn batch_body() -> String {
    json!({
        "TargetDatabaseName": "tsdb", "TargetTableName": "tbl",
        "DataSourceConfiguration": {"DataSourceS3Configuration": {"BucketName": "src", "ObjectKeyPrefix": "a.csv"}, "DataFormat": "CSV"},
        "DataModelConfiguration": {"DataModel": {"TimeColumn": "time", "TimeUnit": "MILLISECONDS", "DimensionMappings": [{"SourceColumn": "host"}],
            "MultiMeasureMappings": {"TargetMultiMeasureName": "m", "MultiMeasureAttributeMappings": [{"SourceColumn": "cpu", "MeasureValueType": "DOUBLE"}]}}},
        "ReportConfiguration": {"ReportS3Configuration": {"BucketName": "src", "ObjectKeyPrefix": "reports"}}
    })
    .to_string()
}

#[test]
fn objects_are_stored_listed_read_and_deleted() {
    let mut s = session();
    assert_eq!(s.answer(Request::CreateBucket { bucket: "src".into() }), Reply::Done);
    assert!(matches!(s.answer(Request::CreateBucket { bucket: "src".into() }), Reply::Error { .. }));
    s.answer(Request::PutObject { bucket: "src".into(), key: "a.csv".into(), data: CSV.into() });
    let Reply::Buckets { buckets } = s.answer(Request::Buckets) else { panic!() };
    assert_eq!(buckets.len(), 1);
    let Reply::Objects { objects } = s.answer(Request::Objects { bucket: "src".into(), prefix: None }) else { panic!() };
    assert_eq!(objects[0].size, CSV.len() as u64);
    let Reply::Object { size, data } = s.answer(Request::GetObject { bucket: "src".into(), key: "a.csv".into(), max_bytes: Some(4) }) else { panic!() };
    assert_eq!((size, data.as_slice()), (Some(CSV.len() as u64), &b"time"[..]));
    let Reply::Object { size, .. } = s.answer(Request::GetObject { bucket: "src".into(), key: "nope".into(), max_bytes: None }) else { panic!() };
    assert_eq!(size, None);
    let Reply::DataModel { model } = s.answer(Request::SuggestDataModel { bucket: "src".into(), key: "a.csv".into(), csv: None }) else { panic!() };
    assert_eq!(model.time_column.as_deref(), Some("time"));
    // The batch editor's refill: the draft's model replaced by the suggested one.
    let draft = batch_body().replace("\"TimeColumn\":\"time\"", "\"TimeColumn\":\"old\"");
    let Reply::Draft { text } = s.answer(Request::RefillDataModel { draft }) else { panic!() };
    let refilled: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(refilled["DataModelConfiguration"]["DataModel"]["TimeColumn"], "time", "{text}");
    assert_eq!(refilled["TargetTableName"], "tbl");
    let elsewhere = batch_body().replace("\"a.csv\"", "\"none/\"");
    let Reply::Error { message } = s.answer(Request::RefillDataModel { draft: elsewhere }) else { panic!() };
    assert_eq!(message, "No objects under s3://src/none/.");
    assert!(matches!(s.answer(Request::RefillDataModel { draft: "{".into() }), Reply::Error { .. }));
    let lines = |ranges: Vec<[u64; 2]>, max| Request::ObjectLines { bucket: "src".into(), key: "a.csv".into(), ranges, max, max_bytes: 6 };
    let Reply::Lines { lines: picked } = s.answer(lines(vec![[1, 1], [3, 9]], 10)) else { panic!() };
    assert_eq!(picked, [(1, "time,h".to_string()), (3, "170406".to_string()), (4, String::new())]);
    let Reply::Lines { lines: picked } = s.answer(lines(vec![[2, 3]], 1)) else { panic!() };
    assert_eq!(picked.len(), 1);
    assert_eq!(s.answer(Request::DeleteObject { bucket: "src".into(), key: "a.csv".into() }), Reply::Done);
    assert!(matches!(s.answer(Request::DeleteObject { bucket: "src".into(), key: "a.csv".into() }), Reply::Error { .. }));
    assert_eq!(s.answer(Request::DeleteBucket { bucket: "src".into() }), Reply::Done);
}

#[test]
fn batch_loads_step_in_slices_stop_and_resume() {
    let mut s = with_record();
    s.answer(Request::PutObject { bucket: "src".into(), key: "a.csv".into(), data: CSV.into() });
    let Reply::Preview { preview } = s.answer(Request::PreviewBatchLoad { body: batch_body(), rows: 10 }) else { panic!() };
    assert_eq!(preview.rows.len(), 2);
    assert!(matches!(preview.rows[1].outcome, crate::batch::RowOutcome::ParseFailure(_) | crate::batch::RowOutcome::IngestionFailure(_)));
    let w = handle(&mut s, "CreateBatchLoadTask", serde_json::from_str(&batch_body()).unwrap());
    assert_eq!(w.status, 200, "{}", w.body);
    let id = serde_json::from_str::<serde_json::Value>(&w.body).unwrap()["TaskId"].as_str().unwrap().to_string();

    // Stopped before it runs: no step has work until it is resumed.
    assert_eq!(s.answer(Request::StopBatchLoad { task_id: id.clone() }), Reply::Done);
    assert!(!s.busy() && s.step(1).is_none());
    handle(&mut s, "ResumeBatchLoadTask", json!({"TaskId": id}));
    // Auto-run off (a guided example): the session holds the task.
    s.answer(Request::AutoRun { on: false });
    assert!(s.step(1).is_none());
    s.answer(Request::AutoRun { on: true });
    let rev = s.revision();
    let mut slices = 0;
    while let Some(p) = s.step(1) {
        slices += 1;
        assert!(p.rows <= 1);
        if p.active == 0 {
            assert_eq!(p.finished, std::slice::from_ref(&id));
        }
    }
    assert!(slices >= 2, "one row per slice: {slices}");
    assert!(s.revision() > rev);
    let Reply::Tasks { tasks } = s.answer(Request::BatchTasks) else { panic!() };
    assert_eq!((tasks[0].task.status, tasks[0].done, tasks[0].total), (crate::batch::TaskStatus::Failed, CSV.len() as u64, CSV.len() as u64));
    assert!(matches!(s.answer(Request::StopBatchLoad { task_id: "nope".into() }), Reply::Error { .. }));

    // The error report, typed: the failing row's reason and line.
    let Reply::ErrorReport { report: Some(report) } = s.answer(Request::ErrorReport { task_id: id.clone() }) else { panic!("a report") };
    assert_eq!((report.task_id.as_str(), report.file_errors[0].file_name.as_str()), (id.as_str(), "a.csv"));
    assert_eq!(report.file_errors[0].errors[0].line_ranges, [[3, 3]], "{report:?}");
    assert_eq!(s.answer(Request::ErrorReport { task_id: "nope".into() }), Reply::ErrorReport { report: None });
}

#[test]
fn example_steps_run_in_the_session() {
    let mut s = session();
    let example = "batch-load-mapping";
    let start = crate::scenario::examples::find(example).unwrap().scenario().unwrap();
    s.answer(Request::Reset { clock: start.clock_start });
    let mut last = serde_json::Map::new();
    for index in 0..start.steps.len() {
        let Reply::Response(w) = s.answer(Request::PerformStep { example: example.into(), index, move_clock: true, last: last.clone() }) else { panic!() };
        assert_eq!(w.status, 200, "step {index}: {}", w.body);
        let mut l = crate::scenario::Last(last);
        l.remember(&serde_json::from_str(&w.body).unwrap_or_default());
        last = l.0;
    }
    let Reply::Tasks { tasks } = s.answer(Request::BatchTasks) else { panic!() };
    assert_eq!(tasks.len(), 1);
    assert!(matches!(s.answer(Request::PerformStep { example: "nope".into(), index: 0, move_clock: false, last: Default::default() }), Reply::Error { .. }));
    assert!(matches!(s.answer(Request::MoveClock { example: example.into(), index: 99 }), Reply::Error { .. }));
}

#[test]
fn only_changes_move_the_revision() {
    let mut s = session();
    for q in [Request::Tables, Request::Clock, Request::Buckets, Request::BatchTasks, Request::ExportSnapshot { max_bytes: None }] {
        s.answer(q);
    }
    assert_eq!(s.revision(), 0);
    // A virtual clock is something to save; a fresh engine is not.
    assert!(matches!(s.answer(Request::ExportSnapshot { max_bytes: None }), Reply::Snapshot { empty: false, .. }));
    assert!(matches!(Session::new(Engine::default()).answer(Request::ExportSnapshot { max_bytes: None }), Reply::Snapshot { empty: true, .. }));
    s.answer(Request::AdvanceClock { by: 1 });
    assert_eq!(s.revision(), 1);
}

#[test]
fn seeded_ids_differ_by_seed_and_repeat_for_the_same_seed() {
    let first_id = |seed: Option<u64>| {
        let mut s = session();
        if let Some(seed) = seed {
            assert_eq!(s.answer(Request::SeedIds { seed }), Reply::Done);
        }
        handle(&mut s, "DescribeEndpoints", serde_json::json!({})).request_id
    };
    assert_ne!(first_id(Some(1)), first_id(Some(2)));
    assert_ne!(first_id(Some(1)), first_id(None));
    assert_eq!(first_id(Some(7)), first_id(Some(7)));
    assert!(Request::SeedIds { seed: 1 }.changes());
}

#[test]
fn batch_pace_is_kept_and_zero_means_full_speed() {
    let mut s = session();
    assert_eq!(s.pace(), None);
    assert_eq!(s.answer(Request::BatchPace { rows_per_second: Some(100) }), Reply::Done);
    assert_eq!(s.pace(), Some(100));
    s.answer(Request::BatchPace { rows_per_second: Some(0) });
    assert_eq!(s.pace(), None);
    let json = serde_json::to_value(Request::BatchPace { rows_per_second: Some(10) }).unwrap();
    assert_eq!(json, json!({"type": "batchPace", "rowsPerSecond": 10}));
}

#[test]
fn the_clock_samples_at_most_clock_times_record_times() {
    let mut s = session();
    handle(&mut s, "CreateDatabase", json!({"DatabaseName": "dbx"}));
    handle(&mut s, "CreateTable", json!({"DatabaseName": "dbx", "TableName": "tbx"}));
    for batch in 0..5 {
        let records: Vec<_> = (0..100)
            .map(|i| json!({"Dimensions": [{"Name": "h", "Value": format!("{batch}-{i}")}], "MeasureName": "m", "MeasureValue": "1", "Time": (NOW / NANOS_PER_MILLI - i).to_string()}))
            .collect();
        let w = handle(&mut s, "WriteRecords", json!({"DatabaseName": "dbx", "TableName": "tbx", "Records": records}));
        assert_eq!(w.status, 200, "{}", w.body);
    }
    let Reply::Clock { windows, .. } = s.answer(Request::Clock) else { panic!() };
    assert_eq!(windows[0].records, 500);
    assert!(windows[0].times.len() <= CLOCK_TIMES && windows[0].times.len() >= CLOCK_TIMES / 2, "{}", windows[0].times.len());
    assert!(windows[0].times.iter().all(|&t| t <= NOW && t > NOW - 100 * NANOS_PER_MILLI));
}

/// The page diagnoses small bodies itself (`diagnose_stateless`): for every operation it answers
/// for, its answer is a session's, whatever that session holds.
#[test]
fn stateless_diagnosis_is_any_sessions_answer() {
    let (mut empty, mut full) = (session(), with_record());
    let many: Vec<serde_json::Value> = (0..101).map(|i| json!({"Dimensions": [{"Name": "h", "Value": format!("h{i}")}], "MeasureName": "m", "MeasureValue": "1", "MeasureValueType": if i == 7 { "DOUBLEX" } else { "DOUBLE" }, "Time": (NOW / NANOS_PER_MILLI).to_string()})).collect();
    let bodies = [
        String::new(),
        "{}".into(),
        "not json".into(),
        json!({"DatabaseName": "tsdb"}).to_string(),
        json!({"DatabaseName": "tsdb", "TableName": "tbl"}).to_string(),
        json!({"DatabaseName": "nope", "TableName": 5, "Tags": [{"Key": ""}]}).to_string(),
        write(3, "3").to_string(),
        json!({"DatabaseName": "tsdb", "TableName": "tbl", "Records": many}).to_string(),
        batch_body(),
    ];
    let mut answered = 0;
    for op in Operation::ALL.iter().copied() {
        for body in &bodies {
            let Some(here) = diagnose_stateless(op, body) else {
                assert_eq!(op, Operation::CreateBatchLoadTask);
                continue;
            };
            for s in [&mut empty, &mut full] {
                let Reply::Diagnostics { diagnostics } = s.answer(Request::Diagnose { operation: op, body: body.clone() }) else { panic!() };
                assert_eq!(here, diagnostics, "{op:?} {body}");
            }
            answered += 1;
        }
    }
    assert_eq!(answered, (Operation::ALL.len() - 1) * bodies.len());
}

/// Each reply's tag: a new reply does not compile here until it is given one, to be listed in
/// `REPLY_TAGS` and met by the test below.
fn reply_tag(r: &Reply) -> &'static str {
    use Reply::*;
    match r {
        Response(_) => "response",
        Diagnostics { .. } => "diagnostics",
        Tables { .. } => "tables",
        Table { .. } => "table",
        Series { .. } => "series",
        Records { .. } => "records",
        History { .. } => "history",
        Clock { .. } => "clock",
        Snapshot { .. } => "snapshot",
        Buckets { .. } => "buckets",
        Objects { .. } => "objects",
        Object { .. } => "object",
        Lines { .. } => "lines",
        DataModel { .. } => "dataModel",
        Draft { .. } => "draft",
        Preview { .. } => "preview",
        Tasks { .. } => "tasks",
        ErrorReport { .. } => "errorReport",
        Done => "done",
        Error { .. } => "error",
    }
}

/// Every reply, as a session answers it with something in it (a table with a record rejected
/// once, an object, a failed batch load with its report), reads back as written: from a JSON
/// value (the playground's threads) and from JSON text (a JSON client).
#[test]
fn every_reply_reads_back_as_written() {
    let mut s = with_record();
    let rejected = handle(&mut s, "WriteRecords", write(1, "9"));
    assert!(!rejected.stored.is_empty(), "{}", rejected.body);
    s.answer(Request::PutObject { bucket: "src".into(), key: "a.csv".into(), data: CSV.into() });
    handle(&mut s, "CreateBatchLoadTask", serde_json::from_str(&batch_body()).unwrap());
    while s.step(1024).is_some() {}
    let Reply::Tasks { tasks } = s.answer(Request::BatchTasks) else { panic!() };
    let task_id = tasks[0].task.id.clone();
    let (database, tbl) = ("tsdb".to_string(), "tbl".to_string());
    let asked = [
        Request::Handle { target: "Timestream_20181101.WriteRecords".into(), body: write(1, "9").to_string() },
        Request::Diagnose { operation: Operation::WriteRecords, body: json!({"DatabaseName": ""}).to_string() },
        Request::Tables,
        Request::Table { database: database.clone(), table: tbl.clone() },
        Request::SeriesPage { database: database.clone(), table: tbl.clone(), offset: 0, limit: 10 },
        Request::RecordsPage { database: database.clone(), table: tbl.clone(), series: 0, offset: 0, limit: 10 },
        Request::RecordHistory { database: database.clone(), table: tbl.clone(), record: 0 },
        Request::Clock,
        Request::ExportSnapshot { max_bytes: None },
        Request::Buckets,
        Request::Objects { bucket: "src".into(), prefix: None },
        Request::GetObject { bucket: "src".into(), key: "a.csv".into(), max_bytes: None },
        Request::ObjectLines { bucket: "src".into(), key: "a.csv".into(), ranges: vec![[1, 3]], max: 5, max_bytes: 50 },
        Request::SuggestDataModel { bucket: "src".into(), key: "a.csv".into(), csv: None },
        Request::RefillDataModel { draft: batch_body() },
        Request::PreviewBatchLoad { body: batch_body(), rows: 5 },
        Request::BatchTasks,
        Request::ErrorReport { task_id },
        Request::CreateBucket { bucket: "other".into() },
        Request::Table { database: "nope".into(), table: tbl },
    ];
    let mut met = std::collections::BTreeSet::new();
    for request in asked {
        // The request as the worker reads it, written by the page's writer.
        let written: serde_json::Value = serde_json::from_slice(&crate::json_bytes(&request).unwrap()).unwrap();
        assert_eq!(crate::from_value::<Request>(written).unwrap(), request);
        let reply = s.answer(request.clone());
        met.insert(reply_tag(&reply));
        let value = serde_json::to_value(&reply).unwrap();
        let back: Reply = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{request:?}: {e}\n{value}"));
        assert_eq!(back, reply, "{request:?}");
        // And as the playground reads it (structs from objects only).
        assert_eq!(crate::from_value::<Reply>(value.clone()).unwrap(), reply, "{request:?}");
        let text = serde_json::to_string(&reply).unwrap();
        assert_eq!(serde_json::from_str::<Reply>(&text).unwrap(), reply, "{request:?}");
        // The tag is the one the reader lists.
        assert!(value.as_str().or_else(|| value.as_object().and_then(|o| o.keys().next().map(String::as_str))) == Some(reply_tag(&reply)));
    }
    let every: std::collections::BTreeSet<_> = REPLY_TAGS.iter().copied().collect();
    assert_eq!(met, every, "every reply is met");
}

/// The replies' tags.
const REPLY_TAGS: &[&str] = &[
    "response",
    "diagnostics",
    "tables",
    "table",
    "series",
    "records",
    "history",
    "clock",
    "snapshot",
    "buckets",
    "objects",
    "object",
    "lines",
    "dataModel",
    "draft",
    "preview",
    "tasks",
    "errorReport",
    "done",
    "error",
];

/// A long Diagnostics answer goes in parts that read back, as JSON, into the whole answer;
/// anything else goes as it is.
#[test]
fn long_diagnostics_go_in_parts_and_join_back() {
    let mut s = session();
    // Every record breaks rules: 2,501 records.
    let records: Vec<_> = (0..2501).map(|i| json!({"MeasureName": "", "MeasureValue": "x", "Time": format!("{i}")})).collect();
    let body = json!({"DatabaseName": "", "TableName": "t", "Records": records}).to_string();
    let Reply::Diagnostics { diagnostics } = s.answer(Request::Diagnose { operation: Operation::WriteRecords, body }) else { panic!() };
    assert!(diagnostics.len() > 2 * DIAGNOSTICS_PER_PART, "{}", diagnostics.len());
    let whole = Envelope::answer(Some(9), 4, Reply::Diagnostics { diagnostics: diagnostics.clone() });

    let parts = whole.clone().into_parts(DIAGNOSTICS_PER_PART);
    assert_eq!(parts.len(), diagnostics.len().div_ceil(DIAGNOSTICS_PER_PART));
    let more: Vec<bool> = parts.iter().map(|p| p.more).collect();
    assert!(more[..more.len() - 1].iter().all(|m| *m) && !more[more.len() - 1], "{more:?}");
    assert!(parts.iter().all(|p| p.id == Some(9) && p.revision == 4));
    let mut joined = Parts::default();
    let mut out = Vec::new();
    for part in parts {
        // As the threads post them: JSON text, read back through a value.
        let text = crate::json_bytes(&part).unwrap();
        let read: Envelope = serde_json::from_value(serde_json::from_slice(&text).unwrap()).unwrap();
        assert_eq!(read.more, part.more, "{}", String::from_utf8_lossy(&text[..80]));
        out.extend(joined.join(read));
    }
    assert_eq!(out, vec![whole.clone()], "one answer, the whole list in order");

    // A short answer, another reply, a push without id: as they are, and `more` not written.
    for e in [
        Envelope::answer(Some(1), 4, Reply::Diagnostics { diagnostics: diagnostics[..3].to_vec() }),
        Envelope::answer(Some(2), 4, Reply::Done),
        Envelope { id: None, revision: 4, reply: Reply::Done, progress: Some(Progress::default()), more: false },
    ] {
        assert_eq!(e.clone().into_parts(DIAGNOSTICS_PER_PART), vec![e.clone()]);
        assert!(!String::from_utf8(crate::json_bytes(&e).unwrap()).unwrap().contains("more"));
        assert_eq!(Parts::default().join(e.clone()), Some(e));
    }
    // A part of an answer that never ends is dropped when another answer comes.
    let mut parts = whole.into_parts(DIAGNOSTICS_PER_PART).into_iter();
    let mut joined = Parts::default();
    assert_eq!(joined.join(parts.next().unwrap()), None);
    let other = Envelope::answer(Some(10), 5, Reply::Diagnostics { diagnostics: diagnostics[..2].to_vec() });
    assert_eq!(joined.join(other.clone()), Some(other));
}

/// `json_value` (the one JSON writer, read back) gives what `serde_json::to_value` gives, for
/// the types it serves: the refilled draft, a task's error report, RejectedRecords.
#[test]
fn json_value_is_what_to_value_gives() {
    let req: crate::types::CreateBatchLoadTaskRequest = serde_json::from_str(&batch_body()).unwrap();
    assert_eq!(crate::json_value(&req), serde_json::to_value(&req).unwrap());
    let mut s = with_record();
    let rejected = handle(&mut s, "WriteRecords", write(1, "9"));
    let body: serde_json::Value = serde_json::from_str(&rejected.body).unwrap();
    assert_eq!(body["RejectedRecords"], json!([{"RecordIndex": 0, "Reason": body["RejectedRecords"][0]["Reason"], "ExistingVersion": 2}]), "{body}");
}

/// A reply that is not one is refused in serde's words: an unknown tag, a member missing from a
/// variant, a variant's members not an object.
#[test]
fn replies_are_read_strictly() {
    let err = |v: serde_json::Value| crate::from_value::<Reply>(v).unwrap_err().to_string();
    assert!(err(json!({"nope": {}})).starts_with("unknown variant `nope`, expected one of `response`, `diagnostics`, `tables`,"));
    assert_eq!(err(json!({"tables": {"databases": []}})), "missing field `tables`");
    assert_eq!(err(json!({"snapshot": {"snapshot": "x"}})), "missing field `empty`");
    assert!(err(json!("tables")).contains("expected struct variant"), "{}", err(json!("tables")));
    assert!(err(json!({"error": {"message": 5}})).contains("expected a string"));
    // Unknown members are skipped; an Option may be absent.
    assert_eq!(crate::from_value::<Reply>(json!({"error": {"message": "m", "x": 1}})).unwrap(), Reply::Error { message: "m".into() });
    assert_eq!(crate::from_value::<Reply>(json!({"object": {"data": [1]}})).unwrap(), Reply::Object { size: None, data: vec![1] });
}
