//! Links from the response to where a rejected record lives: its place in the editor's text
//! (`Records[i]`, selected) and its version timeline in the inspector.

use timestream_engine::clock::Nanos;

/// A stored record the inspector opens at its version timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordRef {
    pub database: String,
    pub table: String,
    pub series: u32,
    pub record: u32,
    /// The record's own time (its `Time`), shown beside the write times of its attempts.
    pub time: Nanos,
}

/// The byte span of item `index` (an object) of the top-level `"Records"` list of `text`, from
/// its `{` to its `}`; None when the text has no such item (or is not JSON enough to find it).
pub fn record_span(text: &str, index: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let key = text.find("\"Records\"")?;
    let open = key + text[key..].find('[')?;
    let (mut depth, mut in_str, mut item, mut start) = (0i32, false, 0usize, None);
    let mut j = open;
    while j < b.len() {
        match b[j] {
            b'\\' if in_str => j += 1,
            b'"' => in_str = !in_str,
            _ if in_str => {}
            b'[' | b'{' => {
                depth += 1;
                if depth == 2 && item == index && b[j] == b'{' {
                    start = Some(j);
                }
            }
            b']' | b'}' => {
                depth -= 1;
                if depth == 1 {
                    if let Some(s) = start {
                        return Some((s, j + 1));
                    }
                }
                if depth == 0 {
                    return None;
                }
            }
            b',' if depth == 1 => item += 1,
            _ => {}
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::record_span;

    #[test]
    fn finds_each_record_of_the_list() {
        let t = r#"{"DatabaseName": "d", "Records": [ {"MeasureName": "a", "Dimensions": [{"Name": "x,y", "Value": "}"}]}, {"MeasureName": "b"} ]}"#;
        let at = |i| record_span(t, i).map(|(s, e)| &t[s..e]);
        assert_eq!(at(0), Some(r#"{"MeasureName": "a", "Dimensions": [{"Name": "x,y", "Value": "}"}]}"#));
        assert_eq!(at(1), Some(r#"{"MeasureName": "b"}"#));
        assert_eq!(at(2), None);
        assert_eq!(record_span("{}", 0), None);
        assert_eq!(record_span(r#"{"Records": [{"a": 1"#, 0), None);
    }
}
