//! Load and faults on loopback: `LOAD_CONNECTIONS` (64) keep-alive connections of mixed
//! operations for `LOAD_SECONDS` (5 here; `cargo xtask load` runs 60) against the release
//! binary, while faulty clients send a request a byte a second, oversized headers, a body that
//! stops half way, a connection dropped mid-request and a body over the limit. Afterwards: no
//! unexpected error, every acknowledged record there with its version (exact counts), none of
//! the faulty clients' records, the slowest answer under load, and the server's resident memory.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{agent, call, create_table, now_ms, record, stored_versions, Proc};
use serde_json::json;

const DB: &str = "load";
const TABLE: &str = "mixed";
const PER_REQUEST: i64 = 10;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What one connection did.
#[derive(Default)]
struct Tally {
    requests: u64,
    unexpected: Vec<String>,
    /// Records written (times `base..base + next`), all acknowledged at version 2, except the
    /// batches starting at an `upserted` time (version 3).
    next: i64,
    upserted: Vec<i64>,
    slowest: Duration,
}

fn connection(url: String, series: String, base: i64, stop: Arc<AtomicBool>) -> Tally {
    let agent = agent();
    let mut t = Tally::default();
    let write = |records: Vec<serde_json::Value>| call(&agent, &url, "WriteRecords", &json!({"DatabaseName": DB, "TableName": TABLE, "Records": records}));
    while !stop.load(Ordering::Relaxed) {
        let start = Instant::now();
        let kind = t.requests % 10;
        let answer = match kind {
            // A batch of new records.
            0..=5 => write((t.next..t.next + PER_REQUEST).map(|i| record(&series, base + i, 2, i)).collect()),
            // The last batch upserted to version 3.
            6 if t.next >= PER_REQUEST && t.upserted.last() != Some(&(t.next - PER_REQUEST)) => {
                write((t.next - PER_REQUEST..t.next).map(|i| record(&series, base + i, 3, -i)).collect())
            }
            // A stale write: refused with RecordIndex 0 and ExistingVersion.
            7 if t.next > 0 => write(vec![record(&series, base + t.next - 1, 1, 7)]),
            8 => call(&agent, &url, "DescribeTable", &json!({"DatabaseName": DB, "TableName": TABLE})),
            _ => call(&agent, &url, "ListTables", &json!({"DatabaseName": DB, "MaxResults": 5})),
        };
        t.slowest = t.slowest.max(start.elapsed());
        t.requests += 1;
        match (kind, answer) {
            (0..=5, Ok((200, _))) => t.next += PER_REQUEST,
            (6, Ok((200, _))) if t.next >= PER_REQUEST && t.upserted.last() != Some(&(t.next - PER_REQUEST)) => t.upserted.push(t.next - PER_REQUEST),
            (7, Ok((419, b))) if t.next > 0 && b["RejectedRecords"][0]["RecordIndex"] == 0 && b["RejectedRecords"][0]["ExistingVersion"].is_i64() => {}
            (_, Ok((200, _))) if kind >= 6 => {}
            (_, other) => t.unexpected.push(format!("{kind}: {other:?}")),
        }
    }
    t
}

/// A request whose body is one record of `series` at `time`, as raw HTTP; the declared length
/// is the body's unless `declared` says otherwise.
fn raw_request(series: &str, time: i64, extra_header: &str, declared: Option<usize>) -> (String, Vec<u8>) {
    let body = json!({"DatabaseName": DB, "TableName": TABLE, "Records": [record(series, time, 2, 1)]}).to_string().into_bytes();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: Timestream_20181101.WriteRecords\r\nContent-Type: application/x-amz-json-1.0\r\n{extra_header}Content-Length: {}\r\n\r\n",
        declared.unwrap_or(body.len())
    );
    (head, body)
}

