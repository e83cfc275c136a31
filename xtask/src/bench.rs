//! `cargo xtask bench`: every benchmark of docs/benchmarks.md in one run, each figure next to a
//! peer measured in the same run, then the table printed and written to docs/benchmarks.md.
//!
//! 1. native engine (criterion, engine/benches/engine.rs) + memory probe (engine/benches/memory.rs)
//! 2. over the wire: timestream-local vs moto_server, same bodies, same load generator, at 1, 2
//!    and 4 connections
//! 3. in headless Chromium: the engine in wasm (bench/wasm) vs PapaParse, first render of dist/
//! 4. the bundle (dist/, gzip) and each crate's share of the wasm (twiggy)
//! 5. the npm package through the AWS SDK for JavaScript vs the same SDK over HTTP (bench/npm.rs)
//!
//! A step that cannot run is reported as not measured; the others still run.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::sh::{self, cmd, root, run};

mod npm;

const MOTO: &str = "moto[server]==5.2.5";
const TWIGGY: &str = "0.8.0";
/// The concurrencies of the wire runs: each is run against both servers. One connection is
/// bound by the round trip; on 2 cores, 4 keep the server busy.
const WIRE_CONNECTIONS: [u32; 3] = [1, 2, 4];
const WIRE_REQUESTS: &str = "5000";
const WIRE_SECONDS: &str = "10";
const WIRE_LOCAL_RUNS: usize = 5;

struct Row {
    area: &'static str,
    what: String,
    figure: String,
    peer: String,
    ratio: String,
    target: String,
    met: Option<bool>,
}

#[derive(Default)]
struct Report {
    rows: Vec<Row>,
    notes: Vec<String>,
    crates: Vec<(String, u64)>,
    bundle: Vec<(String, u64, u64)>,
}

impl Report {
    #[allow(clippy::too_many_arguments)]
    fn row(&mut self, area: &'static str, what: &str, figure: String, peer: String, ratio: String, target: &str, met: Option<bool>) {
        self.rows.push(Row { area, what: what.into(), figure, peer, ratio, target: target.into(), met });
    }
    fn missing(&mut self, area: &'static str, what: &str, err: &str) {
        self.notes.push(format!("{area}: {what} not measured: {err}"));
        self.row(area, what, "not measured".into(), "".into(), "".into(), "", None);
    }
}

fn rate(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.2}M", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.0}K", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}

fn json_line(text: &str, tag: &str) -> Result<Value, String> {
    let line = text.lines().find_map(|l| l.strip_prefix(tag)).ok_or_else(|| format!("no `{tag}` line in the output"))?;
    serde_json::from_str(line.trim()).map_err(|e| format!("bad {tag} line: {e}"))
}

/// Runs a command, echoing nothing, and returns its stdout (stderr inherited).
fn capture(c: &mut Command) -> Result<String, String> {
    let out = c.stdout(Stdio::piped()).stderr(Stdio::inherit()).output().map_err(|e| format!("cannot run {:?}: {e}", c.get_program()))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!("{:?} failed ({}): {}", c.get_program(), out.status, text.lines().last().unwrap_or("")));
    }
    Ok(text)
}

