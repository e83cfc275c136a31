//! The engine's one public face for the browser: typed messages in, typed messages out.
//!
//! A [`Session`] owns an [`Engine`](crate::Engine) and answers each [`Request`] with a
//! [`Reply`]. The playground sends these to a Web Worker that holds the session (src/worker.rs
//! in the app crate); a docs embed or an npm package can speak the same messages as JSON, with
//! camelCase members: a [`Request`] is internally tagged (`{"type": "handle", "target": …,
//! "body": …}`), a [`Reply`] externally (`{"tables": {…}}`, `"done"`). Byte payloads (S3
//! objects) are arrays of numbers and also read from a plain string; the playground's threads
//! post each message as its JSON text's UTF-8 bytes and move byte payloads beside it
//! (src/wire.rs in the app crate).
//!
//! Batch-load tasks run in bounded slices ([`Session::step`]): the host calls it between
//! messages and pushes the [`Progress`] it returns, so a Stop sent meanwhile is answered before
//! the next slice.

pub(crate) mod bytes;
mod session;
#[cfg(test)]
mod tests;
mod wire;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::batch::{BatchPreview, BatchTask, BucketInfo, ErrorReport, ObjectInfo};
use crate::clock::{ClockMode, Nanos};
use crate::inspect::{IngestionWindow, TableSummary};
use crate::store::{AttemptView, RecordView, SeriesView};
use crate::types::{CsvConfiguration, DataModel, Table, Tag};
use crate::{Diagnostic, Operation};

pub use bytes::body_text;
pub use session::Session;

/// The diagnostics of `body` as a request of `operation` when they do not depend on an engine's
/// state, else `None`. Only CreateBatchLoadTask's do (its data source is looked up in the object
/// store); every other operation's are the model table's constraints and the request rules,
/// which read the body alone, so any [`Session`] answers [`Request::Diagnose`] with these. The
/// playground asks here, on the page's own thread, for a small body as the user types: its
/// answer is in the frame the key draws, where a worker's answer comes a frame later (the
/// frame begins a few milliseconds after the key, before a round trip returns).
pub fn diagnose_stateless(operation: Operation, body: &str) -> Option<Vec<Diagnostic>> {
    (operation != Operation::CreateBatchLoadTask).then(|| crate::Engine::default().diagnose(operation, body.as_bytes()))
}

/// What a client asks of the engine. Read through [`wire::Flat`]: one struct with every member
/// any request has, then the request its `type` names (serde's reader of an internally tagged
/// enum buffers the message and reads every type inside it a second way: ≈ 60 KB of wasm). A
/// new request is read there too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase", try_from = "wire::Flat")]
pub enum Request {
    /// The seam: one AWS JSON 1.0 request (`X-Amz-Target` and body). A WriteRecords answer with
    /// rejected records also carries the stored record each one collided with.
    Handle {
        target: String,
        body: String,
    },
    /// Every problem of a request without running it.
    Diagnose {
        operation: Operation,
        body: String,
    },
    /// Every database, and every table with its series and record counts.
    #[default]
    Tables,
    /// A table's description and tags.
    Table {
        database: String,
        table: String,
    },
    SeriesPage {
        database: String,
        table: String,
        offset: usize,
        limit: usize,
    },
    RecordsPage {
        database: String,
        table: String,
        series: u32,
        offset: usize,
        limit: usize,
    },
    /// The version timeline of one record.
    RecordHistory {
        database: String,
        table: String,
        record: u32,
    },
    /// The clock and each table's ingestion window now.
    Clock,
    SetClock {
        now: Nanos,
    },
    AdvanceClock {
        by: Nanos,
    },
    /// Gives the clock back to the system time.
    SystemClock,
    /// The whole engine as a snapshot document (src/snapshot.rs). With `max_bytes`, a longer
    /// one is not written out: the answer is an error that gives the limit (autosave).
    ExportSnapshot {
        #[serde(default)]
        max_bytes: Option<usize>,
    },
    /// Replaces the engine's state with a snapshot's; unchanged on error.
    ImportSnapshot {
        snapshot: String,
    },
    /// Discards everything (same configuration, system clock), then sets the clock if given.
    Reset {
        clock: Option<Nanos>,
    },
    /// Seeds the request and task ids (the playground sends a seed from the time at the start of
    /// a fresh session, so the first request id differs per session; a snapshot keeps its ids).
    SeedIds {
        seed: u64,
    },
    Buckets,
    CreateBucket {
        bucket: String,
    },
    DeleteBucket {
        bucket: String,
    },
    Objects {
        bucket: String,
        prefix: Option<String>,
    },
    /// An object's size and its first `max_bytes` bytes (all of it when absent).
    GetObject {
        bucket: String,
        key: String,
        max_bytes: Option<usize>,
    },
    PutObject {
        bucket: String,
        key: String,
        #[serde(with = "bytes")]
        data: Vec<u8>,
    },
    DeleteObject {
        bucket: String,
        key: String,
    },
    /// The lines of an object (1-based, the header row is line 1) inside `ranges`, at most `max`
    /// of them, each cut to `max_bytes`: the failing rows an error report names.
    ObjectLines {
        bucket: String,
        key: String,
        ranges: Vec<[u64; 2]>,
        max: usize,
        max_bytes: usize,
    },
    /// A data model suggested from an object's header and first rows.
    SuggestDataModel {
        bucket: String,
        key: String,
        csv: Option<CsvConfiguration>,
    },
    /// A CreateBatchLoadTask request (`draft`, JSON) with its DataModel replaced by one
    /// suggested from the first object under its source bucket and prefix: a `draft` answer,
    /// pretty-printed.
    RefillDataModel {
        draft: String,
    },
    /// What a CreateBatchLoadTask request would do to its first `rows` rows.
    PreviewBatchLoad {
        body: String,
        rows: usize,
    },
    /// Every batch-load task, with how far each has read its source.
    BatchTasks,
    /// A task's error report, typed, as its S3 object now reads.
    ErrorReport {
        task_id: String,
    },
    /// Stops a task where it is (PROGRESS_STOPPED; ResumeBatchLoadTask resumes it).
    StopBatchLoad {
        task_id: String,
    },
    /// Whether the session steps active tasks on its own ([`Session::step`]); a guided example
    /// turns it off so its steps decide when tasks run.
    AutoRun {
        on: bool,
    },
    /// Slows batch loads to about this many rows per second (the playground's speed control, so
    /// progress, Stop and Resume can be watched on a small file); `None` or 0: full speed.
    BatchPace {
        rows_per_second: Option<u64>,
    },
    /// Runs step `index` of the example `example` (its clock move first when `move_clock`):
    /// a request, putObject or runBatchLoads step, answered like `handle`.
    PerformStep {
        example: String,
        index: usize,
        move_clock: bool,
        last: serde_json::Map<String, Value>,
    },
    /// Applies the clock move of step `index` of the example `example`.
    MoveClock {
        example: String,
        index: usize,
    },
}

