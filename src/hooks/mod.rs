//! Custom hooks.

mod keep;

pub use keep::{use_autosave, use_share_link, Boot, AUTOSAVE_DELAY_MS, BEFORE_LINK_KEY};
