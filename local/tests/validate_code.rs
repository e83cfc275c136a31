//! `timestream-local validate` on files of code: a boto3 call, an AWS CLI command and a
//! JavaScript SDK v3 command are validated as the request they send (through
//! `timestream_engine::recognise`); code that cannot be converted says where and why.

use std::path::{Path, PathBuf};
use std::process::Output;

fn validate(file: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_timestream-local")).arg("validate").arg(file).output().unwrap()
}

fn out(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A scratch file under Cargo's per-test temp dir (names that mention no operation).
fn scratch(name: &str, text: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const RECORD: &str =
    "{'Dimensions': [{'Name': 'host', 'Value': 'a'}], 'MeasureName': 'cpu', 'MeasureValue': '1.5', 'MeasureValueType': 'TYPE', 'Time': '{{now}}'}";

fn boto3(value_type: &str) -> String {
    format!(
        "import boto3\n\nclient = boto3.client('timestream-write')\nclient.write_records(\n    DatabaseName='db',\n    TableName='t',\n    Records=[{}],\n)\n",
        RECORD.replace("TYPE", value_type)
    )
}

#[test]
fn validate_reads_a_boto3_call_as_the_request_it_sends() {
    let ok = scratch("request-ok.py", &boto3("DOUBLE"));
    let o = validate(&ok);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.lines().any(|l| l == format!("{}: ok", ok.display())), "{text}");

    let bad = scratch("request-bad.py", &boto3("NUMBER"));
    let o = validate(&bad);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains(&format!("{}: Records[0].MeasureValueType: ", bad.display())), "{text}");
}

#[test]
fn validate_reads_cli_and_javascript_commands() {
    let cli = scratch(
        "request-cli.sh",
        "aws timestream-write create-table --database-name db --table-name t \\\n  --retention-properties MemoryStoreRetentionPeriodInHours=0,MagneticStoreRetentionPeriodInDays=7\n",
    );
    let o = validate(&cli);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains(&format!("{}: RetentionProperties.MemoryStoreRetentionPeriodInHours: ", cli.display())), "{text}");

    let js = scratch("request.mjs", "await client.send(new DescribeTableCommand({ DatabaseName: 'db', TableName: 't' }));\n");
    let o = validate(&js);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
}

#[test]
fn validate_says_where_code_cannot_be_converted() {
    let file = scratch("request-call.py", "client.write_records(DatabaseName='db', TableName='t',\n    Records=[{'Time': str(time.time())}])\n");
    let o = validate(&file);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("line 2, column 23") && text.contains("str(…)"), "{text}");
}
