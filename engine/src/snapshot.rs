//! The whole engine as a versioned JSON document and back, losslessly: resources, records and
//! their histories, S3 objects, batch tasks, the clock and the id generator. Used for autosave,
//! export/import and share links.

use serde::Serialize;

use crate::clock::ClockMode;
use crate::ids::Ids;
use crate::state::State;
use crate::{Config, Engine};

/// Bumped when the document changes shape; older documents are refused with a clear message.
pub const SNAPSHOT_VERSION: u32 = 1;
/// Identifies documents of this project (a foreign JSON file is refused, not half-loaded).
pub const SNAPSHOT_KIND: &str = "timestream-playground/snapshot";

/// What `restore` reads (`kind` and `version` are checked first).
#[derive(Default)]
struct Document {
    config: Config,
    clock: ClockMode,
    ids: Ids,
    state: State,
}

crate::value_de::lean_reader!(Document, Camel; config, clock, ids, state);

/// `Document` as written: the same members, borrowed.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DocumentRef<'a> {
    kind: &'a str,
    version: u32,
    config: &'a Config,
    clock: &'a ClockMode,
    ids: &'a Ids,
    state: &'a State,
}

impl Engine {
    /// The engine as a snapshot document.
    pub fn snapshot(&self) -> String {
        self.snapshot_within(usize::MAX).unwrap_or_default()
    }

    /// The snapshot document if it is at most `max_bytes` long; the writing stops as soon as it
    /// would be longer (autosave: a state too big to keep is not written out in full for nothing).
    pub fn snapshot_within(&self, max_bytes: usize) -> Option<String> {
        // Borrowed, not cloned: a big state is written out without a copy (and the wasm needs no
        // Clone of every state type for it).
        let doc =
            DocumentRef { kind: SNAPSHOT_KIND, version: SNAPSHOT_VERSION, config: &self.config, clock: &self.clock.mode, ids: &self.ids, state: &self.state };
        let mut out = Bounded(Vec::new(), max_bytes);
        serde_json::to_writer(&mut out, &doc).ok()?;
        String::from_utf8(out.0).ok()
    }
}

/// `value` as compact JSON text, through the one JSON writer snapshots use (the wasm then holds
/// one writer per type for snapshots and the playground's messages alike).
// Out of line in wasm, for gzip (engine/src/value_de.rs).
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, String> {
    let mut out = Bounded(Vec::new(), usize::MAX);
    serde_json::to_writer(&mut out, value).map_err(|e| e.to_string())?;
    Ok(out.0)
}

/// `value` as compact JSON text, by [`json_bytes`]: `Value`'s `to_string` and `serde_json::to_vec`
/// would each bring a writer of their own into the wasm (docs/benchmarks.md, "One instance each").
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> String {
    json_bytes(value).ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
}

/// `value` as JSON text laid out over lines (two-space indents), as `{:#}` writes a `Value`, by
/// the one pretty writer the wasm holds (`serde_json::to_vec_pretty`).
pub fn json_pretty(value: &serde_json::Value) -> String {
    serde_json::to_vec_pretty(value).ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
}

/// `value` as a JSON value, written by [`json_bytes`] and read back, so that the wasm needs no
/// second writer of its type (`serde_json::to_value`). For types without floats: a float would
/// be read back by serde_json's parser, which may differ from the number in its last bit.
pub fn json_value<T: Serialize + ?Sized>(value: &T) -> serde_json::Value {
    json_bytes(value).ok().and_then(|text| serde_json::from_slice(&text).ok()).unwrap_or_default()
}

/// A writer that refuses to grow past its bound.
struct Bounded(Vec<u8>, usize);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > self.1 {
            return Err(std::io::Error::other("over the bound"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Engine {
    /// Replaces this engine's state with a snapshot's. On any error the engine is unchanged.
    /// The time source (how a system clock reads time) is kept from this engine.
    pub fn restore(&mut self, text: &str) -> Result<(), String> {
        // Through `Value` (parsed from bytes, like request bodies): the wasm then shares the
        // request types' Deserialize for the Value deserializer (7 KB less gzipped than
        // from_str::<Document>), and the kind and version are read from it (a reader of their
        // own over the text was another 1 KB).
        let value: serde_json::Value = serde_json::from_slice(text.as_bytes()).map_err(|e| format!("not a snapshot document: {e}"))?;
        if value.get("kind").and_then(serde_json::Value::as_str) != Some(SNAPSHOT_KIND) {
            return Err(format!("not a snapshot document: expected \"kind\": \"{SNAPSHOT_KIND}\""));
        }
        match value.get("version") {
            Some(v) if v.as_u64() == Some(SNAPSHOT_VERSION.into()) => {}
            Some(v) => return Err(format!("unsupported snapshot version {} (this build reads version {SNAPSHOT_VERSION})", crate::json_text(v))),
            None => return Err("the snapshot has no version".into()),
        }
        let doc: Document = crate::from_value(value).map_err(|e| format!("invalid snapshot: {e}"))?;
        self.config = doc.config;
        self.clock.mode = doc.clock;
        self.ids = doc.ids;
        self.state = doc.state;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_and_future_documents_are_refused_without_change() {
        let mut e = Engine::deterministic(0, 1);
        e.handle("Timestream_20181101.CreateDatabase", br#"{"DatabaseName":"keep"}"#);
        let before = e.snapshot();
        assert!(e.restore("{}").unwrap_err().contains("not a snapshot"));
        assert!(e.restore("[1,2]").is_err());
        let future = before.replace("\"version\":1", "\"version\":99");
        assert!(e.restore(&future).unwrap_err().contains("unsupported snapshot version 99"));
        assert_eq!(e.snapshot(), before);
    }
}
