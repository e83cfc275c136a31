//! The HTTP endpoint on a real loopback socket (port 0), spoken to over HTTP.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use timestream_local::s3dir::LocalS3;
use timestream_local::server::{config_for, serve, App, MAX_BODY_BYTES};

struct Server {
    addr: SocketAddr,
    app: Arc<App>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        Server::start_with(None)
    }

    /// A server whose S3 is the folder `s3` (`--s3-root`).
    fn start_with(s3: Option<LocalS3>) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = Arc::new(App::new(config_for(addr, "us-east-1", "123456789012"), s3));
        let served = app.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                serve(listener, served, async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            });
        });
        Server { addr, app, stop: Some(stop), thread: Some(thread) }
    }

    fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// POST with an optional X-Amz-Target and extra headers.
    fn post(&self, target: Option<&str>, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut req = ureq::post(&self.url()).set("Content-Type", "application/x-amz-json-1.0");
        if let Some(t) = target {
            req = req.set("X-Amz-Target", t);
        }
        for (k, v) in headers {
            req = req.set(k, v);
        }
        Reply::from(req.send_bytes(body))
    }

    fn call(&self, op: &str, body: Value) -> Reply {
        self.post(Some(&format!("Timestream_20181101.{op}")), &[], body.to_string().as_bytes())
    }

    /// Raw HTTP/1.1 exchange, for requests an HTTP client will not send.
    fn raw(&self, head: &str, body: &[u8]) -> String {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(head.as_bytes()).unwrap();
        let _ = s.write_all(body);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Reply {
    status: u16,
    content_type: Option<String>,
    request_id: Option<String>,
    error_type: Option<String>,
    text: String,
}

impl Reply {
    fn from(r: Result<ureq::Response, ureq::Error>) -> Reply {
        let resp = match r {
            Ok(resp) => resp,
            Err(ureq::Error::Status(_, resp)) => resp,
            Err(e) => panic!("transport error: {e}"),
        };
        Reply {
            status: resp.status(),
            content_type: resp.header("content-type").map(str::to_string),
            request_id: resp.header("x-amzn-RequestId").map(str::to_string),
            error_type: resp.header("x-amzn-errortype").map(str::to_string),
            text: resp.into_string().unwrap(),
        }
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

const JSON_1_0: &str = "application/x-amz-json-1.0";

#[test]
fn banner_on_get() {
    let s = Server::start();
    let r = Reply::from(ureq::get(&s.url()).call());
    assert_eq!(r.status, 200);
    assert!(r.content_type.unwrap().starts_with("text/plain"));
    assert!(r.text.contains("timestream-local") && r.text.contains("Timestream_20181101"), "{}", r.text);
    let r = s.raw("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", b"");
    assert!(r.starts_with("HTTP/1.1 405"), "{r}");
}

#[test]
fn success_headers_and_describe_endpoints_names_this_server() {
    let s = Server::start();
    let r = s.call("DescribeEndpoints", json!({}));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.content_type.as_deref(), Some(JSON_1_0));
    let id = r.request_id.clone().expect("x-amzn-RequestId");
    assert_eq!(id.len(), 26, "{id}");
    assert_eq!(r.error_type, None);
    let body = r.json();
    // A bare host, as the service answers (`ingest-cell1.timestream.us-west-2.amazonaws.com`).
    assert_eq!(body["Endpoints"][0]["Address"], json!(s.addr.to_string()));
    assert_eq!(body["Endpoints"][0]["CachePeriodInMinutes"], json!(1440));
    // The Host header the client used is what it is told to come back to.
    let r = s.post(Some("Timestream_20181101.DescribeEndpoints"), &[("Host", "timestream.local:4566")], b"{}");
    assert_eq!(r.json()["Endpoints"][0]["Address"], json!("timestream.local:4566"));
    assert_ne!(r.request_id.unwrap(), id);
    // botocore would follow a bare host over https: it is told the scheme (docs/local.md).
    for ua in ["Boto3/1.44.5 md/Botocore#1.44.8 ua/2.1 os/linux Botocore/1.44.8", "aws-cli/2.15.0 md/awscrt#0.19.18 ua/2.0 os/linux"] {
        let r = s.post(Some("Timestream_20181101.DescribeEndpoints"), &[("User-Agent", ua)], b"{}");
        assert_eq!(r.json()["Endpoints"][0]["Address"], json!(format!("http://{}", s.addr)), "{ua}");
    }
    let r = s.post(Some("Timestream_20181101.DescribeEndpoints"), &[("User-Agent", "aws-sdk-js/3.600.0 ua/2.1 os/linux")], b"{}");
    assert_eq!(r.json()["Endpoints"][0]["Address"], json!(s.addr.to_string()));
}

#[test]
fn errors_carry_status_type_header_and_body() {
    let s = Server::start();
    assert_eq!(s.call("CreateDatabase", json!({"DatabaseName": "db1"})).status, 200);
    let r = s.call("CreateDatabase", json!({"DatabaseName": "db1"}));
    assert_eq!(r.status, 409, "{}", r.text);
    assert_eq!(r.content_type.as_deref(), Some(JSON_1_0));
    assert_eq!(r.error_type.as_deref(), Some("ConflictException"));
    assert!(r.request_id.is_some());
    let body = r.json();
    assert_eq!(body["__type"], json!("com.amazonaws.timestream.v20181101#ConflictException"));
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));

    let r = s.call("DescribeDatabase", json!({"DatabaseName": "nope"}));
    assert_eq!((r.status, r.error_type.as_deref()), (404, Some("ResourceNotFoundException")));

    let r = s.post(Some("Timestream_20181101.ListDatabases"), &[], b"{not json");
    assert_eq!((r.status, r.error_type.as_deref()), (400, Some("SerializationException")), "{}", r.text);

    // DeleteDatabase has no output: 200 with an empty body.
    let r = s.call("DeleteDatabase", json!({"DatabaseName": "db1"}));
    assert_eq!((r.status, r.text.as_str()), (200, ""));
}

