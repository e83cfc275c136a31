//! `serve --data-dir DIR`: nothing acknowledged is lost. Every job of the engine thread that may
//! change state (a request of a writing operation, the `--s3-root` folder's changes, a
//! batch-load step) is appended to `DIR/log` with the engine's clock time and id-generator state
//! before it runs. The engine is deterministic given those, so replaying the log on start
//! rebuilds the state exactly. The engine thread syncs the log (fdatasync) before it sends any
//! answer of the jobs it ran since the last sync (group commit: one sync for all the jobs that
//! were queued together), so an answer the client sees is on disk. When the log passes
//! [`compact_bytes`], the engine is written to `DIR/snapshot.json` (a temporary file, synced,
//! renamed) and the log is emptied; the snapshot names the last entry it holds, so a crash
//! between the two replays nothing twice. The log is compacted once it is larger than both the
//! bound and the last snapshot, so the snapshots written cost at most about as many bytes as
//! the log takes in, however big the state is. A torn last entry (the process or the machine stopped
//! while it was written) was never acknowledged: it is cut off with a warning on stderr.

pub mod log;

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use timestream_engine::{ApiError, Engine, ErrorKind, RequestContext, WireResponse};
use timestream_engine::{StepBudget, StepReport};

use self::log::{Entry, Head, What};

/// The log is compacted into a snapshot once it is larger than this (64 MiB), unless the
/// environment variable `TIMESTREAM_LOCAL_COMPACT_BYTES` says otherwise.
pub fn compact_bytes() -> u64 {
    std::env::var("TIMESTREAM_LOCAL_COMPACT_BYTES").ok().and_then(|v| v.parse().ok()).unwrap_or(64 << 20)
}

/// For the power-cut test (local/tests/durability.rs) only: when the environment variable
/// `TIMESTREAM_LOCAL_SYNC_TRACE` names a file, each sync of the log appends the log's length then
/// durable to it (a line), before any answer it covers is sent. A simulated power cut keeps the
/// log up to the last length traced and drops a random part of what follows (what only the page
/// cache held).
fn sync_trace() -> Option<File> {
    let path = std::env::var_os("TIMESTREAM_LOCAL_SYNC_TRACE")?;
    OpenOptions::new().create(true).append(true).open(path).ok()
}

/// First line of `snapshot.json` (the engine's snapshot document follows on the next line).
#[derive(serde::Serialize, serde::Deserialize)]
struct SnapshotHead {
    format: String,
    /// The last log entry the snapshot holds.
    seq: u64,
}

const FORMAT: &str = "timestream-local/data-dir 1";

/// Operations that never change state: everything else is logged.
const READ_ONLY: [&str; 8] = [
    "DescribeDatabase",
    "ListDatabases",
    "DescribeTable",
    "ListTables",
    "ListTagsForResource",
    "DescribeEndpoints",
    "DescribeBatchLoadTask",
    "ListBatchLoadTasks",
];

/// Whether a request to `target` may change state (an unknown operation does not).
pub fn changes_state(target: &str) -> bool {
    match timestream_engine::Operation::from_target(target.trim()) {
        Some(op) => !READ_ONLY.contains(&op.name()),
        None => false,
    }
}

/// The open data directory: the log being appended to.
#[derive(Debug)]
pub struct DataDir {
    dir: PathBuf,
    log: File,
    /// Kept open: its lock stops a second server from using the directory.
    _lock: File,
    seq: u64,
    log_bytes: u64,
    /// Entries written since the last sync.
    dirty: bool,
    compact_at: u64,
    /// Size of the last snapshot written or read.
    snapshot_bytes: u64,
    /// See [`sync_trace`].
    trace: Option<File>,
}

/// What `DataDir::open` found.
#[derive(Debug, Default, PartialEq)]
pub struct Recovery {
    pub snapshot: bool,
    pub replayed: usize,
    /// The warning about a cut torn tail, if there was one.
    pub torn: Option<String>,
}

