//! `cargo xtask fuzz [--target NAME] [--time SECONDS]`: the cargo-fuzz targets of fuzz/
//! (docs/reliability.md), each run for SECONDS (default 60) on its corpus (fuzz/corpus/NAME, the
//! committed `seed-*` files and whatever earlier runs added), one after another. The nightly
//! toolchain and cargo-fuzz are installed first when missing (install.rs). Each target prints one
//! summary line: executions, edges covered, corpus size, and the crash file if it found one.
//! `cargo xtask test` runs every target for a few seconds ([`smoke`]).

use std::process::{Command, Stdio};
use std::time::Instant;

use crate::sh::{self, cmd, root};

/// Seconds per target of the smoke run in `cargo xtask test`.
pub const SMOKE_SECONDS: u64 = 5;

/// How the targets are built: optimized, with debug assertions (an integer overflow is a crash,
/// as in the test builds), and without AddressSanitizer: the engine forbids `unsafe`, what the
/// targets look for is panics and wrong answers, and ASan would cost about half the executions
/// (`cargo fuzz run --sanitizer address NAME` still works by hand).
const BUILD: &[&str] = &["--release", "--debug-assertions", "--sanitizer", "none"];

/// `cargo xtask fuzz` with its arguments.
pub fn command(args: &[String]) -> Result<(), String> {
    let (mut target, mut seconds) = (None, 60);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--target" => target = Some(it.next().ok_or("--target needs a name")?.clone()),
            "--time" => seconds = it.next().and_then(|s| s.parse().ok()).ok_or("--time needs a number of seconds")?,
            other => return Err(format!("unknown argument `{other}`; usage: cargo xtask fuzz [--target NAME] [--time SECONDS]")),
        }
    }
    crate::install::fuzz_tools()?;
    let targets = match target {
        Some(t) => vec![t],
        None => targets()?,
    };
    run_targets(&targets, seconds)
}

/// Every target for [`SMOKE_SECONDS`] (the `cargo xtask test` step).
pub fn smoke() -> Result<(), String> {
    run_targets(&targets()?, SMOKE_SECONDS)
}

/// `cargo +nightly fuzz …` in fuzz/, clear of the variables the outer cargo set for the pinned
/// toolchain.
fn cargo_fuzz() -> Command {
    let mut c = cmd("rustup");
    c.args(["run", crate::install::NIGHTLY, "cargo", "fuzz"]).current_dir(root().join("fuzz"));
    sh::clear_outer_toolchain(&mut c).env_remove("CARGO_TARGET_DIR").env_remove("RUSTFLAGS");
    c
}

/// The targets `cargo fuzz list` names.
fn targets() -> Result<Vec<String>, String> {
    let out = cargo_fuzz().arg("list").stderr(Stdio::inherit()).output().map_err(|e| format!("cannot run cargo fuzz list: {e}"))?;
    if !out.status.success() {
        return Err("`cargo fuzz list` failed".into());
    }
    let names: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    if names.is_empty() {
        return Err("cargo fuzz list names no target".into());
    }
    Ok(names)
}

fn run_targets(targets: &[String], seconds: u64) -> Result<(), String> {
    // One build of every target first (the runs then start at once).
    sh::run(cargo_fuzz().arg("build").args(BUILD))?;
    let mut failed = Vec::new();
    for t in targets {
        let start = Instant::now();
        let (ok, summary) = run_one(t, seconds)?;
        println!("xtask fuzz: {t}: {summary} ({:.0} s)", start.elapsed().as_secs_f64());
        if !ok {
            failed.push(t.clone());
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz targets failed (crash files in fuzz/artifacts/): {}", failed.join(", ")))
    }
}

/// Runs one target; its libFuzzer log goes to fuzz/logs/NAME.log. Returns whether it ended
/// without a crash, and its summary.
fn run_one(target: &str, seconds: u64) -> Result<(bool, String), String> {
    let logs = root().join("fuzz/logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("cannot create {}: {e}", logs.display()))?;
    let log_path = logs.join(format!("{target}.log"));
    let log = std::fs::File::create(&log_path).map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
    let err = log.try_clone().map_err(|e| e.to_string())?;
    let status = cargo_fuzz()
        .arg("run")
        .args(BUILD)
        .args([target, "--"])
        .arg(format!("-max_total_time={seconds}"))
        .args(["-max_len=65536", "-rss_limit_mb=2048", "-timeout=20", "-print_final_stats=1"])
        .stdout(log)
        .stderr(err)
        .status()
        .map_err(|e| format!("cannot run cargo fuzz run {target}: {e}"))?;
    let text = std::fs::read_to_string(&log_path).unwrap_or_default();
    let summary = summarize(&text);
    if !status.success() {
        let tail: Vec<&str> = text.lines().rev().take(30).collect();
        eprintln!("{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
    }
    Ok((status.success(), summary))
}

/// `N executions, E edges, C inputs in the corpus[, crash: FILE][, slow input kept: FILE]` from a
/// libFuzzer log.
fn summarize(log: &str) -> String {
    let stat =
        |name: &str| log.lines().rev().find_map(|l| l.strip_prefix(name).map(|v| v.trim_start_matches(':').trim().to_string())).unwrap_or_else(|| "?".into());
    // The last status line: `#123456 DONE cov: 2345 ft: 5678 corp: 321/45Kb ...`.
    let last = log.lines().rev().find(|l| l.starts_with('#') && l.contains("cov:")).unwrap_or("");
    let field = |name: &str| last.split_whitespace().skip_while(|w| *w != name).nth(1).unwrap_or("?").to_string();
    let mut s = format!("{} executions, {} edges, {} features, corpus {}", stat("stat::number_of_executed_units"), field("cov:"), field("ft:"), field("corp:"));
    // libFuzzer writes every input it keeps to show: `crash-`, `timeout-`, `oom-` (the run
    // failed) and `slow-unit-` (slower than -report_slow_units, the run goes on).
    for kept in log.lines().filter_map(|l| l.split("Test unit written to ").nth(1)) {
        let slow = kept.rsplit('/').next().is_some_and(|name| name.starts_with("slow-unit-"));
        s.push_str(&format!(", {}: {kept}", if slow { "slow input kept" } else { "crash" }));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::summarize;

    const RUN: &str = "#1024\tDONE   cov: 3065 ft: 9282 corp: 347/164Kb lim: 4096 exec/s: 30 rss: 80Mb\nstat::number_of_executed_units: 443\n";

    #[test]
    fn a_slow_input_is_not_called_a_crash() {
        let log = format!("Slowest unit: 9 s:\nartifact_prefix='a/'; Test unit written to a/slow-unit-d070\n{RUN}");
        assert_eq!(summarize(&log), "443 executions, 3065 edges, 9282 features, corpus 347/164Kb, slow input kept: a/slow-unit-d070");
    }

    #[test]
    fn a_crash_is_named() {
        let log = format!("{RUN}==1== ERROR: libFuzzer: deadly signal\nartifact_prefix='a/'; Test unit written to a/crash-6148\n");
        assert!(summarize(&log).ends_with(", crash: a/crash-6148"), "{}", summarize(&log));
    }
}
