//! A batch-load task: its configuration, status lifecycle, parse position and progress.
//!
//! CREATED → IN_PROGRESS → SUCCEEDED | FAILED; any active status → PROGRESS_STOPPED (stop);
//! PROGRESS_STOPPED → PENDING_RESUME (ResumeBatchLoadTask, until ResumableUntil) → IN_PROGRESS.

use serde::Serialize;

use super::report::ErrorLog;
use crate::clock::{epoch_seconds, Nanos, NANOS_PER_DAY};
use crate::types::{BatchLoadProgressReport, BatchLoadTask, BatchLoadTaskDescription, CreateBatchLoadTaskRequest, DataModel, DataModelConfiguration};
use crate::ApiError;

/// How long a stopped task stays resumable (ResumableUntil = stop time + 7 days; the service's
/// value is undocumented).
pub const RESUMABLE_FOR: Nanos = 7 * NANOS_PER_DAY;
/// Active tasks per table and per account (ts-limits).
pub const MAX_ACTIVE_PER_TABLE: usize = 5;
pub const MAX_ACTIVE_PER_ACCOUNT: usize = 10;
/// Files per task (ts-limits).
pub const MAX_FILES: usize = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskStatus {
    #[default]
    Created,
    InProgress,
    Failed,
    Succeeded,
    ProgressStopped,
    PendingResume,
}

crate::value_de::lean_unit_enum!(TaskStatus, ScreamingSnake; Created, InProgress, Failed, Succeeded, ProgressStopped, PendingResume);

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Created => "CREATED",
            TaskStatus::InProgress => "IN_PROGRESS",
            TaskStatus::Failed => "FAILED",
            TaskStatus::Succeeded => "SUCCEEDED",
            TaskStatus::ProgressStopped => "PROGRESS_STOPPED",
            TaskStatus::PendingResume => "PENDING_RESUME",
        }
    }
    /// Counts against the active-task quotas and is advanced by `step_batch_load`.
    pub fn is_active(self) -> bool {
        matches!(self, TaskStatus::Created | TaskStatus::InProgress | TaskStatus::PendingResume)
    }
    pub fn is_final(self) -> bool {
        matches!(self, TaskStatus::Failed | TaskStatus::Succeeded)
    }
}

/// Where the task is in its source files. Stepping resumes exactly here.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cursor {
    /// The object keys to load, in key order (listed when the task first runs).
    pub files: Option<Vec<String>>,
    /// Index into `files` of the file being read.
    pub file: usize,
    /// Byte offset of the next row in the current file (0: the header is not read yet).
    pub offset: u64,
    /// Line number (1-based, as in a text editor) at `offset`.
    pub line: u64,
    /// Line of the previous data row of the current file (0: none), for merging report ranges.
    pub prev_line: u64,
}

crate::value_de::lean_reader!(Cursor, Camel; files, file, offset, line, prev_line);

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchTask {
    pub id: String,
    /// Creation order (listing order).
    pub seq: u64,
    /// The request as given (echoed by DescribeBatchLoadTask).
    pub request: CreateBatchLoadTaskRequest,
    /// The data model in effect (inline, or read from DataModelS3Configuration at creation).
    pub model: DataModel,
    pub status: TaskStatus,
    pub created: Nanos,
    pub updated: Nanos,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resumable_until: Option<Nanos>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    pub progress: BatchLoadProgressReport,
    /// Where the task is in its source, and the errors so far (internal: the report is
    /// `Engine::batch_load_error_report`).
    pub(crate) cursor: Cursor,
    pub(crate) errors: ErrorLog,
    /// `(bucket, key)` of the error report once written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_location: Option<(String, String)>,
}

crate::value_de::lean_reader!(BatchTask, Camel; id, seq, request, model, status, created, updated, resumable_until, error_message, progress, cursor, errors, report_location);

/// The key of a task's error report: `<ObjectKeyPrefix>/<TaskId>/error-report.json`
/// (`<TaskId>/error-report.json` without a prefix).
/// The answer for a task id that does not exist.
pub fn not_found(task_id: &str) -> ApiError {
    ApiError::not_found(format!("The batch load task {task_id} does not exist."))
}

pub fn report_key(prefix: Option<&str>, task_id: &str) -> String {
    match prefix.map(|p| p.trim_end_matches('/')).filter(|p| !p.is_empty()) {
        Some(p) => format!("{p}/{task_id}/error-report.json"),
        None => format!("{task_id}/error-report.json"),
    }
}

impl BatchTask {
    pub fn database(&self) -> &str {
        &self.request.target_database_name
    }
    pub fn table(&self) -> &str {
        &self.request.target_table_name
    }
    pub fn record_version(&self) -> i64 {
        self.request.record_version.unwrap_or(1)
    }