#[test]
fn unknown_or_missing_target() {
    let s = Server::start();
    for target in [Some("Timestream_20181101.DropEverything"), Some("Other_2020.ListDatabases"), None] {
        let r = s.post(target, &[], b"{}");
        assert_eq!(r.status, 404, "{target:?}: {}", r.text);
        assert_eq!(r.error_type.as_deref(), Some("UnknownOperationException"));
        assert_eq!(r.json()["__type"], json!("com.amazon.coral.service#UnknownOperationException"));
    }
}

#[test]
fn region_comes_from_the_sigv4_scope() {
    let s = Server::start();
    let auth = "AWS4-HMAC-SHA256 Credential=test/20240101/eu-central-1/timestream/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
    let r = s.post(Some("Timestream_20181101.CreateDatabase"), &[("Authorization", auth)], br#"{"DatabaseName":"eu_db"}"#);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["Database"]["Arn"], json!("arn:aws:timestream:eu-central-1:123456789012:database/eu_db"));
    let r = s.call("CreateDatabase", json!({"DatabaseName": "us_db"}));
    assert_eq!(r.json()["Database"]["Arn"], json!("arn:aws:timestream:us-east-1:123456789012:database/us_db"));
}

#[test]
fn body_size_is_capped() {
    let s = Server::start();
    // Exactly at the limit: accepted (JSON may carry trailing whitespace).
    let mut body = b"{}".to_vec();
    body.resize(MAX_BODY_BYTES, b' ');
    let r = s.post(Some("Timestream_20181101.ListDatabases"), &[], &body);
    assert_eq!(r.status, 200, "{}", &r.text[..r.text.len().min(300)]);

    // Declared too large: refused before reading.
    let head = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Timestream_20181101.ListDatabases\r\nContent-Type: {JSON_1_0}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        MAX_BODY_BYTES + 1
    );
    let r = s.raw(&head, b"");
    assert!(r.starts_with("HTTP/1.1 413"), "{r}");
    assert!(r.to_ascii_lowercase().contains("x-amzn-errortype: requestentitytoolargeexception"), "{r}");
    assert!(r.contains("#RequestEntityTooLargeException") && r.contains(&MAX_BODY_BYTES.to_string()), "{r}");

    // Streamed (chunked) past the limit: refused once the limit is crossed.
    let head = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Timestream_20181101.ListDatabases\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n",
        MAX_BODY_BYTES + 1
    );
    let r = s.raw(&head, &vec![b' '; MAX_BODY_BYTES + 1]);
    assert!(r.starts_with("HTTP/1.1 413"), "{}", &r[..r.len().min(300)]);
}

