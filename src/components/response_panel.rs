//! The engine's answer: HTTP status, error type, request id and the pretty-printed body.
//! Everything is rendered as text, never as HTML.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::{RejectedRow, ResponseView};

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
                    if let Some([total, memory, magnetic]) = r.ingested {
                        <p data-testid="records-ingested">
                            { format!("RecordsIngested: Total {total}, MemoryStore {memory}, MagneticStore {magnetic}") }
                        </p>
                    }
                    if !r.rejected.is_empty() {
                        <table data-testid="rejected-records">
                            <thead><tr>
                                <th>{ "RecordIndex" }</th><th>{ "Reason" }</th><th>{ "ExistingVersion" }</th><th>{ "Stored record" }</th>
                            </tr></thead>
                            <tbody>{ for r.rejected.iter().map(rejected_row) }</tbody>
                        </table>
                    }
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

fn rejected_row(row: &RejectedRow) -> Html {
    let stored = row.stored.as_ref().map_or_else(String::new, |s| {
        let value = match (&s.value.value, &s.value.measure_values) {
            (Some(v), _) => v.clone(),
            (None, Some(mv)) => mv.iter().map(|a| format!("{}={}", a.name, a.value)).collect::<Vec<_>>().join(", "),
            _ => String::new(),
        };
        format!("version {}, {} = {value}", s.version, s.measure_name)
    });
    html! {
        <tr>
            <td>{ row.index }</td>
            <td>{ row.reason.clone() }</td>
            <td data-testid="existing-version">{ row.existing_version.map(|v| v.to_string()).unwrap_or_default() }</td>
            <td data-testid="stored-record">{ stored }</td>
        </tr>
    }
}
