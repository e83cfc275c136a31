//! Keeping the session across visits: the first state (autosave), share links in the address
//! (on load and when the fragment changes), and autosave after each change.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;
use yew::Reducible;

use crate::client::EngineClient;
use crate::components::{NoticeAction, Notices};
use crate::persist::{self, Session, SESSION_KEY};
use crate::share::{self, PageParams, FRAGMENT_PREFIX};
use crate::state::{Action, Playground};
use crate::theme::Theme;

/// Milliseconds of quiet before a change is saved (and at once when the page is hidden).
pub const AUTOSAVE_DELAY_MS: u32 = 300;
/// The largest engine snapshot autosave keeps (localStorage holds about 5 M characters per
/// origin): a larger state is not written out by the worker nor sent to the page.
pub const AUTOSAVE_MAX_BYTES: usize = 5_000_000;
/// Where the saved session goes when a share link replaces it.
pub const BEFORE_LINK_KEY: &str = "tsw-playground/session.before-link";

/// What the page starts with.
pub struct Boot {
    pub params: PageParams,
    pub playground: Playground,
    pub notices: Notices,
    /// The autosaved session whose engine goes to the worker first, with its text (set aside
    /// if the engine refuses it).
    pub saved: Option<(Session, String)>,
}

impl Boot {
    /// The address's parameters, the autosaved session (not in an embed), the request of
    /// `?op=&body=` (the saved text of the current operation is kept as its draft) and the theme.
    pub fn load() -> Boot {
        let params = PageParams::from_location();
        let fresh = Playground::new();
        let (mut playground, saved, mut message) = if params.embed { (Rc::new(fresh), None, None) } else { persist::load_saved(fresh) };
        match params.request(persist::now_ms()) {
            Some(Ok((op, body))) => {
                playground = playground.reduce(Action::SelectOperation(op)).reduce(Action::EditRequest(body.into()));
                if !params.embed {
                    share::clear_query(&["op", "body"]);
                }
            }
            Some(Err(e)) => message = Some(message.map_or(e.clone(), |m| format!("{m} {e}"))),
            None => {}
        }
        let notices = Notices::default();
        let notices = match message {
            Some(message) => (*Rc::new(notices).reduce(NoticeAction::Push(true, message))).clone(),
            None => notices,
        };
        Theme::stored().apply(false);
        Boot { params, playground: (*playground).clone(), notices, saved }
    }
}

/// Opens the `#s=...` session of the address, now and whenever the fragment changes. A link
/// that cannot be read is set aside (not in an embed) with a message, and the page keeps the
/// session it has. Returns false until the first link is settled (autosave waits for it).
#[hook]
pub fn use_share_link(params: &PageParams, state: &UseReducerHandle<Playground>, client: &EngineClient, notices: UseReducerDispatcher<Notices>) -> bool {
    let settled = use_state(|| params.shared.is_none());
    let (embed, first) = (params.embed, params.shared.clone());
    let (client, dispatch, done) = (client.clone(), state.dispatcher(), settled.setter());
    use_effect_with((), move |_| {
        let open = Rc::new(move |payload: String| {
            let (client, dispatch, notices, done) = (client.clone(), dispatch.clone(), notices.clone(), done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let doc = match share::decode(&payload).await {
                    Ok(doc) => doc,
                    Err(e) => return opened(Err(e), &payload, embed, &notices, &done),
                };
                let saved = persist::storage().filter(|_| !embed).and_then(|s| Some((s.get_item(SESSION_KEY).ok()??, s)));
                persist::restore(&client, &doc, move |result| {
                    let result = result.map(|load| dispatch.dispatch(load));
                    if let (Ok(()), Some((text, storage))) = (&result, saved) {
                        let kept = storage.set_item(BEFORE_LINK_KEY, &text).is_ok();
                        let message = if kept {
                            format!(
                                "Opened the session from the link. The session this browser had saved is kept under localStorage key \"{BEFORE_LINK_KEY}\"."
                            )
                        } else {
                            "Opened the session from the link; it replaces the session this browser had saved.".to_string()
                        };
                        notices.dispatch(NoticeAction::Push(false, message));
                    }
                    opened(result, &payload, embed, &notices, &done);
                });
            });
        });
        if let Some(payload) = first {
            open(payload);
        }
        let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            let hash = gloo::utils::window().location().hash().unwrap_or_default();
            if let Some(payload) = hash.strip_prefix(FRAGMENT_PREFIX) {
                open(payload.to_string());
            }
        });
        move || drop(listener)
    });
    *settled
}

