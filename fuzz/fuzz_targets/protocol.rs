//! The protocol (engine/src/protocol): up to eight JSON messages, as a client of the engine's
//! worker sends them, each answered by one session; after each, the session runs a slice of
//! any batch load. Messages that are not a `Request` are refused by serde (as the worker does);
//! every `Request` gets a `Reply` without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timestream_engine::protocol::{Request, Session};
use timestream_fuzz::engine;

fuzz_target!(|data: &[u8]| {
    let mut session = Session::new(engine());
    for message in data.split(|&b| b == b'\n').take(8) {
        let Ok(request) = serde_json::from_slice::<Request>(message) else { continue };
        let reply = session.answer(request);
        // Replies go back to the page as JSON.
        serde_json::to_string(&reply).expect("a reply serializes");
        for _ in 0..4 {
            if session.step(50).is_none() {
                break;
            }
        }
    }
});