/// Mean nanoseconds per iteration of a criterion benchmark, from target/criterion.
fn criterion_ns(group: &str, name: &str) -> Result<f64, String> {
    let p = root().join("target/criterion").join(group).join(name).join("new/estimates.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?).map_err(|e| e.to_string())?;
    v["mean"]["point_estimate"].as_f64().ok_or_else(|| format!("{}: no mean", p.display()))
}

fn native(r: &mut Report) -> Option<(f64, f64)> {
    if let Err(e) = run(sh::cargo().args(["bench", "-p", "timestream-engine", "--bench", "engine"])) {
        r.missing("native", "criterion benches", &e);
        return None;
    }
    let per_s = |group: &str, name: &str, items: f64| criterion_ns(group, name).map(|ns| items / (ns * 1e-9));
    let mut insert_rate = 0.0;
    let mut validate_ms = 0.0;
    match (
        per_s("write_records", "insert_100", 100.0),
        per_s("write_records", "upsert_mix_100", 100.0),
        per_s("write_records", "peer_serde_json_parse_100", 100.0),
    ) {
        (Ok(ins), Ok(ups), Ok(parse)) => {
            insert_rate = ins;
            r.row(
                "native",
                "WriteRecords insert-only, 100-record bodies, 10,000 series (records/s)",
                rate(ins),
                format!("serde_json → Value parse only: {}", rate(parse)),
                format!("{:.2}× parse-only", ins / parse),
                "≥ 3M records/s",
                Some(ins >= 3e6),
            );
            r.row(
                "native",
                "WriteRecords upsert-heavy mix (40% unchanged, 40% newer version, 20% new) (records/s)",
                rate(ups),
                format!("insert-only: {}", rate(ins)),
                format!("{:.2}× insert-only", ups / ins),
                "—",
                None,
            );
        }
        (a, b, c) => r.missing("native", "WriteRecords", &format!("{:?} {:?} {:?}", a.err(), b.err(), c.err())),
    }
    match criterion_ns("validate", "diagnose_100") {
        Ok(ns) => {
            validate_ms = ns / 1e6;
            let parse = criterion_ns("write_records", "peer_serde_json_parse_100").unwrap_or(f64::NAN);
            r.row(
                "native",
                "validate a 100-record request, Engine::diagnose (ms)",
                format!("{:.3} ms", ns / 1e6),
                format!("serde_json → Value parse only: {:.3} ms", parse / 1e6),
                format!("{:.2}× parse-only time", ns / parse),
                "(browser: ≤ 0.2 ms)",
                None,
            );
        }
        Err(e) => r.missing("native", "validation", &e),
    }
    match (per_s("batch_load", "csv_1m_rows", 1e6), per_s("batch_load", "peer_csv_crate_parse_1m_rows", 1e6)) {
        (Ok(load), Ok(parse)) => r.row(
            "native",
            "batch load, 1M-row CSV (48 MB), full load (rows/s)",
            rate(load),
            format!("csv crate parse only: {}", rate(parse)),
            format!("{:.2}× parse-only", load / parse),
            "—",
            None,
        ),
        (a, b) => r.missing("native", "batch load", &format!("{:?} {:?}", a.err(), b.err())),
    }
    match capture(sh::cargo().args(["bench", "-p", "timestream-engine", "--bench", "memory"])).and_then(|t| json_line(&t, "MEMORY")) {
        Ok(m) => {
            let beyond = m["bytes_per_record_beyond_strings"].as_f64().unwrap_or(f64::NAN);
            let body = 190.0;
            r.row(
                "native",
                "memory per stored record beyond interned strings (1M records, counting allocator)",
                format!("{beyond:.1} B"),
                format!("the record in the request body: ~{body:.0} B"),
                format!("{:.2}× body bytes", beyond / body),
                "≤ 64 B",
                Some(beyond <= 64.0),
            );
            r.notes.push(format!("memory: {m}"));
        }
        Err(e) => r.missing("native", "memory", &e),
    }
    Some((insert_rate, validate_ms))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(47_000)
}

fn wait_port(port: u16, child: &mut Child, secs: u64) -> Result<(), String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("exited early ({status})"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("not listening on {port} after {secs} s"))
}

