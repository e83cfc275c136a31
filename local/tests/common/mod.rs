//! The release-or-debug `timestream-local` binary as a child process on a free loopback port,
//! and a small AWS JSON 1.0 client over keep-alive HTTP (ureq), for the durability and load tests.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

/// A running `timestream-local serve`.
pub struct Proc {
    pub child: Child,
    pub url: String,
    /// The lines it printed on stdout after the listening line (the data-dir line).
    pub banner: Vec<String>,
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Proc {
    /// Starts the server with `--port 0` and the extra arguments; waits for its listening line.
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Proc {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_timestream-local"));
        cmd.args(["serve", "--port", "0"]).args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start timestream-local");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let err_pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut url = String::new();
        let mut banner = Vec::new();
        let mut line = String::new();
        // The listening line, then (with --data-dir) the line about what was recovered.
        let wanted = if args.contains(&"--data-dir") { 2 } else { 1 };
        for _ in 0..wanted {
            line.clear();
            if out.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            match line.strip_prefix("timestream-local listening on ") {
                Some(rest) => url = rest.split_whitespace().next().unwrap().to_string(),
                None => banner.push(line.trim_end().to_string()),
            }
        }
        assert!(!url.is_empty() && banner.len() + 1 == wanted, "timestream-local did not start: {}", stderr.lock().unwrap());
        std::thread::spawn(move || for _ in out.lines() {});
        Proc { child, url, banner, stderr }
    }

    /// SIGKILL, and wait for it.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM; the exit status once it stopped (None if it did not within `within`).
    pub fn term(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let start = std::time::Instant::now();
        while start.elapsed() < within {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Resident set size now and at its peak, in KiB (Linux /proc).
    pub fn rss_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field =
            |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.split_whitespace().next()).and_then(|n| n.parse().ok()).unwrap_or(0);
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One keep-alive connection's client.
pub fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).max_idle_connections_per_host(1).build()
}

/// What a call got: the status and JSON body, or the transport error (connection refused or
/// reset: the server is gone).
pub fn call(agent: &ureq::Agent, url: &str, op: &str, body: &Value) -> Result<(u16, Value), String> {
    let req = agent
        .post(url)
        .set("Content-Type", "application/x-amz-json-1.0")
        .set("X-Amz-Target", &format!("Timestream_20181101.{op}"))
        .set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/timestream/aws4_request, SignedHeaders=host, Signature=0");
    let resp = match req.send_string(&body.to_string()) {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(e.to_string()),
    };
    let status = resp.status();
    let text = resp.into_string().map_err(|e| e.to_string())?;
    Ok((status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))? }))
}

/// Creates database `db` and table `table` (memory store 24 h, so every test record is in it).
pub fn create_table(agent: &ureq::Agent, url: &str, db: &str, table: &str) {
    let (s, b) = call(agent, url, "CreateDatabase", &json!({"DatabaseName": db})).unwrap();
    assert!(s == 200 || b["__type"].as_str().unwrap_or("").ends_with("ConflictException"), "{s} {b}");
    let retention = json!({"MemoryStoreRetentionPeriodInHours": 24, "MagneticStoreRetentionPeriodInDays": 7});
    let (s, b) = call(agent, url, "CreateTable", &json!({"DatabaseName": db, "TableName": table, "RetentionProperties": retention})).unwrap();
    assert!(s == 200 || b["__type"].as_str().unwrap_or("").ends_with("ConflictException"), "{s} {b}");
}

/// A record of series `series` at `time` (ms) with `version` and an integer value.
pub fn record(series: &str, time: i64, version: i64, value: i64) -> Value {
    json!({"Dimensions": [{"Name": "series", "Value": series}], "MeasureName": "m", "MeasureValue": value.to_string(),
           "MeasureValueType": "BIGINT", "Time": time.to_string(), "TimeUnit": "MILLISECONDS", "Version": version})
}

/// The stored version of each record (series, time) of `keys` (written at versions above 1) as
/// the server tells it: a probe
/// write at version 1 is refused with `ExistingVersion` when the record exists; a record that
/// was missing is written by the probe (None). Keys of the same call must be distinct.
pub fn stored_versions(agent: &ureq::Agent, url: &str, db: &str, table: &str, keys: &[(String, i64)]) -> Vec<Option<i64>> {
    let mut out = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(100) {
        let records: Vec<Value> = chunk.iter().map(|(series, time)| record(series, *time, 1, -1)).collect();
        let (s, b) = call(agent, url, "WriteRecords", &json!({"DatabaseName": db, "TableName": table, "Records": records})).unwrap();
        let mut found = vec![None; chunk.len()];
        match s {
            200 => {}
            419 => {
                for r in b["RejectedRecords"].as_array().unwrap() {
                    let i = r["RecordIndex"].as_u64().unwrap() as usize;
                    found[i] = Some(r["ExistingVersion"].as_i64().unwrap_or_else(|| panic!("a probe refused without ExistingVersion: {r}")));
                }
            }
            _ => panic!("probe: {s} {b}"),
        }
        out.extend(found);
    }
    out
}

/// A fresh empty directory under the system's temporary directory.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("timestream-local-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Milliseconds since the epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

/// A small xorshift generator (no dependency), seeded from the clock unless `SEED` is set.
pub struct Rng(pub u64);

impl Rng {
    pub fn from_env() -> Rng {
        let seed = std::env::var("SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| now_ms() as u64 | 1);
        eprintln!("SEED={seed}");
        Rng(seed)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}
