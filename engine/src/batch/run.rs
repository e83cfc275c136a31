//! Stepped execution: each call advances the active tasks by a bounded amount of work, keeping
//! the exact parse position (file, byte offset, line) in the task so the next step — or a
//! restored snapshot — continues with the next row.

use serde::Serialize;

use super::csvsrc::{read_header, Cells, CsvOptions, MAX_ROW_BYTES};
use super::mapping::{check_model, Plan};
use super::report::report_reason;
use super::row_record::RowRecord;
use super::rows::{Row, Rows};
use super::s3::ObjectStore;
use super::task::{report_key, BatchTask, MAX_FILES};
use crate::clock::Nanos;
use crate::state::{State, TableState};
use crate::store::Syms;
use crate::validate::{Diagnostic, MemberPath};
use crate::write::{apply_record, effective, window, Effective};
use crate::Engine;

/// How much work one step may do (whichever runs out first).
#[derive(Debug, Clone, Default, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepBudget {
    pub rows: u64,
    pub bytes: u64,
}

crate::value_de::lean_reader!(StepBudget, Camel; rows, bytes);

impl StepBudget {
    pub fn rows(rows: u64) -> Self {
        StepBudget { rows, bytes: u64::MAX }
    }
    pub fn bytes(bytes: u64) -> Self {
        StepBudget { rows: u64::MAX, bytes }
    }
    pub fn unlimited() -> Self {
        StepBudget { rows: u64::MAX, bytes: u64::MAX }
    }
}

/// What a step did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    /// Rows read in this step (all tasks).
    pub rows: u64,
    /// Bytes read in this step.
    pub bytes: u64,
    /// Tasks still CREATED / IN_PROGRESS / PENDING_RESUME after the step.
    pub active: usize,
    /// Tasks that ended (SUCCEEDED or FAILED) in this step.
    pub finished: Vec<String>,
    /// Error reports written in this step, as `(bucket, key)`.
    pub reports: Vec<(String, String)>,
}

crate::value_de::lean_reader!(StepReport, Camel; rows, bytes, active, finished, reports);

struct Used {
    rows: u64,
    bytes: u64,
    budget: StepBudget,
}

impl Used {
    fn exhausted(&self) -> bool {
        self.rows >= self.budget.rows || self.bytes >= self.budget.bytes
    }
}

/// Advances the active tasks, oldest first, within `budget`.
pub fn step(engine: &mut Engine, budget: StepBudget) -> StepReport {
    let now = engine.now();
    let mut order: Vec<(u64, String)> = engine.state.batch_tasks.values().filter(|t| t.status.is_active()).map(|t| (t.seq, t.id.clone())).collect();
    order.sort();
    let mut used = Used { rows: 0, bytes: 0, budget };
    let mut report = StepReport::default();
    for (_, id) in order {
        if used.exhausted() {
            break;
        }
        run_task(&mut engine.state, &id, now, &mut used, &mut report);
    }
    report.rows = used.rows;
    report.bytes = used.bytes;
    report.active = engine.state.batch_tasks.values().filter(|t| t.status.is_active()).count();
    report
}

/// The object keys a task loads (key order), or the task-level reason it cannot start.
pub fn source_files(s3: &ObjectStore, bucket: &str, prefix: Option<&str>) -> Result<Vec<String>, String> {
    let place = format!("s3://{bucket}/{}", prefix.unwrap_or(""));
    let files: Vec<String> = s3.list(bucket, prefix).into_iter().map(|o| o.key).collect();
    if !s3.has_bucket(bucket) {
        Err(format!("The S3 bucket {bucket} does not exist or is not accessible."))
    } else if files.is_empty() {
        Err(format!("No objects were found under {place}."))
    } else if files.len() > MAX_FILES {
        Err(format!("{} objects were found under {place}; a batch load task can load at most {MAX_FILES} files.", files.len()))
    } else {
        Ok(files)
    }
}

