//! A negative test for every constraint: for each constraint of the model table
//! (`engine/model/constraints.json`: type, required, min, max, pattern, enum of every member)
//! and of the overlay (docs/validation.md's documented limits), at each member path where it
//! applies, one request that is valid but for that one member, breaking that constraint. Each
//! goes through the seam (`Engine::handle`, so WriteRecords also through its fast path) and
//! must answer the right error type, with a diagnostic at that member's path, of that rule, with
//! the message in the service's style — and no diagnostic at any other member.
//!
//! The constraints are listed from the table's text, independently of the generator: the test
//! fails if one of them got no case (or the generator made a case for something not listed).
//! Constraints no request can break (`min: 0` lengths) are listed by name.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::model::{self, Node, NodeId, OpTree, Ty};
use super::overlay::{Check, OVERLAY, TAG_CHARS_TEXT};
use super::{patterns, render_value, MemberPath, Rule, Seg};
use crate::error::ErrorKind;
use crate::{Engine, Operation};

/// A constraint as listed: (`Operation.Member[].Member` path, what) — `type`, `required`,
/// `min`, `max`, `pattern`, `enum`, `unknown-member` (every structure), `integer-range` (every
/// 32-bit integer) or an overlay rule id.
type Key = (String, String);

/// One request breaking one constraint, and what the service must answer.
struct Case {
    key: Key,
    op: Operation,
    body: Value,
    kind: ErrorKind,
    path: MemberPath,
    rule: Rule,
    message: String,
}

/// Every constraint of the table text and the overlay; and those no request can break.
fn listed() -> (Vec<Key>, Vec<Key>) {
    let doc: Value = serde_json::from_str(model::TRIMMED_MODEL).unwrap();
    let (mut keys, mut unbreakable) = (Vec::new(), Vec::new());
    for (_, op) in doc["operations"].as_object().unwrap() {
        for e in op["input"].as_array().unwrap() {
            let path = e["path"].as_str().unwrap().to_string();
            keys.push((path.clone(), "type".into()));
            match e["type"].as_str() {
                Some("structure") => keys.push((path.clone(), "unknown-member".into())),
                Some("integer") => keys.push((path.clone(), "integer-range".into())),
                _ => {}
            }
            for what in ["required", "min", "max", "pattern", "enum"] {
                let present = if what == "required" { e[what] == true } else { !e[what].is_null() };
                if !present {
                    continue;
                }
                // A length of at least 0 always holds.
                if what == "min" && e["min"] == 0 && matches!(e["type"].as_str(), Some("string" | "list")) {
                    unbreakable.push((path.clone(), what.into()));
                } else {
                    keys.push((path.clone(), what.into()));
                }
            }
        }
    }
    for rule in OVERLAY {
        for path in rule.paths {
            keys.push((path.to_string(), rule.id.to_string()));
        }
    }
    (keys, unbreakable)
}

/// The node ids from the input down to `path` (`Records[].Dimensions[].Name`), list items
/// included.
fn chain(tree: &OpTree, path: &str) -> Vec<NodeId> {
    let mut ids = vec![0];
    for part in path.split('.') {
        let name = part.trim_end_matches("[]");
        let mut id = tree.child(*ids.last().unwrap(), name).unwrap_or_else(|| panic!("{path}"));
        ids.push(id);
        for _ in 0..(part.len() - name.len()) / 2 {
            id = tree.nodes[id].item.unwrap();
            ids.push(id);
        }
    }
    ids
}

/// The concrete member path of a chain: index 0 in every list.
fn member_path(tree: &OpTree, chain: &[NodeId]) -> MemberPath {
    let mut p = MemberPath::root();
    for w in chain.windows(2) {
        p = if tree.nodes[w[0]].ty == Ty::List { p.index(0) } else { p.member(&tree.nodes[w[1]].name) };
    }
    p
}

/// A string every constraint of `node` accepts.
fn valid_string(node: &Node) -> String {
    if let Some(v) = node.enum_values.first() {
        return v.clone();
    }
    let fill = if node.pattern.as_deref() == Some(patterns::TASK_ID) { 'A' } else { 'a' };
    let min_bytes = node.checks.iter().fold(0, |m, c| if let Check::MinBytes(n) = c { m.max(*n) } else { m });
    let len = (node.min.unwrap_or(1).max(1) as usize).max(min_bytes).max(if node.pattern.is_some() { 3 } else { 1 });
    std::iter::repeat_n(fill, len).collect()
}

/// The smallest integer every constraint of `node` accepts.
fn valid_integer(node: &Node) -> i64 {
    node.checks.iter().fold(node.min.unwrap_or(0), |lo, c| if let Check::MinValue(m) = c { lo.max(*m) } else { lo })
}

