//! Differential: the WriteRecords fast path (`Engine::handle`, `Engine::diagnose`) against the
//! general path (`testing::general_path`, `testing::diagnose_general`) on the same bodies, one
//! after another on two copies of one engine: the same answer, the same diagnostics where the
//! fast path diagnoses (elsewhere `Engine::diagnose` is the general one and is not run), the
//! same state. Bodies are model-shaped WriteRecords requests, their JSON text cut or spliced with
//! the fuzzer's bytes now and then (repeated keys, nulls, escapes, truncation).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use timestream_engine::testing::{diagnose_general, fast_diagnose, general_path};
use timestream_engine::Operation;
use timestream_fuzz::{engine, state_of, Gen};

fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let mut fast = engine();
    let mut general = fast.clone();
    for _ in 0..4 {
        let Ok(body) = (Gen { u: &mut u }).body(Operation::WriteRecords) else { break };
        let mut text = body.to_string().into_bytes();
        match u.int_in_range(0u8..=9).unwrap_or(0) {
            0 => {
                let at = u.choose_index(text.len() + 1).unwrap_or(0);
                text.truncate(at);
            }
            1 => {
                let at = u.choose_index(text.len() + 1).unwrap_or(0);
                let n = u.int_in_range(0u8..=16).unwrap_or(0) as usize;
                let bytes = u.bytes(n.min(u.len())).unwrap_or_default().to_vec();
                text.splice(at..at, bytes);
            }
            _ => {}
        }
        // Where the fast path answers (a body it finds valid) the general path must find the
        // same. Where it steps aside, `Engine::diagnose` is the general path's own diagnose
        // (the `handle` and `structured` targets run it on every request they make): not run
        // here, where it was a third of the time.
        if fast_diagnose(&text).is_some() {
            let d_fast = fast.diagnose(Operation::WriteRecords, &text);
            let d_general = diagnose_general(&general, Operation::WriteRecords, &text);
            assert_eq!(d_fast, d_general, "diagnose: {}", String::from_utf8_lossy(&text));
        }
        let r = fast.handle(&Operation::WriteRecords.target(), &text);
        let g = match general_path(&mut general, Operation::WriteRecords, &text) {
            Ok(v) => (200, v.unwrap_or(Value::Null)),
            Err(err) => (err.kind.status(), serde_json::to_value(err.body()).unwrap()),
        };
        assert_eq!((r.status, r.json()), g, "answer: {}", String::from_utf8_lossy(&text));
        assert_eq!(state_of(&fast), state_of(&general), "state after: {}", String::from_utf8_lossy(&text));
    }
});