/// The venv of the SDK tests (created when missing) with moto's server installed.
fn ensure_moto() -> Result<(), String> {
    let venv = root().join(".venv");
    if !venv.join("bin/python").exists() {
        run(cmd("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    let pinned = MOTO.rsplit("==").next().unwrap_or_default();
    let have = sh::output_line(cmd(&venv.join("bin/python").to_string_lossy()).args(["-c", "import moto; print(moto.__version__)"]));
    if have.as_deref() != Some(pinned) || !venv.join("bin/moto_server").exists() {
        run(cmd(&venv.join("bin/pip").to_string_lossy()).args(["install", "--quiet", MOTO]))?;
    }
    Ok(())
}

fn loadgen(port: u16, connections: u32) -> Result<Value, String> {
    let addr = format!("127.0.0.1:{port}");
    let out = capture(cmd(&root().join("target/release/loadgen").to_string_lossy()).args([
        "--addr",
        &addr,
        "--setup",
        "--connections",
        &connections.to_string(),
        "--requests",
        WIRE_REQUESTS,
        "--seconds",
        WIRE_SECONDS,
    ]))?;
    let v = json_line(&out, "LOADGEN")?;
    if v["errors"].as_u64().unwrap_or(1) > 0 {
        return Err(format!("{} errors, first: {}", v["errors"], v["first_error"]));
    }
    Ok(v)
}

fn serve_and_load(program: &Path, args: &[String], connections: u32) -> Result<Value, String> {
    let port: u16 = args.last().and_then(|p| p.parse().ok()).ok_or("no port")?;
    let mut child =
        Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    let result = wait_port(port, &mut child, 60).and_then(|()| loadgen(port, connections));
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn wire(r: &mut Report) {
    if let Err(e) = ensure_moto() {
        return r.missing("wire", "moto", &e);
    }
    if let Err(e) = run(sh::cargo().args(["build", "--release", "-p", "timestream-local", "-p", "timestream-bench-workload"])) {
        return r.missing("wire", "build", &e);
    }
    for connections in WIRE_CONNECTIONS {
        wire_at(r, connections);
    }
}

/// Both servers at one concurrency: a row with the ratio, the runs in the notes.
fn wire_at(r: &mut Report, connections: u32) {
    // timestream-local takes a third of a second for the 5,000 requests, moto the full 10 s
    // for fewer: a fresh timestream-local five times, the median run counts.
    let mut runs = Vec::new();
    for _ in 0..WIRE_LOCAL_RUNS {
        let p1 = free_port();
        runs.push(serve_and_load(
            &root().join("target/release/timestream-local"),
            &["serve".into(), "--bind".into(), "127.0.0.1".into(), "--port".into(), p1.to_string()],
            connections,
        ));
    }
    let local = runs.into_iter().collect::<Result<Vec<Value>, String>>().map(|mut v| {
        v.sort_by(|a, b| a["records_per_s"].as_f64().unwrap_or(0.0).total_cmp(&b["records_per_s"].as_f64().unwrap_or(0.0)));
        let all: Vec<String> = v.iter().map(|x| rate(x["records_per_s"].as_f64().unwrap_or(0.0))).collect();
        let mut median = v[v.len() / 2].clone();
        median["runs_records_per_s"] = Value::from(all.join(", "));
        median
    });
    let p2 = free_port();
    let moto = serve_and_load(&root().join(".venv/bin/moto_server"), &["-H".into(), "127.0.0.1".into(), "-p".into(), p2.to_string()], connections);
    let conns = format!("{connections} keep-alive connection{}", if connections == 1 { "" } else { "s" });
    let what = format!("WriteRecords over HTTP on loopback, {conns}, median of {WIRE_LOCAL_RUNS} (records/s)");
    match (local, moto) {
        (Ok(l), Ok(m)) => {
            let (lr, mr) = (l["records_per_s"].as_f64().unwrap_or(0.0), m["records_per_s"].as_f64().unwrap_or(f64::NAN));
            r.row("wire", &what, rate(lr), format!("moto_server ({MOTO}): {}", rate(mr)), format!("{:.1}× moto", lr / mr), "≥ 50× moto", Some(lr / mr >= 50.0));
            r.notes.push(format!("wire timestream-local, {conns}: {l}"));
            r.notes.push(format!("wire moto, {conns}: {m}"));
        }
        (l, m) => r.missing("wire", &what, &format!("local: {:?}; moto: {:?}", l.err(), m.err())),
    }
}

fn build_wasm_bench() -> Result<(), String> {
    run(sh::cargo().args(["build", "-p", "timestream-bench-wasm", "--target", "wasm32-unknown-unknown", "--profile", "wasm-bench"]))?;
    run(cmd("wasm-bindgen").args([
        "--target",
        "web",
        "--out-dir",
        "target/bench-wasm/pkg",
        "target/wasm32-unknown-unknown/wasm-bench/timestream_bench_wasm.wasm",
    ]))?;
    if !root().join("bench/browser/node_modules/papaparse").exists() {
        run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root().join("bench/browser")))?;
    }
    Ok(())
}

fn browser(r: &mut Report, native: Option<(f64, f64)>) {
    if let Err(e) = build_wasm_bench().and_then(|()| crate::dist()) {
        return r.missing("browser", "wasm bench / dist", &e);
    }
    let out = capture(cmd("node").args(["bench/browser/bench.mjs", "target/bench-wasm/pkg", "dist"])).and_then(|t| json_line(&t, "BROWSER"));
    let b = match out {
        Ok(b) => b,
        Err(e) => return r.missing("browser", "headless Chromium", &e),
    };
    let f = |k: &str| b[k].as_f64().unwrap_or(f64::NAN);
    let (native_rate, native_validate) = native.unwrap_or((f64::NAN, f64::NAN));
    let w = f("write_records_per_s");
    r.row(
        "browser",
        "WriteRecords in wasm, same bodies (records/s)",
        rate(w),
        format!("native: {}", rate(native_rate)),
        format!("{:.2}× native", w / native_rate),
        "≥ 1M records/s",
        Some(w >= 1e6),
    );
    let v = f("validate_ms");
    r.row(
        "browser",
        "validate a 100-record request in wasm (ms)",
        format!("{v:.3} ms"),
        format!("native: {native_validate:.3} ms"),
        format!("{:.2}× native time", v / native_validate),
        "≤ 0.2 ms",
        Some(v <= 0.2),
    );
    let (rows, mb) = (f("engine_rows"), f("csv_bytes") / 1e6);
    let (engine, papa) = (rows / (f("engine_load_ms") / 1e3), f("papaparse_rows") / (f("papaparse_ms") / 1e3));
    r.row(
        "browser",
        &format!("batch load of a {mb:.0} MB CSV ({} rows): parse, map, validate, ingest, best of 2 (rows/s)", rate(rows)),
        rate(engine),
        format!("PapaParse parse only, best of 2: {}", rate(papa)),
        format!("{:.2}× PapaParse", engine / papa),
        "≥ 2× PapaParse",
        Some(engine / papa >= 2.0),
    );
    r.notes.push(format!("browser: {b}"));
    app(r);
}

/// The app's budgets (issue 14) on dist/, bench/browser/app.mjs: first render, keystroke to
/// diagnostics, the longest main-thread task while a 5 MB request is validated and during a
/// batch load, typing in a pasted 5 MB request (issue 15), and the engine's throughput in its
/// worker.
fn app(r: &mut Report) {
    let a = match capture(cmd("node").args(["bench/browser/app.mjs", "dist"])).and_then(|t| json_line(&t, "APP")) {
        Ok(a) => a,
        Err(e) => return r.missing("app", "headless Chromium on dist/", &e),
    };
    let f = |k: &str| a[k].as_f64().unwrap_or(f64::NAN);
    let fr = f("first_render_ms");
    r.row(
        "app",
        "first interactive render of dist/ on localhost, cache disabled, median of 5 (ms)",
        format!("{fr:.0} ms"),
        format!("engine ready: {:.0} ms", f("engine_ready_ms")),
        "".into(),
        "≤ 200 ms",
        Some(fr <= 200.0),
    );
    let k = f("keystroke_ms");
    r.row(
        "app",
        "keystroke (a key pressed) to diagnostics on screen, 100-record WriteRecords, median of 20 (ms)",
        format!("{k:.1} ms"),
        format!(
            "fixing keys {:.1} ms, breaking keys {:.1} ms (medians of 10); the whole text replaced instead: {:.1} ms",
            f("keystroke_fix_ms"),
            f("keystroke_break_ms"),
            f("replace_ms")
        ),
        "".into(),
        "≤ 16 ms",
        Some(k <= 16.0),
    );
    let v = a["validate_5mb"]["longest_task_ms"].as_f64().unwrap_or(f64::NAN);
    r.row(
        "app",
        "longest main-thread task while a 5 MB request is validated (ms)",
        format!("{v:.0} ms"),
        format!(
            "diagnostics after {:.0} ms; longest animation frame {:.0} ms",
            a["validate_5mb"]["ms"].as_f64().unwrap_or(f64::NAN),
            a["validate_5mb"]["longest_frame_ms"].as_f64().unwrap_or(f64::NAN)
        ),
        "".into(),
        "≤ 50 ms",
        Some(v <= 50.0),
    );
    // Issue 15: a 5 MB paste stays usable (the windowed editor).
    let t = f("typing_5mb_ms");
    r.row(
        "app",
        "typing in a pasted 5 MB request, keydown to the next frame, median of 12 keys (ms)",
        format!("{t:.0} ms"),
        format!("max {:.0} ms", f("typing_5mb_max_ms")),
        "".into(),
        "≤ 100 ms",
        Some(t <= 100.0),
    );
    let p = a["paste_5mb"]["longest_task_ms"].as_f64().unwrap_or(f64::NAN);
    r.row(
        "app",
        "longest main-thread task from a 5 MB paste (Ctrl+V) to its diagnostics (ms)",
        format!("{p:.0} ms"),
        format!(
            "diagnostics after {:.0} ms; longest animation frame {:.0} ms",
            a["paste_5mb"]["diagnosed_ms"].as_f64().unwrap_or(f64::NAN),
            a["paste_5mb"]["longest_frame_ms"].as_f64().unwrap_or(f64::NAN)
        ),
        "".into(),
        "≤ 50 ms",
        Some(p <= 50.0),
    );
    // The same request minified (one line of 5 MB, laid out over lines by the editor): reported,
    // no budget of its own.
    let (m, mt) = (&a["paste_5mb_minified"], f("typing_5mb_minified_ms"));
    r.row(
        "app",
        &format!(
            "the same request pasted minified ({:.1} MB on one line, laid out by the editor): longest main-thread task to its diagnostics; typing in it, median of 12 keys (ms)",
            m["bytes"].as_f64().unwrap_or(f64::NAN) / 1e6
        ),
        format!("{:.0} ms; {mt:.0} ms", m["longest_task_ms"].as_f64().unwrap_or(f64::NAN)),
        format!(
            "diagnostics after {:.0} ms; longest animation frame {:.0} ms; keys max {:.0} ms",
            m["diagnosed_ms"].as_f64().unwrap_or(f64::NAN),
            m["longest_frame_ms"].as_f64().unwrap_or(f64::NAN),
            f("typing_5mb_minified_max_ms")
        ),
        "".into(),
        "",
        None,
    );
    let rows = f("csv_rows");
    let l = f("batch_longest_task_ms");
    r.row(
        "app",
        &format!("longest main-thread task during a {}-row batch load (ms)", rate(rows)),
        format!("{l:.0} ms"),
        format!("{} long tasks; longest animation frame {:.0} ms", f("batch_long_tasks"), f("batch_longest_frame_ms")),
        "".into(),
        "≤ 50 ms",
        Some(l <= 50.0),
    );
    let w = f("write_records_per_s");
    r.row("app", "WriteRecords in the worker, 1,000 bodies of 100 records, through the protocol (records/s)", rate(w), "".into(), "".into(), "", None);
    let (load, papa) = (f("batch_rows_per_s"), f("papaparse_rows_per_s"));
    r.row(
        "app",
        "batch load in the worker, from CreateBatchLoadTask to the last progress (rows/s)",
        rate(load),
        format!("PapaParse parse only, same page: {}", rate(papa)),
        format!("{:.2}× PapaParse", load / papa),
        "",
        None,
    );
    r.notes.push(format!("app: {a}"));
}

fn ensure_twiggy() -> Result<(), String> {
    if sh::output_line(cmd("twiggy").arg("--version")).is_some_and(|v| v.contains(TWIGGY)) {
        return Ok(());
    }
    let tmp = std::env::temp_dir().join("xtask-twiggy-target");
    run(sh::cargo().args(["install", "twiggy", "--version", TWIGGY, "--root"]).arg(root().join(".tools/cargo")).env("CARGO_TARGET_DIR", tmp))
}

/// The crate of a (demangled) function name: the first path segment, looking inside `<...>`.
/// v0 names (the nightly the dist is built with mangles so) carry the crate's disambiguator:
/// `timestream_engine[62859ce720db5350]::…`.
fn crate_of(name: &str) -> String {
    let s = name.trim_start_matches(['<', '&', '*', ' ']).trim_start_matches("mut ").trim_start_matches("dyn ");
    let mut seg = s.split("::").next().unwrap_or("");
    if let Some((krate, hash)) = seg.strip_suffix(']').and_then(|x| x.split_once('[')) {
        if !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            seg = krate;
        }
    }
    if seg.is_empty() || seg.contains(['[', ' ', '(']) || !s.contains("::") {
        return "(other: data, glue, unnamed)".into();
    }
    seg.to_string()
}

/// Each crate's share of the shipped wasm: twiggy on the wasm before wasm-opt (it still has its
/// names), shares applied to the shipped size.
fn crates(r: &mut Report) {
    if let Err(e) = ensure_twiggy() {
        return r.notes.push(format!("twiggy not available: {e}"));
    }
    let wasm = root().join("target/wasm32-unknown-unknown/wasm-release/timestream-playground.wasm");
    let out = match capture(cmd("twiggy").args(["top", "-n", "1000000", "-f", "csv"]).arg(&wasm)) {
        Ok(o) => o,
        Err(e) => return r.notes.push(format!("twiggy failed: {e}")),
    };
    let mut by: std::collections::BTreeMap<String, u64> = Default::default();
    let mut rdr = out.lines();
    rdr.next();
    for line in rdr {
        // Name,ShallowSize,... ; a quoted name may hold commas and doubled quotes.
        let (name, rest) = if let Some(q) = line.strip_prefix('"') {
            let mut end = 0;
            let bytes = q.as_bytes();
            while end < bytes.len() {
                if bytes[end] == b'"' && bytes.get(end + 1) == Some(&b'"') {
                    end += 2;
                } else if bytes[end] == b'"' {
                    break;
                } else {
                    end += 1;
                }
            }
            (q[..end.min(q.len())].replace("\"\"", "\""), q.get(end + 2..).unwrap_or(""))
        } else {
            let (n, r) = line.split_once(',').unwrap_or((line, ""));
            (n.to_string(), r)
        };
        let Some(size) = rest.split(',').next().and_then(|s| s.trim().parse::<u64>().ok()) else { continue };
        // What wasm-bindgen strips before shipping (its describe exports and custom sections,
        // the name section) is not part of the bundle.
        if name.starts_with("custom section") || name.contains("function names") || name.contains("__wbindgen_describe") {
            continue;
        }
        let key = if name.starts_with("data segment") { "(data segments)".to_string() } else { crate_of(&name) };
        *by.entry(key).or_default() += size;
    }
    let mut v: Vec<_> = by.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    r.crates = v;
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_default();
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0) / 1024.0 / 1024.0))
        .unwrap_or(0.0);
    let nproc = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let rustc = sh::output_line(cmd("rustc").arg("--version")).unwrap_or_default();
    // The playground's dist is built with the pinned nightly (`crate::dist`).
    let dist = crate::install::nightly_rustc(&["--version"]).unwrap_or_default();
    format!("{nproc} cores ({cpu}), {mem:.1} GiB memory, {rustc} (the playground's dist: {dist})")
}