/// A value of `id` every constraint accepts: required members, and the members on `along`
/// (the chain to the member under test), lists with their minimum of items (one at least on
/// `along`).
fn valid(tree: &OpTree, id: NodeId, along: &[NodeId]) -> Value {
    let node = &tree.nodes[id];
    match node.ty {
        Ty::String => Value::String(valid_string(node)),
        Ty::Boolean => Value::Bool(true),
        Ty::Long | Ty::Integer => json!(valid_integer(node)),
        Ty::List => {
            let item = node.item.unwrap();
            let n = (node.min.unwrap_or(0).max(0) as usize).max(usize::from(along.contains(&id)));
            Value::Array((0..n).map(|_| valid(tree, item, along)).collect())
        }
        Ty::Structure => {
            let mut m = Map::new();
            for &c in &node.children {
                if tree.nodes[c].required || along.contains(&c) {
                    m.insert(tree.nodes[c].name.clone(), valid(tree, c, along));
                }
            }
            Value::Object(m)
        }
    }
}

fn at<'v>(v: &'v mut Value, path: &MemberPath) -> &'v mut Value {
    path.0.iter().fold(v, |v, seg| match seg {
        Seg::Member(m) => &mut v[m.as_str()],
        Seg::Index(i) => &mut v[*i],
    })
}

/// The Coral clause of a constraint failure (the value as sent, or nothing for a sensitive one).
fn clause(node: &Node, path: &MemberPath, v: &Value, text: &str) -> String {
    if node.sensitive {
        format!("Value at '{}' failed to satisfy constraint: {text}", path.coral())
    } else {
        format!("Value '{}' at '{}' failed to satisfy constraint: {text}", render_value(v), path.coral())
    }
}

fn type_case(node: &Node) -> (Value, &'static str, &'static str) {
    match node.ty {
        Ty::String => (json!(5), "string", "number"),
        Ty::Boolean => (json!("yes"), "boolean", "string"),
        Ty::Long => (json!(1.5), "long (a JSON integer)", "decimal number"),
        Ty::Integer => (json!("1"), "integer (a 32-bit JSON integer)", "string"),
        Ty::List => (json!({}), "list (a JSON array)", "object"),
        Ty::Structure => (json!([]), "structure (a JSON object)", "array"),
    }
}

/// The values breaking overlay check `check` of a string member, with rule and text.
fn overlay_breaks(check: Check, node: &Node) -> Vec<(Value, Rule, String)> {
    let s = |x: &str| Value::String(x.to_string());
    let ge = |n: usize| format!("Member must have length greater than or equal to {n}");
    let reserved = "Member must not be a reserved name".to_string();
    let prefix = "Member must not start with the reserved prefix 'ts_'".to_string();
    match check {
        Check::MinBytes(n) => vec![(s(&"a".repeat(n - 1)), Rule::MinLength, ge(n))],
        Check::MaxBytes(n) => {
            let le = format!("Member must have length less than or equal to {n}");
            let mut v = vec![(s(&"a".repeat(n + 1)), Rule::MaxBytes, le.clone())];
            // In bytes, not characters: n/2 + 1 two-byte characters (where no pattern forbids them).
            if node.matcher.is_none() {
                v.push((s(&"é".repeat(n / 2 + 1)), Rule::MaxBytes, le));
            }
            v
        }
        Check::MinChars(n) => vec![(s(&"a".repeat(n - 1)), Rule::MinLength, ge(n))],
        Check::MinValue(m) => vec![(json!(m - 1), Rule::MinValue, format!("Member must have value greater than or equal to {m}"))],
        Check::TagChars => vec![(s("a#b"), Rule::Semantic, TAG_CHARS_TEXT.to_string())],
        Check::NoAwsPrefix => vec![
            (s("aws:a"), Rule::Semantic, "Member must not start with 'aws:'".into()),
            (s("AwS:a"), Rule::Semantic, "Member must not start with 'aws:'".into()),
        ],
        Check::DimensionName => vec![
            (s("time"), Rule::Semantic, reserved),
            (s("measure_name"), Rule::Semantic, "Member must not be a reserved name".into()),
            (s("ts_a"), Rule::Semantic, prefix),
            (s("a:b"), Rule::Semantic, "Member must not contain ':'".into()),
        ],
        Check::MeasureName => vec![
            (s("time"), Rule::Semantic, reserved),
            (s("ts_a"), Rule::Semantic, prefix),
            (s("measure_value::x"), Rule::Semantic, "Member must not start with the reserved prefix 'measure_value'".into()),
        ],
    }
}

