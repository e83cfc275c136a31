//! The model table against the spec file: the trimmed copy is exactly generated from
//! `model-constraints.json`, every path of the spec is in the table with the same constraints,
//! every pattern has a matcher, every overlay path exists.

use serde_json::Value;

use super::model::{self, Ty};
use super::overlay::OVERLAY;
use super::patterns;
use crate::Operation;

const SPEC: &str = include_str!("../../model/model-constraints.json");

fn spec() -> Value {
    serde_json::from_str(SPEC).expect("spec parses")
}

/// The trimmed model, one member per line, keys in a fixed order.
fn trim(full: &Value) -> String {
    let js = |v: &Value| serde_json::to_string(v).unwrap();
    let mut out = String::new();
    out.push_str("{\"source\": \"Generated from engine/model/model-constraints.json (botocore ");
    out.push_str(full["source"]["botocore_version"].as_str().unwrap_or("?"));
    out.push_str(") by the test validate::tests_table::trimmed_model_matches_spec; regenerate with TS_REGEN_MODEL=1. Do not edit.\",\n");
    out.push_str("\"operations\": {\n");
    let ops = full["operations"].as_object().unwrap();
    for (oi, (name, op)) in ops.iter().enumerate() {
        out.push_str(&format!("{}: {{\"input_shape\": {}, \"input\": [", js(&Value::from(name.as_str())), js(&op["input_shape"])));
        let input = op["input"].as_array().unwrap();
        for (i, e) in input.iter().enumerate() {
            let mut line = format!("\n{{\"path\": {}, \"type\": {}", js(&e["path"]), js(&e["type"]));
            if e["type"] == "structure" {
                line.push_str(&format!(", \"shape\": {}", js(&e["shape"])));
            }
            if e["required"] == true {
                line.push_str(", \"required\": true");
            }
            for key in ["min", "max", "pattern", "enum"] {
                if !e[key].is_null() {
                    line.push_str(&format!(", \"{key}\": {}", js(&e[key])));
                }
            }
            if e["sensitive"] == true {
                line.push_str(", \"sensitive\": true");
            }
            line.push('}');
            if i + 1 < input.len() {
                line.push(',');
            }
            out.push_str(&line);
        }
        out.push_str(if input.is_empty() { "]}" } else { "\n]}" });
        out.push_str(if oi + 1 < ops.len() { ",\n" } else { "\n" });
    }
    out.push_str("}}\n");
    out
}

#[test]
fn trimmed_model_matches_spec() {
    let expected = trim(&spec());
    if std::env::var_os("TS_REGEN_MODEL").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/model/constraints.json");
        std::fs::write(path, &expected).expect("write trimmed model");
        return;
    }
    assert!(
        model::TRIMMED_MODEL == expected,
        "engine/model/constraints.json is stale: run TS_REGEN_MODEL=1 cargo test -p timestream-engine trimmed_model_matches_spec"
    );
}

#[test]
fn model_builds_without_problems() {
    let m = model::model();
    assert!(m.problems.is_empty(), "{:#?}", m.problems);
    assert_eq!(m.trees.len(), Operation::ALL.len());
    for &op in Operation::ALL {
        assert_eq!(model::tree(op).op, op);
        assert_eq!(model::tree(op).root().shape.as_deref(), Some(format!("{op}Request").as_str()));
    }
}

