//! A first screen that teaches: the "Start here" card the response panel shows before the first
//! Run (a write with its database and table ready, or a guided example), and the one-click fix of
//! a ResourceNotFoundException (create the missing database and table, then run again).

use timestream_engine::protocol::{Reply, Request};
use timestream_engine::scenario::examples::EXAMPLES;
use timestream_engine::Operation;
use yew::prelude::*;

use crate::client::EngineClient;
use crate::components::Confirm;
use crate::state::ResponseView;

/// The database and table the templates use.
pub const SAMPLE: (&str, &str) = ("sampleDB", "sampleTable");

/// What a ResourceNotFoundException of `response` lacks, read from the request that was sent:
/// the database, and the table when the request names one (not for CreateTable, which makes its
/// own).
pub fn missing(response: &ResponseView, request: &str) -> Option<(String, Option<String>)> {
    if response.error_type.as_deref() != Some("ResourceNotFoundException") {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(request.as_bytes()).ok()?;
    let name = |k: &str| json[k].as_str().filter(|s| !s.is_empty()).map(str::to_string);
    let database = name("DatabaseName")?;
    let table = name("TableName").filter(|_| response.operation != Operation::CreateTable);
    Some((database, table))
}

/// The button's words for `missing`'s answer.
pub fn create_label((database, table): &(String, Option<String>)) -> String {
    match table {
        Some(t) => format!("Create database \u{201c}{database}\u{201d} and table \u{201c}{t}\u{201d}, then run again"),
        None => format!("Create database \u{201c}{database}\u{201d}, then run again"),
    }
}

/// Runs CreateDatabase and (if named) CreateTable, then `then`. A database or table that exists
/// already (ConflictException) is fine: what matters is that it is there after.
pub fn create(client: &EngineClient, database: &str, table: Option<&str>, then: impl FnOnce() + 'static) {
    let handle = |op: Operation, body: serde_json::Value| Request::Handle { target: op.target(), body: timestream_engine::json_text(&body) };
    client.tell(handle(Operation::CreateDatabase, serde_json::json!({ "DatabaseName": database })));
    let last = match table {
        Some(t) => handle(Operation::CreateTable, serde_json::json!({ "DatabaseName": database, "TableName": t })),
        None => Request::Tables,
    };
    client.ask(last, move |_: Reply| then());
}

#[derive(Properties, PartialEq)]
pub struct StartHereProps {
    /// Open WriteRecords with sampleDB and sampleTable created.
    pub onwrite: Callback<()>,
    /// Start the example with this id (after the user confirmed the reset).
    pub onexample: Callback<String>,
}

/// The card shown where the response will be, before the first Run.
#[function_component(StartHere)]
pub fn start_here(props: &StartHereProps) -> Html {
    // The example waiting for the user's yes (it resets the emulator).
    let pending = use_state(|| None::<&'static str>);
    let examples = EXAMPLES.iter().map(|ex| {
        let (pending, id) = (pending.clone(), ex.id);
        let onclick = Callback::from(move |_| pending.set(Some(id)));
        html! { <li><button id={format!("start-{id}")} type="button" class="link" title={ex.summary} {onclick}>{ ex.title }</button></li> }
    });
    let question = (*pending).and_then(|id| EXAMPLES.iter().find(|ex| ex.id == id)).map(|ex| {
        let onaction = {
            let (pending, onexample, id) = (pending.clone(), props.onexample.clone(), ex.id);
            Callback::from(move |()| {
                pending.set(None);
                onexample.emit(id.to_string());
            })
        };
        let oncancel = {
            let (pending, id) = (pending.clone(), ex.id);
            Callback::from(move |()| {
                crate::focus::focus_id(&format!("start-{id}"));
                pending.set(None);
            })
        };
        let detail = html! { crate::guide::STARTING_RESETS };
        html! {
            <Confirm id="start-question" testid="start-confirm" question={format!("Start \u{201c}{}\u{201d}?", ex.title)} {detail}
                action="Start example" {onaction} {oncancel} focus=true />
        }
    });
    let (db, table) = SAMPLE;
    html! {
        <div class="start-here" data-testid="start-here">
            <h3>{ "Start here" }</h3>
            <p>{ "This page is the Timestream Write API, emulated in your browser: send a request, see what the service would answer." }</p>
            <p>
                <button type="button" class="primary" data-testid="start-write" onclick={props.onwrite.reform(|_| ())}>{ "Write your first records" }</button>
                { format!(" opens WriteRecords with database \u{201c}{db}\u{201d} and table \u{201c}{table}\u{201d} created for you. Then press Run (Ctrl+Enter).") }
            </p>
            <p>{ "Or walk through an example, step by step:" }</p>
            <ul class="start-examples">{ for examples }</ul>
            { question.unwrap_or_default() }
            <p class="hint">{ "After a Run, the Inspector tab shows what was stored, with each record's version timeline; the Clock tab shows which times a write may use." }</p>
        </div>
    }
}
