//! The model table: every input constraint of the service model, held as data.
//!
//! `engine/model/constraints.json` is a trimmed, compact copy of `model-constraints.json` (the
//! spec's extraction of botocore 1.44.5): per operation, every input member path with type,
//! required, min, max, pattern and enum (plus the structure shape name for messages and the
//! `sensitive` flag, which Coral uses to hide values). It is generated from
//! `engine/model/model-constraints.json` by the test `trimmed_model_matches_spec`
//! (`TS_REGEN_MODEL=1 cargo test -p timestream-engine trimmed_model_matches_spec` rewrites it).
//!
//! At first use the table is parsed once into one indexed tree per operation (`OnceLock`),
//! and the overlay (`overlay.rs`) is attached to its nodes.

use std::sync::OnceLock;

use serde_json::Value;

use super::overlay::{Check, OVERLAY};
use super::patterns::{self, Matcher};
use crate::fastkey::FastKey;
use crate::Operation;

/// The trimmed model, embedded.
pub const TRIMMED_MODEL: &str = include_str!("../../model/constraints.json");

/// The model type of a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    String,
    Boolean,
    Long,
    Integer,
    List,
    Structure,
}

impl Ty {
    pub fn parse(s: &str) -> Option<Ty> {
        Some(match s {
            "string" => Ty::String,
            "boolean" => Ty::Boolean,
            "long" => Ty::Long,
            "integer" => Ty::Integer,
            "list" => Ty::List,
            "structure" => Ty::Structure,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Boolean => "boolean",
            Ty::Long => "long",
            Ty::Integer => "integer",
            Ty::List => "list",
            Ty::Structure => "structure",
        }
    }
}

pub type NodeId = usize;

/// One member of an operation's input (or the input itself, or a list's item).
#[derive(Debug, Clone)]
pub struct Node {
    /// Member name; empty for the root and for list items.
    pub name: String,
    /// Shape name of structures (`Record`), for messages.
    pub shape: Option<String>,
    pub ty: Ty,
    pub required: bool,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub pattern: Option<String>,
    pub matcher: Option<Matcher>,
    pub enum_values: Vec<String>,
    /// `FastKey`s of `enum_values`.
    pub enum_keys: Vec<FastKey>,
    pub sensitive: bool,
    /// Members of a structure, in model order.
    pub children: Vec<NodeId>,
    /// `FastKey`s of the members' names, parallel to `children`.
    pub child_keys: Vec<FastKey>,
    /// Item of a list.
    pub item: Option<NodeId>,
    /// Overlay checks, in overlay order.
    pub checks: Vec<Check>,
}

impl Node {
    fn placeholder(name: &str, ty: Ty) -> Node {
        Node {
            name: name.to_string(),
            shape: None,
            ty,
            required: false,
            min: None,
            max: None,
            pattern: None,
            matcher: None,
            enum_values: Vec::new(),
            enum_keys: Vec::new(),
            sensitive: false,
            children: Vec::new(),
            child_keys: Vec::new(),
            item: None,
            checks: Vec::new(),
        }
    }
}

/// The input tree of one operation; `nodes[0]` is the input structure.
#[derive(Debug, Clone)]
pub struct OpTree {
    pub op: Operation,
    pub nodes: Vec<Node>,
}

impl OpTree {
    pub fn root(&self) -> &Node {
        &self.nodes[0]
    }

    pub fn child(&self, id: NodeId, name: &str) -> Option<NodeId> {
        self.nodes.get(id)?.children.iter().copied().find(|&c| self.nodes[c].name == name)
    }

    /// The node of a member path relative to the operation (`Records[].Dimensions[].Name`), or
    /// `""` for the input itself.
    pub fn find(&self, path: &str) -> Option<NodeId> {
        let mut id = 0;
        if path.is_empty() {
            return Some(id);
        }
        for part in path.split('.') {
            let (name, lists) = split_part(part);
            id = self.child(id, name)?;
            for _ in 0..lists {
                id = self.nodes[id].item?;
            }
        }
        Some(id)
    }

    pub fn node(&self, path: &str) -> Option<&Node> {
        self.find(path).map(|id| &self.nodes[id])
    }

