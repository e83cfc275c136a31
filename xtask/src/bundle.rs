//! The bundle budget: the bytes the browser fetches for every feature (every .wasm, .js and .css
//! of dist/: the page, its worker and the engine, gzip -9), checked after `dist` by
//! `cargo xtask test`: the test fails above issue 14's target, so the bundle cannot grow past it.

use crate::sh::{self, root};

/// Budget of every feature (page + worker + engine), gzipped (wasm + js + css): issue 14's target,
/// enforced. Met on 2026-12-05 at 397,024 B (docs/benchmarks.md, "Under the budget"): panics
/// that abort at once, −7.7 KB; the engine state's maps holding boxed values, −3.0 KB; the
/// browser's engine without its WriteRecords fast path, −6.7 KB; the value deserializer's steps
/// shared by every type, −4.4 KB; 419,819 B before, 442,231 B at the start of the day, 586,414 B
/// before the standard library was rebuilt for size.
pub const BUDGET_GZIP_BYTES: u64 = 400_000;

/// (file, raw bytes, gzip bytes) of each asset of dist/, sorted by name.
pub fn measure() -> Result<Vec<(String, u64, u64)>, String> {
    measure_in(&root().join("dist"))
}

fn measure_in(dist: &std::path::Path) -> Result<Vec<(String, u64, u64)>, String> {
    let paths = sh::files_with_extension(dist, &["wasm", "js", "css"]).map_err(|e| format!("{e} (run `cargo xtask dist`)"))?;
    let mut files = Vec::new();
    for path in paths {
        let raw = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let gz = sh::gzip_size(&path).ok_or_else(|| format!("cannot gzip {}", path.display()))?;
        files.push((path.file_name().unwrap().to_string_lossy().into_owned(), raw, gz));
    }
    if !files.iter().any(|(n, _, _)| n.ends_with(".wasm")) {
        return Err("dist/ has no .wasm file".into());
    }
    Ok(files)
}

/// The test: prints each file, the total and whether the budget is met; fails above it.
pub fn check() -> Result<(), String> {
    let files = measure()?;
    let (mut raw, mut gz) = (0, 0);
    for (name, r, g) in &files {
        println!("{name:<48} {r:>10} bytes {g:>9} gzip");
        raw += r;
        gz += g;
    }
    println!("{:<48} {raw:>10} bytes {gz:>9} gzip", "every feature (wasm + js + css)");
    println!("budget {BUDGET_GZIP_BYTES} bytes: {}", if gz <= BUDGET_GZIP_BYTES { "met" } else { "NOT met" });
    if gz > BUDGET_GZIP_BYTES {
        return Err(format!("the bundle is {gz} bytes gzipped, over the budget of {BUDGET_GZIP_BYTES} bytes (issue 14)"));
    }
    Ok(())
}
