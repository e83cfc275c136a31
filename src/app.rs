//! The page: operation picker and Run button, the request editor, the response panel, the
//! workbench. `?embed=1` (src/share.rs) shows only the editor, Run and the response, and saves
//! nothing. Everything renders at once; what reads the engine asks the worker
//! (src/client.rs) and shows its answer when it comes.

use std::rc::Rc;

use timestream_engine::protocol::{diagnose_stateless, Reply, Request};
use timestream_engine::{Diagnostic, Operation};
use yew::prelude::*;

use crate::client::{use_answer_to, EngineClient, EngineEvent, Message};
use crate::components::{
    notice_list, run_button, theme_toggle, workbench_tabs, BatchPanel, ClockPanel, CodeDialog, ExamplesMenu, GuidePanel, Inspector, KeepBar, NoticeAction,
    OperationPicker, RequestEditor, ResponsePanel,
};
use crate::guide::{self, GuideAction};
use crate::hooks::{use_auto_height, use_autosave, use_no_stray_file_drops, use_share_link, Boot};
use crate::persist;
use crate::start::{self, StartHere};
use crate::state::{Action, EngineStatus, Playground, Tab, Text};

/// A seed for the engine's request and task ids, different in each session (the time and a
/// random number): the first request id is not the same in every tab. Snapshots keep the ids
/// they were taken with, so a restored session goes on where it was.
pub fn id_seed() -> u64 {
    (js_sys::Date::now() as u64).rotate_left(20) ^ (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
}

/// Bodies up to this size are diagnosed on the page as they are edited (about a millisecond for
/// 100 records); larger ones by the worker, which keeps the page free while it reads them.
pub const DIAGNOSE_HERE_MAX_BYTES: usize = 64 * 1024;

/// A callback that dispatches the action `f` makes of its value.
fn dispatching<T: 'static>(state: &UseReducerHandle<Playground>, f: fn(T) -> Action) -> Callback<T> {
    let state = state.dispatcher();
    Callback::from(move |value| state.dispatch(f(value)))
}

/// Sends the editor's text as the current operation (the guide's clock move first) and brings
/// the answer back as `Action::Responded`.
fn run(client: &EngineClient, state: &UseReducerHandle<Playground>) {
    if matches!(state.engine, EngineStatus::Failed(_)) {
        return;
    }
    let moved = guide::clock_move(state).map(|r| client.tell(r)).is_some();
    let (operation, dispatch) = (state.operation, state.dispatcher());
    state.dispatch(Action::Running);
    client.ask(Message::handle(operation, state.request.clone()), move |reply| match reply {
        Reply::Response(reply) => dispatch.dispatch(Action::Responded { operation, reply: Rc::new(reply), moved }),
        Reply::Error { message } => dispatch.dispatch(Action::RunFailed(message)),
        _ => dispatch.dispatch(Action::RunFailed("The engine answered the run with something other than a response.".into())),
    });
}

/// What the page says about the engine while it starts or when it could not.
fn engine_status(status: &EngineStatus) -> Html {
    match status {
        EngineStatus::Starting => html! { <p class="hint engine-status" role="status" data-testid="engine-status">{ "Starting the engine…" }</p> },
        EngineStatus::Ready => Html::default(),
        EngineStatus::Failed(message) => html! { <p class="notice engine-status" role="alert" data-testid="engine-failed">{ message.clone() }</p> },
    }
}

