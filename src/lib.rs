//! The Timestream Write playground: a Yew app whose engine (`timestream_engine`) runs in a Web
//! Worker (src/worker.rs), reached through `client`.
//!
//! `state` holds the app's one reducer (operation, request text, last response, the engine's
//! revision and status); `client` talks to the worker; `components` has one component per file;
//! `templates` the starting request of each operation; `focus` hands the keyboard focus on when
//! a control goes away under it.

pub mod app;
pub mod client;
pub mod codegen;
pub mod components;
pub mod focus;
pub mod guide;
pub mod hooks;
pub mod jump;
pub mod persist;
pub mod share;
pub mod start;
pub mod state;
pub mod templates;
pub mod theme;
pub mod wire;
pub mod worker;

/// Mounts the app on the page's `<body>`.
pub fn run() {
    // A panic's message in the console, in debug builds and `TS_PANIC_MESSAGES=1 cargo xtask
    // dist`; the shipped build aborts at once and the hook never runs (xtask `dist`).
    console_error_panic_hook::set_once();
    yew::Renderer::<app::App>::new().render();
}
