//! `timestream-engine`: an in-memory emulator and validator of the Amazon Timestream Write API
//! (API version 2018-11-01).
//!
//! Everything goes through one seam, [`Engine::handle`]: an AWS JSON 1.0 operation dispatch that
//! takes the `X-Amz-Target` value and the JSON body and answers with the HTTP status, error type
//! and body the service would send. Behind it, a typed API serves callers that want structs
//! (the playground UI, tests) and things the wire does not expose (diagnostics, record history,
//! the clock, snapshots).

#![forbid(unsafe_code)]

// The public surface (docs/architecture.md, "The public surface"): the seam and the typed API
// on `Engine`, the browser's protocol, and the plain data they answer with. Everything else is
// internal: its items may be `pub` for the rest of the crate, and the `pub(crate)` of their
// module is what keeps them out of the API. engine/tests/layers.rs checks this list.
pub mod clock;
#[cfg(feature = "code")]
pub mod code;
pub mod protocol;
pub mod recognise;
pub mod scenario;
/// Hooks for engine/tests, the fuzz targets and differential tests (fuzz/, docs/reliability.md); not API.
#[doc(hidden)]
pub mod testing;
pub mod types;

pub(crate) mod batch;
pub(crate) mod error;
pub(crate) mod fastkey;
pub(crate) mod float;
pub(crate) mod ids;
pub(crate) mod inspect;
pub(crate) mod operation;
pub(crate) mod ops;
pub(crate) mod snapshot;
pub use snapshot::{json_bytes, json_pretty, json_text, json_value};
pub(crate) mod value_de;
pub use value_de::from_value;
pub(crate) mod state;
pub(crate) mod store;
pub(crate) mod validate;
pub(crate) mod wire;
pub(crate) mod write;

use serde::Serialize;
use serde_json::Value;

pub use clock::{Clock, ClockMode, Nanos};
pub use error::{ApiError, ErrorKind, RejectedRecord};
pub use operation::Operation;
/// The scan that places diagnostics in a request's text, and finds a member's value in one.
pub use validate::span as validate_span;
pub use validate::{Diagnostic, MemberPath, Rule};

// Plain data the typed API and the protocol answer with.
pub use batch::{
    BatchPreview, BatchTask, BucketInfo, ErrorReport, FileErrors, ObjectInfo, PreviewRow, ReasonLines, RowOutcome, StepBudget, StepReport, TaskError,
    TaskStatus,
};
pub use inspect::{IngestionWindow, TableSummary};
pub use store::{AttemptView, AttributeView, MeasureType, Outcome, RecordView, SeriesView, ValueView};

/// Where the emulated service lives: the account, the default region, and the address that
/// DescribeEndpoints names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    pub region: String,
    pub account: String,
    /// Host (and port) that DescribeEndpoints returns as `Address`.
    pub endpoint_address: String,
    pub endpoint_cache_minutes: i64,
}

crate::value_de::lean_reader!(Config, Camel; region, account, endpoint_address, endpoint_cache_minutes);

impl Default for Config {
    fn default() -> Self {
        Config {
            region: "us-east-1".into(),
            account: "123456789012".into(),
            endpoint_address: "ingest-cell1.timestream.us-east-1.amazonaws.com".into(),
            endpoint_cache_minutes: 1440,
        }
    }
}

/// Per-request context the transport may know (the region of the SigV4 credential scope).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestContext {
    pub region: Option<String>,
}

/// An answer as it goes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct WireResponse {
    pub status: u16,
    /// Short error name for the `x-amzn-errortype` header (`ValidationException`), if an error.
    pub error_type: Option<&'static str>,
    /// `x-amzn-RequestId`.
    pub request_id: String,
    /// JSON body; empty for operations without output (DeleteDatabase, DeleteTable).
    pub body: Vec<u8>,
}

