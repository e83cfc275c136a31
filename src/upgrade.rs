//! Two builds, one page. A first visit loads the core build (editor, validation, Run, response,
//! clock, autosave); the full build adds the inspector, batch load, the examples, share/export/import
//! and copy as code (cargo feature `full`, served from `full/`). `www/boot.js` picks the full
//! build when the visit needs it: a saved session, a `#s=` share link, `?scenario=`, `?full=1`,
//! or this tab asked for it before ([`FULL_FLAG`]).
//!
//! The core build moves to the full one by saving the session (the autosave document), noting in
//! sessionStorage what the user asked for ([`OPEN_KEY`]: a tab or a menu) and reloading; the full
//! build restores the session like any saved one and opens what was asked for.

/// sessionStorage: this tab runs the full build from now on.
pub const FULL_FLAG: &str = "tsw-playground/full";
/// sessionStorage: what the full build opens first (a tab's `key()`, `examples`, `keep`, `code`).
pub const OPEN_KEY: &str = "tsw-playground/open";

fn session_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().session_storage().ok().flatten()
}

/// Core build: saves the session and reloads the page into the full build, which then opens
/// `open`. Returns an error when the browser refuses to store the session (nothing is lost: the
/// page stays as it is).
#[cfg(not(feature = "full"))]
pub fn to_full(state: &crate::state::Playground, open: &str) -> Result<(), String> {
    use crate::persist::{self, Session};
    let doc = Session::of(state).to_json(persist::now_ms());
    persist::save(&doc)?;
    let storage = session_storage().ok_or("This browser has no session storage; open the page with ?full=1 instead.")?;
    storage.set_item(FULL_FLAG, "1").and_then(|_| storage.set_item(OPEN_KEY, open)).map_err(|_| "This browser refused to store a flag; open the page with ?full=1 instead.".to_string())?;
    gloo::utils::window().location().reload().map_err(|_| "The page could not reload; open it with ?full=1 instead.".to_string())
}

/// Full build: what the core build asked to open, once.
#[cfg(feature = "full")]
pub fn take_open() -> Option<String> {
    let storage = session_storage()?;
    let open = storage.get_item(OPEN_KEY).ok().flatten();
    let _ = storage.remove_item(OPEN_KEY);
    open
}
