//! How a [`Request`] is read: every member of every request in one flat struct, then the request
//! its `type` names, each of its members required as the derived reader would (`missing field`).
//! Members another request has are ignored, as unknown members are.

use serde_json::{Map, Value};

use super::Request;
use crate::clock::Nanos;
use crate::types::CsvConfiguration;
use crate::Operation;

#[derive(Default)]
pub struct Flat {
    kind: String,
    target: Option<String>,
    body: Option<super::bytes::BodyText>,
    operation: Option<Operation>,
    database: Option<String>,
    table: Option<String>,
    offset: Option<usize>,
    limit: Option<usize>,
    series: Option<u32>,
    record: Option<u32>,
    now: Option<Nanos>,
    by: Option<Nanos>,
    max_bytes: Option<usize>,
    snapshot: Option<String>,
    clock: Option<Nanos>,
    seed: Option<u64>,
    bucket: Option<String>,
    key: Option<String>,
    prefix: Option<String>,
    data: Option<super::bytes::Data>,
    ranges: Option<Vec<[u64; 2]>>,
    max: Option<usize>,
    csv: Option<CsvConfiguration>,
    draft: Option<String>,
    rows: Option<usize>,
    task_id: Option<String>,
    on: Option<bool>,
    rows_per_second: Option<u64>,
    example: Option<String>,
    index: Option<usize>,
    move_clock: Option<bool>,
    last: Option<Map<String, Value>>,
}

crate::value_de::lean_reader!(Flat, Camel; kind = "type", target, body, operation, database, table, offset, limit, series, record, now, by, max_bytes, snapshot, clock, seed, bucket, key, prefix, data, ranges, max, csv, draft, rows, task_id, on, rows_per_second, example, index, move_clock, last);

