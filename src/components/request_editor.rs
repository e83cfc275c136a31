//! The request body editor: a labelled textarea; Ctrl+Enter (Cmd+Enter on a Mac) runs. Under it,
//! the problems of the text; clicking one puts the cursor on the member it names.

use std::rc::Rc;

use timestream_engine::Diagnostic;
use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::diagnostics::{locate, Diagnostics};

#[derive(Properties, PartialEq)]
pub struct RequestEditorProps {
    pub value: AttrValue,
    pub onedit: Callback<String>,
    pub onrun: Callback<()>,
    pub diagnostics: Rc<[Diagnostic]>,
}

#[function_component(RequestEditor)]
pub fn request_editor(props: &RequestEditorProps) -> Html {
    let area = use_node_ref();
    let onpick = {
        let area = area.clone();
        Callback::from(move |path: String| {
            let Some(el) = area.cast::<HtmlTextAreaElement>() else { return };
            let text = el.value();
            if let Some((start, end)) = locate(&text, &path) {
                let utf16 = |i: usize| text[..i].encode_utf16().count() as u32;
                let _ = el.set_selection_range(utf16(start), utf16(end));
            }
            let _ = el.focus();
        })
    };
    let oninput = {
        let onedit = props.onedit.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            onedit.emit(area.value());
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
            <textarea ref={area} id="request-body" name="request-body" spellcheck="false" autocomplete="off"
                rows="18" value={props.value.clone()} {oninput} {onkeydown} />
            <p class="hint">{ "Ctrl+Enter (⌘+Enter) runs the request." }</p>
            <Diagnostics list={props.diagnostics.clone()} {onpick} />
        </div>
    }
}