#[test]
fn a_held_engine_does_not_stop_the_server() {
    // The engine thread is busy (as with a long request): a request for it waits, but the server
    // goes on accepting connections and answering what needs no engine.
    let s = Server::start();
    let (release, held) = std::sync::mpsc::channel::<()>();
    drop(s.app.engine.send(move |_| held.recv().ok()));
    let url = s.url();
    let waiting = std::thread::spawn(move || Reply::from(ureq::post(&url).set("X-Amz-Target", "Timestream_20181101.ListDatabases").send_bytes(b"{}")));
    std::thread::sleep(Duration::from_millis(100));
    for _ in 0..3 {
        let r = s.raw("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", b"");
        assert!(r.starts_with("HTTP/1.1 405"), "{r}");
    }
    assert!(!waiting.is_finished(), "answered while the engine was held");
    release.send(()).unwrap();
    let r = waiting.join().unwrap();
    assert_eq!(r.status, 200, "{}", r.text);
}

/// A fresh `--s3-root` folder under Cargo's per-test temp dir.
fn s3_folder(name: &str) -> LocalS3 {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    LocalS3::open(root).unwrap()
}

const ROWS: u64 = 120_000;

#[test]
fn requests_are_answered_while_a_long_batch_load_runs() {
    let s3 = s3_folder("long-batch-load");
    let root = s3.root.clone();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
    let mut csv = String::from("host,time,cpu\n");
    for i in 0..ROWS {
        csv.push_str(&format!("h{},{},{}.5\n", i % 97, now - 60_000 + i % 50_000, i));
    }
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join("src/data.csv"), csv).unwrap();
    let s = Server::start_with(Some(s3));
    assert_eq!(s.call("CreateDatabase", json!({"DatabaseName": "demo"})).status, 200);
    assert_eq!(s.call("CreateTable", json!({"DatabaseName": "demo", "TableName": "cpu"})).status, 200);
    let r = s.call(
        "CreateBatchLoadTask",
        json!({
            "TargetDatabaseName": "demo", "TargetTableName": "cpu",
            "DataSourceConfiguration": {"DataSourceS3Configuration": {"BucketName": "src", "ObjectKeyPrefix": "data.csv"}, "DataFormat": "CSV"},
            "ReportConfiguration": {"ReportS3Configuration": {"BucketName": "reports"}},
            "DataModelConfiguration": {"DataModel": {
                "TimeColumn": "time", "TimeUnit": "MILLISECONDS",
                "DimensionMappings": [{"SourceColumn": "host"}],
                "MultiMeasureMappings": {"TargetMultiMeasureName": "m", "MultiMeasureAttributeMappings": [{"SourceColumn": "cpu", "MeasureValueType": "DOUBLE"}]}}}
        }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let task = r.json()["TaskId"].as_str().unwrap().to_string();
    // Poll the task: some answers must come while it is part-way through (the runner steps it in
    // bounded units on the engine thread, and the requests are answered between them).
    let mut midway = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let done = loop {
        assert!(std::time::Instant::now() < deadline, "the task did not finish");
        let d = s.call("DescribeBatchLoadTask", json!({"TaskId": task})).json()["BatchLoadTaskDescription"].clone();
        let processed = d["ProgressReport"]["RecordsProcessed"].as_u64().unwrap_or(0);
        match d["TaskStatus"].as_str() {
            Some("SUCCEEDED" | "FAILED") => break d,
            _ if processed > 0 => midway.push(processed),
            _ => {}
        }
        // Other requests are answered while the task runs, too.
        assert_eq!(s.call("ListDatabases", json!({})).status, 200);
    };
    assert_eq!(done["TaskStatus"], json!("SUCCEEDED"), "{done}");
    assert_eq!(done["ProgressReport"]["RecordsProcessed"], json!(ROWS), "{done}");
    assert!(midway.iter().any(|&n| n < ROWS), "no answer came while the task ran (seen: {midway:?})");
}