impl Request {
    /// Whether answering this request may change the engine (the session's revision moves).
    pub fn changes(&self) -> bool {
        use Request::*;
        matches!(
            self,
            Handle { .. }
                | SetClock { .. }
                | AdvanceClock { .. }
                | SystemClock
                | ImportSnapshot { .. }
                | Reset { .. }
                | SeedIds { .. }
                | CreateBucket { .. }
                | DeleteBucket { .. }
                | PutObject { .. }
                | DeleteObject { .. }
                | StopBatchLoad { .. }
                | PerformStep { .. }
                | MoveClock { .. }
        )
    }
}

/// An answer of the engine as it goes on the wire.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireReply {
    pub status: u16,
    pub error_type: Option<String>,
    pub request_id: String,
    /// The JSON body; empty for operations without output.
    pub body: String,
    /// For a WriteRecords answer with rejected records: per request record, the stored record
    /// with the same identity (what a rejection collided with). Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stored: Vec<Option<RecordView>>,
}

crate::value_de::lean_reader!(WireReply, Camel; status, error_type, request_id, body, #[default] stored);

/// A table's ingestion window.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableWindow {
    pub database: String,
    pub table: String,
    pub window: IngestionWindow,
    /// The times of the table's records, at most [`CLOCK_TIMES`], evenly sampled over the store
    /// when there are more (the clock panel plots them on the time axis).
    #[serde(default)]
    pub times: Vec<Nanos>,
    /// How many records the table holds.
    #[serde(default)]
    pub records: usize,
}

crate::value_de::lean_reader!(TableWindow, Camel; database, table, window, #[default] times, #[default] records);

/// The most record times a [`TableWindow`] carries.
pub const CLOCK_TIMES: usize = 200;

/// A batch-load task and how far it has read its source (bytes).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskView {
    pub task: BatchTask,
    pub done: u64,
    pub total: u64,
}

crate::value_de::lean_reader!(TaskView, Camel; task, done, total);

/// What a slice of batch-load work did, pushed to the page after each slice.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Rows read in the slice.
    pub rows: u64,
    /// Tasks still active after it (0: the runner stops).
    pub active: usize,
    /// Tasks that ended in the slice.
    pub finished: Vec<String>,
}

crate::value_de::lean_reader!(Progress, Camel; rows, active, finished);