fn run_task(state: &mut State, id: &str, now: Nanos, used: &mut Used, report: &mut StepReport) {
    let State { databases, s3, batch_tasks, .. } = state;
    let Some(task) = batch_tasks.get_mut(id) else { return };
    task.start(now);
    let src = task.request.data_source_configuration.clone();
    let bucket = src.data_source_s3_configuration.bucket_name.clone();
    let prefix = src.data_source_s3_configuration.object_key_prefix.clone();
    if task.cursor.files.is_none() {
        let files = source_files(s3, &bucket, prefix.as_deref());
        if let Err(reason) = &files {
            task.fail_task(reason.clone());
        }
        task.cursor.files = Some(files.unwrap_or_default());
    }
    let mut diags = Vec::new();
    let opts = CsvOptions::from_config(src.csv_configuration.as_ref(), &MemberPath::root(), &mut diags);
    let plan = check_model(&task.model, &MemberPath::root(), &mut diags);
    let table = databases.get_mut(task.database()).and_then(|d| d.tables.get_mut(task.table()));
    let pending = task.cursor.file < task.cursor.files.as_ref().map_or(0, Vec::len);
    match (plan, table) {
        _ if !pending => {}
        (Some(plan), Some(table)) if diags.is_empty() => {
            let files = task.cursor.files.clone().unwrap_or_default();
            while task.cursor.file < files.len() && !used.exhausted() {
                let key = &files[task.cursor.file];
                match s3.get(&bucket, key) {
                    Some(obj) => run_file(task, table, &plan, &opts, key, &obj.data, now, used),
                    None => file_failure(task, key, &format!("The object s3://{bucket}/{key} no longer exists."), None),
                }
            }
        }
        (_, None) => task.fail_task(format!("The table {} does not exist in database {}.", task.table(), task.database())),
        _ => task.fail_task(format!("The task configuration is no longer valid: {}", diags.first().map(|d| d.message.as_str()).unwrap_or(""))),
    }
    let done = task.cursor.file >= task.cursor.files.as_ref().map_or(0, Vec::len);
    if done {
        if !task.errors.is_empty() {
            if let Some(rc) = &task.request.report_configuration.report_s3_configuration {
                let key = report_key(rc.object_key_prefix.as_deref(), &task.id);
                let body = serde_json::to_vec_pretty(&task.errors.to_json(&task.id)).unwrap_or_default();
                s3.put(&rc.bucket_name, &key, body, now);
                task.report_location = Some((rc.bucket_name.clone(), key.clone()));
                report.reports.push((rc.bucket_name.clone(), key));
            }
        }
        task.finish(now);
        report.finished.push(task.id.clone());
    } else {
        task.updated = now;
    }
}

fn next_file(task: &mut BatchTask) {
    let c = &mut task.cursor;
    c.file += 1;
    c.offset = 0;
    c.line = 0;
    c.prev_line = 0;
}

fn file_failure(task: &mut BatchTask, key: &str, reason: &str, lines: Option<[u64; 2]>) {
    task.progress.file_failures += 1;
    task.errors.add_file(key, reason, lines);
    next_file(task);
}

/// One data row as a record (borrowing the row and the plan); the error is the row's
/// parse-failure reason. Batch runs and previews both go through here, then [`checked`].
#[inline]
pub fn map_row<'r>(
    plan: &'r Plan<usize>,
    opts: &CsvOptions,
    row: &Cells<'r>,
    row_bytes: u64,
    header: &[String],
    version: i64,
) -> Result<RowRecord<'r>, String> {
    if row_bytes > MAX_ROW_BYTES {
        return Err("The row exceeds the maximum row size of 16 MB.".into());
    }
    plan.row(opts, row, header, version)
}

/// A mapped row through the WriteRecords request-level rules; the error is the row's
/// parse-failure reason (the first problem).
#[inline]
pub fn checked<'s>(rec: &'s RowRecord<'_>, diags: &mut Vec<Diagnostic>) -> Result<Effective<'s>, String> {
    diags.clear();
    effective(None, rec.parts(), 0, diags).ok_or_else(|| diags.first().map(|d| d.message.clone()).unwrap_or_default())
}

