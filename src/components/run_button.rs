//! The Run button: a plain view function (it has no state of its own, and a component's own
//! machinery costs about 230 B of gzip in the module).

use yew::prelude::*;

pub fn run_button(onrun: &Callback<()>) -> Html {
    let onclick = onrun.reform(|_: MouseEvent| ());
    html! {
        <button type="button" id="run" class="primary" title="Run (Ctrl+Enter)" {onclick}>{ "Run" }</button>
    }
}
