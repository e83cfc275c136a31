//! Copy as code, then paste: for every operation and each language of "Copy as code", random
//! requests built from the model table (random members in random order, strings with quotes,
//! backslashes, control characters and unicode, integers, floats, booleans, nested lists,
//! sometimes a value of the wrong type or a member name no language takes as a bare word) go
//! through the generator and back through the recogniser: the same operation, the same JSON
//! text (so the same value and the same member order), and a note without a problem.
#![cfg(feature = "code")]

use timestream_engine::code::{generate, Json, Language};
use timestream_engine::recognise::recognise;
use timestream_engine::testing::{tree, Ids, NodeId, OpTree, Ty};
use timestream_engine::Operation;

const PIECES: &[&str] = &[
    "a",
    "db",
    "it's",
    "\"",
    "'",
    "\\",
    "\\n",
    "\n",
    "\t",
    "\r",
    "\u{1}",
    "\u{7f}",
    "é",
    "😀",
    "\u{2028}",
    "$HOME",
    "${x}",
    "`",
    "#",
    "//",
    "/*",
    "*/",
    " ",
    ",",
    "=",
    "{",
    "}",
    "[",
    "]",
    "Key=a,Value=b",
    "file://x",
    "True",
    "None",
    "'''",
    "\"\"\"",
    "\\u0041",
    "\\x41",
    "%s",
];
const ODD_KEYS: &[&str] = &["class", "odd-key", "$x", "é", "with space", "None", "_private"];

struct Gen {
    rng: Ids,
}

impl Gen {
    fn below(&mut self, n: u64) -> u64 {
        self.rng.next_u64() % n
    }

    fn string(&mut self) -> String {
        (0..self.below(5)).map(|_| PIECES[self.below(PIECES.len() as u64) as usize]).collect()
    }

    fn number(&mut self) -> Json {
        let n = match self.below(6) {
            0 => serde_json::Number::from(self.below(100)),
            1 => serde_json::Number::from(-(self.below(1 << 40) as i64)),
            2 => serde_json::Number::from(self.rng.next_u64()),
            3 => serde_json::Number::from(self.rng.next_u64() as i64),
            4 => serde_json::Number::from_f64(self.below(10_000) as f64 / 8.0 - 600.0).unwrap(),
            _ => serde_json::Number::from_f64(f64::from_bits(self.rng.next_u64()) % 1e300).unwrap_or(0.into()),
        };
        Json::Number(n)
    }

    /// Any value, whatever the model says.
    fn anything(&mut self, depth: u32) -> Json {
        match self.below(if depth > 2 { 4 } else { 6 }) {
            0 => Json::Null,
            1 => Json::Bool(self.below(2) == 0),
            2 => self.number(),
            3 => Json::String(self.string()),
            4 => Json::Array((0..self.below(3)).map(|_| self.anything(depth + 1)).collect()),
            _ => {
                // Distinct names: a repeated member is one member in every language.
                let mut members: Vec<(String, Json)> = Vec::new();
                for _ in 0..self.below(3) {
                    let (k, v) = (self.string(), self.anything(depth + 1));
                    if !members.iter().any(|(m, _)| *m == k) {
                        members.push((k, v));
                    }
                }
                Json::Object(members)
            }
        }
    }

    /// A value of node `id` (one in twelve of any type).
    fn value(&mut self, t: &OpTree, id: NodeId, depth: u32) -> Json {
        if self.below(12) == 0 {
            return self.anything(depth);
        }
        let node = &t.nodes[id];
        match node.ty {
            Ty::String => Json::String(self.string()),
            Ty::Boolean => Json::Bool(self.below(2) == 0),
            Ty::Integer | Ty::Long => self.number(),
            Ty::List => {
                let item = node.item.expect("a list has an item");
                Json::Array((0..self.below(4)).map(|_| self.value(t, item, depth + 1)).collect())
            }
            Ty::Structure => self.members(t, id, depth),
        }
    }

    /// Some members of structure `id`, in a random order.
    fn members(&mut self, t: &OpTree, id: NodeId, depth: u32) -> Json {
        let mut children = t.nodes[id].children.clone();
        for i in (1..children.len()).rev() {
            children.swap(i, self.below(i as u64 + 1) as usize);
        }
        children.truncate(self.below(children.len() as u64 + 1) as usize);
        let mut members: Vec<(String, Json)> = children.iter().map(|&c| (t.nodes[c].name.clone(), self.value(t, c, depth + 1))).collect();
        if depth == 0 && self.below(8) == 0 {
            members.push((ODD_KEYS[self.below(ODD_KEYS.len() as u64) as usize].to_string(), self.anything(1)));
        }
        Json::Object(members)
    }
}