/// Every case of one member (`path`, `Operation.` left out).
fn member_cases(op: Operation, tree: &OpTree, path: &str, out: &mut Vec<Case>) {
    let ids = chain(tree, path);
    let id = *ids.last().unwrap();
    let node = &tree.nodes[id];
    let mp = member_path(tree, &ids);
    let base = valid(tree, 0, &ids);
    let full = format!("{op}.{path}");
    let mut push = |what: &str, body: Value, kind: ErrorKind, path: MemberPath, rule: Rule, message: String| {
        out.push(Case { key: (full.clone(), what.to_string()), op, body, kind, path, rule, message });
    };
    let with = |v: Value| {
        let mut b = base.clone();
        *at(&mut b, &mp) = v;
        b
    };
    // Type.
    let (wrong, expected, found) = type_case(node);
    push(
        "type",
        with(wrong),
        ErrorKind::Serialization,
        mp.clone(),
        Rule::Type,
        format!("Unexpected value type for member '{mp}': expected {expected}, found {found}"),
    );
    if node.ty == Ty::Integer {
        let message = format!("Unexpected value type for member '{mp}': expected {expected}, found integer out of range");
        push("integer-range", with(json!(i64::from(i32::MAX) + 1)), ErrorKind::Serialization, mp.clone(), Rule::Type, message);
    }
    if node.ty == Ty::Structure {
        let mut b = base.clone();
        at(&mut b, &mp)["Bogus"] = json!(1);
        let shape = node.shape.as_deref().unwrap();
        push("unknown-member", b, ErrorKind::Serialization, mp.member("Bogus"), Rule::UnknownMember, format!("Unknown member 'Bogus' in {shape} at '{mp}'"));
    }
    let v = ErrorKind::ModelValidation;
    let null = || format!("Value null at '{}' failed to satisfy constraint: Member must not be null", mp.coral());
    if node.required {
        let mut b = base.clone();
        match mp.0.last().unwrap() {
            Seg::Index(_) => *at(&mut b, &mp) = Value::Null,
            Seg::Member(m) => {
                at(&mut b, &MemberPath(mp.0[..mp.0.len() - 1].to_vec())).as_object_mut().unwrap().remove(m);
            }
        }
        push("required", b, v, mp.clone(), Rule::Required, null());
    }
    let fill = valid_string(node).chars().next().unwrap_or('a').to_string();
    if let Some(min) = node.min.filter(|&m| m > 0 || !matches!(node.ty, Ty::String | Ty::List)) {
        let (broken, rule, text) = match node.ty {
            Ty::String => (json!(fill.repeat(min as usize - 1)), Rule::MinLength, format!("Member must have length greater than or equal to {min}")),
            Ty::List => {
                let item = valid(tree, node.item.unwrap(), &ids);
                (Value::Array(vec![item; min as usize - 1]), Rule::MinLength, format!("Member must have length greater than or equal to {min}"))
            }
            _ => (json!(min - 1), Rule::MinValue, format!("Member must have value greater than or equal to {min}")),
        };
        push("min", with(broken.clone()), v, mp.clone(), rule, clause(node, &mp, &broken, &text));
    }
    if let Some(max) = node.max {
        let (broken, rule, text) = match node.ty {
            Ty::String => (json!(fill.repeat(max as usize + 1)), Rule::MaxLength, format!("Member must have length less than or equal to {max}")),
            Ty::List => {
                let item = valid(tree, node.item.unwrap(), &ids);
                (Value::Array(vec![item; max as usize + 1]), Rule::MaxLength, format!("Member must have length less than or equal to {max}"))
            }
            _ => (json!(max + 1), Rule::MaxValue, format!("Member must have value less than or equal to {max}")),
        };
        push("max", with(broken.clone()), v, mp.clone(), rule, clause(node, &mp, &broken, &text));
    }
    if let Some(pattern) = &node.pattern {
        let mut s = valid_string(node);
        s.replace_range(s.len() - 1.., "#");
        let broken = json!(s);
        push(
            "pattern",
            with(broken.clone()),
            v,
            mp.clone(),
            Rule::Pattern,
            clause(node, &mp, &broken, &format!("Member must satisfy regular expression pattern: {pattern}")),
        );
    }
    if !node.enum_values.is_empty() {
        let broken = json!("NOT_A_VALUE");
        let text = format!("Member must satisfy enum value set: [{}]", node.enum_values.join(", "));
        push("enum", with(broken.clone()), v, mp.clone(), Rule::Enum, clause(node, &mp, &broken, &text));
    }
    for rule in OVERLAY.iter().filter(|r| r.paths.contains(&full.as_str())) {
        for (broken, r, text) in overlay_breaks(rule.check, node) {
            push(rule.id, with(broken.clone()), v, mp.clone(), r, clause(node, &mp, &broken, &text));
        }
    }
}

