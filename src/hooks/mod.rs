//! Custom hooks.

mod drop;
mod frame;
mod keep;

pub use crate::client::{use_answer, use_latest, use_query};
pub use drop::{carries_files, use_no_stray_file_drops};
pub use frame::{bring_into_view, use_auto_height, HEIGHT_MESSAGE};
pub use keep::{use_autosave, use_share_link, Boot, AUTOSAVE_DELAY_MS, BEFORE_LINK_KEY};
