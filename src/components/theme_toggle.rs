//! System, light or dark (src/theme.rs); the choice is remembered. A plain view function, not a
//! component: the `<select>` keeps its own value, so there is no state to hold.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::theme::Theme;

pub fn theme_toggle() -> Html {
    let current = Theme::stored();
    let onchange = Callback::from(|e: Event| Theme::from_name(&e.target_unchecked_into::<HtmlSelectElement>().value()).apply(true));
    html! {
        <label class="theme">
            { "Theme" }
            <select {onchange}>
                { for Theme::ALL.into_iter().map(|t| html! { <option value={t.name()} selected={t == current}>{ t.label() }</option> }) }
            </select>
        </label>
    }
}
