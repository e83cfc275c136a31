//! Pasting code: each syntax the recogniser reads (boto3 calls, AWS CLI commands, JavaScript SDK
//! v3 commands, bare dicts) becomes the operation and its JSON body, with a note saying what was
//! converted; what cannot be converted says where (line, column) and why.
#![cfg(feature = "code")]

use serde_json::{json, Value};
use timestream_engine::recognise::{recognise, Problem, Recognised, Source};
use timestream_engine::Operation;

const CURRENT: Operation = Operation::DescribeEndpoints;

fn paste(text: &str) -> Recognised<'_> {
    recognise(text, CURRENT).unwrap_or_else(|| panic!("not recognised: {text}"))
}

/// The operation and body of a conversion that worked.
fn converted(text: &str) -> (Operation, Value, String) {
    let r = paste(text);
    let note = r.note.unwrap_or_else(|| panic!("no note for {text}"));
    assert_eq!(note.problem, None, "{}", note.message);
    let body: Value = serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body));
    (r.operation, body, note.message)
}

/// Line and column (1-based, characters) of the first `needle` in `text`.
fn at(text: &str, needle: &str) -> (usize, usize) {
    let i = text.find(needle).unwrap_or_else(|| panic!("{needle} not in {text}"));
    let line = text[..i].matches('\n').count() + 1;
    let col = text[..i].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// The problem of a conversion that failed: the text is kept, the operation is the one named.
fn problem(text: &str) -> (Operation, Problem, String) {
    let r = paste(text);
    assert_eq!(r.body, text, "a text that cannot be converted is kept as pasted");
    let note = r.note.expect("a note");
    let p = note.problem.unwrap_or_else(|| panic!("converted: {}", r.body));
    assert!(note.message.contains(&format!("line {}, column {}: {}", p.line, p.column, p.reason)), "{}", note.message);
    (r.operation, p, note.message)
}

#[track_caller]
fn assert_problem(text: &str, needle: &str, why: &str) -> Operation {
    let (op, p, message) = problem(text);
    assert_eq!((p.line, p.column), at(text, needle), "{message}");
    assert!(p.reason.contains(why), "{message}");
    op
}

#[test]
fn a_boto3_call_becomes_its_operation_and_members_in_order() {
    let text = r#"import boto3

client = boto3.client('timestream-write')
# one record
response = client.write_records(
    DatabaseName='db',  # the database
    TableName="t",
    Records=[{'MeasureName': 'cpu', 'MeasureValue': '1.5', 'Time': '1700000000000', 'Version': 1_000,}],
    CommonAttributes={'Dimensions': [{'Name': 'host', 'Value': ('web'
                                                                '-01')}]},
)
print(response)
"#;
    let r = paste(text);
    assert_eq!(r.operation, Operation::WriteRecords);
    assert!(r.body.starts_with("{\n  \"DatabaseName\": \"db\",\n  \"TableName\": \"t\",\n  \"Records\": ["), "members keep their order: {}", r.body);
    let body: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        body,
        json!({"DatabaseName": "db", "TableName": "t",
               "Records": [{"MeasureName": "cpu", "MeasureValue": "1.5", "Time": "1700000000000", "Version": 1000}],
               "CommonAttributes": {"Dimensions": [{"Name": "host", "Value": "web-01"}]}})
    );
    // Windows line ends read the same.
    assert_eq!(paste(&text.replace('\n', "\r\n")).body, r.body);
    let note = r.note.unwrap();
    assert_eq!(note.source, Source::Boto3);
    assert_eq!(
        note.message,
        "Converted from a boto3 call (write_records): keyword arguments → members, single quotes → double quotes, \
         trailing commas dropped, comments dropped, adjacent strings joined, numbers rewritten."
    );
}

