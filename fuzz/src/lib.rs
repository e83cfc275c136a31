//! What the fuzz targets share: the engine they start from, the checks every answer must pass,
//! and a generator of request bodies shaped like an operation's input (the model table through
//! `timestream_engine::testing::shape`), driven by the fuzzer's bytes.

use std::sync::{Arc, OnceLock};

use arbitrary::{Result, Unstructured};
use serde_json::{json, Map, Value};
use timestream_engine::testing::{shape, Shape};
use timestream_engine::{Engine, Operation, WireResponse};

/// 2024-01-01T00:00:00Z in milliseconds: the engine's virtual clock.
pub const NOW_MS: i64 = 1_704_067_200_000;

/// An engine with a virtual clock, a database `tsdb` and a table `tbl` that takes magnetic
/// writes: requests of the generator find something to act on.
pub fn engine() -> Engine {
    static BASE: OnceLock<Engine> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut e = Engine::deterministic(NOW_MS * 1_000_000, 7);
        let db = e.handle("Timestream_20181101.CreateDatabase", br#"{"DatabaseName":"tsdb"}"#);
        let table = e.handle(
            "Timestream_20181101.CreateTable",
            br#"{"DatabaseName":"tsdb","TableName":"tbl","MagneticStoreWriteProperties":{"EnableMagneticStoreWrites":true}}"#,
        );
        assert!(db.is_success() && table.is_success());
        e
    })
    .clone()
}

/// The checks every wire answer passes: a status the service uses, and for an error a JSON
/// body with `__type` and `message` and the error type header.
pub fn check_answer(r: &WireResponse, what: &dyn std::fmt::Debug) {
    assert!(matches!(r.status, 200 | 400 | 402 | 404 | 409 | 419), "status {} for {what:?}", r.status);
    if r.status != 200 {
        let v = r.json();
        assert!(v["__type"].is_string() && v["message"].is_string() && r.error_type.is_some(), "error body {v} for {what:?}");
    } else if !r.body.is_empty() {
        assert!(r.json().is_object(), "success body for {what:?}");
    }
}

/// Whether an answer is a model-level error (serialization or a constraint of the model table).
pub fn is_model_error(r: &WireResponse) -> bool {
    let v = r.json();
    matches!(v["__type"].as_str(), Some("com.amazon.coral.validate#ValidationException" | "com.amazon.coral.service#SerializationException"))
}

/// The input shape of every operation, in `Operation::ALL` order.
pub fn shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| Operation::ALL.iter().map(|&op| shape(op)).collect())
}

/// An operation chosen by the fuzzer.
pub fn operation(u: &mut Unstructured<'_>) -> Result<Operation> {
    Ok(*u.choose(Operation::ALL)?)
}

/// Strings worth trying in any string member: names the engine knows, reserved names and
/// prefixes, numbers, times, ARNs, odd characters.
const STRINGS: &[&str] = &[
    "tsdb",
    "tbl",
    "other",
    "db",
    "a",
    "",
    " ",
    "host",
    "az",
    "region",
    "cpu",
    "mem",
    "m",
    "time",
    "measure_name",
    "measure_value",
    "measure_value::x",
    "ts_x",
    "ts_non_existent_col",
    "a:b",
    "aws:tag",
    "AWS:x",
    "1",
    "-1",
    "1.5",
    "0",
    "1e308",
    "1e400",
    "NaN",
    "Infinity",
    "-0",
    "true",
    "false",
    "9223372036854775807",
    "9223372036854775808",
    "1704067200000",
    "1704067200",
    "1704067200000000",
    "1704067200000000000",
    "1704063600000",
    "1600000000000",
    "arn:aws:timestream:us-east-1:123456789012:database/tsdb",
    "arn:aws:timestream:us-east-1:123456789012:database/tsdb/table/tbl",
    "arn:aws:timestream:us-east-1:123456789012:database/nope",
    "bucket",
    "data.csv",
    "é€😀",
    "\u{0}",
    "\"'\\",
    "a|b",
    "TASKID1",
];

/// A generator of values shaped like the model's members (with a wrong type now and then),
/// every choice taken from the fuzzer's bytes.
pub struct Gen<'a, 'u> {
    pub u: &'u mut Unstructured<'a>,
}

impl Gen<'_, '_> {
    fn pick(&mut self, n: usize) -> Result<usize> {
        if n <= 1 {
            return Ok(0);
        }
        self.u.choose_index(n)
    }

    fn string(&mut self, s: &Shape) -> Result<String> {
        Ok(match self.u.int_in_range(0u8..=15)? {
            0..=5 if !s.enum_values.is_empty() => s.enum_values[self.pick(s.enum_values.len())?].clone(),
            0..=8 => STRINGS[self.pick(STRINGS.len())?].to_string(),
            9 | 10 => {
                // Lengths at the edges of the member's bounds.
                let edges = [s.min.unwrap_or(0) - 1, s.min.unwrap_or(0), s.max.unwrap_or(64), s.max.unwrap_or(64) + 1];
                let n = edges[self.pick(edges.len())?].clamp(0, 4200) as usize;
                let c = ['a', 'é', '😀', 'Z', '_'][self.pick(5)?];
                std::iter::repeat_n(c, n).collect()
            }
            11 => format!("{}{}", STRINGS[self.pick(STRINGS.len())?], STRINGS[self.pick(STRINGS.len())?]),
            _ => {
                let len = self.u.int_in_range(0u16..=80)? as usize;
                let bytes = self.u.bytes(len.min(self.u.len()))?;
                String::from_utf8_lossy(bytes).into_owned()
            }
        })
    }

