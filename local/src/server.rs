//! The HTTP endpoint: AWS JSON 1.0 over plain HTTP in front of the engine thread
//! (engine_thread.rs), which owns the engine.
//!
//! `POST` on any path → `X-Amz-Target` + body → `Engine::handle_with` → status, body,
//! `Content-Type: application/x-amz-json-1.0`, `x-amzn-RequestId` and (errors) `x-amzn-errortype`.
//! The request's region is the SigV4 credential scope's, else `--region`.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use http_body_util::BodyExt;
use serde_json::json;
use timestream_engine::{ApiError, Config, Engine, ErrorKind, WireResponse};

use crate::durable::{error_wire, DataDir};
use crate::engine_thread::{EngineHandle, Owner};
use crate::s3dir::LocalS3;
use crate::sigv4::region_from_authorization;

/// Largest request body accepted (the service's own limit is not documented; a full
/// WriteRecords request of 100 records of 2 KB stays far below this).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// How long a client may take to send a request head, and then its body (`--client-timeout`);
/// a keep-alive connection idle that long is closed too (listen.rs).
pub const DEFAULT_CLIENT_TIMEOUT: Duration = Duration::from_secs(30);

/// `serve` command-line options.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub port: u16,
    pub bind: IpAddr,
    pub s3_root: Option<PathBuf>,
    /// `--data-dir`: where the state is kept across restarts (durable/); in memory when None.
    pub data_dir: Option<PathBuf>,
    pub region: String,
    pub account: String,
    /// `--client-timeout`: [`App::client_timeout`].
    pub client_timeout: Duration,
}

/// What every request handler shares.
#[derive(Debug)]
pub struct App {
    /// The engine thread; requests reach the engine only as its jobs.
    pub engine: EngineHandle,
    /// The folder-backed S3 of `--s3-root`, if given.
    pub s3: Option<Arc<LocalS3>>,
    /// Wakes the batch-load runner (batch_runner.rs); it ends when the `App` is dropped.
    wake_runner: Sender<()>,
    /// DescribeEndpoints `Address` when a request has no `Host` header.
    pub default_address: String,
    /// The time a client has to send a request head (from the first byte the server waits for,
    /// so an idle keep-alive connection is closed after it too), and then the time it has to
    /// send the body; [`DEFAULT_CLIENT_TIMEOUT`] unless set before the `App` is shared.
    pub client_timeout: Duration,
}

impl App {
    /// Starts the engine thread (the engine's only owner) and the batch-load runner.
    pub fn new(config: Config, s3: Option<LocalS3>) -> App {
        App::with_engine(Engine::new(config), s3, None)
    }

    /// [`App::new`] with an engine already built (restored from `data`, the open `--data-dir`).
    /// Batch-load tasks that were active when the state was saved go on running.
    pub fn with_engine(engine: Engine, s3: Option<LocalS3>, data: Option<DataDir>) -> App {
        let default_address = engine.config().endpoint_address.clone();
        let resume = engine.has_active_batch_loads();
        let engine = EngineHandle::spawn(Owner::new(engine, data));
        let s3 = s3.map(Arc::new);
        let (wake_runner, wake) = std::sync::mpsc::channel();
        crate::batch_runner::spawn(engine.clone(), s3.clone(), wake);
        if resume {
            let _ = wake_runner.send(());
        }
        App { engine, s3, wake_runner, default_address, client_timeout: DEFAULT_CLIENT_TIMEOUT }
    }
}

/// The engine configuration for a server that listens on `addr`.
pub fn config_for(addr: SocketAddr, region: &str, account: &str) -> Config {
    Config { region: region.to_string(), account: account.to_string(), endpoint_address: address_of(addr), ..Config::default() }
}

/// `host:port` of a bound address, as DescribeEndpoints names it; an unspecified bind address
/// is named as loopback.
pub fn address_of(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", addr.port()),
        _ => addr.to_string(),
    }
}

/// The DescribeEndpoints `Address` for a request that reached us as `host` (the Host header, else
/// the bound address). The service answers a bare host name, which SDKs put into the request's
/// hostname, and so does this. botocore (boto3, the AWS CLI) is the exception: when it follows
/// the answer, it sends the next call to `https://<Address>` unless the address has a scheme,
/// and this server speaks plain HTTP, so botocore gets `http://host` (see docs/local.md).
pub fn discovery_address(host: &str, user_agent: Option<&str>) -> String {
    let starts = |part: &str, prefix: &str| part.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix));
    let botocore = user_agent
        .is_some_and(|ua| ua.split_ascii_whitespace().any(|part| ["botocore/", "md/botocore#", "aws-cli/"].iter().any(|prefix| starts(part, prefix))));
    if botocore {
        format!("http://{host}")
    } else {
        host.to_string()
    }
}

pub fn router(app: Arc<App>) -> Router {
    Router::new().fallback(dispatch).with_state(app)
}

/// Serves until `shutdown` completes, then waits for the requests under way (listen.rs).
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    crate::listen::serve(listener, app, shutdown).await
}

