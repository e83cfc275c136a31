//! Messages about the session (a saved state set aside, a bad file or link, storage full), each
//! dismissible. Their own small reducer, so async work (links, files) can add to it.

use std::rc::Rc;

use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u32,
    pub error: bool,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notices {
    pub list: Vec<Notice>,
    next: u32,
}

pub enum NoticeAction {
    /// Shows a message (`true`: an error, which clears the other messages that are not errors);
    /// the same text is not shown twice.
    Push(bool, String),
    Dismiss(u32),
}

impl Reducible for Notices {
    type Action = NoticeAction;
    fn reduce(self: Rc<Self>, action: NoticeAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            NoticeAction::Push(_, text) if next.list.iter().any(|n| n.text == text) => return self,
            NoticeAction::Push(error, text) => {
                // A new failure clears the old "done" messages: they would read as if they were
                // about what just failed.
                if error {
                    next.list.retain(|n| n.error);
                }
                next.list.push(Notice { id: next.next, error, text });
                next.next += 1;
            }
            NoticeAction::Dismiss(id) => next.list.retain(|n| n.id != id),
        }
        Rc::new(next)
    }
}

/// The list, each with a Dismiss button (a view function: the state is the caller's reducer).
/// Dismiss hands the focus to the next message's Dismiss (the list is keyed: the others stay
/// in the page), else the previous one's, else the operation picker, the next control below.
pub fn notice_list(notices: &UseReducerHandle<Notices>) -> Html {
    if notices.list.is_empty() {
        return html! {};
    }
    let list = &notices.list;
    let items = list.iter().enumerate().map(|(i, n)| {
        let id = n.id;
        let neighbour = list.get(i + 1).or(i.checked_sub(1).and_then(|p| list.get(p))).map(|m| format!("dismiss-{}", m.id));
        let ondismiss = {
            let notices = notices.clone();
            Callback::from(move |_| {
                crate::focus::focus_id(neighbour.as_deref().unwrap_or("operation"));
                notices.dispatch(NoticeAction::Dismiss(id))
            })
        };
        html! {
            <li key={id} class={classes!("notice", n.error.then_some("error"))} role={if n.error { "alert" } else { "status" }} data-testid="notice">
                <span>{ &n.text }</span>
                <button type="button" id={format!("dismiss-{id}")} class="link" aria-label="Dismiss message" onclick={ondismiss}>{ "Dismiss" }</button>
            </li>
        }
    });
    html! { <ul class="notices">{ for items }</ul> }
}
