//! The engine's import rule (docs/architecture.md, "Layers"): handlers (`ops`) may use the
//! write rules (`write`), the store, the state and batch load; `batch` and `inspect` use
//! `write`, `store` and `state` but no handler; `write` uses neither `ops`, `batch` nor
//! `inspect`; `store` uses none of them, nor the validator. Read from the source files.
//!
//! Also the public surface (docs/architecture.md, "The public surface"): lib.rs declares
//! `pub` only the modules of [`PUBLIC_MODULES`], and `Engine`'s fields stay private.

use std::path::{Path, PathBuf};

/// (files under engine/src, crate modules they must not name).
const RULES: &[(&str, &[&str])] = &[
    ("batch", &["ops"]),
    ("inspect.rs", &["ops"]),
    ("write", &["ops", "batch", "inspect"]),
    ("store", &["ops", "batch", "inspect", "write", "validate", "state"]),
];

/// The modules lib.rs may declare `pub`; every other one is `pub(crate)` (or private). Adding
/// one widens the API: say so in docs/architecture.md first.
const PUBLIC_MODULES: &[&str] = &["clock", "code", "protocol", "recognise", "scenario", "testing", "types"];

fn rust_files(at: &Path, out: &mut Vec<PathBuf>) {
    if at.is_dir() {
        for entry in std::fs::read_dir(at).expect("a source directory") {
            rust_files(&entry.expect("an entry").path(), out);
        }
    } else if at.extension().is_some_and(|e| e == "rs") {
        out.push(at.to_path_buf());
    }
}

/// Every `crate::<module>` named in the code of `text` (comments left out), with its line.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let module: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if module.is_empty() && rest.starts_with('{') {
                // `crate::{a, b::c, d}`: the first segment of each item (one line).
                let list = rest[1..].split('}').next().unwrap_or("");
                for item in list.split(',') {
                    let first = item.trim().split("::").next().unwrap_or("");
                    if !first.is_empty() {
                        found.push((n + 1, first.to_string()));
                    }
                }
            } else {
                found.push((n + 1, module));
            }
        }
    }
    found
}

/// The violations of [`RULES`] in the engine's sources.
fn violations(src: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (place, forbidden) in RULES {
        let mut files = Vec::new();
        rust_files(&src.join(place), &mut files);
        assert!(!files.is_empty(), "no source files under engine/src/{place}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            for (line, module) in crate_paths(&text) {
                if forbidden.contains(&module.as_str()) {
                    out.push(format!("{}:{line} uses crate::{module}", file.display()));
                }
            }
        }
    }
    out
}

#[test]
fn lower_layers_do_not_import_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(found.is_empty(), "forbidden imports (docs/architecture.md, Layers):\n{}", found.join("\n"));
}

#[test]
fn the_rule_reader_sees_a_forbidden_import() {
    let found = crate_paths(
        "use crate::ops::tables; // crate::batch in a comment\nlet x = crate::store::Syms::default();\nuse crate::{ApiError, inspect::IngestionWindow};",
    );
    let own = |v: &[(usize, &str)]| v.iter().map(|(l, m)| (*l, m.to_string())).collect::<Vec<_>>();
    assert_eq!(found, own(&[(1, "ops"), (2, "store"), (3, "ApiError"), (3, "inspect")]));
}

/// The modules declared `pub mod` (plain `pub`, not `pub(crate)`) in `text`, and the `pub`
/// fields of its `pub struct Engine`.
fn public_items(text: &str) -> (Vec<String>, Vec<String>) {
    let mut modules = Vec::new();
    let mut fields = Vec::new();
    let mut in_engine = false;
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("pub mod ") {
            modules.push(rest.trim_end_matches([';', '{']).trim().to_string());
        }
        if line.starts_with("pub struct Engine") {
            in_engine = true;
        } else if in_engine && line.starts_with('}') {
            in_engine = false;
        } else if let (true, Some(field)) = (in_engine, line.strip_prefix("pub ")) {
            fields.push(field.split(':').next().unwrap_or("").trim().to_string());
        }
    }
    (modules, fields)
}

#[test]
fn only_the_public_surface_is_public() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).expect("lib.rs");
    let (modules, fields) = public_items(&lib);
    let extra: Vec<&String> = modules.iter().filter(|m| !PUBLIC_MODULES.contains(&m.as_str())).collect();
    assert!(extra.is_empty(), "modules made public outside the allowed list (docs/architecture.md, The public surface): {extra:?}");
    let mut sorted = modules.clone();
    sorted.sort();
    assert_eq!(sorted, PUBLIC_MODULES, "the public modules of lib.rs and the allowed list differ");
    assert!(fields.is_empty(), "Engine's fields must stay private (accessors instead): {fields:?}");
}

#[test]
fn the_surface_reader_sees_a_public_module_and_field() {
    let (modules, fields) = public_items(
        "pub mod clock;\npub(crate) mod ops;\n    pub mod store {\npub struct Engine {\n    pub(crate) clock: Clock,\n    pub state: State,\n}\npub struct Other {\n    pub x: u8,\n}",
    );
    assert_eq!(modules, ["clock", "store"]);
    assert_eq!(fields, ["state"]);
}
