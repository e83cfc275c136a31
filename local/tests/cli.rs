//! The `validate` and `run` subcommands, through the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_timestream-local"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn out(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn validate(args: &[&str], files: &[PathBuf]) -> Output {
    bin().arg("validate").args(args).args(files).output().unwrap()
}

/// A scratch file under Cargo's per-test temp dir.
fn scratch(name: &str, text: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn validate_valid_files_print_ok() {
    let files = [fixture("write-records.json"), fixture("wrapped-step.json")];
    let o = validate(&[], &files);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert_eq!(text, format!("{}: ok\n{}: ok\n", files[0].display(), files[1].display()));
    // --operation names the operation of a file whose name and members do not.
    let o = validate(&["--operation", "describe-table"], &[fixture("ambiguous.json")]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
}

#[test]
fn validate_reports_every_problem_and_exits_1() {
    let ambiguous = fixture("ambiguous.json");
    let broken = fixture("broken.json");
    let missing = fixture("does-not-exist.json");
    let o = validate(&[], &[ambiguous.clone(), broken.clone(), missing.clone(), fixture("write-records.json")]);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with(&format!("{}: error: ambiguous operation: the members DatabaseName, TableName fit", ambiguous.display())), "{text}");
    assert!(lines[0].contains("--operation"), "{text}");
    assert!(lines[1].starts_with(&format!("{}: (request): syntax: Malformed JSON at line 3", broken.display())), "{text}");
    assert!(lines[2].starts_with(&format!("{}: error: cannot read the file", missing.display())), "{text}");
    assert!(lines[3].ends_with("write-records.json: ok"), "{text}");
}

#[test]
fn validate_prints_path_rule_message_for_model_violations() {
    let records: Vec<String> =
        (0..101).map(|i| format!(r#"{{"MeasureName":"m","MeasureValue":"1","Time":"{i}","Dimensions":[{{"Name":"h","Value":"a"}}]}}"#)).collect();
    let file = scratch("too-many.json", &format!(r#"{{"DatabaseName":"d","TableName":"t","Records":[{}]}}"#, records.join(",")));
    let o = validate(&[], std::slice::from_ref(&file));
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.starts_with(&format!("{}: Records: maxLength: ", file.display())), "{text}");
}

#[test]
fn validate_usage_errors_exit_2() {
    let o = validate(&["--operation", "WriteRecord"], &[fixture("write-records.json")]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).contains("unknown operation \"WriteRecord\""));
    let o = validate(&[], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
}

#[test]
fn run_replays_a_scenario() {
    let o = bin().arg("run").arg(fixture("upserts.json")).output().unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.starts_with("Scenario: Upserts, versions and the memory-store window (5 steps)\n"), "{text}");
    assert!(text.contains("step 3  WriteRecords  at 2024-01-01T12:10:00.000Z (clock +10m)"), "{text}");
    assert!(text.contains("  note: Default retention: 6 hours in the memory store."), "{text}");
    assert!(text.contains("  -> 419 RejectedRecordsException  {"), "{text}");
    assert_eq!(text.matches("  expect: met").count(), 5, "{text}");
    assert!(text.trim_end().ends_with("expectations: 5 met, 0 failed, 0 steps without expect"), "{text}");
}

#[test]
fn run_reports_unmet_expectations_and_exits_1() {
    let o = bin().arg("run").arg(fixture("expect-fails.json")).output().unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("  -> 409 ConflictException  {"), "{text}");
    assert!(text.contains("  expect: NOT MET\n    - status: expected 200, got 409 ConflictException: "), "{text}");
    assert!(text.trim_end().ends_with("expectations: 1 met, 1 failed, 0 steps without expect"), "{text}");
}

#[test]
fn run_names_the_bad_field_of_a_scenario() {
    let file = scratch("bad-scenario.json", r#"{"steps": [{"operation": "ListDatabases", "advanceClock": "soon"}]}"#);
    let o = bin().arg("run").arg(&file).output().unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.starts_with(&format!("{}: error: steps[0].advanceClock: \"soon\" is not a duration", file.display())), "{text}");
}

#[test]
fn run_replays_put_object_and_batch_load_steps_of_the_examples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../engine/scenarios");
    let o = bin().arg("run").arg(dir.join("batch-load-mapping.json")).output().unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.contains("\nstep 3  putObject  at 2024-06-01T12:00:00.000Z\n"), "{text}");
    assert!(text.contains("  -> 200 OK  {\"Bucket\":\"tutorial-data\",\"Key\":\"sensors.csv\",\"Size\":"), "{text}");
    assert!(text.contains("\nstep 6  runBatchLoads  at "), "{text}");
    assert!(text.trim_end().ends_with("expectations: 7 met, 0 failed, 0 steps without expect"), "{text}");
    // Every example of the playground's menu replays clean through the CLI too.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let o = bin().arg("run").arg(&path).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}: {}", path.display(), out(&o));
    }
}

#[test]
fn validate_takes_the_operation_of_a_pasted_http_request() {
    let file = scratch("captured.txt", "POST / HTTP/1.1\r\nX-Amz-Target: Timestream_20181101.CreateDatabase\r\n\r\n{\"DatabaseName\":\"a\"}");
    let o = validate(&[], std::slice::from_ref(&file));
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.starts_with(&format!("{}: DatabaseName: minLength: ", file.display())), "{text}");
    let o = validate(&["--operation", "ListDatabases"], std::slice::from_ref(&file));
    assert!(out(&o).contains("error: the file is a CreateDatabase request but --operation says ListDatabases"), "{}", out(&o));
}
