//! Nothing in the engine panics on any input bytes: random bytes, random JSON values, and
//! mutations of valid requests are sent to every operation.

mod common;
use common::*;
use serde_json::{json, Map, Value};
use timestream_engine::testing::Ids;
use timestream_engine::Operation;

fn random_value(rng: &mut Ids, depth: u32) -> Value {
    let pick = rng.next_u64() % if depth > 3 { 6 } else { 8 };
    match pick {
        0 => Value::Null,
        1 => Value::Bool(rng.next_u64().is_multiple_of(2)),
        2 => json!((rng.next_u64() as i64) >> (rng.next_u64() % 64)),
        3 => json!(f64::from_bits(rng.next_u64()) % 1e300),
        4 => json!(
            [
                "",
                "a",
                "db1",
                "MULTI",
                "DOUBLE",
                "-1",
                "9223372036854775808",
                "1e400",
                "NaN",
                "é€😀",
                "ts_x",
                "time",
                "arn:aws:timestream:us-east-1:123456789012:database/tsdb"
            ][(rng.next_u64() % 13) as usize]
        ),
        5 => json!("x".repeat((rng.next_u64() % 3000) as usize)),
        6 => Value::Array((0..rng.next_u64() % 4).map(|_| random_value(rng, depth + 1)).collect()),
        _ => {
            let keys = [
                "DatabaseName",
                "TableName",
                "Records",
                "Dimensions",
                "Name",
                "Value",
                "MeasureName",
                "MeasureValue",
                "MeasureValueType",
                "MeasureValues",
                "Time",
                "TimeUnit",
                "Version",
                "CommonAttributes",
                "Tags",
                "Key",
                "MaxResults",
                "NextToken",
                "Schema",
                "CompositePartitionKey",
                "Type",
                "RetentionProperties",
                "ResourceARN",
                "TagKeys",
                "KmsKeyId",
                "TaskId",
                "DataModelConfiguration",
                "DataSourceConfiguration",
                "Foo",
            ];
            let mut m = Map::new();
            for _ in 0..rng.next_u64() % 5 {
                m.insert(keys[(rng.next_u64() % keys.len() as u64) as usize].to_string(), random_value(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

fn mutate(rng: &mut Ids, v: &mut Value) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = &keys[(rng.next_u64() % keys.len() as u64) as usize];
            if rng.next_u64().is_multiple_of(3) {
                m.insert(k.clone(), random_value(rng, 2));
            } else if let Some(child) = m.get_mut(k) {
                mutate(rng, child);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = (rng.next_u64() % a.len() as u64) as usize;
            mutate(rng, &mut a[i]);
        }
        other => *other = random_value(rng, 2),
    }
}

#[test]
fn random_inputs_never_panic_and_always_answer_a_wire_error_or_success() {
    let mut e = engine();
    setup_table(&mut e, json!({"MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true}}));
    let mut rng = Ids::seeded(99);
    let valid_write = json!({"DatabaseName": "tsdb", "TableName": "tbl",
        "CommonAttributes": {"Dimensions": [{"Name": "region", "Value": "eu"}], "Time": NOW_MS.to_string()},
        "Records": [rec("a", "1", 0, None), {"MeasureName": "m", "MeasureValueType": "MULTI", "MeasureValues": [{"Name": "x", "Value": "1", "Type": "BIGINT"}]}]});
    for round in 0..4000 {
        let op = Operation::ALL[(rng.next_u64() % Operation::ALL.len() as u64) as usize];
        let body: Vec<u8> = match round % 4 {
            0 => (0..rng.next_u64() % 64).map(|_| rng.next_u64() as u8).collect(),
            1 => random_value(&mut rng, 0).to_string().into_bytes(),
            _ => {
                let mut v = if op == Operation::WriteRecords { valid_write.clone() } else { random_value(&mut rng, 0) };
                mutate(&mut rng, &mut v);
                v.to_string().into_bytes()
            }
        };
        let r = e.handle(&op.target(), &body);
        assert!(matches!(r.status, 200 | 400 | 402 | 404 | 409 | 419), "{op} answered {} for {}", r.status, String::from_utf8_lossy(&body));
        if r.status != 200 {
            let v = r.json();
            assert!(v["__type"].is_string() && v["message"].is_string(), "{op}: {v}");
        }
        let _ = e.diagnose(op, &body);
    }
}
