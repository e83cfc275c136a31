//! `timestream-local validate [--operation NAME] FILE...`: offline validation with
//! `Engine::diagnose`. One line per violation (`FILE: PATH: RULE: MESSAGE`), `FILE: ok` for a
//! valid file; exit 1 when any file is invalid or unreadable, 2 for usage errors.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;
use timestream_engine::scenario::substitute_placeholders;
use timestream_engine::{Diagnostic, Engine, Operation};

use crate::infer::{named_operation, operation_named, operation_of_file_name, operation_of_members};
use crate::{EXIT_PROBLEMS, EXIT_USAGE};

pub fn run(operation: Option<&str>, files: &[PathBuf]) -> u8 {
    let forced = match operation.map(|name| (name, operation_named(name))) {
        None => None,
        Some((_, Some(op))) => Some(op),
        Some((name, None)) => {
            let all: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
            eprintln!("timestream-local validate: unknown operation \"{name}\" (expected one of {})", all.join(", "));
            return EXIT_USAGE;
        }
    };
    if files.is_empty() {
        eprintln!("timestream-local validate: no FILE given");
        return EXIT_USAGE;
    }
    let engine = Engine::default();
    let mut failed = false;
    for file in files {
        let lines = check_file(&engine, forced, file);
        failed |= !lines.is_empty();
        let name = file.display();
        if lines.is_empty() {
            println!("{name}: ok");
        }
        for line in lines {
            println!("{name}: {line}");
        }
    }
    if failed {
        EXIT_PROBLEMS
    } else {
        0
    }
}

/// The problems of one file, one line each (without the file name); empty when valid.
pub fn check_file(engine: &Engine, forced: Option<Operation>, file: &Path) -> Vec<String> {
    let bytes = match read(file) {
        Ok(b) => b,
        Err(e) => return vec![format!("error: cannot read the file: {e}")],
    };
    let (operation, body) = match request_of(forced, file, &bytes) {
        Ok(found) => found,
        Err(lines) => return lines,
    };
    // Scenario-style `{{now-5m}}` placeholders take the current time, so step files validate as
    // the runner would send them.
    let body = match serde_json::from_slice::<Value>(&body) {
        Ok(v) => serde_json::to_vec(&fill_placeholders(v, engine)).unwrap_or(body),
        Err(_) => body,
    };
    engine.diagnose(operation, &body).iter().map(format_diagnostic).collect()
}

/// The operation of a file and the request body to check, or the lines that say why the
/// operation cannot be told. In order: what the file says itself (an HTTP request, a scenario
/// step), which `--operation` must agree with; `--operation`; the file name; the members.
fn request_of(forced: Option<Operation>, file: &Path, bytes: &[u8]) -> Result<(Operation, Vec<u8>), Vec<String>> {
    let text = String::from_utf8_lossy(bytes);
    let parsed = timestream_engine::parse_body(bytes);
    let object = parsed.as_ref().ok().and_then(Value::as_object);
    if let Some((op, body)) = named_operation(&text, object).map_err(|e| vec![e])? {
        return match forced.filter(|f| *f != op) {
            Some(f) => Err(vec![format!("error: the file is a {op} request but --operation says {f}")]),
            None => Ok((op, body)),
        };
    }
    if let Some(op) = forced.or_else(|| operation_of_file_name(file)) {
        return Ok((op, bytes.to_vec()));
    }
    match (object, &parsed) {
        (Some(m), _) => operation_of_members(m).map(|op| (op, bytes.to_vec())).map_err(|e| vec![format!("error: {e}")]),
        // Not JSON, or not an object: the engine's syntax diagnostics say where.
        (None, Err(e)) => Err(e.diagnostics.iter().map(format_diagnostic).collect()),
        (None, Ok(_)) => Err(vec!["error: not a JSON object".into()]),
    }
}

/// `PATH: RULE: MESSAGE`; the whole request is `(request)`.
pub fn format_diagnostic(d: &Diagnostic) -> String {
    let path = d.path.to_string();
    let path = if path.is_empty() { "(request)".to_string() } else { path };
    let rule = serde_json::to_value(d.rule).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| format!("{:?}", d.rule));
    format!("{path}: {rule}: {}", d.message)
}

/// Replaces `{{now…}}` placeholders in every string with the engine's current time.
fn fill_placeholders(v: Value, engine: &Engine) -> Value {
    match v {
        Value::String(s) if s.contains("{{") => Value::String(substitute_placeholders(&s, engine.now()).unwrap_or(s)),
        Value::Array(items) => Value::Array(items.into_iter().map(|i| fill_placeholders(i, engine)).collect()),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, i)| (k, fill_placeholders(i, engine))).collect()),
        other => other,
    }
}

fn read(file: &Path) -> std::io::Result<Vec<u8>> {
    if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        return Ok(buf);
    }
    std::fs::read(file)
}
