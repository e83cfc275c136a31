//! Share, Export and Import of the session (src/persist.rs, src/share.rs), and Clear. Share
//! shows the link in a read-only field and copies it where the clipboard API is available; its
//! Close (or Escape) gives the focus back to Share. Import and Clear ask first, in the page
//! (src/components/confirm.rs): both replace what the emulator holds.

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Url};
use yew::prelude::*;

use super::confirm::Confirm;
use super::notices::{NoticeAction, Notices};
use crate::client::EngineClient;
use crate::persist::{self, Session};
use crate::share;
use crate::state::Playground;

#[derive(Properties, PartialEq)]
pub struct KeepBarProps {
    pub state: UseReducerHandle<Playground>,
    pub client: EngineClient,
    pub notices: UseReducerDispatcher<Notices>,
}

/// The link made by Share, and whether it went to the clipboard.
#[derive(Clone, PartialEq)]
enum Link {
    None,
    Making,
    Made { url: String, copied: bool },
}

/// What Import or Clear is waiting for the user to confirm.
#[derive(Clone, PartialEq)]
enum Ask {
    None,
    /// A readable session file: its name and text.
    Import(String, std::rc::Rc<str>),
    Clear,
}

/// Replaces the session with the file's (it was asked first).
fn import(client: &EngineClient, dispatch: &UseReducerDispatcher<Playground>, notices: &UseReducerDispatcher<Notices>, name: String, text: &str) {
    let (dispatch, notices) = (dispatch.clone(), notices.clone());
    persist::restore(client, text, move |result| {
        notices.dispatch(match result {
            Ok(load) => {
                dispatch.dispatch(load);
                NoticeAction::Push(false, format!("Imported the session of \"{name}\"."))
            }
            Err(reason) => NoticeAction::Push(true, format!("\"{name}\" was not imported: {reason}. The playground kept its current session.")),
        });
    });
}

fn download(name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&text.into()), &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let a: HtmlAnchorElement = gloo::utils::document().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// The session document with the engine's snapshot (asked of the worker), to `then`.
fn with_session(client: &EngineClient, state: &Playground, notices: &UseReducerDispatcher<Notices>, then: impl FnOnce(String) + 'static) {
    let (state, notices) = (state.clone(), notices.clone());
    persist::snapshot(client, None, move |result| match result {
        Ok(engine) => then(Session::of(&state, engine).to_json(persist::now_ms())),
        Err(e) => notices.dispatch(NoticeAction::Push(true, format!("The engine's state could not be read: {e}."))),
    });
}

