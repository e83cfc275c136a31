//! timestream-local's request handling without a socket: the input is a request as text (its
//! method on the first line, then `Name: value` header lines, an empty line, and the body), sent
//! through `timestream_local::server::router` with tower's `oneshot` to an `App` whose engine is
//! the fuzz engine (database `tsdb`, table `tbl`), set back to it before each request (one `App`,
//! router and runtime per process: starting an `App` starts two threads). Lines that are not a
//! valid header are skipped.
//! Every request gets an answer without a panic: GET and HEAD the banner, other methods but
//! POST a 405, and POST an AWS JSON 1.0 answer with a request id, a status the service uses (or
//! 413 for a body declared over the limit), and for an error a JSON body with `__type` and
//! `message` and `x-amzn-errortype`.
#![no_main]

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use timestream_engine::WireResponse;
use timestream_local::server::MAX_BODY_BYTES;
use tower::ServiceExt;

/// The method, headers and body of the input text (see the top of the file).
fn request(data: &[u8]) -> Request<Body> {
    let split = data.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = head.split(|&b| b == b'\n');
    let method = lines.next().and_then(|m| Method::from_bytes(m.trim_ascii()).ok()).unwrap_or(Method::POST);
    let mut r = Request::builder().method(method).uri("/").body(Body::from(body.to_vec())).expect("a request");
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
        let (Ok(name), Ok(value)) = (HeaderName::from_bytes(line[..colon].trim_ascii()), HeaderValue::from_bytes(line[colon + 1..].trim_ascii())) else {
            continue;
        };
        r.headers_mut().append(name, value);
    }
    r
}

fuzz_target!(|data: &[u8]| {
    let request = request(data);
    let method = request.method().clone();
    let declared = request.headers().get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    let what = String::from_utf8_lossy(data);
    timestream_fuzz::runtime().block_on(async {
        let router = timestream_fuzz::local_router().await;
        let response = router.clone().oneshot(request).await.expect("the router is infallible");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.expect("an answer's body reads").to_bytes();
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        match method {
            Method::GET | Method::HEAD => assert!(status == 200 && body.starts_with(b"timestream-local "), "banner {status} for {what:?}"),
            Method::POST => {
                assert_eq!(header("content-type").as_deref(), Some(WireResponse::CONTENT_TYPE), "for {what:?}");
                assert!(header("x-amzn-requestid").is_some_and(|id| !id.is_empty()), "no request id for {what:?}");
                if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
                    assert_eq!(status, 413, "a body declared over the limit for {what:?}");
                }
                assert!(matches!(status, 200 | 400 | 402 | 404 | 409 | 413 | 419), "status {status} for {what:?}");
                if status != 200 {
                    let v: serde_json::Value = serde_json::from_slice(&body).expect("an error body is JSON");
                    assert!(v["__type"].is_string() && v["message"].is_string(), "error body {v} for {what:?}");
                    assert!(header("x-amzn-errortype").is_some(), "no x-amzn-errortype for {what:?}");
                }
            }
            _ => assert_eq!(status, 405, "for {what:?}"),
        }
    });
});
