//! A starting request for every operation: `{}` plus the members the operation requires, with
//! example values.

use timestream_engine::Operation;

/// The request template of `op`. `now_ms` (milliseconds since the epoch) dates the example
/// record of WriteRecords so it falls inside the memory store's ingestion window.
pub fn template(op: Operation, now_ms: i64) -> String {
    use Operation::*;
    let db = r#""DatabaseName": "sampleDB""#;
    let table = r#""TableName": "sampleTable""#;
    let arn = r#""ResourceARN": "arn:aws:timestream:us-east-1:123456789012:database/sampleDB""#;
    match op {
        DescribeEndpoints | ListBatchLoadTasks | ListDatabases => "{}".to_string(),
        ListTables => format!("{{\n  {db}\n}}"),
        CreateDatabase | DeleteDatabase | DescribeDatabase => format!("{{\n  {db}\n}}"),
        CreateTable | DeleteTable | DescribeTable | UpdateTable => format!("{{\n  {db},\n  {table}\n}}"),
        UpdateDatabase => format!("{{\n  {db},\n  \"KmsKeyId\": \"alias/sample-key\"\n}}"),
        DescribeBatchLoadTask | ResumeBatchLoadTask => "{\n  \"TaskId\": \"0123456789ABCDEF0123456789ABCDEF\"\n}".to_string(),
        ListTagsForResource => format!("{{\n  {arn}\n}}"),
        TagResource => format!("{{\n  {arn},\n  \"Tags\": [{{ \"Key\": \"team\", \"Value\": \"metrics\" }}]\n}}"),
        UntagResource => format!("{{\n  {arn},\n  \"TagKeys\": [\"team\"]\n}}"),
        WriteRecords => format!(
            r#"{{
  {db},
  {table},
  "Records": [
    {{
      "Dimensions": [{{ "Name": "host", "Value": "web-1" }}],
      "MeasureName": "cpu_utilization",
      "MeasureValue": "42.5",
      "MeasureValueType": "DOUBLE",
      "Time": "{now_ms}",
      "TimeUnit": "MILLISECONDS"
    }}
  ]
}}"#
        ),
        CreateBatchLoadTask => r#"{
  "TargetDatabaseName": "sampleDB",
  "TargetTableName": "sampleTable",
  "DataSourceConfiguration": {
    "DataSourceS3Configuration": { "BucketName": "sample-bucket", "ObjectKeyPrefix": "data.csv" },
    "DataFormat": "CSV"
  },
  "DataModelConfiguration": {
    "DataModel": {
      "TimeColumn": "time",
      "TimeUnit": "MILLISECONDS",
      "DimensionMappings": [{ "SourceColumn": "host" }],
      "MultiMeasureMappings": {
        "TargetMultiMeasureName": "metrics",
        "MultiMeasureAttributeMappings": [{ "SourceColumn": "cpu", "MeasureValueType": "DOUBLE" }]
      }
    }
  },
  "ReportConfiguration": {
    "ReportS3Configuration": { "BucketName": "sample-bucket" }
  }
}"#
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use timestream_engine::Engine;

    #[test]
    fn every_template_is_a_valid_request() {
        let now_ms = 1_700_000_000_000;
        let engine = Engine::deterministic(now_ms * 1_000_000, 1);
        for op in Operation::ALL {
            let body = template(*op, now_ms);
            let diags = engine.diagnose(*op, body.as_bytes());
            assert!(diags.is_empty(), "{op}: {diags:?}\n{body}");
        }
    }
}