/// A member the request needs.
fn need<T>(value: Option<T>, name: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{name}`"))
}

/// The requests' `type`s, as the derived reader lists them in its error.
const TYPES: &[&str] = &[
    "handle",
    "diagnose",
    "tables",
    "table",
    "seriesPage",
    "recordsPage",
    "recordHistory",
    "clock",
    "setClock",
    "advanceClock",
    "systemClock",
    "exportSnapshot",
    "importSnapshot",
    "reset",
    "seedIds",
    "buckets",
    "createBucket",
    "deleteBucket",
    "objects",
    "getObject",
    "putObject",
    "deleteObject",
    "objectLines",
    "suggestDataModel",
    "refillDataModel",
    "previewBatchLoad",
    "batchTasks",
    "errorReport",
    "stopBatchLoad",
    "autoRun",
    "batchPace",
    "performStep",
    "moveClock",
];

impl TryFrom<Flat> for Request {
    type Error = String;

    fn try_from(f: Flat) -> Result<Request, String> {
        use Request::*;
        Ok(match f.kind.as_str() {
            "handle" => Handle { target: need(f.target, "target")?, body: need(f.body, "body")?.0 },
            "diagnose" => Diagnose { operation: need(f.operation, "operation")?, body: need(f.body, "body")?.0 },
            "tables" => Tables,
            "table" => Table { database: need(f.database, "database")?, table: need(f.table, "table")? },
            "seriesPage" => SeriesPage {
                database: need(f.database, "database")?,
                table: need(f.table, "table")?,
                offset: need(f.offset, "offset")?,
                limit: need(f.limit, "limit")?,
            },
            "recordsPage" => RecordsPage {
                database: need(f.database, "database")?,
                table: need(f.table, "table")?,
                series: need(f.series, "series")?,
                offset: need(f.offset, "offset")?,
                limit: need(f.limit, "limit")?,
            },
            "recordHistory" => RecordHistory { database: need(f.database, "database")?, table: need(f.table, "table")?, record: need(f.record, "record")? },
            "clock" => Clock,
            "setClock" => SetClock { now: need(f.now, "now")? },
            "advanceClock" => AdvanceClock { by: need(f.by, "by")? },
            "systemClock" => SystemClock,
            "exportSnapshot" => ExportSnapshot { max_bytes: f.max_bytes },
            "importSnapshot" => ImportSnapshot { snapshot: need(f.snapshot, "snapshot")? },
            "reset" => Reset { clock: f.clock },
            "seedIds" => SeedIds { seed: need(f.seed, "seed")? },
            "buckets" => Buckets,
            "createBucket" => CreateBucket { bucket: need(f.bucket, "bucket")? },
            "deleteBucket" => DeleteBucket { bucket: need(f.bucket, "bucket")? },
            "objects" => Objects { bucket: need(f.bucket, "bucket")?, prefix: f.prefix },
            "getObject" => GetObject { bucket: need(f.bucket, "bucket")?, key: need(f.key, "key")?, max_bytes: f.max_bytes },
            "putObject" => PutObject { bucket: need(f.bucket, "bucket")?, key: need(f.key, "key")?, data: need(f.data, "data")?.0 },
            "deleteObject" => DeleteObject { bucket: need(f.bucket, "bucket")?, key: need(f.key, "key")? },
            "objectLines" => ObjectLines {
                bucket: need(f.bucket, "bucket")?,
                key: need(f.key, "key")?,
                ranges: need(f.ranges, "ranges")?,
                max: need(f.max, "max")?,
                max_bytes: need(f.max_bytes, "maxBytes")?,
            },
            "suggestDataModel" => SuggestDataModel { bucket: need(f.bucket, "bucket")?, key: need(f.key, "key")?, csv: f.csv },
            "refillDataModel" => RefillDataModel { draft: need(f.draft, "draft")? },
            "previewBatchLoad" => PreviewBatchLoad { body: need(f.body, "body")?.0, rows: need(f.rows, "rows")? },
            "batchTasks" => BatchTasks,
            "errorReport" => ErrorReport { task_id: need(f.task_id, "taskId")? },
            "stopBatchLoad" => StopBatchLoad { task_id: need(f.task_id, "taskId")? },
            "autoRun" => AutoRun { on: need(f.on, "on")? },
            "batchPace" => BatchPace { rows_per_second: f.rows_per_second },
            "performStep" => PerformStep {
                example: need(f.example, "example")?,
                index: need(f.index, "index")?,
                move_clock: need(f.move_clock, "moveClock")?,
                last: need(f.last, "last")?,
            },
            "moveClock" => MoveClock { example: need(f.example, "example")?, index: need(f.index, "index")? },
            other => {
                let expected: Vec<String> = TYPES.iter().map(|t| format!("`{t}`")).collect();
                return Err(format!("unknown variant `{other}`, expected one of {}", expected.join(", ")));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Each variant's `type`: a new variant does not compile here until it is given one, to be
    /// listed in `TYPES` and read in `try_from` (the test below reads every listed type).
    fn type_of(r: &Request) -> &'static str {
        use Request::*;
        match r {
            Handle { .. } => "handle",
            Diagnose { .. } => "diagnose",
            Tables => "tables",
            Table { .. } => "table",
            SeriesPage { .. } => "seriesPage",
            RecordsPage { .. } => "recordsPage",
            RecordHistory { .. } => "recordHistory",
            Clock => "clock",
            SetClock { .. } => "setClock",
            AdvanceClock { .. } => "advanceClock",
            SystemClock => "systemClock",
            ExportSnapshot { .. } => "exportSnapshot",
            ImportSnapshot { .. } => "importSnapshot",
            Reset { .. } => "reset",
            SeedIds { .. } => "seedIds",
            Buckets => "buckets",
            CreateBucket { .. } => "createBucket",
            DeleteBucket { .. } => "deleteBucket",
            Objects { .. } => "objects",
            GetObject { .. } => "getObject",
            PutObject { .. } => "putObject",
            DeleteObject { .. } => "deleteObject",
            ObjectLines { .. } => "objectLines",
            SuggestDataModel { .. } => "suggestDataModel",
            RefillDataModel { .. } => "refillDataModel",
            PreviewBatchLoad { .. } => "previewBatchLoad",
            BatchTasks => "batchTasks",
            ErrorReport { .. } => "errorReport",
            StopBatchLoad { .. } => "stopBatchLoad",
            AutoRun { .. } => "autoRun",
            BatchPace { .. } => "batchPace",
            PerformStep { .. } => "performStep",
            MoveClock { .. } => "moveClock",
        }
    }

    /// Every request's `type` is listed, and each reads back what it writes.
    #[test]
    fn every_type_is_read() {
        let ok = |v: Value| serde_json::from_value::<Request>(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"));
        for t in TYPES {
            // The request with every member any request has: each takes its own.
            let v = json!({"type": t, "target": "T", "body": "{}", "operation": "WriteRecords", "database": "d", "table": "t", "offset": 1, "limit": 2,
                "series": 3, "record": 4, "now": 5, "by": 6, "maxBytes": 7, "snapshot": "s", "clock": 8, "seed": 9, "bucket": "b", "key": "k",
                "prefix": "p", "data": "x,y\n", "ranges": [[1, 2]], "max": 10, "draft": "{}", "rows": 11, "taskId": "id", "on": true,
                "rowsPerSecond": 12, "example": "e", "index": 13, "moveClock": false, "last": {}});
            let request = ok(v);
            assert_eq!(type_of(&request), *t);
            let written = serde_json::to_value(&request).unwrap();
            assert_eq!(written["type"], json!(t), "{written}");
            assert_eq!(ok(written), request, "{t} reads back what it writes");
        }
        let err = |v: Value| serde_json::from_value::<Request>(v).unwrap_err().to_string();
        assert!(err(json!({"type": "handle", "target": "T"})).contains("missing field `body`"));
        assert!(err(json!({"type": "objectLines", "bucket": "b", "key": "k", "ranges": [], "max": 1})).contains("missing field `maxBytes`"));
        let unknown = err(json!({"type": "nope"}));
        assert!(unknown.contains("unknown variant `nope`") && unknown.contains("`moveClock`"), "{unknown}");
        assert!(err(json!({"target": "T", "body": ""})).contains("missing field `type`"));
    }

    /// A body is a string, or its UTF-8 bytes (the page's `Uint8Array`); anything else, or bytes
    /// that are not UTF-8, is refused with the reason.
    #[test]
    fn a_body_is_text_or_its_utf8_bytes() {
        use serde::de::value::{BytesDeserializer, Error};
        use serde::Deserialize;
        let read = |b: &[u8]| super::super::bytes::BodyText::deserialize(BytesDeserializer::<Error>::new(b)).map(|t| t.0).map_err(|e| e.to_string());
        assert_eq!(read("{\"é\": 1}".as_bytes()), Ok("{\"é\": 1}".to_string()));
        assert_eq!(read(b"{\"a\xff"), Err("the body is not UTF-8 (at byte 3)".to_string()));
        let err = serde_json::from_value::<Request>(json!({"type": "diagnose", "operation": "WriteRecords", "body": [123, 125]})).unwrap_err();
        assert!(err.to_string().contains("expected a string or its UTF-8 bytes"), "{err}");
        let err = crate::from_value::<Request>(json!({"type": "diagnose", "operation": "WriteRecords", "body": [123, 125]})).unwrap_err();
        assert!(err.to_string().contains("expected a string or its UTF-8 bytes"), "{err}");
        let ok = serde_json::from_value::<Request>(json!({"type": "diagnose", "operation": "WriteRecords", "body": "{}"})).unwrap();
        assert_eq!(ok, Request::Diagnose { operation: Operation::WriteRecords, body: "{}".into() });
    }
}
