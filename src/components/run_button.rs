//! The Run button.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RunButtonProps {
    pub onrun: Callback<()>,
}

#[function_component(RunButton)]
pub fn run_button(props: &RunButtonProps) -> Html {
    let onclick = props.onrun.reform(|_: MouseEvent| ());
    html! {
        <button type="button" id="run" class="primary" title="Run (Ctrl+Enter)" {onclick}>{ "Run" }</button>
    }
}
