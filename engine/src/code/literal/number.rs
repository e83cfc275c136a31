//! Number literals in every Python and JavaScript form, as JSON numbers.

use serde_json::Number;

use super::{Feature, Json, Reader, SyntaxError};

impl Reader<'_> {
    pub(super) fn number(&mut self) -> Result<Json, SyntaxError> {
        let start = self.pos;
        let mut text = String::new();
        let mut rewritten = false;
        match self.peek() {
            Some(b'-') => {
                text.push('-');
                self.pos += 1;
            }
            Some(b'+') if !self.dialect.json() => {
                rewritten = true;
                self.pos += 1;
            }
            _ => {}
        }
        if !self.dialect.json() && self.peek() == Some(b'0') && matches!(self.peek_at(1), Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B')) {
            let radix = match self.peek_at(1) {
                Some(b'x' | b'X') => 16,
                Some(b'o' | b'O') => 8,
                _ => 2,
            };
            self.pos += 2;
            let digits = self.digits(radix, &mut text);
            let n = u64::from_str_radix(&text[text.len() - digits..], radix).ok();
            let Some(n) = n else { return self.error(start, "a number too large or without digits") };
            self.features.add(Feature::Numbers);
            if !text.starts_with('-') {
                return Ok(Json::Number(Number::from(n)));
            }
            match i64::try_from(-(n as i128)) {
                Ok(n) => return Ok(Json::Number(Number::from(n))),
                Err(_) => return self.error(start, "a number too large"),
            }
        }
        let int_at = text.len();
        let int = self.digits(10, &mut text);
        if int > 1 && text[int_at..].starts_with('0') {
            return self.error(start, "a number with a leading zero (Python and JSON take none; write it without)");
        }
        if int == 0 {
            text.push('0');
            rewritten = true;
        }
        let mut float = false;
        if self.peek() == Some(b'.') && !self.peek_at(1).is_some_and(|c| c.is_ascii_alphabetic() || c == b'_') {
            self.pos += 1;
            text.push('.');
            float = true;
            if self.digits(10, &mut text) == 0 {
                text.push('0');
                rewritten = true;
            }
        }
        if int == 0 && !float {
            return self.error(start, format!("expected a value, found {}", self.found()));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            text.push('e');
            self.pos += 1;
            if let Some(s @ (b'+' | b'-')) = self.peek() {
                text.push(s as char);
                self.pos += 1;
            }
            if self.digits(10, &mut text) == 0 {
                return self.error(start, "a number whose exponent has no digits");
            }
        }
        if self.dialect.js && self.peek() == Some(b'n') && !float {
            self.pos += 1;
            rewritten = true;
        }
        if self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
            return self.error(self.pos, format!("a number followed by {}", self.found()));
        }
        let underscores = self.text[start..self.pos].contains('_');
        if self.dialect.json() && rewritten {
            return self.error(start, "not a JSON number (JSON numbers have digits before and after the point)");
        }
        if rewritten || underscores {
            self.features.add(Feature::Numbers);
        }
        // Rust's float parsing is exact (serde_json's default is not): a number pasted back
        // reads as the same number.
        let n = if float || text.contains('e') {
            crate::float::parse_finite(&text).and_then(Number::from_f64)
        } else {
            text.parse::<i64>()
                .map(Number::from)
                .or_else(|_| text.parse::<u64>().map(Number::from))
                .ok()
                .or_else(|| crate::float::parse_finite(&text).and_then(Number::from_f64))
        };
        match n {
            Some(n) => Ok(Json::Number(n)),
            None => self.error(start, "a number JSON cannot hold"),
        }
    }

    /// Digits of `radix` (and `_` between them, outside JSON) appended to `text`; how many.
    fn digits(&mut self, radix: u32, text: &mut String) -> usize {
        let mut n = 0;
        while let Some(c) = self.peek() {
            if (c as char).is_digit(radix) {
                text.push(c as char);
                n += 1;
            } else if !(c == b'_' && n > 0 && !self.dialect.json() && self.peek_at(1).is_some_and(|d| (d as char).is_digit(radix))) {
                break;
            }
            self.pos += 1;
        }
        n
    }
}
