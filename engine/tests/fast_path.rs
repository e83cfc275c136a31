//! The WriteRecords fast path (borrowed tree) answers exactly as the general path
//! (`serde_json::Value` → model table → typed request): same status, error, body and stored
//! records, for valid requests and for every way a request can leave the fast path.

mod common;
use common::*;
use serde_json::{json, Value};
use timestream_engine::{parse_body, testing, Engine, Operation, RequestContext};

fn general(e: &mut Engine, body: &[u8]) -> (u16, Value) {
    let r = parse_body(body).and_then(|v| e.dispatch_value(&RequestContext::default(), Operation::WriteRecords, v));
    match r {
        Ok(v) => (200, v.unwrap_or(Value::Null)),
        Err(err) => (err.kind.status(), serde_json::to_value(err.body()).unwrap()),
    }
}

fn dump(e: &Engine) -> Vec<String> {
    let records = testing::records(e, "tsdb", "tbl");
    records.iter().map(|(_, r)| format!("{r:?} {:?}", e.record_history("tsdb", "tbl", r.id))).collect()
}

fn same(bodies: &[String]) {
    let mut fast = engine();
    setup_table(&mut fast, json!({}));
    let mut slow = fast.clone();
    for b in bodies {
        let r = fast.handle("Timestream_20181101.WriteRecords", b.as_bytes());
        let (status, body) = general(&mut slow, b.as_bytes());
        assert_eq!((r.status, r.json()), (status, body), "{b}");
        assert_eq!(fast.diagnose(Operation::WriteRecords, b.as_bytes()), slow.diagnose(Operation::WriteRecords, b.as_bytes()), "{b}");
    }
    assert_eq!(dump(&fast), dump(&slow));
}

