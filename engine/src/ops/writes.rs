//! WriteRecords exactly as spec/write-semantics.md: CommonAttributes merge, single vs MULTI
//! records, value parsing, request-level ValidationExceptions (the whole request fails, nothing
//! is written), then per-record checks against the table in index order (rejected records are
//! reported in RejectedRecords, the others are written).

use smallvec::SmallVec;

use crate::clock::{iso8601_millis, Nanos, NANOS_PER_DAY, NANOS_PER_HOUR, NANOS_PER_MINUTE};
use crate::state::TableState;
use crate::store::value::{parse_scalar, parse_time};
use crate::store::{InValue, MeasureType, Outcome, Syms};
use crate::types::{Dimension, MeasureValue, Record, RecordsIngested, WriteRecordsRequest, WriteRecordsResponse};
use crate::validate::{Diagnostic, MemberPath, Rule};
use crate::{ApiError, Engine, ErrorKind, RejectedRecord};

/// How far into the future a record may be (ts-limits: 15 minutes).
pub const FUTURE_ALLOWANCE: Nanos = 15 * NANOS_PER_MINUTE;
/// Per-table limits (ts-limits).
pub const MAX_TABLE_DIMENSIONS: usize = 128;
pub const MAX_TABLE_MEASURE_NAMES: usize = 8192;
pub const MAX_TABLE_ATTRIBUTES: usize = 1024;
pub const MAX_MEASURES_PER_MULTI: usize = 256;
/// Maximum record size and dimension name+value size per series (ts-limits: 2 KB).
pub const MAX_RECORD_BYTES: usize = 2048;

/// One record after merging CommonAttributes, parsed and checked for request-level rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective<'a> {
    /// Inline up to four (what nearly every record has); more spill to the heap.
    pub dims: SmallVec<[(&'a str, &'a str); 4]>,
    pub measure: &'a str,
    pub value: InValue<'a>,
    pub time: Nanos,
    pub version: i64,
}

impl Effective<'_> {
    fn size_bytes(&self) -> usize {
        let dims: usize = self.dims.iter().map(|(n, v)| n.len() + v.len()).sum();
        let value = match &self.value {
            InValue::Multi(attrs) => attrs.iter().map(|(n, v)| n.len() + scalar_bytes(v)).sum(),
            v => scalar_bytes(v),
        };
        dims + self.measure.len() + value + 8
    }
}

fn scalar_bytes(v: &InValue<'_>) -> usize {
    match v {
        InValue::Varchar(s) => s.len(),
        InValue::Boolean(_) => 1,
        _ => 8,
    }
}

/// Where one record went.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordFate {
    Memory,
    Magnetic,
    Rejected(RejectedRecord),
}

/// The outcome of a WriteRecords call, per record (for the UI), before it becomes a wire answer.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteReport {
    pub fates: Vec<RecordFate>,
}

impl WriteReport {
    pub fn into_result(self) -> Result<WriteRecordsResponse, ApiError> {
        let rejected: Vec<RejectedRecord> =
            self.fates.iter().filter_map(|f| if let RecordFate::Rejected(r) = f { Some(r.clone()) } else { None }).collect();
        if !rejected.is_empty() {
            return Err(ApiError::rejected(rejected));
        }
        let memory = self.fates.iter().filter(|f| **f == RecordFate::Memory).count() as i64;
        let magnetic = self.fates.iter().filter(|f| **f == RecordFate::Magnetic).count() as i64;
        Ok(WriteRecordsResponse { records_ingested: RecordsIngested { total: memory + magnetic, memory_store: memory, magnetic_store: magnetic } })
    }
}

fn diag(path: MemberPath, rule: Rule, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(path, rule, message)
}

/// `Records[i].<member>`, built only when a diagnostic needs it (the happy path allocates none).
fn at(i: usize, member: &str) -> MemberPath {
    MemberPath::root().member("Records").index(i).member(member)
}

