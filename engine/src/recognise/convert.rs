//! Code (a boto3 call, an AWS CLI command, a JS SDK v3 command, a bare dict) read into a
//! request, with the note of what was converted or where it stopped (cargo feature `code`).

use std::borrow::Cow;

use super::{best_fit, boto3, cli, js, Note, Problem, Recognised, Source};
use crate::code::literal::{assignments, line_col, Dialect, Features, Reader, SyntaxError};
use crate::code::Json;
use crate::Operation;

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
            Source::Json => "JSON",
        }
    }
}

/// A call found in the text: its operation, the operation as the code spells it, the byte of its `(`.
pub(super) type Call = (Operation, String, usize);

/// A conversion of code, for [`finish`]: the operation it names (in its language's spelling) and
/// the members it read, or where it stopped.
pub(super) struct Attempt {
    pub(super) source: Source,
    /// The operation as the code spells it (`write_records`, `write-records`, `WriteRecordsCommand`).
    pub(super) spelled: String,
    pub(super) operation: Option<Operation>,
    pub(super) features: Features,
    pub(super) result: Result<Json, SyntaxError>,
}

/// Text that is not JSON: code, if it is code of a kind this module reads.
pub(super) fn code(text: &str, current: Operation) -> Option<Recognised<'_>> {
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
                let vars = assignments(text);
                let &(_, value) = vars.first()?;
                // An assignment before `start` sits in what the reader skipped (a comment).
                let between = text.get(start..value)?;
                if between.contains('\n') || !text[value..].starts_with('{') {
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
    let vars = assignments(text);
    let dialect = if source == Source::Boto3 { Dialect::PYTHON } else { Dialect::JS };
    let mut r = Reader::new(text, open + 1, dialect).with_vars(&vars);
    let result = if source == Source::Boto3 { r.keyword_arguments() } else { js::input(&mut r) };
    Attempt { source, spelled, operation: Some(op), features: r.features, result }
}

/// A bare dict or object literal.
fn literal(text: &str, start: usize) -> Attempt {
    let vars = assignments(text);
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
fn finish(text: &str, current: Operation, a: Attempt) -> Option<Recognised<'_>> {
    let label = a.source.label(a.features);
    let spelled = if a.spelled.is_empty() { String::new() } else { format!(" ({})", a.spelled) };
    match a.result {
        Ok(Json::Object(members)) => {
            let operation = a.operation.or_else(|| best_fit(members.iter().map(|(k, _)| k.as_str()), current)).unwrap_or(current);
            let what = a.features.describe();
            let message = if what.is_empty() { format!("Converted from {label}{spelled}.") } else { format!("Converted from {label}{spelled}: {what}.") };
            let body = Json::Object(members).pretty();
            Some(Recognised { operation, body: body.into(), note: Some(Note { source: a.source, message, problem: None }) })
        }
        // A list or a string is no request; JSON-looking text that only JSON's own
        // diagnostics should speak about (nothing but JSON was seen before the error).
        Ok(_) => None,
        Err(_) if a.source == Source::Literal && a.features.is_empty() => None,
        Err(e) => {
            let (line, column) = line_col(text, e.at);
            let what =
                if spelled.is_empty() { label.to_string() } else { format!("the {}{spelled}", label.trim_start_matches("an ").trim_start_matches("a ")) };
            let message = format!("Could not convert {what}: line {line}, column {column}: {}.", e.message);
            let problem = Some(Problem { line, column, reason: e.message });
            Some(Recognised { operation: a.operation.unwrap_or(current), body: Cow::Borrowed(text), note: Some(Note { source: a.source, message, problem }) })
        }
    }
}
