//! The Examples menu: a labelled `<select>` of the teaching scenarios. Picking one asks first,
//! because starting an example discards the emulator's state. Start and Cancel (or Escape) give
//! the focus back to the menu.

use timestream_engine::clock::iso8601_millis;
use timestream_engine::scenario::examples::{find, EXAMPLES};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::confirm::Confirm;

#[derive(Properties, PartialEq)]
pub struct ExamplesMenuProps {
    /// The id of the example being walked through, if any.
    pub active: Option<&'static str>,
    pub onstart: Callback<String>,
}

#[function_component(ExamplesMenu)]
pub fn examples_menu(props: &ExamplesMenuProps) -> Html {
    let pending = use_state(|| None::<&'static str>);
    let select = use_node_ref();
    let refocus = {
        let select = select.clone();
        move || {
            crate::focus::focus(select.cast());
        }
    };
    let onchange = {
        let pending = pending.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            pending.set(find(&select.value()).map(|ex| ex.id));
        })
    };
    let shown = (*pending).or(props.active).unwrap_or("");
    let confirm = (*pending).and_then(find).map(|ex| {
        let clock = ex
            .scenario()
            .ok()
            .and_then(|s| s.clock_start)
            .map_or_else(String::new, |t| format!(" The clock is then frozen at {} (the Clock tab gives it back to system time).", iso8601_millis(t)));
        let onstart = {
            let (pending, onstart, id, refocus) = (pending.clone(), props.onstart.clone(), ex.id, refocus.clone());
            Callback::from(move |()| {
                pending.set(None);
                onstart.emit(id.to_string());
                refocus();
            })
        };
        let oncancel = {
            let (pending, refocus) = (pending.clone(), refocus.clone());
            Callback::from(move |()| {
                pending.set(None);
                refocus();
            })
        };
        let detail = html! { <>
            { ex.summary }
            { " " }{ crate::guide::STARTING_RESETS }
            { clock }
        </> };
        html! {
            <Confirm id="confirm-text" testid="example-confirm" question={format!("Start \u{201c}{}\u{201d}?", ex.title)} {detail}
                action="Start example" onaction={onstart} {oncancel} />
        }
    });
    html! {
        <>
            <div class="field">
                <label for="examples">{ "Examples" }</label>
                <select ref={select} id="examples" name="examples" {onchange}>
                    <option value="" selected={shown.is_empty()}>{ "Choose an example\u{2026}" }</option>
                    { for EXAMPLES.iter().map(|ex| html! {
                        <option value={ex.id} selected={ex.id == shown} title={ex.summary}>{ ex.title }</option>
                    }) }
                </select>
            </div>
            // One child, shown or not (a `for` of nothing would rebuild the select before it).
            { confirm.unwrap_or_default() }
        </>
    }
}
