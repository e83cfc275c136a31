//! Keeping the session across visits: the first state (autosave), share links in the address
//! (on load and when the fragment changes), and autosave after each change.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::components::{NoticeAction, Notices};
use crate::persist::{self, Session, SESSION_KEY};
#[cfg(feature = "full")]
use crate::share::{self, FRAGMENT_PREFIX};
use crate::share::PageParams;
use crate::state::{EngineHandle, Playground};
use crate::theme::Theme;

/// Milliseconds of quiet before a change is saved (and at once when the page is hidden).
pub const AUTOSAVE_DELAY_MS: u32 = 300;
/// Where the saved session goes when a share link replaces it.
pub const BEFORE_LINK_KEY: &str = "tsw-playground/session.before-link";

/// What the page starts with.
pub struct Boot {
    pub params: PageParams,
    pub playground: Playground,
    pub notices: Notices,
}

impl Boot {
    /// The address's parameters, the autosaved session (not in an embed) and the theme.
    pub fn load() -> Boot {
        let params = PageParams::from_location();
        let fresh = Playground::new(EngineHandle::browser());
        #[cfg(feature = "full")]
        let (playground, message) = if params.embed { (Rc::new(fresh), None) } else { persist::load_saved(fresh) };
        // The core build never restores: www/boot.js starts the full build when a session is
        // saved. Should one appear anyway, the full build takes over rather than overwrite it.
        #[cfg(not(feature = "full"))]
        let (playground, message) = {
            let saved = persist::storage().and_then(|s| s.get_item(SESSION_KEY).ok().flatten());
            if saved.is_some() && !params.embed {
                if let Some(s) = gloo::utils::window().session_storage().ok().flatten() {
                    let _ = s.set_item(crate::upgrade::FULL_FLAG, "1");
                }
                let _ = gloo::utils::window().location().reload();
            }
            (Rc::new(fresh), None)
        };
        let notices = Notices::default();
        let notices = match message {
            Some(message) => (*Rc::new(notices).reduce(NoticeAction::Push(true, message))).clone(),
            None => notices,
        };
        Theme::stored().apply(false);
        Boot { params, playground: (*playground).clone(), notices }
    }
}

#[cfg(feature = "full")]
/// Opens the `#s=...` session of the address, now and whenever the fragment changes. A link
/// that cannot be read is set aside (not in an embed) with a message, and the page keeps the
/// session it has. Returns false until the first link is settled (autosave waits for it).
#[hook]
pub fn use_share_link(params: &PageParams, state: &UseReducerHandle<Playground>, notices: UseReducerDispatcher<Notices>) -> bool {
    let settled = use_state(|| params.shared.is_none());
    let (embed, first) = (params.embed, params.shared.clone());
    let (engine, dispatch, done) = (state.engine.clone(), state.dispatcher(), settled.setter());
    use_effect_with((), move |_| {
        let open = Rc::new(move |payload: String| {
            let (engine, dispatch, notices, done) = (engine.clone(), dispatch.clone(), notices.clone(), done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = match share::decode(&payload).await {
                    Ok(doc) => {
                        let saved = persist::storage().filter(|_| !embed).and_then(|s| Some((s.get_item(SESSION_KEY).ok()??, s)));
                        let result = persist::restore(&doc, &engine).map(|load| dispatch.dispatch(load));
                        if let (Ok(()), Some((text, storage))) = (&result, saved) {
                            let kept = storage.set_item(BEFORE_LINK_KEY, &text).is_ok();
                            let message = if kept {
                                format!("Opened the session from the link. The session this browser had saved is kept under localStorage key \"{BEFORE_LINK_KEY}\".")
                            } else {
                                "Opened the session from the link; it replaces the session this browser had saved.".to_string()
                            };
                            notices.dispatch(NoticeAction::Push(false, message));
                        }
                        result
                    }
                    Err(e) => Err(e),
                };
                if let Err(reason) = result {
                    let aside = persist::storage().filter(|_| !embed).and_then(|s| persist::set_aside(&s, "tsw-playground/link", &payload));
                    let then = if embed { "the example started empty" } else { "the playground kept its current session" };
                    notices.dispatch(NoticeAction::Push(true, persist::set_aside_message("The shared link's session", &reason, aside.as_deref(), then)));
                }
                if !embed {
                    share::clear_fragment();
                }
                done.set(true);
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

type Job = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;

fn run(job: &Job) {
    let pending = job.borrow_mut().take();
    if let Some(save) = pending {
        save();
    }
}

/// Saves the session to localStorage `AUTOSAVE_DELAY_MS` after the last change, or when the page
/// is hidden. The engine's snapshot is taken again only when its revision moved.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<Playground>, enabled: bool, notices: UseReducerDispatcher<Notices>) {
    let job: Job = use_mut_ref(|| None);
    let timer = use_mut_ref(|| None::<Timeout>);
    let cache = use_mut_ref(|| (u64::MAX, None::<String>));
    {
        let job = job.clone();
        let state = state.clone();
        let deps = (state.revision, state.operation, state.request.clone(), state.tab, enabled);
        use_effect_with(deps, move |_| {
            if enabled {
                *job.borrow_mut() = Some(Box::new(move || {
                    let engine = {
                        let mut cache = cache.borrow_mut();
                        if cache.0 != state.revision {
                            let e = state.engine.0.borrow();
                            *cache = (state.revision, (!persist::engine_is_empty(&e)).then(|| e.snapshot()));
                        }
                        cache.1.clone()
                    };
                    let session = Session { operation: state.operation, request: state.request.clone(), tab: state.tab, engine };
                    if let Err(message) = persist::save(&session.to_json(persist::now_ms())) {
                        notices.dispatch(NoticeAction::Push(true, message));
                    }
                }));
                let job = job.clone();
                *timer.borrow_mut() = Some(Timeout::new(AUTOSAVE_DELAY_MS, move || run(&job)));
            }
        });
    }
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::window(), "pagehide", move |_| run(&job));
        move || drop(listener)
    });
}
