//! The client timeout, with `--client-timeout 1`: a client that stops half way through its
//! request head, or sends it a byte at a time, is disconnected after the timeout; a body that
//! stops half way, or comes a byte at a time, is answered 408 after the timeout and changes
//! nothing; other clients are served meanwhile.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{agent, call, create_table, now_ms, record, stored_versions, Proc};
use serde_json::json;

const DB: &str = "timeouts";
const TABLE: &str = "stalls";
/// What the test clients wait for an answer before they call the connection still open.
const PATIENCE: Duration = Duration::from_secs(10);

fn start() -> Proc {
    Proc::start(&["--client-timeout", "1"], &[])
}

fn connect(server: &Proc) -> TcpStream {
    let s = TcpStream::connect(server.url.trim_start_matches("http://").trim_end_matches('/')).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    s
}

/// What the server did with a connection: what it sent before it closed it, and when (from
/// `since`); `None` when it still held it open after [`PATIENCE`].
fn until_closed(mut s: TcpStream, since: Instant) -> Option<(String, Duration)> {
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Some((String::from_utf8_lossy(&answer).into_owned(), since.elapsed())),
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Some((String::from_utf8_lossy(&answer).into_owned(), since.elapsed())),
            Err(_) => return None,
        }
    }
}

/// Runs `fault` on its own thread while this one calls ListDatabases every 50 ms on a fresh
/// keep-alive connection; the fault's result and how many calls were answered 200 (all must be).
fn served_while<T: Send + 'static>(server: &Proc, fault: impl FnOnce() -> T + Send + 'static) -> (T, usize) {
    let fault = std::thread::spawn(fault);
    let agent = agent();
    let mut served = 0;
    while !fault.is_finished() {
        let start = Instant::now();
        let answer = call(&agent, &server.url, "ListDatabases", &json!({}));
        assert!(matches!(answer, Ok((200, _))), "another client was not served: {answer:?}");
        assert!(start.elapsed() < Duration::from_millis(500), "another client waited {:?}", start.elapsed());
        served += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
    (fault.join().unwrap(), served)
}

/// Sends `bytes` one at a time, `gap` apart, until the server closes the connection; what it
/// sent and when it closed, from the first byte.
fn trickle(s: TcpStream, bytes: Vec<u8>, gap: Duration) -> Option<(String, Duration)> {
    let since = Instant::now();
    let mut writer = s.try_clone().unwrap();
    let reader = std::thread::spawn(move || until_closed(s, since));
    for b in bytes {
        if reader.is_finished() || writer.write_all(&[b]).is_err() {
            break;
        }
        std::thread::sleep(gap);
    }
    reader.join().unwrap()
}

/// The request head and body of a WriteRecords of one record of `series`.
fn request(series: &str, time: i64) -> (Vec<u8>, Vec<u8>) {
    let body = json!({"DatabaseName": DB, "TableName": TABLE, "Records": [record(series, time, 2, 1)]}).to_string().into_bytes();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: Timestream_20181101.WriteRecords\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    (head.into_bytes(), body)
}

fn assert_after_timeout(case: &str, closed: Option<(String, Duration)>) -> String {
    let (answer, after) = closed.unwrap_or_else(|| panic!("{case}: the connection was still open after {PATIENCE:?}"));
    println!("{case}: closed after {} ms, answer {:?}", after.as_millis(), answer.lines().next().unwrap_or(""));
    assert!(after >= Duration::from_millis(900) && after < Duration::from_secs(3), "{case}: closed after {after:?}, not about 1 s");
    answer
}

#[test]
fn a_head_that_stops_or_trickles_is_closed_and_others_are_served() {
    let server = start();
    // Half a header line, then nothing.
    let mut s = connect(&server);
    s.write_all(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar").unwrap();
    let since = Instant::now();
    let (closed, served) = served_while(&server, move || until_closed(s, since));
    let answer = assert_after_timeout("head stopped half way", closed);
    assert!(answer.is_empty(), "a stalled head got an answer: {answer}");
    assert!(served >= 5, "only {served} other calls while the head stalled");
    // A byte every 200 ms: the timeout is for the whole head, not between bytes.
    let s = connect(&server);
    let (head, _) = request("trickle-head", now_ms());
    let (closed, served) = served_while(&server, move || trickle(s, head, Duration::from_millis(200)));
    let answer = assert_after_timeout("head a byte every 200 ms", closed);
    assert!(answer.is_empty(), "a trickled head got an answer: {answer}");
    assert!(served >= 5, "only {served} other calls while the head trickled");
}

#[test]
fn a_body_that_stops_or_trickles_is_answered_408_and_changes_nothing() {
    let server = start();
    create_table(&agent(), &server.url, DB, TABLE);
    let time = now_ms() - 1000;
    // The head and half the body, then nothing.
    let (head, body) = request("half-body", time);
    let mut s = connect(&server);
    s.write_all(&head).unwrap();
    s.write_all(&body[..body.len() / 2]).unwrap();
    let since = Instant::now();
    let (closed, served) = served_while(&server, move || until_closed(s, since));
    let answers = vec![assert_after_timeout("body stopped half way", closed)];
    assert!(served >= 5, "only {served} other calls while the body stalled");
    // The head at once, then the body a byte every 200 ms.
    let (head, body) = request("trickle-body", time);
    let mut s = connect(&server);
    s.write_all(&head).unwrap();
    let (closed, served) = served_while(&server, move || trickle(s, body, Duration::from_millis(200)));
    let answers = [answers, vec![assert_after_timeout("body a byte every 200 ms", closed)]].concat();
    assert!(served >= 5, "only {served} other calls while the body trickled");
    for answer in &answers {
        assert!(answer.starts_with("HTTP/1.1 408 "), "not a 408: {answer}");
        assert!(answer.to_ascii_lowercase().contains("connection: close\r\n"), "408 without Connection: close: {answer}");
        assert!(answer.contains("x-amzn-errortype: RequestTimeoutException"), "{answer}");
        assert!(answer.contains(r#""__type":"com.amazon.coral.service#RequestTimeoutException""#), "{answer}");
    }
    let keys = [("half-body".to_string(), time), ("trickle-body".to_string(), time)];
    let stored = stored_versions(&agent(), &server.url, DB, TABLE, &keys);
    assert_eq!(stored, [None, None], "a timed-out request changed state");
}

#[test]
fn client_timeout_must_be_positive() {
    for bad in ["0", "-1", "x", "1e9"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_timestream-local"))
            .args(["serve", "--port", "0", &format!("--client-timeout={bad}")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--client-timeout {bad}: {out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--client-timeout"), "--client-timeout {bad}: {out:?}");
    }
}
