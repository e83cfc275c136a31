//! `cargo xtask install`: every tool of the build and tests, each installed only when missing or
//! of the wrong version, into folders of the project's own (.tools/cargo, node_modules, .venv)
//! except Chromium, which comes from Debian's packages.

use std::path::Path;
use std::time::Instant;

use crate::sh::{self, cmd, output_line, root, run};

/// A crate installed with `cargo install --root .tools/cargo`.
struct CargoTool {
    krate: &'static str,
    bin: &'static str,
    version: &'static str,
    locked: bool,
    env: &'static [(&'static str, &'static str)],
}

const CARGO_TOOLS: &[CargoTool] = &[
    // Trunk's own release profile uses fat LTO: 12.5 min on 2 cores instead of 7.5.
    CargoTool {
        krate: "trunk",
        bin: "trunk",
        version: "0.21.14",
        locked: true,
        env: &[("CARGO_PROFILE_RELEASE_LTO", "false"), ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")],
    },
    // Must equal the wasm-bindgen crate version (Cargo.toml pins =0.2.130). Not --locked: its
    // lockfile pins a webpki-roots version the registry no longer has.
    CargoTool { krate: "wasm-bindgen-cli", bin: "wasm-bindgen", version: "0.2.130", locked: false, env: &[] },
    // `cargo xtask fuzz` (docs/reliability.md): 3 min 52 s to build on 2 cores.
    CARGO_FUZZ,
];

const CARGO_FUZZ: CargoTool = CargoTool { krate: "cargo-fuzz", bin: "cargo-fuzz", version: "0.13.2", locked: true, env: &[] };

/// The nightly toolchain, pinned, with its standard library's sources (rust-src): cargo-fuzz
/// builds with it (libFuzzer's instrumentation and sanitizers need nightly flags), and so does
/// the playground's wasm, whose standard library is rebuilt for size (`crate::dist`). Everything
/// else stays on rust-toolchain.toml's stable toolchain.
pub const NIGHTLY: &str = "nightly-2026-05-20";

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const SDK_REQUIREMENTS: &str = "tests/sdk/requirements.txt";

pub fn all() -> Result<(), String> {
    timed("wasm32 target", wasm_target)?;
    timed("nightly toolchain (fuzzing, the playground's std)", nightly)?;
    for tool in CARGO_TOOLS {
        timed(tool.krate, || cargo_tool(tool))?;
    }
    timed("npm packages", npm)?;
    timed("chromium", chromium)?;
    timed("python venv", venv)?;
    Ok(())
}

fn timed(what: &str, f: impl FnOnce() -> Result<bool, String>) -> Result<(), String> {
    let start = Instant::now();
    let installed = f()?;
    if installed {
        println!("xtask install: {what} installed in {:.0} s", start.elapsed().as_secs_f64());
    } else {
        println!("xtask install: {what} up to date");
    }
    Ok(())
}

/// The toolchain's standard library for wasm32-unknown-unknown. rust-toolchain.toml names the
/// target, but rustup adds it only when it installs the toolchain itself (and not at all with
/// RUSTUP_AUTO_INSTALL=0, or for a toolchain that was there before).
fn wasm_target() -> Result<bool, String> {
    const TARGET: &str = "wasm32-unknown-unknown";
    let sysroot = output_line(cmd("rustc").args(["--print", "sysroot"])).ok_or("`rustc --print sysroot` failed")?;
    if Path::new(&sysroot).join("lib/rustlib").join(TARGET).join("lib").is_dir() {
        return Ok(false);
    }
    run(cmd("rustup").args(["target", "add", TARGET]))?;
    Ok(true)
}

/// What `cargo xtask fuzz` needs: the nightly toolchain and cargo-fuzz, each when missing.
pub fn fuzz_tools() -> Result<(), String> {
    timed("nightly toolchain (fuzzing)", nightly)?;
    timed(CARGO_FUZZ.krate, || cargo_tool(&CARGO_FUZZ))
}

/// The first line `rustc ARGS` of the pinned nightly prints (`None` when it is not installed).
pub fn nightly_rustc(args: &[&str]) -> Option<String> {
    output_line(cmd("rustup").args(["run", NIGHTLY, "rustc"]).args(args).env_remove("RUSTUP_TOOLCHAIN"))
}

/// `rustup toolchain install <NIGHTLY> --profile minimal --component rust-src` when the
/// toolchain or its library sources are missing (rustup adds only what is missing).
fn nightly() -> Result<bool, String> {
    let sysroot = nightly_rustc(&["--print", "sysroot"]);
    if sysroot.is_some_and(|s| Path::new(&s).join("lib/rustlib/src/rust/library/Cargo.lock").is_file()) {
        return Ok(false);
    }
    run(cmd("rustup").args(["toolchain", "install", NIGHTLY, "--profile", "minimal", "--component", "rust-src"]))?;
    Ok(true)
}

/// Returns whether it installed anything.
fn cargo_tool(tool: &CargoTool) -> Result<bool, String> {
    let exe = sh::tools_bin().join(tool.bin);
    // `trunk 0.21.14`, `wasm-bindgen 0.2.130`
    let current = output_line(cmd(exe.to_str().unwrap()).arg("--version"));
    if current.as_deref().and_then(|l| l.split_whitespace().nth(1)) == Some(tool.version) {
        return Ok(false);
    }
    let target_dir = std::env::temp_dir().join("timestream-xtask-install");
    let mut c = sh::cargo();
    c.args(["install", tool.krate, "--version", tool.version, "--root"]).arg(root().join(".tools/cargo")).env("CARGO_TARGET_DIR", &target_dir);
    if tool.locked {
        c.arg("--locked");
    }
    for (k, v) in tool.env {
        c.env(k, v);
    }
    run(&mut c)?;
    Ok(true)
}

/// `npm ci` when node_modules is missing or does not hold the versions of package-lock.json.
fn npm() -> Result<bool, String> {
    if npm_up_to_date() {
        return Ok(false);
    }
    run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    Ok(true)
}

fn npm_up_to_date() -> bool {
    let root = root();
    let (Ok(wanted), Ok(installed)) =
        (std::fs::read_to_string(root.join("package-lock.json")), std::fs::read_to_string(root.join("node_modules/.package-lock.json")))
    else {
        return false;
    };
    // npm's hidden lockfile lists what node_modules holds; every package of the lockfile must be
    // there at the locked version.
    let pairs = |text: &str| -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut current: Option<String> = None;
        for line in text.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("\"node_modules/") {
                current = rest.split('"').next().map(str::to_string);
            } else if let (Some(name), Some(rest)) = (&current, line.strip_prefix("\"version\": \"")) {
                out.push((name.clone(), rest.trim_end_matches([',', '"']).to_string()));
                current = None;
            }
        }
        out
    };
    let have = pairs(&installed);
    let want = pairs(&wanted);
    !want.is_empty() && want.iter().all(|p| have.contains(p)) && want.iter().all(|(name, _)| root.join("node_modules").join(name).join("package.json").exists())
}

