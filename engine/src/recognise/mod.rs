//! Recognising a pasted request: which operation a text is a request of, and its JSON body.
//!
//! The playground calls [`recognise`] when the user pastes into the editor; `timestream-local
//! validate` reads its files through it. It understands
//! * an HTTP request as the SDKs send it (`X-Amz-Target: Timestream_20181101.<Op>` header, a
//!   blank line, the JSON body), for example copied from a proxy or `--debug` output;
//! * a scenario step (`{"operation": "WriteRecords", "request": {...}}`);
//! * a bare JSON body: the operation whose input has every top-level member of the body and all
//!   of its required members. When several fit (DescribeDatabase and DeleteDatabase take the same
//!   members) the current operation wins if it is one of them, else the one that uses the most
//!   members of the body, then the first in the model's order;
//! * code (only when the text is not JSON, so a JSON paste keeps its one parse): a boto3 call
//!   (`boto3.rs`), an AWS CLI command (`cli.rs`), a JavaScript SDK v3 command (`js.rs`), or a
//!   bare Python dict or JavaScript object (read like a JSON body). The body becomes JSON with the
//!   members in the order they were written, and [`Recognised::note`] says what was converted,
//!   or where (line, column) and why the text could not be.

mod boto3;
mod cli;
mod js;
mod shell;
mod shorthand;

use serde_json::Value;

use crate::code::literal::{line_col, Dialect, Features, Reader, SyntaxError};
use crate::code::Json;
use crate::validate::model::tree;
use crate::Operation;

/// What a pasted text is: the operation and the request body (pretty JSON when it was JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    pub operation: Operation,
    pub body: String,
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
}

impl Source {
    fn label(self, features: Features) -> &'static str {
        use crate::code::literal::Feature as F;
        match self {
            Source::Boto3 => "a boto3 call",
            Source::AwsCli => "an AWS CLI command",
            Source::JsSdk => "a JavaScript SDK v3 command",
            Source::Literal if features.has(F::PythonConstants) || features.has(F::Tuples) || features.has(F::StringForms) => "a Python dict",
            Source::Literal if features.has(F::UnquotedKeys) => "a JavaScript object",
            Source::Literal => "a dict literal",
        }
    }
}

/// A call found in the text: its operation, the operation as the code spells it, the byte of its `(`.
type Call = (Operation, String, usize);

/// A conversion of code, for [`finish`]: the operation it names (in its language's spelling) and
/// the members it read, or where it stopped.
struct Attempt {
    source: Source,
    /// The operation as the code spells it (`write_records`, `write-records`, `WriteRecordsCommand`).
    spelled: String,
    operation: Option<Operation>,
    features: Features,
    result: Result<Json, SyntaxError>,
}

/// The operation a pasted `text` is a request of, or `None` when nothing fits (the text is then
/// kept as it is, for the current operation).
pub fn recognise(text: &str, current: Operation) -> Option<Recognised> {
    if let Some(r) = http_request(text) {
        return Some(r);
    }
    let value: Value = match serde_json::from_str(text.trim()) {
        Ok(v) => v,
        Err(_) => return code(text, current),
    };
    let Value::Object(map) = &value else { return None };
    if let (Some(op), Some(req)) = (map.get("operation").and_then(Value::as_str), map.get("request")) {
        let operation = Operation::from_name(op).or_else(|| Operation::from_target(op))?;
        return Some(Recognised { operation, body: pretty(req), note: None });
    }
    let operation = best_fit(map.keys().map(String::as_str), current)?;
    Some(Recognised { operation, body: text.to_string(), note: None })
}