// Its reader: `lean_enum!` (engine/src/value_de.rs).
crate::value_de::lean_enum! {
    Camel, Camel;
    /// What the engine answers. Externally tagged (`{"tables": {"databases": …, "tables": …}}`,
    /// `"done"`), unlike [`Request`]: a reader goes straight to the variant's members, where an
    /// internally tagged enum is first buffered and each type inside it is read a second way (that
    /// was ≈ 100 KB of the page's wasm).
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
    pub enum Reply {
        Response(WireReply),
        Diagnostics {
            diagnostics: Vec<Diagnostic>,
        },
        /// `databases`: every database name (those without tables too).
        Tables {
            databases: Vec<String>,
            tables: Vec<TableSummary>,
        },
        Table {
            table: Table,
            tags: Vec<Tag>,
        },
        Series {
            series: Vec<SeriesView>,
        },
        Records {
            records: Vec<RecordView>,
        },
        History {
            attempts: Vec<AttemptView>,
        },
        Clock {
            mode: ClockMode,
            now: Nanos,
            windows: Vec<TableWindow>,
        },
        /// `empty`: the engine is as a fresh one (nothing to save).
        Snapshot {
            snapshot: String,
            empty: bool,
        },
        Buckets {
            buckets: Vec<BucketInfo>,
        },
        Objects {
            objects: Vec<ObjectInfo>,
        },
        /// `None` when there is no such object.
        Object {
            size: Option<u64>,
            #[serde(with = "bytes")]
            data: Vec<u8>,
        },
        /// `(line, text)` in line order.
        Lines {
            lines: Vec<(u64, String)>,
        },
        DataModel {
            model: DataModel,
        },
        /// A request's JSON text (a `refillDataModel` answer).
        Draft {
            text: String,
        },
        Preview {
            preview: BatchPreview,
        },
        Tasks {
            tasks: Vec<TaskView>,
        },
        /// `None` while the task has written no report, or when its object is gone or is no report.
        ErrorReport {
            report: Option<ErrorReport>,
        },
        /// Done, nothing to report.
        #[default]
        Done,
        /// The request could not be answered (a missing table, a refused snapshot).
        Error {
            message: String,
        },
    }
}

/// One message from the worker to the page: the answer to request `id`, or (without `id`)
/// batch-load progress pushed after a slice. `revision` counts the engine's changes.
/// `more`: a part of a long Diagnostics answer, more of it follows ([`Envelope::into_parts`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    pub id: Option<u64>,
    pub revision: u64,
    pub reply: Reply,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub more: bool,
}

crate::value_de::lean_reader!(Envelope, Camel; id, revision, reply, #[default] progress, #[default] more);

/// Diagnostics per message from the worker: the page reads each message in a task of its own,
/// and 13,758 diagnostics read at once took it one task of 60–130 ms (docs/benchmarks.md).
pub const DIAGNOSTICS_PER_PART: usize = 1000;

impl Envelope {
    /// An answer to request `id`.
    pub fn answer(id: Option<u64>, revision: u64, reply: Reply) -> Envelope {
        Envelope { id, revision, reply, progress: None, more: false }
    }

    /// The messages that carry this envelope: itself, or, for an answer of more than
    /// `per_part` diagnostics, its list in parts of `per_part`, each but the last marked `more`.
    /// [`Parts::join`] puts them back together.
    pub fn into_parts(self, per_part: usize) -> Vec<Envelope> {
        let per_part = per_part.max(1);
        match self.reply {
            Reply::Diagnostics { mut diagnostics } if self.id.is_some() && diagnostics.len() > per_part => {
                let mut parts = Vec::with_capacity(diagnostics.len().div_ceil(per_part));
                while diagnostics.len() > per_part {
                    let rest = diagnostics.split_off(per_part);
                    let part = std::mem::replace(&mut diagnostics, rest);
                    parts.push(Envelope {
                        reply: Reply::Diagnostics { diagnostics: part },
                        more: true,
                        ..Envelope::answer(self.id, self.revision, Reply::Done)
                    });
                }
                parts.push(Envelope { reply: Reply::Diagnostics { diagnostics }, ..self });
                parts
            }
            reply => vec![Envelope { reply, ..self }],
        }
    }
}

/// The page's side of [`Envelope::into_parts`]: the parts of the answer being received.
#[derive(Debug, Default)]
pub struct Parts(Option<(Option<u64>, Vec<Diagnostic>)>);

impl Parts {
    /// `envelope` as it is, the whole answer when it is the last of its parts, or None when
    /// it is a part with more to come (kept until then). A part of another answer than the one
    /// being received drops what was kept of that one.
    pub fn join(&mut self, mut envelope: Envelope) -> Option<Envelope> {
        let kept = self.0.take().filter(|(id, _)| *id == envelope.id);
        let Reply::Diagnostics { diagnostics } = &mut envelope.reply else { return Some(envelope) };
        let mut all = kept.map(|(_, d)| d).unwrap_or_default();
        all.append(diagnostics);
        if envelope.more {
            self.0 = Some((envelope.id, all));
            return None;
        }
        *diagnostics = all;
        Some(envelope)
    }
}

/// One message from the page to the worker.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    pub id: u64,
    pub request: Request,
}

crate::value_de::lean_reader!(Call, Camel; id, request);
