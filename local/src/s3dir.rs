//! `--s3-root DIR`: a folder stands in for S3 for batch load. Bucket = first-level folder, key =
//! the path below it (with `/`). The folder is copied into the engine's object store before
//! CreateBatchLoadTask and before each batch step (only files whose size or modification time
//! changed are read again); error reports the engine writes are written back into the folder.
//! Batch tasks run in the background: a thread steps them every few milliseconds while any is
//! active.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use timestream_engine::batch::StepBudget;
use timestream_engine::Engine;

use crate::server::App;

/// Rows per background step (the engine lock is released between steps, so requests interleave).
pub const STEP_ROWS: u64 = 20_000;
/// Pause between background steps.
pub const STEP_PAUSE: Duration = Duration::from_millis(5);

type Seen = HashMap<PathBuf, (u64, SystemTime)>;

fn seen() -> &'static Mutex<Seen> {
    static SEEN: OnceLock<Mutex<Seen>> = OnceLock::new();
    SEEN.get_or_init(|| Mutex::new(HashMap::new()))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, out),
            Ok(_) => out.push(path),
            Err(_) => {}
        }
    }
}

/// Copies new or changed files of the folder into the object store; objects whose file is gone
/// are removed (buckets that are not folders are left alone).
pub fn refresh(root: &Path, engine: &mut Engine) {
    let Ok(buckets) = std::fs::read_dir(root) else { return };
    let mut seen = seen().lock().unwrap_or_else(|p| p.into_inner());
    for bucket in buckets.flatten() {
        if !bucket.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let name = bucket.file_name().to_string_lossy().into_owned();
        engine.create_bucket(&name);
        let mut files = Vec::new();
        walk(&bucket.path(), &mut files);
        let mut keys = Vec::with_capacity(files.len());
        for file in files {
            let Ok(rel) = file.strip_prefix(bucket.path()) else { continue };
            let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            keys.push(key.clone());
            let Ok(meta) = std::fs::metadata(&file) else { continue };
            let stamp = (meta.len(), meta.modified().unwrap_or(SystemTime::UNIX_EPOCH));
            let known = engine.get_object(&name, &key).is_some();
            if known && seen.get(&file) == Some(&stamp) {
                continue;
            }
            if let Ok(data) = std::fs::read(&file) {
                engine.put_object(&name, &key, data);
                seen.insert(file, stamp);
            }
        }
        for gone in engine.list_objects(&name, None).into_iter().filter(|o| !keys.contains(&o.key)) {
            engine.delete_object(&name, &gone.key);
        }
    }
}

/// The file of `s3://bucket/key`, or None when the key would leave the folder.
pub fn path_of(root: &Path, bucket: &str, key: &str) -> Option<PathBuf> {
    // The bucket must be one plain folder name: not `.`, `..`, absolute or nested.
    let mut parts = Path::new(bucket).components();
    if !matches!((parts.next(), parts.next()), (Some(Component::Normal(_)), None)) || bucket.contains(['/', '\\']) {
        return None;
    }
    let mut p = root.join(bucket);
    for part in key.split('/') {
        match Path::new(part).components().next() {
            Some(Component::Normal(_)) if Path::new(part).components().count() == 1 => p.push(part),
            _ => return None,
        }
    }
    Some(p)
}

/// Writes objects of the store back into the folder (error reports).
pub fn write_back(root: &Path, engine: &Engine, objects: &[(String, String)]) {
    for (bucket, key) in objects {
        let (Some(path), Some(data)) = (path_of(root, bucket, key), engine.get_object(bucket, key)) else { continue };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if std::fs::write(&path, data).is_ok() {
            if let Ok(meta) = std::fs::metadata(&path) {
                let stamp = (meta.len(), meta.modified().unwrap_or(SystemTime::UNIX_EPOCH));
                seen().lock().unwrap_or_else(|p| p.into_inner()).insert(path, stamp);
            }
        }
    }
}

/// Hook for the request path: refresh the folder before CreateBatchLoadTask.
pub fn before_request(app: &App, engine: &mut Engine, target: &str) {
    if let Some(s3) = &app.s3 {
        if target.trim().ends_with(".CreateBatchLoadTask") {
            refresh(&s3.root, engine);
        }
    }
}

/// Steps batch tasks in the background for the life of the process.
pub fn spawn_runner(app: Arc<App>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(STEP_PAUSE);
        let mut engine = app.engine.lock().unwrap_or_else(|p| p.into_inner());
        if !engine.has_active_batch_loads() {
            continue;
        }
        if let Some(s3) = &app.s3 {
            refresh(&s3.root, &mut engine);
        }
        let report = engine.step_batch_load(StepBudget::rows(STEP_ROWS));
        if let Some(s3) = &app.s3 {
            write_back(&s3.root, &engine, &report.reports);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_inside_the_folder() {
        let root = Path::new("/r");
        assert_eq!(path_of(root, "b", "x/y.csv"), Some(PathBuf::from("/r/b/x/y.csv")));
        assert_eq!(path_of(root, "b", "x/../../etc"), None);
        assert_eq!(path_of(root, "b", "/abs"), None);
        assert_eq!(path_of(root, "..", "k"), None);
    }
}
