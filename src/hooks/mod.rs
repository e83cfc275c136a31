//! Custom hooks.

mod keep;

#[cfg(feature = "full")]
pub use keep::use_share_link;
pub use keep::{use_autosave, Boot, AUTOSAVE_DELAY_MS, BEFORE_LINK_KEY};
