//! A new task: the CreateBatchLoadTask request as editable JSON, a data model suggested from
//! the source's header, a preview of the first rows mapped by the engine's own code, and Start
//! (CreateBatchLoadTask through the seam, so errors read exactly as the API sends them).

use timestream_engine::protocol::{Reply, Request};
use timestream_engine::types::Record;
use timestream_engine::Operation;
use timestream_engine::{BatchPreview, PreviewRow, RowOutcome};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::UiMsg;
use crate::client::EngineClient;
use crate::hooks::use_latest;
use crate::state::wire_json;

/// Rows previewed.
pub const PREVIEW_ROWS: usize = 5;

#[derive(Properties, PartialEq, Clone)]
pub struct TaskEditorProps {
    pub client: EngineClient,
    pub revision: u64,
    pub draft: AttrValue,
    pub onui: Callback<UiMsg>,
    /// The speed control's value: rows per second, `None` for full speed.
    #[prop_or_default]
    pub pace: Option<u64>,
    /// What shows right under Start: the tasks and the selected one's status and progress.
    #[prop_or_default]
    pub status: Html,
}

/// The speed control's choices: label and rows per second (`None`: full speed).
const SPEEDS: [(&str, Option<u64>); 4] = [("Full speed", None), ("1,000 rows/s", Some(1_000)), ("100 rows/s", Some(100)), ("10 rows/s", Some(10))];

/// The draft with its DataModel replaced by one suggested from the first object under its
/// source bucket/prefix (read and suggested in the worker), to `then`; the error says why there
/// is none.
fn refill(client: &EngineClient, draft: &str, then: impl FnOnce(Result<String, String>) + 'static) {
    client.ask(Request::RefillDataModel { draft: draft.to_string() }, move |reply| {
        then(match reply {
            Reply::Draft { text } => Ok(text),
            Reply::Error { message } => Err(message),
            _ => Err("the engine answered another request (a bug: please report it)".to_string()),
        })
    });
}

/// The record's time as ISO-8601 (the raw value when it is not an epoch integer).
fn record_time(r: &Record) -> String {
    let raw = r.time.as_deref().unwrap_or_default();
    let scale = match r.time_unit.as_deref() {
        Some("SECONDS") => 1_000_000_000,
        Some("MICROSECONDS") => 1_000,
        Some("NANOSECONDS") => 1,
        _ => 1_000_000,
    };
    raw.parse::<i64>().ok().and_then(|t| t.checked_mul(scale)).map_or(raw.to_string(), timestream_engine::clock::iso8601_millis)
}

