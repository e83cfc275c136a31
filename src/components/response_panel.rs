//! The engine's answer: HTTP status, error type, request id and the pretty-printed body.
//! Everything is rendered as text, never as HTML.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::ResponseView;

#[derive(Properties, PartialEq)]
pub struct ResponsePanelProps {
    pub response: Option<Rc<ResponseView>>,
}

#[function_component(ResponsePanel)]
pub fn response_panel(props: &ResponsePanelProps) -> Html {
    let content = match &props.response {
        None => html! { <p class="placeholder">{ "Pick an operation and press Run." }</p> },
        Some(r) => {
            let ok = (200..300).contains(&r.status);
            html! {
                <>
                    <dl class="meta">
                        <dt>{ "Operation" }</dt>
                        <dd data-testid="response-operation">{ r.operation.name() }</dd>
                        <dt>{ "Status" }</dt>
                        <dd data-testid="response-status" class={classes!("status", if ok { "ok" } else { "error" })}>
                            { r.status }
                        </dd>
                        if let Some(error_type) = &r.error_type {
                            <dt>{ "Error type" }</dt>
                            <dd data-testid="response-error-type">{ error_type.clone() }</dd>
                        }
                        <dt>{ "Request id" }</dt>
                        <dd data-testid="response-request-id" class="mono">{ r.request_id.clone() }</dd>
                    </dl>
                    if r.body.is_empty() {
                        <p class="placeholder">{ "(empty body)" }</p>
                    } else {
                        <pre data-testid="response-body" class="body">{ r.body.clone() }</pre>
                    }
                </>
            }
        }
    };
    html! {
        <section class="response" aria-labelledby="response-heading" aria-live="polite">
            <h2 id="response-heading">{ "Response" }</h2>
            { content }
        </section>
    }
}
