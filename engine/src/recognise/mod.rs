//! Recognising a pasted request: which operation a text is a request of, and its JSON body.
//!
//! The playground calls [`recognise`] when the user pastes into the editor; `timestream-local
//! validate` reads its files through it. It understands
//! * an HTTP request as the SDKs send it (`X-Amz-Target: Timestream_20181101.<Op>` header, a
//!   blank line, the JSON body), for example copied from a proxy or `--debug` output;
//! * a scenario step (`{"operation": "WriteRecords", "request": {...}}`);
//! * a bare JSON body: the operation whose input has every top-level member of the body and all
//!   of its required members. When several fit (DescribeDatabase and DeleteDatabase take the same
//!   members) the current operation wins if it is one of them, else the first in the model's order
//!   (every fit uses all the body's members). A body with a line over [`LONGEST_KEPT`] bytes
//!   (minified JSON) is laid out over lines, whitespace only (`layout.rs`), with a note; so is
//!   a text that starts as a JSON object but does not parse, for the current operation;
//! * code (cargo feature `code`, `convert.rs`; only when the text is not JSON, so a JSON paste
//!   keeps its one parse): a boto3 call
//!   (`boto3.rs`), an AWS CLI command (`cli.rs`), a JavaScript SDK v3 command (`js.rs`), or a
//!   bare Python dict or JavaScript object (read like a JSON body). The body becomes JSON with the
//!   members in the order they were written, and [`Recognised::note`] says what was converted,
//!   or where (line, column) and why the text could not be.

#[cfg(feature = "code")]
mod boto3;
#[cfg(feature = "code")]
mod cli;
#[cfg(feature = "code")]
mod convert;
#[cfg(feature = "code")]
mod js;
mod layout;
#[cfg(feature = "code")]
mod shell;
#[cfg(feature = "code")]
mod shorthand;

use std::collections::BTreeMap;

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde_json::Value;

use crate::validate::model::tree;
use crate::Operation;

pub use layout::{Layout, LONGEST_KEPT};

/// What a pasted text is: the operation and the request body (pretty JSON when it was JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised<'t> {
    pub operation: Operation,
    /// Borrowed when it is the text as pasted (a 5 MB body is not copied).
    pub body: Cow<'t, str>,
    /// Set when the text was code: what was converted, or why it could not be (then `body` is
    /// the text as pasted).
    pub note: Option<Note>,
}

/// What a conversion from code did, or where it stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub source: Source,
    /// The sentence to show: `Converted from a boto3 call (write_records): keyword arguments →
    /// members, single quotes → double quotes.`
    pub message: String,
    /// Why the text could not be converted, and where.
    pub problem: Option<Problem>,
}

/// Where a conversion stopped: 1-based line and column (characters) of the pasted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

/// The kind of code a request was pasted as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Boto3,
    AwsCli,
    JsSdk,
    /// A bare dict or object literal (Python or JavaScript).
    Literal,
    /// A JSON request with a line too long to edit, laid out over lines (`layout.rs`).
    Json,
}

/// The operation a pasted `text` is a request of, or `None` when nothing fits (the text is then
/// kept as it is, for the current operation).
pub fn recognise(text: &str, current: Operation) -> Option<Recognised<'_>> {
    recognised(text, current, true)
}

/// [`recognise`] without laying a body out: where `recognise` would (the note's source is
/// [`Source::Json`]) the body is the text as pasted, for [`lay_out`] to do next; the playground
/// does each in a task of its own (for a minified 5 MB body they were one of 60 ms).
pub fn recognise_unlaid(text: &str, current: Operation) -> Option<Recognised<'_>> {
    recognised(text, current, false)
}

/// The body [`recognise`] makes of a `text` that [`recognise_unlaid`] left as it was.
pub fn lay_out(text: &str) -> String {
    layout::lay_out(text.trim())
}

/// [`lay_out`] in steps: a [`Layout`] started with `Layout::default()` lays out the tokens of
/// the next `bytes` bytes of `text` at each call, the same `text` each time; returns whether it
/// is done ([`Layout::finish`] is then the body).
pub fn lay_out_step(text: &str, layout: &mut Layout, bytes: usize) -> bool {
    layout.step(text.trim(), bytes)
}

