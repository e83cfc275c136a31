//! Batch load: the emulated S3 (browse, create, upload, paste, view, delete), a task editor
//! with a data model suggested from the CSV header and a preview of the first rows, and the
//! tasks with live progress, stop/resume and error reports right under Start (with a speed
//! control, so a small file's progress can be watched), the viewed object collapsed until its View
//! is pressed. The parts live in `batch/`.

use timestream_engine::protocol::{Reply, Request};
use yew::prelude::*;

use super::batch::{apply, template, ui, ObjectBrowser, TaskEditor, TaskList, UiMsg};
use super::PanelProps;
use crate::hooks::use_query;

#[function_component(BatchPanel)]
pub fn batch_panel(props: &PanelProps) -> Html {
    let redraw = use_force_update();
    let onui = Callback::from(move |m: UiMsg| {
        apply(m);
        redraw.force_update();
    });
    let u = ui();
    // Until the user edits one, the draft loads the viewed object (or a sample) into the first
    // table, with a data model suggested from the object.
    let (bucket, key) = (u.bucket.clone().unwrap_or_else(|| "sample-bucket".into()), u.viewing.clone().unwrap_or_else(|| "data.csv".into()));
    let fresh = u.draft.is_none();
    let tables = use_query(&props.client, fresh.then_some(Request::Tables), props.revision);
    let model = use_query(&props.client, fresh.then(|| Request::SuggestDataModel { bucket: bucket.clone(), key: key.clone(), csv: None }), props.revision);
    let draft = u.draft.clone().unwrap_or_else(|| {
        let table = match tables.as_deref() {
            Some(Reply::Tables { tables, .. }) => tables.first().map(|t| (t.database.clone(), t.table.clone())),
            _ => None,
        };
        let model = match model.as_deref() {
            Some(Reply::DataModel { model }) => Some(model.clone()),
            _ => None,
        };
        template(table, model, &bucket, &key)
    });
    let PanelProps { client, revision, .. } = props.clone();
    // The tasks and the selected one's status, progress, Stop and Resume sit right under Start.
    let status = html! {
        <>
            <h3>{ "Tasks (ListBatchLoadTasks)" }</h3>
            <TaskList client={client.clone()} {revision} onui={onui.clone()} task={u.task.clone().map(AttrValue::from)} />
        </>
    };
    html! {
        <section class="batch" aria-labelledby="batch-heading">
            <h2 id="batch-heading">{ "Batch load" }</h2>
            <ObjectBrowser client={client.clone()} {revision} onui={onui.clone()}
                bucket={u.bucket.map(AttrValue::from)} viewing={u.viewing.map(AttrValue::from)} expanded={u.expanded} />
            <TaskEditor client={client.clone()} {revision} onui={onui.clone()} draft={AttrValue::from(draft)} pace={u.pace} {status} />
        </section>
    }
}
