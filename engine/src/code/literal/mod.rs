//! Literals of Python, JavaScript and JSON read into [`Json`]: what a boto3 call, a JS SDK
//! command or an AWS CLI `--records '[…]'` holds. One reader for the three, switched by
//! [`Dialect`]; it keeps the byte offset of any error and the [`Feature`]s it met that JSON does
//! not have, so the recogniser can say what it converted and where it stopped.
//!
//! Read: dicts/objects, lists/arrays, Python tuples and parentheses, strings in single, double
//! or (Python) triple quotes with raw, `u` prefixes and every escape both languages have, adjacent
//! (Python) or `+`-joined (JavaScript) strings, numbers with `_`, `+`, `.5`, `5.`, `0x…`,
//! `True`/`False`/`None` and `true`/`false`/`null`, unquoted keys, trailing commas, `#`, `//` and
//! `/* */` comments, `**dict` and `...object` spreads, and variables assigned a literal earlier in
//! the text (`records = [...]`). Anything else (a call, an operator, an f-string) is an error that
//! says what it found.

use super::Json;

/// Which language's literals to read. JSON is strict; the others take JSON too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    pub python: bool,
    pub js: bool,
}

impl Dialect {
    pub const JSON: Dialect = Dialect { python: false, js: false };
    pub const PYTHON: Dialect = Dialect { python: true, js: false };
    pub const JS: Dialect = Dialect { python: false, js: true };
    /// A bare literal of either language (a pasted dict or object).
    pub const ANY: Dialect = Dialect { python: true, js: true };
    fn json(self) -> bool {
        !self.python && !self.js
    }
}

mod call;
mod features;
mod number;
mod string;

pub use call::assignments;
pub use features::{Feature, Features};

/// Why reading stopped, and at which byte of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
}

/// 1-based line and column (in characters) of byte `at` of `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

const MAX_DEPTH: usize = 128;

