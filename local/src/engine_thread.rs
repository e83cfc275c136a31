//! The engine's owner: one thread holds the `Engine` and runs jobs on it one at a time, in the
//! order they arrive on its channel. Requests (server.rs) and batch-load steps (batch_runner.rs)
//! are both jobs, so nothing else ever touches the engine and nothing waits for a lock: a caller
//! that wants an answer sends a closure and waits for its reply, and file I/O stays with the
//! caller, outside the engine thread.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::time::{Duration, Instant};

use timestream_engine::Engine;

/// A piece of work for the engine thread.
pub type Job = Box<dyn FnOnce(&mut Engine) + Send>;

/// The engine thread's queue. The thread ends when every handle is dropped.
#[derive(Debug, Clone)]
pub struct EngineHandle {
    jobs: Sender<Job>,
}

/// How long the engine thread waits for the next job awake before it sleeps.
const ENGINE_SPIN: Duration = Duration::from_micros(50);

impl EngineHandle {
    /// Starts the engine thread, which owns `engine` from now on.
    pub fn spawn(engine: Engine) -> EngineHandle {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("engine".into())
            .spawn(move || {
                let mut engine = engine;
                while let Some(job) = next_job(&queue) {
                    // A job that panics drops its reply sender: its caller gets no answer (a 500
                    // for a request) and the thread goes on with the next job.
                    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut engine)));
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
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |engine| {
            let _ = reply.send(f(engine));
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
