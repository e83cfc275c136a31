//! Memory per stored record, measured: a counting global allocator tracks live heap bytes while
//! 1,000,000 records (10,000 series x 100 timestamps) are written through the seam. Prints one
//! `MEMORY {json}` line that `cargo xtask bench` reads.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use timestream_bench_workload as w;
use timestream_engine::{clock::NANOS_PER_MILLI, testing, Engine};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if new >= l.size() {
            let now = LIVE.fetch_add(new - l.size(), Relaxed) + new - l.size();
            PEAK.fetch_max(now, Relaxed);
        } else {
            LIVE.fetch_sub(l.size() - new, Relaxed);
        }
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static A: Counting = Counting;

const RECORDS: usize = 1_000_000;

fn main() {
    // `cargo bench` passes --bench; anything else (e.g. a filter) is ignored.
    let bodies = w::insert_bodies(RECORDS / w::BATCH);
    let before = LIVE.load(Relaxed);
    let mut e = Engine::deterministic(w::NOW_MS * NANOS_PER_MILLI, 7);
    assert!(e.handle("Timestream_20181101.CreateDatabase", w::create_database().as_bytes()).is_success());
    assert!(e.handle("Timestream_20181101.CreateTable", w::create_table().as_bytes()).is_success());
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    for b in &bodies {
        let r = e.handle(w::WRITE_TARGET, b);
        assert!(r.is_success(), "{}", String::from_utf8_lossy(&r.body));
    }
    let live = LIVE.load(Relaxed) - before;
    let peak = PEAK.load(Relaxed) - before;
    let table = &e.table_summaries()[0];
    assert_eq!(table.records, RECORDS);
    let (strings, record_bytes) = testing::store_bytes(&e, w::DATABASE, w::TABLE).expect("the bench's table");
    let per = |b: usize| b as f64 / RECORDS as f64;
    println!(
        "MEMORY {}",
        serde_json::json!({
            "records": RECORDS,
            "series": table.series,
            "live_bytes": live,
            "peak_bytes": peak,
            "interned_string_bytes": strings,
            "bytes_per_record_total": per(live),
            "bytes_per_record_beyond_strings": per(live - strings),
            "record_bytes_reported": record_bytes,
            "record_bytes_reported_per_record": per(record_bytes),
        })
    );
    println!(
        "{RECORDS} records, {} series: {:.1} bytes/record live ({:.1} beyond {} bytes of interned strings); store reports {:.1} bytes/record for records+index; peak {:.1} MB",
        table.series,
        per(live),
        per(live - strings),
        strings,
        per(record_bytes),
        peak as f64 / 1e6
    );
}
