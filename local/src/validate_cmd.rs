//! `timestream-local validate [--operation NAME] FILE...`: offline validation with
//! `Engine::diagnose`. One line per violation (`FILE: PATH: RULE: MESSAGE`), `FILE: ok` for a
//! valid file; exit 1 when any file is invalid or unreadable, 2 for usage errors.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;
use timestream_engine::scenario::substitute_placeholders;
use timestream_engine::{Diagnostic, Engine, Operation};

use crate::infer::{operation_named, operation_of_file_name, operation_of_members, unwrap};
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
    let value: Value = match timestream_engine::parse_body(&bytes) {
        Ok(v) => v,
        // Not JSON, or not an object: the engine's own syntax diagnostic says where.
        Err(e) => return e.diagnostics.iter().map(format_diagnostic).collect(),
    };
    let (operation, request) = match unwrap(&value) {
        Some((named, request)) => {
            let named_op = match named.as_str().map(|n| (n, operation_named(n))) {
                Some((_, Some(op))) => op,
                Some((n, None)) => return vec![format!("operation: error: unknown operation \"{n}\"")],
                None => return vec![format!("operation: error: expected an operation name, got {named}")],
            };
            if let Some(f) = forced.filter(|f| *f != named_op) {
                return vec![format!("error: the file is a {named_op} request but --operation says {f}")];
            }
            if !request.is_object() {
                return vec!["request: error: the request must be a JSON object".into()];
            }
            (named_op, request)
        }
        None => {
            let op = match forced.or_else(|| operation_of_file_name(file)) {
                Some(op) => Ok(op),
                None => value.as_object().map_or_else(|| Err("not a JSON object".to_string()), operation_of_members),
            };
            match op {
                Ok(op) => (op, value),
                Err(e) => return vec![format!("error: {e}")],
            }
        }
    };
    let request = fill_placeholders(request, engine);
    let body = serde_json::to_vec(&request).unwrap_or_default();
    engine.diagnose(operation, &body).iter().map(format_diagnostic).collect()
}

/// `PATH: RULE: MESSAGE`; the whole request is `(request)`.
pub fn format_diagnostic(d: &Diagnostic) -> String {
    let path = d.path.to_string();
    let path = if path.is_empty() { "(request)".to_string() } else { path };
    let rule = serde_json::to_value(d.rule).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| format!("{:?}", d.rule));
    format!("{path}: {rule}: {}", d.message)
}

/// Scenario-style `{{now-5m}}` placeholders take the current time, so step files validate as the
/// runner would send them.
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