fn recognised(text: &str, current: Operation, lay: bool) -> Option<Recognised<'_>> {
    let trimmed = text.trim();
    // A JSON object is not an HTTP request (whose lines would be read to the end looking for
    // the headers' end: a 5 MB body pasted took 60 ms of that).
    if !trimmed.starts_with('{') {
        if let Some(r) = http_request(text) {
            return Some(r);
        }
    }
    // The top-level members only, the rest checked and skipped (not built into values: 80 ms
    // to build and drop for a 5 MB body in the page).
    let map: BTreeMap<String, IgnoredAny> = match serde_json::from_slice(trimmed.as_bytes()) {
        Ok(map) => map,
        // JSON, not an object.
        Err(_) if serde_json::from_slice::<IgnoredAny>(trimmed.as_bytes()).is_ok() => return None,
        // Not JSON: code, or a JSON request with a mistake (laid out too when minified, so that
        // its diagnostics point into lines that can be edited).
        #[cfg(feature = "code")]
        Err(_) => return convert::code(text, current).or_else(|| minified(text, trimmed, current, lay)),
        #[cfg(not(feature = "code"))]
        Err(_) => return minified(text, trimmed, current, lay),
    };
    if map.contains_key("operation") && map.contains_key("request") {
        // A step: read again for its two members (steps are small).
        let step: serde_json::Map<String, Value> = serde_json::from_slice(trimmed.as_bytes()).ok()?;
        if let (Some(op), Some(req)) = (step.get("operation").and_then(Value::as_str), step.get("request")) {
            let operation = Operation::from_name(op).or_else(|| Operation::from_target(op))?;
            return Some(Recognised { operation, body: pretty(req).into(), note: None });
        }
    }
    let operation = best_fit(map.keys().map(String::as_str), current)?;
    Some(minified(text, trimmed, operation, lay).unwrap_or(Recognised { operation, body: Cow::Borrowed(text), note: None }))
}

/// A JSON object's text (`trimmed`, of `text`) with a line over [`LONGEST_KEPT`], laid out over
/// lines as a request of `operation` (`layout.rs`; left as it is unless `lay`); `None` for any
/// other text.
fn minified<'t>(text: &'t str, trimmed: &str, operation: Operation, lay: bool) -> Option<Recognised<'t>> {
    if !trimmed.starts_with('{') || !layout::has_long_line(text) {
        return None;
    }
    // The number as `layout::LONGEST_KEPT` (a test checks that they agree).
    let message =
        "Laid out over lines: the pasted JSON had a line longer than 4,000 characters (only whitespace changed; every value is as pasted).".to_string();
    let body = if lay { layout::lay_out(trimmed).into() } else { Cow::Borrowed(text) };
    Some(Recognised { operation, body, note: Some(Note { source: Source::Json, message, problem: None }) })
}

/// `X-Amz-Target: Timestream_20181101.Op` anywhere in the header lines, the body after the first
/// blank line.
fn http_request(text: &str) -> Option<Recognised<'static>> {
    // The header lines: up to the first blank one (`\r\n` or `\n` line ends).
    let mut head = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        rest = after;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    let target = head.iter().find_map(|l| {
        let (name, v) = l.split_once(':')?;
        name.trim().eq_ignore_ascii_case("x-amz-target").then(|| v.trim().to_string())
    })?;
    let operation = Operation::from_target(&target)?;
    let body = rest.replace("\r\n", "\n");
    let body = body.trim();
    let body = match serde_json::from_slice::<Value>(body.as_bytes()) {
        Ok(v) => pretty(&v),
        Err(_) => body.to_string(),
    };
    Some(Recognised { operation, body: body.into(), note: None })
}

fn pretty(v: &Value) -> String {
    crate::json_pretty(v)
}

/// Whether `op`'s input takes every member `keys` names and, when `complete`, gets all its
/// required members.
fn takes<'k>(op: Operation, keys: impl Iterator<Item = &'k str> + Clone, complete: bool) -> bool {
    let t = tree(op);
    let members = || t.root().children.iter().map(|&c| &t.nodes[c]);
    keys.clone().all(|k| members().any(|m| m.name == k)) && (!complete || members().all(|m| !m.required || keys.clone().any(|k| k == m.name)))
}

/// The operation a bare body with these top-level members is a request of: the current one if
/// it fits, else the first that fits in the model's order (see the module docs).
pub(crate) fn best_fit<'k>(keys: impl Iterator<Item = &'k str> + Clone, current: Operation) -> Option<Operation> {
    if takes(current, keys.clone(), true) {
        return Some(current);
    }
    Operation::ALL.iter().copied().find(|&op| takes(op, keys.clone(), true))
}

