//! The npm package through the real AWS SDK for JavaScript v3: WriteRecords with the package's
//! in-process request handler against the same SDK talking HTTP to timestream-local, rounds
//! interleaved in one run (npm/bench/sdk-vs-http.mjs does the timing).

use super::{capture, json_line, rate, Report};
use crate::sh::{self, cmd, root};

/// Rounds of each measure (after one warm-up round); on a busy machine single rounds scatter.
const ROUNDS: &str = "11";

pub fn run(r: &mut Report) {
    let what = format!(
        "WriteRecords through @aws-sdk/client-timestream-write, 100-record requests one at a time: the npm package's request handler, median of {ROUNDS} rounds (records/s)"
    );
    let what = what.as_str();
    if let Err(e) = crate::pkg::build().and_then(|()| sh::run(sh::cargo().args(["build", "--release", "-p", "timestream-local"]))) {
        return r.missing("npm", what, &e);
    }
    let bin = root().join("target/release/timestream-local");
    let out = capture(cmd("node").arg("npm/bench/sdk-vs-http.mjs").arg("--bin").arg(&bin).arg("--pkg").arg(crate::pkg::pkg_dir()).args(["--rounds", ROUNDS]))
        .and_then(|t| json_line(&t, "NPMBENCH"));
    let b = match out {
        Ok(b) => b,
        Err(e) => return r.missing("npm", what, &e),
    };
    let f = |k: &str| b[k].as_f64().unwrap_or(f64::NAN);
    r.row(
        "npm",
        what,
        rate(f("in_process_median")),
        format!("same SDK over HTTP to timestream-local: {}", rate(f("http_median"))),
        format!("{:.2}× HTTP (rounds {:.2}–{:.2})", f("ratio_median"), f("ratio_min"), f("ratio_max")),
        "—",
        None,
    );
    r.row(
        "npm",
        &format!("the same bodies straight through `emulator.handle` (no SDK), median of {ROUNDS} (records/s)"),
        rate(f("package_without_sdk_median")),
        format!("the SDK with a canned-answer handler (no engine): {}", rate(f("sdk_canned_handler_median"))),
        format!("{:.1}× the SDK's own ceiling", f("package_without_sdk_median") / f("sdk_canned_handler_median")),
        "—",
        None,
    );
    if let Ok(sizes) = crate::pkg::sizes() {
        let (name, raw, gz) = &sizes[0];
        r.notes.push(format!("npm: pkg/{name}: {raw} bytes, {gz} gzipped"));
    }
    r.notes.push(format!("npm: {b}"));
}