/// A reader over `text` from byte `pos`.
pub struct Reader<'a> {
    pub text: &'a str,
    b: &'a [u8],
    pub pos: usize,
    pub dialect: Dialect,
    pub features: Features,
    /// `name = value` assignments: the name and the byte where its value starts.
    vars: &'a [(&'a str, usize)],
    depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str, pos: usize, dialect: Dialect) -> Self {
        Reader { text, b: text.as_bytes(), pos, dialect, features: Features::default(), vars: &[], depth: 0 }
    }

    /// Lets identifiers take the values assigned to them (see [`assignments`]).
    pub fn with_vars(mut self, vars: &'a [(&'a str, usize)]) -> Self {
        self.vars = vars;
        self
    }

    pub fn error<T>(&self, at: usize, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError { at, message: message.into() })
    }

    pub fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    pub(super) fn peek_at(&self, n: usize) -> Option<u8> {
        self.b.get(self.pos + n).copied()
    }

    /// Skips `c` after blanks and comments, if it is next.
    pub fn eat(&mut self, c: u8) -> bool {
        self.skip_space();
        let yes = self.peek() == Some(c);
        self.pos += yes as usize;
        yes
    }

    /// Skips whitespace and the dialect's comments.
    pub fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'\\' if self.dialect.python && matches!(self.peek_at(1), Some(b'\n' | b'\r')) => self.pos += 2,
                b'#' if self.dialect.python => {
                    self.features.add(Feature::Comments);
                    self.pos = memchr::memchr(b'\n', &self.b[self.pos..]).map_or(self.b.len(), |i| self.pos + i);
                }
                b'/' if self.dialect.js && self.peek_at(1) == Some(b'/') => {
                    self.features.add(Feature::Comments);
                    self.pos = memchr::memchr(b'\n', &self.b[self.pos..]).map_or(self.b.len(), |i| self.pos + i);
                }
                b'/' if self.dialect.js && self.peek_at(1) == Some(b'*') => {
                    self.features.add(Feature::Comments);
                    self.pos = find_pair(&self.b[self.pos + 2..], *b"*/").map_or(self.b.len(), |i| self.pos + 2 + i + 2);
                }
                _ => break,
            }
        }
    }

    /// An identifier (`[A-Za-z_$][A-Za-z0-9_$]*`; `$` in JavaScript) at the cursor, consumed.
    pub fn ident(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let is_start = |c: u8| c.is_ascii_alphabetic() || c == b'_' || c == b'$';
        if !self.peek().is_some_and(is_start) {
            return None;
        }
        while self.peek().is_some_and(|c| is_start(c) || c.is_ascii_digit()) {
            self.pos += 1;
        }
        Some(&self.text[start..self.pos])
    }

    /// What the cursor is at, for messages: `` `)` ``, `the operator `+``, `the end of the text`.
    pub fn found(&self) -> String {
        match self.text[self.pos.min(self.text.len())..].chars().next() {
            None => "the end of the text".into(),
            Some(c @ ('+' | '-' | '*' | '/' | '%' | '.' | '|' | '&' | '?')) => {
                format!("the operator `{c}` (expressions cannot be converted, only literal values)")
            }
            Some(c) => format!("`{c}`"),
        }
    }

    /// One value.
    pub fn value(&mut self) -> Result<Json, SyntaxError> {
        self.skip_space();
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error(self.pos, format!("values nested more than {MAX_DEPTH} deep"));
        }
        let v = self.value_inner();
        self.depth -= 1;
        v
    }

    fn value_inner(&mut self) -> Result<Json, SyntaxError> {
        let start = self.pos;
        match self.peek() {
            None => self.error(start, "expected a value, found the end of the text"),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'(') if self.dialect.python => self.parenthesised(),
            Some(b'"' | b'\'') => self.strings(false).map(Json::String),
            Some(b'`') if self.dialect.js => self.strings(false).map(Json::String),
            Some(b'-' | b'+' | b'.' | b'0'..=b'9') => self.number(),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                let word = self.ident().unwrap_or_default();
                self.word(word, start)
            }
            Some(_) => self.error(start, format!("expected a value, found {}", self.found())),
        }
    }

    /// A value that starts with a word: a constant, a string prefix, or a variable.
    fn word(&mut self, word: &'a str, start: usize) -> Result<Json, SyntaxError> {
        let (py, json) = (self.dialect.python, self.dialect.json());
        match word {
            "true" | "false" | "null" => {
                return Ok(match word {
                    "null" => Json::Null,
                    w => Json::Bool(w == "true"),
                })
            }
            "True" | "False" | "None" if py => {
                self.features.add(Feature::PythonConstants);
                return Ok(match word {
                    "None" => Json::Null,
                    w => Json::Bool(w == "True"),
                });
            }
            _ => {}
        }
        if py && word == "dict" && self.peek() == Some(b'(') {
            self.pos += 1;
            let v = self.keyword_arguments()?;
            self.pos += 1;
            return Ok(v);
        }
        if py && matches!(self.peek(), Some(b'"' | b'\'')) && word.len() <= 2 {
            let prefix = word.to_ascii_lowercase();
            if prefix.contains('f') {
                return self.error(start, "an f-string cannot be converted (its {…} parts are code): write the string out");
            }
            if prefix.contains('b') {
                return self.error(start, "a bytes literal (b'…') cannot be converted: requests take text");
            }
            if matches!(prefix.as_str(), "r" | "u") {
                self.features.add(Feature::StringForms);
                return self.strings(prefix == "r").map(Json::String);
            }
        }
        if !json {
            if let Some(v) = self.variable(word, start)? {
                return Ok(v);
            }
        }
        self.skip_space();
        let why = match self.peek() {
            Some(b'(') => format!("a call to `{word}(…)` cannot be converted: only literal values can"),
            Some(b'.') => format!("the expression `{word}.…` cannot be converted: only literal values can"),
            _ if json => format!("`{word}` is not JSON (JSON takes only true, false, null, numbers, strings, arrays and objects)"),
            _ => format!("the variable `{word}` has no literal value assigned before it: only literal values can be converted"),
        };
        self.error(start, why)
    }

    /// The value of the last assignment to `name` before `at`.
    fn variable(&mut self, name: &str, at: usize) -> Result<Option<Json>, SyntaxError> {
        let Some(&(_, value_at)) = self.vars.iter().rev().find(|(n, v)| *n == name && *v < at) else { return Ok(None) };
        let mut sub = Reader { pos: value_at, features: Features::default(), ..*self };
        let v = sub.value()?;
        self.features.union(sub.features);
        self.features.add(Feature::Variables);
        Ok(Some(v))
    }

    fn object(&mut self) -> Result<Json, SyntaxError> {
        self.pos += 1;
        let mut members: Vec<(String, Json)> = Vec::new();
        loop {
            self.skip_space();
            let at = self.pos;
            match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(members));
                }
                Some(b'*') if self.dialect.python && self.peek_at(1) == Some(b'*') => {
                    self.pos += 2;
                    self.spread(&mut members, at)?;
                }
                Some(b'.') if self.dialect.js && self.text[self.pos..].starts_with("...") => {
                    self.pos += 3;
                    self.spread(&mut members, at)?;
                }
                _ => {
                    let key = self.key()?;
                    if !self.eat(b':') {
                        return self.error(self.pos, format!("expected `:` after the member name, found {}", self.found()));
                    }
                    let value = self.value()?;
                    insert(&mut members, key, value);
                }
            }
            self.separator(b'}', "}")?;
        }
    }

    /// `**{…}` or `...{…}` inside an object: its members join.
    fn spread(&mut self, members: &mut Vec<(String, Json)>, at: usize) -> Result<(), SyntaxError> {
        self.features.add(Feature::Spread);
        match self.value()? {
            Json::Object(more) => {
                for (k, v) in more {
                    insert(members, k, v);
                }
                Ok(())
            }
            _ => self.error(at, "only a dict or object can be spread into one"),
        }
    }

    /// After an item: `,` (then maybe the closing bracket: a trailing comma) or the closing bracket.
    pub fn separator(&mut self, close: u8, name: &str) -> Result<(), SyntaxError> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.skip_space();
                if self.peek() == Some(close) {
                    if self.dialect.json() {
                        return self.error(self.pos - 1, "a trailing comma (JSON takes none)");
                    }
                    self.features.add(Feature::TrailingCommas);
                }
                Ok(())
            }
            Some(c) if c == close => Ok(()),
            _ => self.error(self.pos, format!("expected `,` or `{name}`, found {}", self.found())),
        }
    }

    fn key(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        match self.peek() {
            Some(b'"' | b'\'') => self.strings(false),
            Some(b'r' | b'u' | b'R' | b'U') if self.dialect.python && matches!(self.peek_at(1), Some(b'"' | b'\'')) => match self.value()? {
                Json::String(s) => Ok(s),
                _ => self.error(start, "a member name must be a string"),
            },
            Some(c) if self.dialect.js && (c.is_ascii_alphanumeric() || c == b'_' || c == b'$') => {
                self.features.add(Feature::UnquotedKeys);
                if c.is_ascii_digit() {
                    while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'.') {
                        self.pos += 1;
                    }
                    return Ok(self.text[start..self.pos].to_string());
                }
                Ok(self.ident().unwrap_or_default().to_string())
            }
            _ => self.error(start, format!("expected a member name in quotes, found {}", self.found())),
        }
    }

    fn array(&mut self) -> Result<Json, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.peek() == Some(b']') {
                self.pos += 1;
                return Ok(Json::Array(items));
            }
            items.push(self.value()?);
            self.separator(b']', "]")?;
        }
    }

    /// Python `( … )`: a parenthesised value (often strings joined over lines), or a tuple.
    fn parenthesised(&mut self) -> Result<Json, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        let mut tuple = false;
        loop {
            self.skip_space();
            if self.peek() == Some(b')') {
                self.pos += 1;
                break;
            }
            items.push(self.value()?);
            self.skip_space();
            if self.peek() == Some(b',') {
                tuple = true;
            }
            self.separator(b')', ")")?;
        }
        if !tuple && items.len() == 1 {
            return Ok(items.pop().unwrap_or(Json::Null));
        }
        self.features.add(Feature::Tuples);
        Ok(Json::Array(items))
    }
}

