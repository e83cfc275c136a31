//! The page: operation picker and Run button, the request editor, the response panel.
//! `?embed=1` (src/share.rs) shows only the editor, Run and the response, and saves nothing.

use yew::prelude::*;

#[cfg(feature = "full")]
use crate::components::{BatchPanel, CodeDialog, ExamplesMenu, GuidePanel, Inspector, KeepBar};
use crate::components::{notice_list, theme_toggle, workbench_tabs, ClockPanel, NoticeAction, Notices, OperationPicker, RequestEditor, ResponsePanel, RunButton};
#[cfg(feature = "full")]
use crate::hooks::use_share_link;
use crate::hooks::{use_autosave, Boot};
use crate::share::PageParams;
use crate::state::{Action, Playground, Tab};

/// The hooks of the full build: share links in the address (returns false until the first one
/// is settled), what the core build asked to open, `?scenario=<id>`, and the batch-load runner.
#[cfg(feature = "full")]
#[hook]
fn use_full(params: &PageParams, state: &UseReducerHandle<Playground>, notices: UseReducerDispatcher<Notices>, onchange: &Callback<()>) -> bool {
    let settled = use_share_link(params, state, notices.clone());
    use_effect_with((), {
        let (state, id) = (state.dispatcher(), params.scenario.clone());
        move |_| {
            // `?scenario=<id>` (embeds in docs, links to an example): start it once.
            if let Some(id) = id {
                state.dispatch(Action::StartScenario(id));
            }
            // What the core build asked to open (src/upgrade.rs).
            if let Some(open) = crate::upgrade::take_open() {
                if let Some(tab) = Tab::ALL.into_iter().find(|t| t.key() == open) {
                    state.dispatch(Action::ShowTab(tab));
                } else {
                    let what = match open.as_str() {
                        "examples" => "pick one from the Examples menu",
                        "code" => "press Copy as code again",
                        _ => "press Share, Export or Import again",
                    };
                    notices.dispatch(NoticeAction::Push(false, format!("The full playground is loaded with your session: {what}.")));
                }
            }
        }
    });
    // Batch-load tasks run in slices from the event loop whenever one is active, except during
    // a guided example: its steps decide when tasks run (a `runBatchLoads` step), so a Describe
    // right after CreateBatchLoadTask still sees CREATED.
    use_effect_with((state.revision, state.guide.is_some()), {
        let (engine, onchange) = (state.engine.clone(), onchange.clone());
        move |&(_, guided)| {
            if !guided {
                crate::components::batch::runner::drive(&engine, &onchange);
            }
        }
    });
    settled
}

/// The core build has none of these (nothing to wait for).
#[cfg(not(feature = "full"))]
#[hook]
fn use_full(_params: &PageParams, _state: &UseReducerHandle<Playground>, _notices: UseReducerDispatcher<Notices>, _onchange: &Callback<()>) -> bool {
    true
}

