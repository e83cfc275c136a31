//! An in-page yes/no question, where the browser's `confirm()` would be: a labelled group with
//! the question, the action's button and Cancel; Escape cancels. (A docs page's sandboxed iframe
//! answers `confirm()` with "no" without showing it, and the browser's dialog blocks the page.)
//! With `focus`, Cancel takes the focus when the question appears, so a keyboard user is at the
//! question and Enter never discards anything by accident.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    /// The question's element id (the group is labelled by it).
    pub id: AttrValue,
    pub testid: AttrValue,
    /// What is asked: bold first words, then what the action does.
    pub question: AttrValue,
    pub detail: Html,
    /// The action button's label.
    pub action: AttrValue,
    pub onaction: Callback<()>,
    pub oncancel: Callback<()>,
    #[prop_or_default]
    pub focus: bool,
}

#[function_component(Confirm)]
pub fn confirm(props: &ConfirmProps) -> Html {
    let cancel = use_node_ref();
    {
        let (cancel, focus) = (cancel.clone(), props.focus);
        use_effect_with((), move |_| {
            if focus {
                crate::focus::focus(cancel.cast());
            }
        });
    }
    let onkeydown = crate::focus::on_escape(props.oncancel.clone());
    html! {
        <div class="confirm" role="group" aria-labelledby={props.id.clone()} data-testid={props.testid.clone()} {onkeydown}>
            <p id={props.id.clone()}>
                <strong>{ props.question.clone() }</strong>
                { " " }
                { props.detail.clone() }
            </p>
            <button type="button" class="primary" onclick={props.onaction.reform(|_| ())}>{ props.action.clone() }</button>
            <button ref={cancel} type="button" onclick={props.oncancel.reform(|_| ())}>{ "Cancel" }</button>
        </div>
    }
}
