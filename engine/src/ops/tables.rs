//! CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables.

use super::{databases, pagination, tags};
use crate::state::{table_arn, TableState, DEFAULT_MAGNETIC_DAYS, DEFAULT_MEMORY_HOURS};
use crate::store::RecordStore;
use crate::types::*;
use crate::{ApiError, Engine, RequestContext};

/// Account quota (ts-limits): tables per account.
pub const MAX_TABLES: usize = 50_000;

pub fn get<'a>(engine: &'a Engine, db: &str, table: &str) -> Result<&'a TableState, ApiError> {
    engine.state.table(db, table)
}

pub fn get_mut<'a>(engine: &'a mut Engine, db: &str, table: &str) -> Result<&'a mut TableState, ApiError> {
    engine.state.table_mut(db, table)
}

fn default_schema() -> Vec<PartitionKey> {
    vec![PartitionKey { r#type: "MEASURE".into(), name: None, enforcement_in_record: None }]
}

/// The composite partition key rules of CreateTable (spec/operations.md §6).
fn check_partition_keys(keys: &[PartitionKey]) -> Result<(), ApiError> {
    if keys.len() > 1 {
        return Err(ApiError::validation(
            "You have specified too many partition keys to be used in your composite partition key. Only 1 partition keys can be specified.".to_string(),
        ));
    }
    for key in keys {
        match (key.r#type.as_str(), key.name.as_deref()) {
            ("DIMENSION", None) => return Err(ApiError::validation("A partition key of type DIMENSION must specify the Name of the dimension.")),
            ("MEASURE", Some(_)) => return Err(ApiError::validation("A partition key of type MEASURE must not specify a Name.")),
            _ => {}
        }
    }
    Ok(())
}

/// SSE_KMS needs a key (ReportS3Configuration / S3Configuration docs: "otherwise an error is thrown").
pub fn check_s3_encryption(option: Option<&str>, key: Option<&str>, member: &str) -> Result<(), ApiError> {
    if option == Some("SSE_KMS") && key.is_none() {
        return Err(ApiError::validation(format!("{member}.KmsKeyId is required when EncryptionOption is SSE_KMS.")));
    }
    Ok(())
}

fn check_magnetic(m: &MagneticStoreWriteProperties) -> Result<(), ApiError> {
    if let Some(s3) = m.magnetic_store_rejected_data_location.as_ref().and_then(|l| l.s3_configuration.as_ref()) {
        check_s3_encryption(
            s3.encryption_option.as_deref(),
            s3.kms_key_id.as_deref(),
            "MagneticStoreWriteProperties.MagneticStoreRejectedDataLocation.S3Configuration",
        )?;
    }
    Ok(())
}

pub fn create(engine: &mut Engine, ctx: &RequestContext, req: CreateTableRequest) -> Result<TableResponse, ApiError> {
    let table_total: usize = engine.state.databases.values().map(|d| d.tables.len()).sum();
    let db = databases::get(engine, &req.database_name)?;
    if db.tables.contains_key(&req.table_name) {
        return Err(ApiError::conflict(format!("A table with the name {} already exists in database {}.", req.table_name, req.database_name)));
    }
    if table_total >= MAX_TABLES {
        return Err(ApiError::quota(format!("The number of tables in this account has reached the limit of {MAX_TABLES}.")));
    }
    let partition_keys = match req.schema.and_then(|s| s.composite_partition_key) {
        Some(keys) => {
            check_partition_keys(&keys)?;
            keys
        }
        None => default_schema(),
    };
    let magnetic = req.magnetic_store_write_properties.unwrap_or_default();
    check_magnetic(&magnetic)?;
    let tags = tags::merged(&[], req.tags.unwrap_or_default())?;
    let region = ctx.region.as_deref().unwrap_or(&engine.config.region).to_string();
    let now = engine.now();
    let table = TableState {
        arn: table_arn(&region, &engine.config.account, &req.database_name, &req.table_name),
        name: req.table_name.clone(),
        database: req.database_name.clone(),
        status: "ACTIVE".into(),
        created: now,
        updated: now,
        retention: req.retention_properties.unwrap_or(RetentionProperties {
            memory_store_retention_period_in_hours: DEFAULT_MEMORY_HOURS,
            magnetic_store_retention_period_in_days: DEFAULT_MAGNETIC_DAYS,
        }),
        retention_history: Default::default(),
        magnetic,
        partition_keys,
        tags,
        store: RecordStore::default(),
    };
    let out = table.describe();
    databases::get_mut(engine, &req.database_name)?.tables.insert(req.table_name, Box::new(table));
    Ok(TableResponse { table: out })
}

pub fn describe(engine: &Engine, req: TableNameRequest) -> Result<TableResponse, ApiError> {
    Ok(TableResponse { table: get(engine, &req.database_name, &req.table_name)?.describe() })
}

pub fn update(engine: &mut Engine, req: UpdateTableRequest) -> Result<TableResponse, ApiError> {
    let now = engine.now();
    let table = get_mut(engine, &req.database_name, &req.table_name)?;
    if let Some(keys) = req.schema.as_ref().and_then(|s| s.composite_partition_key.as_ref()) {
        check_partition_keys(keys)?;
        let same_shape =
            keys.len() == table.partition_keys.len() && keys.iter().zip(&table.partition_keys).all(|(a, b)| a.r#type == b.r#type && a.name == b.name);
        if !same_shape {
            return Err(ApiError::validation(
                "The composite partition key cannot be changed after the table is created. Only EnforcementInRecord can be updated.",
            ));
        }
    }
    if let Some(m) = &req.magnetic_store_write_properties {
        check_magnetic(m)?;
    }
    let mut changed = false;
    if let Some(r) = req.retention_properties {
        if table.retention != r {
            // A grown retention fills as time passes; a shrink applies at once (write::retention).
            table.retention_history.changed(&table.retention, &r, now);
            changed = true;
        }
        table.retention = r;
    }
    if let Some(m) = req.magnetic_store_write_properties {
        changed |= table.magnetic != m;
        table.magnetic = m;
    }
    if let Some(keys) = req.schema.and_then(|s| s.composite_partition_key) {
        changed |= table.partition_keys != keys;
        table.partition_keys = keys;
    }
    if changed {
        table.updated = now;
    }
    Ok(TableResponse { table: table.describe() })
}

pub fn delete(engine: &mut Engine, req: TableNameRequest) -> Result<(), ApiError> {
    get(engine, &req.database_name, &req.table_name)?;
    databases::get_mut(engine, &req.database_name)?.tables.remove(&req.table_name);
    Ok(())
}

pub fn list(engine: &Engine, req: ListTablesRequest) -> Result<ListTablesResponse, ApiError> {
    let items: Vec<(String, Table)> = match &req.database_name {
        Some(db) => databases::get(engine, db)?.tables.values().map(|t| (t.name.clone(), t.describe())).collect(),
        None => engine.state.databases.values().flat_map(|d| d.tables.values().map(|t| (format!("{}\u{0}{}", t.database, t.name), t.describe()))).collect(),
    };
    let (tables, next_token) = pagination::page(items, "table", req.next_token.as_deref(), req.max_results, 20)?;
    Ok(ListTablesResponse { tables, next_token })
}
