//! The walker: each rule failing and passing, boundaries, Coral paths and messages, ordering,
//! robustness on arbitrary JSON, and a timing test (`--ignored`).

use serde_json::{json, Value};

use super::{check_input, model, Diagnostic, MemberPath, Rule};
use crate::Operation;

fn check(op: Operation, body: Value) -> Vec<Diagnostic> {
    check_input(op, &body)
}

fn rules(d: &[Diagnostic]) -> Vec<Rule> {
    d.iter().map(|d| d.rule).collect()
}

fn messages(d: &[Diagnostic]) -> Vec<&str> {
    d.iter().map(|d| d.message.as_str()).collect()
}

fn record(i: usize) -> Value {
    json!({
        "Dimensions": [
            {"Name": "host", "Value": format!("host-{i}")},
            {"Name": "region", "Value": "us-east-1", "DimensionValueType": "VARCHAR"},
            {"Name": "az", "Value": "us-east-1a"},
        ],
        "MeasureName": "cpu",
        "MeasureValue": format!("{}.5", i),
        "MeasureValueType": "DOUBLE",
        "Time": format!("{}", 1_700_000_000_000u64 + i as u64),
        "TimeUnit": "MILLISECONDS",
        "Version": 1,
    })
}

fn write(records: Vec<Value>) -> Value {
    json!({
        "DatabaseName": "db",
        "TableName": "tbl",
        "CommonAttributes": {"Dimensions": [{"Name": "fleet", "Value": "a"}], "MeasureValueType": "DOUBLE"},
        "Records": records,
    })
}

fn write_with(f: impl FnOnce(&mut Value)) -> Vec<Diagnostic> {
    let mut body = write((0..5).map(record).collect());
    f(&mut body);
    check(Operation::WriteRecords, body)
}

fn batch_load() -> Value {
    json!({
        "ClientToken": "d7ccf999-0000-4000-8000-000000000000",
        "DataModelConfiguration": {
            "DataModel": {
                "TimeColumn": "time",
                "TimeUnit": "MILLISECONDS",
                "DimensionMappings": [{"SourceColumn": "host", "DestinationColumn": "host"}],
                "MultiMeasureMappings": {
                    "TargetMultiMeasureName": "metrics",
                    "MultiMeasureAttributeMappings": [{"SourceColumn": "cpu", "TargetMultiMeasureAttributeName": "cpu", "MeasureValueType": "DOUBLE"}]
                }
            }
        },
        "DataSourceConfiguration": {
            "DataSourceS3Configuration": {"BucketName": "my.bucket", "ObjectKeyPrefix": "data/part-1.csv"},
            "CsvConfiguration": {"ColumnSeparator": ",", "TrimWhiteSpace": true},
            "DataFormat": "CSV"
        },
        "ReportConfiguration": {"ReportS3Configuration": {"BucketName": "a-b", "EncryptionOption": "SSE_S3"}},
        "TargetDatabaseName": "db1",
        "TargetTableName": "tbl",
        "RecordVersion": 1
    })
}

fn batch_with(f: impl FnOnce(&mut Value)) -> Vec<Diagnostic> {
    let mut body = batch_load();
    f(&mut body);
    check(Operation::CreateBatchLoadTask, body)
}

// ---------------------------------------------------------------- valid requests

#[test]
fn valid_requests_have_no_diagnostics() {
    assert_eq!(check(Operation::WriteRecords, write((0..100).map(record).collect())), vec![]);
    assert_eq!(batch_with(|_| {}), vec![]);
    assert_eq!(check(Operation::DescribeEndpoints, json!({})), vec![]);
    assert_eq!(check(Operation::ListDatabases, json!({"MaxResults": 20, "NextToken": "x"})), vec![]);
    assert_eq!(
        check(
            Operation::CreateTable,
            json!({
                "DatabaseName": "db_1.x-y", "TableName": "abc",
                "RetentionProperties": {"MemoryStoreRetentionPeriodInHours": 8766, "MagneticStoreRetentionPeriodInDays": 73000},
                "Tags": [{"Key": "team name", "Value": "ops+dev=a.b_c:d/e@f"}, {"Key": "Größe", "Value": "日本"}],
                "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true,
                    "MagneticStoreRejectedDataLocation": {"S3Configuration": {"BucketName": "abc", "ObjectKeyPrefix": "rejected/", "EncryptionOption": "SSE_KMS"}}},
                "Schema": {"CompositePartitionKey": [{"Type": "DIMENSION", "Name": "host", "EnforcementInRecord": "REQUIRED"}]}
            })
        ),
        vec![]
    );
    assert_eq!(check(Operation::DescribeBatchLoadTask, json!({"TaskId": "9367BE28418C5EF902676482220B631C"})), vec![]);
}

// ---------------------------------------------------------------- required, null

#[test]
fn missing_required_members_are_reported_in_model_order() {
    let d = check(Operation::WriteRecords, json!({}));
    assert_eq!(
        messages(&d),
        vec![
            "Value null at 'databaseName' failed to satisfy constraint: Member must not be null",
            "Value null at 'tableName' failed to satisfy constraint: Member must not be null",
            "Value null at 'records' failed to satisfy constraint: Member must not be null",
        ]
    );
    assert_eq!(rules(&d), vec![Rule::Required; 3]);
    assert_eq!(d[2].path, MemberPath::parse("Records"));
}

