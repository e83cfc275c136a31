//! `serve --data-dir`: trials of a concurrent write load killed with SIGKILL at a random moment.
//! After each restart, every acknowledged record is there with its acknowledged version, and no
//! record that was never sent is; a record whose request was in flight at the kill may be either
//! way. The same trials run as simulated power cuts: after the kill the log keeps what was synced
//! (the server traces each sync's length, `TIMESTREAM_LOCAL_SYNC_TRACE`) and loses a random part of
//! what followed, which only the page cache held, as a machine losing power would; what was
//! acknowledged must still all be there. The log is compacted often (a small `TIMESTREAM_LOCAL_COMPACT_BYTES`), so kills also land
//! during compactions. At the end SIGTERM stops the server cleanly (exit status 0, a snapshot, no
//! log left to replay). `DURABILITY_TRIALS` sets the number of trials (3 by default; `cargo xtask
//! durability --trials 20` runs the long one); `SEED` replays a run's kill moments.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{agent, call, create_table, now_ms, record, stored_versions, temp_dir, Proc, Rng};
use serde_json::json;

const WRITERS: usize = 4;
const PER_REQUEST: i64 = 10;
const DB: &str = "durable";
const TABLE: &str = "writes";

/// What one writer knows after the kill.
#[derive(Default)]
struct Ledger {
    /// Acknowledged records: (series, time) → version.
    acked: HashMap<(String, i64), i64>,
    /// Records of the request in flight at the kill, with the version it carried.
    in_flight: HashMap<(String, i64), i64>,
    /// Times of this writer's series that were never sent (after the last one sent).
    unsent_from: i64,
}

/// Writes batches of new records (version 2) and upserts of them (version 3) until
/// the server is gone.
fn writer(url: String, series: String, base: i64, stop: Arc<AtomicBool>, ledger: Arc<Mutex<Ledger>>) {
    let agent = agent();
    let mut next = 0i64;
    let mut batch = 0u64;
    while !stop.load(Ordering::Relaxed) {
        batch += 1;
        // Every third request upserts the previous batch of new records to version 3.
        let (times, version): (Vec<i64>, i64) =
            if batch.is_multiple_of(3) && next >= PER_REQUEST { ((next - PER_REQUEST..next).collect(), 3) } else { ((next..next + PER_REQUEST).collect(), 2) };
        let records: Vec<_> = times.iter().map(|t| record(&series, base + t, version, version * 1000 + t)).collect();
        if version == 2 {
            next += PER_REQUEST;
        }
        let keys: Vec<(String, i64)> = times.iter().map(|t| (series.clone(), base + t)).collect();
        match call(&agent, &url, "WriteRecords", &json!({"DatabaseName": DB, "TableName": TABLE, "Records": records})) {
            Ok((200, _)) => {
                let mut l = ledger.lock().unwrap();
                for k in keys {
                    l.acked.insert(k, version);
                }
            }
            Ok((s, b)) => panic!("WriteRecords answered {s} {b}"),
            Err(_) => {
                let mut l = ledger.lock().unwrap();
                for k in keys {
                    l.in_flight.insert(k, version);
                }
                break;
            }
        }
    }
    ledger.lock().unwrap().unsent_from = base + next;
}

#[test]
fn acknowledged_writes_survive_kill_9() {
    trials("durability", false);
}

#[test]
fn acknowledged_writes_survive_a_power_cut() {
    trials("power-cut", true);
}

/// Keeps the log's synced length (the last line of the sync trace) and a random part of the
/// unsynced bytes after it; returns how many bytes were dropped.
fn cut_power(dir: &std::path::Path, trace: &std::path::Path, rng: &mut Rng) -> u64 {
    let synced: u64 = std::fs::read_to_string(trace).unwrap_or_default().lines().last().and_then(|l| l.parse().ok()).unwrap_or(0);
    let log = dir.join("log");
    let len = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
    if len <= synced {
        return 0;
    }
    let keep = synced + rng.below(len - synced + 1);
    std::fs::OpenOptions::new().write(true).open(&log).and_then(|f| f.set_len(keep)).expect("cannot cut the log");
    len - keep
}

