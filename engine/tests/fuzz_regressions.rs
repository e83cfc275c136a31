//! Every crash the fuzz targets found (fuzz/, docs/reliability.md), kept as a test of the normal
//! suite: the input, reduced to what triggered it, and the property the target checked.

mod common;
use common::*;
use serde_json::{json, Value};
use timestream_engine::testing::{diagnose_general, general_path};
use timestream_engine::{Engine, Operation};

/// The fuzz target `fast_vs_general`'s property: the fast path (`handle`, `diagnose`) and the
/// general path answer the same, and leave the same state.
fn same_on_both_paths(body: &str) -> (u16, Value) {
    let mut fast = engine();
    setup_table(&mut fast, json!({}));
    let mut general = fast.clone();
    assert_eq!(fast.diagnose(Operation::WriteRecords, body.as_bytes()), diagnose_general(&general, Operation::WriteRecords, body.as_bytes()), "{body}");
    let r = fast.handle(&Operation::WriteRecords.target(), body.as_bytes());
    let g = match general_path(&mut general, Operation::WriteRecords, body.as_bytes()) {
        Ok(v) => (200, v.unwrap_or(Value::Null)),
        Err(e) => (e.kind.status(), serde_json::to_value(e.body()).unwrap()),
    };
    assert_eq!((r.status, r.json()), g, "{body}");
    assert_eq!(state(&fast), state(&general), "{body}");
    g
}

fn state(e: &Engine) -> Value {
    serde_json::from_str::<Value>(&e.snapshot()).unwrap()["state"].clone()
}

/// fast_vs_general, crash 1: an integer of more than 18 digits (a `Version`) overflowed the fast
/// path's digit reader (`attempt to multiply with overflow` in a debug build; in a release
/// build the wrapped value was thrown away, so only debug builds panicked).
#[test]
fn a_version_of_twenty_five_digits_is_a_type_error_on_both_paths() {
    let t = NOW_MS.to_string();
    for digits in ["1234567890123456789012345", "9223372036854775807", "99999999999999999999", "0000000000000000000001"] {
        let body = format!(
            r#"{{"DatabaseName":"tsdb","TableName":"tbl","Records":[{{"Dimensions":[{{"Name":"h","Value":"a"}}],"MeasureName":"m","MeasureValue":"1","Time":"{t}","Version":{digits}}}]}}"#
        );
        let (status, _) = same_on_both_paths(&body);
        assert_eq!(status, if digits == "9223372036854775807" { 200 } else { 400 }, "{digits}");
    }
}

/// recognise, crash 1: an assignment that the reader had skipped as part of a comment (the text
/// starts with `/*////#///`) was taken as a bare dict after the reader's start: `text[start..value]`
/// with `value < start` panicked. The input as found (tests/fuzz_inputs/recognise-1: the target's
/// first byte picks the selected operation, the rest is the pasted text), checked as the target does.
#[test]
fn an_assignment_inside_skipped_text_is_not_a_request() {
    let (&pick, rest) = include_bytes!("fuzz_inputs/recognise-1").split_first().unwrap();
    let text = std::str::from_utf8(rest).unwrap();
    let got = timestream_engine::recognise::recognise(text, Operation::ALL[pick as usize % Operation::ALL.len()]);
    let shown = format!("{got:?}");
    // Not code this module reads: nothing, or a conversion that says where it stopped.
    assert!(got.is_none_or(|r| r.note.is_some_and(|n| n.problem.is_some())), "{shown}");
}

/// fast_vs_general, a timeout (a run of 20 s on one input): diagnostics of a request rule that
/// the model table had reported already were left out by comparing each with every diagnostic
/// before it, quadratic in their number. The input as found (tests/fuzz_inputs/fast_vs_general-
/// timeout-1, the generator's bytes) made 101 records under CommonAttributes of 102 dimensions of
/// one name: 8.7 s of `diagnose` in the fuzz build. This is the same shape, bigger: each record
/// breaks the rules once per dimension (a repeated name), each at its own path. With the
/// quadratic scan it takes minutes; with a set, well under the bound.
#[test]
fn diagnose_of_many_request_rule_problems_is_not_quadratic() {
    let dims: Vec<Value> = (0..128).map(|_| json!({"Name": "host", "Value": "a"})).collect();
    let records: Vec<Value> = (0..200).map(|_| json!({"MeasureName": "m", "MeasureValue": "host", "MeasureValueType": "BIGINT"})).collect();
    let body = json!({"DatabaseName": "tsdb", "TableName": "tbl", "CommonAttributes": {"Dimensions": dims, "Time": NOW_MS.to_string()}, "Records": records});
    let body = body.to_string();
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let start = std::time::Instant::now();
    let diags = e.diagnose(Operation::WriteRecords, body.as_bytes());
    let took = start.elapsed();
    // Every record's problems are there, each once.
    let mut keys: Vec<(String, &str)> = diags.iter().map(|d| (format!("{:?}", d.path), d.message.as_str())).collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "a problem reported twice");
    assert!(n > 200 * 100, "{n} diagnostics");
    assert!(took < std::time::Duration::from_secs(20), "diagnose took {took:?} for {n} diagnostics");
}
