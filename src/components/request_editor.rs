//! The request body editor: a labelled textarea with a line-number gutter that marks the lines
//! with problems; Ctrl+Enter (Cmd+Enter on a Mac) runs. Under it, the problems of the text;
//! clicking one selects the member it names (or the place of a JSON syntax error).

use std::rc::Rc;

use timestream_engine::Diagnostic;
use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::diagnostics::{line_of, target, Diagnostics};

#[derive(Properties, PartialEq)]
pub struct RequestEditorProps {
    pub value: AttrValue,
    pub onedit: Callback<String>,
    /// The text after a paste (the app may recognise the request and switch operation).
    pub onpaste: Callback<String>,
    pub onrun: Callback<()>,
    pub diagnostics: Rc<[Diagnostic]>,
}

#[function_component(RequestEditor)]
pub fn request_editor(props: &RequestEditorProps) -> Html {
    let area = use_node_ref();
    let gutter = use_node_ref();
    let onpick = {
        let (area, list) = (area.clone(), props.diagnostics.clone());
        Callback::from(move |i: usize| {
            let Some(el) = area.cast::<HtmlTextAreaElement>() else { return };
            let text = el.value();
            if let Some((start, end)) = list.get(i).and_then(|d| target(&text, d)) {
                let utf16 = |i: usize| text[..i].encode_utf16().count() as u32;
                let _ = el.set_selection_range(utf16(start), utf16(end));
            }
            let _ = el.focus();
        })
    };
    let onscroll = {
        let (area, gutter) = (area.clone(), gutter.clone());
        Callback::from(move |_: Event| {
            if let (Some(a), Some(g)) = (area.cast::<web_sys::Element>(), gutter.cast::<web_sys::Element>()) {
                g.set_scroll_top(a.scroll_top());
            }
        })
    };
    // The gutter: line numbers as plain text, the lines with problems as <mark>s titled with
    // their messages (the list below is the accessible version, so the gutter is aria-hidden).
    let text = props.value.as_str();
    let mut marks: Vec<(usize, String)> = Vec::new();
    for d in props.diagnostics.iter() {
        let line = target(text, d).map_or(1, |(s, _)| line_of(text, s));
        match marks.iter_mut().find(|(l, _)| *l == line) {
            Some((_, msg)) => {
                msg.push('\n');
                msg.push_str(&d.message);
            }
            None => marks.push((line, d.message.clone())),
        }
    }
    marks.sort_by_key(|m| m.0);
    let lines = text.split('\n').count();
    let mut gutter_nodes = Vec::with_capacity(marks.len() * 2 + 1);
    let mut next = 1;
    for (line, msg) in marks.into_iter().filter(|(l, _)| *l <= lines) {
        let plain: String = (next..line).map(|n| format!("{n}\n")).collect();
        gutter_nodes.push(html! { { plain } });
        gutter_nodes.push(html! { <mark class="bad-line" title={msg}>{ format!("{line}\n") }</mark> });
        next = line + 1;
    }
    gutter_nodes.push(html! { { (next..=lines).map(|n| format!("{n}\n")).collect::<String>() } });
    // A paste sets the flag; the input event that follows sends the text to `onpaste`.
    let pasted = use_mut_ref(|| false);
    let onpaste = {
        let pasted = pasted.clone();
        Callback::from(move |_: Event| *pasted.borrow_mut() = true)
    };
    let oninput = {
        let (onedit, onpasted) = (props.onedit.clone(), props.onpaste.clone());
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            if pasted.replace(false) {
                onpasted.emit(area.value());
            } else {
                onedit.emit(area.value());
            }
        })
    };
    let onkeydown = {
        let onrun = props.onrun.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                onrun.emit(());
            }
        })
    };
    html! {
        <div class="field editor">
            <label for="request-body">{ "Request body (JSON)" }</label>
            <div class="editor-wrap">
                <pre class="gutter" ref={gutter} aria-hidden="true" data-testid="editor-gutter">{ for gutter_nodes }</pre>
                <textarea ref={area} id="request-body" name="request-body" spellcheck="false" autocomplete="off"
                    wrap="off" rows="18" value={props.value.clone()} {oninput} {onpaste} {onkeydown} {onscroll} />
            </div>
            <p class="hint">{ "Ctrl+Enter (⌘+Enter) runs the request." }</p>
            <Diagnostics list={props.diagnostics.clone()} {onpick} />
        </div>
    }
}
