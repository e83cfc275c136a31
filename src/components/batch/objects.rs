//! The emulated S3: buckets and their objects (sizes), create and delete, view an object's first
//! bytes, upload CSV files or paste text as an object, and pick an object as a task's source.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use timestream_engine::protocol::{Reply, Request};

use super::{bucket_name_problem, clicked, make_template, size, UiMsg, VIEW_BYTES};
use crate::client::EngineClient;
use crate::hooks::{use_answer, use_query};

#[derive(Properties, PartialEq, Clone)]
pub struct ObjectBrowserProps {
    pub client: EngineClient,
    pub revision: u64,
    pub bucket: Option<AttrValue>,
    pub viewing: Option<AttrValue>,
    /// The viewed object's text is open (else collapsed under its summary).
    #[prop_or_default]
    pub expanded: bool,
    pub onui: Callback<UiMsg>,
}

fn input_value(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>().map(|i| i.value().trim().to_string()).unwrap_or_default()
}

#[function_component(ObjectBrowser)]
pub fn object_browser(props: &ObjectBrowserProps) -> Html {
    let (name_ref, key_ref, text_ref, file_ref) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let note = use_state(|| None::<String>);
    // After a Delete the pressed button is gone: once the list without the deleted item has
    // rendered (the engine answers a moment later), the focus goes to the Delete button now in
    // the same row (the next item), else in the row above (the previous one), else to the list's
    // heading. (list id, data-act of its Delete buttons, row, the deleted item.)
    let refocus = use_mut_ref(|| None::<(&'static str, &'static str, usize, String)>);
    {
        let refocus = refocus.clone();
        use_effect(move || {
            let pending = refocus.borrow_mut().take();
            if let Some((list, act, row, gone)) = pending {
                let doc = gloo::utils::document();
                let shown = doc.query_selector_all(&format!("#{list} [data-act={act}]")).ok();
                let still = shown.is_some_and(|l| {
                    (0..l.length())
                        .filter_map(|i| l.item(i))
                        .any(|n| n.unchecked_into::<web_sys::Element>().get_attribute("data-arg").as_deref() == Some(gone.as_str()))
                });
                if still {
                    *refocus.borrow_mut() = Some((list, act, row, gone));
                    return;
                }
                let button = |row: usize| doc.query_selector(&format!("#{list} tr:nth-child({}) [data-act={act}]", row + 1)).ok().flatten();
                if !(crate::focus::focus(button(row)) || row > 0 && crate::focus::focus(button(row - 1))) {
                    crate::focus::focus_id(&format!("{list}-heading"));
                }
            }
        });
    }
    let (client, revision) = (&props.client, props.revision);
    let buckets = match use_query(client, Some(Request::Buckets), revision).as_deref() {
        Some(Reply::Buckets { buckets }) => buckets.clone(),
        _ => Vec::new(),
    };
    let bucket = props.bucket.as_deref().filter(|b| buckets.iter().any(|x| x.name == *b)).unwrap_or_default().to_string();
    let objects_q = (!bucket.is_empty()).then(|| Request::Objects { bucket: bucket.clone(), prefix: None });
    let list = match use_query(client, objects_q, revision).as_deref() {
        Some(Reply::Objects { objects }) => objects.clone(),
        _ => Vec::new(),
    };
    let view_q = props.viewing.as_ref().filter(|_| !bucket.is_empty()).map(|k| Request::GetObject {
        bucket: bucket.clone(),
        key: k.to_string(),
        max_bytes: Some(VIEW_BYTES),
    });
    let viewed = use_answer(client, view_q, revision);

    // Every button and form of the browser goes through here.
    let act = {
        let (client, onui, note, bucket, refocus) = (props.client.clone(), props.onui.clone(), note.clone(), bucket.clone(), refocus.clone());
        let viewing = props.viewing.clone();
        let (bucket_names, keys): (Vec<String>, Vec<String>) = (buckets.iter().map(|b| b.name.clone()).collect(), list.iter().map(|o| o.key.clone()).collect());
        let (name_ref, key_ref, text_ref) = (name_ref.clone(), key_ref.clone(), text_ref.clone());
        Callback::from(move |(act, arg): (String, String)| {
            // (None: the selection stays as it is.)
            let msg = match act.as_str() {
                "bucket" => Some(UiMsg::Bucket(Some(arg))),
                "view" => Some(UiMsg::Open(arg)),
                "use" => {
                    let onui = onui.clone();
                    make_template(&client, &bucket, &arg, move |t| onui.emit(UiMsg::Draft(t)));
                    None
                }
                "del-bucket" => {
                    let row = bucket_names.iter().position(|b| *b == arg).unwrap_or(0);
                    *refocus.borrow_mut() = Some(("s3-buckets", "del-bucket", row, arg.clone()));
                    client.tell(Request::DeleteBucket { bucket: arg.clone() });
                    (arg == bucket).then_some(UiMsg::Bucket(None))
                }
                "del" => {
                    let row = keys.iter().position(|k| *k == arg).unwrap_or(0);
                    *refocus.borrow_mut() = Some(("s3-objects", "del", row, arg.clone()));
                    client.tell(Request::DeleteObject { bucket: bucket.clone(), key: arg.clone() });
                    (viewing.as_deref() == Some(arg.as_str())).then_some(UiMsg::View(None))
                }
                "create" => {
                    let name = input_value(&name_ref);
                    if let Some(p) = bucket_name_problem(&name) {
                        return note.set(Some(format!("Not a bucket name: {name:?}. {p}")));
                    }
                    let (note, n) = (note.clone(), name.clone());
                    client.ask(Request::CreateBucket { bucket: name.clone() }, move |r| {
                        note.set(matches!(r, Reply::Error { .. }).then(|| format!("The bucket {n} already exists.")));
                    });
                    Some(UiMsg::Bucket(Some(name)))
                }
                "put" => {
                    let key = input_value(&key_ref);
                    let Some(area) = text_ref.cast::<HtmlTextAreaElement>() else { return };
                    if key.is_empty() {
                        return note.set(Some("Give the object a key, e.g. data.csv.".into()));
                    }
                    client.tell(Request::PutObject { bucket: bucket.clone(), key: key.clone(), data: area.value().into_bytes() });
                    note.set(None);
                    Some(UiMsg::View(Some(key)))
                }
                _ => return,
            };
            if let Some(msg) = msg {
                onui.emit(msg);
            }
        })
    };
    let onclick = act.reform(|e: MouseEvent| clicked(&e).unwrap_or_default());
    let submit = |what: &'static str| {
        act.reform(move |e: SubmitEvent| {
            e.prevent_default();
            (what.to_string(), String::new())
        })
    };

    let onupload = {
        let (client, b, file_ref) = (props.client.clone(), bucket.clone(), file_ref.clone());
        Callback::from(move |_: Event| {
            let Some(input) = file_ref.cast::<HtmlInputElement>() else { return };
            let Some(files) = input.files() else { return };
            for file in (0..files.length()).filter_map(|i| files.get(i)) {
                let (client, b) = (client.clone(), b.clone());
                yew::platform::spawn_local(async move {
                    if let Ok(buf) = JsFuture::from(file.array_buffer()).await {
                        client.tell(Request::PutObject { bucket: b, key: file.name(), data: js_sys::Uint8Array::new(&buf).to_vec() });
                    }
                });
            }
            input.set_value("");
        })
    };

    // Rows are keyed: the lists grow when the engine answers, and yew matches unkeyed rows from
    // the end, which would turn the element under a pointer into another item's row.
    let bucket_rows = buckets.iter().map(|b| {
        let on = b.name == bucket;
        html! {
            <tr key={b.name.clone()} class={classes!(on.then_some("selected"))}>
                <td><button type="button" class="link mono" aria-pressed={on.to_string()} data-act="bucket" data-arg={b.name.clone()}>{ b.name.clone() }</button></td>
                <td class="nowrap">{ format!("{} object{}, {}", b.objects, if b.objects == 1 { "" } else { "s" }, size(b.bytes)) }</td>
                <td><button type="button" class="link" aria-label={format!("Delete bucket {}", b.name)} data-act="del-bucket" data-arg={b.name.clone()}>{ "Delete" }</button></td>
            </tr>
        }
    });
    let object_rows = list.iter().map(|o| {
        let k = &o.key;
        html! {
            <tr key={k.clone()}>
                <td class="mono">{ k.clone() }</td>
                <td class="nowrap">{ size(o.size) }</td>
                <td class="actions">
                    <button type="button" class="link" aria-label={format!("View {k}")} data-act="view" data-arg={k.clone()}>{ "View" }</button>
                    <button type="button" class="link" aria-label={format!("Load {k} with a new task")} data-act="use" data-arg={k.clone()}>{ "Use as source" }</button>
                    <button type="button" class="link" aria-label={format!("Delete {k}")} data-act="del" data-arg={k.clone()}>{ "Delete" }</button>
                </td>
            </tr>
        }
    });
    // The object last read, under its own name, until the one just picked has been read.
    let view = match (props.viewing.as_deref(), viewed.as_ref().map(|(q, r)| (q, &**r))) {
        (Some(_), Some((Request::GetObject { bucket: b, key, .. }, Reply::Object { size: Some(n), data }))) if *b == bucket => {
            Some((key.clone(), *n as usize, data.clone()))
        }
        _ => None,
    };

    html! {
        <div class="s3" {onclick}>
            <h3 id="s3-buckets-heading" tabindex="-1">{ "S3 buckets (emulated)" }</h3>
            <form class="toolbar" onsubmit={submit("create")}>
                <div class="field">
                    <label for="bucket-name">{ "New bucket name" }</label>
                    <input id="bucket-name" ref={name_ref} class="mono" placeholder="my-data" />
                </div>
                <button type="submit">{ "Create bucket" }</button>
            </form>
            if let Some(n) = &*note { <p class="diag-rule" role="alert">{ n.clone() }</p> }
            <table id="s3-buckets" aria-labelledby="s3-buckets-heading" data-testid="batch-buckets"><tbody>{ for bucket_rows }</tbody></table>
            if !bucket.is_empty() {
                <h3 id="s3-objects-heading" tabindex="-1">{ format!("Objects in s3://{bucket}") }</h3>
                <table id="s3-objects" aria-labelledby="s3-objects-heading" data-testid="batch-objects"><tbody>{ for object_rows }</tbody></table>
                if let Some((key, n, data)) = view {
                    <details class="object-view" open={props.expanded} data-testid="batch-object-details">
                        <summary class="hint">{ format!("s3://{bucket}/{key}: first {} of {n} bytes", data.len()) }</summary>
                        <pre class="body" data-testid="batch-object-view">{ String::from_utf8_lossy(&data).into_owned() }</pre>
                    </details>
                }
                <h3>{ "Add objects" }</h3>
                <div class="field">
                    <label for="batch-upload">{ "Upload CSV files (the file name is the key)" }</label>
                    <input id="batch-upload" ref={file_ref} type="file" multiple=true accept=".csv,.txt,text/csv,text/plain" onchange={onupload} />
                </div>
                <form class="paste" onsubmit={submit("put")}>
                    <div class="field">
                        <label for="batch-key">{ "Object key" }</label>
                        <input id="batch-key" ref={key_ref} class="mono" placeholder="data.csv" />
                    </div>
                    <div class="field">
                        <label for="batch-text">{ "Object text" }</label>
                        <textarea id="batch-text" ref={text_ref} rows="6" spellcheck="false" placeholder="time,host,cpu" />
                    </div>
                    <button type="submit">{ "Put object" }</button>
                </form>
            }
        </div>
    }
}
