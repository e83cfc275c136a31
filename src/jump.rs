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

/// Selects `Records[index]` in the request editor (`#request-body`) and scrolls it into view.
pub fn select_record(text: &str, index: usize) -> bool {
    use wasm_bindgen::JsCast;
    let Some((start, end)) = record_span(text, index) else { return false };
    let Some(area) = gloo::utils::document().get_element_by_id("request-body").and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else {
        return false;
    };
    // The textarea counts UTF-16 units.
    let units = |at: usize| text[..at].encode_utf16().count() as u32;
    let _ = area.focus();
    let _ = area.set_selection_range(units(start), units(end));
    // Scroll the textarea to the selection's line (a textarea does not on its own when the
    // selection is set from script), then the page to the textarea.
    let line = text[..start].matches('\n').count() as f64;
    let line_height = area.scroll_height() as f64 / (text.matches('\n').count() as f64 + 1.0);
    area.set_scroll_top((line * line_height - 40.0).max(0.0) as i32);
    crate::hooks::bring_into_view(&area);
    true
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
