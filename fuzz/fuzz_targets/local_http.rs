//! timestream-local's HTTP/1.1 handling from the bytes up: the input is what a client sends on
//! one connection (request heads, chunked or sized bodies, several requests pipelined, cut off
//! anywhere), served by the connection the accept loop makes (`listen::connection_builder`:
//! hyper's parser with the header-read timeout, `TowerToHyperService` over the router) on an
//! in-memory stream whose client side then closes (one `App`, router and runtime per process,
//! the engine set back before each input, as in `local_request`). The server must end the connection without
//! a panic and within seconds, and what it wrote must be HTTP/1.1 responses, each with a status
//! the service or an HTTP server gives (never 500), `x-amzn-requestid` on the API's answers.
#![no_main]

use std::time::Duration;

use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use libfuzzer_sys::fuzz_target;
use timestream_local::listen::connection_builder;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The responses in `out`: (status, whether it carries `x-amzn-requestid`). Each head is
/// parsed; a body of `content-length` bytes is skipped when a response follows it or the output
/// ends with it (a HEAD's answer declares a length and sends no body).
fn responses(out: &[u8], what: &dyn std::fmt::Debug) -> Vec<(u16, bool)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < out.len() {
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut r = httparse::Response::new(&mut headers);
        let head = match r.parse(&out[at..]) {
            Ok(httparse::Status::Complete(n)) => n,
            other => panic!("not an HTTP/1.1 response at byte {at} ({other:?}) in {:?} for {what:?}", String::from_utf8_lossy(out)),
        };
        // HTTP/1.1, or 1.0 to a client that spoke 1.0.
        assert!(matches!(r.version, Some(0 | 1)), "HTTP version {:?} for {what:?}", r.version);
        let status = r.code.expect("a status");
        let header = |name: &str| r.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value);
        let length: usize = header("content-length").and_then(|v| std::str::from_utf8(v).ok()?.trim().parse().ok()).unwrap_or(0);
        found.push((status, header("x-amzn-requestid").is_some_and(|v| !v.is_empty())));
        at += head;
        let after = at + length;
        if after == out.len() || out.get(after..).is_some_and(|rest| rest.starts_with(b"HTTP/1.")) {
            at = after;
        }
    }
    found
}

fuzz_target!(|data: &[u8]| {
    let what = String::from_utf8_lossy(data);
    timestream_fuzz::runtime().block_on(async {
        let router = timestream_fuzz::local_router().await;
        let (mut client, server) = tokio::io::duplex(1 << 16);
        let service = TowerToHyperService::new(router.clone());
        let connection = connection_builder(Duration::from_secs(5)).serve_connection(TokioIo::new(server), service);
        let talk = async move {
            // Written in pieces while the server reads and answers (the stream's buffer is
            // bounded), then closed; the answers are read to the end.
            let mut out = Vec::new();
            let (mut rx, mut tx) = tokio::io::split(&mut client);
            let send = async {
                let _ = tx.write_all(data).await;
                let _ = tx.shutdown().await;
            };
            let receive = rx.read_to_end(&mut out);
            let ((), _) = tokio::join!(send, receive);
            out
        };
        let (result, out) = tokio::time::timeout(Duration::from_secs(10), async { tokio::join!(connection, talk) })
            .await
            .unwrap_or_else(|_| panic!("the connection did not end within 10 s for {what:?}"));
        // An error ends a connection a client broke (a bad head, a body cut short): not a failure.
        let _ = result;
        for (status, request_id) in responses(&out, &what) {
            assert!(matches!(status, 100 | 200 | 400 | 402 | 404 | 405 | 408 | 409 | 413 | 419 | 431 | 505), "status {status} for {what:?}");
            if matches!(status, 402 | 404 | 409 | 419) {
                assert!(request_id, "an API answer {status} without x-amzn-requestid for {what:?}");
            }
        }
    });
});
