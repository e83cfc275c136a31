//! Quick fixes for diagnostics whose intent is clear: an enum value with a typo or the wrong
//! case (`FLOAT` → `DOUBLE`), a number or boolean where a string is required (quote it), and
//! MeasureValues on a record that does not say MULTI (insert `"MeasureValueType": "MULTI"`).

use timestream_engine::{Diagnostic, Rule};

/// One edit of the text: replace bytes `start..end` with `insert`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// The button's words: `Use DOUBLE`.
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub insert: String,
}

impl Fix {
    #[cfg(test)]
    pub fn apply(&self, text: &str) -> Option<String> {
        let ok = self.start <= self.end && self.end <= text.len() && text.is_char_boundary(self.start) && text.is_char_boundary(self.end);
        ok.then(|| format!("{}{}{}", &text[..self.start], self.insert, &text[self.end..]))
    }
}

/// Names people write for the measure value types.
const SYNONYMS: [(&str, &str); 9] = [
    ("FLOAT", "DOUBLE"),
    ("DECIMAL", "DOUBLE"),
    ("NUMBER", "DOUBLE"),
    ("INT", "BIGINT"),
    ("INTEGER", "BIGINT"),
    ("LONG", "BIGINT"),
    ("STRING", "VARCHAR"),
    ("TEXT", "VARCHAR"),
    ("BOOL", "BOOLEAN"),
];

/// The fix for diagnostic `d` whose member is at `span` (bytes) of `text`, when there is one.
pub fn fix_for(text: &str, d: &Diagnostic, span: (usize, usize)) -> Option<Fix> {
    let (start, end) = span;
    let raw = text.get(start..end)?;
    match d.rule {
        Rule::Enum => {
            let value = raw.strip_prefix('"')?.strip_suffix('"')?;
            let set = &d.message[d.message.rfind('[')? + 1..d.message.rfind(']')?];
            let allowed: Vec<&str> = set.split(", ").collect();
            let up = value.to_ascii_uppercase();
            let pick = allowed
                .iter()
                .find(|a| a.eq_ignore_ascii_case(value))
                .or_else(|| SYNONYMS.iter().find(|(w, _)| *w == up).and_then(|(_, to)| allowed.iter().find(|a| *a == to)))
                .or_else(|| {
                    let near: Vec<&&str> = allowed.iter().filter(|a| distance(&up, a) <= 2).collect();
                    (near.len() == 1).then(|| near[0])
                })?;
            Some(Fix { label: format!("Use {pick}"), start, end, insert: format!("\"{pick}\"") })
        }
        Rule::Type if d.message.contains("expected string, found number") || d.message.contains("expected string, found boolean") => {
            Some(Fix { label: format!("Quote it: \"{raw}\""), start, end, insert: format!("\"{raw}\"") })
        }
        Rule::Semantic if d.message.starts_with("MeasureValues can only be specified") && raw == "\"MeasureValues\"" => {
            // Only when the record has no MeasureValueType of its own (it then defaults to DOUBLE).
            let record = enclosing(text, start)?;
            (!record.contains("\"MeasureValueType\"")).then(|| Fix {
                label: "Insert \"MeasureValueType\": \"MULTI\"".into(),
                start,
                end: start,
                insert: "\"MeasureValueType\": \"MULTI\", ".into(),
            })
        }
        _ => None,
    }
}

/// The object around byte `at` (brackets counted; brackets inside strings are rare in records).
fn enclosing(text: &str, at: usize) -> Option<&str> {
    let b = text.as_bytes();
    let open = unmatched(b, (0..at).rev(), b"}]", b"{[")?;
    let close = unmatched(b, at..b.len(), b"{[", b"}]")?;
    text.get(open..=close)
}

/// The first of `ends` in the order `at` walks that is not matched by one of `deeper` before it.
fn unmatched(b: &[u8], mut at: impl Iterator<Item = usize>, deeper: &[u8], ends: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    at.find(|&i| {
        if deeper.contains(&b[i]) {
            depth += 1;
        } else if ends.contains(&b[i]) {
            if depth == 0 {
                return true;
            }
            depth -= 1;
        }
        false
    })
}

/// Edit distance (insertions, deletions, substitutions) of two short ASCII words.
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::fix_for;
    use timestream_engine::{Diagnostic, MemberPath, Rule};

    fn fixed(text: &str, rule: Rule, message: &str, member: &str) -> Option<String> {
        let start = text.find(member).unwrap();
        let d = Diagnostic::new(MemberPath::root(), rule, message);
        fix_for(text, &d, (start, start + member.len()))?.apply(text)
    }

    const ENUM: &str = "Value 'x' at 'records.1.member.measureValueType' failed to satisfy constraint: Member must satisfy enum value set: [DOUBLE, BIGINT, VARCHAR, BOOLEAN, TIMESTAMP, MULTI]";

    #[test]
    fn enum_typos_and_case_get_the_value_meant() {
        assert_eq!(fixed(r#"{"T": "FLOAT"}"#, Rule::Enum, ENUM, "\"FLOAT\"").as_deref(), Some(r#"{"T": "DOUBLE"}"#));
        assert_eq!(fixed(r#"{"T": "double"}"#, Rule::Enum, ENUM, "\"double\"").as_deref(), Some(r#"{"T": "DOUBLE"}"#));
        assert_eq!(fixed(r#"{"T": "BIGNT"}"#, Rule::Enum, ENUM, "\"BIGNT\"").as_deref(), Some(r#"{"T": "BIGINT"}"#));
        assert_eq!(fixed(r#"{"T": "int"}"#, Rule::Enum, ENUM, "\"int\"").as_deref(), Some(r#"{"T": "BIGINT"}"#));
        // No clear intent, no fix.
        assert_eq!(fixed(r#"{"T": "WHATEVER"}"#, Rule::Enum, ENUM, "\"WHATEVER\""), None);
    }

    #[test]
    fn numbers_where_strings_go_are_quoted() {
        let m = "Unexpected value type for member 'Records[0].MeasureValue': expected string, found number";
        assert_eq!(fixed(r#"{"MeasureValue": 12.5}"#, Rule::Type, m, "12.5").as_deref(), Some(r#"{"MeasureValue": "12.5"}"#));
        let other = "Unexpected value type for member 'Records': expected list (a JSON array), found number";
        assert_eq!(fixed(r#"{"Records": 1}"#, Rule::Type, other, "1"), None);
    }

    #[test]
    fn measure_values_without_multi_get_the_type_inserted() {
        let m = "MeasureValues can only be specified for a record with MeasureValueType MULTI, not DOUBLE.";
        let t = r#"{"Records": [{"MeasureName": "m", "MeasureValues": []}]}"#;
        assert_eq!(
            fixed(t, Rule::Semantic, m, "\"MeasureValues\"").as_deref(),
            Some(r#"{"Records": [{"MeasureName": "m", "MeasureValueType": "MULTI", "MeasureValues": []}]}"#)
        );
        let typed = r#"{"Records": [{"MeasureValueType": "DOUBLE", "Dimensions": [{"Name": "a"}], "MeasureValues": []}]}"#;
        assert_eq!(fixed(typed, Rule::Semantic, m, "\"MeasureValues\""), None);
        let typed = r#"{"Records": [{"MeasureValues": [], "MeasureValueType": "DOUBLE"}]}"#;
        assert_eq!(fixed(typed, Rule::Semantic, m, "\"MeasureValues\""), None);
    }
}
