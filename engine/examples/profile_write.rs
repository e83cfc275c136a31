//! A profiling driver (not a benchmark): sends the bench workload's WriteRecords bodies through
//! the seam, so `valgrind --tool=callgrind` counts the instructions of the write path alone.
//!
//! `cargo build --release -p timestream-engine --example profile_write`
//! `valgrind --tool=callgrind target/release/examples/profile_write insert 200`
//! Modes: `insert` (new records), `upsert` (the upsert mix after the inserts), `diagnose`,
//! `batch` (a CSV batch load of N thousand rows).

use timestream_bench_workload as w;
use timestream_engine::{clock::NANOS_PER_MILLI, Engine, Operation, StepBudget};

fn engine() -> Engine {
    let mut e = Engine::deterministic(w::NOW_MS * NANOS_PER_MILLI, 7);
    assert!(e.handle("Timestream_20181101.CreateDatabase", w::create_database().as_bytes()).is_success());
    assert!(e.handle("Timestream_20181101.CreateTable", w::create_table().as_bytes()).is_success());
    e
}

/// The best time in seconds of REPEAT (environment, default 1) runs of `timed`, each on a fresh
/// engine that `prepare` readies first, untimed.
fn best_of_fresh(mut prepare: impl FnMut(&mut Engine), mut timed: impl FnMut(&mut Engine)) -> f64 {
    let repeat: usize = std::env::var("REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(1);
    let mut best = f64::MAX;
    for _ in 0..repeat {
        let mut e = engine();
        prepare(&mut e);
        let start = std::time::Instant::now();
        timed(&mut e);
        best = best.min(start.elapsed().as_secs_f64());
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str).unwrap_or("insert");
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(200);
    match mode {
        "insert" => {
            // Timed (best of REPEAT fresh engines, for quick comparisons; `cargo xtask bench`
            // measures for real).
            let bodies = w::insert_bodies(n);
            let best = best_of_fresh(
                |_| {},
                |e| {
                    for b in &bodies {
                        assert!(e.handle(w::WRITE_TARGET, b).is_success());
                    }
                },
            );
            eprintln!("{} records in {best:.4} s: {:.0} records/s", n * w::BATCH, (n * w::BATCH) as f64 / best);
        }
        "upsert" => {
            let mut e = engine();
            for b in &w::insert_bodies(n) {
                assert!(e.handle(w::WRITE_TARGET, b).is_success());
            }
            for b in &w::upsert_bodies(n) {
                assert!(e.handle(w::WRITE_TARGET, b).is_success());
            }
        }
        "diagnose" => {
            let e = engine();
            let body = &w::insert_bodies(1)[0];
            for _ in 0..n {
                assert!(e.diagnose(Operation::WriteRecords, body).is_empty());
            }
        }
        "batch" => {
            // Timed like `insert` (best of REPEAT fresh engines).
            let data = w::csv(n * 1000).into_bytes();
            let best = best_of_fresh(
                |e| e.put_object(w::CSV_BUCKET, w::CSV_KEY, data.clone()),
                |e| {
                    assert!(e.handle("Timestream_20181101.CreateBatchLoadTask", w::create_batch_load_task().as_bytes()).is_success());
                    while e.has_active_batch_loads() {
                        e.step_batch_load(StepBudget::rows(50_000));
                    }
                },
            );
            eprintln!("{} rows in {best:.4} s: {:.0} rows/s", n * 1000, (n * 1000) as f64 / best);
        }
        other => panic!("unknown mode {other}"),
    }
}
