//! [`Session`]: an engine that answers [`Request`]s, and steps batch-load tasks in slices.

use crate::batch::StepBudget;
use crate::clock::Nanos;
use crate::inspect::IngestionWindow;
use crate::scenario::examples;
use crate::scenario::{Last, Step};
use crate::types::{CreateBatchLoadTaskRequest, DataModelConfiguration, WriteRecordsRequest};
use crate::{ApiError, Engine, Operation, WireResponse};

use super::{Progress, Reply, Request, TableWindow, TaskView, WireReply};

/// An engine behind the protocol, with a revision that counts its changes.
#[derive(Debug)]
pub struct Session {
    engine: Engine,
    revision: u64,
    /// Whether [`Session::step`] runs active batch-load tasks.
    auto_run: bool,
    /// Rows per second batch loads may read ([`Request::BatchPace`]); `None`: as fast as they can.
    pace: Option<u64>,
}

impl Session {
    pub fn new(engine: Engine) -> Self {
        Session { engine, revision: 0, auto_run: true, pace: None }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Bumped by every request that may change the engine and every slice that read rows.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Answers one request.
    pub fn answer(&mut self, request: Request) -> Reply {
        if request.changes() {
            self.revision += 1;
        }
        let e = &mut self.engine;
        match request {
            Request::Handle { target, body } => Reply::Response(wire_reply(e, &target, &body)),
            Request::Diagnose { operation, body } => Reply::Diagnostics { diagnostics: e.diagnose(operation, body.as_bytes()) },
            Request::Tables => Reply::Tables { databases: e.state.databases.keys().cloned().collect(), tables: e.table_summaries() },
            Request::Table { database, table } => match e.state.databases.get(&database).and_then(|d| d.tables.get(&table)) {
                Some(t) => Reply::Table { table: t.describe(), tags: t.tags.clone() },
                None => missing_table(&database, &table),
            },
            Request::SeriesPage { database, table, offset, limit } => {
                or_error(e.series_page(&database, &table, offset, limit), |series| Reply::Series { series })
            }
            Request::RecordsPage { database, table, series, offset, limit } => {
                or_error(e.records_of_series(&database, &table, series, offset, limit), |records| Reply::Records { records })
            }
            Request::RecordHistory { database, table, record } => or_error(e.record_history(&database, &table, record), |attempts| Reply::History { attempts }),
            Request::Clock => clock(e),
            Request::SetClock { now } => {
                e.clock.set(now);
                clock(e)
            }
            Request::AdvanceClock { by } => {
                e.clock.advance(by);
                clock(e)
            }
            Request::SystemClock => {
                e.clock.use_system();
                clock(e)
            }
            Request::ExportSnapshot { max_bytes: None } => Reply::Snapshot { snapshot: e.snapshot(), empty: is_empty(e) },
            Request::ExportSnapshot { max_bytes: Some(max) } => match e.snapshot_within(max) {
                Some(snapshot) => Reply::Snapshot { snapshot, empty: is_empty(e) },
                None => Reply::Error { message: format!("the engine's state is larger than {} MB", max.div_ceil(1_000_000)) },
            },
            Request::ImportSnapshot { snapshot } => match e.restore(&snapshot) {
                Ok(()) => Reply::Done,
                Err(message) => Reply::Error { message },
            },
            Request::Reset { clock } => {
                reset(e, clock);
                Reply::Done
            }
            Request::SeedIds { seed } => {
                e.ids = crate::ids::Ids::seeded(seed);
                Reply::Done
            }
            Request::Buckets => Reply::Buckets { buckets: e.list_buckets() },
            Request::CreateBucket { bucket } => done_if(e.create_bucket(&bucket), || format!("The bucket {bucket} exists already.")),
            Request::DeleteBucket { bucket } => done_if(e.delete_bucket(&bucket), || format!("The bucket {bucket} is not empty or does not exist.")),
            Request::Objects { bucket, prefix } => Reply::Objects { objects: e.list_objects(&bucket, prefix.as_deref()) },
            Request::GetObject { bucket, key, max_bytes } => {
                let data = e.get_object(&bucket, &key);
                let shown = data.map_or(&[][..], |d| &d[..max_bytes.unwrap_or(usize::MAX).min(d.len())]);
                Reply::Object { size: data.map(|d| d.len() as u64), data: shown.to_vec() }
            }
            Request::PutObject { bucket, key, data } => {
                e.put_object(&bucket, &key, data);
                Reply::Done
            }
            Request::DeleteObject { bucket, key } => done_if(e.delete_object(&bucket, &key), || format!("There is no object s3://{bucket}/{key}.")),
            Request::ObjectLines { bucket, key, ranges, max, max_bytes } => {
                Reply::Lines { lines: pick_lines(e.get_object(&bucket, &key).unwrap_or_default(), &ranges, max, max_bytes) }
            }
            Request::SuggestDataModel { bucket, key, csv } => match e.suggest_batch_data_model(&bucket, &key, csv.as_ref()) {
                Ok(model) => Reply::DataModel { model },
                Err(message) => Reply::Error { message },
            },
            Request::RefillDataModel { draft } => match refill_data_model(e, &draft) {
                Ok(text) => Reply::Draft { text },
                Err(message) => Reply::Error { message },
            },
            Request::PreviewBatchLoad { body, rows } => or_error(e.preview_batch_load(body.as_bytes(), rows), |preview| Reply::Preview { preview }),
            Request::BatchTasks => Reply::Tasks { tasks: tasks(e) },
            Request::ErrorReport { task_id } => Reply::ErrorReport { report: e.batch_load_error_report(&task_id) },
            Request::StopBatchLoad { task_id } => or_error(e.stop_batch_load_task(&task_id), |()| Reply::Done),
            Request::AutoRun { on } => {
                self.auto_run = on;
                Reply::Done
            }
            Request::BatchPace { rows_per_second } => {
                self.pace = rows_per_second.filter(|&r| r > 0);
                Reply::Done
            }
            Request::PerformStep { example, index, move_clock, last } => match example_step(&example, index) {
                Ok(step) => {
                    if move_clock {
                        step.move_clock(e);
                    }
                    Reply::Response(from_wire(step.perform(e, &Last(last)).1, Vec::new()))
                }
                Err(message) => Reply::Error { message },
            },
            Request::MoveClock { example, index } => match example_step(&example, index) {
                Ok(step) => {
                    step.move_clock(e);
                    clock(e)
                }
                Err(message) => Reply::Error { message },
            },
        }
    }

    /// The rows per second batch loads are slowed to, if any: the host then runs one step of
    /// `pace / 10` rows (at least 1) every 100 ms instead of slices as long as it can.
    pub fn pace(&self) -> Option<u64> {
        self.pace
    }

    /// Whether [`Session::step`] has work: a task is active and auto-run is on.
    pub fn busy(&self) -> bool {
        self.auto_run && self.engine.has_active_batch_loads()
    }

    /// Runs active batch-load tasks for at most `rows` rows; `None` when there was nothing to run.
    pub fn step(&mut self, rows: u64) -> Option<Progress> {
        if !self.busy() {
            return None;
        }
        let r = self.engine.step_batch_load(StepBudget::rows(rows));
        self.revision += 1;
        Some(Progress { rows: r.rows, active: r.active, finished: r.finished })
    }
}

/// Whether an engine is as a fresh one: no resources, objects or tasks, the system clock, the
/// default configuration.
pub fn is_empty(e: &Engine) -> bool {
    e.state.databases.is_empty()
        && e.state.s3.buckets.is_empty()
        && e.state.batch_tasks.is_empty()
        && e.clock.mode == crate::ClockMode::System
        && e.config == crate::Config::default()
}

/// The draft with its DataModel suggested from the first object under its source, pretty JSON.
fn refill_data_model(e: &Engine, draft: &str) -> Result<String, String> {
    let value = crate::parse_body(draft.as_bytes()).map_err(|e| e.message)?;
    let mut req = crate::wire::read::<CreateBatchLoadTaskRequest>(value).map_err(|e| format!("The request cannot be read: {e}"))?;
    let s3 = &req.data_source_configuration.data_source_s3_configuration;
    let prefix = s3.object_key_prefix.as_deref();
    let Some(first) = e.list_objects(&s3.bucket_name, prefix).into_iter().next() else {
        return Err(format!("No objects under s3://{}/{}.", s3.bucket_name, prefix.unwrap_or("")));
    };
    let model = e.suggest_batch_data_model(&s3.bucket_name, &first.key, req.data_source_configuration.csv_configuration.as_ref())?;
    req.data_model_configuration = Some(DataModelConfiguration { data_model: Some(model), data_model_s3_configuration: None });
    Ok(crate::json_pretty(&crate::json_value(&req)))
}

fn or_error<T>(result: Result<T, ApiError>, ok: impl FnOnce(T) -> Reply) -> Reply {
    match result {
        Ok(v) => ok(v),
        Err(e) => Reply::Error { message: format!("{}: {}", e.kind.name(), e.message) },
    }
}

fn done_if(done: bool, message: impl FnOnce() -> String) -> Reply {
    if done {
        Reply::Done
    } else {
        Reply::Error { message: message() }
    }
}

fn missing_table(database: &str, table: &str) -> Reply {
    Reply::Error { message: format!("The table {database}.{table} does not exist.") }
}

fn from_wire(w: WireResponse, stored: Vec<Option<crate::store::RecordView>>) -> WireReply {
    WireReply {
        status: w.status,
        error_type: w.error_type.map(str::to_string),
        request_id: w.request_id,
        body: String::from_utf8(w.body).unwrap_or_default(),
        stored,
    }
}

/// `handle`, and for rejected WriteRecords records the stored record each collided with.
fn wire_reply(e: &mut Engine, target: &str, body: &str) -> WireReply {
    let wire = e.handle(target, body.as_bytes());
    let rejected = wire.error_type == Some(crate::ErrorKind::RejectedRecords.name());
    let stored = if rejected && Operation::from_target(target.trim()) == Some(Operation::WriteRecords) {
        crate::parse_body(body.as_bytes())
            .ok()
            .and_then(|v| crate::wire::read::<WriteRecordsRequest>(v).ok())
            .map_or(Vec::new(), |req| e.stored_records_for(&req))
    } else {
        Vec::new()
    };
    from_wire(wire, stored)
}

fn clock(e: &Engine) -> Reply {
    let windows = e
        .table_summaries()
        .into_iter()
        .filter_map(|t| {
            let window: IngestionWindow = e.ingestion_window(&t.database, &t.table).ok()?;
            let store = &e.state.table(&t.database, &t.table).ok()?.store;
            let step = t.records.div_ceil(super::CLOCK_TIMES).max(1);
            let times = (0..t.records).step_by(step).filter_map(|i| store.record(i as u32)).map(|r| r.time).collect();
            Some(TableWindow { database: t.database, table: t.table, window, times, records: t.records })
        })
        .collect();
    Reply::Clock { mode: e.clock.mode, now: e.now(), windows }
}

/// An engine like `e` after a reload: empty, same configuration and time source, then `clock`.
fn reset(e: &mut Engine, clock: Option<Nanos>) {
    let mut fresh = Engine::new(e.config.clone());
    fresh.clock = e.clock.clone();
    fresh.clock.use_system();
    if let Some(t) = clock {
        fresh.clock.set(t);
    }
    *e = fresh;
}

fn tasks(e: &Engine) -> Vec<TaskView> {
    let mut all: Vec<_> = e.state.batch_tasks.values().collect();
    all.sort_by_key(|t| t.seq);
    all.into_iter()
        .map(|t| {
            let (done, total) = e.batch_load_position(&t.id).unwrap_or((0, 0));
            TaskView { task: (**t).clone(), done, total }
        })
        .collect()
}

/// The lines of `data` (1-based) inside `ranges`, at most `max` of them, each cut to
/// `max_bytes`, read in one pass: `(line, text)` in line order.
pub fn pick_lines(data: &[u8], ranges: &[[u64; 2]], max: usize, max_bytes: usize) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let last = ranges.iter().map(|r| r[1]).max().unwrap_or(0);
    for (i, line) in data.split(|&b| b == b'\n').enumerate() {
        let n = i as u64 + 1;
        if n > last || out.len() >= max {
            break;
        }
        if ranges.iter().any(|r| r[0] <= n && n <= r[1]) {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            out.push((n, String::from_utf8_lossy(&line[..line.len().min(max_bytes)]).into_owned()));
        }
    }
    out
}

fn example_step(id: &str, index: usize) -> Result<Step, String> {
    let example = examples::find(id).ok_or_else(|| format!("There is no example called \"{id}\"."))?;
    let mut scenario = example.scenario()?;
    if index >= scenario.steps.len() {
        return Err(format!("The example \"{id}\" has no step {}.", index + 1));
    }
    Ok(scenario.steps.swap_remove(index))
}