pub fn all() -> Result<(), String> {
    let started = Instant::now();
    let mut r = Report::default();
    let native = native(&mut r);
    wire(&mut r);
    browser(&mut r, native);
    npm::run(&mut r);
    match crate::bundle::measure() {
        Ok(files) => {
            let gz: u64 = files.iter().map(|f| f.2).sum();
            let raw: u64 = files.iter().map(|f| f.1).sum();
            r.row(
                "bundle",
                "every feature: page + worker + engine, wasm + js + css of dist/, gzip -9 (bytes)",
                gz.to_string(),
                format!("raw: {raw}"),
                format!("{:.2}× compression", raw as f64 / gz as f64),
                &format!("≤ {}", crate::bundle::BUDGET_GZIP_BYTES),
                Some(gz <= crate::bundle::BUDGET_GZIP_BYTES),
            );
            r.bundle = files;
        }
        Err(e) => r.missing("bundle", "dist", &e),
    }
    crates(&mut r);
    let md = markdown(&r, started.elapsed());
    std::fs::write(root().join("docs/benchmarks.md"), &md).map_err(|e| format!("cannot write docs/benchmarks.md: {e}"))?;
    println!("\n{}", table(&r));
    println!("written: docs/benchmarks.md");
    Ok(())
}

fn table(r: &Report) -> String {
    let mut s = String::from("| area | measure | figure | peer (same run) | ratio | target | met |\n|---|---|---|---|---|---|---|\n");
    for row in &r.rows {
        let met = match row.met {
            Some(true) => "yes",
            Some(false) => "**missed**",
            None => "",
        };
        let _ = writeln!(s, "| {} | {} | {} | {} | {} | {} | {met} |", row.area, row.what, row.figure, row.peer, row.ratio, row.target);
    }
    s
}

