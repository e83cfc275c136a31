//! Which operation a request file is for: a `--operation` flag, what the file says itself (an
//! HTTP request's `X-Amz-Target`, a scenario step's `{"operation", "request"}`: the engine's
//! `recognise`), the file name (`write-records.json`, `WriteRecords.json`), or its top-level
//! members (`recognise::candidates`, from the engine's model).

use std::path::Path;

use serde_json::{Map, Value};
use timestream_engine::recognise::{candidates, recognise, Source};
use timestream_engine::Operation;

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

/// The operation whose input members fit the request's top-level members, when exactly one does.
pub fn operation_of_members(request: &Map<String, Value>) -> Result<Operation, String> {
    let keys: Vec<&str> = request.keys().map(String::as_str).collect();
    let shown = if keys.is_empty() { "no members".to_string() } else { format!("the members {}", keys.join(", ")) };
    match candidates(request).as_slice() {
        [op] => Ok(*op),
        [] => Err(format!("cannot tell the operation: {shown} fit no Timestream Write operation; {HOW}")),
        many => {
            let names: Vec<&str> = many.iter().map(|o| o.name()).collect();
            Err(format!("ambiguous operation: {shown} fit {}; {HOW}", names.join(", ")))
        }
    }
}

const HOW: &str =
    "pass --operation NAME, wrap the request as {\"operation\": NAME, \"request\": {...}}, or name the file after the operation (e.g. write-records.json)";

/// The operation a text names itself and its request body: an HTTP request as the SDKs send it
/// (`X-Amz-Target` header, blank line, body) or a scenario step
/// (`{"operation": "WriteRecords", "request": {...}}`; `{}` when it has no request). `Ok(None)`
/// for a text that names none (a bare body); `Err` for a step whose operation is not one.
pub fn named_operation(text: &str, value: Option<&Map<String, Value>>) -> Result<Option<(Operation, Vec<u8>)>, String> {
    if value.is_some_and(|m| !m.contains_key("operation")) {
        return Ok(None);
    }
    // Any current operation will do: recognise only uses it for bare bodies, not taken here.
    if let Some(r) = recognise(text, Operation::DescribeEndpoints) {
        // A call (boto3, CLI, JS SDK) that could not be converted: say where and why, as the
        // playground does. A broken bare literal is left to the JSON diagnostics below.
        match r.note.as_ref().and_then(|n| n.problem.as_ref().map(|p| (n.source, p))) {
            Some((Source::Literal, _)) => {}
            Some((_, p)) => return Err(format!("error: line {}, column {}: {}", p.line, p.column, p.reason)),
            None => return Ok(Some((r.operation, r.body.into_owned().into_bytes()))),
        }
    }
    let Some(named) = value.and_then(|m| m.get("operation")) else { return Ok(None) };
    match named.as_str() {
        Some(n) => match Operation::from_name(n).or_else(|| Operation::from_target(n)) {
            Some(op) => Ok(Some((op, b"{}".to_vec()))),
            None => Err(format!("operation: error: unknown operation \"{n}\"")),
        },
        None => Err(format!("operation: error: expected an operation name, got {named}")),
    }
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

    fn named(text: &str) -> Result<Option<(Operation, String)>, String> {
        let value: Option<Value> = serde_json::from_str(text).ok();
        let r = named_operation(text, value.as_ref().and_then(Value::as_object))?;
        Ok(r.map(|(op, body)| (op, String::from_utf8(body).unwrap())))
    }

    #[test]
    fn steps_and_http_requests_name_their_operation() {
        let (op, body) = named(r#"{"operation": "DescribeTable", "request": {"DatabaseName": "d", "TableName": "t"}}"#).unwrap().unwrap();
        assert_eq!((op, serde_json::from_str::<Value>(&body).unwrap()), (Operation::DescribeTable, json!({"DatabaseName": "d", "TableName": "t"})));
        assert_eq!(named(r#"{"operation": "ListDatabases"}"#), Ok(Some((Operation::ListDatabases, "{}".to_string()))));
        let http = "POST / HTTP/1.1\r\nX-Amz-Target: Timestream_20181101.DeleteTable\r\n\r\n{\"DatabaseName\":\"d\"}";
        assert_eq!(named(http).unwrap().map(|(op, _)| op), Some(Operation::DeleteTable));
        assert_eq!(named(r#"{"operation": "DropTable", "request": {}}"#), Err("operation: error: unknown operation \"DropTable\"".into()));
        assert_eq!(named(r#"{"operation": 3}"#), Err("operation: error: expected an operation name, got 3".into()));
        // A bare body, or text that is neither JSON nor an HTTP request, names nothing.
        assert_eq!(named(r#"{"DatabaseName": "d"}"#), Ok(None));
        assert_eq!(named("{not json"), Ok(None));
    }
}
