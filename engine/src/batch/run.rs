//! Stepped execution: each call advances the active tasks by a bounded amount of work, keeping
//! the exact parse position (file, byte offset, line) in the task so the next step — or a
//! restored snapshot — continues with the next row.

use csv::{ByteRecord, StringRecord};
use serde::{Deserialize, Serialize};

use super::csvsrc::{read_header, Cells, CsvOptions, MAX_ROW_BYTES};
use super::mapping::{check_model, Plan, RowRecord};
use super::report::report_reason;
use super::s3::ObjectStore;
use super::task::{report_key, BatchTask, MAX_FILES};
use crate::clock::Nanos;
use crate::ops::writes::{apply_one, effective, Effective, RecordFate};
use crate::state::{State, TableState};
use crate::store::Syms;
use crate::validate::{Diagnostic, MemberPath};
use crate::Engine;

/// How much work one step may do (whichever runs out first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepBudget {
    pub rows: u64,
    pub bytes: u64,
}

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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    let mut order: Vec<(u64, String)> =
        engine.state.batch_tasks.values().filter(|t| t.status.is_active()).map(|t| (t.seq, t.id.clone())).collect();
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

/// The line a row really starts on: csv positions point just after the previous row, before
/// any blank lines the reader skipped.
fn first_content_line(data: &[u8], offset: usize, line: u64) -> u64 {
    let mut l = line;
    for &b in data.get(offset..).unwrap_or(&[]) {
        match b {
            b'\n' => l += 1,
            b'\r' => {}
            _ => break,
        }
    }
    l
}

/// Where one data row is in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowAt {
    /// The line the row starts on (1-based; the header row is line 1).
    pub line: u64,
    /// The row's size in bytes (metered).
    pub bytes: u64,
    /// Byte offset and line just after the row: where the next read starts.
    pub next_offset: u64,
    pub next_line: u64,
}

/// The data rows of a file from a position (byte offset and line, as kept in the task cursor).
///
/// A plain line — ended by `\n`, not empty, with no quote character and no `\r` — is one row
/// whose cells are its text between separators: the csv reader would read it so too, and it is
/// read here at a fraction of the cost (the reader's state machine looks at every byte and copies
/// every cell; this looks for three bytes at once, then for the separator, and copies nothing).
/// From the first line that is not plain on, the csv reader reads the rest
/// (engine/tests/batch_rows.rs compares both on random files).
pub struct Rows<'d> {
    data: &'d [u8],
    /// Where the next row starts (offset, line) while lines are read here; None once the csv
    /// reader took over.
    plain: Option<(usize, u64)>,
    base: usize,
    base_line: u64,
    /// The csv reader, from `base` on (made when it takes over).
    reader: Option<csv::Reader<&'d [u8]>>,
    opts: CsvOptions,
}

/// A row as [`Rows::next`] read it, with buffers kept from row to row; [`Row::cells`] is its view.
#[derive(Debug, Default)]
pub struct Row<'d> {
    form: Form<'d>,
    /// Where each cell of a plain line ends.
    ends: Vec<usize>,
    /// The cells of a row the csv reader read, or of a plain line that is not UTF-8.
    bytes: ByteRecord,
    /// The cells of a row the csv reader read, once checked as UTF-8 (the buffer of `bytes`,
    /// moved here and back).
    text: StringRecord,
}

/// Which buffer of a [`Row`] holds its cells.
#[derive(Debug, Default, Clone, Copy)]
enum Form<'d> {
    /// `bytes` (a row that is not UTF-8 as a whole).
    #[default]
    Bytes,
    /// `text` (a row the csv reader read).
    Text,
    /// A plain line of the file, cut at `ends`.
    Line(&'d str),
}

impl Row<'_> {
    /// The row's cells, whichever way it was read.
    pub fn cells(&self) -> Cells<'_> {
        match self.form {
            Form::Bytes => Cells::Bytes(&self.bytes),
            Form::Text => Cells::Text(&self.text),
            Form::Line(text) => Cells::Line { text, ends: &self.ends },
        }
    }

    /// `bytes` to be filled, now the row's form (its buffer taken back from `text` if it is there).
    fn bytes_to_fill(&mut self) -> &mut ByteRecord {
        if let Form::Text = self.form {
            self.bytes = std::mem::take(&mut self.text).into_byte_record();
        }
        self.form = Form::Bytes;
        &mut self.bytes
    }
}

impl<'d> Rows<'d> {
    pub fn new(opts: &CsvOptions, data: &'d [u8], offset: u64, line: u64) -> Self {
        let base = (offset as usize).min(data.len());
        Rows { data, plain: Some((base, line)), base, base_line: line, reader: None, opts: opts.clone() }
    }

