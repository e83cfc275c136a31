//! "Copy as code": the request as boto3, AWS CLI or JavaScript SDK v3 code (engine code::gen) in a
//! read-only textarea, with a Copy button. The toggle stays the same element whether the panel is
//! open or not (it keeps the focus), and Close (or Escape) gives the focus back to it.

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::codegen::{generate, Language};
use crate::share;
use crate::state::Text;
use timestream_engine::Operation;

#[derive(Properties, PartialEq)]
pub struct CodeDialogProps {
    pub operation: Operation,
    /// The editor's text (a shared `Text`: compared as a pointer first, never copied per render).
    pub request: Text,
}

#[function_component(CodeDialog)]
pub fn code_dialog(props: &CodeDialogProps) -> Html {
    let open = use_state(|| false);
    let lang = use_state(|| Language::Boto3);
    let copied = use_state(|| None::<bool>);
    let area = use_node_ref();
    let toggle = use_node_ref();

    let ontoggle = {
        let (open, copied) = (open.clone(), copied.clone());
        Callback::from(move |_| {
            open.set(!*open);
            copied.set(None);
        })
    };
    let button = html! {
        <button ref={toggle.clone()} type="button" class="secondary" aria-expanded={open.to_string()} aria-controls={open.then_some("codegen")} onclick={ontoggle.clone()}>
            { "Copy as code" }
        </button>
    };
    if !*open {
        return html! { <>{ button }{ Html::default() }</> };
    }
    // Escape closes the panel like its Close button (the focus goes back to the toggle).
    let onkeydown = {
        let (open, toggle) = (open.clone(), toggle.clone());
        crate::focus::on_escape(Callback::from(move |()| {
            crate::focus::focus(toggle.cast());
            open.set(false);
        }))
    };
    let onclose = ontoggle.reform(move |e: MouseEvent| {
        crate::focus::focus(toggle.cast());
        e
    });
    let code = generate(*lang, props.operation, &props.request);
    let choices = Language::ALL.into_iter().map(|l| {
        let (lang_state, copied) = (lang.clone(), copied.clone());
        let onclick = Callback::from(move |_| {
            lang_state.set(l);
            copied.set(None);
        });
        let selected = l == *lang;
        html! {
            <button type="button" class={classes!("tab", selected.then_some("selected"))} aria-pressed={selected.to_string()} {onclick}>{ l.label() }</button>
        }
    });
    let body = match &code {
        Ok(code) => {
            let oncopy = {
                let (code, copied, area) = (code.clone(), copied.clone(), area.clone());
                Callback::from(move |_| {
                    let (code, copied, area) = (code.clone(), copied.clone(), area.clone());
                    spawn_local(async move {
                        let ok = share::copy(&code).await;
                        if !ok {
                            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                                el.select();
                            }
                        }
                        copied.set(Some(ok));
                    });
                })
            };
            html! {
                <>
                    <textarea ref={area} readonly=true aria-label="Generated code" data-testid="codegen-code" spellcheck="false"
                        rows={(code.lines().count() + 1).clamp(4, 20).to_string()} value={code.clone()} />
                    <div class="codegen-actions">
                        <button type="button" class="primary" onclick={oncopy}>{ "Copy" }</button>
                        <span role="status">{ match *copied {
                            Some(true) => "Copied to the clipboard.",
                            Some(false) => "The clipboard is not available: the code is selected, press Ctrl+C.",
                            None => "",
                        } }</span>
                    </div>
                </>
            }
        }
        Err(message) => html! { <p class="error" data-testid="codegen-error">{ message }</p> },
    };
    html! {
        <>
            { button }
            <section id="codegen" class="codegen" role="region" aria-label="Copy as code" data-testid="codegen" {onkeydown}>
                <div class="codegen-langs" role="group" aria-label="Language">{ for choices }</div>
                { body }
                <button type="button" class="link" onclick={onclose}>{ "Close" }</button>
            </section>
        </>
    }
}