/// After a share link was opened or refused: the message of a refusal (the payload set aside),
/// the fragment cleared, the link settled.
fn opened(result: Result<(), String>, payload: &str, embed: bool, notices: &UseReducerDispatcher<Notices>, done: &UseStateSetter<bool>) {
    if let Err(reason) = result {
        let aside = persist::storage().filter(|_| !embed).and_then(|s| persist::set_aside(&s, "tsw-playground/link", payload));
        let then = if embed { "the example started empty" } else { "the playground kept its current session" };
        notices.dispatch(NoticeAction::Push(true, persist::set_aside_message("The shared link's session", &reason, aside.as_deref(), then)));
    }
    if !embed {
        share::clear_fragment();
    }
    done.set(true);
}

/// A pending save; `true`: the page is going away, save now with what is at hand.
type Job = Rc<RefCell<Option<Box<dyn FnOnce(bool)>>>>;

fn run(job: &Job, now: bool) {
    let pending = job.borrow_mut().take();
    if let Some(save) = pending {
        save(now);
    }
}

/// Saves the session to localStorage `AUTOSAVE_DELAY_MS` after the last change, or when the page
/// is hidden. The engine's snapshot is asked of the worker again only when its revision moved;
/// when the page is hidden, the last snapshot at hand is saved (the worker cannot answer in time).
#[hook]
pub fn use_autosave(state: &UseReducerHandle<Playground>, client: &EngineClient, enabled: bool, notices: UseReducerDispatcher<Notices>) {
    let job: Job = use_mut_ref(|| None);
    let timer = use_mut_ref(|| None::<Timeout>);
    let cache = use_mut_ref(|| (0u64, None::<String>));
    // The next step of a save in steps.
    let writing = use_mut_ref(|| None::<Timeout>);
    {
        let (job, state, client) = (job.clone(), state.clone(), client.clone());
        let deps = (state.revision, state.operation, state.request.clone(), state.tab, state.drafts.clone(), enabled);
        use_effect_with(deps, move |_| {
            if enabled {
                let writing = writing.clone();
                *job.borrow_mut() = Some(Box::new(move |now| {
                    let (wanted, n) = (state.revision, notices.clone());
                    let save = move |engine: Option<String>| {
                        let session = Session::of(&state, engine);
                        let report = move |saved: Result<(), String>| {
                            if let Err(message) = saved {
                                notices.dispatch(NoticeAction::Push(true, message));
                            }
                        };
                        if now {
                            // The page is going: at once, instead of a save still in steps.
                            writing.borrow_mut().take();
                            report(persist::save(&session));
                        } else {
                            persist::save_in_steps(session, writing, report);
                        }
                    };
                    let (revision, cached) = cache.borrow().clone();
                    if now || revision == wanted {
                        return save(cached);
                    }
                    persist::snapshot(&client, Some(AUTOSAVE_MAX_BYTES), move |result| match result {
                        Ok(engine) => {
                            *cache.borrow_mut() = (wanted, engine.clone());
                            save(engine);
                        }
                        Err(e) => n.dispatch(NoticeAction::Push(true, format!("The session is not autosaved: {e}. Use Export to keep it."))),
                    });
                }));
                let job = job.clone();
                *timer.borrow_mut() = Some(Timeout::new(AUTOSAVE_DELAY_MS, move || run(&job, false)));
            }
        });
    }
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::window(), "pagehide", move |_| run(&job, true));
        move || drop(listener)
    });
}
