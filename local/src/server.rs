//! The HTTP endpoint: AWS JSON 1.0 over plain HTTP, one engine behind a mutex, run by an engine thread.
//!
//! `POST` on any path → `X-Amz-Target` + body → `Engine::handle_with` → status, body,
//! `Content-Type: application/x-amz-json-1.0`, `x-amzn-RequestId` and (errors) `x-amzn-errortype`.
//! The request's region is the SigV4 credential scope's, else `--region`.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use http_body_util::BodyExt;
use serde_json::json;
use timestream_engine::{Config, Engine, RequestContext, WireResponse};

use crate::sigv4::region_from_authorization;

/// Largest request body accepted (the service's own limit is not documented; a full
/// WriteRecords request of 100 records of 2 KB stays far below this).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// `serve` command-line options.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub port: u16,
    pub bind: IpAddr,
    pub s3_root: Option<PathBuf>,
    pub region: String,
    pub account: String,
}

/// The folder that stands in for S3: object `s3://<bucket>/<key>` is the file
/// `<root>/<bucket>/<key>`. Batch-load tasks read their data files and write their reports here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalS3 {
    pub root: PathBuf,
}

impl LocalS3 {
    /// Checks that `root` is an existing directory and keeps its absolute path.
    pub fn open(root: PathBuf) -> Result<LocalS3, String> {
        match std::fs::metadata(&root) {
            Ok(m) if m.is_dir() => Ok(LocalS3 { root: std::fs::canonicalize(&root).unwrap_or(root) }),
            Ok(_) => Err(format!("--s3-root {}: not a directory", root.display())),
            Err(e) => Err(format!("--s3-root {}: {e}", root.display())),
        }
    }
}

/// A piece of work for the engine thread.
type Job = Box<dyn FnOnce(&mut Engine) + Send>;

/// What every request handler shares.
#[derive(Debug)]
pub struct App {
    pub engine: Arc<Mutex<Engine>>,
    /// The engine thread's queue (see `with_engine`); the thread ends when the `App` is dropped.
    jobs: std::sync::mpsc::Sender<Job>,
    /// The folder-backed S3 of `--s3-root`, if given.
    pub s3: Option<LocalS3>,
    /// DescribeEndpoints `Address` when a request has no `Host` header.
    pub default_address: String,
}

impl App {
    pub fn new(config: Config, s3: Option<LocalS3>) -> App {
        let default_address = config.endpoint_address.clone();
        let engine = Arc::new(Mutex::new(Engine::new(config)));
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let shared = engine.clone();
        std::thread::Builder::new()
            .name("engine".into())
            .spawn(move || {
                while let Some(job) = next_job(&queue) {
                    // A poisoned lock only means an earlier request panicked; the engine stays usable.
                    let mut engine = shared.lock().unwrap_or_else(|p| p.into_inner());
                    // A job that panics drops its reply sender: that request fails, the thread goes on.
                    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut engine)));
                }
            })
            .expect("cannot start the engine thread");
        App { engine, jobs, s3, default_address }
    }
}

/// How long the engine thread waits for the next job awake before it sleeps.
const ENGINE_SPIN: std::time::Duration = std::time::Duration::from_micros(50);

/// The next job for the engine thread; None once the server state is gone. Under load the next
/// request is usually being parsed while the engine works on this one: waiting for it awake a
/// little saves a sleep and a wake-up per request (a few µs each in a VM).
fn next_job(queue: &std::sync::mpsc::Receiver<Job>) -> Option<Job> {
    use std::sync::mpsc::TryRecvError;
    let start = std::time::Instant::now();
    loop {
        match queue.try_recv() {
            Ok(job) => return Some(job),
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) if start.elapsed() < ENGINE_SPIN => std::hint::spin_loop(),
            Err(TryRecvError::Empty) => return queue.recv().ok(),
        }
    }
}

/// The engine configuration for a server that listens on `addr`.
pub fn config_for(addr: SocketAddr, region: &str, account: &str) -> Config {
    Config { region: region.to_string(), account: account.to_string(), endpoint_address: address_of(addr), ..Config::default() }
}

/// `http://host:port` for the DescribeEndpoints answer (see docs/local.md for why a scheme is
/// included); an unspecified bind address is named as loopback.
pub fn address_of(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{}", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("http://[::1]:{}", addr.port()),
        _ => format!("http://{addr}"),
    }
}

pub fn router(app: Arc<App>) -> Router {
    Router::new().fallback(dispatch).with_state(app)
}

