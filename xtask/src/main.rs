//! `cargo xtask <command>`: the project's build and test entry points.
//!
//! - `install`  tools the build and tests need, each only when missing or of the wrong version
//! - `serve`    the playground at http://127.0.0.1:8080 (dist/), the docs kit at /embed/, the docs site at /docs-site/
//! - `dist`     the release build into dist/, with relative URLs
//! - `pkg`      the engine as an npm package into pkg/ (docs/npm.md)
//! - `lint`     cargo fmt --check and cargo clippy -D warnings (every crate, native and wasm)
//! - `test`     lint, native tests, fuzz smoke, wasm tests in headless Chromium, dist, end-to-end, SDK, npm
//! - `fuzz`     the cargo-fuzz targets of fuzz/ (`--target NAME`, `--time SECONDS`; docs/reliability.md)
//! - `durability [--trials 20]`  timestream-local --data-dir: kill -9 trials (reliability.rs)
//! - `load [--seconds 60]`       timestream-local: 64 keep-alive connections and faulty clients
//! - `bench`    every benchmark (native, wire vs moto, browser, bundle) into docs/benchmarks.md

mod bench;
mod bundle;
mod fuzz;
mod imports;
mod install;
mod lint;
mod order;
mod pkg;
mod reliability;
mod serve_static;
mod sh;
mod test;

use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask <install|serve|dist|pkg|lint|test|fuzz [--target NAME] [--time SECONDS]|durability [--trials N]|load [--seconds N]|bench>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    sh::setup_env();
    let result = match cmd.as_str() {
        "install" => install::all(),
        "serve" => install::all().and_then(|()| serve()),
        "dist" => install::all().and_then(|()| dist()),
        "pkg" => install::all().and_then(|()| pkg::build()),
        "lint" => install::all().and_then(|()| lint::all()),
        "test" => return test::all(),
        "fuzz" => fuzz::command(&args[1..]),
        "bench" => install::all().and_then(|()| bench::all()),
        "durability" => reliability::durability(&args[1..]),
        "load" => reliability::load(&args[1..]),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::from(1)
        }
    }
}

/// Builds dist/ and pkg/ and serves at http://127.0.0.1:8080 until interrupted, with the same
/// strict CSP as the end-to-end tests: the playground at `/`, the docs kit (pkg/web: embed.js,
/// embed.css and the engine) at `/embed/`, the example docs site at `/docs-site/`.
fn serve() -> Result<(), String> {
    dist()?;
    pkg::build()?;
    let root = sh::root();
    serve_static::run(&[("/", root.join("dist")), ("/embed/", root.join("pkg/web")), ("/docs-site/", root.join("docs-site"))], "127.0.0.1:8080")
}

/// `trunk build --release` into dist/ with relative URLs, so it works from any static host and
/// under any sub-path: one build, the page's wasm and the engine's worker (index.html).
///
/// The wasm is built with the pinned nightly ([`install::NIGHTLY`]) so that cargo rebuilds the
/// standard library with the module's profile and std's `optimize_for_size` feature
/// (`-Zbuild-std`, given through cargo's `CARGO_UNSTABLE_*` variables, which stable cargo never
/// sees): ≈ 31 KB less gzip than the prebuilt std (docs/benchmarks.md, "The standard library
/// built for size"). A panic stops the module at once (`-Cpanic=immediate-abort`: 7.7 KB less;
/// the page then shows the engine's or its own failure as before, and the console has the
/// trap's "unreachable" in place of the panic's message); debug builds (`trunk serve`) and
/// `TS_PANIC_MESSAGES=1 cargo xtask dist` keep the message, printed by console_error_panic_hook,
/// for finding the cause of one. A value printed with `{:?}` through a derived Debug shows its
/// type or variant name only (`-Zfmt-debug=shallow`: 1.1 KB less; the page's words never print
/// a derived Debug but a fieldless enum's, which is the same either way), and the wasm carries
/// no file, line and column of its panics (`-Zlocation-detail=none`; native builds keep them).
/// Trunk's wasm-opt leaves the
/// functions in its own order; they are then put in an order gzip compresses better ([`order`],
/// ≈ 23 KB less), its imports get short names ([`imports`], 6.2 KB), and the JS is minified.
pub fn dist() -> Result<(), String> {
    // Trunk runs cargo offline: the crates, std's own among them, are fetched first.
    sh::run(with_std_for_size(sh::cmd("cargo")).args(["fetch", "--target", "wasm32-unknown-unknown"]))?;
    let dist = sh::root().join("dist");
    sh::run(with_std_for_size(sh::cmd("trunk")).args(["build", "--release", "--public-url", "./", "--dist"]).arg(&dist).arg("index.html"))?;
    order_functions(&dist)?;
    for (module, renamed, kept) in imports::dir(&dist)? {
        println!("{module}: {renamed} imports given short names ({kept} kept)");
    }
    minify_js(&dist)?;
    report_sizes();
    Ok(())
}

/// The functions of each wasm module of `dir` ordered for gzip ([`order`]).
fn order_functions(dir: &std::path::Path) -> Result<(), String> {
    for path in sh::files_with_extension(dir, &["wasm"])? {
        let (before, after) = order::file(&path)?;
        println!("{}: functions ordered for gzip, {before} → {after} bytes gzipped", path.display());
    }
    Ok(())
}

/// Each .js file of `dir` minified by esbuild (npm, package.json): wasm-bindgen's glue, boot.js and
/// worker.js, 2.8 KB of gzip less. Trunk minifies the CSS and index.html itself (Trunk.toml), not
/// the JS. None of these files has an integrity hash to keep (index.html).
fn minify_js(dir: &std::path::Path) -> Result<(), String> {
    for path in sh::files_with_extension(dir, &["js"])? {
        let out = format!("--outfile={}", path.display());
        sh::run(sh::cmd("esbuild").arg(&path).args(["--minify", "--format=esm", "--allow-overwrite", "--log-level=warning"]).arg(out))?;
    }
    Ok(())
}

/// `c` with the pinned nightly and `-Zbuild-std` (std, panic_abort; `optimize_for_size`) for its
/// cargo, clear of the variables the outer `cargo xtask` set for the stable toolchain. The wasm's
/// panics abort at once (`-Cpanic=immediate-abort`; with `TS_PANIC_MESSAGES=1`, they print their
/// message first) and carry no location (`-Zlocation-detail=none`), and derived Debug impls
/// print names only (`-Zfmt-debug=shallow`), for wasm32 only, and RUSTFLAGS, which would
/// override them, cleared.
fn with_std_for_size(mut c: std::process::Command) -> std::process::Command {
    let panics = match std::env::var("TS_PANIC_MESSAGES").as_deref() {
        Ok("1") => "",
        _ => " -Zunstable-options -Cpanic=immediate-abort",
    };
    sh::clear_outer_toolchain(&mut c)
        .env_remove("RUSTFLAGS")
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", format!("-Zlocation-detail=none -Zfmt-debug=shallow{panics}"))
        .env("RUSTUP_TOOLCHAIN", install::NIGHTLY)
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size");
    c
}

/// Prints the size of each shipped file (wasm, js, css), raw and gzipped.
fn report_sizes() {
    match bundle::measure() {
        Ok(files) => {
            for (name, raw, gz) in files {
                println!("dist/{name}: {raw} bytes, {gz} gzipped");
            }
        }
        Err(e) => eprintln!("xtask: cannot measure dist/: {e}"),
    }
}
