//! Custom hooks.

mod keep;

pub use crate::client::{use_answer, use_latest, use_query};
pub use keep::{use_autosave, use_share_link, Boot, AUTOSAVE_DELAY_MS, BEFORE_LINK_KEY};
