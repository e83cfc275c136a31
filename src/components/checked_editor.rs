//! The request editor with its diagnostics, asked of the engine's worker
//! (`Request::Diagnose`). Its own component so that an answer renders the editor and its list,
//! not the whole page; and an edit asks at once, from the input event, before the page renders
//! the new text: the worker diagnoses while the page renders, and the answer more often makes
//! the same frame as the keystroke. Any other change (the operation, a reset, a paste that was
//! converted, the engine's state) asks after the render.

use std::cell::RefCell;
use std::rc::Rc;

use timestream_engine::protocol::{Reply, Request};
use timestream_engine::recognise::Note;
use timestream_engine::{Diagnostic, Operation};
use yew::prelude::*;

use super::RequestEditor;
use crate::client::EngineClient;

#[derive(Properties, PartialEq)]
pub struct CheckedEditorProps {
    pub client: EngineClient,
    pub operation: Operation,
    /// The engine's revision: its diagnostics depend on its state (a table that is missing).
    pub revision: u64,
    pub value: AttrValue,
    pub onedit: Callback<String>,
    pub onpaste: Callback<String>,
    pub onrun: Callback<()>,
    #[prop_or_default]
    pub note: Option<Rc<Note>>,
    #[prop_or_default]
    pub reveal: Option<(usize, usize, u32)>,
}

/// What was asked last, and its number: only the answer to the latest question is shown.
#[derive(Default)]
struct Asked {
    about: Option<(Operation, String, u64)>,
    number: u64,
}

#[function_component(CheckedEditor)]
pub fn checked_editor(props: &CheckedEditorProps) -> Html {
    // The last answer stays until the next one comes.
    let diagnostics = use_state_eq(|| Rc::<[Diagnostic]>::from([]));
    let asked = use_mut_ref(Asked::default);
    let ask = {
        let (client, shown, asked) = (props.client.clone(), diagnostics.setter(), asked.clone());
        Rc::new(move |operation: Operation, body: String, revision: u64| {
            let number = {
                let mut a = asked.borrow_mut();
                a.number += 1;
                a.about = Some((operation, body.clone(), revision));
                a.number
            };
            let (asked, shown) = (asked.clone(), shown.clone());
            client.ask(Request::Diagnose { operation, body }, move |reply| {
                if let (true, Reply::Diagnostics { diagnostics }) = (RefCell::borrow(&asked).number == number, reply) {
                    shown.set(diagnostics.into());
                }
            });
        })
    };
    {
        let (ask, asked) = (ask.clone(), asked.clone());
        use_effect_with((props.operation, props.value.clone(), props.revision), move |(operation, value, revision)| {
            let known = asked.borrow().about.as_ref().is_some_and(|(o, t, r)| o == operation && r == revision && t == value.as_str());
            if !known {
                ask(*operation, value.to_string(), *revision);
            }
        });
    }
    let onedit = {
        let (onedit, operation, revision) = (props.onedit.clone(), props.operation, props.revision);
        Callback::from(move |text: String| {
            ask(operation, text.clone(), revision);
            onedit.emit(text);
        })
    };
    html! {
        <RequestEditor value={props.value.clone()} {onedit} onpaste={props.onpaste.clone()} onrun={props.onrun.clone()}
            diagnostics={(*diagnostics).clone()} note={props.note.clone()} reveal={props.reveal} />
    }
}
