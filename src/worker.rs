//! The engine's thread: a Web Worker that owns a `timestream_engine::protocol::Session` and
//! answers the page's `Call`s with `Envelope`s (src/client.rs is the page's side). The page's own
//! wasm module: www/boot.js starts www/worker.js (a module worker) and hands it the compiled
//! module, whose `main` finds no window and calls [`serve`].
//!
//! Batch-load tasks run here in slices of about [`SLICE_MS`]: after each slice the worker posts
//! the progress and yields to its event loop through a `MessageChannel` (no 4 ms timer clamp),
//! so a Stop or any other request sent meanwhile is answered before the next slice. A paced
//! session (`Request::BatchPace`, the batch panel's speed control) runs one small step every
//! [`PACE_MS`] instead, on a timer, so a small file's progress can be watched.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::wire::{call_from_js, call_id, envelope_to_js};
use timestream_engine::protocol::{Envelope, Reply, Session, DIAGNOSTICS_PER_PART};
use timestream_engine::Engine;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent};

/// Work per slice before the worker looks at its messages again (ms).
const SLICE_MS: f64 = 12.0;
/// Rows per engine step inside a slice (the time is read between steps).
const STEP_ROWS: u64 = 256;
/// The period of a paced session's steps (ms).
const PACE_MS: i32 = 100;

struct Worker {
    scope: DedicatedWorkerGlobalScope,
    session: RefCell<Session>,
    /// A slice is scheduled on `tick`.
    scheduled: Cell<bool>,
    tick: MessageChannel,
    /// Runs a slice: the timer callback of a paced session.
    delayed: std::cell::OnceCell<Closure<dyn Fn()>>,
}

impl Worker {
    fn post(&self, envelope: Envelope) {
        // An object's bytes go beside, moved (src/wire.rs).
        let (id, revision) = (envelope.id, envelope.revision);
        let (value, transfer) = envelope_to_js(envelope)
            .or_else(|e| {
                let reply = Reply::Error { message: format!("The engine could not write its answer: {e}") };
                envelope_to_js(Envelope::answer(id, revision, reply))
            })
            .unwrap_or_else(|_| (JsValue::NULL, js_sys::Array::new()));
        let _ = self.scope.post_message_with_transfer(&value, &transfer);
    }

    fn now(&self) -> f64 {
        self.scope.performance().map_or_else(js_sys::Date::now, |p| p.now())
    }

    fn received(&self, data: JsValue) {
        let (id, reply) = match call_from_js(data.clone()) {
            Ok(call) => (Some(call.id), self.session.borrow_mut().answer(call.request)),
            // Answered to its id when it has one, so that what asked hears why (a Run is not
            // left waiting).
            Err(e) => (call_id(&data), Reply::Error { message: format!("The engine could not read a message: {e}") }),
        };
        let revision = self.session.borrow().revision();
        // A long list of diagnostics in parts: the page reads each in a task of its own.
        for part in Envelope::answer(id, revision, reply).into_parts(DIAGNOSTICS_PER_PART) {
            self.post(part);
        }
        self.schedule();
    }

    fn schedule(&self) {
        if !self.scheduled.get() && self.session.borrow().busy() {
            self.scheduled.set(true);
            match self.delayed.get().filter(|_| self.session.borrow().pace().is_some()) {
                Some(f) => drop(self.scope.set_timeout_with_callback_and_timeout_and_arguments_0(f.as_ref().unchecked_ref(), PACE_MS)),
                None => drop(self.tick.port1().post_message(&JsValue::NULL)),
            }
        }
    }

    fn slice(&self) {
        self.scheduled.set(false);
        let start = self.now();
        let mut total = timestream_engine::protocol::Progress::default();
        let mut session = self.session.borrow_mut();
        let (rows, paced) = match session.pace() {
            Some(per_second) => ((per_second * PACE_MS as u64 / 1000).max(1), true),
            None => (STEP_ROWS, false),
        };
        while let Some(p) = session.step(rows) {
            total.rows += p.rows;
            total.active = p.active;
            total.finished.extend(p.finished);
            if paced || p.active == 0 || self.now() - start >= SLICE_MS {
                break;
            }
        }
        let revision = session.revision();
        drop(session);
        self.post(Envelope { progress: Some(total), ..Envelope::answer(None, revision, Reply::Done) });
        self.schedule();
    }
}

/// Starts the engine's side in this worker (called by `main` when it finds no window).
pub fn serve() {
    // A panic's message in the console, in debug builds and `TS_PANIC_MESSAGES=1 cargo xtask
    // dist`; the shipped build aborts at once and the hook never runs (xtask `dist`).
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let mut engine = Engine::default();
    engine.clock_mut().set_source(js_sys::Date::now);
    let Ok(tick) = MessageChannel::new() else { return };
    let worker = Rc::new(Worker { scope, session: RefCell::new(Session::new(engine)), scheduled: Cell::new(false), tick, delayed: Default::default() });
    let _ = worker.delayed.set(Closure::<dyn Fn()>::new({
        let worker = worker.clone();
        move || worker.slice()
    }));

    let on_tick = Closure::<dyn Fn(MessageEvent)>::new({
        let worker = worker.clone();
        move |_| worker.slice()
    });
    worker.tick.port2().set_onmessage(Some(on_tick.as_ref().unchecked_ref()));
    on_tick.forget();

    let on_message = Closure::<dyn Fn(MessageEvent)>::new({
        let worker = worker.clone();
        move |e: MessageEvent| worker.received(e.data())
    });
    worker.scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Ready: the page sends what it queued meanwhile.
    worker.post(Envelope::answer(None, 0, Reply::Done));
}