/// Text that is not JSON: code, if it is code of a kind this module reads.
fn code(text: &str, current: Operation) -> Option<Recognised> {
    let mut r = Reader::new(text, 0, Dialect::ANY);
    r.skip_space();
    let start = r.pos;
    let attempt = if text[start..].starts_with('{') {
        literal(text, start)
    } else if let Some(a) = cli::convert(text, start) {
        a
    } else {
        // The call that comes first: a string of one language may name a call of the other.
        match (js::find(text), boto3::find(text)) {
            (Some(j), Some(p)) if p.2 < j.2 => call(text, Source::Boto3, p),
            (Some(j), _) => call(text, Source::JsSdk, j),
            (None, Some(p)) => call(text, Source::Boto3, p),
            // `request = {…}` alone: the dict it assigns.
            (None, None) => {
                let vars = crate::code::literal::assignments(text);
                let &(_, value) = vars.first()?;
                if text[start..value].contains('\n') || !text[value..].starts_with('{') {
                    return None;
                }
                literal(text, value)
            }
        }
    };
    finish(text, current, attempt)
}

/// The arguments of a boto3 call or a JS SDK command, read from just after its `(`.
fn call(text: &str, source: Source, (op, spelled, open): Call) -> Attempt {
    let vars = crate::code::literal::assignments(text);
    let dialect = if source == Source::Boto3 { Dialect::PYTHON } else { Dialect::JS };
    let mut r = Reader::new(text, open + 1, dialect).with_vars(&vars);
    let result = if source == Source::Boto3 { boto3::arguments(&mut r) } else { js::input(&mut r) };
    Attempt { source, spelled, operation: Some(op), features: r.features, result }
}

/// A bare dict or object literal.
fn literal(text: &str, start: usize) -> Attempt {
    let vars = crate::code::literal::assignments(text);
    let mut r = Reader::new(text, start, Dialect::ANY).with_vars(&vars);
    let mut result = r.value();
    if result.is_ok() {
        r.skip_space();
        if r.pos < text.len() && r.peek() != Some(b';') {
            result = r.error(r.pos, format!("expected the end of the dict, found {}", r.found()));
        }
    }
    Attempt { source: Source::Literal, spelled: String::new(), operation: None, features: r.features, result }
}

/// The recognised request, or the note of why the code could not be converted.
fn finish(text: &str, current: Operation, a: Attempt) -> Option<Recognised> {
    let label = a.source.label(a.features);
    let spelled = if a.spelled.is_empty() { String::new() } else { format!(" ({})", a.spelled) };
    match a.result {
        Ok(Json::Object(members)) => {
            let operation = a.operation.or_else(|| best_fit(members.iter().map(|(k, _)| k.as_str()), current)).unwrap_or(current);
            let what = a.features.describe();
            let message =
                if what.is_empty() { format!("Converted from {label}{spelled}.") } else { format!("Converted from {label}{spelled}: {what}.") };
            let body = Json::Object(members).pretty();
            Some(Recognised { operation, body, note: Some(Note { source: a.source, message, problem: None }) })
        }
        // A list or a string is no request; JSON-looking text that only JSON's own
        // diagnostics should speak about (nothing but JSON was seen before the error).
        Ok(_) => None,
        Err(_) if a.source == Source::Literal && a.features.is_empty() => None,
        Err(e) => {
            let (line, column) = line_col(text, e.at);
            let what = if spelled.is_empty() {
                label.to_string()
            } else {
                format!("the {}{spelled}", label.trim_start_matches("an ").trim_start_matches("a "))
            };
            let message = format!("Could not convert {what}: line {line}, column {column}: {}.", e.message);
            let problem = Some(Problem { line, column, reason: e.message });
            Some(Recognised {
                operation: a.operation.unwrap_or(current),
                body: text.to_string(),
                note: Some(Note { source: a.source, message, problem }),
            })
        }
    }
}