impl DataDir {
    /// Opens (creating it if needed) `dir`, rebuilds `engine` from its snapshot and log, and cuts
    /// a torn last entry. Errors: the directory cannot be used (not writable, locked by another
    /// server, an unreadable snapshot).
    pub fn open(dir: &Path, engine: &mut Engine) -> Result<(DataDir, Recovery), String> {
        let fail = |what: &str, e: std::io::Error| format!("--data-dir {}: {what}: {e}", dir.display());
        std::fs::create_dir_all(dir).map_err(|e| fail("cannot create it", e))?;
        let lock = OpenOptions::new().create(true).truncate(false).write(true).open(dir.join("lock")).map_err(|e| fail("cannot open lock", e))?;
        lock.try_lock().map_err(|_| format!("--data-dir {}: another timestream-local is using it", dir.display()))?;
        let mut recovery = Recovery::default();
        let mut seq = 0;
        let mut snapshot_bytes = 0;
        match std::fs::read_to_string(dir.join("snapshot.json")) {
            Ok(text) => {
                let (first, doc) = text.split_once('\n').unwrap_or((&text, ""));
                let head: SnapshotHead = serde_json::from_str(first)
                    .ok()
                    .filter(|h: &SnapshotHead| h.format == FORMAT)
                    .ok_or_else(|| format!("--data-dir {}: snapshot.json is not a snapshot of this format ({FORMAT})", dir.display()))?;
                // The clock (how it reads time) and the configuration (--region, --account, the
                // address) are this run's; the rest is the snapshot's.
                let (clock, config) = (engine.clock().clone(), engine.config().clone());
                engine.restore(doc).map_err(|e| format!("--data-dir {}: snapshot.json: {e}", dir.display()))?;
                (*engine.clock_mut(), *engine.config_mut()) = (clock, config);
                seq = head.seq;
                snapshot_bytes = text.len() as u64;
                recovery.snapshot = true;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(fail("cannot read snapshot.json", e)),
        }
        let path = dir.join("log");
        let mut log = OpenOptions::new().create(true).append(true).read(true).open(&path).map_err(|e| fail("cannot open log", e))?;
        let mut bytes = Vec::new();
        log.read_to_end(&mut bytes).map_err(|e| fail("cannot read log", e))?;
        let read = log::decode_all(&bytes);
        if let Some(why) = &read.torn {
            let cut = bytes.len() - read.valid;
            recovery.torn = Some(format!(
                "--data-dir {}: the log's last entry is torn ({why}); its {cut} bytes at offset {} are cut off (it was never acknowledged)",
                dir.display(),
                read.valid
            ));
            log.set_len(read.valid as u64).and_then(|()| log.sync_all()).map_err(|e| fail("cannot cut the torn entry", e))?;
        }
        for entry in read.entries {
            if entry.head.seq > seq {
                seq = entry.head.seq;
                apply(engine, &entry.head, entry.blobs.iter().map(Vec::as_slice).collect());
                recovery.replayed += 1;
            }
        }
        let log_bytes = read.valid as u64;
        // What was replayed may have been only in the page cache of a killed run: durable now,
        // before anything that builds on it is answered.
        log.sync_data().map_err(|e| fail("cannot sync log", e))?;
        let mut data = DataDir {
            dir: dir.to_path_buf(),
            log,
            _lock: lock,
            seq,
            log_bytes,
            dirty: false,
            compact_at: compact_bytes(),
            snapshot_bytes,
            trace: sync_trace(),
        };
        data.traced();
        Ok((data, recovery))
    }

    /// Appends the entry for `what` (with `blobs`) at the engine's current time and id state,
    /// then runs it. The entry is on disk once [`DataDir::sync`] returns.
    pub fn run(&mut self, engine: &mut Engine, what: What, blobs: Vec<&[u8]>) -> Outcome {
        self.seq += 1;
        let head = Head { seq: self.seq, now: engine.now(), ids: engine.id_state(), what };
        let frame = log::encode(&head, &blobs);
        if let Err(e) = self.log.write_all(&frame) {
            die(&format!("cannot append to {}/log: {e}", self.dir.display()));
        }
        self.log_bytes += frame.len() as u64;
        self.dirty = true;
        apply(engine, &head, blobs)
    }

    /// Makes every appended entry durable; then compacts when the log has grown past its bound.
    pub fn sync(&mut self, engine: &Engine) {
        if !self.dirty {
            return;
        }
        if let Err(e) = self.log.sync_data() {
            die(&format!("cannot sync {}/log: {e}", self.dir.display()));
        }
        self.dirty = false;
        self.traced();
        // Once the log is larger than the bound and than the last snapshot: writing snapshots
        // then costs at most about as many bytes as the log takes in, however big the state.
        if self.log_bytes >= self.compact_at.max(self.snapshot_bytes) {
            self.compact(engine);
        }
    }

    /// Writes the engine to `snapshot.json` and empties the log.
    pub fn compact(&mut self, engine: &Engine) {
        if let Err(e) = self.try_compact(engine) {
            die(&format!("cannot compact {}: {e}", self.dir.display()));
        }
    }

    fn try_compact(&mut self, engine: &Engine) -> std::io::Result<()> {
        let tmp = self.dir.join("snapshot.json.tmp");
        let mut file = File::create(&tmp)?;
        let head = serde_json::to_string(&SnapshotHead { format: FORMAT.into(), seq: self.seq }).unwrap_or_default();
        let doc = engine.snapshot();
        file.write_all(head.as_bytes())?;
        file.write_all(b"\n")?;
        file.write_all(doc.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, self.dir.join("snapshot.json"))?;
        File::open(&self.dir)?.sync_all()?;
        self.log.set_len(0)?;
        self.log.sync_all()?;
        self.log_bytes = 0;
        self.snapshot_bytes = (head.len() + 1 + doc.len()) as u64;
        self.traced();
        Ok(())
    }

    /// Notes the log's durable length in the trace (see [`sync_trace`]).
    fn traced(&mut self) {
        if let Some(trace) = &mut self.trace {
            let _ = writeln!(trace, "{}", self.log_bytes);
        }
    }
}

/// A failed write or sync of the data directory: what is on disk is consistent up to the last
/// sync, and nothing after it was acknowledged, so the process stops rather than answer.
fn die(message: &str) -> ! {
    eprintln!("timestream-local: --data-dir: {message}; stopping (nothing unsynced was acknowledged)");
    std::process::exit(1)
}

/// What running an entry gave.
pub enum Outcome {
    Wire(WireResponse),
    Step(StepReport),
    Applied,
}

/// Runs an entry on the engine at its recorded time and id state: the same code live and in
/// replay. The clock is frozen at `head.now` for the entry (every reading of it gives the time
/// that was logged) and given back to the system afterwards.
fn apply(engine: &mut Engine, head: &Head, blobs: Vec<&[u8]>) -> Outcome {
    let system = engine.clock().mode;
    engine.clock_mut().set(head.now);
    let _ = engine.set_id_state(&head.ids);
    let outcome = match &head.what {
        What::Request { region, target, .. } => {
            let ctx = RequestContext { region: Some(region.clone()) };
            Outcome::Wire(guarded(engine, |e| e.handle_with(&ctx, target, blobs.first().copied().unwrap_or_default())))
        }
        What::Objects { buckets, put, deleted } => {
            for bucket in buckets {
                engine.create_bucket(bucket);
            }
            for ((bucket, key, _), data) in put.iter().zip(blobs) {
                engine.put_object(bucket, key, data);
            }
            for (bucket, key) in deleted {
                engine.delete_object(bucket, key);
            }
            Outcome::Applied
        }
        What::Step { rows } => Outcome::Step(engine.step_batch_load(StepBudget::rows(*rows))),
    };
    engine.clock_mut().mode = system;
    outcome
}

/// `f` on the engine; a panic becomes an InternalServerException answer.
pub fn guarded(engine: &mut Engine, f: impl FnOnce(&mut Engine) -> WireResponse) -> WireResponse {
    match std::panic::catch_unwind(AssertUnwindSafe(|| f(engine))) {
        Ok(wire) => wire,
        Err(_) => {
            let e = ApiError::new(
                ErrorKind::InternalServer,
                "The emulator failed on this request (a bug of timestream-local); the state is unchanged up to that point.",
            );
            error_wire(engine.request_id(), &e)
        }
    }
}

/// An engine error as it goes on the wire, as `Engine::handle_with` answers it.
pub fn error_wire(request_id: String, e: &ApiError) -> WireResponse {
    WireResponse { status: e.kind.status(), error_type: Some(e.kind.name()), request_id, body: serde_json::to_vec(&e.body()).unwrap_or_default() }
}

/// Entries of a log as read back (for tests and tools).
pub fn read_log(path: &Path) -> std::io::Result<Vec<Entry>> {
    Ok(log::decode_all(&std::fs::read(path)?).entries)
}
