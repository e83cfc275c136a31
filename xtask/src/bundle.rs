//! The bundle budget: the bytes the browser fetches for every feature (every .wasm, .js and .css
//! of dist/: the page, its worker and the engine, gzip -9), checked after `dist` by
//! `cargo xtask test` so the bundle cannot silently grow.

use crate::sh::{self, root};

/// Budget of every feature (page + worker + engine), gzipped (wasm + js + css): issue 14.
pub const BUDGET_GZIP_BYTES: u64 = 400_000;

/// (file, raw bytes, gzip bytes) of each asset of dist/, sorted by name.
pub fn measure() -> Result<Vec<(String, u64, u64)>, String> {
    measure_in(&root().join("dist"))
}

fn measure_in(dist: &std::path::Path) -> Result<Vec<(String, u64, u64)>, String> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("cannot read {}: {e} (run `cargo xtask dist`)", dist.display()))?;
    let mut files = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
        if !matches!(ext, "wasm" | "js" | "css") {
            continue;
        }
        let raw = e.metadata().map(|m| m.len()).unwrap_or(0);
        let gz = sh::gzip_size(&path).ok_or_else(|| format!("cannot gzip {}", path.display()))?;
        files.push((path.file_name().unwrap().to_string_lossy().into_owned(), raw, gz));
    }
    files.sort();
    if !files.iter().any(|(n, _, _)| n.ends_with(".wasm")) {
        return Err("dist/ has no .wasm file".into());
    }
    Ok(files)
}

/// The test: prints each file and the total, fails above the budget.
pub fn check() -> Result<(), String> {
    let files = measure()?;
    let (mut raw, mut gz) = (0, 0);
    for (name, r, g) in &files {
        println!("{name:<48} {r:>10} bytes {g:>9} gzip");
        raw += r;
        gz += g;
    }
    println!("{:<48} {raw:>10} bytes {gz:>9} gzip (budget {BUDGET_GZIP_BYTES})", "every feature (wasm + js + css)");
    if gz > BUDGET_GZIP_BYTES {
        return Err(format!("the bundle is {gz} bytes gzipped, over the budget of {BUDGET_GZIP_BYTES} bytes"));
    }
    Ok(())
}