/// `Records[i].<list>[j].<member>` (or `CommonAttributes.<list>[j].<member>`).
fn at_item(common: bool, i: usize, list: &str, j: usize, member: &str) -> MemberPath {
    let base = if common { MemberPath::root().member("CommonAttributes") } else { MemberPath::root().member("Records").index(i) };
    base.member(list).index(j).member(member)
}

/// The members of a record that [`effective`] reads, from the typed [`Record`] or straight from a
/// borrowed request tree (the WriteRecords fast path): one set of rules for both.
pub trait RecordSource<'a>: Copy {
    /// Dimensions as (name, value).
    type Dims: Iterator<Item = (&'a str, &'a str)>;
    /// Measure values as (name, value, type).
    type Measures: ExactSizeIterator<Item = (&'a str, &'a str, &'a str)>;
    fn dimensions(self) -> Option<Self::Dims>;
    fn measure_name(self) -> Option<&'a str>;
    fn measure_value(self) -> Option<&'a str>;
    fn measure_value_type(self) -> Option<&'a str>;
    fn time(self) -> Option<&'a str>;
    fn time_unit(self) -> Option<&'a str>;
    fn version(self) -> Option<i64>;
    fn measure_values(self) -> Option<Self::Measures>;
}

type DimIter<'a> = std::iter::Map<std::slice::Iter<'a, Dimension>, fn(&'a Dimension) -> (&'a str, &'a str)>;
type MeasureIter<'a> = std::iter::Map<std::slice::Iter<'a, MeasureValue>, fn(&'a MeasureValue) -> (&'a str, &'a str, &'a str)>;

impl<'a> RecordSource<'a> for &'a Record {
    type Dims = DimIter<'a>;
    type Measures = MeasureIter<'a>;
    fn dimensions(self) -> Option<DimIter<'a>> {
        Some(self.dimensions.as_ref()?.iter().map((|d: &'a Dimension| (d.name.as_str(), d.value.as_str())) as _))
    }
    fn measure_name(self) -> Option<&'a str> {
        self.measure_name.as_deref()
    }
    fn measure_value(self) -> Option<&'a str> {
        self.measure_value.as_deref()
    }
    fn measure_value_type(self) -> Option<&'a str> {
        self.measure_value_type.as_deref()
    }
    fn time(self) -> Option<&'a str> {
        self.time.as_deref()
    }
    fn time_unit(self) -> Option<&'a str> {
        self.time_unit.as_deref()
    }
    fn version(self) -> Option<i64> {
        self.version
    }
    fn measure_values(self) -> Option<MeasureIter<'a>> {
        Some(self.measure_values.as_ref()?.iter().map((|m: &'a MeasureValue| (m.name.as_str(), m.value.as_str(), m.r#type.as_str())) as _))
    }
}

/// A record whose lists are slices of borrowed strings — the WriteRecords fast path's flat
/// vectors, a CSV row's cells: the one [`RecordSource`] for both.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordParts<'a> {
    pub dimensions: Option<&'a [(&'a str, &'a str)]>,
    pub measure_name: Option<&'a str>,
    pub measure_value: Option<&'a str>,
    pub measure_value_type: Option<&'a str>,
    pub time: Option<&'a str>,
    pub time_unit: Option<&'a str>,
    pub version: Option<i64>,
    /// (name, value, type) of a MULTI record's attributes.
    pub measure_values: Option<&'a [(&'a str, &'a str, &'a str)]>,
}

impl<'a> RecordSource<'a> for RecordParts<'a> {
    type Dims = std::iter::Copied<std::slice::Iter<'a, (&'a str, &'a str)>>;
    type Measures = std::iter::Copied<std::slice::Iter<'a, (&'a str, &'a str, &'a str)>>;
    fn dimensions(self) -> Option<Self::Dims> {
        Some(self.dimensions?.iter().copied())
    }
    fn measure_name(self) -> Option<&'a str> {
        self.measure_name
    }
    fn measure_value(self) -> Option<&'a str> {
        self.measure_value
    }
    fn measure_value_type(self) -> Option<&'a str> {
        self.measure_value_type
    }
    fn time(self) -> Option<&'a str> {
        self.time
    }
    fn time_unit(self) -> Option<&'a str> {
        self.time_unit
    }
    fn version(self) -> Option<i64> {
        self.version
    }
    fn measure_values(self) -> Option<Self::Measures> {
        Some(self.measure_values?.iter().copied())
    }
}

