//! `--s3-root DIR`: a folder stands in for S3 for batch load. Bucket = first-level folder, key =
//! the path below it (with `/`).
//!
//! The folder is read here, never on the engine thread: [`LocalS3::scan`] reads the files that
//! are new or changed since the last scan (size or modification time) and returns them as
//! [`Changes`], which a job then applies to the engine's object store. The folder's state (what
//! the engine has been given, `seen`) belongs to the folder, so two servers in one process keep
//! their own. Error reports the engine writes go back into the folder ([`LocalS3::write_back`]).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use timestream_engine::Engine;

/// Size and modification time of a file when its contents were handed to the engine.
type Stamp = (u64, SystemTime);

/// The folder that stands in for S3: object `s3://<bucket>/<key>` is the file
/// `<root>/<bucket>/<key>`.
#[derive(Debug)]
pub struct LocalS3 {
    pub root: PathBuf,
    /// Every file whose contents the engine has, keyed by `(bucket, key)`. Held while a scan's
    /// changes are queued for the engine and while reports are written, so that changes reach
    /// the engine in the order the folder had them.
    seen: Mutex<HashMap<(String, String), Stamp>>,
}

/// What the engine must learn about the folder since the last scan.
#[derive(Debug, Default)]
pub struct Changes {
    /// Every first-level folder (created in the store when missing).
    pub buckets: Vec<String>,
    /// New or changed files: bucket, key, contents.
    pub put: Vec<(String, String, Vec<u8>)>,
    /// Files that are gone.
    pub deleted: Vec<(String, String)>,
}

impl Changes {
    /// Brings the engine's object store up to the scanned folder (runs on the engine thread).
    pub fn apply(self, engine: &mut Engine) {
        for bucket in &self.buckets {
            engine.create_bucket(bucket);
        }
        for (bucket, key, data) in self.put {
            engine.put_object(&bucket, &key, data);
        }
        for (bucket, key) in &self.deleted {
            engine.delete_object(bucket, key);
        }
    }
}

impl LocalS3 {
    /// Checks that `root` is an existing directory and keeps its absolute path.
    pub fn open(root: PathBuf) -> Result<LocalS3, String> {
        match std::fs::metadata(&root) {
            Ok(m) if m.is_dir() => Ok(LocalS3 { root: std::fs::canonicalize(&root).unwrap_or(root), seen: Mutex::default() }),
            Ok(_) => Err(format!("--s3-root {}: not a directory", root.display())),
            Err(e) => Err(format!("--s3-root {}: {e}", root.display())),
        }
    }

    fn seen(&self) -> MutexGuard<'_, HashMap<(String, String), Stamp>> {
        // A poisoned lock only means a scan panicked; the map is still a valid record.
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Scans the folder and hands the changes to `queue` (which sends them to the engine thread)
    /// while no other scan can run, so changes are queued in the order they were read.
    pub fn scan<T>(&self, queue: impl FnOnce(Changes) -> T) -> T {
        let mut seen = self.seen();
        let changes = scan(&self.root, &mut seen);
        queue(changes)
    }

    /// Writes the engine's error reports (bucket, key, contents) into the folder; a later scan
    /// does not read them back.
    pub fn write_back(&self, reports: &[(String, String, Vec<u8>)]) {
        let mut seen = self.seen();
        for (bucket, key, data) in reports {
            let Some(path) = path_of(&self.root, bucket, key) else { continue };
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if std::fs::write(&path, data).is_ok() {
                if let Some(stamp) = stamp_of(&path) {
                    seen.insert((bucket.clone(), key.clone()), stamp);
                }
            }
        }
    }
}

fn stamp_of(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().unwrap_or(SystemTime::UNIX_EPOCH)))
}

