//! Requests and responses of the 19 operations as serde structs (member names as on the wire).
//! Output timestamps are epoch seconds with a millisecond fraction (`f64`).

use serde::{Deserialize, Serialize};

use crate::wire;
/// Reading a request shape out of a parsed JSON value (a lighter `Deserialize`; see `read`).
pub use crate::wire::{read, FromWire, WireError};

macro_rules! wire_struct {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $f:ident : $t:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        #[serde(rename_all = "PascalCase")]
        pub struct $name { $($(#[$fm])* pub $f: $t),* }

        /// Read as a request is ([`FromWire`]), from any self-describing format.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                wire::deserialize(d)
            }
        }

        impl FromWire for $name {
            // Out of line in wasm, for gzip (engine/src/value_de.rs). The shape starts as its
            // default and each member met is read into its field, with a bit in `seen`; the
            // required ones not seen are named at the end. No `Option` per member to drop on
            // each error path: 2.7 KB of gzip less (docs/benchmarks.md, "Panic locations,
            // doubles and leaner readers").
            #[cfg_attr(target_arch = "wasm32", inline(never))]
            #[allow(unused_assignments)]
            fn from_wire(value: serde_json::Value) -> Result<Self, WireError> {
                const FIELDS: &[&str] = &[$(stringify!($f)),*];
                const REQUIRED: &[bool] = &[$(<$t as FromWire>::REQUIRED),*];
                const _: () = assert!(FIELDS.len() <= 64, "a bit per member in `seen`");
                let mut out = Self::default();
                let mut seen = 0u64;
                for (k, v) in wire::object(value)? {
                    let Some(i) = wire::field_index(&k, FIELDS) else { continue };
                    seen |= 1 << i;
                    let mut n = 0;
                    $(if i == n {
                        out.$f = wire::member(v, FIELDS[n])?;
                        continue;
                    }
                    n += 1;)*
                }
                wire::missing(seen, FIELDS, REQUIRED)?;
                Ok(out)
            }
        }
    };
}

// ---------- shared shapes ----------

wire_struct!(
    pub struct Tag {
        pub key: String,
        pub value: String,
    }
);

wire_struct!(
    pub struct RetentionProperties {
        pub memory_store_retention_period_in_hours: i64,
        pub magnetic_store_retention_period_in_days: i64,
    }
);

wire_struct!(
    pub struct S3Configuration {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub bucket_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub object_key_prefix: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub encryption_option: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub kms_key_id: Option<String>,
    }
);

wire_struct!(
    pub struct MagneticStoreRejectedDataLocation {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub s3_configuration: Option<S3Configuration>,
    }
);

wire_struct!(
    pub struct MagneticStoreWriteProperties {
        pub enable_magnetic_store_writes: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub magnetic_store_rejected_data_location: Option<MagneticStoreRejectedDataLocation>,
    }
);

wire_struct!(
    pub struct PartitionKey {
        pub r#type: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub enforcement_in_record: Option<String>,
    }
);

wire_struct!(
    pub struct Schema {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub composite_partition_key: Option<Vec<PartitionKey>>,
    }
);

wire_struct!(
    pub struct Database {
        pub arn: String,
        pub database_name: String,
        pub table_count: i64,
        pub kms_key_id: String,
        pub creation_time: f64,
        pub last_updated_time: f64,
    }
);

wire_struct!(
    pub struct Table {
        pub arn: String,
        pub table_name: String,
        pub database_name: String,
        pub table_status: String,
        pub retention_properties: RetentionProperties,
        pub creation_time: f64,
        pub last_updated_time: f64,
        pub magnetic_store_write_properties: MagneticStoreWriteProperties,
        pub schema: Schema,
    }
);

// ---------- databases ----------