#[test]
fn null_counts_as_missing() {
    let d = write_with(|b| b["DatabaseName"] = Value::Null);
    assert_eq!(rules(&d), vec![Rule::Required]);
    // Optional member set to null: fine.
    assert_eq!(write_with(|b| b["CommonAttributes"] = Value::Null), vec![]);
    // A null list item.
    let d = write_with(|b| b["Records"][1] = Value::Null);
    assert_eq!(messages(&d), vec!["Value null at 'records.2.member' failed to satisfy constraint: Member must not be null"]);
    assert_eq!(d[0].path, MemberPath::parse("Records[1]"));
}

#[test]
fn nested_required_members() {
    let d = write_with(|b| {
        b["Records"][4]["Dimensions"][1].as_object_mut().unwrap().remove("Value");
    });
    assert_eq!(messages(&d), vec!["Value null at 'records.5.member.dimensions.2.member.value' failed to satisfy constraint: Member must not be null"]);
    assert_eq!(d[0].path.to_string(), "Records[4].Dimensions[1].Value");
    let d = batch_with(|b| {
        b["DataSourceConfiguration"].as_object_mut().unwrap().remove("DataSourceS3Configuration");
    });
    assert_eq!(d[0].message, "Value null at 'dataSourceConfiguration.dataSourceS3Configuration' failed to satisfy constraint: Member must not be null");
}

// ---------------------------------------------------------------- lengths

#[test]
fn records_count_boundaries() {
    assert_eq!(check(Operation::WriteRecords, write((0..100).map(record).collect())), vec![]);
    assert_eq!(check(Operation::WriteRecords, write(vec![record(0)])), vec![]);
    let d = check(Operation::WriteRecords, write((0..101).map(record).collect()));
    assert_eq!(rules(&d), vec![Rule::MaxLength]);
    assert!(d[0].message.starts_with("Value '[{\"Dimensions\":"), "{}", d[0].message);
    assert!(d[0].message.ends_with("...' at 'records' failed to satisfy constraint: Member must have length less than or equal to 100"), "{}", d[0].message);
    let d = check(Operation::WriteRecords, write(vec![]));
    assert_eq!(messages(&d), vec!["Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1"]);
}

#[test]
fn string_lengths_count_characters() {
    // MeasureValue: min 1, max 2048 characters.
    let d = write_with(|b| b["Records"][0]["MeasureValue"] = json!(""));
    assert_eq!(
        messages(&d),
        vec!["Value '' at 'records.1.member.measureValue' failed to satisfy constraint: Member must have length greater than or equal to 1"]
    );
    assert_eq!(write_with(|b| b["Records"][0]["MeasureValue"] = json!("é".repeat(2048))), vec![]);
    let d = write_with(|b| b["Records"][0]["MeasureValue"] = json!("é".repeat(2049)));
    assert_eq!(rules(&d), vec![Rule::MaxLength]);
    assert!(d[0].message.ends_with("Member must have length less than or equal to 2048"));
    // Tag key: min 1 max 128.
    let tag = |k: &str| check(Operation::TagResource, json!({"ResourceARN": "arn:x", "Tags": [{"Key": k, "Value": "v"}]}));
    assert_eq!(tag(&"ü".repeat(128)), vec![]);
    assert_eq!(rules(&tag(&"ü".repeat(129))), vec![Rule::MaxLength]);
    assert_eq!(rules(&tag("")), vec![Rule::MinLength]);
    // StringValue1: exactly one character, multi-byte allowed.
    let sep = |s: &str| batch_with(|b| b["DataSourceConfiguration"]["CsvConfiguration"]["ColumnSeparator"] = json!(s));
    assert_eq!(sep("€"), vec![]);
    assert_eq!(rules(&sep(",;")), vec![Rule::MaxLength]);
    assert_eq!(rules(&sep("")), vec![Rule::MinLength]);
}

