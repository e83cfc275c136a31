//! Batch-load tasks run in the background: a runner thread wakes when a request may have made a
//! task active (CreateBatchLoadTask, ResumeBatchLoadTask) and then, while any task is active,
//! sends the engine thread one bounded step at a time ([`STEP_ROWS`] rows) as an ordinary job.
//! Requests queued meanwhile are answered between two steps, so a long load never holds them up
//! for more than one step. With `--s3-root`, the runner reads the folder before each step and
//! writes the error reports after it, on its own thread: the engine thread only gets the bytes.

use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Duration;

use crate::engine_thread::EngineHandle;
use crate::s3dir::{Changes, LocalS3};

/// Rows per step (the engine answers the requests queued meanwhile between two steps).
pub const STEP_ROWS: u64 = 20_000;
/// Pause between steps.
pub const STEP_PAUSE: Duration = Duration::from_millis(5);

/// Starts the runner. It ends when `wake`'s sender is dropped (with the server's `App`).
pub fn spawn(engine: EngineHandle, folder: Option<Arc<LocalS3>>, wake: Receiver<()>) {
    std::thread::Builder::new()
        .name("batch-load".into())
        .spawn(move || {
            while wake.recv().is_ok() {
                // Wake-ups that came while the tasks ran are covered by this round.
                while wake.try_recv().is_ok() {}
                while let Some(active) = step(&engine, folder.as_deref()) {
                    if active == 0 {
                        break;
                    }
                    std::thread::sleep(STEP_PAUSE);
                }
            }
        })
        .expect("cannot start the batch-load runner");
}

/// One step: the folder's changes and a bounded step of every active task on the engine thread,
/// then the reports written into the folder. The number of tasks still active, or None when the
/// engine thread did not answer.
fn step(engine: &EngineHandle, folder: Option<&LocalS3>) -> Option<usize> {
    let run = move |changes: Changes| {
        engine.send_owner(move |o| {
            o.objects(changes);
            let step = o.step(STEP_ROWS);
            let e = &o.engine;
            let reports: Vec<(String, String, Vec<u8>)> =
                step.reports.into_iter().filter_map(|(b, k)| e.get_object(&b, &k).map(|data| (b.clone(), k.clone(), data.to_vec()))).collect();
            (step.active, reports)
        })
    };
    let answer = match folder {
        Some(folder) => folder.scan(run),
        None => run(Changes::default()),
    };
    let (active, reports) = answer.blocking_recv().ok()?;
    if let Some(folder) = folder {
        folder.write_back(&reports);
    }
    Some(active)
}