/// Sets `key` (a repeated member keeps its first place and takes the last value, as in Python
/// and JavaScript).
pub fn insert(members: &mut Vec<(String, Json)>, key: String, value: Json) {
    match members.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => members.push((key, value)),
    }
}

/// Where the two bytes `pair` first stand in `hay`. memchr's `memmem` would do it, but brings its
/// whole substring searcher into the wasm for two two-byte needles (1.9 KB of gzip).
fn find_pair(hay: &[u8], pair: [u8; 2]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(pair[0], &hay[from..]) {
        let at = from + i;
        if hay.get(at + 1) == Some(&pair[1]) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_pair;

    /// `find_pair` finds what memchr's `memmem::find` finds, in every text of up to 7 bytes
    /// over the bytes of the two needles and one other.
    #[test]
    fn find_pair_finds_what_memmem_finds() {
        let alphabet = *b"*/${a";
        for len in 0..=7u32 {
            for mut n in 0..alphabet.len().pow(len) {
                let hay: Vec<u8> = (0..len)
                    .map(|_| {
                        let c = alphabet[n % alphabet.len()];
                        n /= alphabet.len();
                        c
                    })
                    .collect();
                for pair in [*b"*/", *b"${", *b"**"] {
                    assert_eq!(find_pair(&hay, pair), memchr::memmem::find(&hay, &pair), "{hay:?} {pair:?}");
                }
            }
        }
    }
}