    fn integer(&mut self, s: &Shape) -> Result<Value> {
        let (lo, hi) = (s.min.unwrap_or(0), s.max.unwrap_or(1000));
        Ok(match self.u.int_in_range(0u8..=9)? {
            0 => json!(lo.saturating_sub(1)),
            1 => json!(lo),
            2 => json!(hi),
            3 => json!(hi.saturating_add(1)),
            4 => json!(self.u.arbitrary::<i64>()?),
            5 => json!(i64::from(self.u.arbitrary::<i32>()?) + i64::from(i32::MAX)),
            6 => json!(1.5),
            7 => json!(u64::MAX),
            _ => json!(self.u.int_in_range(lo.max(-5)..=hi.min(lo.max(-5) + 100))?),
        })
    }

    /// Any JSON value (for a member given the wrong type).
    pub fn anything(&mut self, depth: u32) -> Result<Value> {
        Ok(match self.u.int_in_range(0u8..=if depth > 2 { 4 } else { 6 })? {
            0 => Value::Null,
            1 => Value::Bool(self.u.arbitrary()?),
            2 => json!(self.u.arbitrary::<i64>()?),
            3 => serde_json::Number::from_f64(self.u.arbitrary::<f64>()?).map_or(Value::Null, Value::Number),
            4 => Value::String(STRINGS[self.pick(STRINGS.len())?].to_string()),
            5 => Value::Array((0..self.u.int_in_range(0u8..=3)?).map(|_| self.anything(depth + 1)).collect::<Result<_>>()?),
            _ => {
                let mut m = Map::new();
                for _ in 0..self.u.int_in_range(0u8..=3)? {
                    m.insert(STRINGS[self.pick(STRINGS.len())?].to_string(), self.anything(depth + 1)?);
                }
                Value::Object(m)
            }
        })
    }

    /// A value for `s`: mostly of its type and near its constraints; one in sixteen anything.
    pub fn value(&mut self, s: &Shape, depth: u32) -> Result<Value> {
        if self.u.ratio(1u8, 16u8)? {
            return self.anything(depth);
        }
        Ok(match s.ty {
            "string" => Value::String(self.string(s)?),
            "boolean" => Value::Bool(self.u.arbitrary()?),
            "long" | "integer" => self.integer(s)?,
            "list" => {
                let item = s.item.as_deref().expect("a list has an item");
                let max = s.max.unwrap_or(5).clamp(0, 101) as u8;
                let n = match self.u.int_in_range(0u8..=7)? {
                    0 => max.saturating_add(1),
                    1 => 0,
                    _ => self.u.int_in_range(1u8..=max.clamp(1, 4))?,
                };
                // A long list repeats one item (cheap to generate, as big as the limit wants).
                if n > 4 {
                    let one = self.value(item, depth + 1)?;
                    Value::Array(vec![one; n as usize])
                } else {
                    Value::Array((0..n).map(|_| self.value(item, depth + 1)).collect::<Result<_>>()?)
                }
            }
            _ => self.structure(s, depth)?,
        })
    }

    /// A structure: required members mostly there, optional ones half the time, now and then
    /// an unknown member or a null.
    pub fn structure(&mut self, s: &Shape, depth: u32) -> Result<Value> {
        let mut m = Map::new();
        for member in &s.members {
            let include = if member.required { !self.u.ratio(1u8, 12u8)? } else { self.u.arbitrary()? };
            if include {
                let v = if self.u.ratio(1u8, 40u8)? { Value::Null } else { self.value(member, depth + 1)? };
                m.insert(member.name.clone(), v);
            }
        }
        if self.u.ratio(1u8, 30u8)? {
            m.insert("Bogus".into(), self.anything(depth + 1)?);
        }
        Ok(Value::Object(m))
    }

    /// A body for `op`.
    pub fn body(&mut self, op: Operation) -> Result<Value> {
        self.structure(&shapes()[op as usize], 0)
    }
}

/// The engine's state in a snapshot, without the id sequence (the two paths of a differential
/// draw request ids differently) and the clock.
pub fn state_of(e: &Engine) -> Value {
    let doc: Value = serde_json::from_str(&e.snapshot()).expect("a snapshot is JSON");
    doc["state"].clone()
}

/// The tokio runtime of a process (the `local_*` targets).
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime"))
}

/// The router of the process's one timestream-local `App` (starting an `App` starts two
/// threads: its engine thread and batch runner), its engine set back to [`engine`] first: every
/// input starts from the same state (the engine thread runs jobs in order, so what the input
/// sends comes after this).
pub async fn local_router() -> &'static axum::Router {
    static APP: OnceLock<(Arc<timestream_local::server::App>, axum::Router)> = OnceLock::new();
    let (app, router) = APP.get_or_init(|| {
        let app = Arc::new(timestream_local::server::App::with_engine(engine(), None, None));
        (app.clone(), timestream_local::server::router(app))
    });
    app.engine.run(|e| *e = engine()).await.expect("the engine thread answers");
    router
}