#[function_component(App)]
pub fn app() -> Html {
    // The first state: the address (embed, share link), the autosaved session, the theme.
    let boot = use_memo((), |_| Boot::load());
    let state = use_reducer(|| boot.playground.clone());
    let notices = use_reducer(|| boot.notices.clone());
    let embed = boot.params.embed;
    let onchange = {
        let state = state.dispatcher();
        Callback::from(move |()| state.dispatch(Action::EngineChanged))
    };
    let settled = use_full(&boot.params, &state, notices.dispatcher(), &onchange);
    use_autosave(&state, settled && !embed, notices.dispatcher());

    let onselect = {
        let state = state.dispatcher();
        Callback::from(move |op| state.dispatch(Action::SelectOperation(op)))
    };
    let onedit = {
        let state = state.dispatcher();
        Callback::from(move |text| state.dispatch(Action::EditRequest(text)))
    };
    let onpaste = {
        let state = state.dispatcher();
        Callback::from(move |text| state.dispatch(Action::PasteRequest(text)))
    };
    let onrun = {
        let state = state.dispatcher();
        Callback::from(move |()| state.dispatch(Action::Run))
    };
    let onreset = {
        let state = state.dispatcher();
        Callback::from(move |()| state.dispatch(Action::ResetRequest))
    };

    // Core build: the features of the full build reload the page into it (src/upgrade.rs).
    #[cfg(not(feature = "full"))]
    let to_full = {
        let (state, notices) = (state.clone(), notices.dispatcher());
        Callback::from(move |open: &'static str| {
            if let Err(message) = crate::upgrade::to_full(&state, open) {
                notices.dispatch(NoticeAction::Push(true, message));
            }
        })
    };
    #[cfg(not(feature = "full"))]
    let upgrade = |open: &'static str| to_full.reform(move |_: MouseEvent| open);
    #[cfg(feature = "full")]
    let onstart = {
        let state = state.dispatcher();
        Callback::from(move |id| state.dispatch(Action::StartScenario(id)))
    };
    #[cfg(feature = "full")]
    let onguide = {
        let state = state.dispatcher();
        Callback::from(move |a| state.dispatch(Action::Guide(a)))
    };
    // Empty when no example is walked, but always one child of the request section: yew matches
    // unkeyed children from the end, so a child that came and went would rebuild the toolbar
    // before it (and drop the focus of its controls).
    #[cfg(feature = "full")]
    let guide = state.guide.clone().map_or_else(Html::default, |guide| {
        html! { <GuidePanel {guide} onaction={onguide} onrun={onrun.clone()} onrestart={onstart.clone()} /> }
    });
    #[cfg(not(feature = "full"))]
    let guide = Html::default();
    // Derived, not stored: the problems of the editor's text against the engine as it is now.
    let diagnostics: std::rc::Rc<[_]> = state.engine.0.borrow().diagnose(state.operation, state.request.as_bytes()).into();
    let (engine, revision) = (state.engine.clone(), state.revision);
    let panel = match if embed { Tab::Response } else { state.tab } {
        Tab::Response => html! { <ResponsePanel response={state.response.clone()} /> },
        #[cfg(feature = "full")]
        Tab::Inspector => html! { <Inspector {engine} {revision} {onchange} /> },
        Tab::Clock => html! { <ClockPanel {engine} {revision} {onchange} /> },
        #[cfg(feature = "full")]
        Tab::BatchLoad => html! { <BatchPanel {engine} {revision} {onchange} /> },
        #[cfg(not(feature = "full"))]
        Tab::Inspector | Tab::BatchLoad => html! { <p class="placeholder">{ "Loading the full playground…" }</p> },
    };
    let onshow = {
        let state = state.dispatcher();
        #[cfg(not(feature = "full"))]
        let to_full = to_full.clone();
        Callback::from(move |tab: Tab| {
            #[cfg(not(feature = "full"))]
            if crate::components::tab_reloads(tab) {
                return to_full.emit(tab.key());
            }
            state.dispatch(Action::ShowTab(tab))
        })
    };

    #[cfg(feature = "full")]
    let (keep_bar, extras) = (
        html! { <KeepBar state={state.clone()} notices={notices.dispatcher()} /> },
        html! { <>
            <ExamplesMenu active={state.guide.as_ref().map(|g| g.example.id)} {onstart} />
            <CodeDialog operation={state.operation} request={state.request.clone()} />
        </> },
    );
    #[cfg(not(feature = "full"))]
    let (keep_bar, extras) = (
        html! { <div class="keep-buttons"><button type="button" onclick={upgrade("keep")} title="Loads the full playground">{ "Share, export, import…" }</button></div> },
        html! { <>
            <button type="button" class="secondary" onclick={upgrade("examples")} title="Loads the full playground">{ "Examples…" }</button>
            <button type="button" class="secondary" onclick={upgrade("code")} title="Loads the full playground">{ "Copy as code…" }</button>
        </> },
    );

    html! {
        <>
            if !embed {
                <header class="topbar">
                    <div class="title">
                        <h1>{ "Timestream Write playground" }</h1>
                        <p class="tagline">{ "An offline emulator of the Amazon Timestream Write API (2018-11-01), running in this tab." }</p>
                    </div>
                    { keep_bar }
                    { theme_toggle() }
                </header>
            }
            { notice_list(&notices) }
            <main class={classes!("workspace", embed.then_some("embed"))}>
                <section class="request" aria-labelledby="request-heading">
                    <h2 id="request-heading">{ "Request" }</h2>
                    <div class="toolbar">
                        <OperationPicker operation={state.operation} {onselect} />
                        <RunButton onrun={onrun.clone()} />
                        <button type="button" class="secondary" onclick={onreset.reform(|_| ())}>{ "Reset" }</button>
                        if !embed { { extras } }
                    </div>
                    if let Some(notice) = &state.notice {
                        <p class="notice" role="alert" data-testid="notice">{ notice.clone() }</p>
                    }
                    { guide }
                    <RequestEditor value={state.request.clone()} {onedit} {onpaste} {onrun} {diagnostics} />
                </section>
                <div class="workbench">
                    if embed { { panel } } else { { workbench_tabs(state.tab, &onshow, panel) } }
                </div>
            </main>
        </>
    }
}