/// Merges CommonAttributes into record `i` and applies the request-level rules. Every problem is
/// pushed to `out`; the effective record is returned only when there were none.
pub fn effective<'a, R: RecordSource<'a>>(common: Option<R>, rec: R, i: usize, out: &mut Vec<Diagnostic>) -> Option<Effective<'a>> {
    let before = out.len();
    let pick = |own: Option<&'a str>, shared: Option<&'a str>| own.or(shared);

    // Dimensions: the union of common and own; a name twice is a ValidationException.
    let mut dims: SmallVec<[(&str, &str); 4]> = SmallVec::new();
    let sources = [(common.and_then(|c| c.dimensions()), true), (rec.dimensions(), false)];
    for (list, from_common) in sources {
        for (j, (name, value)) in list.into_iter().flatten().enumerate() {
            let path = |member: &str| at_item(from_common, i, "Dimensions", j, member);
            if dims.iter().any(|(n, _)| *n == name) {
                out.push(diag(path("Name"), Rule::Semantic, format!(
                    "Dimension names must be unique in a record: the dimension {name} of record {i} is given more than once (CommonAttributes and the record's Dimensions are merged)."
                )));
            }
            if value.is_empty() {
                out.push(diag(path("Value"), Rule::Semantic, format!("The value of dimension {name} must not be empty.")));
            }
            dims.push((name, value));
        }
    }
    if dims.is_empty() {
        out.push(diag(at(i, "Dimensions"), Rule::Semantic, "At least one dimension is required for a record."));
    }

    let measure = pick(rec.measure_name(), common.and_then(|c| c.measure_name()));
    let ty_text = pick(rec.measure_value_type(), common.and_then(|c| c.measure_value_type())).unwrap_or("DOUBLE");
    let ty = MeasureType::parse(ty_text).unwrap_or(MeasureType::Double);
    let unit = pick(rec.time_unit(), common.and_then(|c| c.time_unit()));
    let scalar = pick(rec.measure_value(), common.and_then(|c| c.measure_value()));
    let multi = rec.measure_values().or_else(|| common.and_then(|c| c.measure_values()));
    let time = pick(rec.time(), common.and_then(|c| c.time()));
    let version = rec.version().or(common.and_then(|c| c.version())).unwrap_or(1);

    if measure.is_none() {
        out.push(diag(at(i, "MeasureName"), Rule::Semantic, "MeasureName is required for a record."));
    }
    let value = if ty == MeasureType::Multi {
        if scalar.is_some() {
            out.push(diag(at(i, "MeasureValue"), Rule::Semantic, "MeasureValue cannot be specified for a record with MeasureValueType MULTI; use MeasureValues."));
        }
        match multi {
            None => {
                out.push(diag(at(i, "MeasureValues"), Rule::Semantic, "MeasureValues is required for a record with MeasureValueType MULTI."));
                None
            }
            Some(list) if list.len() == 0 => {
                out.push(diag(at(i, "MeasureValues"), Rule::Semantic, "MeasureValues must contain at least one measure value for a record with MeasureValueType MULTI."));
                None
            }
            Some(list) => {
                let mut attrs: Vec<(&str, InValue<'_>)> = Vec::with_capacity(list.len());
                for (j, (mv_name, mv_value, mv_type)) in list.enumerate() {
                    let path = |member: &str| at_item(false, i, "MeasureValues", j, member);
                    let Some(aty) = MeasureType::parse(mv_type) else { continue };
                    if aty == MeasureType::Multi {
                        out.push(diag(path("Type"), Rule::Semantic, "MULTI is an invalid measure value type."));
                        continue;
                    }
                    if attrs.iter().any(|(n, _)| *n == mv_name) {
                        out.push(diag(path("Name"), Rule::Semantic, format!("Measure value names must be unique in a record: {mv_name} is given more than once.")));
                    }
                    if dims.iter().any(|(n, _)| *n == mv_name) {
                        out.push(diag(path("Name"), Rule::Semantic, format!("The measure value name {mv_name} is also a dimension name of the record; column names must be unique.")));
                    }
                    match parse_scalar(aty, mv_value, unit) {
                        Some(v) => attrs.push((mv_name, v)),
                        None => out.push(diag(path("Value"), Rule::Semantic, format!("Invalid value {mv_value} for {} measure value type.", aty.as_str().to_ascii_lowercase()))),
                    }
                }
                Some(InValue::Multi(attrs))
            }
        }
    } else {
        if multi.is_some() {
            out.push(diag(at(i, "MeasureValues"), Rule::Semantic, format!("MeasureValues can only be specified for a record with MeasureValueType MULTI, not {}.", ty.as_str())));
        }
        if ty == MeasureType::Timestamp {
            out.push(diag(at(i, "MeasureValueType"), Rule::Semantic, "TIMESTAMP is an invalid measure value type."));
            None
        } else {
            match scalar {
                None => {
                    out.push(diag(at(i, "MeasureValue"), Rule::Semantic, format!("MeasureValue is required for a record with MeasureValueType {}.", ty.as_str())));
                    None
                }
                Some(text) => match parse_scalar(ty, text, unit) {
                    Some(v) => Some(v),
                    None => {
                        out.push(diag(at(i, "MeasureValue"), Rule::Semantic, format!("Invalid value {text} for {} measure value type.", ty.as_str().to_ascii_lowercase())));
                        None
                    }
                },
            }
        }
    };
    if let Some(m) = measure {
        if dims.iter().any(|(n, _)| *n == m) {
            out.push(diag(at(i, "MeasureName"), Rule::Semantic, format!("The measure name {m} is also a dimension name of the record; column names must be unique.")));
        }
    }
    let time_ns = match time {
        None => {
            out.push(diag(at(i, "Time"), Rule::Semantic, "Time is required for a record."));
            None
        }
        Some(t) => match parse_time(t, unit) {
            Some(ns) => Some(ns),
            None => {
                out.push(diag(at(i, "Time"), Rule::Semantic, "Invalid time for record."));
                None
            }
        },
    };
    if out.len() > before {
        return None;
    }
    Some(Effective { dims, measure: measure?, value: value?, time: time_ns?, version })
}