fn markdown(r: &Report, took: Duration) -> String {
    let date = sh::output_line(cmd("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])).unwrap_or_default();
    let mut s = String::new();
    let _ = writeln!(s, "# Benchmarks\n\nWritten by `cargo xtask bench` on {date} ({:.0} s). Machine: {}.\n", took.as_secs_f64(), machine());
    s.push_str("Every figure sits next to a peer measured in the same run; the targets are those of issue 5. Only the bundle budget is a test (`cargo xtask test`); the rest reports.\n\n");
    s.push_str(&table(r));
    s.push_str("\n## Bundle (dist/, what a first visit downloads)\n\n| file | bytes | gzip -9 |\n|---|---|---|\n");
    for (n, raw, gz) in &r.bundle {
        let _ = writeln!(s, "| {n} | {raw} | {gz} |");
    }
    if !r.crates.is_empty() {
        let total: u64 = r.crates.iter().map(|c| c.1).sum();
        s.push_str("\n## Each crate's share of the app's wasm\n\n`twiggy top` (shallow sizes) on target/wasm32-unknown-unknown/wasm-release/timestream-playground.wasm, before wasm-bindgen and wasm-opt (it still carries the names; wasm-bindgen's describe exports, custom sections and the name section, stripped before shipping, are left out); wasm-opt then shrinks the whole.\n\n| crate | bytes | share |\n|---|---|---|\n");
        for (c, b) in r.crates.iter().take(20) {
            let _ = writeln!(s, "| {c} | {b} | {:.1}% |", *b as f64 * 100.0 / total as f64);
        }
    }
    s.push_str(ANALYSIS);
    s.push_str("\n## Raw figures of this run\n\n```\n");
    for n in &r.notes {
        let _ = writeln!(s, "{n}");
    }
    s.push_str("```\n\n## Reproduce\n\n`cargo xtask bench` (a few minutes on 2 cores). It installs what it needs: moto into .venv (pip, pinned), PapaParse into bench/browser/node_modules (npm ci, pinned), twiggy into .tools/cargo (pinned); Chromium is Debian's. Parts: `cargo bench -p timestream-engine --bench engine` (criterion), `--bench memory`, `target/release/loadgen --addr 127.0.0.1:PORT --setup` against `timestream-local serve` and `moto_server`, `node bench/browser/bench.mjs target/bench-wasm/pkg dist`.\n");
    s
}

/// Where the time and bytes go, and what remains (kept with the figures).
const ANALYSIS: &str = include_str!("bench_analysis.md");

#[cfg(test)]
mod tests {
    use super::crate_of;

    #[test]
    fn the_crate_of_a_legacy_or_v0_name() {
        assert_eq!(crate_of("timestream_engine::Engine::handle"), "timestream_engine");
        assert_eq!(crate_of("<timestream_engine[62859ce720db5350]::Engine>::handle"), "timestream_engine");
        assert_eq!(crate_of("<<yew[99f0eed0fe1b939b]::html::Html as core[92d628c2de69e1d4]::clone::Clone>::clone"), "yew");
        assert_eq!(crate_of("<[u8] as core::cmp::PartialEq>::eq"), "(other: data, glue, unnamed)");
        assert_eq!(crate_of("func[12]"), "(other: data, glue, unnamed)");
    }
}
