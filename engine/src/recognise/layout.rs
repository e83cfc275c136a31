//! A pasted JSON request with a very long line, laid out over lines. The playground's editor
//! colours lines up to 4,000 characters and holds a window of lines of a big document; a line of
//! megabytes (minified JSON, as logs and `--debug` output print it) can be neither, and Chromium
//! lays out the whole line again on every keystroke (1.7–2.8 s a key for a 5 MB line). Only
//! whitespace outside strings changes: every string, number and literal stays as pasted (a value
//! read into a `serde_json::Value` and printed again would not: `1.50` would become `1.5`).

/// The longest line (in bytes, as the editor measures it) a pasted JSON request keeps as it is.
pub const LONGEST_KEPT: usize = 4_000;

/// Whether `text` has a line longer than [`LONGEST_KEPT`].
pub fn has_long_line(text: &str) -> bool {
    let mut from = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        if i - from > LONGEST_KEPT {
            return true;
        }
        from = i + 1;
    }
    text.len() - from > LONGEST_KEPT
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n("  ", depth));
}

/// `json` with two spaces of indentation per level, a member or item per line and `": "` after
/// a key, as `serde_json::to_string_pretty` writes it; empty objects and arrays stay `{}` and
/// `[]`. Tokens are copied as they are. Text that is not JSON is laid out as far as it reads as
/// such (never a panic: every cut is at an ASCII byte).
pub fn lay_out(json: &str) -> String {
    let mut layout = Layout::default();
    layout.step(json, usize::MAX);
    layout.finish()
}

/// [`lay_out`] done in steps, a slice of the text at a time: the playground lays megabytes out
/// over several tasks of the page (each well under the 50 ms of a long task).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    out: String,
    depth: usize,
    /// Where in the text the next step starts (a token's first byte).
    at: usize,
}

impl Layout {
    /// Whether all of `json` is laid out.
    pub fn done(&self, json: &str) -> bool {
        self.at >= json.len()
    }