/// The operations a bare JSON body can be a request of, in the model's order, for a caller
/// with no current operation (timestream-local's `validate`, which names them all when more
/// than one fits): those whose input takes every top-level member of `body` and gets all its
/// required members; when none does, those that take every member (an incomplete request still
/// names its operation, whose validation then says what is missing).
pub fn candidates(body: &serde_json::Map<String, Value>) -> Vec<Operation> {
    let keys = || body.keys().map(String::as_str);
    let complete: Vec<Operation> = Operation::ALL.iter().copied().filter(|&op| takes(op, keys(), true)).collect();
    if !complete.is_empty() {
        return complete;
    }
    Operation::ALL.iter().copied().filter(|&op| takes(op, keys(), false)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(text: &str, current: Operation) -> Option<Operation> {
        recognise(text, current).map(|r| r.operation)
    }

    #[test]
    fn a_json_paste_with_a_line_too_long_to_edit_is_laid_out_and_says_so() {
        let records: Vec<String> = (0..60).map(|i| format!(r#"{{"MeasureName":"cpu","MeasureValue":"{i}.50","Time":"1704067200000"}}"#)).collect();
        let text = format!(r#"{{"DatabaseName":"db","TableName":"tbl","Records":[{}]}}"#, records.join(","));
        assert!(text.len() > layout::LONGEST_KEPT);
        let r = recognise(&text, Operation::DescribeEndpoints).unwrap();
        assert_eq!(r.operation, Operation::WriteRecords);
        assert!(matches!(r.body, Cow::Owned(_)));
        assert!(r.body.lines().all(|l| l.len() <= layout::LONGEST_KEPT) && r.body.contains("\"MeasureValue\": \"59.50\""));
        assert_eq!(serde_json::from_str::<Value>(&r.body).unwrap(), serde_json::from_str::<Value>(&text).unwrap());
        let note = r.note.unwrap();
        assert_eq!((note.source, note.problem), (Source::Json, None));
        assert!(note.message.contains(&format!("{},{:03}", layout::LONGEST_KEPT / 1000, layout::LONGEST_KEPT % 1000)), "{}", note.message);
        // A minified request with a mistake is laid out too, for the current operation: its
        // diagnostics (here the syntax error) point into short lines.
        let broken = text.replacen(r#""Records":["#, r#""Records":[,"#, 1);
        let r = recognise(&broken, Operation::WriteRecords).unwrap();
        assert_eq!((r.operation, r.note.unwrap().source), (Operation::WriteRecords, Source::Json));
        assert!(r.body.lines().all(|l| l.len() <= layout::LONGEST_KEPT) && r.body.contains("\"Records\": [\n    ,\n"), "{}", &r.body[..200]);
        assert!(serde_json::from_str::<Value>(&r.body).is_err());
        // Code on one long line is not JSON: not laid out.
        let call = format!("client.write_records(DatabaseName='db', Records=[{}])", "{'MeasureName': 'cpu'},".repeat(300));
        assert!(recognise(&call, Operation::ListDatabases).is_none_or(|r| r.note.is_none_or(|n| n.source != Source::Json)));
        // Up to the limit the paste is kept as it is, not copied.
        let short = r#"{"DatabaseName":"db"}"#;
        assert!(matches!(recognise(short, Operation::DescribeEndpoints).unwrap().body, Cow::Borrowed(_)));
    }

    #[test]
    fn recognised_unlaid_then_laid_out_is_what_recognise_gives() {
        let records: Vec<String> = (0..60).map(|i| format!(r#"{{"MeasureName":"cpu","MeasureValue":"{i}.50","Time":"1704067200000"}}"#)).collect();
        let minified = format!(r#"{{"DatabaseName":"db","TableName":"tbl","Records":[{}]}}"#, records.join(","));
        let broken = format!("  {}\n", minified.replacen(r#""Records":["#, r#""Records":[,"#, 1));
        let call = format!("client.write_records(DatabaseName='db', Records=[{}])", "{'MeasureName': 'cpu'},".repeat(300));
        let http = format!("POST / HTTP/1.1\nX-Amz-Target: Timestream_20181101.WriteRecords\n\n{minified}");
        let mut laid_out = 0;
        for text in [&minified, &broken, &call, &http, &r#"{"DatabaseName":"db"}"#.to_string(), &"not json".to_string()] {
            let whole = recognise(text, Operation::WriteRecords);
            let unlaid = recognise_unlaid(text, Operation::WriteRecords).map(|mut r| {
                if r.note.as_ref().is_some_and(|n| n.source == Source::Json) {
                    assert!(matches!(r.body, Cow::Borrowed(b) if b == text.as_str()), "left as it was");
                    r.body = lay_out(&r.body).into();
                    laid_out += 1;
                }
                r
            });
            assert_eq!(unlaid, whole, "{}", &text[..40.min(text.len())]);
        }
        assert_eq!(laid_out, 2, "the minified request and the broken one");
    }

    #[test]
    fn bare_bodies_pick_the_operation_they_fit() {
        let write = r#"{"DatabaseName":"db","TableName":"t","Records":[{"MeasureName":"m"}]}"#;
        assert_eq!(op(write, Operation::CreateDatabase), Some(Operation::WriteRecords));
        let table =
            r#"{"DatabaseName":"db","TableName":"t","RetentionProperties":{"MemoryStoreRetentionPeriodInHours":1,"MagneticStoreRetentionPeriodInDays":1}}"#;
        assert_eq!(op(table, Operation::DescribeEndpoints), Some(Operation::CreateTable));
        // Same members as the current operation: it stays.
        assert_eq!(op(r#"{"DatabaseName":"db"}"#, Operation::DeleteDatabase), Some(Operation::DeleteDatabase));
        assert_eq!(op(r#"{"ResourceARN":"arn:x","TagKeys":["a"]}"#, Operation::ListDatabases), Some(Operation::UntagResource));
        // Nothing takes these members.
        assert_eq!(op(r#"{"Nope":1}"#, Operation::ListDatabases), None);
        assert_eq!(op("not json", Operation::ListDatabases), None);
    }

    #[test]
    fn code_converts_only_with_the_code_feature() {
        let r = recognise("client.delete_database(DatabaseName='db')", Operation::ListDatabases);
        if cfg!(feature = "code") {
            let r = r.unwrap();
            assert_eq!((r.operation, &*r.body), (Operation::DeleteDatabase, "{\n  \"DatabaseName\": \"db\"\n}"));
        } else {
            assert_eq!(r, None, "without the code feature, code is kept as text");
        }
    }

    #[test]
    fn http_requests_and_scenario_steps_name_their_operation() {
        let http = "POST / HTTP/1.1\r\nHost: ingest.timestream.us-east-1.amazonaws.com\r\nX-Amz-Target: Timestream_20181101.CreateTable\r\nContent-Type: application/x-amz-json-1.0\r\n\r\n{\"DatabaseName\":\"db\",\"TableName\":\"t\"}";
        let r = recognise(http, Operation::ListDatabases).unwrap();
        assert_eq!(r.operation, Operation::CreateTable);
        assert_eq!(r.body, "{\n  \"DatabaseName\": \"db\",\n  \"TableName\": \"t\"\n}");
        let step = r#"{"operation": "DescribeDatabase", "request": {"DatabaseName": "db"}}"#;
        let r = recognise(step, Operation::ListDatabases).unwrap();
        assert_eq!((r.operation, &*r.body), (Operation::DescribeDatabase, "{\n  \"DatabaseName\": \"db\"\n}"));
        assert_eq!(op("X-Amz-Target: Timestream_20181101.Nope\n\n{}", Operation::ListDatabases), None);
        // Only the header lines name it: a header after the blank line is the body's.
        assert_eq!(op("Host: x\n\nX-Amz-Target: Timestream_20181101.CreateTable\n", Operation::ListDatabases), None);
        let r = recognise("X-Amz-Target: Timestream_20181101.DescribeDatabase\r\n\r\nnot json\r\nat all", Operation::ListDatabases).unwrap();
        assert_eq!((r.operation, &*r.body), (Operation::DescribeDatabase, "not json\nat all"));
        // A step's operation may be escaped; JSON that is not an object is no request.
        let step = r#"{"operation": "Describe\u0044atabase", "request": {"DatabaseName": "db"}}"#;
        assert_eq!(op(step, Operation::ListDatabases), Some(Operation::DescribeDatabase));
        assert_eq!(op(r#"[{"DatabaseName": "db"}]"#, Operation::ListDatabases), None);
        assert_eq!(op(r#""{\"DatabaseName\": \"db\"}""#, Operation::ListDatabases), None);
    }
}
