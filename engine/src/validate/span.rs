//! Where each diagnostic's member is in the request text, as a byte span, for the editor's
//! squiggles and quick fixes. One pass over the JSON that follows only the members some
//! diagnostic names (everything else is skipped by bracket counting), so a 5 MB body with a
//! few diagnostics costs one scan.
//!
//! What a span covers: a scalar's value (`"FLOAT"`, `12`); an unknown member's quoted name; a
//! container member's quoted name, or the opening bracket of a list item. A member that is
//! missing (Required) points at the nearest enclosing member that is there.

use hashbrown::HashMap;

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

/// One step of a member path, borrowed: from a diagnostic's path or from the request text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Step<'a> {
    Member(&'a str),
    Index(usize),
}

impl<'a> Step<'a> {
    fn of(s: &'a Seg) -> Step<'a> {
        match s {
            Seg::Member(name) => Step::Member(name),
            Seg::Index(i) => Step::Index(*i),
        }
    }
}

/// Sets `span` on each diagnostic whose member (or an enclosing one) is found in `body`.
pub fn locate(body: &[u8], diags: &mut [Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    // The diagnostics' paths as a tree: node 0 is the request, an edge is a step from a node
    // to its member. The scan follows it from the root one step at a time (a whole path hashed
    // at every member, and the paths of a long list's problems copied, were most of a big
    // body's diagnose).
    let mut edges: HashMap<(u32, Step), u32> = HashMap::with_capacity(diags.iter().map(|d| d.path.0.len()).sum());
    // Each node's parent, and the node each diagnostic's path ends at.
    let mut parent = vec![0u32];
    let ends: Vec<u32> = diags
        .iter()
        .map(|d| {
            let mut at = 0;
            for s in &d.path.0 {
                let next = parent.len() as u32;
                at = *edges.entry((at, Step::of(s))).or_insert_with(|| {
                    parent.push(at);
                    next
                });
            }
            at
        })
        .collect();
    let mut scan = Scan { b: body, at: 0, edges: &edges, seen: vec![None; parent.len()] };
    scan.ws();
    // Text that is not JSON as far as the scan goes keeps what it found before the trouble.
    let _ = scan.value(None, Some(0));
    let seen = scan.seen;
    // (hashbrown's maps run a destructor: the borrow of `diags` ends here.)
    drop(edges);
    for (d, end) in diags.iter_mut().zip(ends) {
        // The deepest member of the path that the text has (a scan cut short by broken text
        // may have seen a member and not the container it was left in); exact when it is the
        // member the path names.
        let mut at = end;
        let found = loop {
            if let Some(node) = seen[at as usize] {
                break Some((at == end, node));
            }
            if at == 0 {
                break None;
            }
            at = parent[at as usize];
        };
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

/// Where the value of the top-level member `name` of the JSON object `body` stands in it, by the
/// same scan as [`locate`]. The text is not checked here: the scan gives up (`None`) where it
/// does not find what JSON puts there. A key with escapes is read as serde_json reads it. (The
/// playground takes a session's engine snapshot as it stands with it: src/persist.rs.)
pub fn member_span(body: &[u8], name: &str) -> Option<std::ops::Range<usize>> {
    let edges = HashMap::new();
    let mut s = Scan { b: body, at: 0, edges: &edges, seen: Vec::new() };
    s.ws();
    (s.b.get(s.at) == Some(&b'{')).then_some(())?;
    loop {
        s.at += 1;
        s.ws();
        (s.b.get(s.at) == Some(&b'"')).then_some(())?;
        let (k0, k1) = s.string()?;
        s.ws();
        (s.b.get(s.at) == Some(&b':')).then_some(())?;
        s.at += 1;
        s.ws();
        let start = s.at;
        s.skip()?;
        let key = body.get(k0..k1)?;
        let named =
            if key.contains(&b'\\') { serde_json::from_slice::<String>(key).is_ok_and(|k| k == name) } else { &key[1..key.len() - 1] == name.as_bytes() };
        if named {
            return Some(start..s.at);
        }
        s.ws();
        (s.b.get(s.at) == Some(&b',')).then_some(())?;
    }
}

struct Scan<'a, 'p> {
    b: &'a [u8],
    at: usize,
    edges: &'a HashMap<(u32, Step<'p>), u32>,
    /// What the scan saw of each node of the paths' tree.
    seen: Vec<Option<Node>>,
}

impl<'a> Scan<'a, 'a> {
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

    /// The value at `self.at`, recorded when it is a node of the paths' tree (`node`). Returns
    /// its end.
    fn value(&mut self, key: Option<(usize, usize)>, node: Option<u32>) -> Option<usize> {
        let start = self.at;
        let tracked = node.is_some();
        let c = *self.b.get(start)?;
        let container = c == b'{' || c == b'[';
        if !tracked {
            self.skip()?;
        } else if c == b'{' {
            self.object(node?)?;
        } else if c == b'[' {
            self.array(node?)?;
        } else {
            self.skip()?;
        }
        if let Some(n) = node {
            // A repeated member: the last one counts, as when the body is read.
            self.seen[n as usize] = Some(Node { key, start, end: self.at, container });
        }
        Some(self.at)
    }

    fn object(&mut self, node: u32) -> Option<()> {
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
            let child = self.edges.get(&(node, Step::Member(name))).copied();
            self.value(Some(key), child)?;
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

    fn array(&mut self, node: u32) -> Option<()> {
        self.at += 1;
        self.ws();
        if self.b.get(self.at) == Some(&b']') {
            self.at += 1;
            return Some(());
        }
        for i in 0.. {
            self.ws();
            let child = self.edges.get(&(node, Step::Index(i))).copied();
            self.value(None, child)?;
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
        // Cut short: a member seen before the trouble keeps its span, though its containers
        // were never finished.
        assert_eq!(span_of("{\"Records\": [{\"Name\": 12", "Records[0].Name", Rule::Type), Some("12"));
        assert_eq!(span_of("{\"Records\": [{\"Name\": 12", "Records[0].Other", Rule::Required), None);
    }

    #[test]
    fn a_repeated_member_is_the_last_one_as_when_the_body_is_read() {
        assert_eq!(span_of(r#"{"a": 1, "b": 2, "a": "xy"}"#, "a", Rule::Type), Some(r#""xy""#));
        assert_eq!(span_of(r#"{"a": [1], "a": [2, 3]}"#, "a[1]", Rule::Type), Some("3"));
    }

    #[test]
    fn many_diagnostics_share_their_paths_prefixes() {
        let t = r#"{"Records": [{"A": 1, "B": 2}, {"A": 3}], "C": {"D": [4]}}"#;
        let paths = ["Records[0].A", "Records[0].B", "Records[1].A", "Records[1].B", "C.D[0]", "C.D[1]", "C", "Records"];
        let mut d: Vec<Diagnostic> = paths.iter().map(|p| Diagnostic::new(MemberPath::parse(p), Rule::Type, "m")).collect();
        locate(t.as_bytes(), &mut d);
        let got: Vec<Option<&str>> = d.iter().map(|d| d.span.map(|[s, e]| &t[s as usize..e as usize])).collect();
        assert_eq!(got, [Some("1"), Some("2"), Some("3"), Some("{"), Some("4"), Some(r#""D""#), Some(r#""C""#), Some(r#""Records""#)]);
    }
}
