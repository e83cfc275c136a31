//! Runs batch-load tasks from the browser's event loop: slices of about [`SLICE_MS`] of
//! `Engine::step_batch_load` work, each followed by a render and a `setTimeout(0)` yield, so a
//! large file never freezes the page. One runner at a time; it ends when no task is active
//! (finished or stopped) and starts again on the next engine change that leaves one active.

use std::cell::Cell;
use std::time::Duration;

use timestream_engine::batch::StepBudget;
use timestream_engine::Engine;
use yew::Callback;

use crate::state::EngineHandle;

/// Work per slice before yielding to the browser (ms).
pub const SLICE_MS: f64 = 12.0;
/// Rows per engine step inside a slice (the clock is read between steps).
pub const STEP_ROWS: u64 = 256;

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// Steps the active tasks until `ms` have passed on `now` (at least one step); returns the
/// number of tasks still active.
pub fn run_slice(engine: &mut Engine, ms: f64, now: impl Fn() -> f64) -> usize {
    let start = now();
    loop {
        let r = engine.step_batch_load(StepBudget::rows(STEP_ROWS));
        if r.active == 0 || now() - start >= ms {
            return r.active;
        }
    }
}

/// Whether a runner is going.
pub fn running() -> bool {
    RUNNING.with(Cell::get)
}

/// Starts the runner if a task is active and none is running. `onchange` is called after
/// every slice (the page renders the progress).
pub fn drive(engine: &EngineHandle, onchange: &Callback<()>) {
    if running() || !engine.0.try_borrow().is_ok_and(|e| e.has_active_batch_loads()) {
        return;
    }
    RUNNING.with(|r| r.set(true));
    let (engine, onchange) = (engine.clone(), onchange.clone());
    yew::platform::spawn_local(async move {
        loop {
            yew::platform::time::sleep(Duration::ZERO).await;
            let active = match engine.0.try_borrow_mut() {
                Ok(mut e) => run_slice(&mut e, SLICE_MS, js_sys::Date::now),
                Err(_) => continue,
            };
            if active == 0 {
                RUNNING.with(|r| r.set(false));
                onchange.emit(());
                break;
            }
            onchange.emit(());
        }
    });
}
