//! Reading a scenario document with errors that name the offending field.

use serde_json::{Map, Value};

use super::time::{check_placeholders, kind, parse_duration, parse_instant};
use super::{Expect, Scenario, Step, StepAction, SCENARIO_VERSION};
use crate::clock::{Nanos, NANOS_PER_MILLI};
use crate::Operation;

const TOP: &[&str] = &["version", "title", "description", "clock", "steps"];
const CLOCK: &[&str] = &["start"];
const STEP: &[&str] = &["operation", "request", "putObject", "runBatchLoads", "advanceClock", "setClock", "note", "expect"];
const PUT: &[&str] = &["bucket", "key", "body"];
const EXPECT: &[&str] = &["status", "error", "rejectedIndexes", "bodyContains"];

pub(super) fn parse(text: &str) -> Result<Scenario, String> {
    let doc: Value = serde_json::from_slice(text.as_bytes())
        .map_err(|e| format!("the scenario is not valid JSON (line {} column {}): {}", e.line(), e.column(), strip_position(&e.to_string())))?;
    let top = object(&doc, "the scenario")?;
    known_members(top, TOP, "")?;
    let version = match top.get("version") {
        None => SCENARIO_VERSION,
        Some(v) => v.as_u64().ok_or_else(|| format!("version: expected the number {SCENARIO_VERSION}, got {}", show(v)))?,
    };
    if version != SCENARIO_VERSION {
        return Err(format!("version: unsupported scenario version {version} (this runner reads version {SCENARIO_VERSION})"));
    }
    let title = opt_string(top, "title", "title")?.unwrap_or_default();
    let description = opt_string(top, "description", "description")?.unwrap_or_default();
    let clock_start = match top.get("clock") {
        None | Some(Value::Null) => None,
        Some(c) => {
            let c = object(c, "clock")?;
            known_members(c, CLOCK, "clock.")?;
            c.get("start").map(|s| parse_instant(s).map_err(|e| format!("clock.start: {e}"))).transpose()?
        }
    };
    let steps = match top.get("steps") {
        None => return Err("steps: missing (a scenario needs a \"steps\" array)".into()),
        Some(Value::Array(items)) => items.iter().enumerate().map(|(i, s)| parse_step(s, &format!("steps[{i}]"))).collect::<Result<_, _>>()?,
        Some(other) => return Err(format!("steps: expected an array of steps, got {}", kind(other))),
    };
    Ok(Scenario { version, title, description, clock_start, steps })
}

fn parse_step(v: &Value, at: &str) -> Result<Step, String> {
    let m = object(v, at)?;
    known_members(m, STEP, &format!("{at}."))?;
    let action = match (m.get("operation"), m.get("putObject"), m.get("runBatchLoads")) {
        (Some(_), None, None) => call(m, at)?,
        (None, Some(p), None) => {
            if m.contains_key("request") {
                return Err(format!("{at}.request: a putObject step has no request (the object is in putObject)"));
            }
            put_object(p, &format!("{at}.putObject"))?
        }
        (None, None, Some(r)) => {
            if r != &Value::Bool(true) {
                return Err(format!("{at}.runBatchLoads: expected true, got {}", show(r)));
            }
            if m.contains_key("request") {
                return Err(format!("{at}.request: a runBatchLoads step has no request"));
            }
            StepAction::RunBatchLoads
        }
        (None, None, None) => return Err(format!("{at}.operation: missing (e.g. \"WriteRecords\"; or a \"putObject\" or \"runBatchLoads\" step)")),
        _ => return Err(format!("{at}: give only one of operation, putObject, runBatchLoads")),
    };
    let set_clock = match m.get("setClock") {
        None | Some(Value::Null) => None,
        Some(v) => Some(parse_instant(v).map_err(|e| format!("{at}.setClock: {e}"))?),
    };
    let advance_clock = match m.get("advanceClock") {
        None | Some(Value::Null) => None,
        Some(v) => Some(duration(v).map_err(|e| format!("{at}.advanceClock: {e}"))?),
    };
    let note = opt_string(m, "note", &format!("{at}.note"))?;
    let expect = match m.get("expect") {
        None | Some(Value::Null) => None,
        Some(e) => Some(parse_expect(e, &format!("{at}.expect"))?),
    };
    Ok(Step { action, set_clock, advance_clock, note, expect })
}

