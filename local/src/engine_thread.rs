//! The engine's owner: one thread holds the `Engine` and runs jobs on it one at a time, in the
//! order they arrive on its channel. Requests (server.rs) and batch-load steps (batch_runner.rs)
//! are both jobs, so nothing else ever touches the engine and nothing waits for a lock: a caller
//! that wants an answer sends a closure and waits for its reply, and file I/O stays with the
//! caller, outside the engine thread.
//!
//! With `--data-dir` the thread also holds the data directory (durable/): jobs that may change
//! state are logged before they run, and the answers of the jobs run together are held back
//! until the log is synced (group commit: the jobs already queued run first, then one sync,
//! then every held answer goes out). No answer, not even a read's, shows state that is not on
//! disk yet.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::time::{Duration, Instant};

use timestream_engine::Engine;

use timestream_engine::{RequestContext, WireResponse};
use timestream_engine::{StepBudget, StepReport};

use crate::durable::log::What;
use crate::durable::{self, DataDir, Outcome};
use crate::s3dir::Changes;

/// A piece of work for the engine thread.
pub type Job = Box<dyn FnOnce(&mut Owner) + Send>;

/// An answer held back until the log is synced.
type Reply = Box<dyn FnOnce() + Send>;

/// At most this many jobs run between two syncs of the log.
const GROUP_MAX: usize = 256;

/// What the engine thread owns: the engine, and with `--data-dir` the open data directory and
/// the answers waiting for its next sync.
#[derive(Debug)]
pub struct Owner {
    pub engine: Engine,
    pub data: Option<DataDir>,
    held: Vec<HeldReply>,
}

struct HeldReply(Reply);

impl std::fmt::Debug for HeldReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HeldReply")
    }
}

impl Owner {
    pub fn new(engine: Engine, data: Option<DataDir>) -> Owner {
        Owner { engine, data, held: Vec::new() }
    }

    /// Runs a request in `region`; with `--data-dir`, a request that may change state is logged
    /// first.
    pub fn request(&mut self, region: String, target: &str, body: &[u8]) -> WireResponse {
        match &mut self.data {
            Some(data) if durable::changes_state(target) => {
                let what = What::Request { region, target: target.to_string(), body: body.len() };
                match data.run(&mut self.engine, what, vec![body]) {
                    Outcome::Wire(wire) => wire,
                    _ => unreachable!("a request entry answers with a response"),
                }
            }
            _ => {
                let ctx = RequestContext { region: Some(region) };
                durable::guarded(&mut self.engine, |e| e.handle_with(&ctx, target, body))
            }
        }
    }

    /// Hands the `--s3-root` folder's changes to the engine (logged with `--data-dir`; files the
    /// engine already has with the same contents, as after a restart, are left out).
    pub fn objects(&mut self, mut changes: Changes) {
        let Some(data) = &mut self.data else {
            changes.apply(&mut self.engine);
            return;
        };
        let engine = &mut self.engine;
        let known = engine.list_buckets();
        changes.buckets.retain(|b| !known.iter().any(|k| &k.name == b));
        changes.put.retain(|(b, k, bytes)| engine.get_object(b, k) != Some(bytes.as_slice()));
        changes.deleted.retain(|(b, k)| engine.get_object(b, k).is_some());
        if changes.buckets.is_empty() && changes.put.is_empty() && changes.deleted.is_empty() {
            return;
        }
        let put = changes.put.iter().map(|(b, k, bytes)| (b.clone(), k.clone(), bytes.len())).collect();
        let what = What::Objects { buckets: changes.buckets, put, deleted: changes.deleted };
        data.run(engine, what, changes.put.iter().map(|(_, _, bytes)| bytes.as_slice()).collect());
    }

