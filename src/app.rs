//! The page: operation picker and Run button, the request editor, the response panel.
//! `?embed=1` (src/share.rs) shows only the editor, Run and the response, and saves nothing.

use yew::prelude::*;

use crate::components::{BatchPanel, ClockPanel, CodeDialog, ExamplesMenu, GuidePanel, Inspector, KeepBar, notice_list, OperationPicker, RequestEditor, ResponsePanel, RunButton, theme_toggle};
use crate::hooks::{use_autosave, use_share_link, Boot};
use crate::state::{Action, Tab};

#[function_component(App)]
pub fn app() -> Html {
    // The first state: the address (embed, share link), the autosaved session, the theme.
    let boot = use_memo((), |_| Boot::load());
    let state = use_reducer(|| boot.playground.clone());
    let notices = use_reducer(|| boot.notices.clone());
    let embed = boot.params.embed;
    let settled = use_share_link(&boot.params, &state, notices.dispatcher());
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

    let onstart = {
        let state = state.dispatcher();
        Callback::from(move |id| state.dispatch(Action::StartScenario(id)))
    };
    let onguide = {
        let state = state.dispatcher();
        Callback::from(move |a| state.dispatch(Action::Guide(a)))
    };
    // `?scenario=<id>` (embeds in docs, links to an example): start it once, on the first render.
    use_effect_with((), {
        let (id, state) = (boot.params.scenario.clone(), state.dispatcher());
        move |_| {
            if let Some(id) = id {
                state.dispatch(Action::StartScenario(id));
            }
        }
    });
    let guide = state.guide.clone().map(|guide| {
        html! { <GuidePanel {guide} onaction={onguide} onrun={onrun.clone()} onrestart={onstart.clone()} /> }
    });

    let onchange = {
        let state = state.dispatcher();
        Callback::from(move |()| state.dispatch(Action::EngineChanged))
    };
    // Batch-load tasks run in slices from the event loop whenever one is active.
    use_effect_with(state.revision, {
        let (engine, onchange) = (state.engine.clone(), onchange.clone());
        move |_| crate::components::batch::runner::drive(&engine, &onchange)
    });
    // Derived, not stored: the problems of the editor's text against the engine as it is now.
    let diagnostics: std::rc::Rc<[_]> = state.engine.0.borrow().diagnose(state.operation, state.request.as_bytes()).into();
    let (engine, revision) = (state.engine.clone(), state.revision);
    let panel = match if embed { Tab::Response } else { state.tab } {
        Tab::Response => html! { <ResponsePanel response={state.response.clone()} /> },
        Tab::Inspector => html! { <Inspector {engine} {revision} {onchange} /> },
        Tab::Clock => html! { <ClockPanel {engine} {revision} {onchange} /> },
        Tab::BatchLoad => html! { <BatchPanel {engine} {revision} {onchange} /> },
    };
    let current = state.tab;
    let tabs = Tab::ALL.iter().map(|&tab| {
        let state = state.dispatcher();
        let onclick = Callback::from(move |_| state.dispatch(Action::ShowTab(tab)));
        let selected = tab == current;
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("selected"))} {onclick}>
                { tab.label() }
            </button>
        }
    });

    html! {
        <>
            if !embed {
                <header class="topbar">
                    <div class="title">
                        <h1>{ "Timestream Write playground" }</h1>
                        <p class="tagline">{ "An offline emulator of the Amazon Timestream Write API (2018-11-01), running in this tab." }</p>
                    </div>
                    <KeepBar state={state.clone()} notices={notices.dispatcher()} />
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
                        if !embed { <ExamplesMenu active={state.guide.as_ref().map(|g| g.example.id)} {onstart} /> }
                        if !embed { <CodeDialog operation={state.operation} request={state.request.clone()} /> }
                    </div>
                    if let Some(notice) = &state.notice {
                        <p class="notice" role="alert" data-testid="notice">{ notice.clone() }</p>
                    }
                    { for guide }
                    <RequestEditor value={state.request.clone()} {onedit} {onpaste} {onrun} {diagnostics} />
                </section>
                <div class="workbench">
                    if !embed { <nav class="tabs" role="tablist" aria-label="Workbench">{ for tabs }</nav> }
                    { panel }
                </div>
            </main>
        </>
    }
}
