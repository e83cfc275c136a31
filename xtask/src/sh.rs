//! Running commands: the repository root, PATH for the tools, and a logged `run`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository").to_path_buf()
}

/// The files of `dir` whose extension is one of `exts`, sorted by path.
pub fn files_with_extension(dir: &Path, exts: &[&str]) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().and_then(|x| x.to_str()).is_some_and(|x| exts.contains(&x))).collect();
    files.sort();
    Ok(files)
}

pub fn tools_bin() -> PathBuf {
    root().join(".tools/cargo/bin")
}

pub fn node_bin() -> PathBuf {
    root().join("node_modules/.bin")
}

pub fn venv_bin() -> PathBuf {
    root().join(".venv/bin")
}

/// PATH for every child: the project's cargo-installed tools and npm tools first (Debian's
/// wasm-opt is too old for rustc 1.95 output and must not win), then the caller's PATH.
pub fn setup_env() {
    let mut dirs = vec![tools_bin(), node_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path).filter(|p| *p != tools_bin() && *p != node_bin()));
    }
    let path = std::env::join_paths(dirs).expect("PATH entries without separators");
    // Single-threaded at this point: nothing else reads the environment concurrently.
    std::env::set_var("PATH", path);
    std::env::set_var("TRUNK_SKIP_VERSION_CHECK", "true");
    if std::env::var_os("CHROMEDRIVER").is_none() {
        std::env::set_var("CHROMEDRIVER", "/usr/bin/chromedriver");
    }
}

/// PATH with the python venv's bin first (for the SDK tests).
pub fn path_with_venv() -> OsString {
    let mut dirs = vec![venv_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH entries without separators")
}

pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root());
    c
}

/// `c` clear of the variables the outer `cargo xtask` set for its own (stable) toolchain, so
/// that another toolchain's cargo and rustc are the ones that run.
pub fn clear_outer_toolchain(c: &mut Command) -> &mut Command {
    for var in ["CARGO", "RUSTC", "RUSTDOC", "RUSTUP_TOOLCHAIN"] {
        c.env_remove(var);
    }
    c
}

pub fn cargo() -> Command {
    cmd(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs a command with inherited stdio; an error when it cannot start or exits non-zero.
pub fn run(c: &mut Command) -> Result<(), String> {
    let what = describe(c);
    println!("$ {what}");
    let status = c.status().map_err(|e| format!("cannot run `{what}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{what}` failed ({status})"))
    }
}

/// The first line a command prints on stdout, if it runs and succeeds.
pub fn output_line(c: &mut Command) -> Option<String> {
    let out = c.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).lines().next().map(|l| l.trim().to_string())
}

/// Gzipped size (level 9) of a file, by the system's `gzip`.
pub fn gzip_size(path: &Path) -> Option<u64> {
    let out = Command::new("gzip").args(["-9", "-c"]).arg(path).stderr(Stdio::null()).output().ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}
