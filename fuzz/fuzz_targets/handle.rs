//! The seam from arbitrary bytes: up to eight requests on one engine, each an operation (one of
//! the 19, or an unknown target now and then) and a body of raw bytes. Every answer is one the
//! service could give (status, `__type`, `message`), `diagnose` never panics, and a request that
//! failed the model table is one `diagnose` finds problems in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timestream_engine::Operation;
use timestream_fuzz::{check_answer, engine, is_model_error};

fuzz_target!(|data: &[u8]| {
    let mut e = engine();
    // Requests are separated by 0xFF (never in UTF-8 text): the first byte of each picks the
    // operation.
    for chunk in data.split(|&b| b == 0xFF).take(8) {
        let Some((&pick, body)) = chunk.split_first() else { continue };
        let target = match Operation::ALL.get(pick as usize % 20) {
            Some(op) => op.target(),
            None => String::from_utf8_lossy(&body[..body.len().min(40)]).into_owned(),
        };
        let op = Operation::from_target(&target);
        let before = op.map(|op| e.diagnose(op, body));
        let r = e.handle(&target, body);
        check_answer(&r, &(&target, String::from_utf8_lossy(body)));
        if is_model_error(&r) {
            assert!(before.is_some_and(|d| !d.is_empty()), "{target}: a model error that diagnose does not see");
        }
    }
});
