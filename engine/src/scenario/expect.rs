//! Checking a response against a step's `expect`.

use serde_json::Value;

use super::Expect;
use crate::WireResponse;

pub(super) fn mismatches(expect: &Expect, response: &WireResponse, body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let got = describe(response, body);
    if let Some(status) = expect.status {
        if status != response.status {
            out.push(format!("status: expected {status}, got {got}"));
        }
    }
    if let Some(want) = &expect.error {
        match response.error_type {
            None => out.push(format!("error: expected {want}, but the request succeeded ({})", response.status)),
            Some(t) if !same_error(want, t, body) => out.push(format!("error: expected {want}, got {got}")),
            Some(_) => {}
        }
    }
    if let Some(want) = &expect.rejected_indexes {
        // Set equality without sorting (no sort routine in the browser build).
        let want = distinct(want.iter().copied());
        match rejected_indexes(body) {
            Some(got_ix) if got_ix.len() == want.len() && want.iter().all(|i| got_ix.contains(i)) => {}
            Some(got_ix) => out.push(format!("rejectedIndexes: expected {want:?}, got {got_ix:?} ({})", reasons(body))),
            None if want.is_empty() && response.is_success() => {}
            None => out.push(format!("rejectedIndexes: expected records {want:?} to be rejected, got {got}")),
        }
    }
    if let Some(want) = &expect.body_contains {
        if let Err(why) = body_contains(want, body) {
            out.push(format!("bodyContains: {why}"));
        }
    }
    out
}

/// `ConflictException` matches the short error type, the full `__type`, or its part after `#`.
fn same_error(want: &str, short: &str, body: &Value) -> bool {
    let wire = body.get("__type").and_then(Value::as_str).unwrap_or("");
    want == short || want == wire || wire.rsplit('#').next() == Some(want)
}

fn describe(response: &WireResponse, body: &Value) -> String {
    match response.error_type {
        None => format!("{} (success)", response.status),
        Some(t) => {
            let msg = body.get("message").or_else(|| body.get("Message")).and_then(Value::as_str).unwrap_or("");
            if msg.is_empty() {
                format!("{} {t}", response.status)
            } else {
                format!("{} {t}: {msg}", response.status)
            }
        }
    }
}

/// The indexes in first-seen order, each once.
fn distinct(ix: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out = Vec::new();
    for i in ix {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

fn rejected_indexes(body: &Value) -> Option<Vec<usize>> {
    let list = body.get("RejectedRecords")?.as_array()?;
    Some(distinct(list.iter().filter_map(|r| r.get("RecordIndex")?.as_u64()).map(|n| n as usize)))
}

fn reasons(body: &Value) -> String {
    let list = body.get("RejectedRecords").and_then(Value::as_array).cloned().unwrap_or_default();
    let parts: Vec<String> = list
        .iter()
        .map(|r| {
            let i = r.get("RecordIndex").map_or_else(|| "?".to_string(), crate::json_text);
            let why = r.get("Reason").and_then(Value::as_str).unwrap_or("no reason given");
            format!("record {i}: {why}")
        })
        .collect();
    if parts.is_empty() {
        "no records rejected".into()
    } else {
        parts.join("; ")
    }
}

/// Subset match of `expected` against `actual`: every member of an expected object must be in the
/// actual object and match; the elements of an expected array must match actual elements in the
/// same order, other actual elements may lie between them; numbers compare by value (`1` = `1.0`);
/// everything else must be equal. The error names the first path that does not match.
pub fn body_contains(expected: &Value, actual: &Value) -> Result<(), String> {
    contains(expected, actual, "")
}

fn contains(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    let here = if path.is_empty() { "the body".to_string() } else { path.to_string() };
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            for (k, w) in want {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                match got.get(k) {
                    Some(g) => contains(w, g, &p)?,
                    None => return Err(format!("{p} is missing (expected {})", short(w))),
                }
            }
            Ok(())
        }
        (Value::Array(want), Value::Array(got)) => {
            let mut from = 0;
            for (i, w) in want.iter().enumerate() {
                match (from..got.len()).find(|&j| contains(w, &got[j], "").is_ok()) {
                    Some(j) => from = j + 1,
                    None => {
                        return Err(format!(
                            "{here}: no element (after those already matched) matches expected element {i} {} — actual: {}",
                            short(w),
                            short(actual)
                        ))
                    }
                }
            }
            Ok(())
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (w, g) if w == g => Ok(()),
        (w, g) => Err(format!("{here}: expected {}, got {}", short(w), short(g))),
    }
}

fn short(v: &Value) -> String {
    let s = crate::json_text(v);
    match s.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}
