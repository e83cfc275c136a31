//! The batch-load tasks (ListBatchLoadTasks) and the selected one: status, a progress bar and
//! the ProgressReport counters while the runner steps it, Stop (the console's stop) and Resume
//! (ResumeBatchLoadTask through the seam), and once it has ended its error report read from
//! S3, each reason with its line ranges beside the failing lines of the CSV.

use serde_json::Value;
use timestream_engine::batch::{BatchTask, TaskStatus};
use timestream_engine::clock::{iso8601_millis, NANOS_PER_MILLI};
use timestream_engine::types::ListBatchLoadTasksRequest;
use timestream_engine::{Engine, Operation};
use yew::prelude::*;

use super::{clicked, pick_lines, size, UiMsg};
use crate::state::EngineHandle;

/// Failing source lines shown per reason.
const LINES_PER_REASON: usize = 20;

#[derive(Properties, PartialEq, Clone)]
pub struct TaskListProps {
    pub engine: EngineHandle,
    pub revision: u64,
    pub onchange: Callback<()>,
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

fn report_view(engine: &Engine, task: &BatchTask) -> Html {
    let Some((bucket, key)) = &task.report_location else {
        return html! {};
    };
    let report = engine.get_object(bucket, key).map(|b| timestream_engine::parse_body(b).unwrap_or_default());
    let src = &task.request.data_source_configuration.data_source_s3_configuration.bucket_name;
    let list = |v: &Value, k: &str| v[k].as_array().cloned().unwrap_or_default();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let body = match report {
        None => html! { <p class="placeholder">{ "The report object is gone." }</p> },
        Some(r) => {
            let files = list(&r, "fileErrors").into_iter().map(|f| {
                let name = text(&f["fileName"]);
                let data = engine.get_object(src, &name).unwrap_or_default();
                let reasons = list(&f, "errors").into_iter().map(|e| {
                    let ranges: Vec<[u64; 2]> =
                        list(&e, "lineRanges").iter().map(|r| [r[0].as_u64().unwrap_or(0), r[1].as_u64().unwrap_or(0)]).collect();
                    let lines = pick_lines(data, &ranges, LINES_PER_REASON);
                    html! {
                        <li>
                            <span class="outcome error">{ text(&e["reason"]) }</span>
                            if !ranges.is_empty() { <span class="hint" data-testid="batch-report-lines">{ format!(" ({})", ranges_text(&ranges)) }</span> }
                            if !lines.is_empty() {
                                <pre class="body source-lines">{ lines.iter().map(|(n, t)| format!("{n:>6}  {t}\n")).collect::<String>() }</pre>
                            }
                        </li>
                    }
                });
                html! { <li><strong class="mono">{ name.clone() }</strong><ul>{ for reasons }</ul></li> }
            });
            html! {
                <ul class="report-files">
                    { for list(&r, "taskErrors").iter().map(|e| html! { <li class="outcome error">{ text(&e["reason"]) }</li> }) }
                    { for files }
                </ul>
            }
        }
    };
    html! {
        <div class="report" data-testid="batch-report">
            <h4>{ "Error report" }</h4>
            <p class="hint mono">{ format!("s3://{bucket}/{key}") }</p>
            { body }
        </div>
    }
}

fn detail(engine: &Engine, task: &BatchTask, note: &Option<String>) -> Html {
    let (done, total) = engine.batch_load_position(&task.id).unwrap_or((0, 0));
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
            if status.is_final() { { report_view(engine, task) } }
        </div>
    }
}

#[function_component(TaskList)]
pub fn task_list(props: &TaskListProps) -> Html {
    let note = use_state(|| None::<String>);
    let onclick = {
        let (en, onchange, onui, note) = (props.engine.clone(), props.onchange.clone(), props.onui.clone(), note.clone());
        Callback::from(move |e: MouseEvent| {
            let Some((act, id)) = clicked(&e) else { return };
            let problem = match act.as_str() {
                "task" => {
                    onui.emit(UiMsg::Task(Some(id)));
                    None
                }
                "stop" => en.0.borrow_mut().stop_batch_load_task(&id).err().map(|e| format!("{}: {}", e.kind.name(), e.message)),
                _ => {
                    let body = format!("{{\"TaskId\": {}}}", Value::from(id));
                    let wire = en.0.borrow_mut().handle(&Operation::ResumeBatchLoadTask.target(), body.as_bytes());
                    (!wire.is_success()).then(|| format!("{} {}: {}", wire.status, wire.error_type.unwrap_or(""), wire.json()["message"].as_str().unwrap_or("")))
                }
            };
            note.set(problem);
            onchange.emit(());
        })
    };
    let engine = props.engine.0.borrow();
    let req = ListBatchLoadTasksRequest { max_results: Some(100), next_token: None, task_status: None };
    let tasks = timestream_engine::ops::batch::list(&engine, req).map(|r| r.batch_load_tasks).unwrap_or_default();
    let selected = props.task.as_deref().filter(|t| tasks.iter().any(|x| x.task_id == *t)).or(tasks.last().map(|t| t.task_id.as_str()));
    let rows = tasks.iter().rev().map(|t| {
        let on = selected == Some(t.task_id.as_str());
        html! {
            <tr class={classes!(on.then_some("selected"))}>
                <td><button type="button" class="link mono" aria-pressed={on.to_string()} data-act="task" data-arg={t.task_id.clone()}>{ t.task_id.clone() }</button></td>
                <td class="nowrap">{ t.task_status.clone() }</td>
                <td class="mono target">{ format!("{}.", t.database_name) }<wbr />{ t.table_name.clone() }</td>
                { crate::components::time_cell(&when(t.creation_time)) }
            </tr>
        }
    });
    let task = selected.and_then(|id| engine.batch_load_task(id));
    html! {
        <div class="tasks" {onclick}>
            <table data-testid="batch-tasks"><tbody>{ for rows }</tbody></table>
            if let Some(task) = task { { detail(&engine, task, &note) } }
        </div>
    }
}