#[test]
fn create_names_are_3_to_256_bytes() {
    let db = |name: &str| check(Operation::CreateDatabase, json!({"DatabaseName": name}));
    assert_eq!(db("abc"), vec![]);
    assert_eq!(db(&"a".repeat(256)), vec![]);
    let d = db("ab");
    assert_eq!(messages(&d), vec!["Value 'ab' at 'databaseName' failed to satisfy constraint: Member must have length greater than or equal to 3"]);
    let d = db(&"a".repeat(257));
    assert_eq!(rules(&d), vec![Rule::MaxBytes]);
    assert!(d[0].message.ends_with("at 'databaseName' failed to satisfy constraint: Member must have length less than or equal to 256"));
    // Empty: length and pattern, in that order.
    let d = db("");
    assert_eq!(
        messages(&d),
        vec![
            "Value '' at 'databaseName' failed to satisfy constraint: Member must have length greater than or equal to 3",
            "Value '' at 'databaseName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        ]
    );
    // 2 characters but 4 bytes: the length passes, the pattern does not.
    assert_eq!(rules(&db("éé")), vec![Rule::Pattern]);
    // CreateTable: both names.
    let t = |db: &str, t: &str| check(Operation::CreateTable, json!({"DatabaseName": db, "TableName": t}));
    assert_eq!(t("abc", &"t".repeat(256)), vec![]);
    let d = t("ab", &"t".repeat(257));
    assert_eq!(rules(&d), vec![Rule::MinLength, Rule::MaxBytes]);
    assert_eq!(d[1].path, MemberPath::parse("TableName"));
    // CreateBatchLoadTask: target names.
    let d = batch_with(|b| {
        b["TargetDatabaseName"] = json!("ab");
        b["TargetTableName"] = json!("x".repeat(257));
    });
    assert_eq!(rules(&d), vec![Rule::MinLength, Rule::MaxBytes]);
    assert!(d[0].message.contains("at 'targetDatabaseName'"));
    assert!(d[1].message.contains("at 'targetTableName'"));
    assert_eq!(batch_with(|b| b["TargetDatabaseName"] = json!("abc")), vec![]);
}

#[test]
fn names_on_other_operations_are_unconstrained() {
    assert_eq!(check(Operation::DescribeDatabase, json!({"DatabaseName": "a"})), vec![]);
    assert_eq!(check(Operation::DeleteTable, json!({"DatabaseName": "", "TableName": "x y"})), vec![]);
    assert_eq!(write_with(|b| b["DatabaseName"] = json!("d".repeat(300))), vec![]);
}

#[test]
fn dimension_names_are_at_most_60_bytes() {
    // 30 × 'é' = 60 bytes (30 characters): fine; one more byte: too long.
    let ok = "é".repeat(30);
    assert_eq!(write_with(|b| b["Records"][4]["Dimensions"][1]["Name"] = json!(ok)), vec![]);
    let long = format!("{ok}a");
    let d = write_with(|b| b["Records"][4]["Dimensions"][1]["Name"] = json!(long));
    assert_eq!(
        messages(&d),
        vec![format!(
            "Value '{long}' at 'records.5.member.dimensions.2.member.name' failed to satisfy constraint: Member must have length less than or equal to 60"
        )]
    );
    assert_eq!(d[0].rule, Rule::MaxBytes);
    assert_eq!(d[0].path.to_string(), "Records[4].Dimensions[1].Name");
    assert_eq!(write_with(|b| b["CommonAttributes"]["Dimensions"][0]["Name"] = json!("a".repeat(60))), vec![]);
    let d = write_with(|b| b["CommonAttributes"]["Dimensions"][0]["Name"] = json!("a".repeat(61)));
    assert!(d[0].message.contains("at 'commonAttributes.dimensions.1.member.name'"));
    // Empty name: the model's min 1.
    let d = write_with(|b| b["Records"][0]["Dimensions"][0]["Name"] = json!(""));
    assert_eq!(rules(&d), vec![Rule::MinLength]);
}

#[test]
fn measure_names_are_at_most_256_bytes() {
    let ok = "é".repeat(128);
    assert_eq!(write_with(|b| b["Records"][0]["MeasureName"] = json!(ok)), vec![]);
    let d = write_with(|b| b["Records"][0]["MeasureName"] = json!(format!("{ok}a")));
    assert_eq!(rules(&d), vec![Rule::MaxBytes]);
    assert!(d[0].message.ends_with("at 'records.1.member.measureName' failed to satisfy constraint: Member must have length less than or equal to 256"));
    let d = write_with(|b| b["CommonAttributes"]["MeasureName"] = json!("m".repeat(257)));
    assert_eq!(rules(&d), vec![Rule::MaxBytes]);
    // MeasureValues[].Name.
    let multi = |name: &str| {
        write_with(|b| {
            let r = b["Records"][0].as_object_mut().unwrap();
            r.remove("MeasureValue");
            r.insert("MeasureValueType".into(), json!("MULTI"));
            r.insert("MeasureValues".into(), json!([{"Name": "cpu", "Value": "1", "Type": "DOUBLE"}, {"Name": name, "Value": "2", "Type": "BIGINT"}]));
        })
    };
    assert_eq!(multi(&"n".repeat(256)), vec![]);
    let d = multi(&"n".repeat(257));
    assert_eq!(rules(&d), vec![Rule::MaxBytes]);
    assert!(d[0].message.contains("at 'records.1.member.measureValues.2.member.name'"));
}

// ---------------------------------------------------------------- values

#[test]
fn version_must_be_at_least_1() {
    assert_eq!(write_with(|b| b["Records"][0]["Version"] = json!(1)), vec![]);
    assert_eq!(write_with(|b| b["Records"][0]["Version"] = json!(i64::MAX)), vec![]);
    let d = write_with(|b| b["Records"][2]["Version"] = json!(0));
    assert_eq!(messages(&d), vec!["Value '0' at 'records.3.member.version' failed to satisfy constraint: Member must have value greater than or equal to 1"]);
    assert_eq!(d[0].rule, Rule::MinValue);
    let d = write_with(|b| b["CommonAttributes"]["Version"] = json!(-5));
    assert!(d[0].message.starts_with("Value '-5' at 'commonAttributes.version'"));
    let d = batch_with(|b| b["RecordVersion"] = json!(0));
    assert!(d[0].message.starts_with("Value '0' at 'recordVersion'"));
    assert_eq!(batch_with(|b| b["RecordVersion"] = json!(7)), vec![]);
}

#[test]
fn numeric_ranges_of_the_model() {
    let list = |n: Value| check(Operation::ListDatabases, json!({"MaxResults": n}));
    assert_eq!(list(json!(1)), vec![]);
    assert_eq!(list(json!(20)), vec![]);
    assert_eq!(messages(&list(json!(0))), vec!["Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"]);
    assert_eq!(messages(&list(json!(21))), vec!["Value '21' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20"]);
    let table = |h: i64, d: i64| {
        check(
            Operation::CreateTable,
            json!({"DatabaseName": "db1", "TableName": "t01", "RetentionProperties": {"MemoryStoreRetentionPeriodInHours": h, "MagneticStoreRetentionPeriodInDays": d}}),
        )
    };
    assert_eq!(table(1, 1), vec![]);
    let d = table(0, 73001);
    assert_eq!(rules(&d), vec![Rule::MinValue, Rule::MaxValue]);
    assert!(d[0].message.contains("at 'retentionProperties.memoryStoreRetentionPeriodInHours'"));
    assert!(d[1].message.ends_with("Member must have value less than or equal to 73000"));
}

#[test]
fn enums_list_values_in_model_order() {
    let d = write_with(|b| b["Records"][0]["Dimensions"][0]["DimensionValueType"] = json!("X"));
    assert_eq!(
        messages(&d),
        vec!["Value 'X' at 'records.1.member.dimensions.1.member.dimensionValueType' failed to satisfy constraint: Member must satisfy enum value set: [VARCHAR]"]
    );
    let d = write_with(|b| b["Records"][3]["MeasureValueType"] = json!("FLOAT"));
    assert_eq!(
        messages(&d),
        vec!["Value 'FLOAT' at 'records.4.member.measureValueType' failed to satisfy constraint: Member must satisfy enum value set: [DOUBLE, BIGINT, VARCHAR, BOOLEAN, TIMESTAMP, MULTI]"]
    );
    // Case-sensitive.
    assert_eq!(rules(&write_with(|b| b["Records"][0]["TimeUnit"] = json!("seconds"))), vec![Rule::Enum]);
    assert_eq!(write_with(|b| b["Records"][0]["TimeUnit"] = json!("NANOSECONDS")), vec![]);
    let d = batch_with(|b| b["DataSourceConfiguration"]["DataFormat"] = json!("JSON"));
    assert!(d[0].message.ends_with("Member must satisfy enum value set: [CSV]"));
    let d = batch_with(|b| b["ReportConfiguration"]["ReportS3Configuration"]["EncryptionOption"] = json!("NONE"));
    assert!(d[0].message.ends_with("[SSE_S3, SSE_KMS]"));
}

#[test]
fn bucket_and_key_patterns() {
    let bucket = |name: &str| batch_with(|b| b["DataSourceConfiguration"]["DataSourceS3Configuration"]["BucketName"] = json!(name));
    assert_eq!(bucket("a-b"), vec![]);
    assert_eq!(bucket("my.bucket"), vec![]);
    let d = bucket("ab");
    assert_eq!(
        messages(&d),
        vec![
            "Value 'ab' at 'dataSourceConfiguration.dataSourceS3Configuration.bucketName' failed to satisfy constraint: Member must have length greater than or equal to 3",
            r"Value 'ab' at 'dataSourceConfiguration.dataSourceS3Configuration.bucketName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]",
        ]
    );
    assert_eq!(rules(&bucket("-ab")), vec![Rule::Pattern]);
    assert_eq!(rules(&bucket("My-Bucket")), vec![Rule::Pattern]);
    let key = |k: &str| batch_with(|b| b["DataSourceConfiguration"]["DataSourceS3Configuration"]["ObjectKeyPrefix"] = json!(k));
    assert_eq!(key("a/b/c.csv"), vec![]);
    let d = key("/abs");
    assert_eq!(rules(&d), vec![Rule::Pattern]);
    assert!(d[0].message.ends_with(r"Member must satisfy regular expression pattern: [a-zA-Z0-9|!\-_*'\(\)]([a-zA-Z0-9]|[!\-_*'\(\)\/.])+"));
    let task = |id: &str| check(Operation::ResumeBatchLoadTask, json!({"TaskId": id}));
    assert_eq!(task("ABC123"), vec![]);
    let d = task("abc");
    assert_eq!(rules(&d), vec![Rule::Pattern]);
}

#[test]
fn sensitive_values_are_not_echoed() {
    let d = batch_with(|b| b["ClientToken"] = json!(""));
    assert_eq!(messages(&d), vec!["Value at 'clientToken' failed to satisfy constraint: Member must have length greater than or equal to 1"]);
}

// ---------------------------------------------------------------- tags

#[test]
fn tag_rules() {
    let tags = |key: &str, value: &str| check(Operation::TagResource, json!({"ResourceARN": "arn:x", "Tags": [{"Key": key, "Value": value}]}));
    assert_eq!(tags("env", "prod"), vec![]);
    assert_eq!(tags("a b+-=._:/@ 9", "Ünïcödé 日本 +-=._:/@"), vec![]);
    assert_eq!(tags("myaws:x", "aws:ok-in-values"), vec![]);
    // Empty value: documented "cannot be empty" (model min 0).
    let d = tags("env", "");
    assert_eq!(messages(&d), vec!["Value '' at 'tags.1.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1"]);
    let d = tags("env#1", "v");
    assert_eq!(
        messages(&d),
        vec!["Value 'env#1' at 'tags.1.member.key' failed to satisfy constraint: Member must contain only letters, digits, white space and + - = . _ : / @"]
    );
    assert_eq!(d[0].rule, Rule::Semantic);
    assert_eq!(rules(&tags("k", "v!")), vec![Rule::Semantic]);
    let d = tags("aws:team", "v");
    assert_eq!(messages(&d), vec!["Value 'aws:team' at 'tags.1.member.key' failed to satisfy constraint: Member must not start with 'aws:'"]);
    assert_eq!(rules(&tags("AWS:team", "v")), vec![Rule::Semantic]);
    // CreateDatabase and CreateTable tags too; UntagResource keys.
    let d = check(Operation::CreateDatabase, json!({"DatabaseName": "db1", "Tags": [{"Key": "ok", "Value": "ok"}, {"Key": "k", "Value": ""}]}));
    assert!(d[0].message.contains("at 'tags.2.member.value'"));
    let d = check(Operation::CreateTable, json!({"DatabaseName": "db1", "TableName": "tb1", "Tags": [{"Key": "a*b", "Value": "v"}]}));
    assert_eq!(rules(&d), vec![Rule::Semantic]);
    let d = check(Operation::UntagResource, json!({"ResourceARN": "arn:x", "TagKeys": ["ok", "aws:x"]}));
    assert_eq!(messages(&d), vec!["Value 'aws:x' at 'tagKeys.2.member' failed to satisfy constraint: Member must not start with 'aws:'"]);
}

// ---------------------------------------------------------------- reserved names

#[test]
fn reserved_dimension_names() {
    let dim = |name: &str| write_with(|b| b["Records"][0]["Dimensions"][0]["Name"] = json!(name));
    for ok in ["host", "Time", "timestamp", "measure", "ts", "tsx_", "name_time"] {
        assert_eq!(dim(ok), vec![], "{ok}");
    }
    for exact in ["time", "measure_name", "measure_value", "ts_non_existent_col"] {
        let d = dim(exact);
        assert_eq!(
            messages(&d),
            vec![format!("Value '{exact}' at 'records.1.member.dimensions.1.member.name' failed to satisfy constraint: Member must not be a reserved name")]
        );
    }
    for (name, prefix) in [("ts_host", "ts_"), ("measure_name_x", "measure_name"), ("measure_values", "measure_value")] {
        let d = dim(name);
        assert_eq!(rules(&d), vec![Rule::Semantic], "{name}");
        assert!(d[0].message.ends_with(&format!("Member must not start with the reserved prefix '{prefix}'")), "{}", d[0].message);
    }
    let d = dim("a:b");
    assert_eq!(messages(&d), vec!["Value 'a:b' at 'records.1.member.dimensions.1.member.name' failed to satisfy constraint: Member must not contain ':'"]);
    assert_eq!(rules(&dim("ts_a:b")), vec![Rule::Semantic, Rule::Semantic]);
    let d = write_with(|b| b["CommonAttributes"]["Dimensions"][0]["Name"] = json!("time"));
    assert!(d[0].message.contains("at 'commonAttributes.dimensions.1.member.name'"));
}

#[test]
fn reserved_measure_names() {
    let m = |name: &str| write_with(|b| b["Records"][0]["MeasureName"] = json!(name));
    for ok in ["cpu", "Time", "a:b", "measure"] {
        assert_eq!(m(ok), vec![], "{ok}");
    }
    for bad in ["time", "measure_value", "ts_non_existent_col", "measure_name", "ts_cpu"] {
        assert_eq!(rules(&m(bad)), vec![Rule::Semantic], "{bad}");
    }
    assert!(m("time")[0].message.ends_with("Member must not be a reserved name"));
    let d = write_with(|b| b["CommonAttributes"]["MeasureName"] = json!("ts_x"));
    assert!(d[0].message.contains("at 'commonAttributes.measureName'"));
    let d = write_with(|b| {
        b["Records"][0]["MeasureValues"] = json!([{"Name": "measure_value", "Value": "1", "Type": "DOUBLE"}]);
    });
    assert!(d[0].message.contains("at 'records.1.member.measureValues.1.member.name'"));
}

#[test]
fn reserved_batch_load_target_names() {
    let d = batch_with(|b| b["DataModelConfiguration"]["DataModel"]["DimensionMappings"][0]["DestinationColumn"] = json!("time"));
    assert!(d[0].message.contains("at 'dataModelConfiguration.dataModel.dimensionMappings.1.member.destinationColumn'"));
    let d = batch_with(|b| b["DataModelConfiguration"]["DataModel"]["DimensionMappings"][0]["DestinationColumn"] = json!("a:b"));
    assert_eq!(rules(&d), vec![Rule::Semantic]);
    let d = batch_with(|b| b["DataModelConfiguration"]["DataModel"]["MultiMeasureMappings"]["TargetMultiMeasureName"] = json!("measure_value"));
    assert_eq!(rules(&d), vec![Rule::Semantic]);
    let d = batch_with(|b| {
        b["DataModelConfiguration"]["DataModel"]["MultiMeasureMappings"]["MultiMeasureAttributeMappings"][0]["TargetMultiMeasureAttributeName"] = json!("ts_x")
    });
    assert_eq!(rules(&d), vec![Rule::Semantic]);
    // Source columns are CSV headers, not names in the table: `time` is fine there.
    let d = batch_with(|b| b["DataModelConfiguration"]["DataModel"]["DimensionMappings"][0]["SourceColumn"] = json!("time"));
    assert_eq!(d, vec![]);
    let d = batch_with(|b| {
        let dm = b["DataModelConfiguration"]["DataModel"].as_object_mut().unwrap();
        dm.remove("MultiMeasureMappings");
        dm.insert(
            "MixedMeasureMappings".into(),
            json!([{"MeasureName": "time", "SourceColumn": "c", "TargetMeasureName": "ts_c", "MeasureValueType": "MULTI",
                     "MultiMeasureAttributeMappings": [{"SourceColumn": "x", "TargetMultiMeasureAttributeName": "measure_name"}]}]),
        );
    });
    assert_eq!(rules(&d), vec![Rule::Semantic; 3]);
    assert!(d[2].message.contains("mixedMeasureMappings.1.member.multiMeasureAttributeMappings.1.member.targetMultiMeasureAttributeName"));
}

// ---------------------------------------------------------------- serialization problems

#[test]
fn type_errors() {
    let d = write_with(|b| b["Records"][0]["Time"] = json!(123));
    assert_eq!(messages(&d), vec!["Unexpected value type for member 'Records[0].Time': expected string, found number"]);
    assert_eq!(d[0].rule, Rule::Type);
    assert!(d[0].rule.is_serialization());
    let d = write_with(|b| b["Records"] = json!({"a": 1}));
    assert_eq!(messages(&d), vec!["Unexpected value type for member 'Records': expected list (a JSON array), found object"]);
    let d = write_with(|b| b["Records"][0]["Version"] = json!("1"));
    assert_eq!(messages(&d), vec!["Unexpected value type for member 'Records[0].Version': expected long (a JSON integer), found string"]);
    let d = write_with(|b| b["Records"][0]["Version"] = json!(1.5));
    assert!(d[0].message.ends_with("found decimal number"));
    let d = write_with(|b| b["Records"][0]["Version"] = json!(u64::MAX));
    assert!(d[0].message.ends_with("found integer out of range"), "{}", d[0].message);
    let d = write_with(|b| b["Records"][0]["Version"] = serde_json::from_str("1e30").unwrap());
    assert_eq!(rules(&d), vec![Rule::Type]);
    let d = check(Operation::ListDatabases, json!({"MaxResults": 1i64 << 40}));
    assert_eq!(messages(&d), vec!["Unexpected value type for member 'MaxResults': expected integer (a 32-bit JSON integer), found integer out of range"]);
    let d = batch_with(|b| b["DataSourceConfiguration"]["CsvConfiguration"]["TrimWhiteSpace"] = json!("true"));
    assert!(d[0].message.ends_with("expected boolean, found string"));
    let d = write_with(|b| b["Records"][0] = json!([1, 2]));
    assert!(d[0].message.starts_with("Unexpected value type for member 'Records[0]': expected structure"));
    let d = check(Operation::WriteRecords, json!([1]));
    assert_eq!(messages(&d), vec!["Unexpected value type for the request body: expected structure (a JSON object), found array"]);
}

#[test]
fn unknown_members() {
    let d = write_with(|b| b["Foo"] = json!(1));
    assert_eq!(messages(&d), vec!["Unknown member 'Foo' in WriteRecordsRequest"]);
    assert_eq!(d[0].rule, Rule::UnknownMember);
    assert_eq!(d[0].path, MemberPath::parse("Foo"));
    let d = write_with(|b| b["Records"][2]["measureName"] = json!("cpu"));
    assert_eq!(messages(&d), vec!["Unknown member 'measureName' in Record at 'Records[2]'"]);
    assert_eq!(d[0].path.to_string(), "Records[2].measureName");
    let d = check(Operation::DescribeEndpoints, json!({"x": null}));
    assert_eq!(messages(&d), vec!["Unknown member 'x' in DescribeEndpointsRequest"]);
}

// ---------------------------------------------------------------- ordering, wire

#[test]
fn three_violations_in_document_order() {
    let d = write_with(|b| {
        b["Records"][0]["Dimensions"][2]["Name"] = json!("d".repeat(61));
        b["Records"][1]["MeasureValueType"] = json!("FLOAT");
        b["Records"][3]["Version"] = json!(0);
    });
    assert_eq!(rules(&d), vec![Rule::MaxBytes, Rule::Enum, Rule::MinValue]);
    let paths: Vec<String> = d.iter().map(|d| d.path.coral()).collect();
    assert_eq!(paths, vec!["records.1.member.dimensions.3.member.name", "records.2.member.measureValueType", "records.4.member.version"]);
    let wire = super::wire_message(crate::ErrorKind::ModelValidation, &d);
    assert!(wire.starts_with("3 validation errors detected: Value 'ddd"), "{wire}");
    assert!(wire.contains("; Value 'FLOAT' at 'records.2.member.measureValueType'"), "{wire}");
}

#[test]
fn every_violation_at_every_depth() {
    let d = write_with(|b| {
        b["DatabaseName"] = Value::Null;
        b["CommonAttributes"]["MeasureValueType"] = json!("X");
        for i in 0..5 {
            b["Records"][i]["Dimensions"][0]["Name"] = json!("");
            b["Records"][i]["Dimensions"][1]["DimensionValueType"] = json!("Y");
        }
    });
    assert_eq!(d.len(), 1 + 1 + 10);
    assert_eq!(d[0].path.coral(), "databaseName");
    assert_eq!(d[1].path.coral(), "commonAttributes.measureValueType");
    assert_eq!(d[11].path.coral(), "records.5.member.dimensions.2.member.dimensionValueType");
}

#[test]
fn long_values_render_compactly() {
    let v = json!([1, 2, 3]);
    assert_eq!(super::render_value(&v), "[1,2,3]");
    let big: Value = json!((0..1000).collect::<Vec<_>>());
    let r = super::render_value(&big);
    assert!(r.ends_with("...") && r.chars().count() <= 103, "{r}");
    let s = json!("x".repeat(10_000));
    assert!(super::render_value(&s).len() < 5000);
    assert_eq!(super::render_value(&json!({"a": "é"})), "{\"a\":\"é\"}");
}

// ---------------------------------------------------------------- robustness

/// A tiny deterministic generator of arbitrary JSON values.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn value(&mut self, depth: u32) -> Value {
        let pick = if depth == 0 { self.next() % 6 } else { self.next() % 9 };
        match pick {
            0 => Value::Null,
            1 => json!(self.next().is_multiple_of(2)),
            2 => json!(self.next() as i64 - (1 << 30)),
            3 => {
                serde_json::from_str(["1e308", "18446744073709551615", "-9223372036854775808", "0.5", "-0", "9223372036854775808"][(self.next() % 6) as usize])
                    .unwrap()
            }
            4 => json!(["", "time", "ts_x", "a:b", "aws:x", "é", "\u{0}", "x".repeat(300).as_str(), "VARCHAR"][(self.next() % 9) as usize]),
            5 => json!("Records"),
            6 | 7 => Value::Array((0..self.next() % 4).map(|_| self.value(depth - 1)).collect()),
            _ => {
                let keys = ["Records", "Dimensions", "Name", "Value", "Version", "Tags", "Key", "DataModel", "MeasureValues", "x"];
                let mut m = serde_json::Map::new();
                for _ in 0..self.next() % 5 {
                    m.insert(keys[(self.next() % keys.len() as u64) as usize].to_string(), self.value(depth - 1));
                }
                Value::Object(m)
            }
        }
    }
}