    fn find_or_create(&mut self, path: &str) -> NodeId {
        let mut id = 0;
        for part in path.split('.') {
            let (name, lists) = split_part(part);
            id = match self.child(id, name) {
                Some(c) => c,
                None => {
                    let ty = if lists > 0 { Ty::List } else { Ty::Structure };
                    self.nodes.push(Node::placeholder(name, ty));
                    let c = self.nodes.len() - 1;
                    self.nodes[id].children.push(c);
                    self.nodes[id].child_keys.push(FastKey::of(name));
                    c
                }
            };
            for _ in 0..lists {
                id = match self.nodes[id].item {
                    Some(i) => i,
                    None => {
                        self.nodes.push(Node::placeholder("", Ty::Structure));
                        let i = self.nodes.len() - 1;
                        self.nodes[id].item = Some(i);
                        i
                    }
                };
            }
        }
        id
    }
}

/// `Records[]` → (`Records`, 1).
fn split_part(part: &str) -> (&str, usize) {
    let mut name = part;
    let mut lists = 0;
    while let Some(n) = name.strip_suffix("[]") {
        name = n;
        lists += 1;
    }
    (name, lists)
}

/// The whole table: one tree per operation, and any problem found while building it (a test
/// checks there is none; at run time a problem only weakens validation, it never panics).
#[derive(Debug)]
pub struct Model {
    pub trees: Vec<OpTree>,
    #[cfg_attr(not(test), allow(dead_code))] // read by the test of the table
    pub problems: Vec<String>,
}

static MODEL: OnceLock<Model> = OnceLock::new();

pub fn model() -> &'static Model {
    MODEL.get_or_init(|| build(TRIMMED_MODEL))
}

/// The input tree of an operation.
pub fn tree(op: Operation) -> &'static OpTree {
    let m = model();
    &m.trees[op as usize]
}

/// Builds the trees from the trimmed model text and attaches the overlay.
pub fn build(text: &str) -> Model {
    let mut problems = Vec::new();
    let doc: Value = serde_json::from_slice(text.as_bytes()).unwrap_or_else(|e| {
        problems.push(format!("model does not parse: {e}"));
        Value::Null
    });
    let mut trees = Vec::with_capacity(Operation::ALL.len());
    for &op in Operation::ALL {
        let mut root = Node::placeholder("", Ty::Structure);
        let spec = &doc["operations"][op.name()];
        if spec.is_null() {
            problems.push(format!("model has no operation {op}"));
        }
        root.shape = spec["input_shape"].as_str().map(str::to_string);
        let mut tree = OpTree { op, nodes: vec![root] };
        for entry in spec["input"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            let full = entry["path"].as_str().unwrap_or("");
            let Some(path) = full.strip_prefix(op.name()).and_then(|p| p.strip_prefix('.')) else {
                problems.push(format!("{op}: bad path {full:?}"));
                continue;
            };
            let Some(ty) = entry["type"].as_str().and_then(Ty::parse) else {
                problems.push(format!("{full}: unknown type {}", crate::json_text(&entry["type"])));
                continue;
            };
            let id = tree.find_or_create(path);
            let n = &mut tree.nodes[id];
            n.ty = ty;
            n.required = entry["required"].as_bool().unwrap_or(false);
            n.min = entry["min"].as_i64();
            n.max = entry["max"].as_i64();
            n.shape = entry["shape"].as_str().map(str::to_string);
            n.sensitive = entry["sensitive"].as_bool().unwrap_or(false);
            if let Some(p) = entry["pattern"].as_str() {
                n.pattern = Some(p.to_string());
                n.matcher = patterns::matcher(p);
                if n.matcher.is_none() {
                    problems.push(format!("{full}: no matcher for pattern {p}"));
                }
            }
            if let Some(values) = entry["enum"].as_array() {
                n.enum_values = values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
                n.enum_keys = n.enum_values.iter().map(|v| FastKey::of(v)).collect();
            }
        }
        for rule in OVERLAY {
            for full in rule.paths {
                let Some(path) = full.strip_prefix(op.name()).and_then(|p| p.strip_prefix('.')) else { continue };
                match tree.find(path) {
                    Some(id) => tree.nodes[id].checks.push(rule.check),
                    None => problems.push(format!("overlay rule {}: no member {full}", rule.id)),
                }
            }
        }
        trees.push(tree);
    }
    Model { trees, problems }
}
