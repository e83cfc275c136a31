//! The editor's request as code for boto3 (Python), the AWS CLI v2 and the AWS SDK for
//! JavaScript v3 ("Copy as code" in the playground). Members keep the order they have in the
//! editor. `crate::recognise` reads each of these back (tests/paste_roundtrip.rs checks it).

use std::fmt::Write as _;

use super::{split_words, Json};
use crate::Operation;

/// Where the code runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Boto3,
    AwsCli,
    JsSdk,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Boto3, Language::AwsCli, Language::JsSdk];
    pub fn label(self) -> &'static str {
        match self {
            Language::Boto3 => "Python (boto3)",
            Language::AwsCli => "AWS CLI",
            Language::JsSdk => "JavaScript (SDK v3)",
        }
    }
}

/// The request text as code in `lang`; an error if it is not a JSON object.
pub fn generate(lang: Language, op: Operation, request: &str) -> Result<String, String> {
    let json = Json::parse(request).map_err(|e| format!("The request is not valid JSON ({e})."))?;
    let Json::Object(members) = json else { return Err("The request must be a JSON object.".into()) };
    Ok(match lang {
        Language::Boto3 => boto3(op, &members),
        Language::AwsCli => aws_cli(op, &members),
        Language::JsSdk => js_sdk(op, &members),
    })
}

fn indent(out: &mut String, level: usize, width: usize) {
    out.extend(std::iter::repeat_n(' ', level * width));
}

/// A JSON string literal: valid in JavaScript too.
fn json_string(s: &str) -> String {
    crate::json_text(s)
}

/// A Python string literal in double quotes.
fn python_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Clone, Copy)]
enum Syntax {
    Python,
    Js,
    Json,
}

/// A value as a literal, nested levels indented by `width` spaces from `level`.
fn literal(out: &mut String, v: &Json, syntax: Syntax, level: usize, width: usize) {
    match v {
        Json::Null => out.push_str(if matches!(syntax, Syntax::Python) { "None" } else { "null" }),
        Json::Bool(b) => out.push_str(match (syntax, b) {
            (Syntax::Python, true) => "True",
            (Syntax::Python, false) => "False",
            (_, true) => "true",
            (_, false) => "false",
        }),
        Json::Number(n) => out.push_str(&n.to_string()),
        Json::String(s) => out.push_str(&if matches!(syntax, Syntax::Python) { python_string(s) } else { json_string(s) }),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(members) if members.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, level + 1, width);
                literal(out, item, syntax, level + 1, width);
            }
            trailing(out, syntax);
            indent(out, level, width);
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, level + 1, width);
                out.push_str(&match syntax {
                    Syntax::Python => python_string(key),
                    Syntax::Js if is_identifier(key) => key.clone(),
                    _ => json_string(key),
                });
                out.push_str(": ");
                literal(out, value, syntax, level + 1, width);
            }
            trailing(out, syntax);
            indent(out, level, width);
            out.push('}');
        }
    }
}

/// Pretty JSON, two spaces, as serde_json writes it (the recogniser's output).
pub(crate) fn json_literal(out: &mut String, v: &Json) {
    literal(out, v, Syntax::Json, 0, 2);
}

/// Python and JavaScript take a trailing comma after the last item (diff-friendly); JSON not.
fn trailing(out: &mut String, syntax: Syntax) {
    out.push_str(if matches!(syntax, Syntax::Json) { "\n" } else { ",\n" });
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A Python keyword argument name (boto3 passes members as keyword arguments).
fn is_python_kwarg(key: &str) -> bool {
    const KEYWORDS: [&str; 35] = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally",
        "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];
    is_identifier(key) && !key.contains('$') && !KEYWORDS.contains(&key)
}

fn boto3(op: Operation, members: &[(String, Json)]) -> String {
    let mut out = format!("import boto3\n\nclient = boto3.client(\"timestream-write\")\nresponse = client.{}(", split_words(op.name(), '_'));
    if members.iter().all(|(k, _)| is_python_kwarg(k)) {
        for (key, value) in members {
            out += "\n    ";
            out += key;
            out.push('=');
            literal(&mut out, value, Syntax::Python, 1, 4);
            out.push(',');
        }
        if !members.is_empty() {
            out.push('\n');
        }
    } else {
        // A member name Python cannot take as a keyword: pass the whole request as a dict.
        out += "**";
        literal(&mut out, &Json::Object(members.to_vec()), Syntax::Python, 0, 4);
    }
    out += ")\nprint(response)\n";
    out
}

/// POSIX shell single quotes: `'` becomes `'\''`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn aws_cli(op: Operation, members: &[(String, Json)]) -> String {
    let mut out = format!("aws timestream-write {}", split_words(op.name(), '-'));
    if !members.is_empty() {
        let mut json = String::new();
        literal(&mut json, &Json::Object(members.to_vec()), Syntax::Json, 0, 2);
        out += " --cli-input-json ";
        out += &shell_quote(&json);
    }
    out.push('\n');
    out
}

