//! CreateBatchLoadTask, DescribeBatchLoadTask, ListBatchLoadTasks, ResumeBatchLoadTask.
//! The work itself happens in `crate::batch` when tasks are stepped.

use serde_json::Value;

use super::{pagination, tables};
use crate::batch::csvsrc::CsvOptions;
use crate::batch::mapping::check_model;
use crate::batch::preview::{preview_rows, BatchPreview};
use crate::batch::task::{BatchTask, Cursor, TaskStatus, MAX_ACTIVE_PER_ACCOUNT, MAX_ACTIVE_PER_TABLE};
use crate::state::TableState;
use crate::types::*;
use crate::validate::{Diagnostic, MemberPath, Rule};
use crate::{ApiError, Engine, ErrorKind, Operation};

pub use crate::batch::task::not_found;

fn diag(path: MemberPath, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new(path, Rule::Semantic, msg)
}

/// The data model of a request: inline, or read from the object store. Problems are pushed to
/// `out`.
fn resolve_model(engine: &Engine, req: &CreateBatchLoadTaskRequest, out: &mut Vec<Diagnostic>) -> Option<DataModel> {
    let root = MemberPath::root().member("DataModelConfiguration");
    let Some(cfg) = &req.data_model_configuration else {
        out.push(diag(root, "DataModelConfiguration is required: specify DataModel or DataModelS3Configuration to map the CSV columns to the table."));
        return None;
    };
    match (&cfg.data_model, &cfg.data_model_s3_configuration) {
        (Some(_), Some(_)) => {
            out.push(diag(root, "Specify either DataModel or DataModelS3Configuration in DataModelConfiguration, not both."));
            None
        }
        (None, None) => {
            out.push(diag(root, "DataModelConfiguration must specify DataModel or DataModelS3Configuration."));
            None
        }
        (Some(m), None) => Some(m.clone()),
        (None, Some(s3)) => {
            let p = root.member("DataModelS3Configuration");
            let (Some(bucket), Some(key)) = (&s3.bucket_name, &s3.object_key) else {
                out.push(diag(p, "DataModelS3Configuration requires BucketName and ObjectKey."));
                return None;
            };
            let Some(obj) = engine.state.s3.get(bucket, key) else {
                out.push(diag(p.member("ObjectKey"), format!("The data model file s3://{bucket}/{key} does not exist.")));
                return None;
            };
            match serde_json::from_slice::<Value>(&obj.data).map_err(|e| e.to_string()).and_then(|v| crate::wire::read::<DataModel>(v).map_err(|e| e.0)) {
                Ok(m) => Some(m),
                Err(e) => {
                    out.push(diag(p.member("ObjectKey"), format!("The data model file s3://{bucket}/{key} is not a valid DataModel JSON document: {e}.")));
                    None
                }
            }
        }
    }
}

/// The combination rules of a CreateBatchLoadTask request (batch-load.md §2) that need no
/// resource: data model, CSV options, report encryption. Returns the data model in effect.
pub fn request_rules(engine: &Engine, req: &CreateBatchLoadTaskRequest, out: &mut Vec<Diagnostic>) -> Option<DataModel> {
    let csv_path = MemberPath::root().member("DataSourceConfiguration").member("CsvConfiguration");
    CsvOptions::from_config(req.data_source_configuration.csv_configuration.as_ref(), &csv_path, out);
    if let Some(rc) = &req.report_configuration.report_s3_configuration {
        if rc.encryption_option.as_deref() == Some("SSE_KMS") && rc.kms_key_id.is_none() {
            out.push(diag(
                MemberPath::root().member("ReportConfiguration").member("ReportS3Configuration").member("KmsKeyId"),
                "ReportConfiguration.ReportS3Configuration.KmsKeyId is required when EncryptionOption is SSE_KMS.",
            ));
        }
    }
    let model = resolve_model(engine, req, out)?;
    let base = match req.data_model_configuration.as_ref().and_then(|c| c.data_model.as_ref()) {
        Some(_) => MemberPath::root().member("DataModelConfiguration").member("DataModel"),
        None => MemberPath::root().member("DataModelConfiguration").member("DataModelS3Configuration"),
    };
    check_model(&model, &base, out).map(|_| model)
}

/// A REQUIRED DIMENSION partition key of the table must be mapped (customer-defined partition keys).
fn partition_key_rule(table: &TableState, model: &DataModel, out: &mut Vec<Diagnostic>) {
    if let Some((key, true)) = table.dimension_key() {
        let mapped = model.dimension_mappings.iter().any(|d| d.destination_column.as_ref().or(d.source_column.as_ref()).map(String::as_str) == Some(key));
        if !mapped {
            out.push(diag(
                MemberPath::root().member("DataModelConfiguration").member("DataModel").member("DimensionMappings"),
                format!("The table {} requires the partition key dimension {key} (EnforcementInRecord is REQUIRED), but the data model does not map it in DimensionMappings.", table.name),
            ));
        }
    }
}

/// Every request-level problem of a CreateBatchLoadTask body, for `Engine::diagnose`.
pub fn diagnostics(engine: &Engine, value: &Value) -> Vec<Diagnostic> {
    let Ok(req) = crate::wire::read::<CreateBatchLoadTaskRequest>(value.clone()) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(model) = request_rules(engine, &req, &mut out) {
        if let Ok(table) = tables::get(engine, &req.target_database_name, &req.target_table_name) {
            partition_key_rule(table, &model, &mut out);
        }
    }
    out
}

