//! The request body editor: a labelled textarea; Ctrl+Enter (Cmd+Enter on a Mac) runs.

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RequestEditorProps {
    pub value: AttrValue,
    pub onedit: Callback<String>,
    pub onrun: Callback<()>,
}

#[function_component(RequestEditor)]
pub fn request_editor(props: &RequestEditorProps) -> Html {
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
            <textarea id="request-body" name="request-body" spellcheck="false" autocomplete="off"
                rows="18" value={props.value.clone()} {oninput} {onkeydown} />
            <p class="hint">{ "Ctrl+Enter (⌘+Enter) runs the request." }</p>
        </div>
    }
}
