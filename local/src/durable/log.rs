//! The log's framing: each entry is `length (u32 LE) | CRC-32 of the payload (u32 LE) | payload`,
//! and a payload is a JSON head, a newline, and the entry's byte blobs one after the other (their
//! lengths are in the head). A frame cut short or with a wrong checksum can only be the last
//! one (every entry is written whole before the next, and acknowledged only once synced): the
//! reader stops there and says where, and the caller cuts the file at that offset.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Bytes before a frame's payload.
const FRAME_HEAD: usize = 8;
/// A payload longer than this is not a real entry (request bodies are at most 8 MiB; a folder
/// scan can carry large files, hence the margin): the frame is treated as torn.
const MAX_PAYLOAD: usize = 1 << 31;

/// What an entry does, with the lengths of its blobs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum What {
    /// A request that may change state; its body is the one blob.
    Request { region: String, target: String, body: usize },
    /// The `--s3-root` folder's changes handed to the engine; the put files are the blobs.
    Objects { buckets: Vec<String>, put: Vec<(String, String, usize)>, deleted: Vec<(String, String)> },
    /// One batch-load step of `rows` rows.
    Step { rows: u64 },
}

/// The head of an entry: its sequence number, the engine's clock and id generator when it ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub seq: u64,
    pub now: i64,
    pub ids: Value,
    #[serde(flatten)]
    pub what: What,
}

/// An entry as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub head: Head,
    pub blobs: Vec<Vec<u8>>,
}

impl Head {
    fn blob_lengths(&self) -> Vec<usize> {
        match &self.what {
            What::Request { body, .. } => vec![*body],
            What::Objects { put, .. } => put.iter().map(|(_, _, n)| *n).collect(),
            What::Step { .. } => Vec::new(),
        }
    }
}

/// One entry as a frame, ready to append.
pub fn encode(head: &Head, blobs: &[&[u8]]) -> Vec<u8> {
    let json = serde_json::to_vec(head).expect("a log head is always serializable");
    let len = json.len() + 1 + blobs.iter().map(|b| b.len()).sum::<usize>();
    let mut frame = Vec::with_capacity(FRAME_HEAD + len);
    frame.extend_from_slice(&(len as u32).to_le_bytes());
    frame.extend_from_slice(&[0; 4]);
    frame.extend_from_slice(&json);
    frame.push(b'\n');
    for b in blobs {
        frame.extend_from_slice(b);
    }
    let crc = crc32fast::hash(&frame[FRAME_HEAD..]);
    frame[4..8].copy_from_slice(&crc.to_le_bytes());
    frame
}

/// Where the readable part of a log ends, and why it ends there if not at the end of the file.
#[derive(Debug, PartialEq)]
pub struct Read {
    pub entries: Vec<Entry>,
    /// Length of the whole frames.
    pub valid: usize,
    /// Why the bytes after `valid` were not read (None when there are none).
    pub torn: Option<String>,
}

/// Reads every whole frame of `bytes`.
pub fn decode_all(bytes: &[u8]) -> Read {
    let mut entries = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match decode_one(&bytes[at..]) {
            Ok((entry, used)) => {
                entries.push(entry);
                at += used;
            }
            Err(why) => return Read { entries, valid: at, torn: Some(why) },
        }
    }
    Read { entries, valid: at, torn: None }
}

fn decode_one(bytes: &[u8]) -> Result<(Entry, usize), String> {
    if bytes.len() < FRAME_HEAD {
        return Err(format!("{} bytes, shorter than a frame header", bytes.len()));
    }
    let len = u32::from_le_bytes(bytes[0..4].try_into().expect("4 bytes")) as usize;
    let crc = u32::from_le_bytes(bytes[4..8].try_into().expect("4 bytes"));
    if len > MAX_PAYLOAD || bytes.len() - FRAME_HEAD < len {
        return Err(format!("a frame of {len} bytes with {} bytes left", bytes.len() - FRAME_HEAD));
    }
    let payload = &bytes[FRAME_HEAD..FRAME_HEAD + len];
    if crc32fast::hash(payload) != crc {
        return Err("a frame whose checksum does not match".into());
    }
    let newline = payload.iter().position(|&b| b == b'\n').ok_or("a frame without a head")?;
    let head: Head = serde_json::from_slice(&payload[..newline]).map_err(|e| format!("a frame with an unreadable head: {e}"))?;
    let mut rest = &payload[newline + 1..];
    let mut blobs = Vec::new();
    for n in head.blob_lengths() {
        if rest.len() < n {
            return Err("a frame whose blobs are shorter than its head says".into());
        }
        blobs.push(rest[..n].to_vec());
        rest = &rest[n..];
    }
    if !rest.is_empty() {
        return Err("a frame with bytes after its blobs".into());
    }
    Ok((Entry { head, blobs }, FRAME_HEAD + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(seq: u64, body: &[u8]) -> Vec<u8> {
        let what = What::Request { region: "us-east-1".into(), target: "Timestream_20181101.CreateDatabase".into(), body: body.len() };
        encode(&Head { seq, now: 7, ids: serde_json::json!({"state": 1}), what }, &[body])
    }

    #[test]
    fn frames_round_trip_and_a_torn_tail_is_found_at_every_cut() {
        let mut log = request(1, br#"{"DatabaseName":"a"}"#);
        let first = log.len();
        log.extend(request(2, b"{}\n\x00binary"));
        let read = decode_all(&log);
        assert_eq!((read.entries.len(), read.valid, read.torn), (2, log.len(), None));
        assert_eq!(read.entries[1].blobs, vec![b"{}\n\x00binary".to_vec()]);
        assert_eq!(read.entries[0].head.seq, 1);
        // Cut anywhere inside the second frame: the first stays, the rest is torn.
        for cut in first + 1..log.len() {
            let read = decode_all(&log[..cut]);
            assert_eq!((read.entries.len(), read.valid), (1, first), "cut at {cut}");
            assert!(read.torn.is_some());
        }
        // A flipped byte in the payload is caught by the checksum.
        let mut bad = log.clone();
        bad[first + 12] ^= 0x20;
        let read = decode_all(&bad);
        assert_eq!((read.entries.len(), read.valid), (1, first));
        assert!(read.torn.unwrap().contains("checksum"));
    }
}