    /// One batch-load step of `rows` rows (logged with `--data-dir`).
    pub fn step(&mut self, rows: u64) -> StepReport {
        match &mut self.data {
            // A step with no active task changes nothing: it is not logged.
            Some(data) if self.engine.has_active_batch_loads() => match data.run(&mut self.engine, What::Step { rows }, Vec::new()) {
                Outcome::Step(report) => report,
                _ => unreachable!("a step entry answers with a step report"),
            },
            _ => self.engine.step_batch_load(StepBudget::rows(rows)),
        }
    }

    /// Writes a snapshot and empties the log (at a clean shutdown).
    pub fn compact(&mut self) {
        if let Some(data) = &mut self.data {
            data.sync(&self.engine);
            data.compact(&self.engine);
        }
    }

    /// Sends an answer now (in memory) or after the next sync (`--data-dir`).
    fn reply(&mut self, send: Reply) {
        if self.data.is_some() {
            self.held.push(HeldReply(send));
        } else {
            send();
        }
    }

    /// Syncs the log and lets the held answers go.
    fn commit(&mut self) {
        if let Some(data) = &mut self.data {
            data.sync(&self.engine);
        }
        for HeldReply(send) in self.held.drain(..) {
            send();
        }
    }
}

/// The engine thread's queue. The thread ends when every handle is dropped.
#[derive(Debug, Clone)]
pub struct EngineHandle {
    jobs: Sender<Job>,
}

/// How long the engine thread waits for the next job awake before it sleeps.
const ENGINE_SPIN: Duration = Duration::from_micros(50);

impl EngineHandle {
    /// Starts the engine thread, which owns `owner` from now on.
    pub fn spawn(owner: Owner) -> EngineHandle {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("engine".into())
            .spawn(move || {
                let mut owner = owner;
                while let Some(job) = next_job(&queue) {
                    run_job(&mut owner, job);
                    let mut ran = 1;
                    while ran < GROUP_MAX && owner.data.is_some() {
                        let Ok(job) = queue.try_recv() else { break };
                        run_job(&mut owner, job);
                        ran += 1;
                    }
                    owner.commit();
                }
            })
            .expect("cannot start the engine thread");
        EngineHandle { jobs }
    }

    /// Queues `f` and returns where its answer will arrive; the answer never comes when the job
    /// panicked or the engine thread is gone.
    pub fn send<R, F>(&self, f: F) -> tokio::sync::oneshot::Receiver<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Engine) -> R + Send + 'static,
    {
        self.send_owner(move |owner| f(&mut owner.engine))
    }

    /// [`EngineHandle::send`] with the whole [`Owner`] (jobs that log what they do).
    pub fn send_owner<R, F>(&self, f: F) -> tokio::sync::oneshot::Receiver<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Owner) -> R + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |owner| {
            let r = f(owner);
            owner.reply(Box::new(move || {
                let _ = reply.send(r);
            }));
        });
        // A send error means the engine thread is gone: the dropped job drops `reply`.
        let _ = self.jobs.send(job);
        answer
    }

    /// Runs `f` on the engine thread and waits (asynchronously) for its answer.
    pub async fn run<R, F>(&self, f: F) -> Option<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Engine) -> R + Send + 'static,
    {
        self.send(f).await.ok()
    }
}

/// A job that panics drops its reply sender: its caller gets no answer (a 500 for a request) and
/// the thread goes on with the next job.
fn run_job(owner: &mut Owner, job: Job) {
    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| job(owner)));
}

/// The next job for the engine thread; None once every handle is gone. Under load the next
/// request is usually being parsed while the engine works on this one: waiting for it awake a
/// little saves a sleep and a wake-up per request (a few µs each in a VM).
fn next_job(queue: &Receiver<Job>) -> Option<Job> {
    let start = Instant::now();
    loop {
        match queue.try_recv() {
            Ok(job) => return Some(job),
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) if start.elapsed() < ENGINE_SPIN => std::hint::spin_loop(),
            Err(TryRecvError::Empty) => return queue.recv().ok(),
        }
    }
}