/// `X-Amz-Target: Timestream_20181101.Op` anywhere in the header lines, the body after the first
/// blank line.
fn http_request(text: &str) -> Option<Recognised> {
    let normalized = text.replace("\r\n", "\n");
    let (head, body) = normalized.split_once("\n\n").unwrap_or((&normalized, ""));
    let target = head.lines().find_map(|l| {
        let (name, v) = l.split_once(':')?;
        name.trim().eq_ignore_ascii_case("x-amz-target").then(|| v.trim().to_string())
    })?;
    let operation = Operation::from_target(&target)?;
    let body = body.trim();
    let body = match serde_json::from_str::<Value>(body) {
        Ok(v) => pretty(&v),
        Err(_) => body.to_string(),
    };
    Some(Recognised { operation, body, note: None })
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The operations whose input takes every top-level member `keys` names and whose required
/// members are all present, by preference (see the module docs).
fn best_fit<'k>(keys: impl Iterator<Item = &'k str> + Clone, current: Operation) -> Option<Operation> {
    let count = keys.clone().count();
    let mut fits: Vec<(usize, Operation)> = Vec::new();
    for &op in Operation::ALL {
        let t = tree(op);
        let root = t.root();
        let member = |name: &str| root.children.iter().any(|&c| t.nodes[c].name == name);
        let all_known = keys.clone().all(member);
        let required = root.children.iter().all(|&c| !t.nodes[c].required || keys.clone().any(|k| k == t.nodes[c].name));
        if all_known && required {
            fits.push((count, op));
        }
    }
    if fits.iter().any(|&(_, op)| op == current) {
        return Some(current);
    }
    // Most members used first; `max_by_key` keeps the last maximum, so walk in reverse.
    fits.iter().rev().max_by_key(|(n, _)| *n).map(|&(_, op)| op)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(text: &str, current: Operation) -> Option<Operation> {
        recognise(text, current).map(|r| r.operation)
    }

    #[test]
    fn bare_bodies_pick_the_operation_they_fit() {
        let write = r#"{"DatabaseName":"db","TableName":"t","Records":[{"MeasureName":"m"}]}"#;
        assert_eq!(op(write, Operation::CreateDatabase), Some(Operation::WriteRecords));
        let table = r#"{"DatabaseName":"db","TableName":"t","RetentionProperties":{"MemoryStoreRetentionPeriodInHours":1,"MagneticStoreRetentionPeriodInDays":1}}"#;
        assert_eq!(op(table, Operation::DescribeEndpoints), Some(Operation::CreateTable));
        // Same members as the current operation: it stays.
        assert_eq!(op(r#"{"DatabaseName":"db"}"#, Operation::DeleteDatabase), Some(Operation::DeleteDatabase));
        assert_eq!(op(r#"{"ResourceARN":"arn:x","TagKeys":["a"]}"#, Operation::ListDatabases), Some(Operation::UntagResource));
        // Nothing takes these members.
        assert_eq!(op(r#"{"Nope":1}"#, Operation::ListDatabases), None);
        assert_eq!(op("not json", Operation::ListDatabases), None);
    }

    #[test]
    fn http_requests_and_scenario_steps_name_their_operation() {
        let http = "POST / HTTP/1.1\r\nHost: ingest.timestream.us-east-1.amazonaws.com\r\nX-Amz-Target: Timestream_20181101.CreateTable\r\nContent-Type: application/x-amz-json-1.0\r\n\r\n{\"DatabaseName\":\"db\",\"TableName\":\"t\"}";
        let r = recognise(http, Operation::ListDatabases).unwrap();
        assert_eq!(r.operation, Operation::CreateTable);
        assert_eq!(r.body, "{\n  \"DatabaseName\": \"db\",\n  \"TableName\": \"t\"\n}");
        let step = r#"{"operation": "DescribeDatabase", "request": {"DatabaseName": "db"}}"#;
        let r = recognise(step, Operation::ListDatabases).unwrap();
        assert_eq!((r.operation, r.body.as_str()), (Operation::DescribeDatabase, "{\n  \"DatabaseName\": \"db\"\n}"));
        assert_eq!(op("X-Amz-Target: Timestream_20181101.Nope\n\n{}", Operation::ListDatabases), None);
    }
}