/// Sets `v` at a model path (`Records[].Dimensions[].Name`), building objects/arrays on the way.
fn set_at(body: &mut Value, path: &str, v: Value) {
    let mut cur = body;
    for part in path.split('.') {
        let name = part.trim_end_matches("[]");
        if !cur.is_object() {
            *cur = json!({});
        }
        cur = &mut cur[name];
        for _ in 0..(part.len() - name.len()) / 2 {
            if !cur.is_array() {
                *cur = json!([Value::Null]);
            }
            cur = &mut cur[0];
        }
    }
    *cur = v;
}

#[test]
fn arbitrary_json_never_panics() {
    let mut rng = Lcg(42);
    let mut weird: Vec<Value> = vec![
        Value::Null,
        json!([[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]),
        json!({"a": {"b": {"c": {"d": [null, {}, []]}}}}),
        serde_json::from_str("1e308").unwrap(),
        serde_json::from_str("18446744073709551615").unwrap(),
        json!(-1),
        json!(""),
        json!(true),
    ];
    // A very deep array, built by hand (deeper than serde_json's parser allows).
    let mut deep = json!([]);
    for _ in 0..2000 {
        deep = Value::Array(vec![deep]);
    }
    weird.push(deep);
    let mut total = 0usize;
    for &op in Operation::ALL {
        let tree = model::tree(op);
        let paths = paths_of(tree);
        for v in &weird {
            total += check_input(op, v).len();
            for p in &paths {
                let mut body = json!({});
                set_at(&mut body, p, v.clone());
                total += check_input(op, &body).len();
            }
        }
        for _ in 0..300 {
            let v = rng.value(5);
            total += check_input(op, &v).len();
            let mut body = json!({});
            if let Some(p) = paths.get(rng.next() as usize % paths.len().max(1)) {
                set_at(&mut body, p, v);
            }
            total += check_input(op, &body).len();
        }
    }
    // Many WriteRecords bodies with random records.
    for _ in 0..500 {
        let records: Vec<Value> = (0..rng.next() % 4).map(|_| rng.value(4)).collect();
        total += check_input(Operation::WriteRecords, &write(records)).len();
    }
    // Drop the deep value iteratively-ish: avoid a recursive drop blowing the test's stack.
    let mut deep = weird.pop().unwrap();
    while let Value::Array(mut a) = deep {
        deep = a.pop().unwrap_or(Value::Null);
    }
    assert!(total > 0);
}

fn paths_of(tree: &model::OpTree) -> Vec<String> {
    fn go(tree: &model::OpTree, id: usize, prefix: &str, out: &mut Vec<String>) {
        let n = &tree.nodes[id];
        for &c in &n.children {
            let mut p = if prefix.is_empty() { tree.nodes[c].name.clone() } else { format!("{prefix}.{}", tree.nodes[c].name) };
            out.push(p.clone());
            let mut id = c;
            while let Some(item) = tree.nodes[id].item {
                p.push_str("[]");
                out.push(p.clone());
                id = item;
            }
            go(tree, id, &p, out);
        }
    }
    let mut out = Vec::new();
    go(tree, 0, "", &mut out);
    out
}

// ---------------------------------------------------------------- timing

/// Best-of-batches time per call (robust on a busy machine).
fn best_of(mut f: impl FnMut() -> usize) -> std::time::Duration {
    let mut best = std::time::Duration::MAX;
    let mut sink = 0;
    for _ in 0..30 {
        let start = std::time::Instant::now();
        for _ in 0..500 {
            sink += f();
        }
        best = best.min(start.elapsed() / 500);
    }
    std::hint::black_box(sink);
    best
}

/// `cargo test -p timestream-engine --release --lib -- --ignored timing --nocapture`
#[test]
#[ignore]
fn validation_timing() {
    let body = write((0..100).map(record).collect());
    assert_eq!(check_input(Operation::WriteRecords, &body), vec![]);
    let t = best_of(|| check_input(Operation::WriteRecords, std::hint::black_box(&body)).len());
    println!("check_input WriteRecords, 100 records (3 dimensions each + CommonAttributes): {t:?} per request");
    let bad = write((0..101).map(record).collect());
    let t = best_of(|| check_input(Operation::WriteRecords, std::hint::black_box(&bad)).len());
    println!("check_input WriteRecords, 101 records (1 diagnostic): {t:?} per request");
}

#[test]
#[ignore]
fn baseline_traversal_timing() {
    fn count(v: &Value) -> usize {
        match v {
            Value::Array(a) => a.iter().map(count).sum::<usize>() + 1,
            Value::Object(m) => m.iter().map(|(k, v)| k.len() + count(v)).sum::<usize>() + 1,
            Value::String(s) => s.len(),
            _ => 1,
        }
    }
    let body = write((0..100).map(record).collect());
    let t = best_of(|| count(std::hint::black_box(&body)));
    println!("bare serde_json::Value traversal of the same request: {t:?}");
}

// ---------------------------------------------------------------- through the seam

#[test]
fn wire_errors_through_the_engine() {
    let mut engine = crate::Engine::default();
    let mut body = write(vec![record(0)]);
    body["Records"][0]["Dimensions"][0]["DimensionValueType"] = json!("X");
    let r = engine.handle("Timestream_20181101.WriteRecords", body.to_string().as_bytes());
    assert_eq!(r.status, 400);
    let j = r.json();
    assert_eq!(j["__type"], "com.amazon.coral.validate#ValidationException");
    let msg = j["message"].as_str().or(j["Message"].as_str()).unwrap_or_default().to_string();
    assert_eq!(
        msg,
        "1 validation error detected: Value 'X' at 'records.1.member.dimensions.1.member.dimensionValueType' failed to satisfy constraint: Member must satisfy enum value set: [VARCHAR]"
    );
    // Serialization problems win over constraint failures.
    body["Records"][0]["Time"] = json!(5);
    let r = engine.handle("Timestream_20181101.WriteRecords", body.to_string().as_bytes());
    assert_eq!(r.json()["__type"], "com.amazon.coral.service#SerializationException");
    // The create-name overlay reaches the wire too.
    let r = engine.handle("Timestream_20181101.CreateDatabase", br#"{"DatabaseName": "ab"}"#);
    assert_eq!(r.status, 400);
    assert_eq!(r.error_type, Some("ValidationException"));
}

/// `sure_byte_lengths` never says yes where `string_violations` would object: every string node
/// of every operation, at the bounds it gives, with ASCII and multi-byte text.
#[test]
fn sure_byte_lengths_agree_with_the_full_check() {
    use super::walk::{string_violations, sure_byte_lengths};
    let mut checked = 0;
    for tree in &model::model().trees {
        for node in tree.nodes.iter().filter(|n| n.ty == model::Ty::String) {
            let Some((lo, hi)) = sure_byte_lengths(node) else { continue };
            for len in [lo, lo + 1, hi.min(lo + 300), hi.min(5000)] {
                if len < lo || len > hi {
                    continue;
                }
                for unit in ["a", "é", "€", "😀", " "] {
                    // As many characters as fit in `len` bytes, padded with ASCII to exactly `len`.
                    let mut s = unit.repeat(len / unit.len());
                    s.push_str(&"x".repeat(len - s.len()));
                    let mut broken = Vec::new();
                    string_violations(node, &s, |rule, text| broken.push((rule, text)));
                    assert!(broken.is_empty(), "{:?} {} bytes of {unit:?}: {broken:?}", tree.op, s.len());
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

/// `number_range` is exactly the set of integers `number_violations` accepts, for every integer
/// node of every operation, at and around its bounds.
#[test]
fn number_range_is_what_the_full_check_accepts() {
    use super::walk::{number_range, number_violations};
    let mut checked = 0;
    for tree in &model::model().trees {
        for node in tree.nodes.iter().filter(|n| matches!(n.ty, model::Ty::Long | model::Ty::Integer)) {
            let (lo, hi) = number_range(node);
            for v in [i64::MIN, lo.saturating_sub(1), lo, lo.saturating_add(1), 0, 1, hi.saturating_sub(1), hi, hi.saturating_add(1), i64::MAX] {
                let mut broken = 0;
                number_violations(node, v, |_, _| broken += 1);
                assert_eq!(broken == 0, (lo..=hi).contains(&v), "{:?} {} {v}", tree.op, node.name);
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked}");
}