    /// Lays out the tokens that start in the next `bytes` bytes of `json` (the same text each
    /// step); returns [`Layout::done`].
    pub fn step(&mut self, json: &str, bytes: usize) -> bool {
        if self.at == 0 && self.out.capacity() == 0 {
            // A dense record's pretty form is up to about twice its minified length: one
            // allocation instead of copying megabytes each time the string grows.
            self.out.reserve(json.len() * 2);
        }
        let b = json.as_bytes();
        let stop = self.at.saturating_add(bytes).min(b.len());
        let (out, depth) = (&mut self.out, &mut self.depth);
        let mut i = self.at;
        while i < stop {
            match b[i] {
                c if is_space(c) => i += 1,
                b'"' => {
                    // To the closing quote, escapes skipped (memchr: most of a body is strings).
                    let start = i;
                    i += 1;
                    while i < b.len() {
                        match memchr::memchr2(b'"', b'\\', &b[i..]) {
                            Some(k) if b[i + k] == b'\\' => i += k + 2,
                            Some(k) => {
                                i += k + 1;
                                break;
                            }
                            None => i = b.len(),
                        }
                    }
                    i = i.min(b.len());
                    out.push_str(&json[start..i]);
                }
                open @ (b'{' | b'[') => {
                    let close = if open == b'{' { b'}' } else { b']' };
                    let mut j = i + 1;
                    while j < b.len() && is_space(b[j]) {
                        j += 1;
                    }
                    out.push(char::from(open));
                    if b.get(j) == Some(&close) {
                        out.push(char::from(close));
                        i = j + 1;
                    } else {
                        *depth += 1;
                        newline(out, *depth);
                        i += 1;
                    }
                }
                close @ (b'}' | b']') => {
                    *depth = depth.saturating_sub(1);
                    newline(out, *depth);
                    out.push(char::from(close));
                    i += 1;
                }
                b',' => {
                    out.push(',');
                    newline(out, *depth);
                    i += 1;
                }
                b':' => {
                    out.push_str(": ");
                    i += 1;
                }
                _ => {
                    // A number or a literal: up to the next structural byte or whitespace.
                    let start = i;
                    while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'"' | b'{' | b'}' | b'[' | b']' | b',' | b':') {
                        i += 1;
                    }
                    out.push_str(&json[start..i]);
                }
            }
        }
        self.at = i;
        self.done(json)
    }

    /// The text laid out so far (all of it once [`Layout::done`]).
    pub fn finish(mut self) -> String {
        self.out.shrink_to_fit();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// `text` without the whitespace outside its strings.
    fn tokens(text: &str) -> String {
        let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
        for c in text.chars() {
            if in_string {
                out.push(c);
                (in_string, escaped) = (escaped || c != '"', !escaped && c == '\\');
            } else if !c.is_ascii_whitespace() {
                out.push(c);
                in_string = c == '"';
            }
        }
        out
    }

    #[test]
    fn lays_out_as_serde_json_pretty_prints() {
        let text = r#"{"DatabaseName":"db","Records":[{"Dimensions":[{"Name":"h","Value":"a"}],"MeasureValue":"1"},{}],"Empty":[],"O":{ }}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        // The same values, empty containers kept short.
        assert_eq!(serde_json::from_str::<Value>(&lay_out(text)).unwrap(), v);
        assert!(lay_out(text).contains("\"Empty\": [],\n  \"O\": {}\n}"));
        // Keys in serde_json's (sorted) order: the very text serde_json prints.
        let sorted = r#"{"a":[1,{"b":null}],"c":{}}"#;
        let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Value>(sorted).unwrap()).unwrap();
        assert_eq!(lay_out(sorted), pretty);
        assert_eq!(pretty, "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {}\n}");
    }

    #[test]
    fn every_token_is_kept_as_pasted() {
        let text = "{\"a\" :1.50,\"b\":1e400,\"c\":\"x, y: {z} [\\\"q\\\" \\\\\",\"é😀\":[ -0 , 12345678901234567890 ],\"d\":true}";
        let out = lay_out(text);
        assert_eq!(tokens(&out), tokens(text));
        for kept in ["1.50", "1e400", "-0", "12345678901234567890", r#""x, y: {z} [\"q\" \\""#, "\"é😀\""] {
            assert!(out.contains(kept), "{kept} in {out}");
        }
        assert!(out.lines().count() > 5);
    }

    #[test]
    fn laid_out_in_steps_of_any_size_as_in_one() {
        let texts = [
            r#"{"DatabaseName":"db","Records":[{"Dimensions":[{"Name":"h","Value":"a, [b]"}],"MeasureValue":"1.50"},{}],"Empty":[ ],"O":{ }}"#,
            "{\"c\":\"x, y: {z} [\\\"q\\\" \\\\\",\"é😀\":[ -0 , 12345678901234567890 ],\"d\":true}",
            "\"unterminated \\",
            "]]]}}}",
            "",
        ];
        for text in texts {
            let whole = lay_out(text);
            for bytes in [0, 1, 2, 3, 7, 64, usize::MAX] {
                let mut layout = Layout::default();
                let mut steps = 0;
                while !layout.step(text, bytes) {
                    steps += 1;
                    assert!(bytes > 0 || steps < 3, "a step of 0 bytes makes no progress, and says so");
                    if bytes == 0 {
                        break;
                    }
                }
                if bytes > 0 {
                    assert!(layout.done(text));
                    assert_eq!(layout.finish(), whole, "{text} in steps of {bytes}");
                }
            }
        }
        // The playground's form: the text as pasted, whitespace around it.
        let pasted = format!("  \n{}\n", texts[0]);
        let mut layout = Layout::default();
        let mut steps = 1;
        while !crate::recognise::lay_out_step(&pasted, &mut layout, 16) {
            steps += 1;
        }
        assert!(steps > 5, "{steps}");
        assert_eq!(layout.finish(), crate::recognise::lay_out(&pasted));
    }

    #[test]
    fn text_that_is_not_json_never_panics() {
        for text in ["\"unterminated \\", "{\"a\":\"é\\", "]]]}}}", "{\"a\" 1 2 , , :", "é{ü[ö", "\\\"é"] {
            let out = lay_out(text);
            assert_eq!(tokens(&out).replace(' ', ""), tokens(text).replace(' ', ""), "{text}");
        }
    }

    #[test]
    fn a_long_line_is_found_wherever_it_is() {
        let long = "x".repeat(LONGEST_KEPT + 1);
        assert!(has_long_line(&long));
        assert!(has_long_line(&format!("a\n{long}\nb")));
        assert!(has_long_line(&format!("a\nb\n{long}")));
        assert!(!has_long_line(&format!("{}\n{}", "x".repeat(LONGEST_KEPT), "y".repeat(LONGEST_KEPT))));
    }
}
