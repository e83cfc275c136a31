//! Which operation a request file is for: a `--operation` flag, a `{"operation", "request"}`
//! wrapper, the file name (`write-records.json`, `WriteRecords.json`), or its top-level members.

use std::path::Path;

use serde_json::{Map, Value};
use timestream_engine::Operation;

/// Top-level input members of every operation; required ones are marked with `*`
/// (botocore 1.44.5 model, see shared/spec/operations.md).
const MEMBERS: &[(Operation, &[&str])] = &[
    (
        Operation::CreateBatchLoadTask,
        &["ClientToken", "DataModelConfiguration", "*DataSourceConfiguration", "*ReportConfiguration", "*TargetDatabaseName", "*TargetTableName", "RecordVersion"],
    ),
    (Operation::CreateDatabase, &["*DatabaseName", "KmsKeyId", "Tags"]),
    (Operation::CreateTable, &["*DatabaseName", "*TableName", "RetentionProperties", "Tags", "MagneticStoreWriteProperties", "Schema"]),
    (Operation::DeleteDatabase, &["*DatabaseName"]),
    (Operation::DeleteTable, &["*DatabaseName", "*TableName"]),
    (Operation::DescribeBatchLoadTask, &["*TaskId"]),
    (Operation::DescribeDatabase, &["*DatabaseName"]),
    (Operation::DescribeEndpoints, &[]),
    (Operation::DescribeTable, &["*DatabaseName", "*TableName"]),
    (Operation::ListBatchLoadTasks, &["NextToken", "MaxResults", "TaskStatus"]),
    (Operation::ListDatabases, &["NextToken", "MaxResults"]),
    (Operation::ListTables, &["DatabaseName", "NextToken", "MaxResults"]),
    (Operation::ListTagsForResource, &["*ResourceARN"]),
    (Operation::ResumeBatchLoadTask, &["*TaskId"]),
    (Operation::TagResource, &["*ResourceARN", "*Tags"]),
    (Operation::UntagResource, &["*ResourceARN", "*TagKeys"]),
    (Operation::UpdateDatabase, &["*DatabaseName", "*KmsKeyId"]),
    (Operation::UpdateTable, &["*DatabaseName", "*TableName", "RetentionProperties", "MagneticStoreWriteProperties", "Schema"]),
    (Operation::WriteRecords, &["*DatabaseName", "*TableName", "CommonAttributes", "*Records"]),
];

/// `WriteRecords`, `write-records`, `write_records`, `writerecords` or the full
/// `Timestream_20181101.WriteRecords`.
pub fn operation_named(name: &str) -> Option<Operation> {
    let name = name.trim();
    if let Some(op) = Operation::from_name(name).or_else(|| Operation::from_target(name)) {
        return Some(op);
    }
    let key = normalize(name);
    Operation::ALL.iter().copied().find(|op| normalize(op.name()) == key)
}

/// The operation a file name mentions (`01-write-records-bad.json` → WriteRecords), when exactly
/// one is mentioned.
pub fn operation_of_file_name(path: &Path) -> Option<Operation> {
    let stem = normalize(&path.file_stem()?.to_string_lossy());
    let mut found = Operation::ALL.iter().copied().filter(|op| stem.contains(&normalize(op.name())));
    match (found.next(), found.next()) {
        (Some(op), None) => Some(op),
        _ => None,
    }
}

/// The operation whose input members fit the request's top-level members.
pub fn operation_of_members(request: &Map<String, Value>) -> Result<Operation, String> {
    let keys: Vec<&str> = request.keys().map(String::as_str).collect();
    let fits = |members: &[&str]| keys.iter().all(|k| members.iter().any(|m| m.trim_start_matches('*') == *k));
    let complete = |members: &[&str]| members.iter().filter_map(|m| m.strip_prefix('*')).all(|m| keys.contains(&m));
    let strict: Vec<Operation> = MEMBERS.iter().filter(|(_, m)| fits(m) && complete(m)).map(|(op, _)| *op).collect();
    let candidates = if strict.is_empty() { MEMBERS.iter().filter(|(_, m)| fits(m)).map(|(op, _)| *op).collect() } else { strict };
    let shown = if keys.is_empty() { "no members".to_string() } else { format!("the members {}", keys.join(", ")) };
    match candidates.as_slice() {
        [op] => Ok(*op),
        [] => Err(format!("cannot tell the operation: {shown} fit no Timestream Write operation; {HOW}")),
        many => {
            let names: Vec<&str> = many.iter().map(|o| o.name()).collect();
            Err(format!("ambiguous operation: {shown} fit {}; {HOW}", names.join(", ")))
        }
    }
}

const HOW: &str = "pass --operation NAME, wrap the request as {\"operation\": NAME, \"request\": {...}}, or name the file after the operation (e.g. write-records.json)";

/// A `{"operation": "WriteRecords", "request": {...}}` wrapper (also a scenario step): the
/// operation name as written and the request (`{}` when absent).
pub fn unwrap(value: &Value) -> Option<(Value, Value)> {
    let m = value.as_object()?;
    let op = m.get("operation")?.clone();
    let request = m.get("request").cloned().unwrap_or_else(|| Value::Object(Map::new()));
    Some((op, request))
}

fn normalize(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn members(v: Value) -> Result<Operation, String> {
        operation_of_members(v.as_object().unwrap())
    }

    #[test]
    fn names_in_every_spelling() {
        for name in ["WriteRecords", "write-records", "write_records", "WRITERECORDS", "Timestream_20181101.WriteRecords"] {
            assert_eq!(operation_named(name), Some(Operation::WriteRecords), "{name}");
        }
        assert_eq!(operation_named("WriteRecord"), None);
    }

    #[test]
    fn file_names() {
        assert_eq!(operation_of_file_name(Path::new("dir/write-records.json")), Some(Operation::WriteRecords));
        assert_eq!(operation_of_file_name(Path::new("CreateTable.json")), Some(Operation::CreateTable));
        assert_eq!(operation_of_file_name(Path::new("03_describe_batch_load_task_bad.json")), Some(Operation::DescribeBatchLoadTask));
        assert_eq!(operation_of_file_name(Path::new("request.json")), None);
    }

    #[test]
    fn members_decide_when_unique() {
        assert_eq!(members(json!({"Records": []})), Ok(Operation::WriteRecords));
        assert_eq!(members(json!({"DatabaseName": "d", "TableName": "t", "Records": []})), Ok(Operation::WriteRecords));
        assert_eq!(members(json!({"ResourceARN": "a"})), Ok(Operation::ListTagsForResource));
        assert_eq!(members(json!({"ResourceARN": "a", "TagKeys": []})), Ok(Operation::UntagResource));
        assert_eq!(members(json!({"TargetDatabaseName": "d"})), Ok(Operation::CreateBatchLoadTask));
        assert_eq!(members(json!({"TaskStatus": "CREATED"})), Ok(Operation::ListBatchLoadTasks));
        let e = members(json!({"DatabaseName": "d", "TableName": "t"})).unwrap_err();
        assert!(e.starts_with("ambiguous operation: the members DatabaseName, TableName fit CreateTable, DeleteTable, DescribeTable, UpdateTable;"), "{e}");
        let e = members(json!({})).unwrap_err();
        assert!(e.starts_with("ambiguous operation: no members fit DescribeEndpoints, ListBatchLoadTasks, ListDatabases, ListTables"), "{e}");
        let e = members(json!({"Foo": 1})).unwrap_err();
        assert!(e.starts_with("cannot tell the operation: the members Foo fit no"), "{e}");
    }
}