/// Why `serve` stopped.
#[derive(Debug)]
pub enum ServeError {
    Usage(String),
    Io(String),
}

impl ServeError {
    pub fn exit_code(&self) -> u8 {
        match self {
            ServeError::Usage(_) => crate::EXIT_USAGE,
            ServeError::Io(_) => crate::EXIT_PROBLEMS,
        }
    }
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Usage(m) | ServeError::Io(m) => f.write_str(m),
        }
    }
}

/// The `serve` command: binds, prints `timestream-local listening on http://HOST:PORT`, serves
/// until Ctrl-C or SIGTERM.
pub fn run_blocking(options: ServeOptions) -> Result<(), ServeError> {
    let s3 = options.s3_root.clone().map(LocalS3::open).transpose().map_err(ServeError::Usage)?;
    // One runtime thread does all the HTTP; the engine runs on its own thread (engine_thread.rs).
    // The engine is serial anyway: with two workers sharing its mutex, one mostly sat in futex
    // waits and wakeups. Against the loopback load generator on 2 cores (5000 WriteRecords of
    // 100 records, runs interleaved, median records/s; two workers + mutex / one thread running
    // the engine inline / this): 2 connections ~1.12M / ~1.37M / ~1.40M (another series:
    // ~1.2M / ~1.39M / ~1.49M); 4 connections ~1.27M / ~1.38M / ~1.66M. With 1 connection
    // (latency-bound) the hand-off costs a little: ~0.75M / ~0.69M / ~0.66M. Adding a second
    // runtime worker to the engine thread did worse (~1.35M at 2 connections). The engine
    // thread waiting awake for up to 50 µs before it sleeps (`engine_thread::next_job`):
    // ~1.45M → ~1.77M in two interleaved series of 6 runs.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| ServeError::Io(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async move {
        let wanted = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(wanted).await.map_err(|e| ServeError::Io(format!("cannot listen on {wanted}: {e}")))?;
        let addr = listener.local_addr().map_err(|e| ServeError::Io(e.to_string()))?;
        let config = config_for(addr, &options.region, &options.account);
        let s3_note = s3.as_ref().map(|s| format!(", S3 folder {}", s.root.display())).unwrap_or_default();
        println!("timestream-local listening on http://{} (region {}, account {}{s3_note})", address_of(addr), config.region, config.account);
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let mut engine = Engine::new(config);
        let data = match &options.data_dir {
            Some(dir) => {
                let (data, recovery) = DataDir::open(dir, &mut engine).map_err(ServeError::Usage)?;
                if let Some(warning) = &recovery.torn {
                    eprintln!("timestream-local: warning: {warning}");
                }
                println!(
                    "timestream-local data dir {}: {} + {} log entries replayed",
                    dir.display(),
                    if recovery.snapshot { "snapshot" } else { "no snapshot" },
                    recovery.replayed
                );
                Some(data)
            }
            None => None,
        };
        let _ = std::io::stdout().flush();
        let mut app = App::with_engine(engine, s3, data);
        app.client_timeout = options.client_timeout;
        let app = Arc::new(app);
        serve(listener, app.clone(), shutdown_signal()).await.map_err(|e| ServeError::Io(format!("server error: {e}")))?;
        // A clean stop: everything is synced; the snapshot makes the next start quick.
        let _ = app.engine.send_owner(Owner::compact).await;
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// The request taken whole: its headers are read in place (the `HeaderMap` extractor would
/// copy them for every request).
async fn dispatch(State(app): State<Arc<App>>, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    match parts.method {
        Method::POST => api(&app, &parts.headers, body).await,
        Method::GET | Method::HEAD => banner(&app).await,
        _ => {
            let mut r = Response::new(Body::from("Use POST with an X-Amz-Target header (AWS JSON 1.0).\n"));
            *r.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
            r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, POST"));
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
            r
        }
    }
}

async fn banner(app: &Arc<App>) -> Response {
    let Some((region, account)) = app.engine.run(|e| (e.config().region.clone(), e.config().account.clone())).await else {
        return internal_error();
    };
    let text = format!(
        "timestream-local {}: an offline Amazon Timestream Write API (2018-11-01) emulator.\n\
         POST AWS JSON 1.0 requests here with X-Amz-Target: Timestream_20181101.<Operation>.\n\
         Default region {region}, account {account}.\n",
        env!("CARGO_PKG_VERSION")
    );
    let mut r = Response::new(Body::from(text));
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

/// Operations that may make a batch-load task active: the runner is woken after them.
fn starts_batch_load(target: &str) -> bool {
    let target = target.trim();
    target.ends_with(".CreateBatchLoadTask") || target.ends_with(".ResumeBatchLoadTask")
}

async fn api(app: &Arc<App>, headers: &HeaderMap, body: Body) -> Response {
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return too_large(app).await;
    }
    // The head came within the client timeout (hyper's header-read timeout); the body gets as
    // long again, whole: a client that stops sending, or sends a byte a second, is answered 408.
    let bytes = match tokio::time::timeout(app.client_timeout, read_limited(body, MAX_BODY_BYTES)).await {
        Err(_) => return timed_out(app).await,
        Ok(Ok(Some(b))) => b,
        Ok(Ok(None)) => return too_large(app).await,
        Ok(Err(e)) => return api_error(app, ApiError::new(ErrorKind::Serialization, format!("The request body could not be read: {e}"))).await,
    };
    let target = headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let region = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(region_from_authorization);
    // Only DescribeEndpoints reads the address: other requests skip working it out.
    let address = target.trim().ends_with(".DescribeEndpoints").then(|| {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).filter(|h| is_host(h));
        discovery_address(host.unwrap_or(&app.default_address), headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()))
    });
    let wakes = starts_batch_load(&target);
    let handle = move |owner: &mut Owner| {
        if let Some(address) = address {
            owner.engine.config_mut().endpoint_address = address;
        }
        let region = region.unwrap_or_else(|| owner.engine.config().region.clone());
        owner.request(region, &target, &bytes)
    };
    let wire = match app.s3.as_ref().filter(|_| wakes) {
        // The task reads its source from the store: the folder is read first (off this thread
        // and off the engine thread), and its changes go to the engine just ahead of the request.
        Some(folder) => {
            let (folder, engine) = (folder.clone(), app.engine.clone());
            let answer = tokio::task::spawn_blocking(move || {
                folder.scan(|changes| {
                    engine.send_owner(move |o| {
                        o.objects(changes);
                        handle(o)
                    })
                })
            });
            match answer.await {
                Ok(answer) => answer.await.ok(),
                Err(_) => None,
            }
        }
        None => app.engine.send_owner(handle).await.ok(),
    };
    if wakes {
        let _ = app.wake_runner.send(());
    }
    wire.map_or_else(internal_error, wire_response)
}

