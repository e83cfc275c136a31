//! The npm package's wasm side: one thin wasm-bindgen facade over the engine's public API.
//! Everything a JavaScript user sees (the `Emulator` class, `requestHandler()`, clock parsing,
//! errors as exceptions) is in npm/js; this file only moves bytes, strings and numbers across.
//!
//! Engine calls used (and nothing else): `Engine::new`, `Engine::handle_with` (with a
//! `RequestContext` carrying the request's region), `Engine::diagnose`,
//! `Operation::from_name`, `Engine::now`, `Engine::clock_mut` with `Clock::{set_source, set,
//! advance, use_system}` and `Engine::clock().mode`, `Engine::snapshot`, `Engine::restore`. The
//! typed browser protocol (`timestream_engine::protocol`) offers more (the inspector's views,
//! S3, batch loads); this file is the one to switch to it if the package needs them.

use timestream_engine::clock::NANOS_PER_MILLI;
use timestream_engine::{ClockMode, Config, Engine, Operation, RequestContext, WireResponse};
use wasm_bindgen::prelude::*;

/// Milliseconds (a JS number, maybe fractional) to the engine's nanoseconds, in integers (an f64
/// holds nanoseconds of today only to ~256 ns), refusing what does not fit.
fn millis_to_nanos(ms: f64) -> Result<i64, JsError> {
    let whole = ms.trunc();
    let fits = ms.is_finite() && whole.abs() < (i64::MAX / NANOS_PER_MILLI) as f64;
    let ns = fits.then(|| (whole as i64 * NANOS_PER_MILLI).checked_add(((ms - whole) * NANOS_PER_MILLI as f64).round() as i64)).flatten();
    ns.ok_or_else(|| JsError::new(&format!("{ms} ms is not a time the clock can hold")))
}

/// The engine, owned by one JavaScript object (`Emulator` in npm/js wraps it).
#[wasm_bindgen]
pub struct WasmEngine {
    engine: Engine,
}

/// One answer as it goes on the wire.
#[wasm_bindgen]
pub struct WasmReply {
    reply: WireResponse,
}

#[wasm_bindgen]
impl WasmReply {
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.reply.status
    }
    /// `x-amzn-errortype` (`ValidationException`), or undefined on success.
    #[wasm_bindgen(getter, js_name = errorType)]
    pub fn error_type(&self) -> Option<String> {
        self.reply.error_type.map(str::to_string)
    }
    #[wasm_bindgen(getter, js_name = requestId)]
    pub fn request_id(&self) -> String {
        self.reply.request_id.clone()
    }
    /// The JSON body as bytes (empty for operations without output).
    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Vec<u8> {
        self.reply.body.clone()
    }
    /// The JSON body as text.
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.reply.body).into_owned()
    }
}

#[wasm_bindgen]
impl WasmEngine {
    /// A fresh engine; `config` is the engine's `Config` as JSON (region, account,
    /// endpointAddress, endpointCacheMinutes), or undefined for the defaults. The clock reads
    /// `Date.now` until it is set.
    #[wasm_bindgen(constructor)]
    pub fn new(config: Option<String>) -> Result<WasmEngine, JsError> {
        let config = match config {
            Some(text) => serde_json::from_str::<Config>(&text).map_err(|e| JsError::new(&format!("invalid engine config: {e}")))?,
            None => Config::default(),
        };
        let mut engine = Engine::new(config);
        engine.clock_mut().set_source(js_sys::Date::now);
        Ok(WasmEngine { engine })
    }

    /// The wire seam: `X-Amz-Target` and a JSON body as bytes (bytes, not a string: wasm-bindgen
    /// copies a `Uint8Array` in one `set`, where a string goes through a JavaScript loop per
    /// character). `region` is the request's (the SigV4 credential scope's), else the engine's.
    pub fn handle(&mut self, target: &str, body: &[u8], region: Option<String>) -> WasmReply {
        WasmReply { reply: self.engine.handle_with(&RequestContext { region }, target, body) }
    }

    /// Every problem of a request without running it, as a JSON array of
    /// `{ path, rule, message }` (path as `Records[3].Dimensions[0].Name`).
    pub fn diagnose(&self, operation: &str, body: &[u8]) -> Result<String, JsError> {
        let op = Operation::from_name(operation).ok_or_else(|| JsError::new(&format!("unknown operation `{operation}`")))?;
        let list: Vec<serde_json::Value> = self
            .engine
            .diagnose(op, body)
            .into_iter()
            .map(|d| serde_json::json!({ "path": d.path.to_string(), "rule": d.rule, "message": d.message }))
            .collect();
        Ok(serde_json::Value::Array(list).to_string())
    }

    /// The engine's time, ms since the epoch.
    #[wasm_bindgen(js_name = nowMs)]
    pub fn now_ms(&self) -> f64 {
        self.engine.now().div_euclid(NANOS_PER_MILLI) as f64
    }

    /// True while the clock stands still (set, advanced or frozen), false while it follows
    /// `Date.now`.
    #[wasm_bindgen(js_name = isFrozen)]
    pub fn is_frozen(&self) -> bool {
        matches!(self.engine.clock().mode, ClockMode::Virtual { .. })
    }

    /// Stops the clock at `ms` since the epoch.
    #[wasm_bindgen(js_name = setClockMs)]
    pub fn set_clock_ms(&mut self, ms: f64) -> Result<(), JsError> {
        self.engine.clock_mut().set(millis_to_nanos(ms)?);
        Ok(())
    }

    /// Moves the clock by `ms` (negative: back); a running clock stops at the result.
    #[wasm_bindgen(js_name = advanceMs)]
    pub fn advance_ms(&mut self, ms: f64) -> Result<(), JsError> {
        self.engine.clock_mut().advance(millis_to_nanos(ms)?);
        Ok(())
    }

    /// The clock follows `Date.now` again.
    #[wasm_bindgen(js_name = useSystemClock)]
    pub fn use_system_clock(&mut self) {
        self.engine.clock_mut().use_system();
    }

    /// The whole engine as a snapshot document (JSON text).
    pub fn snapshot(&self) -> String {
        self.engine.snapshot()
    }

    /// Replaces the engine's state with a snapshot's; on error nothing changes.
    pub fn restore(&mut self, text: &str) -> Result<(), JsError> {
        self.engine.restore(text).map_err(|e| JsError::new(&e))
    }
}
