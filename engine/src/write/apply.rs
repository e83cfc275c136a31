//! Applying a checked record to a table: the table's rules ([`precheck`]), then insert, update
//! or refusal by version (spec/write-semantics.md), every attempt kept in the record's history.

use super::record::Effective;
use super::rejection::Rejection;
use super::table::schema_problem;
use super::window::{window, IngestionWindow, Placement};
use crate::clock::Nanos;
use crate::state::TableState;
use crate::store::{Outcome, Syms};
use crate::types::{RecordsIngested, WriteRecordsResponse};
use crate::{ApiError, RejectedRecord};

/// Where one record of a WriteRecords request went.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordFate {
    Memory,
    Magnetic,
    Rejected(RejectedRecord),
}

impl From<Placement> for RecordFate {
    fn from(p: Placement) -> Self {
        match p {
            Placement::Memory => RecordFate::Memory,
            Placement::Magnetic => RecordFate::Magnetic,
        }
    }
}

/// The outcome of a WriteRecords call, per record, before it becomes the wire answer (both the
/// general path and the fast path build one with [`apply`]).
#[derive(Debug, Clone, PartialEq)]
pub struct WriteReport {
    pub fates: Vec<RecordFate>,
}

impl WriteReport {
    pub fn into_result(self) -> Result<WriteRecordsResponse, ApiError> {
        let rejected: Vec<RejectedRecord> = self.fates.iter().filter_map(|f| if let RecordFate::Rejected(r) = f { Some(r.clone()) } else { None }).collect();
        if !rejected.is_empty() {
            return Err(ApiError::rejected(rejected));
        }
        let memory = self.fates.iter().filter(|f| **f == RecordFate::Memory).count() as i64;
        let magnetic = self.fates.iter().filter(|f| **f == RecordFate::Magnetic).count() as i64;
        Ok(WriteRecordsResponse { records_ingested: RecordsIngested { total: memory + magnetic, memory_store: memory, magnetic_store: magnetic } })
    }
}

/// Applies already validated records to a table in index order (the ingestion window computed
/// once for the request).
pub fn apply(table: &mut TableState, now: Nanos, records: &[Effective<'_>]) -> WriteReport {
    let mut fates = Vec::with_capacity(records.len());
    let mut syms = Syms::default();
    let win = window(table, now);
    for (i, rec) in records.iter().enumerate() {
        fates.push(apply_one(table, &win, i, rec, &mut syms));
    }
    WriteReport { fates }
}

/// The table's schema, limit and ingestion-window rules for one record, without writing it:
/// where it would go, or why it is refused. Version conflicts need the write itself. `win` is
/// the table's [`window`] at the time of the write (computed once per request or batch step).
/// `syms` is scratch space (reused across records): each string of the record is looked up in
/// the table once, and the schema rules (and then the lookup and the insert) work on symbols.
pub fn precheck<'a>(table: &TableState, win: &IngestionWindow, rec: &Effective<'a>, syms: &mut Syms) -> Result<Placement, Rejection<'a>> {
    table.store.resolve(&rec.dims, rec.measure, &rec.value, syms);
    if let Some(rejection) = schema_problem(table, rec, syms) {
        return Err(rejection);
    }
    win.place(rec.time)
}

/// Record `i` of a WriteRecords request applied ([`apply_record`]), as its fate in the report.
#[inline]
pub fn apply_one(table: &mut TableState, win: &IngestionWindow, i: usize, rec: &Effective<'_>, syms: &mut Syms) -> RecordFate {
    match apply_record(table, win, rec, syms) {
        Ok(placement) => placement.into(),
        Err(r) => RecordFate::Rejected(RejectedRecord { record_index: i, reason: r.to_string(), existing_version: r.existing_version() }),
    }
}

/// Applies one record at `win.now` (`win`, `syms`: see [`precheck`]): where it went, or why it
/// was refused.
pub fn apply_record<'a>(table: &mut TableState, win: &IngestionWindow, rec: &Effective<'a>, syms: &mut Syms) -> Result<Placement, Rejection<'a>> {
    let placement = precheck(table, win, rec, syms)?;
    let now = win.now;
    let store = &mut table.store;
    match store.locate(syms, rec.time) {
        (series, None) => {
            store.insert_resolved(syms, series, &rec.dims, rec.measure, rec.time, rec.version, &rec.value, now);
            if !syms.schema_known {
                store.register_schema_resolved(syms, &rec.dims, rec.measure, &rec.value);
            }
            Ok(placement)
        }
        (_, Some(id)) => {
            let existing = *store.record(id).expect("index points at a record");
            let same = store.value_equals(&existing.value, &rec.value);
            if rec.version > existing.version {
                store.attempt(id, now, rec.version, &rec.value, Outcome::Updated);
                if !syms.schema_known {
                    store.register_schema_resolved(syms, &rec.dims, rec.measure, &rec.value);
                }
                return Ok(placement);
            }
            if same && rec.version == existing.version {
                store.attempt(id, now, rec.version, &rec.value, Outcome::Unchanged);
                return Ok(placement);
            }
            let rejection = if placement == Placement::Magnetic {
                // Version conflicts against magnetic-store data are not returned in
                // RejectedRecords: the service reports them asynchronously to the table's
                // MagneticStoreRejectedDataLocation (troubleshoot-rejectedrecords).
                Rejection::MagneticVersionConflict { existing: existing.version }
            } else if rec.version == existing.version {
                Rejection::SameVersion
            } else {
                Rejection::LowerVersion { version: rec.version, existing: existing.version }
            };
            let outcome = Outcome::Rejected { reason: rejection.to_string(), existing_version: rejection.existing_version() };
            store.attempt(id, now, rec.version, &rec.value, outcome);
            match rejection {
                Rejection::MagneticVersionConflict { .. } => Ok(placement),
                refused => Err(refused),
            }
        }
    }
}
