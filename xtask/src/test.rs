//! `cargo xtask test`: every suite in order, each counted once. The last line printed is
//! `N passed, N failed` (suites); the exit code is non-zero when any failed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::sh::{self, cmd, root, run};

struct Outcome {
    name: &'static str,
    result: Result<(), String>,
    seconds: f64,
}

pub fn all() -> ExitCode {
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> Result<(), String>| {
        println!("\n=== xtask test: {name} ===");
        let start = Instant::now();
        let result = f();
        if let Err(e) = &result {
            eprintln!("xtask test: {name} FAILED: {e}");
        }
        let ok = result.is_ok();
        outcomes.push(Outcome { name, result, seconds: start.elapsed().as_secs_f64() });
        ok
    };

    if step("install", &mut crate::install::all) {
        step("lint (fmt, clippy)", &mut crate::lint::all);
        step("native tests", &mut || run(sh::cargo().args(["test", "--workspace"])));
        step("fuzz smoke (every target, a few seconds)", &mut crate::fuzz::smoke);
        step("wasm tests (headless chromium)", &mut wasm_tests);
        step("npm package (node --test, real AWS SDK)", &mut crate::pkg::test);
        if step("dist", &mut crate::dist) {
            step("bundle budget", &mut crate::bundle::check);
            step("e2e (playwright)", &mut e2e);
        }
        if root().join("tests/sdk/run.sh").exists() {
            step("sdk tests", &mut || run(cmd("bash").arg("tests/sdk/run.sh").env("PATH", sh::path_with_venv())));
        } else {
            println!("\nxtask test: tests/sdk/run.sh not present, SDK tests skipped");
        }
    }

    println!("\n=== xtask test: summary ===");
    for o in &outcomes {
        let verdict = if o.result.is_ok() { "ok" } else { "FAILED" };
        println!("{verdict:>6}  {:<32} {:>6.1} s", o.name, o.seconds);
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    let passed = outcomes.len() - failed;
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The app's wasm tests in headless Chromium (wasm-bindgen-test-runner through chromedriver).
/// chromedriver makes each test binary's Chromium profile (~50 MB) under the temp folder and
/// leaves it there when the runner ends; with TMPDIR a folder of target/, emptied after every
/// run, a run leaves nothing behind in /tmp.
fn wasm_tests() -> Result<(), String> {
    let tmp = root().join("target/wasm-test-tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let result = run(sh::cargo().args(["test", "--target", "wasm32-unknown-unknown", "-p", "timestream-playground"]).env("TMPDIR", &tmp));
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

/// The Playwright suite (node's test runner) against dist/; each test file serves dist/ itself
/// on a free port of 127.0.0.1.
fn e2e() -> Result<(), String> {
    let files = node_test_files(&root().join("tests/e2e"))?;
    run(cmd("node").arg("--test").arg("--test-concurrency=1").args(&files).env("DIST_DIR", root().join("dist")))
}

/// The `*.test.mjs` files of a folder, sorted; an error when there are none.
pub fn node_test_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no {}/*.test.mjs", dir.display()));
    }
    Ok(files)
}