#[test]
fn every_spec_path_is_in_the_table_with_the_same_constraints() {
    let spec = spec();
    let mut checked = 0;
    for &op in Operation::ALL {
        let tree = model::tree(op);
        let entries = spec["operations"][op.name()]["input"].as_array().expect("operation in spec");
        // The table holds exactly the spec's members (plus the root).
        assert_eq!(tree.nodes.len(), entries.len() + 1, "{op}: node count");
        for e in entries {
            let full = e["path"].as_str().unwrap();
            let path = full.strip_prefix(op.name()).unwrap().strip_prefix('.').unwrap();
            let node = tree.node(path).unwrap_or_else(|| panic!("table lacks {full}"));
            assert_eq!(Some(node.ty), Ty::parse(e["type"].as_str().unwrap()), "{full}: type");
            assert_eq!(node.required, e["required"] == true, "{full}: required");
            assert_eq!(node.min, e["min"].as_i64(), "{full}: min");
            assert_eq!(node.max, e["max"].as_i64(), "{full}: max");
            assert_eq!(node.pattern.as_deref(), e["pattern"].as_str(), "{full}: pattern");
            let en: Vec<String> = e["enum"].as_array().map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect()).unwrap_or_default();
            assert_eq!(node.enum_values, en, "{full}: enum");
            assert_eq!(node.sensitive, e["sensitive"] == true, "{full}: sensitive");
            assert_eq!(path.ends_with("[]"), e["list_member"] == true, "{full}: list member");
            if node.ty == Ty::Structure {
                assert_eq!(node.shape.as_deref(), e["shape"].as_str(), "{full}: shape");
            }
            if node.pattern.is_some() {
                assert!(node.matcher.is_some(), "{full}: pattern without matcher");
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} paths");
}

#[test]
fn every_model_pattern_has_a_matcher() {
    let spec = spec();
    let mut seen = Vec::new();
    for (_, op) in spec["operations"].as_object().unwrap() {
        for e in op["input"].as_array().unwrap() {
            if let Some(p) = e["pattern"].as_str() {
                assert!(patterns::matcher(p).is_some(), "no matcher for model pattern {p} ({})", e["path"]);
                if !seen.contains(&p.to_string()) {
                    seen.push(p.to_string());
                }
            }
        }
    }
    assert_eq!(seen.len(), patterns::KNOWN.len(), "patterns in the model: {seen:?}");
}

#[test]
fn every_overlay_path_is_a_model_member() {
    for rule in OVERLAY {
        assert!(!rule.paths.is_empty() && !rule.source.is_empty(), "{}", rule.id);
        for full in rule.paths {
            let (op, path) = full.split_once('.').unwrap();
            let op = Operation::from_name(op).unwrap_or_else(|| panic!("{}: bad operation in {full}", rule.id));
            let node = model::tree(op).node(path).unwrap_or_else(|| panic!("{}: no member {full}", rule.id));
            assert!(node.checks.contains(&rule.check), "{}: not attached to {full}", rule.id);
        }
    }
}

#[test]
fn names_have_no_overlay_outside_the_create_operations() {
    for op in [Operation::WriteRecords, Operation::DescribeDatabase, Operation::DeleteTable, Operation::UpdateTable] {
        let t = model::tree(op);
        for name in ["DatabaseName", "TableName"] {
            if let Some(n) = t.node(name) {
                assert!(n.checks.is_empty() && n.min.is_none() && n.max.is_none() && n.pattern.is_none(), "{op}.{name}");
            }
        }
    }
}

#[test]
fn pattern_matchers_are_full_string_matches() {
    use patterns::*;
    // [a-zA-Z0-9_.-]+
    for ok in ["db", "my_db.v-1", "A", "..."] {
        assert!(resource_name(ok), "{ok}");
    }
    for bad in ["", "a b", "db!", "dé", "a/b", " db"] {
        assert!(!resource_name(bad), "{bad:?}");
    }
    // [a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]
    for ok in ["abc", "a-b", "my.bucket", "a.b", "123", &"a".repeat(63)] {
        assert!(s3_bucket(ok), "{ok}");
    }
    for bad in ["ab", "-ab", "ab-", "My.bucket", "a_b", ".ab", "ab.", "", "a b", &"a".repeat(64), "abé"] {
        assert!(!s3_bucket(bad), "{bad:?}");
    }
    // [a-zA-Z0-9|!\-_*'\(\)]([a-zA-Z0-9]|[!\-_*'\(\)\/.])+
    for ok in ["ab", "prefix/", "dir/sub/file.csv", "|a", "(x)", "a!-_*'()/.", "_x"] {
        assert!(s3_key(ok), "{ok}");
    }
    for bad in ["a", "", "/a", ".a", "a|b", "a b", "a?b", "é/a", "a\u{e9}"] {
        assert!(!s3_key(bad), "{bad:?}");
    }
    // [A-Z0-9]+
    for ok in ["9367BE28418C5EF902676482220B631C", "A", "0"] {
        assert!(task_id(ok), "{ok}");
    }
    for bad in ["", "abc", "AB-1", "AB 1"] {
        assert!(!task_id(bad), "{bad:?}");
    }
}

#[test]
fn fast_keys_are_exact_for_every_length() {
    use crate::fastkey::FastKey;
    let words: Vec<String> = (0..40usize)
        .flat_map(|n| {
            let base: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            let mut alt = base.clone().into_bytes();
            let mut variants = vec![base.clone()];
            for pos in [0, n / 2, n.saturating_sub(1)] {
                if pos < alt.len() {
                    alt[pos] = b'Z';
                    variants.push(String::from_utf8(alt.clone()).unwrap());
                }
            }
            variants.push(format!("{base}é"));
            variants
        })
        .collect();
    for a in &words {
        for b in &words {
            let (ka, kb) = (FastKey::of(a), FastKey::of(b));
            assert_eq!(ka.matches(a, kb, b), a == b, "{a:?} vs {b:?}");
        }
    }
}
