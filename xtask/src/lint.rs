//! `cargo xtask lint`: the gates every change passes, also the first suite of `cargo xtask test`:
//! `cargo fmt --check` (style in rustfmt.toml) and `cargo clippy -D warnings` on every crate and
//! every target, natively and for the browser (the app and its worker are built for
//! wasm32-unknown-unknown, where other code is compiled in).

use crate::sh::{self, run};

/// The clippy runs: (what, arguments after `cargo clippy`).
const CLIPPY: &[(&str, &[&str])] = &[
    ("every crate, native", &["--workspace", "--all-targets"]),
    ("the engine without its fast path", &["-p", "timestream-engine", "--all-targets", "--no-default-features"]),
    ("the playground, wasm", &["-p", "timestream-playground", "--target", "wasm32-unknown-unknown", "--all-targets"]),
];

pub fn all() -> Result<(), String> {
    run(sh::cargo().args(["fmt", "--all", "--check"])).map_err(|e| format!("{e}: run `cargo fmt --all`"))?;
    let mut failed = Vec::new();
    for (what, args) in CLIPPY {
        println!("xtask lint: clippy, {what}");
        if let Err(e) = run(sh::cargo().arg("clippy").args(*args).args(["--", "-D", "warnings"])) {
            failed.push(e);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}