fn js_sdk(op: Operation, members: &[(String, Json)]) -> String {
    let command = format!("{}Command", op.name());
    let mut out = format!(
        "import {{ TimestreamWriteClient, {command} }} from \"@aws-sdk/client-timestream-write\";\n\n\
         const client = new TimestreamWriteClient({{}});\nconst response = await client.send(new {command}("
    );
    literal(&mut out, &Json::Object(members.to_vec()), Syntax::Js, 0, 2);
    out += "));\nconsole.log(response);\n";
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRITE: &str = r#"{"DatabaseName": "db", "TableName": "t", "Records": [{"MeasureName": "cpu", "MeasureValue": "1.5", "Version": 2}]}"#;

    #[test]
    fn boto3_passes_members_as_keyword_arguments_in_editor_order() {
        let code = generate(Language::Boto3, Operation::WriteRecords, WRITE).unwrap();
        assert_eq!(
            code,
            "import boto3\n\nclient = boto3.client(\"timestream-write\")\nresponse = client.write_records(\n    \
             DatabaseName=\"db\",\n    TableName=\"t\",\n    Records=[\n        {\n            \"MeasureName\": \"cpu\",\n            \
             \"MeasureValue\": \"1.5\",\n            \"Version\": 2,\n        },\n    ],\n)\nprint(response)\n"
        );
        let empty = generate(Language::Boto3, Operation::DescribeEndpoints, "{}").unwrap();
        assert!(empty.contains("response = client.describe_endpoints()\n"), "{empty}");
    }

    #[test]
    fn python_literals_use_true_false_none_and_escape_strings() {
        let code = generate(
            Language::Boto3,
            Operation::CreateDatabase,
            r#"{"A": true, "B": false, "C": null, "D": "q\"uo\\te\n\u0001é", "E": [], "F": {}, "G": -1.5e3}"#,
        )
        .unwrap();
        assert!(code.contains("A=True,\n    B=False,\n    C=None,\n"), "{code}");
        assert!(code.contains(r#"D="q\"uo\\te\n\x01é","#), "{code}");
        assert!(code.contains("E=[],\n    F={},\n    G=-1500.0,"), "{code}");
        // A member name that is no Python identifier: the request goes in as a dict.
        let odd = generate(Language::Boto3, Operation::CreateDatabase, r#"{"class": 1, "Name": "x"}"#).unwrap();
        assert!(odd.contains("client.create_database(**{\n    \"class\": 1,\n    \"Name\": \"x\",\n})"), "{odd}");
    }

    #[test]
    fn aws_cli_uses_cli_input_json_with_shell_quoting() {
        let code = generate(Language::AwsCli, Operation::CreateDatabase, r#"{"DatabaseName": "it's"}"#).unwrap();
        assert_eq!(code, "aws timestream-write create-database --cli-input-json '{\n  \"DatabaseName\": \"it'\\''s\"\n}'\n");
        assert_eq!(generate(Language::AwsCli, Operation::ListDatabases, " {} ").unwrap(), "aws timestream-write list-databases\n");
        // The quoted JSON is the request: strip the shell quoting and it parses back.
        let code = generate(Language::AwsCli, Operation::WriteRecords, WRITE).unwrap();
        let json = code.split_once(" --cli-input-json '").unwrap().1.trim_end().trim_end_matches('\'');
        let back: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(WRITE).unwrap());
    }

    #[test]
    fn js_sdk_imports_the_command_and_sends_an_object_literal() {
        let code = generate(Language::JsSdk, Operation::CreateTable, r#"{"DatabaseName": "db", "odd-key": null, "Tags": [{"Key": "k"}]}"#).unwrap();
        assert_eq!(
            code,
            "import { TimestreamWriteClient, CreateTableCommand } from \"@aws-sdk/client-timestream-write\";\n\n\
             const client = new TimestreamWriteClient({});\nconst response = await client.send(new CreateTableCommand({\n  \
             DatabaseName: \"db\",\n  \"odd-key\": null,\n  Tags: [\n    {\n      Key: \"k\",\n    },\n  ],\n}));\nconsole.log(response);\n"
        );
    }

    #[test]
    fn a_request_that_is_not_a_json_object_is_an_error() {
        assert!(generate(Language::Boto3, Operation::ListDatabases, "{").unwrap_err().contains("not valid JSON"));
        assert!(generate(Language::JsSdk, Operation::ListDatabases, "[1]").unwrap_err().contains("JSON object"));
    }
}
