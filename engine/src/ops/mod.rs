//! One handler per operation, grouped by resource, and the dispatch from the seam.

pub mod batch;
pub mod databases;
pub mod endpoints;
#[cfg(feature = "fast-path")]
pub mod fast;
pub mod pagination;
pub mod tables;
pub mod tags;
pub mod writes;

use serde::Serialize;
use serde_json::Value;

use crate::validate::{Diagnostic, MemberPath, Rule};
use crate::wire::FromWire;
use crate::{ApiError, Engine, ErrorKind, Operation, RequestContext};

// Out of line in wasm, for gzip (engine/src/value_de.rs).
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn typed<T: FromWire>(value: Value) -> Result<T, ApiError> {
    crate::wire::read(value).map_err(|e| {
        ApiError::from_diagnostics(ErrorKind::Serialization, vec![Diagnostic::new(MemberPath::root(), Rule::Type, format!("The request cannot be read: {e}"))])
    })
}

/// An operation's answer: the response's JSON text (None when the operation has no output), or
/// the typed error.
pub type Answer = Result<Option<Vec<u8>>, ApiError>;

/// The response as JSON text, its members in the order the model lists them, written by the one
/// JSON writer snapshots and the playground's messages use (the wasm holds one writer per type).
// Out of line in wasm, for gzip (engine/src/value_de.rs).
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn out<T: Serialize>(r: Result<T, ApiError>) -> Answer {
    r.map(|v| crate::json_bytes(&v).ok())
}

fn empty(r: Result<(), ApiError>) -> Answer {
    r.map(|_| None)
}

fn empty_object(r: Result<(), ApiError>) -> Answer {
    r.map(|_| Some(b"{}".to_vec()))
}

/// Runs a request that already passed the model table.
pub fn dispatch(engine: &mut Engine, ctx: &RequestContext, op: Operation, value: Value) -> Answer {
    use Operation::*;
    match op {
        CreateDatabase => out(databases::create(engine, ctx, typed(value)?)),
        DescribeDatabase => out(databases::describe(engine, typed(value)?)),
        UpdateDatabase => out(databases::update(engine, typed(value)?)),
        DeleteDatabase => empty(databases::delete(engine, typed(value)?)),
        ListDatabases => out(databases::list(engine, typed(value)?)),
        CreateTable => out(tables::create(engine, ctx, typed(value)?)),
        DescribeTable => out(tables::describe(engine, typed(value)?)),
        UpdateTable => out(tables::update(engine, typed(value)?)),
        DeleteTable => empty(tables::delete(engine, typed(value)?)),
        ListTables => out(tables::list(engine, typed(value)?)),
        TagResource => empty_object(tags::tag(engine, typed(value)?)),
        UntagResource => empty_object(tags::untag(engine, typed(value)?)),
        ListTagsForResource => out(tags::list(engine, typed(value)?)),
        DescribeEndpoints => out(Ok(endpoints::describe(engine))),
        WriteRecords => out(writes::write(engine, typed(value)?)),
        CreateBatchLoadTask => out(batch::create(engine, typed(value)?)),
        DescribeBatchLoadTask => out(batch::describe(engine, typed(value)?)),
        ListBatchLoadTasks => out(batch::list(engine, typed(value)?)),
        ResumeBatchLoadTask => empty_object(batch::resume(engine, typed(value)?)),
    }
}

/// Request-level rules beyond the model table, for `Engine::diagnose` (which runs them next to
/// the model's violations: what reads as its type is checked).
pub fn diagnose_semantics(engine: &Engine, op: Operation, value: Value) -> Vec<Diagnostic> {
    match op {
        Operation::CreateBatchLoadTask => batch::diagnostics(engine, &value),
        Operation::WriteRecords => write_semantics(value),
        _ => Vec::new(),
    }
}

/// The record rules of each record that reads as a Record (a record whose members have the
/// wrong types is left to the model's diagnostics); none when CommonAttributes does not read.
/// The body is taken, not borrowed: each record is read out of it without a copy (copying each
/// record's map was a fifth of diagnosing a large request).
fn write_semantics(mut value: Value) -> Vec<Diagnostic> {
    use crate::types::Record;
    let common = match value.get_mut("CommonAttributes").map(Value::take) {
        None | Some(Value::Null) => None,
        Some(c) => match crate::wire::read::<Record>(c) {
            Ok(r) => Some(r),
            Err(_) => return Vec::new(),
        },
    };
    let records = match value.get_mut("Records").map(Value::take) {
        Some(Value::Array(records)) => records,
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for (i, r) in records.into_iter().enumerate() {
        if let Ok(rec) = crate::wire::read::<Record>(r) {
            crate::write::effective(common.as_ref(), &rec, i, &mut out);
        }
    }
    out
}