/// All request-level problems of a WriteRecords request (after the model table passed).
pub fn request_diagnostics(req: &WriteRecordsRequest) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, rec) in req.records.iter().enumerate() {
        effective(req.common_attributes.as_ref(), rec, i, &mut out);
    }
    out
}

fn reject(index: usize, reason: String, existing_version: Option<i64>) -> RecordFate {
    RecordFate::Rejected(RejectedRecord { record_index: index, reason, existing_version })
}

/// The ingestion window of a table at `now`.
pub fn window(table: &TableState, now: Nanos) -> crate::inspect::IngestionWindow {
    let memory = table.retention.memory_store_retention_period_in_hours.saturating_mul(NANOS_PER_HOUR);
    let magnetic = table.retention.magnetic_store_retention_period_in_days.saturating_mul(NANOS_PER_DAY);
    let memory_start = now.saturating_sub(memory);
    crate::inspect::IngestionWindow {
        now,
        memory_start,
        magnetic_start: table.magnetic.enable_magnetic_store_writes.then(|| memory_start.saturating_sub(magnetic)),
        end: now.saturating_add(FUTURE_ALLOWANCE),
    }
}

/// The window check: where a record at `time` goes, or why it is refused.
fn placement(table: &TableState, now: Nanos, time: Nanos) -> Result<RecordFate, String> {
    let w = window(table, now);
    let (memory_start, end) = (w.memory_start, w.end);
    if time >= memory_start && time < end {
        return Ok(RecordFate::Memory);
    }
    if let Some(start) = w.magnetic_start {
        if time >= start && time < memory_start {
            return Ok(RecordFate::Magnetic);
        }
        return Err(format!(
            "The record timestamp is outside the time range [{}, {}) of the data ingestion window.",
            iso8601_millis(start),
            iso8601_millis(end)
        ));
    }
    Err(format!(
        "The record timestamp is outside the time range [{}, {}) of the memory store.",
        iso8601_millis(memory_start),
        iso8601_millis(end)
    ))
}

