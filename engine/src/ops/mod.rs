//! One handler per operation, grouped by resource.

use serde_json::Value;

use crate::{ApiError, Diagnostic, Engine, ErrorKind, Operation, RequestContext};

/// Runs a request that already passed the model table.
pub fn dispatch(_engine: &mut Engine, _ctx: &RequestContext, op: Operation, _value: Value) -> Result<Option<Value>, ApiError> {
    Err(ApiError::new(ErrorKind::InternalServer, format!("{op} is not implemented yet")))
}

/// Request-level rules beyond the model table, for `Engine::diagnose`.
pub fn diagnose_semantics(_engine: &Engine, _op: Operation, _value: &Value) -> Vec<Diagnostic> {
    Vec::new()
}