wire_struct!(
    pub struct CreateDatabaseRequest {
        pub database_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub kms_key_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tags: Option<Vec<Tag>>,
    }
);
wire_struct!(
    pub struct DatabaseResponse {
        pub database: Database,
    }
);
wire_struct!(
    pub struct DatabaseNameRequest {
        pub database_name: String,
    }
);
wire_struct!(
    pub struct UpdateDatabaseRequest {
        pub database_name: String,
        pub kms_key_id: String,
    }
);
wire_struct!(
    pub struct ListRequest {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub next_token: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub max_results: Option<i64>,
    }
);
wire_struct!(
    pub struct ListDatabasesResponse {
        pub databases: Vec<Database>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub next_token: Option<String>,
    }
);

// ---------- tables ----------

wire_struct!(
    pub struct CreateTableRequest {
        pub database_name: String,
        pub table_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub retention_properties: Option<RetentionProperties>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tags: Option<Vec<Tag>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub magnetic_store_write_properties: Option<MagneticStoreWriteProperties>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub schema: Option<Schema>,
    }
);
wire_struct!(
    pub struct UpdateTableRequest {
        pub database_name: String,
        pub table_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub retention_properties: Option<RetentionProperties>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub magnetic_store_write_properties: Option<MagneticStoreWriteProperties>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub schema: Option<Schema>,
    }
);
wire_struct!(
    pub struct TableNameRequest {
        pub database_name: String,
        pub table_name: String,
    }
);
wire_struct!(
    pub struct TableResponse {
        pub table: Table,
    }
);
wire_struct!(
    pub struct ListTablesRequest {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub database_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub next_token: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub max_results: Option<i64>,
    }
);
wire_struct!(
    pub struct ListTablesResponse {
        pub tables: Vec<Table>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub next_token: Option<String>,
    }
);

// ---------- tags ----------

wire_struct!(
    pub struct ResourceArnRequest {
        #[serde(rename = "ResourceARN")]
        pub resource_arn: String,
    }
);
wire_struct!(
    pub struct TagResourceRequest {
        #[serde(rename = "ResourceARN")]
        pub resource_arn: String,
        pub tags: Vec<Tag>,
    }
);
wire_struct!(
    pub struct UntagResourceRequest {
        #[serde(rename = "ResourceARN")]
        pub resource_arn: String,
        pub tag_keys: Vec<String>,
    }
);
wire_struct!(
    pub struct ListTagsResponse {
        pub tags: Vec<Tag>,
    }
);

// ---------- endpoints ----------

wire_struct!(
    pub struct Endpoint {
        pub address: String,
        pub cache_period_in_minutes: i64,
    }
);
wire_struct!(
    pub struct DescribeEndpointsResponse {
        pub endpoints: Vec<Endpoint>,
    }
);

// ---------- writes ----------

wire_struct!(
    pub struct Dimension {
        pub name: String,
        pub value: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub dimension_value_type: Option<String>,
    }
);
wire_struct!(
    pub struct MeasureValue {
        pub name: String,
        pub value: String,
        pub r#type: String,
    }
);
wire_struct!(
    pub struct Record {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub dimensions: Option<Vec<Dimension>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub measure_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub measure_value: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub measure_value_type: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub time: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub time_unit: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub version: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub measure_values: Option<Vec<MeasureValue>>,
    }
);
wire_struct!(
    pub struct WriteRecordsRequest {
        pub database_name: String,
        pub table_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub common_attributes: Option<Record>,
        pub records: Vec<Record>,
    }
);
wire_struct!(
    pub struct RecordsIngested {
        pub total: i64,
        pub memory_store: i64,
        pub magnetic_store: i64,
    }
);
wire_struct!(
    pub struct WriteRecordsResponse {
        pub records_ingested: RecordsIngested,
    }
);

// ---------- batch load ----------