#[test]
fn generated_code_pastes_back_to_the_same_operation_and_request() {
    let mut g = Gen { rng: Ids::seeded(0x15_02) };
    let mut checked = 0;
    for round in 0..60 {
        for &op in Operation::ALL {
            let t = tree(op);
            let request = g.members(t, 0, 0).pretty();
            // Paste while another operation is selected: the code names its own.
            let current = Operation::ALL[(round + op as usize + 1) % Operation::ALL.len()];
            for lang in Language::ALL {
                let code = generate(lang, op, &request).unwrap();
                let r = recognise(&code, current).unwrap_or_else(|| panic!("{lang:?} {op}: not recognised:\n{code}"));
                let note = r.note.as_ref().map(|n| n.message.as_str()).unwrap_or("no note");
                assert_eq!(r.operation, op, "{lang:?}: {note}\n{code}");
                assert_eq!(r.body, request, "{lang:?} {op}: {note}\n{code}");
                assert!(r.note.as_ref().is_some_and(|n| n.problem.is_none() && n.message.starts_with("Converted from ")), "{note}");
                checked += 1;
            }
            // The JavaScript object alone, read as a bare literal (Python and JavaScript at once):
            // the same body, whichever operation it fits.
            let js = generate(Language::JsSdk, op, &request).unwrap();
            let object = js.split_once("Command(").and_then(|(_, rest)| rest.rsplit_once("));")).unwrap().0;
            match recognise(object, current) {
                Some(r) => assert_eq!(r.body, request, "{object}"),
                None => assert_eq!(request, "{}", "an empty object is JSON without a note"),
            }
        }
    }
    assert_eq!(checked, 60 * 19 * 3);
}

#[test]
fn the_generators_output_is_what_the_app_showed_before_the_move() {
    // src/codegen.rs's own expectations, kept byte for byte.
    let write = r#"{"DatabaseName": "db", "TableName": "t", "Records": [{"MeasureName": "cpu", "MeasureValue": "1.5", "Version": 2}]}"#;
    assert_eq!(
        generate(Language::Boto3, Operation::WriteRecords, write).unwrap(),
        "import boto3\n\nclient = boto3.client(\"timestream-write\")\nresponse = client.write_records(\n    \
         DatabaseName=\"db\",\n    TableName=\"t\",\n    Records=[\n        {\n            \"MeasureName\": \"cpu\",\n            \
         \"MeasureValue\": \"1.5\",\n            \"Version\": 2,\n        },\n    ],\n)\nprint(response)\n"
    );
    assert_eq!(
        generate(Language::AwsCli, Operation::CreateDatabase, r#"{"DatabaseName": "it's"}"#).unwrap(),
        "aws timestream-write create-database --cli-input-json '{\n  \"DatabaseName\": \"it'\\''s\"\n}'\n"
    );
}

#[test]
fn broken_code_never_panics_and_its_problem_points_into_the_text() {
    let mut g = Gen { rng: Ids::seeded(0x15_03) };
    const NOISE: &[&str] = &[
        "'", "\"", "\\", "(", ")", "{", "}", "[", "]", ",", ":", "=", "**", "...", "#", "//", "/*", "\n", "$x", "`", "${", "0x", "1e", "-", "True", "--",
        "file://", "é", "\\u{", "\\ud800",
    ];
    for round in 0..400 {
        let op = Operation::ALL[round % Operation::ALL.len()];
        let request = g.members(tree(op), 0, 0).pretty();
        let code = generate(Language::ALL[round % 3], op, &request).unwrap();
        let mut chars: Vec<char> = code.chars().collect();
        for _ in 0..1 + g.below(4) {
            let at = g.below(chars.len() as u64 + 1) as usize;
            match g.below(3) {
                0 => chars.truncate(at),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ => chars.splice(at..at, NOISE[g.below(NOISE.len() as u64) as usize].chars()).for_each(drop),
            }
        }
        let text: String = chars.into_iter().collect();
        if let Some(p) = recognise(&text, op).and_then(|r| r.note).and_then(|n| n.problem) {
            let lines: Vec<&str> = text.split('\n').collect();
            assert!(p.line <= lines.len() && p.column <= lines[p.line - 1].chars().count() + 1, "{p:?} outside of\n{text}");
        }
    }
}
