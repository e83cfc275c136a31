//! The bundle budget: the bytes a first visit downloads (every .wasm, .js and .css of dist/,
//! gzip -9), checked after `dist` by `cargo xtask test` so the bundle cannot silently grow.

use crate::sh::{self, root};

/// Budget of a first visit, gzipped (wasm + js + css).
pub const BUDGET_GZIP_BYTES: u64 = 250_000;

/// (file, raw bytes, gzip bytes) of each asset a first visit downloads (the core build at the
/// top of dist/), sorted by name.
pub fn measure() -> Result<Vec<(String, u64, u64)>, String> {
    measure_in(&root().join("dist"))
}

/// The same for the full build (dist/full/), which www/boot.js loads only when a visit needs it.
pub fn measure_full() -> Result<Vec<(String, u64, u64)>, String> {
    measure_in(&root().join("dist/full"))
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

/// The test: prints each file and the total, fails above the budget. The full build's total is
/// printed beside it (not budgeted: a first visit does not download it).
pub fn check() -> Result<(), String> {
    let files = measure()?;
    let (mut raw, mut gz) = (0, 0);
    for (name, r, g) in &files {
        println!("{name:<48} {r:>10} bytes {g:>9} gzip");
        raw += r;
        gz += g;
    }
    println!("{:<48} {raw:>10} bytes {gz:>9} gzip (budget {BUDGET_GZIP_BYTES})", "first visit (wasm + js + css)");
    let full = measure_full()?;
    let (fr, fg) = full.iter().filter(|(n, _, _)| !n.ends_with(".css")).fold((0, 0), |(a, b), (_, r, g)| (a + r, b + g));
    println!("{:<48} {fr:>10} bytes {fg:>9} gzip (loaded on demand)", "full build, dist/full/ (wasm + js)");
    if gz > BUDGET_GZIP_BYTES {
        return Err(format!("the bundle is {gz} bytes gzipped, over the budget of {BUDGET_GZIP_BYTES} bytes"));
    }
    Ok(())
}