    pub fn describe(&self) -> BatchLoadTaskDescription {
        let r = &self.request;
        let model = r.data_model_configuration.as_ref().map(|c| match &c.data_model {
            Some(m) => DataModelConfiguration { data_model: Some(super::mapping::with_defaults(m)), data_model_s3_configuration: None },
            None => c.clone(),
        });
        BatchLoadTaskDescription {
            task_id: self.id.clone(),
            error_message: self.error_message.clone(),
            data_source_configuration: r.data_source_configuration.clone(),
            progress_report: self.progress.clone(),
            report_configuration: r.report_configuration.clone(),
            data_model_configuration: model,
            target_database_name: r.target_database_name.clone(),
            target_table_name: r.target_table_name.clone(),
            task_status: self.status.as_str().into(),
            record_version: self.record_version(),
            creation_time: epoch_seconds(self.created),
            last_updated_time: epoch_seconds(self.updated),
            resumable_until: self.resumable_until.map(epoch_seconds),
        }
    }

    pub fn summary(&self) -> BatchLoadTask {
        BatchLoadTask {
            task_id: self.id.clone(),
            task_status: self.status.as_str().into(),
            database_name: self.database().into(),
            table_name: self.table().into(),
            creation_time: epoch_seconds(self.created),
            last_updated_time: epoch_seconds(self.updated),
            resumable_until: self.resumable_until.map(epoch_seconds),
        }
    }

    fn set_status(&mut self, status: TaskStatus, now: Nanos) {
        self.status = status;
        self.updated = now;
    }

    /// Stops an active task where it is (PROGRESS_STOPPED, resumable for [`RESUMABLE_FOR`]).
    pub fn stop(&mut self, now: Nanos) -> Result<(), ApiError> {
        if !self.status.is_active() {
            return Err(ApiError::validation(format!(
                "The batch load task {} cannot be stopped: its status is {}; only a task in CREATED, IN_PROGRESS or PENDING_RESUME can be stopped.",
                self.id,
                self.status.as_str()
            )));
        }
        self.set_status(TaskStatus::ProgressStopped, now);
        self.resumable_until = Some(now.saturating_add(RESUMABLE_FOR));
        Ok(())
    }

    /// ResumeBatchLoadTask: PROGRESS_STOPPED → PENDING_RESUME while still resumable.
    pub fn resume(&mut self, now: Nanos) -> Result<(), ApiError> {
        if self.status != TaskStatus::ProgressStopped {
            return Err(ApiError::validation(format!(
                "The batch load task {} cannot be resumed: its status is {}; only a task in PROGRESS_STOPPED can be resumed.",
                self.id,
                self.status.as_str()
            )));
        }
        if let Some(until) = self.resumable_until {
            if now >= until {
                return Err(ApiError::validation(format!(
                    "The batch load task {} can no longer be resumed: it was resumable until {}.",
                    self.id,
                    crate::clock::iso8601_millis(until)
                )));
            }
        }
        self.set_status(TaskStatus::PendingResume, now);
        Ok(())
    }

    /// CREATED / PENDING_RESUME → IN_PROGRESS when a step picks the task up.
    pub fn start(&mut self, now: Nanos) {
        if matches!(self.status, TaskStatus::Created | TaskStatus::PendingResume) {
            self.set_status(TaskStatus::InProgress, now);
            self.resumable_until = None;
        }
    }

    /// A task-level failure: the task ends FAILED.
    pub fn fail_task(&mut self, reason: String) {
        self.errors.task_errors.push(reason);
        self.cursor.file = usize::MAX;
    }

    pub fn has_errors(&self) -> bool {
        let p = &self.progress;
        p.parse_failures + p.record_ingestion_failures + p.file_failures > 0 || !self.errors.task_errors.is_empty()
    }

    /// Ends the task: SUCCEEDED without any error, otherwise FAILED with a summary message.
    pub fn finish(&mut self, now: Nanos) {
        if !self.has_errors() {
            self.set_status(TaskStatus::Succeeded, now);
            return;
        }
        let p = &self.progress;
        let mut msg = match self.errors.task_errors.first() {
            Some(e) => e.clone(),
            None => format!(
                "The task completed with errors: {} parse failures, {} record ingestion failures, {} file failures ({} of {} records ingested).",
                p.parse_failures, p.record_ingestion_failures, p.file_failures, p.records_ingested, p.records_processed
            ),
        };
        if let Some((b, k)) = &self.report_location {
            msg.push_str(&format!(" See the error report at s3://{b}/{k}."));
        }
        if msg.len() > 2048 {
            let mut end = 2048;
            while !msg.is_char_boundary(end) {
                end -= 1;
            }
            msg.truncate(end);
        }
        self.error_message = Some(msg);
        self.set_status(TaskStatus::Failed, now);
    }
}
