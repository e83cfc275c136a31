//! The engine's answer: HTTP status, error type, request id and the pretty-printed body.
//! Everything is rendered as text, never as HTML. Before the first Run it shows `start` (the
//! "Start here" card, src/start.rs); a missing database or table gets a one-click fix
//! (`create`). After a Run the panel is brought into view when it is below the fold (a phone).

use std::rc::Rc;

use yew::prelude::*;

use crate::state::{RejectedRow, ResponseView};

#[derive(Properties, PartialEq)]
pub struct ResponsePanelProps {
    pub response: Option<Rc<ResponseView>>,
    /// What the panel shows before the first Run.
    #[prop_or_default]
    pub start: Html,
    /// The label and action of the fix of a ResourceNotFoundException, if it has one.
    #[prop_or_default]
    pub create: Option<(AttrValue, Callback<()>)>,
    /// Selects `Records[i]` of a rejected record in the editor.
    #[prop_or_default]
    pub onrecord: Callback<usize>,
    /// Opens the version timeline of the stored record a rejected record `i` hit (none in an
    /// embed: it has no inspector).
    #[prop_or_default]
    pub ontimeline: Option<Callback<usize>>,
}

#[function_component(ResponsePanel)]
pub fn response_panel(props: &ResponsePanelProps) -> Html {
    let section = use_node_ref();
    use_effect_with(props.response.as_ref().map(|r| r.request_id.clone()), {
        let section = section.clone();
        move |id: &Option<String>| {
            if let (Some(_), Some(el)) = (id, section.cast::<web_sys::Element>()) {
                crate::hooks::bring_into_view(&el);
            }
        }
    });
    let create = props.create.clone().map_or_else(Html::default, |(label, oncreate)| {
        html! { <p><button type="button" class="primary" data-testid="create-missing" onclick={oncreate.reform(|_| ())}>{ label }</button></p> }
    });
    let content = match &props.response {
        None => props.start.clone(),
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
                    { create }
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
                            <tbody>{ for r.rejected.iter().map(|row| rejected_row(row, &props.onrecord, &props.ontimeline)) }</tbody>
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
        <section ref={section} class="response" aria-labelledby="response-heading" aria-live="polite">
            <h2 id="response-heading">{ "Response" }</h2>
            { content }
        </section>
    }
}

fn rejected_row(row: &RejectedRow, onrecord: &Callback<usize>, ontimeline: &Option<Callback<usize>>) -> Html {
    let i = row.index;
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
            <td>
                <button type="button" class="link" data-testid="rejected-index" title="Select this record in the editor" aria-label={format!("Show record {i} in the editor")}
                    onclick={onrecord.reform(move |_| i)}>{ i }</button>
            </td>
            <td>{ row.reason.clone() }</td>
            <td data-testid="existing-version">{ row.existing_version.map(|v| v.to_string()).unwrap_or_default() }</td>
            <td data-testid="stored-record">
                { stored }
                if let (Some(ontimeline), true) = (ontimeline, row.stored.is_some()) {
                    { " " }
                    <button type="button" class="link" data-testid="open-timeline" aria-label={format!("Version timeline of the stored record {i} hit")}
                        onclick={ontimeline.reform(move |_| i)}>{ "Version timeline" }</button>
                }
            </td>
        </tr>
    }
}