wire_struct!(
    pub struct CsvConfiguration {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub column_separator: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub escape_char: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quote_char: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub null_value: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub trim_white_space: Option<bool>,
    }
);
wire_struct!(
    pub struct DataSourceS3Configuration {
        pub bucket_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub object_key_prefix: Option<String>,
    }
);
wire_struct!(
    pub struct DataSourceConfiguration {
        pub data_source_s3_configuration: DataSourceS3Configuration,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub csv_configuration: Option<CsvConfiguration>,
        pub data_format: String,
    }
);
wire_struct!(
    pub struct ReportS3Configuration {
        pub bucket_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub object_key_prefix: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub encryption_option: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub kms_key_id: Option<String>,
    }
);
wire_struct!(
    pub struct ReportConfiguration {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub report_s3_configuration: Option<ReportS3Configuration>,
    }
);
wire_struct!(
    pub struct DimensionMapping {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub source_column: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub destination_column: Option<String>,
    }
);
wire_struct!(
    pub struct MultiMeasureAttributeMapping {
        pub source_column: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub target_multi_measure_attribute_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub measure_value_type: Option<String>,
    }
);
wire_struct!(
    pub struct MultiMeasureMappings {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub target_multi_measure_name: Option<String>,
        pub multi_measure_attribute_mappings: Vec<MultiMeasureAttributeMapping>,
    }
);
wire_struct!(
    pub struct MixedMeasureMapping {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub measure_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub source_column: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub target_measure_name: Option<String>,
        pub measure_value_type: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub multi_measure_attribute_mappings: Option<Vec<MultiMeasureAttributeMapping>>,
    }
);
wire_struct!(
    pub struct DataModel {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub time_column: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub time_unit: Option<String>,
        pub dimension_mappings: Vec<DimensionMapping>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub multi_measure_mappings: Option<MultiMeasureMappings>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub mixed_measure_mappings: Option<Vec<MixedMeasureMapping>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub measure_name_column: Option<String>,
    }
);
wire_struct!(
    pub struct DataModelS3Configuration {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub bucket_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub object_key: Option<String>,
    }
);
wire_struct!(
    pub struct DataModelConfiguration {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub data_model: Option<DataModel>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub data_model_s3_configuration: Option<DataModelS3Configuration>,
    }
);
wire_struct!(
    pub struct CreateBatchLoadTaskRequest {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub client_token: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub data_model_configuration: Option<DataModelConfiguration>,
        pub data_source_configuration: DataSourceConfiguration,
        pub report_configuration: ReportConfiguration,
        pub target_database_name: String,
        pub target_table_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub record_version: Option<i64>,
    }
);
wire_struct!(
    pub struct CreateBatchLoadTaskResponse {
        pub task_id: String,
    }
);
wire_struct!(
    pub struct TaskIdRequest {
        pub task_id: String,
    }
);
wire_struct!(
    pub struct BatchLoadProgressReport {
        pub records_processed: i64,
        pub records_ingested: i64,
        pub parse_failures: i64,
        pub record_ingestion_failures: i64,
        pub file_failures: i64,
        pub bytes_metered: i64,
    }
);
wire_struct!(
    pub struct BatchLoadTaskDescription {
        pub task_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub error_message: Option<String>,
        pub data_source_configuration: DataSourceConfiguration,
        pub progress_report: BatchLoadProgressReport,
        pub report_configuration: ReportConfiguration,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub data_model_configuration: Option<DataModelConfiguration>,
        pub target_database_name: String,
        pub target_table_name: String,
        pub task_status: String,
        pub record_version: i64,
        pub creation_time: f64,
        pub last_updated_time: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub resumable_until: Option<f64>,
    }
);
wire_struct!(
    pub struct DescribeBatchLoadTaskResponse {
        pub batch_load_task_description: BatchLoadTaskDescription,
    }
);
wire_struct!(
    pub struct ListBatchLoadTasksRequest {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub next_token: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub max_results: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub task_status: Option<String>,
    }
);
wire_struct!(
    pub struct BatchLoadTask {
        pub task_id: String,
        pub task_status: String,
        pub database_name: String,
        pub table_name: String,
        pub creation_time: f64,
        pub last_updated_time: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub resumable_until: Option<f64>,
    }
);
wire_struct!(
    pub struct ListBatchLoadTasksResponse {
        pub batch_load_tasks: Vec<BatchLoadTask>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub next_token: Option<String>,
    }
);
