//! The problems of the editor's text (derived by `Engine::diagnose`, never stored): member path
//! (0-based, as in the JSON), rule and message; a message in the service's own words (its
//! constraint clauses use its 1-based `records.1.member` paths) is shown verbatim and labelled
//! so. Clicking one emits its index; the one under the caret is marked; a quick fix is a button.

use std::rc::Rc;

use timestream_engine::{Diagnostic, Rule};
use yew::prelude::*;

/// At most this many are listed (a pasted file can have thousands); the count says the rest.
pub const SHOWN: usize = 200;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub list: Rc<[Diagnostic]>,
    /// Emits the index of the clicked diagnostic in `list`.
    pub onpick: Callback<usize>,
    /// The diagnostic whose member has the caret.
    #[prop_or_default]
    pub active: Option<usize>,
    /// The label of each diagnostic's quick fix (by index in `list`), when it has one.
    #[prop_or_default]
    pub fixes: Rc<[(usize, String)]>,
    #[prop_or_default]
    pub onfix: Callback<usize>,
    /// The list is the last answer, for an earlier text: the worker is reading the text as it is
    /// now (a big one). Said, and the list dimmed, when that takes a moment (www/style.css).
    #[prop_or_default]
    pub checking: bool,
}

/// Whether a message is the service's own text (a constraint clause or a request rule).
pub fn services_words(d: &Diagnostic) -> bool {
    d.rule == Rule::Semantic || d.message.contains("failed to satisfy constraint")
}

#[function_component(Diagnostics)]
pub fn diagnostics(props: &DiagnosticsProps) -> Html {
    let list_ref = use_node_ref();
    // Keep the marked one in view inside the list's own scroll (never the page's).
    use_effect_with((props.active, props.list.len()), {
        let list_ref = list_ref.clone();
        move |(active, _)| {
            let Some(i) = *active else { return };
            let Some(list) = list_ref.cast::<web_sys::HtmlElement>() else { return };
            let Some(item) = list.query_selector(&format!("[data-index=\"{i}\"]")).ok().flatten() else { return };
            let Ok(item) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(item) else { return };
            let (top, bottom) = (item.offset_top() - list.offset_top(), item.offset_top() - list.offset_top() + item.offset_height());
            if top < list.scroll_top() || bottom > list.scroll_top() + list.client_height() {
                list.set_scroll_top(top - 4);
            }
        }
    });
    let items = props.list.iter().take(SHOWN).enumerate().map(|(i, d)| {
        let path = d.path.to_string();
        let onclick = props.onpick.reform(move |_| i);
        let fix = props.fixes.iter().find(|(k, _)| *k == i).map(|(_, label)| {
            let onclick = props.onfix.reform(move |_| i);
            html! { <button type="button" class="fix" data-testid="quick-fix" {onclick}>{ label.clone() }</button> }
        });
        let message = if services_words(d) {
            html! { <span class="diag-msg"><span class="diag-src">{ "The service says: " }</span><q>{ d.message.clone() }</q></span> }
        } else {
            html! { <span class="diag-msg">{ d.message.clone() }</span> }
        };
        let active = (props.active == Some(i)).then_some("active");
        html! {
            <li class={classes!(active)} data-index={i.to_string()}>
                <button type="button" class="diag" {onclick} aria-current={active.map(|_| "true")}>
                    <code class="diag-path">{ if path.is_empty() { "(body)".to_string() } else { path } }</code>
                    <span class="diag-rule">{ format!("{:?}", d.rule) }</span>
                    { message }
                </button>
                { fix.unwrap_or_default() }
            </li>
        }
    });
    let n = props.list.len();
    let checking = props.checking.then(|| html! { <span class="diag-checking">{ " · checking the latest edit…" }</span> });
    html! {
        <div class="diagnostics" data-testid="diagnostics" aria-live="polite" aria-busy={props.checking.then_some("true")} ref={list_ref}>
            if n == 0 {
                <p class="ok-note">{ "No problems found" }{ checking.unwrap_or_default() }</p>
            } else {
                <p class="diag-count">{ if n == 1 { "1 problem".to_string() } else { format!("{n} problems") } }
                    if n > SHOWN { { format!(" (the first {SHOWN} listed)") } }{ checking.unwrap_or_default() }</p>
                <ul>{ for items }</ul>
            }
        </div>
    }
}

/// Where a diagnostic points in the editor's text, as a byte range: the line and column of a
/// JSON syntax error (from its message), else the member its path names.
pub fn target(text: &str, d: &Diagnostic) -> Option<(usize, usize)> {
    if d.rule != Rule::Syntax {
        return locate(text, &d.path.to_string());
    }
    let rest = &d.message[d.message.find(" at line ")? + 9..];
    let mut nums = rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|n| n.parse::<usize>().unwrap_or(1));
    let (line, col) = (nums.next()?, nums.next().unwrap_or(1));
    let start = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    let line_text = text[start..].split('\n').next().unwrap_or("");
    let mut at = start + col.saturating_sub(1).min(line_text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let end = (at + 1..=text.len()).find(|&e| text.is_char_boundary(e)).unwrap_or(at);
    Some((at, end))
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
    use super::{locate, target};
    use timestream_engine::{Diagnostic, MemberPath, Rule};

    #[test]
    fn syntax_errors_point_at_their_line_and_column() {
        let text = "{\n  \"A\": 1,\n  \"B\" 2\n}";
        let d = Diagnostic::new(MemberPath::root(), Rule::Syntax, "Malformed JSON at line 3 column 7: expected `:`");
        let (s, e) = target(text, &d).unwrap();
        assert_eq!((&text[s..e], text[..s].matches('\n').count() + 1), ("2", 3));
        let past = Diagnostic::new(MemberPath::root(), Rule::Syntax, "Malformed JSON at line 9 column 99: EOF");
        assert_eq!(target(text, &past).map(|(s, _)| s), Some(text.len()));
        let none = Diagnostic::new(MemberPath::root(), Rule::Syntax, "The request body must be a JSON object.");
        assert_eq!(target(text, &none), None);
    }

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
