//! The one typed error of the engine. Every error knows its wire name, HTTP status and body.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::validate::Diagnostic;

/// Error types the service declares (plus the two Coral framework errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ErrorKind {
    /// A constraint of the service model failed (Coral framework validation).
    ModelValidation,
    /// A rule the service itself checks (e.g. "At least one dimension is required for a record.").
    Validation,
    AccessDenied,
    ResourceNotFound,
    Conflict,
    RejectedRecords,
    InvalidEndpoint,
    ServiceQuotaExceeded,
    Throttling,
    InternalServer,
    /// The X-Amz-Target names no operation of this service.
    UnknownOperation,
    /// The body could not be read as the operation's input (malformed JSON, wrong member type,
    /// unknown member).
    Serialization,
}

impl ErrorKind {
    /// Short name, as in the `x-amzn-errortype` header and the SDKs' error classes.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::ModelValidation | ErrorKind::Validation => "ValidationException",
            ErrorKind::AccessDenied => "AccessDeniedException",
            ErrorKind::ResourceNotFound => "ResourceNotFoundException",
            ErrorKind::Conflict => "ConflictException",
            ErrorKind::RejectedRecords => "RejectedRecordsException",
            ErrorKind::InvalidEndpoint => "InvalidEndpointException",
            ErrorKind::ServiceQuotaExceeded => "ServiceQuotaExceededException",
            ErrorKind::Throttling => "ThrottlingException",
            ErrorKind::InternalServer => "InternalServerException",
            ErrorKind::UnknownOperation => "UnknownOperationException",
            ErrorKind::Serialization => "SerializationException",
        }
    }

    /// Fully qualified `__type` as the service writes it in error bodies.
    pub fn wire_type(self) -> String {
        match self {
            ErrorKind::ModelValidation => "com.amazon.coral.validate#ValidationException".into(),
            ErrorKind::UnknownOperation => "com.amazon.coral.service#UnknownOperationException".into(),
            ErrorKind::Serialization => "com.amazon.coral.service#SerializationException".into(),
            other => format!("com.amazonaws.timestream.v20181101#{}", other.name()),
        }
    }

    /// HTTP status (Smithy `httpError` of the model; see spec/protocol.md section 4).
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::ModelValidation | ErrorKind::Validation | ErrorKind::Serialization => 400,
            ErrorKind::AccessDenied => 403,
            ErrorKind::ResourceNotFound => 404,
            ErrorKind::Conflict => 409,
            ErrorKind::RejectedRecords => 419,
            ErrorKind::InvalidEndpoint => 421,
            ErrorKind::ServiceQuotaExceeded => 402,
            ErrorKind::Throttling => 429,
            ErrorKind::InternalServer => 500,
            // The only observation of this error on the wire is a 404 (spec/protocol.md §3).
            ErrorKind::UnknownOperation => 404,
        }
    }
}

/// One record the service refused inside an otherwise accepted WriteRecords request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RejectedRecord {
    pub record_index: usize,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_version: Option<i64>,
}

crate::value_de::lean_reader!(RejectedRecord, Pascal; record_index, reason, existing_version);

/// An error answer of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
    /// Only for [`ErrorKind::RejectedRecords`].
    pub rejected_records: Vec<RejectedRecord>,
    /// Structured list behind a validation or serialization error (path, rule, message).
    pub diagnostics: Vec<Diagnostic>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError { kind, message: message.into(), rejected_records: Vec::new(), diagnostics: Vec::new() }
    }
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ResourceNotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }
    pub fn quota(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ServiceQuotaExceeded, message)
    }
    pub fn rejected(records: Vec<RejectedRecord>) -> Self {
        ApiError {
            kind: ErrorKind::RejectedRecords,
            message: "One or more records have been rejected. See RejectedRecords for details.".into(),
            rejected_records: records,
            diagnostics: Vec::new(),
        }
    }
    /// A request-level ValidationException carrying its structured diagnostics.
    pub fn from_diagnostics(kind: ErrorKind, diagnostics: Vec<Diagnostic>) -> Self {
        let message = crate::validate::wire_message(kind, &diagnostics);
        ApiError { kind, message, rejected_records: Vec::new(), diagnostics }
    }

    /// The JSON body as the service sends it.
    pub fn body(&self) -> Value {
        let mut m = Map::new();
        m.insert("__type".into(), json!(self.kind.wire_type()));
        m.insert("message".into(), json!(self.message));
        if self.kind == ErrorKind::RejectedRecords {
            m.insert("RejectedRecords".into(), crate::json_value(&self.rejected_records));
        }
        Value::Object(m)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for ApiError {}
