//! The accept loop: one hyper HTTP/1.1 connection per client, in place of `axum::serve` (which
//! sets no timer, so a client that stops half way through its request head held its connection
//! and task for ever).
//!
//! Each connection gets hyper's `header_read_timeout` of [`App::client_timeout`] with tokio's
//! timer: a request head not complete within it closes the connection without an answer. The
//! timer starts when the connection waits for a head, so a keep-alive connection idle that long
//! is closed too (SDKs open a new one). The body's own deadline is in the handler
//! (server.rs, `api`: 408). Graceful shutdown as `axum::serve` did it: stop accepting, let each
//! connection finish the request under way, close idle ones, wait for all of them.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;

use crate::server::{router, App};

/// How each connection is served: HTTP/1.1, a request head within `timeout` (also used by the
/// fuzz target `local_http`, which serves a connection from bytes in memory).
pub fn connection_builder(timeout: Duration) -> http1::Builder {
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(timeout);
    builder
}

/// Serves until `shutdown` completes, then waits for the connections to finish.
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>, shutdown: impl Future<Output = ()> + Send + 'static) -> io::Result<()> {
    let router = router(app.clone());
    let builder = connection_builder(app.client_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A connection ends in an error when the client left or timed out: nothing to do.
            let _ = connection.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// As hyper 0.14's server and `axum::serve`: an error of one connection is skipped; any other
/// (out of file descriptors) waits a second, for connections to close, before accepting again.
async fn accept_error(e: io::Error) {
    let of_one_connection = matches!(e.kind(), io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset);
    if !of_one_connection {
        eprintln!("timestream-local: accept failed: {e}; retrying in 1 s");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