/// Rows of a file read before the table makes room for the rest of it.
const RESERVE_AFTER_ROWS: usize = 1_000;

/// Makes room in the table for the records the rest of a file will bring, estimated from the
/// first rows read (their bytes, and how many of them were stored): the record vectors then
/// grow once instead of being copied at every doubling (in wasm, where a copy is all a growing
/// vector can do, that was ≈5 % of a large load).
fn reserve_for_file(table: &mut TableState, bytes_left: usize, bytes_read: usize, stored: usize) {
    if bytes_read == 0 || stored == 0 {
        return;
    }
    let rows_left = bytes_left as u64 * RESERVE_AFTER_ROWS as u64 / bytes_read as u64;
    let records_left = rows_left * stored as u64 / RESERVE_AFTER_ROWS as u64;
    table.store.reserve(usize::try_from(records_left).unwrap_or(usize::MAX).min(MAX_RESERVE));
}

/// The most records a reservation makes room for at once (16M: 768 MB of records; beyond it
/// the vectors grow as they fill).
const MAX_RESERVE: usize = 16 << 20;

#[allow(clippy::too_many_arguments)]
fn run_file(task: &mut BatchTask, table: &mut TableState, plan: &Plan<String>, opts: &CsvOptions, key: &str, data: &[u8], now: Nanos, used: &mut Used) {
    let header = match read_header(opts, data) {
        Ok(h) => h,
        Err(reason) => return file_failure(task, key, &reason, Some([1, 1])),
    };
    let bound = match plan.bind(&header.names) {
        Ok(b) => b,
        Err(reason) => return file_failure(task, key, &reason, Some([1, 1])),
    };
    if task.cursor.line == 0 {
        task.cursor.offset = header.data_offset;
        task.cursor.line = header.data_line;
        task.progress.bytes_metered += header.data_offset as i64;
        used.bytes += header.data_offset;
    }
    let version = task.record_version();
    let mut rows = Rows::new(opts, data, task.cursor.offset, task.cursor.line);
    let mut row = Row::default();
    let mut diags = Vec::new();
    let mut syms = Syms::default();
    // The window once per step: the table's retention cannot change within one.
    let win = window(table, now);
    let (mut rows_here, mut bytes_here, ingested_before) = (0usize, 0usize, task.progress.records_ingested);
    loop {
        if used.exhausted() {
            return;
        }
        if rows_here == RESERVE_AFTER_ROWS {
            reserve_for_file(
                table,
                data.len().saturating_sub(task.cursor.offset as usize),
                bytes_here,
                (task.progress.records_ingested - ingested_before) as usize,
            );
        }
        let at = match rows.next(&mut row) {
            Ok(Some(at)) => at,
            Ok(None) => return next_file(task),
            Err(e) => return file_failure(task, key, &format!("The file cannot be parsed after line {}: {e}.", task.cursor.line), None),
        };
        used.rows += 1;
        used.bytes += at.bytes;
        rows_here += 1;
        bytes_here += at.bytes as usize;
        let p = &mut task.progress;
        p.records_processed += 1;
        p.bytes_metered += at.bytes as i64;
        let prev = task.cursor.prev_line;
        let failure = match map_row(&bound, opts, &row.cells(), at.bytes, &header.names, version) {
            Err(reason) => Some((true, reason.into())),
            Ok(rec) => match checked(&rec, &mut diags) {
                Err(reason) => Some((true, reason.into())),
                Ok(eff) => match apply_record(table, &win, &eff, &mut syms) {
                    Ok(_) => None,
                    Err(r) => Some((false, report_reason(&r))),
                },
            },
        };
        match failure {
            None => p.records_ingested += 1,
            Some((parse, reason)) => {
                if parse {
                    p.parse_failures += 1;
                } else {
                    p.record_ingestion_failures += 1;
                }
                task.errors.add(key, at.line, prev, &reason);
            }
        }
        task.cursor.offset = at.next_offset;
        task.cursor.line = at.next_line;
        task.cursor.prev_line = at.line;
    }
}