fn trials(name: &str, power_cut: bool) {
    let trials: usize = std::env::var("DURABILITY_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let dir = temp_dir(name);
    let dir_arg = dir.to_str().unwrap().to_string();
    let args = ["--data-dir", dir_arg.as_str()];
    let trace = temp_dir(&format!("{name}-trace")).join("synced");
    let trace_arg = trace.to_str().unwrap().to_string();
    // Compact every 256 KiB of log: a few times per trial.
    let env = [("TIMESTREAM_LOCAL_COMPACT_BYTES", "262144"), ("TIMESTREAM_LOCAL_SYNC_TRACE", trace_arg.as_str())];
    let (mut dropped, mut cut) = (0u64, 0usize);
    let mut rng = Rng::from_env();
    let mut server = Proc::start(&args, &env);
    create_table(&agent(), &server.url, DB, TABLE);
    let (mut checked, mut lost, mut torn, mut acked_total) = (0usize, 0usize, 0usize, 0usize);
    let mut ledgers: Vec<Vec<Arc<Mutex<Ledger>>>> = Vec::new();
    for trial in 0..trials {
        let base = now_ms() - 600_000;
        let stop = Arc::new(AtomicBool::new(false));
        let trial_ledgers: Vec<_> = (0..WRITERS).map(|_| Arc::new(Mutex::new(Ledger::default()))).collect();
        let threads: Vec<_> = trial_ledgers
            .iter()
            .enumerate()
            .map(|(w, ledger)| {
                let (url, stop, ledger) = (server.url.clone(), stop.clone(), ledger.clone());
                std::thread::spawn(move || writer(url, format!("trial{trial}-writer{w}"), base, stop, ledger))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(200 + rng.below(1800)));
        server.kill9();
        stop.store(true, Ordering::Relaxed);
        for t in threads {
            t.join().expect("a writer failed");
        }
        if power_cut {
            let d = cut_power(&dir, &trace, &mut rng);
            dropped += d;
            cut += usize::from(d > 0);
        }
        server = Proc::start(&args, &env);
        let recovered = server.banner.join(" ");
        if server.stderr.lock().unwrap().contains("torn") {
            torn += 1;
        }
        ledgers.push(trial_ledgers);
        // Every trial so far: later crashes must not lose earlier trials' records either.
        let agent = agent();
        let (mut trial_acked, mut trial_lost) = (0, 0);
        for (t, trial_ledgers) in ledgers.iter().enumerate() {
            for ledger in trial_ledgers {
                let l = ledger.lock().unwrap();
                // Acknowledged (and not in flight again): exactly the acknowledged version.
                let settled: Vec<_> = l.acked.iter().filter(|(k, _)| !l.in_flight.contains_key(*k)).map(|(k, v)| (k.clone(), *v)).collect();
                let keys: Vec<_> = settled.iter().map(|(k, _)| k.clone()).collect();
                let got = stored_versions(&agent, &server.url, DB, TABLE, &keys);
                for ((key, version), got) in settled.iter().zip(&got) {
                    if *got != Some(*version) {
                        trial_lost += 1;
                        eprintln!("trial {t}: {key:?} acknowledged at version {version}, found {got:?}");
                    }
                }
                // In flight: absent, or the acknowledged version, or the one in flight.
                let unsure: Vec<_> = l.in_flight.iter().map(|(k, v)| (k.clone(), *v)).collect();
                let keys: Vec<_> = unsure.iter().map(|(k, _)| k.clone()).collect();
                let got = stored_versions(&agent, &server.url, DB, TABLE, &keys);
                for ((key, version), got) in unsure.iter().zip(&got) {
                    let before = l.acked.get(key).copied();
                    assert!(*got == before || *got == Some(*version), "trial {t}: {key:?} in flight at version {version}, found {got:?}");
                }
                // Never sent: absent (each probe writes them, so only the first check counts).
                if t == trial {
                    let series = l.acked.keys().chain(l.in_flight.keys()).next().map(|k| k.0.clone());
                    if let Some(series) = series {
                        let keys: Vec<_> = (0..20).map(|i| (series.clone(), l.unsent_from + i)).collect();
                        let got = stored_versions(&agent, &server.url, DB, TABLE, &keys);
                        assert!(got.iter().all(Option::is_none), "trial {t}: records that were never sent appeared: {got:?}");
                    }
                    trial_acked += l.acked.len();
                    acked_total += l.acked.len();
                }
                checked += settled.len();
            }
        }
        lost += trial_lost;
        eprintln!("trial {trial}: {trial_acked} records acknowledged before the kill; after restart ({recovered}): {trial_lost} lost");
    }
    let status = server.term(Duration::from_secs(20)).expect("SIGTERM: the server did not stop within 20 s");
    assert!(status.success(), "SIGTERM: exit status {status}");
    // No warning but the torn tail its start cut (a power cut leaves one now and then).
    let stderr = server.stderr.lock().unwrap().clone();
    assert!(!stderr.lines().any(|l| l.contains("warning") && !l.contains("is torn")), "{stderr}");
    let log_len = std::fs::metadata(dir.join("log")).map(|m| m.len()).unwrap_or(0);
    assert_eq!(log_len, 0, "after SIGTERM everything is in the snapshot");
    let server = Proc::start(&args, &env);
    assert!(server.banner[0].ends_with("snapshot + 0 log entries replayed"), "{:?}", server.banner);
    let (s, b) = call(&agent(), &server.url, "DescribeTable", &json!({"DatabaseName": DB, "TableName": TABLE})).unwrap();
    assert_eq!(s, 200, "{b}");
    let how =
        if power_cut { format!("simulated power cuts ({cut} of them dropped unsynced bytes, {dropped} bytes in all)") } else { "kill -9 trials".to_string() };
    println!("{name}: {trials} {how}, {acked_total} records acknowledged, {checked} record checks after restarts, {lost} lost, {torn} torn tails cut");
    assert_eq!(lost, 0, "acknowledged records were lost");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(trace.parent().unwrap());
}

#[test]
fn a_torn_last_entry_is_cut_with_a_warning() {
    let dir = temp_dir("torn");
    let args = ["--data-dir", dir.to_str().unwrap()];
    let mut server = Proc::start(&args, &[]);
    create_table(&agent(), &server.url, DB, TABLE);
    server.kill9();
    let whole = std::fs::metadata(dir.join("log")).unwrap().len();
    assert!(whole > 0, "the log holds the two creations");
    // Half of a frame: a length that runs past the end of the file.
    let mut log = std::fs::OpenOptions::new().append(true).open(dir.join("log")).unwrap();
    std::io::Write::write_all(&mut log, &[200, 0, 0, 0, 1, 2, 3, 4, b'{']).unwrap();
    drop(log);
    let server = Proc::start(&args, &[]);
    assert_eq!(server.banner, [format!("timestream-local data dir {}: no snapshot + 2 log entries replayed", dir.display())]);
    std::thread::sleep(Duration::from_millis(100));
    let stderr = server.stderr.lock().unwrap().clone();
    assert!(stderr.contains("warning") && stderr.contains("torn") && stderr.contains(&format!("at offset {whole}")), "{stderr}");
    assert_eq!(std::fs::metadata(dir.join("log")).unwrap().len(), whole, "the torn bytes are cut off");
    let (s, b) = call(&agent(), &server.url, "DescribeTable", &json!({"DatabaseName": DB, "TableName": TABLE})).unwrap();
    assert_eq!(s, 200, "{b}");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_batch_load_in_progress_resumes_after_kill_9() {
    const ROWS: usize = 400_000;
    let dir = temp_dir("batch-resume");
    let (data, s3) = (dir.join("data"), dir.join("s3"));
    std::fs::create_dir_all(s3.join("source/load")).unwrap();
    std::fs::create_dir_all(s3.join("reports")).unwrap();
    let t0 = now_ms() - 600_000;
    let csv: String =
        std::iter::once("host,time,cpu\n".to_string()).chain((0..ROWS).map(|i| format!("h{},{},{i}.5\n", i % 100, t0 + (i / 100) as i64))).collect();
    std::fs::write(s3.join("source/load/data.csv"), csv).unwrap();
    let args = ["--data-dir", data.to_str().unwrap(), "--s3-root", s3.to_str().unwrap()];
    let mut server = Proc::start(&args, &[]);
    let agent = agent();
    create_table(&agent, &server.url, DB, TABLE);
    let task = json!({
        "TargetDatabaseName": DB, "TargetTableName": TABLE,
        "DataSourceConfiguration": {"DataSourceS3Configuration": {"BucketName": "source", "ObjectKeyPrefix": "load/data.csv"}, "CsvConfiguration": {}, "DataFormat": "CSV"},
        "ReportConfiguration": {"ReportS3Configuration": {"BucketName": "reports", "ObjectKeyPrefix": "reports"}},
        "DataModelConfiguration": {"DataModel": {"TimeColumn": "time", "TimeUnit": "MILLISECONDS", "DimensionMappings": [{"SourceColumn": "host"}],
            "MultiMeasureMappings": {"TargetMultiMeasureName": "metrics", "MultiMeasureAttributeMappings": [{"SourceColumn": "cpu", "MeasureValueType": "DOUBLE"}]}}}
    });
    let (s, b) = call(&agent, &server.url, "CreateBatchLoadTask", &task).unwrap();
    assert_eq!(s, 200, "{b}");
    let id = json!({"TaskId": b["TaskId"]});
    let progress = |url: &str| {
        let (s, b) = call(&agent, url, "DescribeBatchLoadTask", &id).unwrap();
        assert_eq!(s, 200, "{b}");
        let d = b["BatchLoadTaskDescription"].clone();
        (d["TaskStatus"].as_str().unwrap().to_string(), d["ProgressReport"]["RecordsIngested"].as_u64().unwrap_or(0))
    };
    let (status, ingested) = progress(&server.url);
    server.kill9();
    assert!(status == "IN_PROGRESS" || status == "CREATED", "the task was still running at the kill: {status}, {ingested} ingested");
    assert!((ingested as usize) < ROWS);
    let server = Proc::start(&args, &[]);
    let start = std::time::Instant::now();
    let (status, ingested) = loop {
        let (status, ingested) = progress(&server.url);
        if status == "SUCCEEDED" || status == "FAILED" || start.elapsed() > Duration::from_secs(60) {
            break (status, ingested);
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!((status.as_str(), ingested as usize), ("SUCCEEDED", ROWS), "after the restart the task went on and ingested every row once");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
