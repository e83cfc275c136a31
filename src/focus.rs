//! Handing the keyboard focus on, for a control that goes away or becomes disabled under it
//! (docs/architecture.md, "Focus and the diff"): without this the focus falls to `<body>`.

use wasm_bindgen::JsCast;

/// Focuses `el`; false when it is not an element that can take the focus.
pub fn focus(el: Option<web_sys::Element>) -> bool {
    el.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|el| el.focus().is_ok())
}

/// Focuses the element with this id; false when there is none.
pub fn focus_id(id: &str) -> bool {
    focus(gloo::utils::document().get_element_by_id(id))
}

/// A keydown handler that runs `then` on Escape (dialogs and panels close with it).
pub fn on_escape(then: yew::Callback<()>) -> yew::Callback<web_sys::KeyboardEvent> {
    yew::Callback::from(move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" {
            then.emit(());
        }
    })
}
