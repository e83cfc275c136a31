//! Batch load: the emulated S3 (browse, create, upload, paste, view, delete), a task editor
//! with a data model suggested from the CSV header and a preview of the first rows, and the
//! tasks with live progress, stop/resume and error reports. The parts live in `batch/`.

use yew::prelude::*;

use super::batch::{apply, template, ui, ObjectBrowser, TaskEditor, TaskList, UiMsg};
use super::PanelProps;

#[function_component(BatchPanel)]
pub fn batch_panel(props: &PanelProps) -> Html {
    let redraw = use_force_update();
    let onui = Callback::from(move |m: UiMsg| {
        apply(m);
        redraw.force_update();
    });
    let u = ui();
    let draft = u.draft.clone().unwrap_or_else(|| {
        let bucket = u.bucket.as_deref().unwrap_or("sample-bucket");
        template(&props.engine.0.borrow(), bucket, u.viewing.as_deref().unwrap_or("data.csv"))
    });
    let PanelProps { engine, revision, onchange } = props.clone();
    html! {
        <section class="batch" aria-labelledby="batch-heading">
            <h2 id="batch-heading">{ "Batch load" }</h2>
            <ObjectBrowser engine={engine.clone()} {revision} onchange={onchange.clone()} onui={onui.clone()}
                bucket={u.bucket.map(AttrValue::from)} viewing={u.viewing.map(AttrValue::from)} />
            <TaskEditor engine={engine.clone()} {revision} onchange={onchange.clone()} onui={onui.clone()} draft={AttrValue::from(draft)} />
            <h3>{ "Tasks (ListBatchLoadTasks)" }</h3>
            <TaskList {engine} {revision} {onchange} {onui} task={u.task.map(AttrValue::from)} />
        </section>
    }
}