#[test]
fn fast_and_general_paths_agree() {
    let t = NOW_MS.to_string();
    let rec = |host: &str, v: &str| format!(r#"{{"Dimensions":[{{"Name":"host","Value":"{host}"}}],"MeasureName":"cpu","MeasureValue":"{v}","Time":"{t}"}}"#);
    let w = |records: &str| format!(r#"{{"DatabaseName":"tsdb","TableName":"tbl","Records":[{records}]}}"#);
    let bodies = vec![
        w(&rec("a", "1.5")),
        w(&rec("a", "1.5")),                                                                   // unchanged
        w(&rec("a", "2.5")),                                                                   // rejected: same version
        w(&rec("h\\u00e9\\\"x", "3")),                                                         // escaped strings
        w(&format!("{},{}", rec("b", "1"), rec("b", "x"))),                                    // request-level validation error
        w(&format!("{},{}", rec("c", "1"), rec("c", "1"))),                                    // same record twice in one request
        w(&rec("d", "1")).replace(r#""MeasureName""#, r#""MeasureName":"dup","MeasureName""#), // repeated key
        w(&rec("e", "1")).replace(r#""Time""#, r#""TimeUnit":null,"Time""#),                   // null member
        w(&rec("f", "1")).replace(r#""Time""#, r#""Bogus":1,"Time""#),                         // unknown member
        w(&rec("g", "1")).replace(r#""Time""#, r#""Version":1.5,"Time""#),                     // type error
        w(&rec("h", "1")).replace(r#""Time""#, r#""Version":7,"Time""#),
        w(&rec("h", "2")).replace(r#""Time""#, r#""Version":3,"Time""#), // lower version
        w(&rec("i", "1")).replace("tbl", "nope"),                        // unknown table
        w(&rec("j", "1")).replace(r#""Time":""#, r#""Time":"9"#),        // outside the window
        w(&rec("k", "1")).replace(
            r#""Records""#,
            r#""CommonAttributes":{"MeasureValueType":"BIGINT","Dimensions":[{"Name":"az","Value":"z1","DimensionValueType":"VARCHAR"}]},"Records""#,
        ),
        w(&format!(
            r#"{{"Dimensions":[{{"Name":"host","Value":"m"}}],"MeasureName":"multi","MeasureValueType":"MULTI","Time":"{t}","MeasureValues":[{{"Name":"cpu","Value":"1.5","Type":"DOUBLE"}},{{"Name":"up","Value":"true","Type":"BOOLEAN"}}]}}"#
        )),
        w(&format!(
            r#"{{"Dimensions":[{{"Name":"host","Value":"m2"}}],"MeasureName":"multi","MeasureValueType":"MULTI","Time":"{t}","MeasureValues":[{{"Name":"cpu","Value":"1.5"}}]}}"#
        )),
        w(&rec("l", "1")).replace(r#"{"Name":"host","Value":"l"}"#, r#"null"#),
        w(""),
        "{}".to_string(),
        "".to_string(),
        "[1]".to_string(),
        "{\"DatabaseName\":".to_string(),
    ];
    same(&bodies);
}

/// The reader remembers strings that passed a member's checks, and the schema rules the names
/// of a record they found known: a string or a schema that breaks a rule after others passed
/// (more of them than the reader remembers, in any order) is still caught, by both paths alike.
#[test]
fn remembered_checks_still_catch_a_late_violation() {
    let t = NOW_MS.to_string();
    let rec = |dim: &str, measure: &str, ty: &str, v: &str| {
        // The value names the series too: records with different values are different records.
        format!(
            r#"{{"Dimensions":[{{"Name":"{dim}","Value":"v{v}"}},{{"Name":"az","Value":"z"}}],"MeasureName":"{measure}","MeasureValue":"{v}","MeasureValueType":"{ty}","Time":"{t}"}}"#
        )
    };
    let w = |records: Vec<String>| format!(r#"{{"DatabaseName":"tsdb","TableName":"tbl","Records":[{}]}}"#, records.join(","));
    let names = ["d1", "d2", "d3", "d4", "d5", "d6"];
    let mut bodies = Vec::new();
    for bad in ["ts_d", "time", "a:b", "measure_value::x"] {
        // A dimension name that breaks an overlay rule after six that passed.
        let mut records: Vec<String> = names.iter().map(|n| rec(n, "m", "DOUBLE", "1")).collect();
        records.push(rec(bad, "m", "DOUBLE", "1"));
        records.push(rec("d1", "m", "DOUBLE", "1"));
        bodies.push(w(records));
        // The same for the measure name, and for the value type's enum.
        bodies.push(w(vec![rec("d1", "m1", "DOUBLE", "1"), rec("d1", "m2", "DOUBLE", "1"), rec("d1", bad, "DOUBLE", "1")]));
    }
    bodies.push(w(vec![rec("d1", "m", "DOUBLE", "1"), rec("d1", "m", "DUBLE", "1")]));
    // Per-record schema rejections after records with the same names were found known: the
    // measure's type changes, a dimension name is used as a measure, and back.
    bodies.push(w(vec![
        rec("d1", "m", "DOUBLE", "1"),
        rec("d1", "m", "DOUBLE", "2"),
        rec("d1", "m", "BIGINT", "3"),
        rec("d1", "m", "DOUBLE", "4"),
        rec("d2", "d1", "DOUBLE", "5"),
        rec("m", "x", "DOUBLE", "6"),
        rec("d1", "m", "DOUBLE", "7"),
    ]));
    same(&bodies);
    // And one record per request gives every record the same fate as all of them in one.
    let mut one_by_one = engine();
    setup_table(&mut one_by_one, json!({}));
    let mut together = one_by_one.clone();
    let records: Vec<String> = (0..3)
        .flat_map(|k| {
            let v = |i: usize| (10 * k + i).to_string();
            [
                rec("d1", "m", "DOUBLE", &v(0)),
                rec("d1", "m", "BIGINT", &v(1)),
                rec("d2", "d1", "DOUBLE", &v(2)),
                rec("m", "x", "DOUBLE", &v(3)),
                rec("d1", "m", "DOUBLE", &v(4)),
            ]
        })
        .collect();
    let mut rejected = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let resp = one_by_one.handle("Timestream_20181101.WriteRecords", w(vec![r.clone()]).as_bytes());
        if resp.status != 200 {
            rejected.push(i);
        }
    }
    let resp = together.handle("Timestream_20181101.WriteRecords", w(records).as_bytes());
    let got: Vec<usize> = resp.json()["RejectedRecords"].as_array().into_iter().flatten().map(|r| r["RecordIndex"].as_u64().unwrap() as usize).collect();
    assert_eq!(got, rejected, "{}", resp.json());
    assert!(rejected.contains(&1) && rejected.contains(&2) && rejected.contains(&3), "{rejected:?}");
    assert_eq!(dump(&one_by_one).len(), dump(&together).len());
}

/// Thousands of bodies one to three byte edits away from valid requests (single, MULTI, with
/// CommonAttributes, pretty-printed): whatever the fast path answers, the general path answers
/// the same, and the stored records end the same. The edits must leave many bodies valid (the
/// fast path answers those itself) and break many (it steps aside). `FAST_PATH_BODIES=N` runs N
/// bodies instead of 6,000 (120,000 agreed when the reader was written).
#[test]
#[cfg(feature = "fast-path")]
fn fast_and_general_paths_agree_on_mutated_bodies() {
    let t = NOW_MS.to_string();
    let bases = [
        format!(
            r#"{{"DatabaseName":"tsdb","TableName":"tbl","Records":[{{"Dimensions":[{{"Name":"host","Value":"a1"}},{{"Name":"az","Value":"z"}}],"MeasureName":"cpu","MeasureValue":"1.5","MeasureValueType":"DOUBLE","Time":"{t}","Version":2}}]}}"#
        ),
        format!(
            r#"{{"DatabaseName":"tsdb","TableName":"tbl","CommonAttributes":{{"Dimensions":[{{"Name":"region","Value":"eu","DimensionValueType":"VARCHAR"}}],"Time":"{t}","TimeUnit":"MILLISECONDS"}},"Records":[{{"Dimensions":[{{"Name":"host","Value":"b"}}],"MeasureName":"up","MeasureValue":"true","MeasureValueType":"BOOLEAN"}},{{"Dimensions":[{{"Name":"host","Value":"c"}}],"MeasureName":"n","MeasureValue":"12","MeasureValueType":"BIGINT"}}]}}"#
        ),
        format!(
            r#"{{
  "DatabaseName": "tsdb",
  "TableName": "tbl",
  "Records": [
    {{
      "Dimensions": [ {{ "Name": "host", "Value": "m" }} ],
      "MeasureName": "metrics", "MeasureValueType": "MULTI", "Time": "{t}",
      "MeasureValues": [ {{ "Name": "cpu", "Value": "2.5", "Type": "DOUBLE" }}, {{ "Name": "msg", "Value": "ok", "Type": "VARCHAR" }} ]
    }}
  ]
}}"#
        ),
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet = b"{}[]\",:0123456789.-eE tfnul\\\x01abcxyzNVT\xc3\xa9";
    let mut bodies = Vec::new();
    for i in 0..std::env::var("FAST_PATH_BODIES").ok().and_then(|n| n.parse().ok()).unwrap_or(6_000) {
        let mut body = bases[i % bases.len()].clone().into_bytes();
        for _ in 0..1 + next() % 3 {
            let at = (next() % body.len() as u64) as usize;
            let c = alphabet[(next() % alphabet.len() as u64) as usize];
            match next() % 4 {
                0 => body[at] = c,
                1 => {
                    body.remove(at);
                }
                2 => body.insert(at, c),
                // A digit of a value or the time: still valid JSON, maybe a new record.
                _ => {
                    if body[at].is_ascii_digit() {
                        body[at] = b'0' + (next() % 10) as u8;
                    }
                }
            }
        }
        bodies.push(String::from_utf8_lossy(&body).into_owned());
    }
    let accepted = bodies.iter().filter(|b| testing::fast_diagnose(b.as_bytes()).is_some()).count();
    assert!(accepted > bodies.len() / 10 && accepted < bodies.len() * 9 / 10, "the fast path took {accepted} of {}", bodies.len());
    same(&bodies);
}

#[test]
#[cfg(feature = "fast-path")]
fn valid_requests_take_the_fast_path() {
    let t = NOW_MS.to_string();
    let body = format!(
        r#"{{ "DatabaseName" : "tsdb", "TableName":"tbl", "Records" : [ {{"Dimensions":[{{"Name":"host","Value":"h"}}],"MeasureName":"cpu","MeasureValue":"1","Time":"{t}"}} ] }}"#
    );
    assert_eq!(testing::fast_diagnose(body.as_bytes()), Some(vec![]));
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let answer = testing::fast_write(&mut e, body.as_bytes()).expect("the fast path answers a valid request");
    let text = answer.unwrap().expect("WriteRecords has an output");
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&text).unwrap()["RecordsIngested"]["Total"], 1);
    // An unknown table, an escape, a null: the general path answers.
    assert!(testing::fast_write(&mut e, body.replace("tbl", "nope").as_bytes()).is_none());
    assert!(testing::fast_diagnose(body.replace(r#""h""#, r#""\u0068""#).as_bytes()).is_none());
    assert!(testing::fast_diagnose(body.replace(r#""MeasureName""#, r#""TimeUnit":null,"MeasureName""#).as_bytes()).is_none());
}
