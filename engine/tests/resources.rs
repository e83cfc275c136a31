//! Databases, tables, tags, endpoints and pagination through the seam.

mod common;
use common::*;
use serde_json::json;
use timestream_engine::{Engine, Operation};

#[test]
fn database_lifecycle_and_defaults() {
    let mut e = engine();
    let v = ok(&mut e, "CreateDatabase", json!({"DatabaseName": "tsdb"}));
    let db = &v["Database"];
    assert_eq!(db["Arn"], "arn:aws:timestream:us-east-1:123456789012:database/tsdb");
    assert_eq!(db["TableCount"], 0);
    assert_eq!(db["CreationTime"], json!(1_704_067_200.0));
    assert!(db["KmsKeyId"].as_str().unwrap().starts_with("arn:aws:kms:us-east-1:123456789012:key/"));
    let (status, ty, body) = err(&mut e, "CreateDatabase", json!({"DatabaseName": "tsdb"}));
    assert_eq!((status, ty.as_str()), (409, "ConflictException"));
    assert_eq!(body["__type"], "com.amazonaws.timestream.v20181101#ConflictException");
    assert!(body["message"].as_str().unwrap().contains("tsdb"));

    // Names are case-sensitive.
    ok(&mut e, "CreateDatabase", json!({"DatabaseName": "TSDB"}));
    let (status, ty, _) = err(&mut e, "DescribeDatabase", json!({"DatabaseName": "nopedb"}));
    assert_eq!((status, ty.as_str()), (404, "ResourceNotFoundException"));

    e.clock_mut().advance(5_000_000_000);
    let v = ok(&mut e, "UpdateDatabase", json!({"DatabaseName": "tsdb", "KmsKeyId": "alias/mine"}));
    assert_eq!(v["Database"]["KmsKeyId"], "alias/mine");
    assert_eq!(v["Database"]["LastUpdatedTime"], json!(1_704_067_205.0));
    e.clock_mut().advance(5_000_000_000);
    let v = ok(&mut e, "UpdateDatabase", json!({"DatabaseName": "tsdb", "KmsKeyId": "alias/mine"}));
    assert_eq!(v["Database"]["LastUpdatedTime"], json!(1_704_067_205.0), "same key: nothing updated");

    ok(&mut e, "CreateTable", json!({"DatabaseName": "tsdb", "TableName": "tbl"}));
    assert_eq!(ok(&mut e, "DescribeDatabase", json!({"DatabaseName": "tsdb"}))["Database"]["TableCount"], 1);
    let (status, ty, _) = err(&mut e, "DeleteDatabase", json!({"DatabaseName": "tsdb"}));
    assert_eq!((status, ty.as_str()), (400, "ValidationException"));
    ok(&mut e, "DeleteTable", json!({"DatabaseName": "tsdb", "TableName": "tbl"}));
    let r = e.handle("Timestream_20181101.DeleteDatabase", br#"{"DatabaseName":"tsdb"}"#);
    assert_eq!((r.status, r.body.len()), (200, 0), "DeleteDatabase answers an empty body");
    assert_eq!(err(&mut e, "DeleteDatabase", json!({"DatabaseName": "tsdb"})).0, 404);
}

#[test]
fn table_defaults_and_schema_rules() {
    let mut e = engine();
    let (status, ty, _) = err(&mut e, "CreateTable", json!({"DatabaseName": "tsdb", "TableName": "tbl"}));
    assert_eq!((status, ty.as_str()), (404, "ResourceNotFoundException"));
    ok(&mut e, "CreateDatabase", json!({"DatabaseName": "tsdb"}));
    let t = ok(&mut e, "CreateTable", json!({"DatabaseName": "tsdb", "TableName": "tbl"}))["Table"].clone();
    assert_eq!(t["Arn"], "arn:aws:timestream:us-east-1:123456789012:database/tsdb/table/tbl");
    assert_eq!(t["TableStatus"], "ACTIVE");
    assert_eq!(t["RetentionProperties"], json!({"MemoryStoreRetentionPeriodInHours": 6, "MagneticStoreRetentionPeriodInDays": 73000}));
    assert_eq!(t["MagneticStoreWriteProperties"], json!({"EnableMagneticStoreWrites": false}));
    assert_eq!(t["Schema"], json!({"CompositePartitionKey": [{"Type": "MEASURE"}]}));
    assert_eq!(err(&mut e, "CreateTable", json!({"DatabaseName": "tsdb", "TableName": "tbl"})).1, "ConflictException");

    let two = json!({"DatabaseName": "tsdb", "TableName": "tb2", "Schema": {"CompositePartitionKey": [
        {"Type": "DIMENSION", "Name": "host", "EnforcementInRecord": "REQUIRED"}, {"Type": "MEASURE"}]}});
    let (_, ty, body) = err(&mut e, "CreateTable", two);
    assert_eq!(ty, "ValidationException");
    assert_eq!(
        body["message"],
        "You have specified too many partition keys to be used in your composite partition key. Only 1 partition keys can be specified."
    );
    assert_eq!(
        err(&mut e, "CreateTable", json!({"DatabaseName": "tsdb", "TableName": "tb3", "Schema": {"CompositePartitionKey": [{"Type": "DIMENSION"}]}})).1,
        "ValidationException"
    );

    let pk = json!({"DatabaseName": "tsdb", "TableName": "pkt", "Schema": {"CompositePartitionKey": [
        {"Type": "DIMENSION", "Name": "host", "EnforcementInRecord": "OPTIONAL"}]}});
    ok(&mut e, "CreateTable", pk);
    // Only EnforcementInRecord may change.
    let v = ok(
        &mut e,
        "UpdateTable",
        json!({"DatabaseName": "tsdb", "TableName": "pkt", "Schema": {"CompositePartitionKey": [
        {"Type": "DIMENSION", "Name": "host", "EnforcementInRecord": "REQUIRED"}]}}),
    );
    assert_eq!(v["Table"]["Schema"]["CompositePartitionKey"][0]["EnforcementInRecord"], "REQUIRED");
    let (_, ty, _) = err(
        &mut e,
        "UpdateTable",
        json!({"DatabaseName": "tsdb", "TableName": "pkt", "Schema": {"CompositePartitionKey": [
        {"Type": "DIMENSION", "Name": "region", "EnforcementInRecord": "REQUIRED"}]}}),
    );
    assert_eq!(ty, "ValidationException");

    let v = ok(
        &mut e,
        "UpdateTable",
        json!({"DatabaseName": "tsdb", "TableName": "tbl",
        "RetentionProperties": {"MemoryStoreRetentionPeriodInHours": 24, "MagneticStoreRetentionPeriodInDays": 7},
        "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true}}),
    );
    assert_eq!(v["Table"]["RetentionProperties"]["MemoryStoreRetentionPeriodInHours"], 24);
    assert_eq!(v["Table"]["MagneticStoreWriteProperties"]["EnableMagneticStoreWrites"], true);
    assert_eq!(err(&mut e, "UpdateTable", json!({"DatabaseName": "tsdb", "TableName": "zzz"})).0, 404);
    let kms = json!({"DatabaseName": "tsdb", "TableName": "kms", "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true,
        "MagneticStoreRejectedDataLocation": {"S3Configuration": {"BucketName": "bucket", "EncryptionOption": "SSE_KMS"}}}});
    assert_eq!(err(&mut e, "CreateTable", kms).1, "ValidationException");
}

#[test]
fn list_pagination_returns_every_item_once() {
    let mut e = engine();
    for i in 0..23 {
        ok(&mut e, "CreateDatabase", json!({"DatabaseName": format!("db{i:02}")}));
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut req = json!({"MaxResults": 5});
        if let Some(t) = &token {
            req["NextToken"] = json!(t);
        }
        let v = ok(&mut e, "ListDatabases", req);
        let page = v["Databases"].as_array().unwrap();
        assert!(page.len() <= 5);
        seen.extend(page.iter().map(|d| d["DatabaseName"].as_str().unwrap().to_string()));
        pages += 1;
        match v.get("NextToken").and_then(|t| t.as_str()) {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 5);
    let expected: Vec<String> = (0..23).map(|i| format!("db{i:02}")).collect();
    assert_eq!(seen, expected);
    assert_eq!(ok(&mut e, "ListDatabases", json!({}))["Databases"].as_array().unwrap().len(), 20);
    assert_eq!(err(&mut e, "ListDatabases", json!({"NextToken": "bogus"})).1, "ValidationException");

    for t in ["ta1", "ta2", "ta3"] {
        ok(&mut e, "CreateTable", json!({"DatabaseName": "db01", "TableName": t}));
    }
    ok(&mut e, "CreateTable", json!({"DatabaseName": "db02", "TableName": "ta1"}));
    let v = ok(&mut e, "ListTables", json!({"DatabaseName": "db01", "MaxResults": 2}));
    assert_eq!(v["Tables"].as_array().unwrap().len(), 2);
    let v2 = ok(&mut e, "ListTables", json!({"DatabaseName": "db01", "NextToken": v["NextToken"]}));
    assert_eq!(v2["Tables"][0]["TableName"], "ta3");
    assert!(v2.get("NextToken").is_none());
    assert_eq!(ok(&mut e, "ListTables", json!({}))["Tables"].as_array().unwrap().len(), 4);
    assert_eq!(err(&mut e, "ListTables", json!({"DatabaseName": "missingdb"})).0, 404);
}

#[test]
fn tags_add_overwrite_remove_and_limits() {
    let mut e = engine();
    let arn = ok(&mut e, "CreateDatabase", json!({"DatabaseName": "tsdb", "Tags": [{"Key": "team", "Value": "a"}]}))["Database"]["Arn"].clone();
    assert_eq!(ok(&mut e, "ListTagsForResource", json!({"ResourceARN": arn}))["Tags"], json!([{"Key": "team", "Value": "a"}]));
    assert_eq!(ok(&mut e, "TagResource", json!({"ResourceARN": arn, "Tags": [{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "dev"}]})), json!({}));
    assert_eq!(ok(&mut e, "ListTagsForResource", json!({"ResourceARN": arn}))["Tags"], json!([{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "dev"}]));
    ok(&mut e, "UntagResource", json!({"ResourceARN": arn, "TagKeys": ["team", "absent"]}));
    assert_eq!(ok(&mut e, "ListTagsForResource", json!({"ResourceARN": arn}))["Tags"], json!([{"Key": "env", "Value": "dev"}]));

    let tarn = ok(&mut e, "CreateTable", json!({"DatabaseName": "tsdb", "TableName": "tbl"}))["Table"]["Arn"].clone();
    ok(&mut e, "TagResource", json!({"ResourceARN": tarn, "Tags": [{"Key": "key", "Value": "v"}]}));
    assert_eq!(ok(&mut e, "ListTagsForResource", json!({"ResourceARN": tarn}))["Tags"].as_array().unwrap().len(), 1);

    let unknown = "arn:aws:timestream:us-east-1:123456789012:database/nopedb";
    assert_eq!(err(&mut e, "TagResource", json!({"ResourceARN": unknown, "Tags": []})).1, "ResourceNotFoundException");
    let other_region = "arn:aws:timestream:eu-west-1:123456789012:database/tsdb";
    assert_eq!(err(&mut e, "ListTagsForResource", json!({"ResourceARN": other_region})).1, "ResourceNotFoundException");
    assert_eq!(err(&mut e, "ListTagsForResource", json!({"ResourceARN": "not-an-arn"})).1, "ValidationException");

    let many: Vec<_> = (0..50).map(|i| json!({"Key": format!("k{i}"), "Value": "v"})).collect();
    let (status, ty, _) = err(&mut e, "TagResource", json!({"ResourceARN": tarn, "Tags": many}));
    assert_eq!((status, ty.as_str()), (402, "ServiceQuotaExceededException"));
    assert_eq!(ok(&mut e, "ListTagsForResource", json!({"ResourceARN": tarn}))["Tags"].as_array().unwrap().len(), 1, "nothing half-written");
}

#[test]
fn region_of_the_request_goes_into_arns() {
    let mut e = engine();
    let ctx = timestream_engine::RequestContext { region: Some("eu-central-1".into()) };
    let r = e.handle_with(&ctx, "Timestream_20181101.CreateDatabase", br#"{"DatabaseName":"tsdb"}"#);
    assert_eq!(r.json()["Database"]["Arn"], "arn:aws:timestream:eu-central-1:123456789012:database/tsdb");
}

#[test]
fn wire_framing_of_unknown_operations_and_bad_json() {
    let mut e = engine();
    let r = e.handle("Timestream_20181101.Query", b"{}");
    assert_eq!((r.status, r.error_type), (404, Some("UnknownOperationException")));
    assert_eq!(r.json()["__type"], "com.amazon.coral.service#UnknownOperationException");
    let r = e.handle("Timestream_20181101.ListDatabases", b"{not json");
    assert_eq!((r.status, r.error_type), (400, Some("SerializationException")));
    assert!(r.json()["message"].as_str().unwrap().contains("line 1 column 2"));
    let r = e.handle("Timestream_20181101.ListDatabases", b"[]");
    assert_eq!(r.status, 400);
    let r = e.handle("Timestream_20181101.DescribeEndpoints", b"");
    assert_eq!(r.json(), json!({"Endpoints": [{"Address": "ingest-cell1.timestream.us-east-1.amazonaws.com", "CachePeriodInMinutes": 1440}]}));
    assert_eq!(r.request_id.len(), 26);
    assert_eq!(Operation::ALL.len(), 19);
    for op in Operation::ALL {
        let r = Engine::default().handle(&op.target(), b"{}");
        assert_ne!(r.error_type, Some("UnknownOperationException"), "{op}");
    }
}

/// A response lists its members in the order the model lists them (spec/operations.md), not
/// sorted by name, and `Engine::call` gives the same document as a value.
#[test]
fn responses_list_members_in_the_shape_order() {
    let mut e = engine();
    ok(&mut e, "CreateDatabase", json!({"DatabaseName": "tsdb"}));
    ok(&mut e, "CreateTable", json!({"DatabaseName": "tsdb", "TableName": "tbl"}));
    let keys_in_order = |text: &str, keys: &[&str]| {
        let at: Vec<usize> = keys.iter().map(|k| text.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("{k} in {text}"))).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{keys:?} in this order: {text}");
    };
    let r = e.handle("Timestream_20181101.DescribeDatabase", br#"{"DatabaseName":"tsdb"}"#);
    let text = String::from_utf8(r.body).unwrap();
    keys_in_order(&text, &["Arn", "DatabaseName", "TableCount", "KmsKeyId", "CreationTime", "LastUpdatedTime"]);
    let r = e.handle("Timestream_20181101.DescribeTable", br#"{"DatabaseName":"tsdb","TableName":"tbl"}"#);
    let table = String::from_utf8(r.body).unwrap();
    keys_in_order(
        &table,
        &[
            "Arn",
            "TableName",
            "DatabaseName",
            "TableStatus",
            "RetentionProperties",
            "CreationTime",
            "LastUpdatedTime",
            "MagneticStoreWriteProperties",
            "Schema",
        ],
    );
    keys_in_order(&table, &["MemoryStoreRetentionPeriodInHours", "MagneticStoreRetentionPeriodInDays"]);
    let value = e.call(Operation::DescribeTable, br#"{"DatabaseName":"tsdb","TableName":"tbl"}"#).unwrap().unwrap();
    assert_eq!(value, serde_json::from_str::<serde_json::Value>(&table).unwrap());
    // No output at all, and an empty object, as the service answers them.
    assert!(e.handle("Timestream_20181101.DeleteTable", br#"{"DatabaseName":"tsdb","TableName":"tbl"}"#).body.is_empty());
    let arn = "arn:aws:timestream:us-east-1:123456789012:database/tsdb";
    let r = e.handle("Timestream_20181101.TagResource", format!(r#"{{"ResourceARN":"{arn}","Tags":[{{"Key":"k","Value":"v"}}]}}"#).as_bytes());
    assert_eq!((r.status, &r.body[..]), (200, &b"{}"[..]));
}