#[function_component(KeepBar)]
pub fn keep_bar(props: &KeepBarProps) -> Html {
    let link = use_state(|| Link::None);
    let share_button = use_node_ref();

    let onshare = {
        let (state, link, notices, client) = (props.state.clone(), link.clone(), props.notices.clone(), props.client.clone());
        Callback::from(move |_: MouseEvent| {
            let (state, link, notices) = (state.clone(), link.clone(), notices.clone());
            link.set(Link::Making);
            with_session(&client, &state, &notices.clone(), move |doc| {
                spawn_local(async move {
                    match share::encode(&doc).await {
                        Ok(fragment) => {
                            let url = share::link(&fragment);
                            let copied = share::copy(&url).await;
                            link.set(Link::Made { url, copied });
                        }
                        Err(e) => {
                            link.set(Link::None);
                            notices.dispatch(NoticeAction::Push(true, format!("No share link could be made: {e}.")));
                        }
                    }
                })
            });
        })
    };
    let onexport = {
        let (state, notices, client) = (props.state.clone(), props.notices.clone(), props.client.clone());
        Callback::from(move |_: MouseEvent| {
            let notices2 = notices.clone();
            with_session(&client, &state, &notices, move |doc| {
                let day: String = String::from(js_sys::Date::new_0().to_iso_string()).chars().take(10).collect();
                if download(&format!("timestream-playground-{day}.json"), &doc).is_err() {
                    notices2.dispatch(NoticeAction::Push(true, "This browser refused to download the session file.".into()));
                }
            });
        })
    };
    let ask = use_state(|| Ask::None);
    let (import_input, clear_button) = (use_node_ref(), use_node_ref());
    // Closing a question gives the focus back to the control that asked it.
    let close = {
        let (ask, import_input, clear_button) = (ask.clone(), import_input.clone(), clear_button.clone());
        move || {
            let opener = if *ask == Ask::Clear { &clear_button } else { &import_input };
            crate::focus::focus(opener.cast());
            ask.set(Ask::None);
        }
    };
    let onimport = {
        let (client, dispatch, notices, ask) = (props.client.clone(), props.state.dispatcher(), props.notices.clone(), ask.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let (client, dispatch, notices, ask) = (client.clone(), dispatch.clone(), notices.clone(), ask.clone());
            spawn_local(async move {
                let name = file.name();
                let Some(text) = JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) else {
                    let reason = "the file could not be read as text";
                    return notices
                        .dispatch(NoticeAction::Push(true, format!("\"{name}\" was not imported: {reason}. The playground kept its current session.")));
                };
                // A readable session replaces this one only if the user says so; a file that is
                // not one is refused at once (restore says why).
                if Session::parse(&text, persist::now_ms()).is_ok() {
                    ask.set(Ask::Import(name, text.into()));
                } else {
                    import(&client, &dispatch, &notices, name, &text);
                }
            });
        })
    };
    let onclear = {
        let ask = ask.clone();
        Callback::from(move |_: MouseEvent| ask.set(Ask::Clear))
    };
    let oncancel = {
        let close = close.clone();
        Callback::from(move |()| close())
    };
    let question = match &*ask {
        Ask::None => html! {},
        Ask::Import(name, text) => {
            let onaction = {
                let (client, dispatch, notices, close) = (props.client.clone(), props.state.dispatcher(), props.notices.clone(), close.clone());
                let (name, text) = (name.clone(), text.clone());
                Callback::from(move |()| {
                    close();
                    import(&client, &dispatch, &notices, name.clone(), &text);
                })
            };
            let detail = html! { "It replaces this session: the editor's text and drafts, and everything in the emulator (use Export first to keep them)." };
            html! {
                <Confirm id="import-question" testid="import-confirm" question={format!("Import \u{201c}{name}\u{201d}?")} {detail}
                    action="Import" {onaction} oncancel={oncancel.clone()} focus=true />
            }
        }
        Ask::Clear => {
            let onaction = {
                let (client, notices, close) = (props.client.clone(), props.notices.clone(), close.clone());
                Callback::from(move |()| {
                    close();
                    let notices = notices.clone();
                    client.tell(timestream_engine::protocol::Request::Reset { clock: None });
                    client.ask(timestream_engine::protocol::Request::SeedIds { seed: crate::app::id_seed() }, move |_| {
                        notices.dispatch(NoticeAction::Push(false, "The emulator was cleared: it holds nothing now.".into()))
                    });
                })
            };
            let detail = html! { "Every database, table, record, S3 object and batch-load task is discarded, and the clock goes back to system time. The editor keeps its text." };
            html! {
                <Confirm id="clear-question" testid="clear-confirm" question="Clear the emulator?" {detail} action="Clear" {onaction} {oncancel} focus=true />
            }
        }
    };
    let panel = match &*link {
        Link::None => html! {},
        Link::Making => html! { <p class="share-link" role="status">{ "Making the link…" }</p> },
        Link::Made { url, copied } => {
            let onclose = {
                let (link, share_button) = (link.clone(), share_button.clone());
                Callback::from(move |()| {
                    crate::focus::focus(share_button.cast());
                    link.set(Link::None);
                })
            };
            let onfocus = Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select());
            let onkeydown = crate::focus::on_escape(onclose.clone());
            html! {
                <div class="share-link" {onkeydown}>
                    <label for="share-url">{ "Share link" }</label>
                    <input id="share-url" readonly=true value={url.clone()} data-testid="share-url" {onfocus} />
                    <span role="status" data-testid="share-status">
                        { if *copied { "Copied to the clipboard." } else { "Copy the link from the field (the clipboard is not available here)." } }
                    </span>
                    <button type="button" class="link" onclick={onclose.reform(|_| ())}>{ "Close" }</button>
                </div>
            }
        }
    };

    html! {
        <div class="keep">
            <div class="keep-buttons">
                <button ref={share_button} type="button" onclick={onshare} title="A link that opens this session">{ "Share" }</button>
                <button type="button" onclick={onexport} title="Download the session as a JSON file">{ "Export" }</button>
                <label class="button" title="Open a session file">
                    { "Import" }
                    <input ref={import_input} type="file" class="visually-hidden" accept="application/json,.json" data-testid="import-file" onchange={onimport} />
                </label>
                <button ref={clear_button} type="button" onclick={onclear} title="Discard everything the emulator holds">{ "Clear emulator" }</button>
            </div>
            { panel }
            { question }
        </div>
    }
}
