//! Resources of the emulated account: databases → tables (each with its record store), plus
//! the S3 object store and batch-load tasks.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::clock::{epoch_seconds, Nanos};
use crate::store::RecordStore;
use crate::types;
use crate::write::RetentionHistory;
use crate::ApiError;

pub const DEFAULT_MEMORY_HOURS: i64 = 6;
pub const DEFAULT_MAGNETIC_DAYS: i64 = 73_000;

/// Every map of the engine's state keyed by name holds its values boxed (databases, tables,
/// batch-load tasks, buckets, objects): a `BTreeMap<String, Box<_>>` compiles to the same code
/// whatever it holds, so the browser's module has one copy of its insert, removal and
/// rebalancing, not one per value type (3.0 KB of gzip; docs/benchmarks.md, "Boxed values").
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub databases: BTreeMap<String, Box<DatabaseState>>,
    /// The emulated S3 object store (batch-load sources, data models and error reports).
    #[serde(default)]
    pub s3: crate::batch::s3::ObjectStore,
    /// Batch-load tasks by TaskId.
    #[serde(default)]
    pub batch_tasks: BTreeMap<String, Box<crate::batch::task::BatchTask>>,
}

crate::value_de::lean_reader!(State, Camel; databases, #[default] s3, #[default] batch_tasks);

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseState {
    pub name: String,
    pub arn: String,
    pub kms_key_id: String,
    pub created: Nanos,
    pub updated: Nanos,
    pub tags: Vec<types::Tag>,
    pub tables: BTreeMap<String, Box<TableState>>,
}

crate::value_de::lean_reader!(DatabaseState, Camel; name, arn, kms_key_id, created, updated, tags, tables);

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableState {
    pub name: String,
    pub database: String,
    pub arn: String,
    pub status: String,
    pub created: Nanos,
    pub updated: Nanos,
    pub retention: types::RetentionProperties,
    /// The retention changes, oldest first (a grown retention fills as time passes:
    /// `write::RetentionHistory`).
    #[serde(default, skip_serializing_if = "RetentionHistory::is_empty")]
    pub retention_history: RetentionHistory,
    pub magnetic: types::MagneticStoreWriteProperties,
    pub partition_keys: Vec<types::PartitionKey>,
    pub tags: Vec<types::Tag>,
    pub store: RecordStore,
}

crate::value_de::lean_reader!(TableState, Camel; name, database, arn, status, created, updated, retention, #[default] retention_history, magnetic, partition_keys, tags, store);

/// The answer for a database that does not exist.
pub fn database_not_found(name: &str) -> ApiError {
    ApiError::not_found(format!("The database {name} does not exist."))
}

/// The answer for a table that does not exist in an existing database.
pub fn table_not_found(db: &str, table: &str) -> ApiError {
    ApiError::not_found(format!("The table {table} does not exist in database {db}."))
}

impl State {
    pub fn database(&self, name: &str) -> Result<&DatabaseState, ApiError> {
        self.databases.get(name).map(|d| &**d).ok_or_else(|| database_not_found(name))
    }

    pub fn database_mut(&mut self, name: &str) -> Result<&mut DatabaseState, ApiError> {
        self.databases.get_mut(name).map(|d| &mut **d).ok_or_else(|| database_not_found(name))
    }

    /// A table, or the error naming what is missing (the database first).
    pub fn table(&self, db: &str, table: &str) -> Result<&TableState, ApiError> {
        self.database(db)?.tables.get(table).map(|t| &**t).ok_or_else(|| table_not_found(db, table))
    }

    pub fn table_mut(&mut self, db: &str, table: &str) -> Result<&mut TableState, ApiError> {
        self.database_mut(db)?.tables.get_mut(table).map(|t| &mut **t).ok_or_else(|| table_not_found(db, table))
    }
}

impl DatabaseState {
    pub fn describe(&self) -> types::Database {
        types::Database {
            arn: self.arn.clone(),
            database_name: self.name.clone(),
            table_count: self.tables.len() as i64,
            kms_key_id: self.kms_key_id.clone(),
            creation_time: epoch_seconds(self.created),
            last_updated_time: epoch_seconds(self.updated),
        }
    }
}

impl TableState {
    pub fn describe(&self) -> types::Table {
        types::Table {
            arn: self.arn.clone(),
            table_name: self.name.clone(),
            database_name: self.database.clone(),
            table_status: self.status.clone(),
            retention_properties: self.retention.clone(),
            creation_time: epoch_seconds(self.created),
            last_updated_time: epoch_seconds(self.updated),
            magnetic_store_write_properties: self.magnetic.clone(),
            schema: types::Schema { composite_partition_key: Some(self.partition_keys.clone()) },
        }
    }

    /// The customer-defined DIMENSION partition key, if any.
    pub fn dimension_key(&self) -> Option<(&str, bool)> {
        self.partition_keys
            .iter()
            .find(|k| k.r#type == "DIMENSION")
            .and_then(|k| k.name.as_deref().map(|n| (n, k.enforcement_in_record.as_deref() == Some("REQUIRED"))))
    }
}

pub fn database_arn(region: &str, account: &str, db: &str) -> String {
    format!("arn:aws:timestream:{region}:{account}:database/{db}")
}

pub fn table_arn(region: &str, account: &str, db: &str, table: &str) -> String {
    format!("arn:aws:timestream:{region}:{account}:database/{db}/table/{table}")
}
