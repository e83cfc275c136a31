//! Where each diagnostic's member is in the request text, as a byte span, for the editor's
//! squiggles and quick fixes. One pass over the JSON that follows only the members some
//! diagnostic names (everything else is skipped by bracket counting), so a 5 MB body with a
//! few diagnostics costs one scan.
//!
//! What a span covers: a scalar's value (`"FLOAT"`, `12`); an unknown member's quoted name; a
//! container member's quoted name, or the opening bracket of a list item. A member that is
//! missing (Required) points at the nearest enclosing member that is there.

use hashbrown::{HashMap, HashSet};

use super::{Diagnostic, Seg};

/// Byte offsets `[start, end)` in the request text.
pub type Span = [u32; 2];

/// What the scan saw of one member.
#[derive(Clone, Copy, Debug)]
struct Node {
    key: Option<(usize, usize)>,
    start: usize,
    end: usize,
    container: bool,
}

/// Sets `span` on each diagnostic whose member (or an enclosing one) is found in `body`.
pub fn locate(body: &[u8], diags: &mut [Diagnostic]) {
    // Sized once (growing it rehashed every member path again: 10% of a big body's diagnose).
    let mut wanted: HashSet<&[Seg]> = HashSet::with_capacity(2 * diags.len() + 4);
    for d in diags.iter() {
        for n in 0..=d.path.0.len() {
            wanted.insert(&d.path.0[..n]);
        }
    }
    if wanted.is_empty() {
        return;
    }
    let mut scan = Scan { b: body, at: 0, wanted: &wanted, seen: HashMap::with_capacity(wanted.len()), stack: Vec::new() };
    scan.ws();
    // Text that is not JSON as far as the scan goes keeps what it found before the trouble.
    let _ = scan.value(None);
    let seen = scan.seen;
    // (hashbrown's sets run a destructor: the borrow of `diags` ends here.)
    drop(wanted);
    for d in diags.iter_mut() {
        let segs = &d.path.0;
        let found = (0..=segs.len()).rev().find_map(|n| seen.get(&segs[..n]).map(|node| (n == segs.len(), *node)));
        d.span = found.map(|(exact, node)| {
            let (s, e) = match node.key {
                Some(key) if node.container || (exact && d.rule == super::Rule::UnknownMember) => key,
                _ if !exact || node.container => (node.start, node.start + 1),
                _ => (node.start, node.end),
            };
            [s as u32, e as u32]
        });
    }
}

struct Scan<'a> {
    b: &'a [u8],
    at: usize,
    wanted: &'a HashSet<&'a [Seg]>,
    seen: HashMap<Vec<Seg>, Node>,
    stack: Vec<Seg>,
}

