//! The problems of the editor's text (derived by `Engine::diagnose`, never stored): member path,
//! rule and message as text. Clicking one emits its path.

use std::rc::Rc;

use timestream_engine::Diagnostic;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub list: Rc<[Diagnostic]>,
    pub onpick: Callback<String>,
}

#[function_component(Diagnostics)]
pub fn diagnostics(props: &DiagnosticsProps) -> Html {
    let items = props.list.iter().map(|d| {
        let path = d.path.to_string();
        let onclick = props.onpick.reform({
            let path = path.clone();
            move |_| path.clone()
        });
        html! {
            <li>
                <button type="button" class="diag" {onclick}>
                    <code class="diag-path">{ if path.is_empty() { "(body)".to_string() } else { path } }</code>
                    <span class="diag-rule">{ format!("{:?}", d.rule) }</span>
                    <span class="diag-msg">{ d.message.clone() }</span>
                </button>
            </li>
        }
    });
    html! {
        <div class="diagnostics" data-testid="diagnostics" aria-live="polite">
            if props.list.is_empty() {
                <p class="ok-note">{ "No problems found" }</p>
            } else {
                <ul>{ for items }</ul>
            }
        </div>
    }
}

/// Byte offset of the path's last member name (`"Name"`) in `text`: walks the path's members in
/// order, skipping list items by counting top-level commas. Falls back to the last member found.
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let (mut pos, mut found) = (0, None);
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let mut parts = seg.split('[');
        let name = parts.next().unwrap_or("");
        if !name.is_empty() {
            let key = format!("\"{name}\"");
            let Some(p) = text[pos..].find(&key).map(|p| p + pos) else { break };
            found = Some((p + 1, p + 1 + name.len()));
            pos = p + key.len();
        }
        for idx in parts {
            let mut k: usize = idx.trim_end_matches(']').parse().unwrap_or(0);
            let Some(open) = text[pos..].find('[').map(|p| p + pos) else { return found };
            let (mut depth, mut in_str, mut j) = (0i32, false, open);
            while j < b.len() {
                match b[j] {
                    b'\\' if in_str => j += 1,
                    b'"' => in_str = !in_str,
                    _ if in_str => {}
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return found;
                        }
                    }
                    b',' if depth == 1 => k = k.saturating_sub(1),
                    _ => {}
                }
                j += 1;
                if k == 0 {
                    break;
                }
            }
            pos = j.min(b.len());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn locate_walks_members_and_list_items() {
        let t = r#"{"Records":[{"Dimensions":[{"Name":"a"}]},{"Dimensions":[{"Name":"b"},{"Name":"c"}]}]}"#;
        let at = |p| locate(t, p).map(|(s, e)| &t[s - 1..e + 5]);
        assert_eq!(at("Records[1].Dimensions[1].Name"), Some(r#""Name":"c""#));
        assert_eq!(at("Records[0].Dimensions[0].Name"), Some(r#""Name":"a""#));
        assert_eq!(locate(t, "DatabaseName"), None);
        assert_eq!(locate(t, ""), None);
    }
}
