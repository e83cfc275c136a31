//! The AWS CLI's shorthand syntax for structures and lists: `Key=a,Value=b`,
//! `MemoryStoreRetentionPeriodInHours=24,MagneticStoreRetentionPeriodInDays=7`,
//! `S3Configuration={BucketName=b,EncryptionOption=SSE_S3}`, `Dimensions=[{Name=h,Value=a}]`,
//! `TagKeys=a,b`. Values are text; the model says which are numbers and booleans, as the CLI
//! does. Quoted values (`'a,b'`, `"a=b"`) keep their commas and equals signs.

use crate::code::literal::{insert, SyntaxError};
use crate::code::Json;
use crate::validate::model::{NodeId, OpTree, Ty};

struct Shorthand<'a> {
    s: &'a str,
    pos: usize,
    tree: &'a OpTree,
}

/// The shorthand `s` as a value of node `id`: a structure, or a list (of structures or scalars).
pub fn parse(s: &str, tree: &OpTree, id: NodeId) -> Result<Json, SyntaxError> {
    let mut p = Shorthand { s, pos: 0, tree };
    let v = match tree.nodes[id].ty {
        Ty::Structure => p.structure(id, None)?,
        _ => p.value(id, None)?,
    };
    if p.pos < s.len() {
        return p.error(format!("unexpected `{}`", &s[p.pos..].chars().next().unwrap_or(' ')));
    }
    Ok(v)
}

/// `Value` as the model type of node `id` (a CLI scalar: text, number or boolean).
pub fn scalar(text: &str, tree: &OpTree, id: NodeId) -> Result<Json, String> {
    let node = &tree.nodes[id];
    match node.ty {
        Ty::String => Ok(Json::String(text.to_string())),
        Ty::Integer | Ty::Long => text.trim().parse::<i64>().map(|n| Json::Number(n.into())).map_err(|_| format!("`{text}` is not an integer")),
        Ty::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(Json::Bool(true)),
            "false" => Ok(Json::Bool(false)),
            _ => Err(format!("`{text}` is not a boolean (true or false)")),
        },
        Ty::List | Ty::Structure => Err(format!("expected {} for {}, found `{text}`", if node.ty == Ty::List { "[…]" } else { "{…}" }, member(tree, id))),
    }
}

/// `Records` or `Record` (the shape) for messages.
fn member(tree: &OpTree, id: NodeId) -> String {
    let n = &tree.nodes[id];
    if n.name.is_empty() {
        n.shape.clone().unwrap_or_else(|| "the item".into())
    } else {
        n.name.clone()
    }
}

