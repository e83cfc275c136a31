//! `timestream-local`: the engine behind an AWS JSON 1.0 HTTP endpoint, plus the `validate` and
//! `run` command-line tools. Everything goes through `timestream_engine::Engine::handle_with`.

#![forbid(unsafe_code)]

pub mod batch_runner;
pub mod durable;
pub mod engine_thread;
pub mod infer;
pub mod listen;
pub mod run_cmd;
pub mod s3dir;
pub mod server;
pub mod sigv4;
pub mod validate_cmd;

/// Exit status of a command that found problems (invalid files, failed expectations).
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status of a usage error.
pub const EXIT_USAGE: u8 = 2;