/// Runs one case through the seam; `Err` says what was wrong. Returns whether another
/// constraint of the same member broke too (a 2-character bucket name is also off-pattern).
fn run(case: &Case) -> Result<bool, String> {
    let text = case.body.to_string();
    let mut e = Engine::deterministic(1_704_067_200_000_000_000, 7);
    let r = e.handle(&case.op.target(), text.as_bytes());
    let wire = r.json();
    if r.error_type != Some(case.kind.name()) || wire["__type"] != json!(case.kind.wire_type()) || r.status != 400 {
        return Err(format!("answered {} {:?} {wire}", r.status, r.error_type));
    }
    let err = e.call(case.op, text.as_bytes()).expect_err("the same request fails through call");
    let found = err.diagnostics.iter().any(|d| d.path == case.path && d.rule == case.rule && d.message == case.message);
    if !found {
        return Err(format!("no diagnostic {:?} {} {:?} among {:#?}", case.rule, case.path, case.message, err.diagnostics));
    }
    if let Some(other) = err.diagnostics.iter().find(|d| d.path != case.path) {
        return Err(format!("a diagnostic at another member: {other:?}"));
    }
    let message = wire["message"].as_str().unwrap_or("");
    let expected_message = match case.kind {
        ErrorKind::ModelValidation => message.starts_with(&format!("{} validation error", err.diagnostics.len())) && message.contains(&case.message),
        _ => message == case.message,
    };
    if !expected_message {
        return Err(format!("wire message {message:?}"));
    }
    Ok(err.diagnostics.len() > 1)
}

#[test]
fn every_constraint_has_a_negative_test() {
    let (keys, unbreakable) = listed();
    let mut cases = Vec::new();
    for &op in Operation::ALL {
        let tree = model::tree(op);
        // Each base request is valid: the test would prove nothing otherwise.
        let base = valid(tree, 0, &[]);
        assert!(super::check_input(op, &base).is_empty(), "{op}: the valid base request is not valid: {base}");
        let doc: Value = serde_json::from_str(model::TRIMMED_MODEL).unwrap();
        for e in doc["operations"][op.name()]["input"].as_array().unwrap() {
            let path = e["path"].as_str().unwrap().strip_prefix(op.name()).unwrap().trim_start_matches('.');
            member_cases(op, tree, path, &mut cases);
        }
        // The input itself: an unknown member at the top (no path), and not an object at all.
        let mut b = base.clone();
        b["Bogus"] = json!(1);
        let shape = tree.root().shape.clone().unwrap();
        cases.push(Case {
            key: (op.name().to_string(), "unknown-member".into()),
            op,
            body: b,
            kind: ErrorKind::Serialization,
            path: MemberPath::root().member("Bogus"),
            rule: Rule::UnknownMember,
            message: format!("Unknown member 'Bogus' in {shape}"),
        });
    }
    let mut per_key: BTreeMap<Key, usize> = BTreeMap::new();
    let (mut failures, mut co_broken, mut paths) = (Vec::new(), 0, std::collections::BTreeSet::new());
    for case in &cases {
        match run(case) {
            Ok(more) => {
                co_broken += usize::from(more);
                *per_key.entry(case.key.clone()).or_default() += 1;
                paths.insert(case.path.to_string());
            }
            Err(why) => failures.push(format!("{} {}: {why}\n  request: {}", case.key.0, case.key.1, case.body)),
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
    let missing: Vec<&Key> = keys.iter().filter(|k| !per_key.contains_key(*k)).collect();
    assert!(missing.is_empty(), "constraints without a negative test: {missing:#?}");
    let unlisted: Vec<&Key> = per_key.keys().filter(|k| !keys.contains(k) && k.1 != "unknown-member").collect();
    assert!(unlisted.is_empty(), "cases of constraints not in the table: {unlisted:#?}");
    let overlay = keys.iter().filter(|k| OVERLAY.iter().any(|r| r.id == k.1)).count();
    println!(
        "negative tests: {} constraints ({} of the model table, {} of the overlay) at {} member paths, {} requests, all answered as expected \
         ({co_broken} also broke another constraint of the same member); {} unbreakable (min 0): {:?}",
        keys.len(),
        keys.len() - overlay,
        overlay,
        paths.len(),
        cases.len(),
        unbreakable.len(),
        unbreakable.iter().map(|k| &k.0).collect::<Vec<_>>()
    );
}
