//! Batch load end to end (spec/batch-load.md): an emulated S3 object store, CSV sources, data
//! models, the task lifecycle, stepped execution with progress, and error reports.
//!
//! Every CSV row becomes a WriteRecords `Record` and goes through the same rules as
//! WriteRecords (`write::effective` then `write::apply_record`): rows that break a
//! request-level rule (or cannot be mapped) are ParseFailures, rows the table rejects are
//! RecordIngestionFailures. Tasks only advance when [`Engine::step_batch_load`] is called (the
//! browser calls it from an animation frame, timestream-local from a background task).

pub mod csvsrc;
pub mod mapping;
pub mod preview;
pub mod report;
pub mod row_record;
pub mod rows;
pub mod run;
pub mod s3;
pub mod task;

pub use preview::{BatchPreview, PreviewRow, RowOutcome};
pub use report::{ErrorReport, FileErrors, ReasonLines, TaskError};
pub use run::{StepBudget, StepReport};
pub use s3::{BucketInfo, ObjectInfo};
pub use task::{BatchTask, TaskStatus};

use crate::{ApiError, Engine};

/// The typed API the playground UI and timestream-local use (the wire API has no S3 and no
/// way to stop a task).
impl Engine {
    /// Stores an object (creating the bucket when needed).
    pub fn put_object(&mut self, bucket: &str, key: &str, data: impl Into<Vec<u8>>) {
        let now = self.now();
        self.state.s3.put(bucket, key, data.into(), now);
    }

    pub fn get_object(&self, bucket: &str, key: &str) -> Option<&[u8]> {
        self.state.s3.get(bucket, key).map(|o| o.data.as_slice())
    }

    /// Deletes an object; returns whether it existed.
    pub fn delete_object(&mut self, bucket: &str, key: &str) -> bool {
        self.state.s3.delete(bucket, key)
    }

    /// Objects of a bucket under `prefix` (all when None), in key order.
    pub fn list_objects(&self, bucket: &str, prefix: Option<&str>) -> Vec<ObjectInfo> {
        self.state.s3.list(bucket, prefix)
    }

    pub fn list_buckets(&self) -> Vec<BucketInfo> {
        self.state.s3.list_buckets()
    }

    /// Creates an empty bucket; returns whether it was new.
    pub fn create_bucket(&mut self, bucket: &str) -> bool {
        let now = self.now();
        self.state.s3.create_bucket(bucket, now)
    }

    /// Deletes a bucket with its objects; returns whether it existed.
    pub fn delete_bucket(&mut self, bucket: &str) -> bool {
        self.state.s3.delete_bucket(bucket)
    }

    /// Advances active batch-load tasks by at most `budget` rows/bytes.
    pub fn step_batch_load(&mut self, budget: StepBudget) -> StepReport {
        run::step(self, budget)
    }

    /// Runs every active task to its end (tests, scripts). Returns the merged report.
    pub fn run_batch_loads(&mut self) -> StepReport {
        let mut total = StepReport::default();
        loop {
            let r = self.step_batch_load(StepBudget::rows(1 << 20));
            total.rows += r.rows;
            total.bytes += r.bytes;
            total.finished.extend(r.finished);
            total.reports.extend(r.reports);
            total.active = r.active;
            if r.active == 0 {
                return total;
            }
        }
    }

    /// Whether any task is CREATED, IN_PROGRESS or PENDING_RESUME.
    pub fn has_active_batch_loads(&self) -> bool {
        self.state.batch_tasks.values().any(|t| t.status.is_active())
    }

    /// Stops a task where it is (the console's stop; not a wire operation): PROGRESS_STOPPED,
    /// resumable with ResumeBatchLoadTask for [`task::RESUMABLE_FOR`].
    pub fn stop_batch_load_task(&mut self, task_id: &str) -> Result<(), ApiError> {
        let now = self.now();
        let task = self.state.batch_tasks.get_mut(task_id).ok_or_else(|| task::not_found(task_id))?;
        task.stop(now)
    }

    pub fn batch_load_task(&self, task_id: &str) -> Option<&BatchTask> {
        self.state.batch_tasks.get(task_id).map(|t| &**t)
    }

    /// The error report of a task as its S3 object now reads (`None` while the task has
    /// written none, or when the object is gone or is no report). Read through a JSON value,
    /// as replies and snapshots are: one reader of the report's types in the browser's module.
    pub fn batch_load_error_report(&self, task_id: &str) -> Option<ErrorReport> {
        let (bucket, key) = self.state.batch_tasks.get(task_id)?.report_location.as_ref()?;
        let value: serde_json::Value = serde_json::from_slice(&self.state.s3.get(bucket, key)?.data).ok()?;
        crate::from_value(value).ok()
    }

    /// How far a task has read its source, as `(bytes read, bytes in all its files)`: whole
    /// files already read plus the position in the current one; a finished task is at the end.
    pub fn batch_load_position(&self, task_id: &str) -> Option<(u64, u64)> {
        let task = self.state.batch_tasks.get(task_id)?;
        let s3 = &task.request.data_source_configuration.data_source_s3_configuration;
        let sizes: Vec<u64> = match &task.cursor.files {
            Some(files) => files.iter().map(|k| self.state.s3.get(&s3.bucket_name, k).map_or(0, |o| o.data.len() as u64)).collect(),
            None => self.state.s3.list(&s3.bucket_name, s3.object_key_prefix.as_deref()).iter().map(|o| o.size).collect(),
        };
        let total: u64 = sizes.iter().sum();
        if task.status.is_final() {
            return Some((total, total));
        }
        let c = &task.cursor;
        let done = sizes.iter().take(c.file).sum::<u64>() + if c.file < sizes.len() { c.offset.min(sizes[c.file]) } else { 0 };
        Some((done, total))
    }
}
