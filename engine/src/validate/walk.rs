//! The generic walker: a request JSON value against an operation's tree. Every violation at every
//! depth, members in model order, list items in index order. Paths are a stack of borrowed
//! segments; a `MemberPath` is built only when a diagnostic is emitted.

use serde_json::{Map, Number, Value};

use super::model::{Node, NodeId, OpTree, Ty};
use super::overlay::{self, Check};
use super::{Diagnostic, MemberPath, Rule, Seg};
use crate::fastkey::FastKey;

#[derive(Clone, Copy)]
enum PSeg<'a> {
    Member(&'a str),
    Index(usize),
}

pub(crate) struct Walker<'a> {
    tree: &'a OpTree,
    stack: Vec<PSeg<'a>>,
    pub(crate) out: Vec<Diagnostic>,
}

/// Members of one structure resolved without a map lookup (the model's largest has 9).
const SLOTS: usize = 12;
/// How many characters of a list/structure value a message shows.
const MAX_RENDERED_COMPOSITE: usize = 100;
/// How many characters of a string value a message shows.
const MAX_RENDERED_STRING: usize = 4096;

impl<'a> Walker<'a> {
    pub(crate) fn new(tree: &'a OpTree) -> Self {
        Walker { tree, stack: Vec::with_capacity(8), out: Vec::new() }
    }

    pub(crate) fn walk_root(&mut self, body: &'a Value) {
        self.walk(0, body);
    }

    fn walk(&mut self, id: NodeId, v: &'a Value) {
        let tree = self.tree;
        let node = &tree.nodes[id];
        match (node.ty, v) {
            (Ty::Structure, Value::Object(entries)) => self.structure(id, entries),
            (Ty::List, Value::Array(items)) => self.list(node, v, items),
            (Ty::String, Value::String(s)) => self.string(node, v, s),
            (Ty::Boolean, Value::Bool(_)) => {}
            (Ty::Long | Ty::Integer, Value::Number(n)) => match integer(node.ty, n) {
                Some(i) => self.number(node, v, i),
                None => self.type_error(node, v),
            },
            _ => self.type_error(node, v),
        }
    }