#[function_component(App)]
pub fn app() -> Html {
    // The first state: the address (embed, share link), the autosaved session, the theme.
    let boot = use_memo((), |_| Boot::load());
    let state = use_reducer(|| boot.playground.clone());
    let notices = use_reducer(|| boot.notices.clone());
    let embed = boot.params.embed;
    let client = {
        let dispatch = state.dispatcher();
        (*use_memo((), move |_| EngineClient::connect(Callback::from(move |e: EngineEvent| dispatch.dispatch(Action::Engine(e)))))).clone()
    };
    // On start: the saved session's engine, `?scenario=<id>`.
    use_effect_with((), {
        let (client, state, notices, saved, scenario) =
            (client.clone(), state.dispatcher(), notices.dispatcher(), boot.saved.clone(), boot.params.scenario.clone());
        move |_| {
            let restored = saved.as_ref().is_some_and(|(session, _)| session.engine.is_some());
            if let Some((session, text)) = saved {
                client.ask(persist::engine_request(&session), move |reply| {
                    if let (Reply::Error { message }, Some(storage)) = (reply, persist::storage()) {
                        let reason = format!("the engine state could not be restored: {message}");
                        notices.dispatch(NoticeAction::Push(true, persist::refused(&storage, &text, &reason)));
                    }
                });
            }
            if !restored {
                client.tell(Request::SeedIds { seed: id_seed() });
            }
            if let Some(id) = scenario {
                for r in guide::start_requests(&id) {
                    client.tell(r);
                }
                state.dispatch(Action::StartScenario(id));
            }
        }
    });
    // The clock as the engine has it now, after every change (request templates use its time).
    use_effect_with(state.revision, {
        let (client, dispatch) = (client.clone(), state.dispatcher());
        move |_| {
            client.ask(Request::Clock, move |reply| {
                if let Reply::Clock { mode, .. } = reply {
                    dispatch.dispatch(Action::Clock(mode));
                }
            })
        }
    });
    // Batch-load tasks run in the worker on their own, except during a guided example: its steps
    // decide when tasks run (a `runBatchLoads` step), so a Describe right after
    // CreateBatchLoadTask still sees CREATED.
    use_effect_with(state.guide.is_some(), {
        let client = client.clone();
        move |&guided| client.tell(Request::AutoRun { on: !guided })
    });
    let settled = use_share_link(&boot.params, &state, &client, notices.dispatcher());
    use_autosave(&state, &client, settled && !embed, notices.dispatcher());
    use_auto_height(embed);
    use_no_stray_file_drops();

    // Derived, not stored: the problems of the editor's text. A small body whose diagnostics do
    // not depend on the engine's state is diagnosed here as it changes, so a key's problems
    // show in the frame that draws the key; the rest is asked of the worker (the latest text
    // wins; the last answer stays until the next one).
    let here = use_memo((state.operation, state.request.clone()), |(operation, text)| {
        (text.len() <= DIAGNOSE_HERE_MAX_BYTES).then(|| diagnose_stateless(*operation, text)).flatten().map(Rc::<[Diagnostic]>::from)
    });
    let diagnose = |(operation, text): &(Operation, Text)| Message::diagnose(*operation, text.clone());
    let asked = here.is_none().then(|| (state.operation, state.request.clone()));
    let answer = use_answer_to(&client, asked.clone(), diagnose, state.revision);
    let answered = match answer.as_ref().map(|(_, r)| &**r) {
        Some(Reply::Diagnostics { diagnostics }) => Some(Rc::<[Diagnostic]>::from(diagnostics.clone())),
        _ => None,
    };
    // The problems listed are an earlier text's until the worker answers for this one (a big
    // paste after a small text listed the small text's problems as the new one's).
    let checking = asked.is_some() && answer.map(|(k, _)| k) != asked && !matches!(state.engine, EngineStatus::Failed(_));
    let last = use_mut_ref(|| Rc::<[Diagnostic]>::from([]));
    let diagnostics = (*here).clone().or(answered).unwrap_or_else(|| last.borrow().clone());
    *last.borrow_mut() = diagnostics.clone();

    let (onedit, onpaste, onselect) =
        (dispatching(&state, Action::EditRequest), dispatching(&state, Action::Pasted), dispatching(&state, Action::SelectOperation));
    let onrun = {
        let (client, state) = (client.clone(), state.clone());
        Callback::from(move |()| run(&client, &state))
    };
    let onreset = {
        let state = state.dispatcher();
        Callback::from(move |()| state.dispatch(Action::ResetRequest))
    };
    let onundo = {
        let state = state.dispatcher();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::UndoReset))
    };
    // Ctrl+Enter (⌘+Enter) runs from any control of the toolbar too (the operation picker).
    let ontoolbarkey = {
        let onrun = onrun.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                onrun.emit(());
            }
        })
    };
    let onstart = {
        let (client, state) = (client.clone(), state.dispatcher());
        Callback::from(move |id: String| {
            for r in guide::start_requests(&id) {
                client.tell(r);
            }
            state.dispatch(Action::StartScenario(id))
        })
    };
    let onguide = {
        let (client, state) = (client.clone(), state.clone());
        Callback::from(move |a: GuideAction| match a {
            GuideAction::RunStep => {
                let Some(request) = guide::step_request(&state) else { return };
                let dispatch = state.dispatcher();
                client.ask(request, move |reply| {
                    if let Reply::Response(reply) = reply {
                        dispatch.dispatch(Action::Guide(GuideAction::StepDone(Rc::new(reply))));
                    }
                });
            }
            a => state.dispatch(Action::Guide(a)),
        })
    };
    // Empty when no example is walked, but always one child of the request section: yew matches
    // unkeyed children from the end, so a child that came and went would rebuild the toolbar
    // before it (and drop the focus of its controls).
    let guide = state.guide.clone().map_or_else(Html::default, |guide| {
        html! { <GuidePanel {guide} onaction={onguide} onrun={onrun.clone()} onrestart={onstart.clone()} /> }
    });
    let revision = state.revision;
    let start = if embed {
        html! { <p class="placeholder">{ "Press Run to send this request." }</p> }
    } else {
        let onwrite = {
            let (client, state) = (client.clone(), state.dispatcher());
            Callback::from(move |()| {
                let state = state.clone();
                start::create(&client, start::SAMPLE.0, Some(start::SAMPLE.1), move || {
                    state.dispatch(Action::SelectOperation(timestream_engine::Operation::WriteRecords));
                    crate::focus::focus_id("request-body");
                })
            })
        };
        html! { <StartHere {onwrite} onexample={onstart.clone()} /> }
    };
    let create = state.response.as_deref().and_then(|r| start::missing(r, &state.request)).map(|missing| {
        let (client, state) = (client.clone(), state.clone());
        let label = AttrValue::from(start::create_label(&missing));
        (
            label,
            Callback::from(move |()| {
                let (client2, state) = (client.clone(), state.clone());
                start::create(&client, &missing.0, missing.1.as_deref(), move || run(&client2, &state));
            }),
        )
    });
    // A rejected record's index in the response selects that record in the editor.
    let reveal = use_state(|| None::<(usize, usize, u32)>);
    let onrecord = {
        let (request, reveal) = (state.request.clone(), reveal.clone());
        Callback::from(move |i: usize| {
            if let Some((start, end)) = crate::jump::record_span(&request, i) {
                reveal.set(Some((start, end, reveal.map_or(0, |r| r.2.wrapping_add(1)))));
            }
        })
    };
    let ontimeline = (!embed).then(|| {
        let state = state.clone();
        Callback::from(move |i: usize| {
            let json: serde_json::Value = serde_json::from_slice(state.request.as_bytes()).unwrap_or_default();
            let stored = state.response.as_ref().and_then(|r| r.rejected.iter().find(|row| row.index == i)).and_then(|row| row.stored.clone());
            if let (Some(database), Some(table), Some(s)) = (json["DatabaseName"].as_str(), json["TableName"].as_str(), stored) {
                let record = crate::jump::RecordRef { database: database.into(), table: table.into(), series: s.series, record: s.id, time: s.time };
                state.dispatch(Action::Inspect(record));
            }
        })
    });
    let panel = match if embed { Tab::Response } else { state.tab } {
        Tab::Response => html! { <ResponsePanel response={state.response.clone()} {start} {create} {onrecord} {ontimeline} /> },
        Tab::Inspector => html! { <Inspector client={client.clone()} {revision} open={state.inspect.clone()} /> },
        Tab::Clock => html! { <ClockPanel client={client.clone()} {revision} /> },
        Tab::BatchLoad => html! { <BatchPanel client={client.clone()} {revision} /> },
    };
    let onshow = dispatching(&state, Action::ShowTab);

    html! {
        <>
            if !embed {
                <header class="topbar">
                    <div class="title">
                        <h1>{ "Timestream Write playground" }</h1>
                        <p class="tagline">{ "An offline emulator of the Amazon Timestream Write API (2018-11-01), running in this tab." }</p>
                    </div>
                    <KeepBar state={state.clone()} client={client.clone()} notices={notices.dispatcher()} />
                    { theme_toggle() }
                </header>
            }
            { notice_list(&notices) }
            <main class={classes!("workspace", embed.then_some("embed"))}>
                <section class="request" aria-labelledby="request-heading">
                    <h2 id="request-heading">{ "Request" }</h2>
                    <div class="toolbar" onkeydown={ontoolbarkey}>
                        <OperationPicker operation={state.operation} {onselect} />
                        { run_button(&onrun) }
                        <button type="button" class="secondary" onclick={onreset.reform(|_| ())} title="Put the operation's template back in the editor">{ "Reset" }</button>
                        if state.undo.is_some() {
                            <button type="button" class="secondary" data-testid="undo-reset" onclick={onundo}>{ "Undo reset" }</button>
                        }
                        if !embed {
                            <ExamplesMenu active={state.guide.as_ref().map(|g| g.example.id)} onstart={onstart.clone()} />
                            <CodeDialog operation={state.operation} request={state.request.clone()} />
                        }
                    </div>
                    { engine_status(&state.engine) }
                    if let Some(notice) = &state.notice {
                        <p class="notice" role="alert" data-testid="notice">{ notice.clone() }</p>
                    }
                    { guide }
                    <RequestEditor value={state.request.clone()} operation={state.operation} {onedit} {onpaste} {onrun} {diagnostics} {checking} note={state.paste_note.clone()} reveal={*reveal} />
                </section>
                <div class="workbench">
                    if embed { { panel } } else { { workbench_tabs(state.tab, &onshow, panel) } }
                </div>
            </main>
        </>
    }
}