impl Shorthand<'_> {
    fn error<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError { at: self.pos, message: message.into() })
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// `Key=value,Key=value` up to `close` (or the end).
    fn structure(&mut self, id: NodeId, close: Option<u8>) -> Result<Json, SyntaxError> {
        let mut members = Vec::new();
        loop {
            self.skip_blanks();
            if close.is_some() && self.peek() == close {
                break;
            }
            let at = self.pos;
            let key_len = self.s[at..].find(|c: char| !(c.is_ascii_alphanumeric() || "-_.#/:".contains(c))).unwrap_or(self.s.len() - at);
            let key = &self.s[at..at + key_len];
            self.pos += key_len;
            self.skip_blanks();
            if key.is_empty() || self.peek() != Some(b'=') {
                self.pos = at;
                return self.error(format!("expected Name=value for a member of {}", member(self.tree, id)));
            }
            self.pos += 1;
            let Some(child) = self.tree.child(id, key) else {
                self.pos = at;
                let names: Vec<&str> = self.tree.nodes[id].children.iter().map(|&c| self.tree.nodes[c].name.as_str()).collect();
                return self.error(format!("{} has no member `{key}` (its members: {})", member(self.tree, id), names.join(", ")));
            };
            let value = self.value(child, close)?;
            insert(&mut members, key.to_string(), value);
            self.skip_blanks();
            match self.peek() {
                Some(b',') => self.pos += 1,
                c if c == close => break,
                _ => return self.error(format!("expected `,` between members, found `{}`", &self.s[self.pos..].chars().next().unwrap_or(' '))),
            }
        }
        if close.is_some() {
            self.pos += 1;
        }
        Ok(Json::Object(members))
    }

    /// The value of a member of type node `id`.
    fn value(&mut self, id: NodeId, close: Option<u8>) -> Result<Json, SyntaxError> {
        self.skip_blanks();
        let node = &self.tree.nodes[id];
        match (self.peek(), node.ty, node.item) {
            (Some(b'{'), Ty::Structure, _) => {
                self.pos += 1;
                self.structure(id, Some(b'}'))
            }
            (Some(b'['), Ty::List, Some(item)) => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_blanks();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        return Ok(Json::Array(items));
                    }
                    items.push(self.item(item, Some(b']'))?);
                    self.skip_blanks();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {}
                        _ => return self.error("expected `,` or `]` in the list"),
                    }
                }
            }
            // A bare list of scalars: `a,b,c`, until a `Name=` starts the next member.
            (_, Ty::List, Some(item)) => {
                let mut items = vec![self.item(item, close)?];
                while self.peek() == Some(b',') && !self.next_is_member() {
                    self.pos += 1;
                    items.push(self.item(item, close)?);
                }
                Ok(Json::Array(items))
            }
            _ => self.item(id, close),
        }
    }

    /// One value of node `id` inside a list or as a member.
    fn item(&mut self, id: NodeId, close: Option<u8>) -> Result<Json, SyntaxError> {
        self.skip_blanks();
        let ty = self.tree.nodes[id].ty;
        if matches!(ty, Ty::Structure | Ty::List) && matches!(self.peek(), Some(b'{' | b'[')) {
            return self.value(id, close);
        }
        let at = self.pos;
        let text = self.text(close)?;
        scalar(&text, self.tree, id).map_err(|message| SyntaxError { at, message })
    }

    /// A scalar: quoted, or up to `,`, the closing bracket or the end (blanks around trimmed).
    fn text(&mut self, close: Option<u8>) -> Result<String, SyntaxError> {
        if let Some(q @ (b'\'' | b'"')) = self.peek() {
            let start = self.pos;
            self.pos += 1;
            let mut out = String::new();
            loop {
                let Some(c) = self.s[self.pos..].chars().next() else {
                    self.pos = start;
                    return self.error("a quote that is never closed");
                };
                self.pos += c.len_utf8();
                match c {
                    '\\' if self.s[self.pos..].starts_with(q as char) || self.s[self.pos..].starts_with('\\') => {
                        out.push(self.s.as_bytes()[self.pos] as char);
                        self.pos += 1;
                    }
                    c if c == q as char => break,
                    c => out.push(c),
                }
            }
            self.skip_blanks();
            return Ok(out);
        }
        let end = self.s[self.pos..].find(|c: char| c == ',' || close.is_some_and(|cl| c == cl as char)).map_or(self.s.len(), |i| self.pos + i);
        let text = self.s[self.pos..end].trim().to_string();
        self.pos = end;
        Ok(text)
    }

    /// After a `,`: whether `Name=` follows (the next member, not another list item).
    fn next_is_member(&self) -> bool {
        let rest = self.s[self.pos + 1..].trim_start();
        let key = rest.find(|c: char| !(c.is_ascii_alphanumeric() || "-_.#/:".contains(c))).unwrap_or(rest.len());
        key > 0 && rest[key..].trim_start().starts_with('=')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::model::build;
    use crate::Operation;

    #[test]
    fn a_bare_list_ends_where_the_next_member_starts() {
        // No structure of the real model has a list of scalars: a small model that does.
        let model = build(
            r#"{"operations": {"TagResource": {"input": [
                {"path": "TagResource.Filter", "type": "structure"},
                {"path": "TagResource.Filter.Keys", "type": "list"},
                {"path": "TagResource.Filter.Keys[]", "type": "string"},
                {"path": "TagResource.Filter.Limit", "type": "integer"}]}}}"#,
        );
        let t = &model.trees[Operation::TagResource as usize];
        let id = t.find("Filter").unwrap();
        let v = parse("Keys=a, b,Limit=3", t, id).unwrap().to_value();
        assert_eq!(v, serde_json::json!({"Keys": ["a", "b"], "Limit": 3}));
        let v = parse("Limit=3,Keys=[a,'b,c']", t, id).unwrap().to_value();
        assert_eq!(v, serde_json::json!({"Limit": 3, "Keys": ["a", "b,c"]}));
        assert_eq!(parse("Limit=x", t, id).unwrap_err(), SyntaxError { at: 6, message: "`x` is not an integer".into() });
    }
}
