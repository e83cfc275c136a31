//! The Timestream Write playground: a Yew app around `timestream_engine::Engine`.
//!
//! `state` holds the app's one reducer (operation, request text, last response) and the engine;
//! `components` has one component per file; `templates` the starting request of each operation;
//! `focus` hands the keyboard focus on when a control goes away under it.

pub mod app;
#[cfg(feature = "full")]
pub mod codegen;
pub mod components;
pub mod focus;
#[cfg(feature = "full")]
pub mod guide;
pub mod hooks;
pub mod persist;
pub mod share;
pub mod state;
pub mod templates;
pub mod upgrade;
pub mod theme;

/// Mounts the app on the page's `<body>`.
pub fn run() {
    console_error_panic_hook::set_once();
    yew::Renderer::<app::App>::new().render();
}