/// The answer to a request whose engine job failed (it panicked outside the guard around the
/// engine call, or the engine thread is gone).
fn internal_error() -> Response {
    let e = ApiError::new(ErrorKind::InternalServer, "The emulator failed on this request (a bug of timestream-local).");
    wire_response(error_wire(String::new(), &e))
}

/// An error found before the engine ran the request.
async fn api_error(app: &Arc<App>, e: ApiError) -> Response {
    wire_response(error_wire(request_id(app).await, &e))
}

/// The next request id of the engine's sequence, for an answer the engine does not make.
async fn request_id(app: &Arc<App>) -> String {
    app.engine.run(|e| e.request_id()).await.unwrap_or_default()
}

/// The body, or `None` when it is larger than `limit`. `Limited` + `collect` keeps the body's
/// chunks as they came: a body that arrived in one chunk is handed on without a copy (the old
/// loop always copied into a Vec).
async fn read_limited(body: Body, limit: usize) -> Result<Option<Bytes>, axum::Error> {
    match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(Some(collected.to_bytes())),
        Err(e) => match e.downcast::<http_body_util::LengthLimitError>() {
            Ok(_) => Ok(None),
            Err(e) => Err(axum::Error::new(e)),
        },
    }
}

fn is_host(h: &str) -> bool {
    !h.is_empty() && h.len() <= 255 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
}

/// 413 for a body over [`MAX_BODY_BYTES`]. The service declares no error for this (its limit is
/// not documented), so there is no `ErrorKind` for it: see [`framework_error`].
async fn too_large(app: &Arc<App>) -> Response {
    let message = format!("Request body is larger than {MAX_BODY_BYTES} bytes, the limit of timestream-local.");
    framework_error(app, 413, "RequestEntityTooLargeException", message).await
}

/// 408 for a body not received within the client timeout, with `Connection: close` (the rest of
/// the body, if it ever comes, is not read). No `ErrorKind` either: see [`framework_error`].
async fn timed_out(app: &Arc<App>) -> Response {
    let message = format!("The request body was not received within {} s, the client timeout of timestream-local.", app.client_timeout.as_secs_f64());
    let mut r = framework_error(app, 408, "RequestTimeoutException", message).await;
    r.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// An answer of the server itself, not of the API: the body is built as `ApiError::body` builds
/// one of the Coral framework's errors (`com.amazon.coral.service#…`, `message`), and the status
/// and `x-amzn-errortype` are HTTP's and the error's own name.
async fn framework_error(app: &Arc<App>, status: u16, name: &'static str, message: String) -> Response {
    let request_id = request_id(app).await;
    let body = json!({ "__type": format!("com.amazon.coral.service#{name}"), "message": message }).to_string().into_bytes();
    wire_response(WireResponse { status, error_type: Some(name), request_id, body })
}

fn wire_response(w: WireResponse) -> Response {
    let mut r = Response::new(Body::from(w.body));
    *r.status_mut() = StatusCode::from_u16(w.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(WireResponse::CONTENT_TYPE));
    if let Ok(v) = HeaderValue::from_str(&w.request_id) {
        h.insert("x-amzn-requestid", v);
    }
    if let Some(t) = w.error_type {
        h.insert("x-amzn-errortype", HeaderValue::from_static(t));
    }
    r
}
