//! Browser benchmark entry points: the same workloads as the native benches (bench/workload),
//! run by the engine compiled to wasm at opt-level 3 (`--profile wasm-bench`). JavaScript times
//! each call with `performance.now()` (bench/browser/bench.mjs). Not part of the shipped bundle.

use timestream_bench_workload as w;
use timestream_engine::{clock::NANOS_PER_MILLI, Engine, Operation, StepBudget};
use wasm_bindgen::prelude::*;

fn fresh_engine() -> Engine {
    let mut e = Engine::deterministic(w::NOW_MS * NANOS_PER_MILLI, 7);
    assert!(e.handle("Timestream_20181101.CreateDatabase", w::create_database().as_bytes()).is_success());
    assert!(e.handle("Timestream_20181101.CreateTable", w::create_table().as_bytes()).is_success());
    e
}

#[wasm_bindgen]
pub struct Bench {
    engine: Engine,
    bodies: Vec<Vec<u8>>,
    csv_rows: usize,
}

#[wasm_bindgen]
impl Bench {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Bench {
        Bench { engine: fresh_engine(), bodies: Vec::new(), csv_rows: 0 }
    }

    /// Builds `batches` insert-only WriteRecords bodies and a fresh engine (not timed).
    pub fn prepare_inserts(&mut self, batches: usize) {
        self.bodies = w::insert_bodies(batches);
        self.engine = fresh_engine();
    }

    /// Sends every prepared body through `Engine::handle`; returns the records written.
    pub fn write_all(&mut self) -> usize {
        let mut n = 0;
        for b in &self.bodies {
            let r = self.engine.handle(w::WRITE_TARGET, b);
            assert!(r.is_success(), "{}", String::from_utf8_lossy(&r.body));
            n += w::BATCH;
        }
        n
    }

    /// `Engine::diagnose` of the first prepared body, `times` times; returns the diagnostics of
    /// the last call (0 for the valid workload).
    pub fn validate(&self, times: usize) -> usize {
        let mut d = 0;
        for _ in 0..times {
            d = self.engine.diagnose(Operation::WriteRecords, &self.bodies[0]).len();
        }
        d
    }

    /// The batch-load CSV of `rows` rows (the text PapaParse parses).
    pub fn csv(&mut self, rows: usize) -> String {
        self.csv_rows = rows;
        w::csv(rows)
    }

    /// Drops the engine of the last run (its memory goes back to the allocator, untimed).
    pub fn drop_engine(&mut self) {
        self.engine = fresh_engine();
    }

    /// A full batch load of the CSV in `data` (put into the emulated S3, CreateBatchLoadTask,
    /// stepped to completion: parse, map, validate, ingest) in a fresh engine; returns the
    /// records ingested.
    pub fn batch_load(&mut self, data: Vec<u8>) -> usize {
        let mut e = fresh_engine();
        e.put_object(w::CSV_BUCKET, w::CSV_KEY, data);
        let r = e.handle("Timestream_20181101.CreateBatchLoadTask", w::create_batch_load_task().as_bytes());
        assert!(r.is_success(), "{}", String::from_utf8_lossy(&r.body));
        while e.has_active_batch_loads() {
            e.step_batch_load(StepBudget::rows(100_000));
        }
        let n = e.table_summaries()[0].records;
        self.engine = e;
        n
    }
}

impl Default for Bench {
    fn default() -> Self {
        Self::new()
    }
}