/// Schema and limit rules of the table for one record (per-record rejections). When there is
/// none, `syms.schema_known` tells whether the table already knows every name of the record
/// with its type (then writing it changes no schema).
fn schema_problem(table: &TableState, rec: &Effective<'_>, syms: &mut Syms) -> Option<String> {
    syms.schema_known = false;
    let store = &table.store;
    if let Some((key, true)) = table.dimension_key() {
        if !rec.dims.iter().any(|(n, _)| *n == key) {
            return Some(format!(
                "The record is missing the dimension {key}, which the table's composite partition key requires (EnforcementInRecord is REQUIRED)."
            ));
        }
    }
    if rec.size_bytes() > MAX_RECORD_BYTES {
        return Some(format!("The record size of {} bytes exceeds the maximum record size of {MAX_RECORD_BYTES} bytes.", rec.size_bytes()));
    }
    if syms.schema_seen(&rec.value) {
        syms.schema_known = true;
        return None;
    }
    let ty = rec.value.measure_type();
    let existing_type = store.measure_type_sym(syms.measure);
    match existing_type {
        Some(existing) if existing != ty => {
            return Some(format!(
                "The measure name {} already has the measure value type {} in this table; it cannot be written as {}.",
                rec.measure,
                existing.as_str(),
                ty.as_str()
            ))
        }
        None if store.measure_name_count() >= MAX_TABLE_MEASURE_NAMES => {
            return Some(format!("The table already has the maximum of {MAX_TABLE_MEASURE_NAMES} measure names."))
        }
        _ => {}
    }
    if store.is_dimension_sym(syms.measure) {
        return Some(format!("The measure name {} is already used as a dimension name in this table.", rec.measure));
    }
    let mut new_dims = 0;
    for ((name, _), &(sym, _)) in rec.dims.iter().zip(&syms.dims) {
        if store.measure_type_sym(sym).is_some() || store.attribute_type_sym(sym).is_some() {
            return Some(format!("The dimension name {name} is already used as a measure name in this table."));
        }
        if !store.is_dimension_sym(sym) {
            new_dims += 1;
        }
    }
    let mut new_names = new_dims;
    if store.dimension_name_count() + new_dims > MAX_TABLE_DIMENSIONS {
        return Some(format!("The record would exceed the maximum of {MAX_TABLE_DIMENSIONS} dimensions per table."));
    }
    if let InValue::Multi(attrs) = &rec.value {
        if attrs.len() > MAX_MEASURES_PER_MULTI {
            return Some(format!("The record has {} measure values; a multi-measure record can have at most {MAX_MEASURES_PER_MULTI}.", attrs.len()));
        }
        let mut new_attrs = 0;
        for ((name, v), &sym) in attrs.iter().zip(&syms.attrs) {
            match store.attribute_type_sym(sym) {
                Some(existing) if existing != v.measure_type() => {
                    return Some(format!(
                        "The measure value {name} already has the type {} in this table; it cannot be written as {}.",
                        existing.as_str(),
                        v.measure_type().as_str()
                    ))
                }
                None => new_attrs += 1,
                _ => {}
            }
            if store.is_dimension_sym(sym) {
                return Some(format!("The measure value name {name} is already used as a dimension name in this table."));
            }
        }
        new_names += new_attrs;
        if store.attribute_name_count() + new_attrs > MAX_TABLE_ATTRIBUTES {
            return Some(format!("The record would exceed the maximum of {MAX_TABLE_ATTRIBUTES} multi-measure attributes per table."));
        }
    }
    syms.schema_known = existing_type.is_some() && new_names == 0;
    if syms.schema_known {
        syms.remember_schema(&rec.value);
    }
    None
}

