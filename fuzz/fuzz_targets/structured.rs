//! Structure-aware: up to six requests shaped like their operation's input (the model table),
//! members near their bounds, reserved names, wrong types now and then. Each answer is one the
//! service could give; a model-level error is one `diagnose` finds; and whatever the requests
//! did, the state survives a snapshot and a restore unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timestream_fuzz::{check_answer, engine, is_model_error, operation, Gen};

fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let mut e = engine();
    for _ in 0..6 {
        let Ok(op) = operation(&mut u) else { break };
        let Ok(body) = (Gen { u: &mut u }).body(op) else { break };
        let text = body.to_string();
        let diagnosed = e.diagnose(op, text.as_bytes());
        let r = e.handle(&op.target(), text.as_bytes());
        check_answer(&r, &(op, &text));
        if is_model_error(&r) {
            assert!(!diagnosed.is_empty(), "{op}: a model error that diagnose does not see: {text}");
        }
    }
    let snapshot = e.snapshot();
    let mut restored = engine();
    restored.restore(&snapshot).expect("a snapshot restores");
    assert_eq!(restored.snapshot(), snapshot, "a snapshot restores to the same state");
});
