//! String literals: quotes, prefixes, escapes, joins.

use super::{Feature, Reader, SyntaxError};

impl Reader<'_> {
    /// A string literal, and those joined to it (adjacent in Python, `+` in JavaScript).
    pub(super) fn strings(&mut self, raw: bool) -> Result<String, SyntaxError> {
        let mut out = String::new();
        self.string(raw, &mut out)?;
        loop {
            let save = (self.pos, self.features);
            self.skip_space();
            let next_raw = if self.dialect.python {
                match (self.peek(), self.peek_at(1)) {
                    (Some(b'"' | b'\''), _) => Some(false),
                    (Some(b'r' | b'R'), Some(b'"' | b'\'')) => Some(true),
                    (Some(b'u' | b'U'), Some(b'"' | b'\'')) => Some(false),
                    _ => None,
                }
            } else if self.dialect.js && self.peek() == Some(b'+') {
                self.pos += 1;
                self.skip_space();
                matches!(self.peek(), Some(b'"' | b'\'' | b'`')).then_some(false)
            } else {
                None
            };
            let Some(next_raw) = next_raw else {
                (self.pos, self.features) = save;
                return Ok(out);
            };
            if self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                self.pos += 1;
                self.features.add(Feature::StringForms);
            }
            self.features.add(Feature::Concatenation);
            self.string(next_raw, &mut out)?;
        }
    }

    /// One quoted string at the cursor, appended to `out`.
    fn string(&mut self, raw: bool, out: &mut String) -> Result<(), SyntaxError> {
        let start = self.pos;
        let q = self.b[self.pos];
        if q == b'\'' {
            if self.dialect.json() {
                return self.error(start, "JSON strings take double quotes, not single quotes");
            }
            self.features.add(Feature::SingleQuotes);
        }
        // A JavaScript template literal without `${…}` spans lines like a Python triple-quoted string.
        let template = q == b'`';
        let triple = self.dialect.python && self.peek_at(1) == Some(q) && self.peek_at(2) == Some(q);
        if triple || template {
            self.features.add(Feature::StringForms);
        }
        self.pos += if triple { 3 } else { 1 };
        loop {
            let rest = &self.b[self.pos..];
            let Some(i) = memchr::memchr3(q, b'\\', b'\n', rest) else {
                return self.error(start, "a string that is never closed");
            };
            if template {
                if let Some(j) = super::find_pair(&rest[..i], *b"${") {
                    return self.error(self.pos + j, "a template literal's `${…}` is code and cannot be converted: write the value out");
                }
            }
            let bad = if self.dialect.json() { rest[..i].iter().position(|&c| c < 0x20) } else { None };
            if let Some(j) = bad {
                return self.error(self.pos + j, "a control character in a JSON string (it must be escaped)");
            }
            out.push_str(&self.text[self.pos..self.pos + i]);
            self.pos += i;
            match self.b[self.pos] {
                b'\n' if triple || template => {
                    out.push('\n');
                    self.pos += 1;
                }
                b'\n' => return self.error(start, "a string that does not end on its line"),
                b'\\' if raw => {
                    out.push('\\');
                    self.pos += 1;
                    if let Some(c) = self.text[self.pos..].chars().next() {
                        out.push(c);
                        self.pos += c.len_utf8();
                    }
                }
                b'\\' => self.escape(out)?,
                _ if triple && !(self.peek_at(1) == Some(q) && self.peek_at(2) == Some(q)) => {
                    out.push(q as char);
                    self.pos += 1;
                }
                _ => {
                    self.pos += if triple { 3 } else { 1 };
                    return Ok(());
                }
            }
        }
    }

    /// A backslash escape at the cursor.
    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let at = self.pos;
        let (py, js, json) = (self.dialect.python, self.dialect.js, self.dialect.json());
        self.pos += 1;
        let Some(c) = self.text[self.pos..].chars().next() else { return self.error(at, "a string that is never closed") };
        self.pos += c.len_utf8();
        let simple = match c {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '/' if json || js => Some('/'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            return Ok(());
        }
        if json && c != 'u' {
            return self.error(at, format!("`\\{c}` is not a JSON escape"));
        }
        if c != 'u' {
            self.features.add(Feature::Escapes);
        }
        let ch = match c {
            '\'' => '\'',
            'v' => '\u{b}',
            'a' if py => '\u{7}',
            '0' if js && !self.peek().is_some_and(|d| d.is_ascii_digit()) => '\0',
            '0'..='7' if py => {
                let mut n = c as u32 - '0' as u32;
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            n = n * 8 + (d - b'0') as u32;
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                char::from_u32(n).unwrap_or('\u{fffd}')
            }
            'x' => self.hex(2, at)?,
            'U' if py => self.hex(8, at)?,
            'u' if js && self.peek() == Some(b'{') => {
                self.pos += 1;
                let end = self.text[self.pos..].find('}').map(|i| self.pos + i);
                let n = end.and_then(|e| u32::from_str_radix(&self.text[self.pos..e], 16).ok()).and_then(char::from_u32);
                match (end, n) {
                    (Some(e), Some(ch)) => {
                        self.pos = e + 1;
                        ch
                    }
                    _ => return self.error(at, "a `\\u{…}` escape that is not a code point"),
                }
            }
            'u' => self.unicode(at)?,
            'N' if py => return self.error(at, "a `\\N{…}` named escape cannot be converted: write the character itself"),
            '\n' => return Ok(()),
            '\r' => {
                self.pos += (self.peek() == Some(b'\n')) as usize;
                return Ok(());
            }
            c if py => {
                out.push('\\');
                c
            }
            c => c,
        };
        out.push(ch);
        Ok(())
    }

    /// `\uXXXX`, a surrogate pair taken whole.
    fn unicode(&mut self, at: usize) -> Result<char, SyntaxError> {
        let hi = self.hex_value(4, at)?;
        if (0xD800..0xDC00).contains(&hi) && self.text[self.pos..].starts_with("\\u") {
            let save = self.pos;
            self.pos += 2;
            let lo = self.hex_value(4, at)?;
            if (0xDC00..0xE000).contains(&lo) {
                return char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).map_or_else(|| self.error(at, "a bad surrogate pair"), Ok);
            }
            self.pos = save;
        }
        char::from_u32(hi).map_or_else(|| self.error(at, "a lone surrogate (`\\u` of half a character) cannot be converted to text"), Ok)
    }

    fn hex(&mut self, digits: usize, at: usize) -> Result<char, SyntaxError> {
        let n = self.hex_value(digits, at)?;
        char::from_u32(n).map_or_else(|| self.error(at, "an escape that is not a character"), Ok)
    }

    fn hex_value(&mut self, digits: usize, at: usize) -> Result<u32, SyntaxError> {
        let hex = self.text.get(self.pos..self.pos + digits).filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()));
        let Some(n) = hex.and_then(|h| u32::from_str_radix(h, 16).ok()) else {
            return self.error(at, format!("an escape that needs {digits} hex digits"));
        };
        self.pos += digits;
        Ok(n)
    }
}
