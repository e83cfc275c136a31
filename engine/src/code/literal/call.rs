//! Python keyword arguments (`Name=value, **more`: a boto3 call, `dict(…)`) and the assignments
//! of a text that variables take their values from.

use super::{insert, Dialect, Feature, Json, Reader, SyntaxError};

impl Reader<'_> {
    /// Keyword arguments up to the closing `)` (not consumed).
    pub fn keyword_arguments(&mut self) -> Result<Json, SyntaxError> {
        let r = self;
        let mut members: Vec<(String, Json)> = Vec::new();
        loop {
            r.skip_space();
            let at = r.pos;
            match r.peek() {
                Some(b')') => return Ok(Json::Object(members)),
                Some(b'*') if r.text[at..].starts_with("**") => {
                    r.pos += 2;
                    r.features.add(Feature::Spread);
                    match r.value()? {
                        Json::Object(more) => more.into_iter().for_each(|(k, v)| insert(&mut members, k, v)),
                        _ => return r.error(at, "`**` takes a dict"),
                    }
                }
                Some(b'*') => return r.error(at, "`*args` cannot be converted: only keyword arguments (Name=value) can"),
                _ => {
                    let name = r.ident();
                    r.skip_space();
                    let keyword = name.is_some() && r.peek() == Some(b'=') && r.text.as_bytes().get(r.pos + 1) != Some(&b'=');
                    let Some(name) = name.filter(|_| keyword) else {
                        return r.error(at, "a positional argument: only keyword arguments (Name=value) can be converted");
                    };
                    r.pos += 1;
                    r.features.add(Feature::KeywordArguments);
                    let value = r.value()?;
                    if members.iter().any(|(k, _)| k == name) {
                        return r.error(at, format!("the keyword argument {name} is given twice"));
                    }
                    members.push((name.to_string(), value));
                }
            }
            r.separator(b')', ")")?;
        }
    }
}

/// The `name = value` assignments of the text, one per line (`const`, `let` and `var` before the
/// name are skipped): the name and the byte where its value starts.
pub fn assignments(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let mut at = line_start + (line.len() - trimmed.len());
        let mut r = Reader::new(text, at, Dialect::JSON);
        let mut name = r.ident();
        if let Some("const" | "let" | "var") = name {
            r.skip_space();
            name = r.ident();
        }
        if let Some(name) = name {
            r.skip_space();
            // A TypeScript annotation: `const input: WriteRecordsCommandInput = {…}`.
            if r.peek() == Some(b':') {
                r.pos += 1;
                r.skip_space();
                while r.ident().is_some() && r.peek() == Some(b'.') {
                    r.pos += 1;
                }
                r.skip_space();
            }
            let eq = r.peek() == Some(b'=') && !matches!(r.peek_at(1), Some(b'=' | b'>'));
            if eq {
                r.pos += 1;
                r.skip_space();
                at = r.pos;
                out.push((name, at));
            }
        }
        line_start += line.len();
    }
    out
}