impl Scan<'_> {
    fn ws(&mut self) {
        while self.b.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    /// A string starting at `self.at` (a `"`); returns its span, quotes included.
    fn string(&mut self) -> Option<(usize, usize)> {
        let start = self.at;
        let mut i = start + 1;
        loop {
            match *self.b.get(i)? {
                b'\\' => i += 2,
                b'"' => break,
                _ => i += 1,
            }
        }
        self.at = i + 1;
        Some((start, i + 1))
    }

    /// The value at `self.at`, recorded when its path is wanted. Returns its end.
    fn value(&mut self, key: Option<(usize, usize)>) -> Option<usize> {
        let start = self.at;
        let tracked = self.wanted.contains(self.stack.as_slice());
        let c = *self.b.get(start)?;
        let container = c == b'{' || c == b'[';
        if !tracked {
            self.skip()?;
        } else if c == b'{' {
            self.object()?;
        } else if c == b'[' {
            self.array()?;
        } else {
            self.skip()?;
        }
        if tracked {
            self.seen.insert(self.stack.clone(), Node { key, start, end: self.at, container });
        }
        Some(self.at)
    }

    fn object(&mut self) -> Option<()> {
        self.at += 1;
        self.ws();
        if self.b.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Some(());
        }
        loop {
            self.ws();
            let key = self.string()?;
            let name = std::str::from_utf8(&self.b[key.0 + 1..key.1 - 1]).ok()?;
            self.ws();
            (self.b.get(self.at) == Some(&b':')).then_some(())?;
            self.at += 1;
            self.ws();
            self.stack.push(Seg::Member(name.to_string()));
            let r = self.value(Some(key));
            self.stack.pop();
            r?;
            self.ws();
            match *self.b.get(self.at)? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self) -> Option<()> {
        self.at += 1;
        self.ws();
        if self.b.get(self.at) == Some(&b']') {
            self.at += 1;
            return Some(());
        }
        for i in 0.. {
            self.ws();
            self.stack.push(Seg::Index(i));
            let r = self.value(None);
            self.stack.pop();
            r?;
            self.ws();
            match *self.b.get(self.at)? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
        Some(())
    }

    /// Skips one value without following its members.
    fn skip(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match *self.b.get(self.at)? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.at += 1;
                }
                b',' | b':' if depth > 0 => self.at += 1,
                c if c.is_ascii_whitespace() && depth > 0 => self.at += 1,
                _ if depth == 0 => {
                    // A scalar at the top: up to the next delimiter.
                    while self.b.get(self.at).is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace()) {
                        self.at += 1;
                    }
                    return Some(());
                }
                _ => self.at += 1,
            }
            if depth == 0 {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::locate;
    use crate::validate::{Diagnostic, MemberPath, Rule};

    fn span_of<'a>(text: &'a str, path: &str, rule: Rule) -> Option<&'a str> {
        let mut d = [Diagnostic::new(MemberPath::parse(path), rule, "m")];
        locate(text.as_bytes(), &mut d);
        d[0].span.map(|[s, e]| &text[s as usize..e as usize])
    }

    #[test]
    fn spans_cover_the_member_the_path_names() {
        let t = r#"{"Records": [{"Dimensions": [{"Name": "a", "Value": "x"}], "MeasureValueType": "FLOAT"},
            {"MeasureValue": 12, "Extra": {"a": [1, 2]}, "Dimensions": []}], "DatabaseName": "d\"b"}"#;
        assert_eq!(span_of(t, "Records[0].MeasureValueType", Rule::Enum), Some(r#""FLOAT""#));
        assert_eq!(span_of(t, "Records[0].Dimensions[0].Value", Rule::MinLength), Some(r#""x""#));
        assert_eq!(span_of(t, "Records[1].MeasureValue", Rule::Type), Some("12"));
        assert_eq!(span_of(t, "DatabaseName", Rule::Pattern), Some(r#""d\"b""#));
        // Containers: the member's name, or a list item's opening bracket.
        assert_eq!(span_of(t, "Records[1].Dimensions", Rule::Semantic), Some(r#""Dimensions""#));
        assert_eq!(span_of(t, "Records[1]", Rule::Semantic), Some("{"));
        assert_eq!(span_of(t, "Records[1].Extra", Rule::UnknownMember), Some(r#""Extra""#));
        // A missing member: the nearest enclosing one that is there.
        assert_eq!(span_of(t, "Records[1].MeasureValueType", Rule::Required), Some("{"));
        assert_eq!(span_of(t, "TableName", Rule::Required), Some("{"));
        assert_eq!(span_of(t, "Records[0].Dimensions[0].Name", Rule::Pattern).map(|s| s.len()), Some(3));
    }

    #[test]
    fn broken_or_odd_text_never_panics() {
        for t in ["", "{", "{\"a\":", "[1,", "{\"a\" 1}", "\"", "{\"Records\":[{\"x\":\"\\", "nul", "{\"é\":[{}]}"] {
            let mut d = [Diagnostic::new(MemberPath::parse("Records[0].x"), Rule::Type, "m"), Diagnostic::new(MemberPath::root(), Rule::Syntax, "m")];
            locate(t.as_bytes(), &mut d);
        }
        assert_eq!(span_of("{\"é\": 1}", "é", Rule::Type), Some("1"));
    }
}