impl WireResponse {
    pub fn is_success(&self) -> bool {
        self.status == 200
    }
    pub fn json(&self) -> Value {
        if self.body.is_empty() {
            return Value::Null;
        }
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    pub const CONTENT_TYPE: &'static str = "application/x-amz-json-1.0";
}

/// The emulator: state, clock, ids and configuration.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    pub(crate) ids: ids::Ids,
    pub(crate) state: state::State,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(Config::default())
    }
}

impl Engine {
    pub fn new(config: Config) -> Self {
        Engine { config, clock: Clock::default(), ids: ids::Ids::seeded(0x7157_2018_1101), state: state::State::default() }
    }

    /// An engine with a virtual clock and seeded ids: fully reproducible.
    pub fn deterministic(now: Nanos, seed: u64) -> Self {
        let mut e = Engine::new(Config::default());
        e.clock = Clock::virtual_at(now);
        e.ids = ids::Ids::seeded(seed);
        e
    }

    pub fn now(&self) -> Nanos {
        self.clock.now()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The configuration, to change (e.g. the address DescribeEndpoints names once a server
    /// knows its port).
    pub fn config_mut(&mut self) -> &mut Config {
        &mut self.config
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The clock, to set, advance or give back to the system time.
    pub fn clock_mut(&mut self) -> &mut Clock {
        &mut self.clock
    }

    /// A fresh request id (`x-amzn-RequestId`) for an answer built outside [`Engine::handle`]
    /// (a transport's own errors).
    pub fn request_id(&mut self) -> String {
        self.ids.request_id()
    }

    /// The id generator's state as a document: with the clock, all a replay needs to make the
    /// same ids (timestream-local's --data-dir logs it with every entry).
    pub fn id_state(&self) -> serde_json::Value {
        serde_json::to_value(&self.ids).unwrap_or_default()
    }

    /// Puts back a state [`Engine::id_state`] gave; a document of another shape changes nothing.
    pub fn set_id_state(&mut self, state: &serde_json::Value) -> Result<(), String> {
        self.ids = serde_json::from_value(state.clone()).map_err(|e| format!("not an id state: {e}"))?;
        Ok(())
    }

    /// The seam: AWS JSON 1.0 dispatch of one request.
    pub fn handle(&mut self, target: &str, body: &[u8]) -> WireResponse {
        self.handle_with(&RequestContext::default(), target, body)
    }

    /// [`Engine::handle`] with transport context (e.g. the SigV4 region).
    pub fn handle_with(&mut self, ctx: &RequestContext, target: &str, body: &[u8]) -> WireResponse {
        let request_id = self.ids.request_id();
        let result = match Operation::from_target(target.trim()) {
            None => Err(ApiError::new(ErrorKind::UnknownOperation, format!("Unknown operation: {}", target.trim()))),
            Some(op) => self.dispatch_bytes(ctx, op, body),
        };
        match result {
            Ok(Some(body)) => WireResponse { status: 200, error_type: None, request_id, body },
            Ok(None) => WireResponse { status: 200, error_type: None, request_id, body: Vec::new() },
            Err(e) => WireResponse { status: e.kind.status(), error_type: Some(e.kind.name()), request_id, body: json_bytes(&e.body()).unwrap_or_default() },
        }
    }

    /// Runs one operation on a JSON body and answers with the response JSON (None when the
    /// operation has no output) or the typed error, diagnostics included.
    pub fn call(&mut self, op: Operation, body: &[u8]) -> Result<Option<Value>, ApiError> {
        self.dispatch_bytes(&RequestContext::default(), op, body).map(response_value)
    }

    fn dispatch_bytes(&mut self, ctx: &RequestContext, op: Operation, body: &[u8]) -> ops::Answer {
        #[cfg(feature = "fast-path")]
        if op == Operation::WriteRecords {
            // Valid requests take the borrowed fast path; it steps aside for everything else.
            if let Some(answer) = ops::fast::write(self, body) {
                return answer;
            }
        }
        let value = parse_body(body)?;
        self.dispatch_checked(ctx, op, value)
    }

    /// Runs one operation on an already parsed request.
    pub fn dispatch_value(&mut self, ctx: &RequestContext, op: Operation, value: Value) -> Result<Option<Value>, ApiError> {
        self.dispatch_checked(ctx, op, value).map(response_value)
    }

    /// The model table, then the operation; the response as JSON text.
    fn dispatch_checked(&mut self, ctx: &RequestContext, op: Operation, value: Value) -> ops::Answer {
        check_model(op, &value)?;
        ops::dispatch(self, ctx, op, value)
    }

    /// Every problem of a request without running it, all at once: model constraints, and for
    /// WriteRecords and CreateBatchLoadTask the request-level rules the service checks (of each
    /// part that reads as its type, even while other parts break the model), each with its span
    /// in `body`. Empty when valid. What Run answers is unchanged: the service stops at the
    /// model's violations and reports the request rules only of a request that passes them.
    pub fn diagnose(&self, op: Operation, body: &[u8]) -> Vec<Diagnostic> {
        #[cfg(feature = "fast-path")]
        if op == Operation::WriteRecords {
            if let Some(none) = ops::fast::diagnose(body) {
                return none;
            }
        }
        self.diagnose_general(op, body)
    }

    /// [`Engine::diagnose`] without the WriteRecords fast path (also `testing::diagnose_general`,
    /// which the differential tests compare with it).
    pub(crate) fn diagnose_general(&self, op: Operation, body: &[u8]) -> Vec<Diagnostic> {
        let value = match parse_body(body) {
            Ok(v) => v,
            Err(e) => return e.diagnostics,
        };
        let mut diags = validate::check_input(op, &value);
        // A request rule the model table already reported at the same member is left out (a
        // set, not a scan of the list per rule: a long Records list has thousands of each).
        let semantics = ops::diagnose_semantics(self, op, value);
        if !semantics.is_empty() {
            let mut seen = hashbrown::HashSet::with_capacity(diags.len() + semantics.len());
            seen.extend(diags.iter().map(|m| (m.path.0.as_slice(), m.message.as_str())));
            let keep: Vec<bool> = semantics.iter().map(|d| seen.insert((d.path.0.as_slice(), d.message.as_str()))).collect();
            drop(seen);
            diags.extend(semantics.into_iter().zip(keep).filter_map(|(d, k)| k.then_some(d)));
        }
        validate::span::locate(body, &mut diags);
        diags
    }
}

/// A response's JSON text as a value (`call` and `dispatch_value`; the seam answers with the text).
fn response_value(text: Option<Vec<u8>>) -> Option<Value> {
    text.map(|t| serde_json::from_slice(&t).unwrap_or(Value::Null))
}

/// Parses a request body (empty means `{}`); anything but a JSON object is a serialization error.
pub fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    let trimmed = body.iter().all(|b| b.is_ascii_whitespace());
    if trimmed {
        return Ok(Value::Object(Default::default()));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(serialization(Diagnostic::new(MemberPath::root(), Rule::Syntax, "The request body must be a JSON object."))),
        Err(e) => Err(serialization(Diagnostic::new(
            MemberPath::root(),
            Rule::Syntax,
            format!("Malformed JSON at line {} column {}: {}", e.line(), e.column(), strip_position(&e.to_string())),
        ))),
    }
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn serialization(d: Diagnostic) -> ApiError {
    ApiError::from_diagnostics(ErrorKind::Serialization, vec![d])
}

/// Applies the model table: serialization problems first, then constraint failures.
pub(crate) fn check_model(op: Operation, value: &Value) -> Result<(), ApiError> {
    let diags = validate::check_input(op, value);
    if diags.is_empty() {
        return Ok(());
    }
    let kind = if diags.iter().any(|d| d.rule.is_serialization()) { ErrorKind::Serialization } else { ErrorKind::ModelValidation };
    let diags: Vec<Diagnostic> = if kind == ErrorKind::Serialization { diags.into_iter().filter(|d| d.rule.is_serialization()).collect() } else { diags };
    Err(ApiError::from_diagnostics(kind, diags))
}
