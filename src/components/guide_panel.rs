//! The guided walk through an example: title, step i of n, the step's note, what the step
//! expects, whether the last run matched it, and Previous / Run step / Next / Restart / Exit
//! (which gives the focus to the Examples menu, when there is one; Previous and Next give it to
//! Run step when they become disabled). Everything is rendered as text.

use std::rc::Rc;

use timestream_engine::scenario::{Expect, StepAction, Verdict};
use yew::prelude::*;

use crate::guide::{Guide, GuideAction};

#[derive(Properties, PartialEq)]
pub struct GuidePanelProps {
    pub guide: Rc<Guide>,
    pub onaction: Callback<GuideAction>,
    /// Runs the editor's request (request steps).
    pub onrun: Callback<()>,
    /// Starts the example again from a fresh engine.
    pub onrestart: Callback<String>,
}

/// "status 419, RejectedRecordsException, records [0] rejected, and the step's values of
/// RejectedRecords".
fn expected(e: &Expect) -> String {
    let mut parts = Vec::new();
    if let Some(s) = e.status {
        parts.push(format!("status {s}"));
    }
    if let Some(err) = &e.error {
        parts.push(err.clone());
    }
    match e.rejected_indexes.as_deref() {
        Some([]) => parts.push("no record rejected".into()),
        Some(ix) => parts.push(format!("records {ix:?} rejected")),
        None => {}
    }
    if let Some(members) = e.body_contains.as_ref().and_then(|b| b.as_object()) {
        let names: Vec<&str> = members.keys().map(String::as_str).collect();
        parts.push(format!("and the step's values of {}", names.join(", ")));
    }
    parts.join(", ")
}

#[function_component(GuidePanel)]
pub fn guide_panel(props: &GuidePanelProps) -> Html {
    let g = &props.guide;
    let (i, n) = (g.index, g.step_count());
    let step = g.step();
    // Previous on step 2 and Next on the step before the last disable themselves: the focus goes
    // to Run step rather than fall to the page.
    let run_ref = use_node_ref();
    let go = |to: usize| {
        let run_ref = run_ref.clone();
        props.onaction.reform(move |_: MouseEvent| {
            if to == 0 || to + 1 == n {
                crate::focus::focus(run_ref.cast());
            }
            GuideAction::Go(to)
        })
    };
    let run = match step.action {
        StepAction::Call { .. } => props.onrun.reform(|_: MouseEvent| ()),
        _ => props.onaction.reform(|_: MouseEvent| GuideAction::RunStep),
    };
    let restart = {
        let (cb, id) = (props.onrestart.clone(), g.example.id);
        Callback::from(move |_: MouseEvent| cb.emit(id.to_string()))
    };
    let exit = props.onaction.reform(|_: MouseEvent| {
        crate::focus::focus_id("examples");
        GuideAction::Exit
    });
    let what = match &step.action {
        StepAction::Call { operation, .. } => html! {
            <p class="hint">{ format!("{} is in the editor; edit it if you like, then run it.", operation.name()) }</p>
        },
        StepAction::PutObject { bucket, key, body } => html! {
            <>
                <p class="hint">{ format!("putObject: stores s3://{bucket}/{key} in the emulated S3 (times filled in when it runs):") }</p>
                <pre class="body" tabindex="0" aria-label="Object body" data-testid="guide-object">{ body.clone() }</pre>
            </>
        },
        StepAction::RunBatchLoads => html! { <p class="hint">{ "runBatchLoads: runs every active batch-load task to its end." }</p> },
    };
    let (class, text, reasons): (&str, String, &[String]) = match g.outcome.as_ref().map(|o| &o.verdict) {
        None => ("muted", "Not run yet: run the step to compare the answer with the expected outcome.".into(), &[]),
        Some(None) => ("muted", format!("Not checked: this step runs {}, not the operation you ran.", step.label()), &[]),
        Some(Some(Verdict::Met)) => ("ok", "\u{2713} Matched the expected outcome.".into(), &[]),
        Some(Some(Verdict::Unchecked)) => ("muted", "This step has no expected outcome.".into(), &[]),
        Some(Some(Verdict::Failed(why))) => ("error", "\u{2717} Did not match the expected outcome:".into(), why),
    };
    let body = g.outcome.as_ref().and_then(|o| o.body.clone());
    let last = i + 1 == n;
    html! {
        <section class="guide" aria-labelledby="guide-heading" data-testid="guide">
            <h2 id="guide-heading">{ format!("Example: {}", g.scenario.title) }</h2>
            <p class="hint">{ g.scenario.description.clone() }</p>
            <p data-testid="guide-progress"><strong>{ format!("Step {} of {n}", i + 1) }</strong>{ format!(" \u{2014} {}", step.label()) }</p>
            <p data-testid="guide-note" class="guide-note">{ step.note.clone().unwrap_or_default() }</p>
            { what }
            if let Some(e) = &step.expect {
                <p class="hint" data-testid="guide-expect">{ format!("Expected: {}.", expected(e)) }</p>
            }
            <div role="status" aria-live="polite" data-testid="guide-verdict" class={classes!("outcome", class)}>
                <p>{ text }</p>
                if !reasons.is_empty() {
                    <ul>{ for reasons.iter().map(|r| html! { <li>{ r.clone() }</li> }) }</ul>
                }
            </div>
            if let Some(body) = body {
                <pre class="body" tabindex="0" aria-label="Step result" data-testid="guide-result">{ body }</pre>
            }
            <div class="toolbar">
                <button type="button" disabled={i == 0} onclick={go(i.saturating_sub(1))}>{ "Previous" }</button>
                <button ref={run_ref.clone()} type="button" class="primary" onclick={run}>{ "Run step" }</button>
                <button type="button" disabled={last} onclick={go(i + 1)}>{ "Next" }</button>
                <button type="button" onclick={restart} title="Start again from a fresh emulator">{ "Restart" }</button>
                <button type="button" onclick={exit}>{ "Exit" }</button>
            </div>
            if last && g.outcome.is_some() {
                <p class="hint" data-testid="guide-done">{ "That was the last step. The tables and records stay; explore them in the Inspector, or pick another example." }</p>
            }
        </section>
    }
}
