//! The editor's backdrop: JSON colouring and the diagnostics' squiggles of the lines in view
//! only (a 5 MB body renders the same ~30 lines as a small one; request_editor/window.rs finds
//! them). JSON has no newline inside a token, so each line is coloured on its own.

use yew::prelude::*;

/// A diagnostic's place in the text (bytes) and its index in the list.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub index: usize,
}

impl Mark {
    /// Whether the mark covers any byte of `from..to`; an empty span counts as its first byte,
    /// so a mark on an empty line (a missing member at its end) still shows there.
    pub fn reaches(&self, from: usize, to: usize) -> bool {
        self.start < to.max(from + 1) && self.end > from
    }
}

/// Lines longer than this are not coloured (the whole text is then shown plainly). The same
/// bound as the recogniser's: a pasted JSON request with a longer line is laid out over lines.
pub const LONGEST_COLOURED: usize = timestream_engine::recognise::LONGEST_KEPT;

/// The class of each token of one line, as `(start, end, class)` covering the line.
pub fn tokens(line: &str) -> Vec<(usize, usize, &'static str)> {
    let b = line.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        let start = i;
        let class = match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                let rest = line[i..].trim_start();
                if rest.starts_with(':') {
                    "t-key"
                } else {
                    "t-str"
                }
            }
            b'-' | b'0'..=b'9' => {
                while i < b.len() && matches!(b[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                "t-num"
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                while i < b.len() && b[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                "t-lit"
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                i += 1;
                "t-punct"
            }
            _ => {
                while i < b.len() && !matches!(b[i], b'"' | b'-' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'{' | b'}' | b'[' | b']' | b',' | b':') {
                    i += 1;
                }
                ""
            }
        };
        // Never split a character (an unterminated string's `\` may point past the end).
        while i < line.len() && !line.is_char_boundary(i) {
            i += 1;
        }
        out.push((start, i.min(line.len()), class));
    }
    out
}

/// One line (`line` starts at byte `at` of the text) as coloured pieces, the marks' pieces
/// squiggled (`sq`, and `sq-on` for the active one) and clickable.
pub fn line_html(line: &str, at: usize, marks: &[Mark], active: Option<usize>, onmark: &Callback<(usize, MouseEvent)>) -> Html {
    let end = at + line.len();
    let here: Vec<&Mark> = marks.iter().filter(|m| m.reaches(at, end)).collect();
    let mut cuts: Vec<usize> = Vec::new();
    for (s, e, _) in tokens(line) {
        cuts.extend([s, e]);
    }
    for m in &here {
        cuts.extend([m.start.saturating_sub(at).min(line.len()), m.end.saturating_sub(at).min(line.len())]);
    }
    cuts.retain(|&c| line.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let toks = tokens(line);
    let pieces = cuts.windows(2).map(|w| {
        let (s, e) = (w[0], w[1]);
        let class = toks.iter().find(|t| t.0 <= s && s < t.1).map_or("", |t| t.2);
        let mark = here.iter().find(|m| m.start <= at + s && at + s < m.end);
        let text = line[s..e].to_string();
        match mark {
            Some(m) => {
                let index = m.index;
                let onclick = onmark.reform(move |e: MouseEvent| (index, e));
                let on = (active == Some(index)).then_some("sq-on");
                html! { <span class={classes!(class, "sq", on)} data-diag={index.to_string()} {onclick}>{ text }</span> }
            }
            None if class.is_empty() => html! { { text } },
            None => html! { <span class={class}>{ text }</span> },
        }
    });
    html! { <>{ for pieces }{ "\n" }</> }
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn tokens_tell_keys_strings_numbers_and_literals_apart() {
        let line = r#"  "Name": "a\"b", "V": -1.5e3, "B": true}"#;
        let got: Vec<(&str, &str)> = tokens(line).into_iter().filter(|t| !t.2.is_empty()).map(|(s, e, c)| (&line[s..e], c)).collect();
        assert_eq!(
            got,
            [
                ("\"Name\"", "t-key"),
                (":", "t-punct"),
                ("\"a\\\"b\"", "t-str"),
                (",", "t-punct"),
                ("\"V\"", "t-key"),
                (":", "t-punct"),
                ("-1.5e3", "t-num"),
                (",", "t-punct"),
                ("\"B\"", "t-key"),
                (":", "t-punct"),
                ("true", "t-lit"),
                ("}", "t-punct")
            ]
        );
        // Tokens cover the line exactly, even broken text and multi-byte characters.
        for l in ["\"é\\", "é: ü", "\"abc", "{ \"x\\\"é"] {
            let t = tokens(l);
            assert_eq!(t.first().map(|t| t.0), Some(0));
            assert_eq!(t.last().map(|t| t.1), Some(l.len()), "{l}");
            assert!(t.windows(2).all(|w| w[0].1 == w[1].0));
        }
    }
}