/// Debian's chromium and chromium-driver, when either is missing.
fn chromium() -> Result<bool, String> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(false);
    }
    let sudo = !is_root();
    let apt = |args: &[&str]| {
        let mut c = if sudo { cmd("sudo") } else { cmd("apt-get") };
        if sudo {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update", "-q"]))?;
    run(&mut apt(&["install", "-y", "-q", "--no-install-recommends", "chromium", "chromium-driver"]))?;
    Ok(true)
}

fn is_root() -> bool {
    output_line(cmd("id").arg("-u")).as_deref() == Some("0")
}

/// A python venv at .venv with the SDK tests' requirements, when missing or when the
/// requirements changed since it was filled.
fn venv() -> Result<bool, String> {
    let root = root();
    let req_path = root.join(SDK_REQUIREMENTS);
    let Ok(requirements) = std::fs::read_to_string(&req_path) else {
        return Ok(false);
    };
    let stamp = root.join(".venv/.requirements-installed");
    let python = sh::venv_bin().join("python");
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(requirements.as_str()) {
        return Ok(false);
    }
    if !python.exists() {
        run(cmd("python3").args(["-m", "venv"]).arg(root.join(".venv")))?;
    }
    run(cmd(python.to_str().unwrap()).args(["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r"]).arg(&req_path))?;
    std::fs::write(&stamp, requirements).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(true)
}
