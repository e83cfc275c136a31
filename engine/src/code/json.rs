//! JSON with its objects' members in document order (serde_json's `Value` sorts them).

use serde_json::{Number, Value};

use super::literal::{line_col, Dialect, Reader};

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The text as JSON, members in order (numbers exactly as written, which serde_json's
    /// default float parsing is not); where and why when it is not JSON.
    pub fn parse(text: &str) -> Result<Json, String> {
        let mut r = Reader::new(text, 0, Dialect::JSON);
        let value = r.value().and_then(|v| {
            r.skip_space();
            if r.pos < text.len() {
                return r.error(r.pos, format!("expected the end of the text, found {}", r.found()));
            }
            Ok(v)
        });
        value.map_err(|e| {
            let (line, column) = line_col(text, e.at);
            format!("{} at line {line} column {column}", e.message)
        })
    }

    /// As a serde_json value (members sorted; a repeated member keeps its last value).
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(members) => Value::Object(members.iter().map(|(k, v)| (k.clone(), v.to_value())).collect()),
        }
    }

    /// Pretty JSON as serde_json writes it (two spaces), members in order.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        super::gen::json_literal(&mut out, self);
        out
    }

    /// The member `name` of an object.
    pub fn get(&self, name: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }
}