/// One line for a record: time, dimensions, measure name and values.
fn record_text(r: &Record) -> String {
    let mut t = record_time(r);
    for d in r.dimensions.iter().flatten() {
        t.push_str(&format!(" {}={}", d.name, d.value));
    }
    t.push_str(&format!(" | {}:", r.measure_name.as_deref().unwrap_or_default()));
    match (&r.measure_values, &r.measure_value) {
        (Some(list), _) => list.iter().for_each(|m| t.push_str(&format!(" {}={} ({})", m.name, m.value, m.r#type))),
        (None, Some(v)) => t.push_str(&format!(" {v} ({})", r.measure_value_type.as_deref().unwrap_or_default())),
        _ => {}
    }
    t
}

fn preview_row(row: &PreviewRow) -> Html {
    let (class, text) = match &row.outcome {
        RowOutcome::Memory => ("ok", "Ingested (memory store)".to_string()),
        RowOutcome::Magnetic => ("ok", "Ingested (magnetic store)".to_string()),
        RowOutcome::ParseFailure(r) => ("error", format!("Parse failure: {r}")),
        RowOutcome::IngestionFailure(r) => ("error", format!("Record ingestion failure: {r}")),
    };
    html! {
        <tr data-testid="batch-preview-row">
            <td>{ row.line }</td>
            <td class="mono">{ row.record.as_ref().map_or_else(|| row.cells.join(","), record_text) }</td>
            <td class={classes!("outcome", class)}>{ text }</td>
        </tr>
    }
}

fn preview(p: &BatchPreview) -> Html {
    html! {
        <div data-testid="batch-preview">
            if !p.file.is_empty() {
                <p class="hint">{ format!("First rows of {} ({} file{} to load)", p.file, p.files, if p.files == 1 { "" } else { "s" }) }</p>
            }
            if let Some(problem) = &p.problem { <p class="diag-rule" role="alert">{ problem.clone() }</p> }
            if !p.rows.is_empty() {
                <table class="preview">
                    <thead><tr><th>{ "Line" }</th><th>{ "Record (or the row when it cannot be mapped)" }</th><th>{ "Outcome" }</th></tr></thead>
                    <tbody>{ for p.rows.iter().map(preview_row) }</tbody>
                </table>
            }
        </div>
    }
}

#[function_component(TaskEditor)]
pub fn task_editor(props: &TaskEditorProps) -> Html {
    let error = use_state(|| None::<String>);
    let oninput = props.onui.reform(|e: InputEvent| UiMsg::Draft(e.target_unchecked_into::<HtmlTextAreaElement>().value()));
    let onfill = {
        let (client, onui, draft, error) = (props.client.clone(), props.onui.clone(), props.draft.clone(), error.clone());
        Callback::from(move |_| {
            let (onui, error) = (onui.clone(), error.clone());
            refill(&client, &draft, move |r| match r {
                Ok(text) => {
                    error.set(None);
                    onui.emit(UiMsg::Draft(text));
                }
                Err(e) => error.set(Some(e)),
            })
        })
    };
    let onstart = {
        let (client, onui, draft, error) = (props.client.clone(), props.onui.clone(), props.draft.clone(), error.clone());
        Callback::from(move |_| {
            let (onui, error) = (onui.clone(), error.clone());
            client.ask(Request::Handle { target: Operation::CreateBatchLoadTask.target(), body: draft.to_string() }, move |reply| {
                let Reply::Response(wire) = reply else { return };
                let json = wire_json(&wire);
                match json["TaskId"].as_str().filter(|_| wire.status == 200) {
                    Some(id) => {
                        error.set(None);
                        onui.emit(UiMsg::Task(Some(id.to_string())));
                    }
                    None => error.set(Some(format!(
                        "{} {}: {}",
                        wire.status,
                        wire.error_type.as_deref().unwrap_or(""),
                        json["message"].as_str().or(json["Message"].as_str()).unwrap_or("")
                    ))),
                }
            });
        })
    };
    let onspeed = {
        let (client, onui) = (props.client.clone(), props.onui.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let pace = value.parse::<u64>().ok();
            client.tell(Request::BatchPace { rows_per_second: pace });
            onui.emit(UiMsg::Pace(pace));
        })
    };
    let speeds = SPEEDS.iter().map(|&(label, rate)| {
        let value = rate.map_or_else(|| "full".to_string(), |r| r.to_string());
        html! { <option {value} selected={rate == props.pace}>{ label }</option> }
    });
    let result = use_latest(&props.client, Some(Request::PreviewBatchLoad { body: props.draft.to_string(), rows: PREVIEW_ROWS }), props.revision);
    html! {
        <div class="batch-editor">
            <h3>{ "New task (CreateBatchLoadTask)" }</h3>
            <div class="field">
                <label for="batch-request">{ "CreateBatchLoadTask request (JSON)" }</label>
                <textarea id="batch-request" rows="14" spellcheck="false" autocomplete="off" value={props.draft.clone()} {oninput} />
            </div>
            <div class="toolbar">
                <button type="button" class="primary" onclick={onstart}>{ "Start task" }</button>
                <div class="field">
                    <label for="batch-speed">{ "Speed" }</label>
                    <select id="batch-speed" onchange={onspeed} title="Slow a load down to watch its progress, Stop and Resume">{ for speeds }</select>
                </div>
                <button type="button" onclick={onfill}>{ "Suggest data model from the source" }</button>
            </div>
            if let Some(e) = &*error { <p class="diag-rule" role="alert" data-testid="batch-start-error">{ e.clone() }</p> }
            { props.status.clone() }
            <h4>{ format!("Preview (first {PREVIEW_ROWS} rows)") }</h4>
            { match result.as_deref() {
                Some(Reply::Preview { preview: p }) => preview(p),
                Some(Reply::Error { message }) => html! {
                    <>
                        <p class="hint">{ "No preview: the service would refuse the request above." }</p>
                        <p class="diag-rule" data-testid="batch-preview-error">{ message.clone() }</p>
                    </>
                },
                _ => html! {},
            } }
        </div>
    }
}