    #[inline(never)]
    fn structure(&mut self, id: NodeId, obj: &'a Map<String, Value>) {
        let tree = self.tree;
        let node = &tree.nodes[id];
        // One pass over the object: each key to its member slot (model order); unknown members
        // (serialization problems) are reported at the structure, before its members.
        let mut slots: [Option<&'a Value>; SLOTS] = [None; SLOTS];
        for (key, v) in obj {
            let k = FastKey::of(key);
            let found = node.child_keys.iter().zip(&node.children).position(|(&ck, &c)| k.matches(key, ck, &tree.nodes[c].name));
            match found {
                Some(j) if j < SLOTS => slots[j] = Some(v),
                Some(_) => {}
                None => {
                    let path = self.path_with(Seg::Member(key.to_string()));
                    let at = if self.stack.is_empty() { String::new() } else { format!(" at '{}'", self.path()) };
                    let shape = node.shape.as_deref().unwrap_or("the request");
                    self.out.push(Diagnostic::new(path, Rule::UnknownMember, format!("Unknown member '{key}' in {shape}{at}")));
                }
            }
        }
        for (j, &c) in node.children.iter().enumerate() {
            let child = &tree.nodes[c];
            self.stack.push(PSeg::Member(&child.name));
            // (A structure with more members than SLOTS falls back to a map lookup.)
            let v = if j < SLOTS { slots[j] } else { obj.get(child.name.as_str()) };
            match v {
                Some(v) if !v.is_null() => self.walk(c, v),
                _ => {
                    if child.required {
                        self.constraint(child, None, Rule::Required, "Member must not be null");
                    }
                }
            }
            self.stack.pop();
        }
    }

    #[inline(never)]
    fn list(&mut self, node: &'a Node, v: &'a Value, items: &'a [Value]) {
        length_violations(node, items.len(), |rule, text| self.constraint(node, Some(v), rule, &text));
        let Some(item) = node.item else { return };
        let item_node = &self.tree.nodes[item];
        for (i, it) in items.iter().enumerate() {
            self.stack.push(PSeg::Index(i));
            if it.is_null() {
                if item_node.required {
                    self.constraint(item_node, None, Rule::Required, "Member must not be null");
                }
            } else {
                self.walk(item, it);
            }
            self.stack.pop();
        }
    }

    fn string(&mut self, node: &'a Node, v: &'a Value, s: &'a str) {
        string_violations(node, s, |rule, text| self.constraint(node, Some(v), rule, &text));
    }

    fn number(&mut self, node: &'a Node, v: &'a Value, i: i64) {
        number_violations(node, i, |rule, text| self.constraint(node, Some(v), rule, &text));
    }

    #[cold]
    #[inline(never)]
    fn type_error(&mut self, node: &Node, v: &Value) {
        let path = self.path();
        let expected = match node.ty {
            Ty::String => "string",
            Ty::Boolean => "boolean",
            Ty::Long => "long (a JSON integer)",
            Ty::Integer => "integer (a 32-bit JSON integer)",
            Ty::List => "list (a JSON array)",
            Ty::Structure => "structure (a JSON object)",
        };
        let found = match v {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_f64() => "decimal number",
            Value::Number(_) if matches!(node.ty, Ty::Long | Ty::Integer) => "integer out of range",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let name = if path.0.is_empty() { "the request body".to_string() } else { format!("member '{path}'") };
        let message = format!("Unexpected value type for {name}: expected {expected}, found {found}");
        self.out.push(Diagnostic::new(path, Rule::Type, message));
    }

    /// A Coral constraint clause: `Value 'X' at 'a.1.member.b' failed to satisfy constraint: ...`.
    #[cold]
    #[inline(never)]
    fn constraint(&mut self, node: &Node, v: Option<&Value>, rule: Rule, text: &str) {
        let path = self.path();
        let coral = path.coral();
        let message = match v {
            None => format!("Value null at '{coral}' failed to satisfy constraint: {text}"),
            Some(_) if node.sensitive => format!("Value at '{coral}' failed to satisfy constraint: {text}"),
            Some(v) => format!("Value '{}' at '{coral}' failed to satisfy constraint: {text}", render(v)),
        };
        self.out.push(Diagnostic::new(path, rule, message));
    }

    fn path(&self) -> MemberPath {
        MemberPath(
            self.stack
                .iter()
                .map(|s| match *s {
                    PSeg::Member(m) => Seg::Member(m.to_string()),
                    PSeg::Index(i) => Seg::Index(i),
                })
                .collect(),
        )
    }

    fn path_with(&self, seg: Seg) -> MemberPath {
        let mut p = self.path();
        p.0.push(seg);
        p
    }
}

/// Every constraint the length of a list breaks, in the walker's order: `f(rule, text)`.
pub(crate) fn length_violations(node: &Node, len: usize, mut f: impl FnMut(Rule, String)) {
    let len = len as i64;
    if let Some(min) = node.min {
        if len < min {
            f(Rule::MinLength, format!("Member must have length greater than or equal to {min}"));
        }
    }
    if let Some(max) = node.max {
        if len > max {
            f(Rule::MaxLength, format!("Member must have length less than or equal to {max}"));
        }
    }
}

/// Every constraint a string member breaks, in the walker's order: `f(rule, text)`. The walker
/// turns each into a diagnostic; the WriteRecords fast path only asks whether there is one.
pub(crate) fn string_violations(node: &Node, s: &str, mut f: impl FnMut(Rule, String)) {
    if node.min.is_some() || node.max.is_some() {
        let bytes = s.len() as i64;
        // chars <= bytes <= 4 * chars: count only when the byte length cannot decide.
        let mut chars: Option<i64> = None;
        let mut count = || *chars.get_or_insert_with(|| s.chars().count() as i64);
        if let Some(min) = node.min {
            if bytes < min || (bytes < 4 * min && count() < min) {
                f(Rule::MinLength, format!("Member must have length greater than or equal to {min}"));
            }
        }
        if let Some(max) = node.max {
            if bytes > max && count() > max {
                f(Rule::MaxLength, format!("Member must have length less than or equal to {max}"));
            }
        }
    }
    for &check in &node.checks {
        match check {
            Check::MinBytes(n) if s.len() < n => f(Rule::MinLength, format!("Member must have length greater than or equal to {n}")),
            Check::MaxBytes(n) if s.len() > n => f(Rule::MaxBytes, format!("Member must have length less than or equal to {n}")),
            Check::MinChars(n) if s.len() < 4 * n && s.chars().count() < n => {
                f(Rule::MinLength, format!("Member must have length greater than or equal to {n}"))
            }
            _ => {}
        }
    }
    if let (Some(matcher), Some(pattern)) = (node.matcher, &node.pattern) {
        if !matcher(s) {
            f(Rule::Pattern, format!("Member must satisfy regular expression pattern: {pattern}"));
        }
    }
    if !node.enum_values.is_empty() && {
        let k = FastKey::of(s);
        !node.enum_keys.iter().zip(&node.enum_values).any(|(&ek, e)| k.matches(s, ek, e))
    } {
        let set = node.enum_values.join(", ");
        f(Rule::Enum, format!("Member must satisfy enum value set: [{set}]"));
    }
    for &check in &node.checks {
        if !check.is_length() {
            overlay::check_string(check, s, |t| f(Rule::Semantic, t));
        }
    }
}

/// The byte lengths at which any string surely meets a node's constraints: `Some((lo, hi))`
/// when the node has only length bounds (no overlay check, pattern or enum) — a string of
/// `lo..=hi` bytes then passes [`string_violations`] whatever its characters (a minimum of N
/// characters is surely met by 4N bytes). None: ask [`string_violations`].
pub(crate) fn sure_byte_lengths(node: &Node) -> Option<(usize, usize)> {
    if !node.checks.is_empty() || node.matcher.is_some() || !node.enum_values.is_empty() {
        return None;
    }
    // A non-empty string has a character: one byte surely meets a minimum of one.
    let lo = node.min.map_or(0, |m| if m <= 1 { usize::try_from(m).unwrap_or(0) } else { usize::try_from(m).unwrap_or(usize::MAX).saturating_mul(4) });
    let hi = node.max.map_or(usize::MAX, |m| usize::try_from(m).unwrap_or(0));
    Some((lo, hi))
}

/// The integers that meet a node's constraints: exactly the `lo..=hi` of [`number_violations`]
/// (its bounds and its MinValue checks), so a value inside needs no call.
#[cfg(any(feature = "fast-path", test))]
pub(crate) fn number_range(node: &Node) -> (i64, i64) {
    let lo = node.checks.iter().fold(node.min.unwrap_or(i64::MIN), |lo, c| match c {
        Check::MinValue(m) => lo.max(*m),
        _ => lo,
    });
    (lo, node.max.unwrap_or(i64::MAX))
}

/// Every constraint an integer member breaks, in the walker's order: `f(rule, text)`.
pub(crate) fn number_violations(node: &Node, i: i64, mut f: impl FnMut(Rule, String)) {
    if let Some(min) = node.min {
        if i < min {
            f(Rule::MinValue, format!("Member must have value greater than or equal to {min}"));
        }
    }
    if let Some(max) = node.max {
        if i > max {
            f(Rule::MaxValue, format!("Member must have value less than or equal to {max}"));
        }
    }
    for &check in &node.checks {
        if let Check::MinValue(min) = check {
            if i < min {
                f(Rule::MinValue, format!("Member must have value greater than or equal to {min}"));
            }
        }
    }
}

/// The integer value of a long/integer member, if the number is one in range.
fn integer(ty: Ty, n: &Number) -> Option<i64> {
    let i = n.as_i64()?;
    if ty == Ty::Integer && i32::try_from(i).is_err() {
        return None;
    }
    Some(i)
}

/// The `X` of `Value 'X'`: strings as they are (very long ones cut), numbers and booleans as
/// written, lists and structures as compact JSON cut at 100 characters.
pub fn render(v: &Value) -> String {
    match v {
        Value::String(s) => truncate(s, MAX_RENDERED_STRING),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        _ => {
            let mut out = String::new();
            let complete = compact(v, &mut out, MAX_RENDERED_COMPOSITE);
            if !complete || out.chars().count() > MAX_RENDERED_COMPOSITE {
                let mut cut = truncate(&out, MAX_RENDERED_COMPOSITE);
                if !cut.ends_with("...") {
                    cut.push_str("...");
                }
                cut
            } else {
                out
            }
        }
    }
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        None => s.to_string(),
        Some((i, _)) => format!("{}...", &s[..i]),
    }
}

/// Writes compact JSON into `out` until it holds more than `budget` bytes; false if cut short.
/// Bounded work and depth whatever the size of the value.
fn compact(v: &Value, out: &mut String, budget: usize) -> bool {
    if out.len() > budget {
        return false;
    }
    match v {
        Value::Array(items) => {
            out.push('[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !compact(it, out, budget) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Object(entries) => {
            out.push('{');
            for (i, (k, it)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&crate::json_text(k));
                out.push(':');
                if !compact(it, out, budget) {
                    return false;
                }
            }
            out.push('}');
        }
        Value::String(s) => {
            let cut = truncate(s, budget);
            out.push_str(&crate::json_text(&cut));
        }
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
    true
}
