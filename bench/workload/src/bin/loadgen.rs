//! Loopback load generator for the wire benchmark: N keep-alive HTTP/1.1 connections send the
//! prebuilt WriteRecords bodies (bench/workload) to one endpoint, bounded by a request count and
//! a time limit, and print one `LOADGEN {json}` line. The same program, bodies and concurrency
//! are used against timestream-local and moto_server, so only the server differs.
//!
//! `loadgen --addr 127.0.0.1:PORT [--connections 2] [--requests 2000] [--seconds 10] [--setup]`
//! Only loopback addresses are accepted.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use timestream_bench_workload as w;

/// SigV4-shaped credentials: the scope names the service `timestream` in us-east-1 (moto routes
/// on it; timestream-local reads the region). Nothing checks the signature.
const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK/20240101/us-east-1/timestream/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000";

struct Conn {
    addr: SocketAddr,
    reader: Option<BufReader<TcpStream>>,
}

impl Conn {
    fn new(addr: SocketAddr) -> Self {
        Conn { addr, reader: None }
    }

    /// One request on the kept-alive connection (reconnecting when the server closed it).
    fn call(&mut self, target: &str, body: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
        self.call_prebuilt(&request(self.addr, target, body))
    }

    /// `call` with the request already built (`request`).
    fn call_prebuilt(&mut self, req: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
        for attempt in 0..2 {
            if self.reader.is_none() {
                let s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))?;
                s.set_nodelay(true)?;
                s.set_read_timeout(Some(Duration::from_secs(30)))?;
                self.reader = Some(BufReader::with_capacity(64 * 1024, s));
            }
            match self.send(req) {
                Ok(r) => return Ok(r),
                Err(e) if attempt == 0 => {
                    self.reader = None;
                    let _ = e;
                }
                Err(e) => return Err(e),
            }
        }
        unreachable!()
    }

    /// Sends one whole prebuilt request (head and body) and reads the answer.
    fn send(&mut self, req: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
        let r = self.reader.as_mut().expect("connected");
        r.get_mut().write_all(req)?;
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "closed"));
        }
        let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut close = line.starts_with("HTTP/1.0");
        let (mut length, mut chunked) = (None, false);
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let (k, v) = (k.trim(), v.trim());
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.parse::<usize>().ok();
                } else if k.eq_ignore_ascii_case("transfer-encoding") {
                    chunked = v.to_ascii_lowercase().contains("chunked");
                } else if k.eq_ignore_ascii_case("connection") {
                    close = v.eq_ignore_ascii_case("close");
                }
            }
        }
        let mut out = Vec::new();
        if chunked {
            loop {
                line.clear();
                r.read_line(&mut line)?;
                let n = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16).unwrap_or(0);
                let mut chunk = vec![0; n + 2];
                r.read_exact(&mut chunk)?;
                out.extend_from_slice(&chunk[..n]);
                if n == 0 {
                    break;
                }
            }
        } else if let Some(n) = length {
            out.resize(n, 0);
            r.read_exact(&mut out)?;
        } else {
            r.read_to_end(&mut out)?;
            close = true;
        }
        if close {
            self.reader = None;
        }
        Ok((status, out))
    }
}

/// The bytes of one request: head and body.
fn request(addr: SocketAddr, target: &str, body: &[u8]) -> Vec<u8> {
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: {target}\r\nX-Amz-Date: 20240101T000000Z\r\nAuthorization: {AUTH}\r\nContent-Length: {}\r\nConnection: keep-alive\r\n\r\n",
        body.len()
    );
    [head.as_bytes(), body].concat()
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let addr: SocketAddr = arg(&args, "--addr").expect("--addr 127.0.0.1:PORT").parse().expect("an address");
    assert!(addr.ip().is_loopback(), "the load generator only talks to loopback addresses");
    let connections: usize = arg(&args, "--connections").map_or(2, |s| s.parse().unwrap());
    let max_requests: usize = arg(&args, "--requests").map_or(2000, |s| s.parse().unwrap());
    let seconds: f64 = arg(&args, "--seconds").map_or(10.0, |s| s.parse().unwrap());

    if args.iter().any(|a| a == "--setup") {
        let mut c = Conn::new(addr);
        for (op, body) in [("CreateDatabase", w::create_database()), ("CreateTable", w::create_table())] {
            let (status, resp) = c.call(&format!("Timestream_20181101.{op}"), body.as_bytes()).expect("setup request");
            assert!(status == 200, "{op}: {status} {}", String::from_utf8_lossy(&resp));
        }
    }

    // Records a minute before the wall clock: inside the memory store of a live server.
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64 - 60_000;
    // Whole requests, built before the clock starts (the same for every server).
    let bodies = Arc::new(w::insert_bodies_at(now_ms, max_requests.min(5000)).iter().map(|b| request(addr, w::WRITE_TARGET, b)).collect::<Vec<_>>());
    let next = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicUsize::new(0));
    let first_error = Arc::new(std::sync::Mutex::new(None::<String>));
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(seconds);
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let (bodies, next, stop, errors, first_error) = (bodies.clone(), next.clone(), stop.clone(), errors.clone(), first_error.clone());
            std::thread::spawn(move || {
                let mut c = Conn::new(addr);
                let mut done = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= max_requests || Instant::now() >= deadline {
                        break;
                    }
                    match c.call_prebuilt(&bodies[i % bodies.len()]) {
                        Ok((200, _)) => done += 1,
                        Ok((status, body)) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            first_error.lock().unwrap().get_or_insert_with(|| format!("{status} {}", String::from_utf8_lossy(&body[..body.len().min(300)])));
                        }
                        Err(e) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            first_error.lock().unwrap().get_or_insert_with(|| e.to_string());
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                }
                done
            })
        })
        .collect();
    let ok: usize = workers.into_iter().map(|h| h.join().unwrap()).sum();
    let secs = start.elapsed().as_secs_f64();
    let records = ok * w::BATCH;
    println!(
        "LOADGEN {}",
        serde_json::json!({
            "addr": addr.to_string(), "connections": connections, "requests": ok, "records": records,
            "errors": errors.load(Ordering::Relaxed), "first_error": *first_error.lock().unwrap(),
            "seconds": secs, "records_per_s": records as f64 / secs, "requests_per_s": ok as f64 / secs,
        })
    );
}