/// A fault case: its name, what the server did, and the record its request carried (which must
/// never be stored).
type Fault = (&'static str, String, (String, i64));

/// The faulty clients, one after the other (a byte a second for at most `seconds`).
fn faults(addr: &str, seconds: u64, time: i64) -> Vec<Fault> {
    let mut tried = Vec::new();
    let connect = || {
        let s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s
    };
    let key = |series: &str| (series.to_string(), time);
    // A byte a second, then the client gives up.
    let (head, body) = raw_request("fault-slow", time, "", None);
    let mut s = connect();
    let whole = [head.as_bytes(), &body].concat();
    for b in whole.iter().take(seconds.clamp(2, 10) as usize) {
        if s.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    drop(s);
    tried.push(("slow client, a byte a second", "the others went on; given up".to_string(), key("fault-slow")));
    // Oversized headers (1 MiB in one header).
    let (head, body) = raw_request("fault-headers", time, &format!("X-Padding: {}\r\n", "a".repeat(1 << 20)), None);
    let mut s = connect();
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(&body);
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let status = |answer: &[u8]| String::from_utf8_lossy(answer).lines().next().unwrap_or("closed without an answer").to_string();
    tried.push(("1 MiB header", status(&answer), key("fault-headers")));
    // A body that stops half way, held open for 2 s, then closed.
    let (head, body) = raw_request("fault-half", time, "", None);
    let mut s = connect();
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(&body[..body.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_secs(2));
    drop(s);
    tried.push(("body stops half way (held 2 s)", "no answer; closed by the client".to_string(), key("fault-half")));
    // Dropped mid-request: the headers and a few bytes, then closed both ways.
    let (head, body) = raw_request("fault-drop", time, "", None);
    let mut s = connect();
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(&body[..10]).unwrap();
    let _ = s.shutdown(std::net::Shutdown::Both);
    tried.push(("connection dropped mid-request", "dropped".to_string(), key("fault-drop")));
    // A body declared over the limit, with the first bytes sent.
    let (head, body) = raw_request("fault-large", time, "", Some(99_999_999));
    let mut s = connect();
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(&body);
    let mut answer = [0u8; 64];
    let n = s.read(&mut answer).unwrap_or(0);
    tried.push(("body declared over 8 MiB", status(&answer[..n]), key("fault-large")));
    tried
}

#[test]
fn mixed_load_with_faults() {
    let seconds = env_or("LOAD_SECONDS", 5);
    let connections = env_or("LOAD_CONNECTIONS", 64) as usize;
    let server = Proc::start(&[], &[]);
    create_table(&agent(), &server.url, DB, TABLE);
    let base = now_ms() - 3_600_000;
    let stop = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..connections)
        .map(|c| {
            let (url, stop) = (server.url.clone(), stop.clone());
            std::thread::spawn(move || connection(url, format!("conn{c}"), base, stop))
        })
        .collect();
    let addr = server.url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let started = Instant::now();
    let tried = faults(&addr, seconds, now_ms() - 1000);
    if let Some(left) = Duration::from_secs(seconds).checked_sub(started.elapsed()) {
        std::thread::sleep(left);
    }
    stop.store(true, Ordering::Relaxed);
    let tallies: Vec<Tally> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let held = started.elapsed();
    let (rss, hwm) = server.rss_kib();
    let requests: u64 = tallies.iter().map(|t| t.requests).sum();
    let unexpected: Vec<&String> = tallies.iter().flat_map(|t| &t.unexpected).collect();
    let slowest = tallies.iter().map(|t| t.slowest).max().unwrap_or_default();
    // Exact contents: every record of every connection with its version, nothing after.
    let agent = agent();
    let (mut records, mut wrong) = (0usize, 0usize);
    for (c, t) in tallies.iter().enumerate() {
        let series = format!("conn{c}");
        let keys: Vec<_> = (0..t.next + 20).map(|i| (series.clone(), base + i)).collect();
        let got = stored_versions(&agent, &server.url, DB, TABLE, &keys);
        for (i, got) in got.iter().enumerate() {
            let i = i as i64;
            let want = if i >= t.next {
                None
            } else if t.upserted.contains(&(i - i % PER_REQUEST)) {
                Some(3)
            } else {
                Some(2)
            };
            records += usize::from(want.is_some());
            if *got != want {
                wrong += 1;
            }
        }
    }
    let fault_keys: Vec<_> = tried.iter().map(|(_, _, key)| key.clone()).collect();
    let fault_stored = stored_versions(&agent, &server.url, DB, TABLE, &fault_keys);
    println!(
        "load: {connections} keep-alive connections for {:.1} s: {requests} requests ({:.0}/s), {} unexpected errors, slowest answer {} ms; \
         {records} records checked exactly, {wrong} wrong; RSS {rss} KiB at the end, peak {hwm} KiB",
        held.as_secs_f64(),
        requests as f64 / held.as_secs_f64(),
        unexpected.len(),
        slowest.as_millis()
    );
    for ((case, outcome, _), stored) in tried.iter().zip(&fault_stored) {
        println!("fault: {case}: {outcome}; its record stored: {}", stored.is_some());
    }
    assert!(fault_stored.iter().all(Option::is_none), "a faulty request changed state: {fault_stored:?}");
    assert!(unexpected.is_empty(), "unexpected answers: {unexpected:?}");
    assert_eq!(wrong, 0, "records not as acknowledged");
    assert!(slowest < Duration::from_secs(5), "an answer took {slowest:?} while faulty clients were connected");
}
