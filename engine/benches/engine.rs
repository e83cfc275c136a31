//! Native engine benchmarks (criterion, short runs): WriteRecords through the seam (insert-only
//! and upsert-heavy), validating a 100-record request, and a 1M-row CSV batch load. Workloads
//! come from bench/workload so the wire and browser benchmarks send the very same bodies.
//! `cargo xtask bench` reads the estimates from target/criterion and writes docs/benchmarks.md.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use timestream_bench_workload as w;
use timestream_engine::{clock::NANOS_PER_MILLI, Engine, Operation, StepBudget};

/// Bodies per insert pass: 100,000 records, 10 per series.
const PASS: usize = 1_000;

fn fresh_engine() -> Engine {
    let mut e = Engine::deterministic(w::NOW_MS * NANOS_PER_MILLI, 7);
    assert!(e.handle("Timestream_20181101.CreateDatabase", w::create_database().as_bytes()).is_success());
    assert!(e.handle("Timestream_20181101.CreateTable", w::create_table().as_bytes()).is_success());
    e
}

fn send(e: &mut Engine, body: &[u8]) {
    let r = e.handle(w::WRITE_TARGET, body);
    debug_assert!(r.is_success(), "{}", String::from_utf8_lossy(&r.body));
    std::hint::black_box(r);
}

/// Times `iters` requests cycling over `bodies`; each pass starts from a clone of `base`
/// (cloning is not timed).
fn run_passes(base: &Engine, bodies: &[Vec<u8>], iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    let mut left = iters as usize;
    while left > 0 {
        let mut e = base.clone();
        let n = left.min(bodies.len());
        let start = Instant::now();
        for b in &bodies[..n] {
            send(&mut e, b);
        }
        total += start.elapsed();
        left -= n;
    }
    total
}

fn write_records(c: &mut Criterion) {
    let inserts = w::insert_bodies(PASS);
    let upserts = w::upsert_bodies(PASS);
    let empty = fresh_engine();
    let mut loaded = fresh_engine();
    for b in &inserts {
        send(&mut loaded, b);
    }
    // Sanity: every insert is stored, and the upsert mix is accepted.
    assert_eq!(loaded.table_summaries()[0].records, PASS * w::BATCH);
    let r = loaded.clone().handle(w::WRITE_TARGET, &upserts[0]);
    assert!(r.is_success(), "{}", String::from_utf8_lossy(&r.body));

    let mut g = c.benchmark_group("write_records");
    g.sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements(w::BATCH as u64));
    g.bench_function("insert_100", |b| b.iter_custom(|iters| run_passes(&empty, &inserts, iters)));
    g.bench_function("upsert_mix_100", |b| b.iter_custom(|iters| run_passes(&loaded, &upserts, iters)));
    // Peer: serde_json parsing the same bodies into a Value, nothing else.
    let mut k = 0;
    g.bench_function("peer_serde_json_parse_100", |b| {
        b.iter(|| {
            k = (k + 1) % inserts.len();
            std::hint::black_box(serde_json::from_slice::<serde_json::Value>(&inserts[k]).unwrap())
        })
    });
    g.finish();
}

fn validate(c: &mut Criterion) {
    let e = fresh_engine();
    let body = &w::insert_bodies(1)[0];
    assert!(e.diagnose(Operation::WriteRecords, body).is_empty());
    let mut g = c.benchmark_group("validate");
    g.sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    g.throughput(Throughput::Elements(w::BATCH as u64));
    g.bench_function("diagnose_100", |b| b.iter(|| std::hint::black_box(e.diagnose(Operation::WriteRecords, std::hint::black_box(body)))));
    g.finish();
}

const CSV_ROWS: usize = 1_000_000;

fn batch_load(c: &mut Criterion) {
    let data = w::csv(CSV_ROWS);
    let mut g = c.benchmark_group("batch_load");
    g.sample_size(10).warm_up_time(Duration::from_millis(100)).measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(CSV_ROWS as u64));
    g.bench_function("csv_1m_rows", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let mut e = fresh_engine();
                e.put_object(w::CSV_BUCKET, w::CSV_KEY, data.as_bytes().to_vec());
                let start = Instant::now();
                let r = e.handle("Timestream_20181101.CreateBatchLoadTask", w::create_batch_load_task().as_bytes());
                assert!(r.is_success(), "{}", String::from_utf8_lossy(&r.body));
                while e.has_active_batch_loads() {
                    e.step_batch_load(StepBudget::rows(50_000));
                }
                total += start.elapsed();
                assert_eq!(e.table_summaries()[0].records, CSV_ROWS);
            }
            total
        })
    });
    // Peer: the csv crate reading the same file into byte records, nothing else.
    g.bench_function("peer_csv_crate_parse_1m_rows", |b| {
        b.iter(|| {
            let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(data.as_bytes());
            let mut row = csv::ByteRecord::new();
            let mut n = 0usize;
            while r.read_byte_record(&mut row).unwrap() {
                n += row.len();
            }
            std::hint::black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, write_records, validate, batch_load);
criterion_main!(benches);