#[test]
fn boto3_takes_dict_unpacking_python_constants_tuples_and_variables() {
    let (op, body, note) = converted("timestream.create_table(**{'DatabaseName': 'db', 'TableName': 't', 'MagneticStoreWriteProperties': {'EnableMagneticStoreWrites': True}, 'KmsKey': None})");
    assert_eq!(op, Operation::CreateTable);
    assert_eq!(body, json!({"DatabaseName": "db", "TableName": "t", "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true}, "KmsKey": null}));
    assert!(note.contains("spreads (** / ...) merged") && note.contains("True/False/None → true/false/null"), "{note}");

    let text = "DB = 'db'\nrecords = [\n    {'MeasureName': 'm', 'MeasureValue': '1'},\n]\nc.write_records(DatabaseName=DB, TableName='t', Records=records)\n";
    let (op, body, note) = converted(text);
    assert_eq!(op, Operation::WriteRecords);
    assert_eq!(body, json!({"DatabaseName": "db", "TableName": "t", "Records": [{"MeasureName": "m", "MeasureValue": "1"}]}));
    assert!(note.contains("variables → their assigned values"), "{note}");

    let (_, body, note) = converted("c.untag_resource(ResourceARN='arn:x', TagKeys=('a', 'b'))");
    assert_eq!(body, json!({"ResourceARN": "arn:x", "TagKeys": ["a", "b"]}));
    assert!(note.contains("tuples → lists"), "{note}");
    let (_, body, _) = converted("c.write_records(DatabaseName='db', TableName='t', Records=[dict(MeasureName='m', Dimensions=[dict(Name='h', Value='a')])])");
    assert_eq!(body, json!({"DatabaseName": "db", "TableName": "t", "Records": [{"MeasureName": "m", "Dimensions": [{"Name": "h", "Value": "a"}]}]}));
    let (op, body, _) = converted("client.describe_endpoints()");
    assert_eq!((op, body), (Operation::DescribeEndpoints, json!({})));
}

#[test]
fn python_strings_take_every_escape_raw_and_triple_quotes() {
    let (_, body, note) = converted(
        r#"c.create_database(DatabaseName='it\'s \x41\u00e9\U0001F600\t\101\q', KmsKeyId=r'C:\keys\n', Tags=[{'Key': '''multi
line''', 'Value': u"é"}])"#,
    );
    assert_eq!(body, json!({"DatabaseName": "it's Aé😀\tA\\q", "KmsKeyId": "C:\\keys\\n", "Tags": [{"Key": "multi\nline", "Value": "é"}]}));
    assert!(note.contains("escapes rewritten") && note.contains("raw, triple-quoted and template strings read"), "{note}");
}

#[test]
fn numbers_in_every_python_and_javascript_form_become_json_numbers() {
    let (_, body, _) = converted("c.list_databases(MaxResults=+0x1f, A=-2_000, B=.5, C=5., D=1e3, E=-0.25, F=0o17, G=18446744073709551615)");
    assert_eq!(body, json!({"MaxResults": 31, "A": -2000, "B": 0.5, "C": 5.0, "D": 1000.0, "E": -0.25, "F": 15, "G": 18446744073709551615u64}));
}

#[test]
fn a_bare_python_dict_or_javascript_object_fits_its_operation() {
    let (op, body, note) = converted("{'DatabaseName': 'db', 'TableName': 't', 'Records': [], }  # records");
    assert_eq!((op, body), (Operation::WriteRecords, json!({"DatabaseName": "db", "TableName": "t", "Records": []})));
    assert_eq!(note, "Converted from a dict literal: single quotes → double quotes, trailing commas dropped, comments dropped.");
    let (_, _, note) = converted("{'ResourceARN': 'arn:x', 'Tags': [{'Key': 'k', 'Value': None}]}");
    assert!(note.starts_with("Converted from a Python dict:"), "{note}");
    let (op, body, note) = converted("{ DatabaseName: \"db\", // the name\n /* no kms */ }");
    assert_eq!((op, body), (Operation::CreateDatabase, json!({"DatabaseName": "db"})), "the first operation that fits");
    assert!(note.starts_with("Converted from a JavaScript object: unquoted keys quoted"), "{note}");
    // An assignment of one: the dict it assigns.
    let (op, body, _) = converted("# the request\nparams = {'DatabaseName': 'db', 'KmsKeyId': 'k'}\n");
    assert_eq!((op, body), (Operation::CreateDatabase, json!({"DatabaseName": "db", "KmsKeyId": "k"})));
    let (op, body, _) = converted("const input = { ResourceARN: 'arn:x', TagKeys: ['a'] };");
    assert_eq!((op, body), (Operation::UntagResource, json!({"ResourceARN": "arn:x", "TagKeys": ["a"]})));
    // A JSON body with a trailing comma is converted too.
    let (_, body, note) = converted("{\"DatabaseName\": \"db\",}");
    assert_eq!((body, note.as_str()), (json!({"DatabaseName": "db"}), "Converted from a dict literal: trailing commas dropped."));
}

#[test]
fn json_keeps_its_path_without_a_note() {
    let text = r#"{"DatabaseName":"db","TableName":"t","Records":[]}"#;
    assert_eq!(paste(text), Recognised { operation: Operation::WriteRecords, body: text.into(), note: None });
    // Broken JSON with nothing but JSON before the error: the editor's JSON diagnostics speak.
    assert_eq!(recognise("{\"Oops\": ", CURRENT), None);
    assert_eq!(recognise("{\"a\": 1 \"b\": 2}", CURRENT), None);
    assert_eq!(recognise("just words", CURRENT), None);
}

#[test]
fn aws_cli_options_become_members_with_json_and_shorthand_values() {
    let text = "$ aws timestream-write write-records --region us-east-1 \\\n  --database-name db --table-name t \\\n  --records '[{\"MeasureName\": \"cpu\", \"MeasureValue\": \"1\"}]' \\\n  --common-attributes 'Dimensions=[{Name=host,Value=a}],Version=3' --debug\n";
    let (op, body, note) = converted(text);
    assert_eq!(op, Operation::WriteRecords);
    assert_eq!(
        body,
        json!({"DatabaseName": "db", "TableName": "t", "Records": [{"MeasureName": "cpu", "MeasureValue": "1"}],
               "CommonAttributes": {"Dimensions": [{"Name": "host", "Value": "a"}], "Version": 3}})
    );
    assert_eq!(note, "Converted from an AWS CLI command (write-records): options → members, shorthand syntax → JSON.");

    let (op, body, _) = converted(
        "aws timestream-write create-table --database-name db --table-name t \\\n --retention-properties MemoryStoreRetentionPeriodInHours=24,MagneticStoreRetentionPeriodInDays=7 \\\n --tags Key=a,Value=b Key=c,Value=d \\\n --magnetic-store-write-properties 'EnableMagneticStoreWrites=true,MagneticStoreRejectedDataLocation={S3Configuration={BucketName=b,EncryptionOption=SSE_S3}}'",
    );
    assert_eq!(op, Operation::CreateTable);
    assert_eq!(
        body,
        json!({"DatabaseName": "db", "TableName": "t",
               "RetentionProperties": {"MemoryStoreRetentionPeriodInHours": 24, "MagneticStoreRetentionPeriodInDays": 7},
               "Tags": [{"Key": "a", "Value": "b"}, {"Key": "c", "Value": "d"}],
               "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true,
                   "MagneticStoreRejectedDataLocation": {"S3Configuration": {"BucketName": "b", "EncryptionOption": "SSE_S3"}}}})
    );
    let (op, body, _) = converted("aws timestream-write untag-resource --resource-arn arn:x --tag-keys a b,c");
    assert_eq!((op, body), (Operation::UntagResource, json!({"ResourceARN": "arn:x", "TagKeys": ["a", "b", "c"]})));
    let (op, body, _) = converted("aws --profile p timestream-write list-databases --max-results=5 --no-cli-pager");
    assert_eq!((op, body), (Operation::ListDatabases, json!({"MaxResults": 5})));
    // --cli-input-json gives what the options do not; an option wins over it.
    let (_, body, note) = converted("aws timestream-write describe-table --cli-input-json '{\"DatabaseName\": \"a\", \"TableName\": \"t\"}' --database-name b");
    assert_eq!(body, json!({"DatabaseName": "b", "TableName": "t"}));
    assert!(note.contains("--cli-input-json read"), "{note}");
    let (_, crlf, _) = converted(&text.replace('\n', "\r\n"));
    assert_eq!(crlf["Records"], json!([{"MeasureName": "cpu", "MeasureValue": "1"}]));
    let (op, body, _) = converted("aws timestream-write describe-endpoints");
    assert_eq!((op, body), (Operation::DescribeEndpoints, json!({})));
}

#[test]
fn javascript_sdk_commands_become_their_operation() {
    let text = "import { TimestreamWriteClient, WriteRecordsCommand } from \"@aws-sdk/client-timestream-write\";\n\
                const client = new TimestreamWriteClient({});\n\
                const response = await client.send(new WriteRecordsCommand({\n  DatabaseName: \"db\", // the database\n  TableName: 't', /* table */\n  Records: [{ MeasureName: \"cpu\", \"MeasureValue\": \"1\", Version: 2, },],\n}));\n";
    let (op, body, note) = converted(text);
    assert_eq!(op, Operation::WriteRecords);
    assert_eq!(body, json!({"DatabaseName": "db", "TableName": "t", "Records": [{"MeasureName": "cpu", "MeasureValue": "1", "Version": 2}]}));
    assert_eq!(
        note,
        "Converted from a JavaScript SDK v3 command (WriteRecordsCommand): single quotes → double quotes, unquoted keys quoted, trailing commas dropped, comments dropped."
    );
    let (op, body, _) =
        converted("const params = { DatabaseName: 'db', ...{ KmsKeyId: 'k' } };\nconst out = await new TimestreamWrite({}).createDatabase(params);");
    assert_eq!((op, body), (Operation::CreateDatabase, json!({"DatabaseName": "db", "KmsKeyId": "k"})));
    let (op, body, _) = converted("const input: WriteRecordsCommandInput = { DatabaseName: 'db' };\nawait client.send(new DescribeDatabaseCommand(input));");
    assert_eq!((op, body), (Operation::DescribeDatabase, json!({"DatabaseName": "db"})));
    let (op, body, _) = converted("client.send(new DescribeEndpointsCommand())");
    assert_eq!((op, body), (Operation::DescribeEndpoints, json!({})));
    let (_, body, note) = converted("new DeleteTableCommand({ DatabaseName: 'a' + \"b\", TableName: `t\n` })");
    assert_eq!(body, json!({"DatabaseName": "ab", "TableName": "t\n"}));
    assert!(note.contains("adjacent strings joined") && note.contains("raw, triple-quoted and template strings read"), "{note}");
}

/// (text, where the problem is, why), for [`assert_problem`].
type Case = (&'static str, &'static str, &'static str);

#[test]
fn boto3_problems_say_where_and_why() {
    let op = assert_problem("client.describe_database('db')", "'db'", "positional argument");
    assert_eq!(op, Operation::DescribeDatabase, "the operation the call names");
    let cases: &[Case] = &[
        ("c.write_records(DatabaseName='db', TableName='t',\n  Records=[{'Time': str(int(time.time() * 1000))}])", "str(", "a call to `str(…)`"),
        ("c.delete_database(DatabaseName=DB)", "DB)", "the variable `DB`"),
        ("c.delete_database(DatabaseName=f'{db}')", "f'", "f-string"),
        ("c.delete_database(DatabaseName='db\n)", "'db", "does not end on its line"),
        ("c.delete_database(DatabaseName='db' + suffix)", "+ suffix", "the operator `+`"),
        ("c.delete_database(DatabaseName='db', DatabaseName='x')", "DatabaseName='x'", "given twice"),
        ("c.delete_database(DatabaseName='\\N{BULLET}')", "\\N", "named escape"),
        ("{'DatabaseName': True, 'Records': [] 'TableName': 't'}", "'TableName'", "expected `,` or `}`"),
        // A variable that holds itself, and nesting past serde_json's own limit, stop at 128.
        ("x = [x]\nc.delete_database(DatabaseName=x)", "x]", "nested more than 128 deep"),
    ];
    for &(text, needle, why) in cases {
        assert_problem(text, needle, why);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!("{{'a': {}", "[".repeat(100_000));
    let (_, p, _) = problem(&text);
    assert!(p.reason.contains("nested more than 128 deep"), "{p:?}");
}

#[test]
fn cli_problems_say_where_and_why() {
    let op = assert_problem("aws timestream-write write-records --database-name db \\\n  --records file://records.json", "file://", "paste the file's content");
    assert_eq!(op, Operation::WriteRecords);
    let cases: &[Case] = &[
        ("aws timestream-write create-database --database-name db --bogus 1", "--bogus", "no option --bogus"),
        ("aws timestream-query query --query-string 'SELECT 1'", "timestream-query", "Timestream Query"),
        ("aws timestream-write frobnicate", "frobnicate", "not an operation"),
        ("aws timestream-write create-table --database-name db --table-name t --retention-properties Hours=1", "Hours", "no member `Hours`"),
        ("aws timestream-write list-databases --max-results five", "five", "not an integer"),
        ("aws timestream-write write-records --records '[{\"MeasureName\": \"m\",}]'", ",}", "trailing comma"),
        ("aws timestream-write delete-database --database-name \"$DB\"", "$DB", "variable"),
        ("aws timestream-write describe-table --cli-input-json file://in.json", "file://", "file in.json"),
        ("aws timestream-write delete-database --database-name 'db", "'db", "never closed"),
    ];
    for &(text, needle, why) in cases {
        assert_problem(text, needle, why);
    }
}

#[test]
fn javascript_problems_say_where_and_why() {
    let text = "await client.send(new WriteRecordsCommand({ DatabaseName: 'db', Records: [{ Time: Date.now().toString() }] }));";
    assert_eq!(assert_problem(text, "Date", "the expression `Date.…`"), Operation::WriteRecords);
    let cases: &[Case] = &[
        ("new CreateDatabaseCommand({ DatabaseName })", "}", "expected `:`"),
        ("new CreateDatabaseCommand({ DatabaseName: 'db' }, extra)", "extra", "expected `)`"),
        ("new DeleteTableCommand({ DatabaseName: 'a' + \"b\", TableName: 't' ? 1 : 2 })", "? 1", "operator `?`"),
        ("new DeleteTableCommand({ DatabaseName: `db-${env}` })", "${", "template"),
    ];
    for &(text, needle, why) in cases {
        assert_problem(text, needle, why);
    }
}
