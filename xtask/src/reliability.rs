//! `cargo xtask durability [--trials N]` and `cargo xtask load [--seconds N]`: the long runs of
//! timestream-local's durability test (kill -9 trials, local/tests/durability.rs) and load test
//! (keep-alive connections and faulty clients, local/tests/load.rs), in release. `cargo xtask
//! test` runs the short versions (3 trials, 5 s) with the other native tests. Each prints its
//! figures (docs/reliability.md).

use crate::sh::{self, run};

/// The value of `--NAME N` in `args`, else `default`.
fn flag(args: &[String], name: &str, default: u64) -> Result<u64, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args.get(i + 1).and_then(|v| v.parse().ok()).ok_or_else(|| format!("{name} needs a number")),
    }
}

fn release_test(test: &str, env: (&str, u64)) -> Result<(), String> {
    let mut c = sh::cargo();
    c.args(["test", "--release", "-p", "timestream-local", "--test", test, "--", "--nocapture", "--test-threads=1"]);
    run(c.env(env.0, env.1.to_string()))
}

pub fn durability(args: &[String]) -> Result<(), String> {
    release_test("durability", ("DURABILITY_TRIALS", flag(args, "--trials", 20)?))
}

pub fn load(args: &[String]) -> Result<(), String> {
    release_test("load", ("LOAD_SECONDS", flag(args, "--seconds", 60)?))
}
