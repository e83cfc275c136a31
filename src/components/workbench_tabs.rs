//! The workbench's tabs (Response, Inspector, Clock, Batch load) and the selected tab's panel,
//! as the WAI-ARIA tabs pattern: a labelled `tablist` of `tab` buttons (`aria-selected`, the
//! selected one's `aria-controls` naming the panel, which only exists for that tab), a
//! `tabpanel` labelled by its tab, a roving tabindex (only the selected tab is in the Tab order)
//! and the arrow keys, Home and End moving between the tabs.
//!
//! Activation follows the focus (an arrow key onto a tab shows it).

use yew::prelude::*;

use crate::state::Tab;

/// The id of each tab, in the order of `Tab::ALL`.
const IDS: [&str; 4] = ["tab-response", "tab-inspector", "tab-clock", "tab-batch"];

/// The tabs and, below them, `panel`: the panel of `current`. `onselect`: a tab was activated
/// (clicked, Enter or Space, or an arrow key onto it). A view function: the state is the app's.
pub fn workbench_tabs(current: Tab, onselect: &Callback<Tab>, panel: Html) -> Html {
    let n = Tab::ALL.len();
    let at = Tab::ALL.iter().position(|&t| t == current).unwrap_or(0);
    let tabs = Tab::ALL.iter().enumerate().map(|(i, &tab)| {
        let onclick = onselect.reform(move |_: MouseEvent| tab);
        let onkeydown = {
            let onselect = onselect.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.alt_key() || e.ctrl_key() || e.meta_key() {
                    return;
                }
                let to = match e.key().as_str() {
                    "ArrowRight" => (i + 1) % n,
                    "ArrowLeft" => (i + n - 1) % n,
                    "Home" => 0,
                    "End" => n - 1,
                    _ => return,
                };
                e.prevent_default();
                let next = Tab::ALL[to];
                crate::focus::focus_id(IDS[to]);
                onselect.emit(next);
            })
        };
        let selected = i == at;
        html! {
            <button type="button" role="tab" id={IDS[i]} aria-selected={selected.to_string()}
                aria-controls={selected.then_some("workbench-panel")} tabindex={if selected { "0" } else { "-1" }}
                class={classes!("tab", selected.then_some("selected"))} {onclick} {onkeydown}>
                { tab.label() }
            </button>
        }
    });
    html! {
        <>
            <div class="tabs" role="tablist" aria-label="Workbench">{ for tabs }</div>
            <div id="workbench-panel" class="tabpanel" role="tabpanel" aria-labelledby={IDS[at]} tabindex="0">
                { panel }
            </div>
        </>
    }
}
