//! System, light or dark (src/theme.rs); the choice is remembered.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::theme::Theme;

#[function_component(ThemeToggle)]
pub fn theme_toggle() -> Html {
    let theme = use_state(Theme::stored);
    let onchange = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            let chosen = Theme::from_name(&e.target_unchecked_into::<HtmlSelectElement>().value());
            chosen.apply(true);
            theme.set(chosen);
        })
    };
    html! {
        <label class="theme">
            { "Theme" }
            <select {onchange}>
                { for Theme::ALL.into_iter().map(|t| html! { <option value={t.name()} selected={t == *theme}>{ t.label() }</option> }) }
            </select>
        </label>
    }
}
