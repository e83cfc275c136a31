//! `cargo xtask pkg`: the engine as an npm package in pkg/ (docs/npm.md).
//!
//! npm/ (crate `timestream-npm`, a thin wasm-bindgen facade) is built for speed (the
//! `wasm-bench` profile: opt-level 3, fat LTO; the engine's fast path on), then wasm-bindgen
//! writes a Node build (`--target nodejs`) and a bundler build (`--target bundler`), each shrunk
//! by wasm-opt -O3 with its functions then ordered for gzip (src/order.rs), and npm/js (the
//! `Emulator` class, the SDK request handler, the types and the package.json) is copied beside
//! them. A browser build (`--target web`) goes to pkg/web/ with
//! embed/ (embed.js, embed.css) and npm/js/emulator.mjs copied into it: the self-contained folder
//! a docs site serves (docs/embedding.md). A stamp of the wasm and the tools' versions and a
//! comparison of each copied file make a second run a no-op (an npm/js or embed/ edit costs a copy).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::sh::{self, cmd, root, run};

const CRATE: &str = "timestream-npm";
const PROFILE: &str = "wasm-bench";
/// The wasm-bindgen output's base name (the crate's, with `_`).
const STEM: &str = "timestream_npm";
/// wasm-bindgen's targets, each into the folder of the same name in pkg/.
const TARGETS: [(&str, &str); 3] = [("nodejs", "node"), ("bundler", "bundler"), ("web", "web")];
/// The features rustc 1.95 emits for wasm32-unknown-unknown (wasm-opt must accept them).
const WASM_OPT_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub fn pkg_dir() -> PathBuf {
    root().join("pkg")
}

fn wasm_in() -> PathBuf {
    root().join(format!("target/wasm32-unknown-unknown/{PROFILE}/{STEM}.wasm"))
}

/// The files of a folder, sorted.
fn files_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    v.sort();
    Ok(v)
}

/// What is copied as it is, each into a folder of pkg/: npm/js into pkg/; embed/ and the
/// `Emulator` class (npm/js/emulator.mjs) into pkg/web/, beside the browser build.
fn copies() -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let pkg = pkg_dir();
    let mut v: Vec<(PathBuf, PathBuf)> = files_in(&root().join("npm/js"))?.into_iter().map(|p| (p, pkg.clone())).collect();
    v.extend(files_in(&root().join("embed"))?.into_iter().map(|p| (p, pkg.join("web"))));
    v.push((root().join("npm/js/emulator.mjs"), pkg.join("web")));
    Ok(v)
}

/// A hash of what the wasm builds are made from: the wasm, the tools' versions and the ordering of
/// functions.
fn stamp() -> Result<String, String> {
    let mut h = DefaultHasher::new();
    std::fs::read(wasm_in()).map_err(|e| format!("cannot read {}: {e}", wasm_in().display()))?.hash(&mut h);
    sh::output_line(cmd("wasm-bindgen").arg("--version")).hash(&mut h);
    sh::output_line(cmd("wasm-opt").arg("--version")).hash(&mut h);
    // The functions' order for gzip (src/order.rs): a change there rebuilds the package.
    include_str!("order.rs").hash(&mut h);
    Ok(format!("{:016x}", h.finish()))
}

/// Builds pkg/: the wasm builds when the wasm or the tools changed (pkg/.stamp), the copies
/// (npm/js, embed/) when a file differs. Quick when it is up to date.
pub fn build() -> Result<(), String> {
    run(sh::cargo().args(["build", "-p", CRATE, "--target", "wasm32-unknown-unknown", "--profile", PROFILE]))?;
    let pkg = pkg_dir();
    let stamp_file = pkg.join(".stamp");
    let want = stamp()?;
    let mut changed = false;
    if !std::fs::read_to_string(&stamp_file).is_ok_and(|s| s.trim() == want) || sizes().is_err() {
        wasm_builds()?;
        write(&stamp_file, &want)?;
        changed = true;
    }
    for (p, dir) in copies()? {
        let to = dir.join(p.file_name().ok_or("a copied file without a name")?);
        let text = std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        if std::fs::read(&to).ok().as_ref() != Some(&text) {
            std::fs::write(&to, &text).map_err(|e| format!("cannot write {}: {e}", to.display()))?;
            changed = true;
        }
    }
    if !changed {
        println!("pkg/ is up to date");
    }
    report_sizes()
}

/// wasm-bindgen and wasm-opt for each target into target/npm-pkg, then each folder moved into pkg/.
fn wasm_builds() -> Result<(), String> {
    let staging = root().join("target/npm-pkg");
    let _ = std::fs::remove_dir_all(&staging);
    for (target, folder) in TARGETS {
        let out = staging.join(folder);
        run(cmd("wasm-bindgen").args(["--target", target, "--weak-refs", "--out-dir"]).arg(&out).arg(wasm_in()))?;
        let wasm = out.join(format!("{STEM}_bg.wasm"));
        run(cmd("wasm-opt").arg("-O3").args(WASM_OPT_FEATURES).arg(&wasm).arg("-o").arg(&wasm))?;
        crate::order::file(&wasm)?;
        // Each build says what its .js files are, whatever the package around it declares.
        let kind = if target == "nodejs" { "commonjs" } else { "module" };
        write(&out.join("package.json"), &format!("{{ \"type\": \"{kind}\" }}\n"))?;
    }
    std::fs::create_dir_all(pkg_dir()).map_err(|e| format!("cannot create pkg/: {e}"))?;
    for (_, folder) in TARGETS {
        let to = pkg_dir().join(folder);
        let _ = std::fs::remove_dir_all(&to);
        std::fs::rename(staging.join(folder), &to).map_err(|e| format!("cannot move the {folder} build into {}: {e}", to.display()))?;
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The package's wasm (raw and gzip -9), one line per build.
pub fn sizes() -> Result<Vec<(String, u64, u64)>, String> {
    TARGETS
        .iter()
        .map(|(_, folder)| {
            let name = format!("{folder}/{STEM}_bg.wasm");
            let p = pkg_dir().join(&name);
            let raw = std::fs::metadata(&p).map_err(|e| format!("{}: {e}", p.display()))?.len();
            let gz = sh::gzip_size(&p).ok_or_else(|| format!("cannot gzip {}", p.display()))?;
            Ok((name, raw, gz))
        })
        .collect()
}

fn report_sizes() -> Result<(), String> {
    for (name, raw, gz) in sizes()? {
        println!("pkg/{name}: {raw} bytes, {gz} gzipped");
    }
    Ok(())
}

/// The test step: builds pkg/ and runs npm/tests with Node's test runner (the real
/// `@aws-sdk/client-timestream-write` of the root package.json).
pub fn test() -> Result<(), String> {
    build()?;
    let files = crate::test::node_test_files(&root().join("npm/tests"))?;
    run(cmd("node").arg("--test").args(&files).env("PKG_DIR", pkg_dir()))
}
