//! The batch-load tasks (ListBatchLoadTasks) and the selected one: status, a progress bar and
//! the ProgressReport counters while the runner steps it, Stop (the console's stop) and Resume
//! (ResumeBatchLoadTask through the seam), and once it has ended its error report read from
//! S3, each reason with its line ranges beside the failing lines of the CSV.

use timestream_engine::clock::{iso8601_millis, NANOS_PER_MILLI};
use timestream_engine::protocol::{Reply, Request, TaskView};
use timestream_engine::{Operation, TaskStatus};
use yew::prelude::*;

use super::{clicked, size, UiMsg, VIEW_BYTES};
use crate::client::EngineClient;
use crate::hooks::use_query;
use crate::state::wire_json;

/// Failing source lines shown per reason.
const LINES_PER_REASON: usize = 20;

#[derive(Properties, PartialEq, Clone)]
pub struct TaskListProps {
    pub client: EngineClient,
    pub revision: u64,
    pub task: Option<AttrValue>,
    pub onui: Callback<UiMsg>,
}

fn when(epoch_seconds: f64) -> String {
    iso8601_millis((epoch_seconds * 1000.0).round() as i64 * NANOS_PER_MILLI)
}

fn ranges_text(ranges: &[[u64; 2]]) -> String {
    let parts: Vec<String> = ranges.iter().map(|r| if r[0] == r[1] { r[0].to_string() } else { format!("{}-{}", r[0], r[1]) }).collect();
    format!("line{} {}", if parts.len() == 1 && ranges[0][0] == ranges[0][1] { "" } else { "s" }, parts.join(", "))
}

#[derive(Properties, PartialEq, Clone)]
struct ReportProps {
    client: EngineClient,
    revision: u64,
    /// The task, the report's bucket and key, and the source bucket its file names are in.
    task: AttrValue,
    bucket: AttrValue,
    object: AttrValue,
    source: AttrValue,
}