fn same_request(a: &CreateBatchLoadTaskRequest, b: &CreateBatchLoadTaskRequest) -> bool {
    let strip = |r: &CreateBatchLoadTaskRequest| CreateBatchLoadTaskRequest { client_token: None, ..r.clone() };
    strip(a) == strip(b)
}

/// What CreateBatchLoadTask checks before it creates anything: the request rules, the target
/// table and its partition-key rule. Returns the data model in effect (also used by previews).
pub fn checked_model(engine: &Engine, req: &CreateBatchLoadTaskRequest) -> Result<DataModel, ApiError> {
    let mut diags = Vec::new();
    let model = request_rules(engine, req, &mut diags);
    if !diags.is_empty() {
        return Err(ApiError::from_diagnostics(ErrorKind::Validation, diags));
    }
    let model = model.unwrap_or_default();
    let table = tables::get(engine, &req.target_database_name, &req.target_table_name)?;
    partition_key_rule(table, &model, &mut diags);
    if !diags.is_empty() {
        return Err(ApiError::from_diagnostics(ErrorKind::Validation, diags));
    }
    Ok(model)
}

pub fn create(engine: &mut Engine, req: CreateBatchLoadTaskRequest) -> Result<CreateBatchLoadTaskResponse, ApiError> {
    let model = checked_model(engine, &req)?;
    if let Some(token) = &req.client_token {
        if let Some(t) = engine.state.batch_tasks.values().find(|t| t.request.client_token.as_ref() == Some(token)) {
            if same_request(&t.request, &req) {
                return Ok(CreateBatchLoadTaskResponse { task_id: t.id.clone() });
            }
            return Err(ApiError::conflict(format!("The ClientToken {token} was already used for the batch load task {} with different parameters.", t.id)));
        }
    }
    let active: Vec<&BatchTask> = engine.state.batch_tasks.values().map(|t| &**t).filter(|t| t.status.is_active()).collect();
    let on_table = active.iter().filter(|t| t.database() == req.target_database_name && t.table() == req.target_table_name).count();
    if on_table >= MAX_ACTIVE_PER_TABLE {
        return Err(ApiError::quota(format!(
            "The table {} already has {MAX_ACTIVE_PER_TABLE} active batch load tasks, the maximum per table. Wait for a task to complete.",
            req.target_table_name
        )));
    }
    if active.len() >= MAX_ACTIVE_PER_ACCOUNT {
        return Err(ApiError::quota(format!(
            "This account already has {MAX_ACTIVE_PER_ACCOUNT} active batch load tasks, the maximum per account. Wait for a task to complete."
        )));
    }
    let now = engine.now();
    let mut id = engine.ids.task_id();
    while engine.state.batch_tasks.contains_key(&id) {
        id = engine.ids.task_id();
    }
    let seq = engine.state.batch_tasks.values().map(|t| t.seq + 1).max().unwrap_or(0);
    let task = BatchTask {
        id: id.clone(),
        seq,
        request: req,
        model,
        status: TaskStatus::Created,
        created: now,
        updated: now,
        resumable_until: None,
        error_message: None,
        progress: BatchLoadProgressReport::default(),
        cursor: Cursor::default(),
        errors: Default::default(),
        report_location: None,
    };
    engine.state.batch_tasks.insert(id.clone(), Box::new(task));
    Ok(CreateBatchLoadTaskResponse { task_id: id })
}

pub fn describe(engine: &Engine, req: TaskIdRequest) -> Result<DescribeBatchLoadTaskResponse, ApiError> {
    let task = engine.state.batch_tasks.get(&req.task_id).ok_or_else(|| not_found(&req.task_id))?;
    Ok(DescribeBatchLoadTaskResponse { batch_load_task_description: task.describe() })
}

pub fn list(engine: &Engine, req: ListBatchLoadTasksRequest) -> Result<ListBatchLoadTasksResponse, ApiError> {
    let mut tasks: Vec<&BatchTask> =
        engine.state.batch_tasks.values().map(|t| &**t).filter(|t| req.task_status.as_deref().is_none_or(|s| t.status.as_str() == s)).collect();
    tasks.sort_by_key(|t| t.seq);
    let items = tasks.into_iter().map(|t| (format!("{:020}", t.seq), t.summary()));
    let (batch_load_tasks, next_token) = pagination::page(items, "batchload", req.next_token.as_deref(), req.max_results, 100)?;
    Ok(ListBatchLoadTasksResponse { batch_load_tasks, next_token })
}

pub fn resume(engine: &mut Engine, req: TaskIdRequest) -> Result<(), ApiError> {
    let now = engine.now();
    let task = engine.state.batch_tasks.get_mut(&req.task_id).ok_or_else(|| not_found(&req.task_id))?;
    task.resume(now)
}

impl Engine {
    /// The first `rows` data rows of a CreateBatchLoadTask request's first source file, mapped
    /// as a task would map them and checked against the target table (without writing).
    /// Request problems come back as the error CreateBatchLoadTask would answer.
    pub fn preview_batch_load(&self, body: &[u8], rows: usize) -> Result<BatchPreview, ApiError> {
        let value = crate::parse_body(body)?;
        crate::check_model(Operation::CreateBatchLoadTask, &value)?;
        let req: CreateBatchLoadTaskRequest = super::typed(value)?;
        let model = checked_model(self, &req)?;
        let table = tables::get(self, &req.target_database_name, &req.target_table_name)?;
        Ok(preview_rows(&self.state.s3, table, &req, &model, self.now(), rows))
    }
}