    /// [`Rows::new`] with every row read by the csv reader (for tests that compare).
    pub fn csv_only(opts: &CsvOptions, data: &'d [u8], offset: u64, line: u64) -> Self {
        let mut rows = Rows::new(opts, data, offset, line);
        rows.plain = None;
        rows
    }

    /// Reads the next row into `row`: `Ok(None)` at the end of the file.
    pub fn next(&mut self, row: &mut Row<'d>) -> Result<Option<RowAt>, csv::Error> {
        if let Some((at, line)) = self.plain {
            if let Some(found) = self.plain_line(at, line, row) {
                return Ok(Some(found));
            }
            self.plain = None;
            (self.base, self.base_line) = (at, line);
        }
        let reader = self.reader.get_or_insert_with(|| self.opts.reader(&self.data[self.base..]));
        if !reader.read_byte_record(row.bytes_to_fill())? {
            return Ok(None);
        }
        let (start_byte, start_line) = row.bytes.position().map_or((0, 1), |p| (p.byte(), p.line()));
        // One UTF-8 check for the whole row; a row that fails it is read cell by cell.
        match StringRecord::from_byte_record(std::mem::take(&mut row.bytes)) {
            Ok(text) => (row.text, row.form) = (text, Form::Text),
            Err(e) => row.bytes = e.into_byte_record(),
        }
        let next = reader.position();
        Ok(Some(RowAt {
            line: first_content_line(self.data, self.base + start_byte as usize, self.base_line + start_line - 1),
            bytes: next.byte() - start_byte,
            next_offset: self.base as u64 + next.byte(),
            next_line: self.base_line + next.line() - 1,
        }))
    }

    /// The plain line at `at` as a row, or None when the line is not plain (see the type's doc).
    #[inline]
    fn plain_line(&mut self, at: usize, line: u64, row: &mut Row<'d>) -> Option<RowAt> {
        let rest = &self.data[at..];
        let end = memchr::memchr3(b'\n', b'\r', self.opts.quote, rest)?;
        if end == 0 || rest[end] != b'\n' {
            return None;
        }
        let cells = &rest[..end];
        row.ends.clear();
        row.ends.extend(memchr::memchr_iter(self.opts.separator, cells));
        row.ends.push(end);
        match std::str::from_utf8(cells) {
            Ok(text) => row.form = Form::Line(text),
            Err(_) => {
                row.bytes_to_fill().clear();
                let mut start = 0;
                for &e in &row.ends {
                    row.bytes.push_field(&cells[start..e]);
                    start = e + 1;
                }
            }
        }
        let next = at + end + 1;
        self.plain = Some((next, line + 1));
        Some(RowAt { line, bytes: end as u64 + 1, next_offset: next as u64, next_line: line + 1 })
    }
}

/// One data row as a record (borrowing the row and the plan); the error is the row's
/// parse-failure reason. Batch runs and previews both go through here, then [`checked`].
#[inline]
pub fn map_row<'r>(plan: &'r Plan<usize>, opts: &CsvOptions, row: &Cells<'r>, row_bytes: u64, width: usize, version: i64) -> Result<RowRecord<'r>, String> {
    if row_bytes > MAX_ROW_BYTES {
        return Err("The row exceeds the maximum row size of 16 MB.".into());
    }
    plan.row(opts, row, width, version)
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
    let width = header.names.len();
    let version = task.record_version();
    let mut rows = Rows::new(opts, data, task.cursor.offset, task.cursor.line);
    let mut row = Row::default();
    let mut diags = Vec::new();
    let mut syms = Syms::default();
    let (mut rows_here, mut bytes_here, ingested_before) = (0usize, 0usize, task.progress.records_ingested);
    loop {
        if used.exhausted() {
            return;
        }
        if rows_here == RESERVE_AFTER_ROWS {
            reserve_for_file(table, data.len().saturating_sub(task.cursor.offset as usize), bytes_here, (task.progress.records_ingested - ingested_before) as usize);
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
        let failure = match map_row(&bound, opts, &row.cells(), at.bytes, width, version) {
            Err(reason) => Some((true, reason)),
            Ok(rec) => match checked(&rec, &mut diags) {
                Err(reason) => Some((true, reason)),
                Ok(eff) => match apply_one(table, now, 0, &eff, &mut syms) {
                    RecordFate::Memory | RecordFate::Magnetic => None,
                    RecordFate::Rejected(r) => Some((false, report_reason(&r.reason).to_string())),
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