/// Serves until `shutdown` completes.
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    axum::serve(listener, router(app)).with_graceful_shutdown(shutdown).await
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
    // One runtime thread does all the HTTP; the engine runs on its own thread (`with_engine`).
    // The engine is serial anyway: with two workers sharing its mutex, one mostly sat in futex
    // waits and wakeups. Against the loopback load generator on 2 cores (5000 WriteRecords of
    // 100 records, runs interleaved, median records/s; two workers + mutex / one thread running
    // the engine inline / this): 2 connections ~1.12M / ~1.37M / ~1.40M (another series:
    // ~1.2M / ~1.39M / ~1.49M); 4 connections ~1.27M / ~1.38M / ~1.66M. With 1 connection
    // (latency-bound) the hand-off costs a little: ~0.75M / ~0.69M / ~0.66M. Adding a second
    // runtime worker to the engine thread did worse (~1.35M at 2 connections). The engine
    // thread waiting awake for up to 50 µs before it sleeps (`next_job`): ~1.45M → ~1.77M in
    // two interleaved series of 6 runs.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Io(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async move {
        let wanted = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(wanted).await.map_err(|e| ServeError::Io(format!("cannot listen on {wanted}: {e}")))?;
        let addr = listener.local_addr().map_err(|e| ServeError::Io(e.to_string()))?;
        let config = config_for(addr, &options.region, &options.account);
        let s3_note = s3.as_ref().map(|s| format!(", S3 folder {}", s.root.display())).unwrap_or_default();
        println!("timestream-local listening on {} (region {}, account {}{s3_note})", address_of(addr), config.region, config.account);
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let app = Arc::new(App::new(config, s3));
        crate::s3dir::spawn_runner(app.clone());
        serve(listener, app, shutdown_signal()).await.map_err(|e| ServeError::Io(format!("server error: {e}")))
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
    let Some((region, account)) = with_engine(app, |_, e| (e.config.region.clone(), e.config.account.clone())).await else {
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

async fn api(app: &Arc<App>, headers: &HeaderMap, body: Body) -> Response {
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return too_large(app).await;
    }
    let bytes = match read_limited(body, MAX_BODY_BYTES).await {
        Ok(Some(b)) => b,
        Ok(None) => return too_large(app).await,
        Err(e) => return plain_error(app, 400, "SerializationException", "com.amazon.coral.service#SerializationException", &format!("The request body could not be read: {e}")).await,
    };
    let target = headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let region = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(region_from_authorization);
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).filter(|h| is_host(h)).map(|h| format!("http://{h}"));
    let wire = with_engine(app, move |app, engine| {
        crate::s3dir::before_request(app, engine, &target);
        let address = host.unwrap_or_else(|| app.default_address.clone());
        if engine.config.endpoint_address != address {
            engine.config.endpoint_address = address;
        }
        let ctx = RequestContext { region: Some(region.unwrap_or_else(|| engine.config.region.clone())) };
        let caught = std::panic::catch_unwind(AssertUnwindSafe(|| engine.handle_with(&ctx, &target, &bytes)));
        match caught {
            Ok(w) => w,
            Err(_) => internal_wire(
                engine.ids.request_id(),
                "The emulator failed on this request (a bug of timestream-local); the state is unchanged up to that point.",
            ),
        }
    })
    .await;
    wire.map_or_else(internal_error, wire_response)
}

/// Runs `f` on the engine thread and waits for its answer. The runtime thread only does HTTP:
/// it reads and parses the next request while the engine works on this one, and it never waits
/// for the engine lock, so a slow request (a CreateBatchLoadTask that reads a big `--s3-root`
/// folder) or a batch-load step of the background runner never stops it from accepting
/// connections and answering what needs no engine.
/// `None` when the job failed (it panicked outside the engine call's own guard; the engine
/// thread goes on): the request is answered with a 500.
async fn with_engine<R, F>(app: &Arc<App>, f: F) -> Option<R>
where
    R: Send + 'static,
    F: FnOnce(&App, &mut Engine) -> R + Send + 'static,
{
    let (reply, answer) = tokio::sync::oneshot::channel();
    let shared = app.clone();
    let job: Job = Box::new(move |engine| {
        let _ = reply.send(f(&shared, engine));
    });
    app.jobs.send(job).ok()?;
    answer.await.ok()
}

/// A 500 InternalServerException with this message.
fn internal_wire(request_id: String, message: &str) -> WireResponse {
    let body = json!({"__type": "com.amazonaws.timestream.v20181101#InternalServerException", "message": message});
    WireResponse { status: 500, error_type: Some("InternalServerException"), request_id, body: body.to_string().into_bytes() }
}

/// The answer to a request whose engine job failed.
fn internal_error() -> Response {
    wire_response(internal_wire(String::new(), "The emulator failed on this request (a bug of timestream-local)."))
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

async fn too_large(app: &Arc<App>) -> Response {
    let message = format!("Request body is larger than {MAX_BODY_BYTES} bytes, the limit of timestream-local.");
    plain_error(app, 413, "RequestEntityTooLargeException", "com.amazon.coral.service#RequestEntityTooLargeException", &message).await
}

async fn plain_error(app: &Arc<App>, status: u16, short: &'static str, wire_type: &str, message: &str) -> Response {
    let request_id = with_engine(app, |_, e| e.ids.request_id()).await.unwrap_or_default();
    let body = json!({ "__type": wire_type, "message": message }).to_string().into_bytes();
    wire_response(WireResponse { status, error_type: Some(short), request_id, body })
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
