//! "Copy as code" lives in the engine (`timestream_engine::code::gen`) so it is tested natively
//! against the paste recogniser that reads it back; this is its name in the app.

pub use timestream_engine::code::{generate, split_words, Language};
