//! WriteRecords (the general path; `ops::fast` takes valid requests first): the request rules
//! for every record — any problem fails the whole request with a ValidationException and
//! nothing is written — then each record against the table in index order (`crate::write`):
//! rejected records are reported in RejectedRecords, the others are written.

use super::tables;
use crate::types::{WriteRecordsRequest, WriteRecordsResponse};
use crate::write::{apply, effective};
use crate::{ApiError, Engine, ErrorKind};

pub fn write(engine: &mut Engine, req: WriteRecordsRequest) -> Result<WriteRecordsResponse, ApiError> {
    let now = engine.now();
    tables::get(engine, &req.database_name, &req.table_name)?;
    let mut diags = Vec::new();
    let mut records = Vec::with_capacity(req.records.len());
    for (i, rec) in req.records.iter().enumerate() {
        if let Some(e) = effective(req.common_attributes.as_ref(), rec, i, &mut diags) {
            records.push(e);
        }
    }
    if !diags.is_empty() {
        return Err(ApiError::from_diagnostics(ErrorKind::Validation, diags));
    }
    let table = tables::get_mut(engine, &req.database_name, &req.table_name)?;
    apply(table, now, &records).into_result()
}