/// Applies already validated records to a table in index order.
pub fn apply(table: &mut TableState, now: Nanos, records: &[Effective<'_>]) -> WriteReport {
    let mut fates = Vec::with_capacity(records.len());
    let mut syms = Syms::default();
    for (i, rec) in records.iter().enumerate() {
        fates.push(apply_one(table, now, i, rec, &mut syms));
    }
    WriteReport { fates }
}

/// The table's schema, limit and ingestion-window rules for one record, without writing it:
/// where it would go, or the rejection reason. Version conflicts need the write itself.
/// `syms` is scratch space (reused across records): each string of the record is looked up in
/// the table once, and the schema rules (and then the lookup and the insert) work on symbols.
pub fn precheck(table: &TableState, now: Nanos, rec: &Effective<'_>, syms: &mut Syms) -> Result<RecordFate, String> {
    table.store.resolve(&rec.dims, rec.measure, &rec.value, syms);
    if let Some(reason) = schema_problem(table, rec, syms) {
        return Err(reason);
    }
    placement(table, now, rec.time)
}

/// Applies one record (`syms`: scratch space, see [`precheck`]).
pub fn apply_one(table: &mut TableState, now: Nanos, i: usize, rec: &Effective<'_>, syms: &mut Syms) -> RecordFate {
    let fate = match precheck(table, now, rec, syms) {
        Ok(f) => f,
        Err(reason) => return reject(i, reason, None),
    };
    let store = &mut table.store;
    match store.locate(syms, rec.time) {
        (series, None) => {
            store.insert_resolved(syms, series, &rec.dims, rec.measure, rec.time, rec.version, &rec.value, now);
            if !syms.schema_known {
                store.register_schema_resolved(syms, &rec.dims, rec.measure, &rec.value);
            }
            fate
        }
        (_, Some(id)) => {
            let existing = *store.record(id).expect("index points at a record");
            let same = store.value_equals(&existing.value, &rec.value);
            if rec.version > existing.version {
                store.attempt(id, now, rec.version, &rec.value, Outcome::Updated);
                if !syms.schema_known {
                    store.register_schema_resolved(syms, &rec.dims, rec.measure, &rec.value);
                }
                fate
            } else if same && rec.version == existing.version {
                store.attempt(id, now, rec.version, &rec.value, Outcome::Unchanged);
                fate
            } else if fate == RecordFate::Magnetic {
                // Version conflicts against magnetic-store data are not returned in
                // RejectedRecords: the service reports them asynchronously to the table's
                // MagneticStoreRejectedDataLocation (troubleshoot-rejectedrecords).
                let reason = format!(
                    "Version conflict with the existing version {} in the magnetic store: reported asynchronously to the table's MagneticStoreRejectedDataLocation, not in RejectedRecords.",
                    existing.version
                );
                store.attempt(id, now, rec.version, &rec.value, Outcome::Rejected { reason, existing_version: Some(existing.version) });
                fate
            } else if rec.version == existing.version {
                let reason = "A record already exists with the same time, dimensions, measure name, and record version. A higher record version must be specified in order to update the measure value. Specifying record version is supported by the latest SDKs.".to_string();
                store.attempt(id, now, rec.version, &rec.value, Outcome::Rejected { reason: reason.clone(), existing_version: None });
                reject(i, reason, None)
            } else {
                let reason = format!(
                    "The record version {} is lower than the existing version {}. A higher version is required to update the measure value.",
                    rec.version, existing.version
                );
                store.attempt(id, now, rec.version, &rec.value, Outcome::Rejected { reason: reason.clone(), existing_version: Some(existing.version) });
                reject(i, reason, Some(existing.version))
            }
        }
    }
}

/// The typed WriteRecords: a per-record report, or the request-level error.
pub fn write_report(engine: &mut Engine, req: &WriteRecordsRequest) -> Result<WriteReport, ApiError> {
    let now = engine.now();
    super::tables::get(engine, &req.database_name, &req.table_name)?;
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
    let table = super::tables::get_mut(engine, &req.database_name, &req.table_name)?;
    Ok(apply(table, now, &records))
}

pub fn write(engine: &mut Engine, req: WriteRecordsRequest) -> Result<WriteRecordsResponse, ApiError> {
    write_report(engine, &req)?.into_result()
}