/// Reads what changed under `root` since `seen` and updates `seen` to the folder as it is now.
fn scan(root: &Path, seen: &mut HashMap<(String, String), Stamp>) -> Changes {
    let mut changes = Changes::default();
    let Ok(buckets) = std::fs::read_dir(root) else { return changes };
    let mut present = std::collections::HashSet::new();
    for bucket in buckets.flatten() {
        if !bucket.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let name = bucket.file_name().to_string_lossy().into_owned();
        let mut files = Vec::new();
        walk(&bucket.path(), &mut files);
        for file in files {
            let Ok(rel) = file.strip_prefix(bucket.path()) else { continue };
            let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let id = (name.clone(), key);
            let Some(stamp) = stamp_of(&file) else { continue };
            if seen.get(&id) != Some(&stamp) {
                let Ok(data) = std::fs::read(&file) else { continue };
                seen.insert(id.clone(), stamp);
                changes.put.push((id.0.clone(), id.1.clone(), data));
            }
            present.insert(id);
        }
        changes.buckets.push(name);
    }
    seen.retain(|id, _| {
        let keep = present.contains(id);
        if !keep {
            changes.deleted.push(id.clone());
        }
        keep
    });
    changes
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

    /// A fresh folder under the system temp dir.
    fn folder(name: &str) -> LocalS3 {
        let root = std::env::temp_dir().join(format!("timestream-local-s3dir-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("b/in")).unwrap();
        LocalS3::open(root).unwrap()
    }

    fn names(c: &Changes) -> (Vec<String>, Vec<String>) {
        (c.put.iter().map(|(b, k, _)| format!("{b}/{k}")).collect(), c.deleted.iter().map(|(b, k)| format!("{b}/{k}")).collect())
    }

    #[test]
    fn a_scan_hands_over_only_what_changed_and_what_is_gone() {
        let s3 = folder("changes");
        std::fs::write(s3.root.join("b/in/a.csv"), "x\n1\n").unwrap();
        std::fs::write(s3.root.join("b/top.csv"), "x\n").unwrap();
        let mut engine = Engine::default();
        let first = s3.scan(|c| c);
        let (mut put, deleted) = names(&first);
        put.sort();
        assert_eq!((put, deleted), (vec!["b/in/a.csv".to_string(), "b/top.csv".to_string()], vec![]));
        first.apply(&mut engine);
        assert_eq!(engine.get_object("b", "in/a.csv"), Some(&b"x\n1\n"[..]));
        // Nothing changed: nothing is read again.
        assert_eq!(names(&s3.scan(|c| c)), (vec![], vec![]));
        // A changed file is read again (its size differs), a removed one is deleted.
        std::fs::write(s3.root.join("b/in/a.csv"), "x\n1\n2\n").unwrap();
        std::fs::remove_file(s3.root.join("b/top.csv")).unwrap();
        let next = s3.scan(|c| c);
        assert_eq!(names(&next), (vec!["b/in/a.csv".to_string()], vec!["b/top.csv".to_string()]));
        next.apply(&mut engine);
        assert_eq!(engine.get_object("b", "in/a.csv"), Some(&b"x\n1\n2\n"[..]));
        assert_eq!(engine.get_object("b", "top.csv"), None);
        // A report written back is not read back as a change.
        s3.write_back(&[("r".into(), "t/error-report.json".into(), b"{}".to_vec())]);
        assert_eq!(std::fs::read(s3.root.join("r/t/error-report.json")).unwrap(), b"{}");
        assert_eq!(names(&s3.scan(|c| c)), (vec![], vec![]));
        let _ = std::fs::remove_dir_all(&s3.root);
    }

    #[test]
    fn each_folder_keeps_its_own_record() {
        // Two servers on the same folder (the old record was process-global): each one's engine
        // gets every file.
        let a = folder("own");
        std::fs::write(a.root.join("b/f.csv"), "x\n").unwrap();
        let b = LocalS3::open(a.root.clone()).unwrap();
        assert_eq!(names(&a.scan(|c| c)).0, vec!["b/f.csv".to_string()]);
        assert_eq!(names(&b.scan(|c| c)).0, vec!["b/f.csv".to_string()]);
        let _ = std::fs::remove_dir_all(&a.root);
    }
}