fn call(m: &Map<String, Value>, at: &str) -> Result<StepAction, String> {
    let operation = match m.get("operation") {
        Some(Value::String(name)) => parse_operation(name).ok_or_else(|| {
            format!("{at}.operation: unknown operation \"{name}\" (expected one of {})", Operation::ALL.iter().map(|o| o.name()).collect::<Vec<_>>().join(", "))
        })?,
        other => return Err(format!("{at}.operation: expected an operation name, got {}", other.map_or("nothing", kind))),
    };
    let request = match m.get("request") {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(r @ Value::Object(_)) => r.clone(),
        Some(other) => return Err(format!("{at}.request: expected a JSON object (the request body), got {}", kind(other))),
    };
    check_placeholders(&request, &format!("{at}.request"))?;
    Ok(StepAction::Call { operation, request })
}

fn put_object(v: &Value, at: &str) -> Result<StepAction, String> {
    let m = object(v, at)?;
    known_members(m, PUT, &format!("{at}."))?;
    let field = |k: &str, hint: &str| match m.get(k) {
        Some(Value::String(s)) if !s.is_empty() || k == "body" => Ok(s.clone()),
        Some(Value::String(_)) => Err(format!("{at}.{k}: must not be empty")),
        None => Err(format!("{at}.{k}: missing ({hint})")),
        Some(other) => Err(format!("{at}.{k}: expected a string, got {}", kind(other))),
    };
    let bucket = field("bucket", "the S3 bucket name")?;
    let key = field("key", "the object key, e.g. \"data.csv\"")?;
    let body = field("body", "the object's text")?;
    check_placeholders(&Value::String(body.clone()), &format!("{at}.body"))?;
    Ok(StepAction::PutObject { bucket, key, body })
}

fn parse_expect(v: &Value, at: &str) -> Result<Expect, String> {
    let m = object(v, at)?;
    known_members(m, EXPECT, &format!("{at}."))?;
    let status = match m.get("status") {
        None | Some(Value::Null) => None,
        Some(s) => Some(
            s.as_u64()
                .filter(|n| (100..=599).contains(n))
                .map(|n| n as u16)
                .ok_or_else(|| format!("{at}.status: expected an HTTP status such as 200 or 419, got {}", show(s)))?,
        ),
    };
    let error = opt_string(m, "error", &format!("{at}.error"))?;
    if let (Some(200), Some(e)) = (status, &error) {
        return Err(format!("{at}: status 200 and error \"{e}\" contradict each other (errors are never 200)"));
    }
    let rejected_indexes = match m.get("rejectedIndexes") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    x.as_u64().map(|n| n as usize).ok_or_else(|| format!("{at}.rejectedIndexes[{i}]: expected a record index (0, 1, ...), got {}", show(x)))
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(other) => return Err(format!("{at}.rejectedIndexes: expected an array of record indexes, got {}", kind(other))),
    };
    let body_contains = m.get("bodyContains").cloned();
    Ok(Expect { status, error, rejected_indexes, body_contains })
}

/// `WriteRecords` or the full target `Timestream_20181101.WriteRecords`.
fn parse_operation(name: &str) -> Option<Operation> {
    Operation::from_name(name.trim()).or_else(|| Operation::from_target(name.trim()))
}

fn duration(v: &Value) -> Result<Nanos, String> {
    match v {
        Value::Number(n) => n.as_i64().and_then(|ms| ms.checked_mul(NANOS_PER_MILLI)).ok_or_else(|| format!("{n} is not a whole number of milliseconds")),
        Value::String(s) => parse_duration(s),
        other => Err(format!("expected a duration such as \"+10m\" or a number of milliseconds, got {}", kind(other))),
    }
}

fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object().ok_or_else(|| format!("{what}: expected a JSON object, got {}", kind(v)))
}

fn known_members(m: &Map<String, Value>, allowed: &[&str], prefix: &str) -> Result<(), String> {
    match m.keys().find(|k| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(format!("{prefix}{k}: unknown field (expected one of: {})", allowed.join(", "))),
    }
}

fn opt_string(m: &Map<String, Value>, key: &str, at: &str) -> Result<Option<String>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("{at}: expected a string, got {}", kind(other))),
    }
}

fn show(v: &Value) -> String {
    let s = crate::json_text(v);
    if s.len() > 60 {
        format!("{}…", &s[..s.char_indices().nth(60).map_or(s.len(), |(i, _)| i)])
    } else {
        s
    }
}

fn strip_position(msg: &str) -> String {
    msg.rfind(" at line ").map_or_else(|| msg.to_string(), |i| msg[..i].to_string())
}
