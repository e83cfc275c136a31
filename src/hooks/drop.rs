//! Files dropped on the page. The editor takes one as its request (request_editor.rs); dropped
//! anywhere else but a file field, one is refused, where the browser would open it in the tab
//! and leave the playground.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Whether a drag carries files (while dragging their contents are hidden; the drop has them).
pub fn carries_files(e: &DragEvent) -> bool {
    e.data_transfer().is_some_and(|t| t.types().iter().any(|k| k.as_string().as_deref() == Some("Files")))
}

/// Refuses files dragged over or dropped on the page outside the editor and the file fields.
#[hook]
pub fn use_no_stray_file_drops() {
    use_effect_with((), |_| {
        let refuse = |e: &Event| {
            let Some(e) = e.dyn_ref::<DragEvent>() else { return };
            let file_field = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|i| i.type_() == "file");
            if !e.default_prevented() && !file_field && carries_files(e) {
                e.prevent_default();
            }
        };
        let window = gloo::utils::window();
        let options = EventListenerOptions::enable_prevent_default();
        let listeners =
            [EventListener::new_with_options(&window, "dragover", options, refuse), EventListener::new_with_options(&window, "drop", options, refuse)];
        move || drop(listeners)
    });
}
