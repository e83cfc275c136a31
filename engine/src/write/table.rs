//! The table's rules for one record (per-record rejections): its composite partition key, the
//! record size, and its schema — one type per measure name and per multi-measure attribute, a
//! name is a dimension or a measure but not both — within the table's limits (ts-limits).
//! A record's size is checked as two limits: 2,048 bytes of measure values (names not
//! counted) and 2 KB of dimension names and values (docs/assumptions.md, "Record size").

use super::record::Effective;
use super::rejection::Rejection;
use crate::state::TableState;
use crate::store::{InValue, Syms};

/// Per-table limits (ts-limits).
pub const MAX_TABLE_DIMENSIONS: usize = 128;
pub const MAX_TABLE_MEASURE_NAMES: usize = 8192;
pub const MAX_TABLE_ATTRIBUTES: usize = 1024;
pub const MAX_MEASURES_PER_MULTI: usize = 256;
/// Measure value size per record (ts-limits: 2,048 bytes; 256 DOUBLE measures fill it exactly,
/// so names are not counted).
pub const MAX_MEASURE_VALUE_BYTES: usize = 2048;
/// Dimension name+value size per series (ts-limits: 2 KB).
pub const MAX_DIMENSION_BYTES: usize = 2048;

/// Schema and limit rules of the table for one record. When there is no problem,
/// `syms.schema_known` tells whether the table already knows every name of the record with its
/// type (then writing it changes no schema).
pub(super) fn schema_problem<'a>(table: &TableState, rec: &Effective<'a>, syms: &mut Syms) -> Option<Rejection<'a>> {
    syms.schema_known = false;
    let store = &table.store;
    if let Some((key, true)) = table.dimension_key() {
        if !rec.dims.iter().any(|(n, _)| *n == key) {
            return Some(Rejection::MissingPartitionKey { key: key.to_string() });
        }
    }
    if let InValue::Multi(attrs) = &rec.value {
        if attrs.len() > MAX_MEASURES_PER_MULTI {
            return Some(Rejection::TooManyMeasureValues { count: attrs.len() });
        }
    }
    let bytes = rec.value_bytes();
    if bytes > MAX_MEASURE_VALUE_BYTES {
        return Some(Rejection::MeasureValuesTooLarge { bytes });
    }
    let bytes = rec.dimension_bytes();
    if bytes > MAX_DIMENSION_BYTES {
        return Some(Rejection::DimensionsTooLarge { bytes });
    }
    if syms.schema_seen(&rec.value) {
        syms.schema_known = true;
        return None;
    }
    let ty = rec.value.measure_type();
    let existing_type = store.measure_type_sym(syms.measure);
    match existing_type {
        Some(existing) if existing != ty => return Some(Rejection::MeasureTypeConflict { measure: rec.measure, existing, written: ty }),
        None if store.measure_name_count() >= MAX_TABLE_MEASURE_NAMES => return Some(Rejection::TooManyMeasureNames),
        _ => {}
    }
    if store.is_dimension_sym(syms.measure) {
        return Some(Rejection::MeasureIsDimension { measure: rec.measure });
    }
    let mut new_dims = 0;
    for (&(name, _), &(sym, _)) in rec.dims.iter().zip(&syms.dims) {
        if store.measure_type_sym(sym).is_some() || store.attribute_type_sym(sym).is_some() {
            return Some(Rejection::DimensionIsMeasure { name });
        }
        if !store.is_dimension_sym(sym) {
            new_dims += 1;
        }
    }
    let mut new_names = new_dims;
    if store.dimension_name_count() + new_dims > MAX_TABLE_DIMENSIONS {
        return Some(Rejection::TooManyDimensions);
    }
    if let InValue::Multi(attrs) = &rec.value {
        let mut new_attrs = 0;
        for (&(name, ref v), &sym) in attrs.iter().zip(&syms.attrs) {
            match store.attribute_type_sym(sym) {
                Some(existing) if existing != v.measure_type() => return Some(Rejection::AttributeTypeConflict { name, existing, written: v.measure_type() }),
                None => new_attrs += 1,
                _ => {}
            }
            if store.is_dimension_sym(sym) {
                return Some(Rejection::AttributeIsDimension { name });
            }
        }
        new_names += new_attrs;
        if store.attribute_name_count() + new_attrs > MAX_TABLE_ATTRIBUTES {
            return Some(Rejection::TooManyAttributes);
        }
    }
    syms.schema_known = existing_type.is_some() && new_names == 0;
    if syms.schema_known {
        syms.remember_schema(&rec.value);
    }
    None
}