/// A task's error report, read from S3: each reason with its line ranges and those lines.
#[function_component(ReportView)]
fn report_view(props: &ReportProps) -> Html {
    let (bucket, key) = (props.bucket.to_string(), props.object.to_string());
    let reply = use_query(&props.client, Some(Request::ErrorReport { task_id: props.task.to_string() }), props.revision);
    let body = match reply.as_deref() {
        None => html! {},
        Some(Reply::ErrorReport { report: Some(r) }) => {
            let files = r.file_errors.iter().map(|f| {
                let name = f.file_name.clone();
                let reasons = f.errors.iter().map(|e| {
                    let ranges = e.line_ranges.clone();
                    html! {
                        <li>
                            <span class="outcome error">{ e.reason.clone() }</span>
                            if !ranges.is_empty() {
                                <span class="hint" data-testid="batch-report-lines">{ format!(" ({})", ranges_text(&ranges)) }</span>
                                <SourceLines client={props.client.clone()} revision={props.revision} bucket={props.source.clone()} object={AttrValue::from(name.clone())} {ranges} />
                            }
                        </li>
                    }
                });
                html! { <li><strong class="mono">{ name.clone() }</strong><ul>{ for reasons }</ul></li> }
            });
            html! {
                <ul class="report-files">
                    { for r.task_errors.iter().map(|e| html! { <li class="outcome error">{ e.reason.clone() }</li> }) }
                    { for files }
                </ul>
            }
        }
        Some(_) => html! { <p class="placeholder">{ "The report object is gone, or is no error report." }</p> },
    };
    html! {
        <div class="report" data-testid="batch-report">
            <h4>{ "Error report" }</h4>
            <p class="hint mono">{ format!("s3://{bucket}/{key}") }</p>
            { body }
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
struct LinesProps {
    client: EngineClient,
    revision: u64,
    bucket: AttrValue,
    object: AttrValue,
    ranges: Vec<[u64; 2]>,
}

/// The failing lines of a source file, beside the reason that names them.
#[function_component(SourceLines)]
fn source_lines(props: &LinesProps) -> Html {
    let request = Request::ObjectLines {
        bucket: props.bucket.to_string(),
        key: props.object.to_string(),
        ranges: props.ranges.clone(),
        max: LINES_PER_REASON,
        max_bytes: VIEW_BYTES,
    };
    match use_query(&props.client, Some(request), props.revision).as_deref() {
        Some(Reply::Lines { lines }) if !lines.is_empty() => {
            html! { <pre class="body source-lines">{ lines.iter().map(|(n, t)| format!("{n:>6}  {t}\n")).collect::<String>() }</pre> }
        }
        _ => html! {},
    }
}

fn detail(props: &TaskListProps, view: &TaskView, note: &Option<String>) -> Html {
    let (task, done, total) = (&view.task, view.done, view.total);
    let p = &task.progress;
    let counters = [
        ("RecordsProcessed", p.records_processed),
        ("RecordsIngested", p.records_ingested),
        ("ParseFailures", p.parse_failures),
        ("RecordIngestionFailures", p.record_ingestion_failures),
        ("FileFailures", p.file_failures),
        ("BytesMetered", p.bytes_metered),
    ];
    let status = task.status;
    let class = match status {
        TaskStatus::Succeeded => "ok",
        TaskStatus::Failed => "error",
        _ => "",
    };
    html! {
        <div class="task" data-testid="batch-task">
            <p><span class="mono">{ task.id.clone() }</span>{ " " }<span class={classes!("status", class)} data-testid="batch-status">{ status.as_str() }</span></p>
            <div class="progress-line">
                <progress data-testid="batch-progress" aria-label="Task progress" max={total.max(1).to_string()} value={done.to_string()}></progress>
                <span data-testid="batch-progress-text">{ format!("{}% ({} of {})", done * 100 / total.max(1), size(done), size(total)) }</span>
            </div>
            <dl class="meta">
                { for counters.iter().map(|(name, v)| html! { <><dt>{ *name }</dt><dd class="mono" data-testid={format!("counter-{name}")}>{ *v }</dd></> }) }
            </dl>
            if let Some(m) = &task.error_message { <p class="hint" data-testid="batch-error-message">{ m.clone() }</p> }
            if let Some(until) = task.resumable_until { <p class="hint">{ format!("Resumable until {}", iso8601_millis(until)) }</p> }
            <div class="toolbar">
                <button type="button" disabled={!status.is_active()} data-act="stop" data-arg={task.id.clone()}>{ "Stop" }</button>
                <button type="button" disabled={status != TaskStatus::ProgressStopped} data-act="resume" data-arg={task.id.clone()}>{ "Resume" }</button>
            </div>
            if let Some(n) = note { <p class="diag-rule" role="alert">{ n.clone() }</p> }
            if let (true, Some((bucket, key))) = (status.is_final(), &task.report_location) {
                <ReportView client={props.client.clone()} revision={props.revision} task={AttrValue::from(task.id.clone())} bucket={AttrValue::from(bucket.clone())} object={AttrValue::from(key.clone())}
                    source={AttrValue::from(task.request.data_source_configuration.data_source_s3_configuration.bucket_name.clone())} />
            }
        </div>
    }
}

#[function_component(TaskList)]
pub fn task_list(props: &TaskListProps) -> Html {
    let note = use_state(|| None::<String>);
    let onclick = {
        let (client, onui, note) = (props.client.clone(), props.onui.clone(), note.clone());
        Callback::from(move |e: MouseEvent| {
            let Some((act, id)) = clicked(&e) else { return };
            let note = note.clone();
            match act.as_str() {
                "task" => {
                    onui.emit(UiMsg::Task(Some(id)));
                    note.set(None);
                }
                "stop" => client.ask(Request::StopBatchLoad { task_id: id }, move |r| {
                    note.set(match r {
                        Reply::Error { message } => Some(message),
                        _ => None,
                    })
                }),
                _ => {
                    let body = format!("{{\"TaskId\": {}}}", timestream_engine::json_text(&id));
                    client.ask(Request::Handle { target: Operation::ResumeBatchLoadTask.target(), body }, move |r| {
                        let Reply::Response(wire) = r else { return };
                        note.set((wire.status != 200).then(|| {
                            format!("{} {}: {}", wire.status, wire.error_type.as_deref().unwrap_or(""), wire_json(&wire)["message"].as_str().unwrap_or(""))
                        }));
                    });
                }
            }
        })
    };
    let tasks = match use_query(&props.client, Some(Request::BatchTasks), props.revision).as_deref() {
        Some(Reply::Tasks { tasks }) => tasks.clone(),
        _ => Vec::new(),
    };
    let selected = props.task.as_deref().filter(|t| tasks.iter().any(|x| x.task.id == *t)).or(tasks.last().map(|t| t.task.id.as_str()));
    let rows = tasks.iter().rev().map(|v| {
        let t = v.task.summary();
        let on = selected == Some(t.task_id.as_str());
        html! {
            <tr key={t.task_id.clone()} class={classes!(on.then_some("selected"))}>
                <td><button type="button" class="link mono" aria-pressed={on.to_string()} data-act="task" data-arg={t.task_id.clone()}>{ t.task_id.clone() }</button></td>
                <td class="nowrap">{ t.task_status.clone() }</td>
                <td class="mono target">{ format!("{}.", t.database_name) }<wbr />{ t.table_name.clone() }</td>
                { crate::components::time_cell(&when(t.creation_time)) }
            </tr>
        }
    });
    let task = selected.and_then(|id| tasks.iter().find(|v| v.task.id == id));
    html! {
        <div class="tasks" {onclick}>
            <table data-testid="batch-tasks"><tbody>{ for rows }</tbody></table>
            if tasks.is_empty() {
                <p class="hint" data-testid="batch-tasks-empty">{ "No tasks yet: Start task sends the request above as CreateBatchLoadTask." }</p>
            }
            if let Some(task) = task { { detail(props, task, &note) } }
        </div>
    }
}
