//! Why the table refuses a record: one variant per rule, whose `Display` is the Reason the
//! service gives in RejectedRecords (and the batch-load error report, see
//! `batch::report::report_reason`).

use std::fmt;

use super::table::{MAX_DIMENSION_BYTES, MAX_MEASURES_PER_MULTI, MAX_MEASURE_VALUE_BYTES, MAX_TABLE_ATTRIBUTES, MAX_TABLE_DIMENSIONS, MAX_TABLE_MEASURE_NAMES};
use crate::clock::{iso8601_millis, Nanos};
use crate::store::MeasureType;

/// A per-record refusal; names borrow the record's strings.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejection<'a> {
    /// The table's REQUIRED dimension partition key is not among the record's dimensions.
    MissingPartitionKey { key: String },
    /// More than [`MAX_MEASURE_VALUE_BYTES`] of measure values.
    MeasureValuesTooLarge { bytes: usize },
    /// More than [`MAX_DIMENSION_BYTES`] of dimension names and values.
    DimensionsTooLarge { bytes: usize },
    /// The measure name already has another type in the table.
    MeasureTypeConflict { measure: &'a str, existing: MeasureType, written: MeasureType },
    /// A new measure name in a table with [`MAX_TABLE_MEASURE_NAMES`].
    TooManyMeasureNames,
    /// The measure name is a dimension name of the table.
    MeasureIsDimension { measure: &'a str },
    /// A dimension name is a measure (or multi-measure attribute) name of the table.
    DimensionIsMeasure { name: &'a str },
    /// New dimension names beyond [`MAX_TABLE_DIMENSIONS`].
    TooManyDimensions,
    /// More measure values than [`MAX_MEASURES_PER_MULTI`] in one MULTI record.
    TooManyMeasureValues { count: usize },
    /// A multi-measure attribute already has another type in the table.
    AttributeTypeConflict { name: &'a str, existing: MeasureType, written: MeasureType },
    /// A multi-measure attribute name is a dimension name of the table.
    AttributeIsDimension { name: &'a str },
    /// New multi-measure attribute names beyond [`MAX_TABLE_ATTRIBUTES`].
    TooManyAttributes,
    /// Outside `[start, end)` with magnetic-store writes enabled.
    OutsideIngestionWindow { start: Nanos, end: Nanos },
    /// Outside `[start, end)`, the memory store's part of the window (magnetic writes off).
    OutsideMemoryStore { start: Nanos, end: Nanos },
    /// The same identity and version as the stored record, with another value (the same value
    /// is an idempotent re-send, accepted).
    SameVersion,
    /// A lower version than the stored record's.
    LowerVersion { version: i64, existing: i64 },
    /// A version conflict against magnetic-store data: the service reports it asynchronously to
    /// the table's MagneticStoreRejectedDataLocation, so it only shows in the record's history.
    MagneticVersionConflict { existing: i64 },
}

impl Rejection<'_> {
    /// The stored version the service names beside the reason (`ExistingVersion`).
    pub fn existing_version(&self) -> Option<i64> {
        match self {
            Rejection::LowerVersion { existing, .. } | Rejection::MagneticVersionConflict { existing } => Some(*existing),
            _ => None,
        }
    }

    /// Whether the record is refused for its time (outside the ingestion window).
    pub fn is_outside_window(&self) -> bool {
        matches!(self, Rejection::OutsideIngestionWindow { .. } | Rejection::OutsideMemoryStore { .. })
    }
}

impl fmt::Display for Rejection<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::MissingPartitionKey { key } => write!(
                f,
                "The record is missing the dimension {key}, which the table's composite partition key requires (EnforcementInRecord is REQUIRED)."
            ),
            Rejection::MeasureValuesTooLarge { bytes } => write!(
                f,
                "The measure values of the record take {bytes} bytes; a record can have at most {MAX_MEASURE_VALUE_BYTES} bytes of measure values."
            ),
            Rejection::DimensionsTooLarge { bytes } => write!(
                f,
                "The dimensions of the record take {bytes} bytes; a series can have at most {MAX_DIMENSION_BYTES} bytes of dimension names and values."
            ),
            Rejection::MeasureTypeConflict { measure, existing, written } => write!(
                f,
                "The measure name {measure} already has the measure value type {} in this table; it cannot be written as {}.",
                existing.as_str(),
                written.as_str()
            ),
            Rejection::TooManyMeasureNames => write!(f, "The table already has the maximum of {MAX_TABLE_MEASURE_NAMES} measure names."),
            Rejection::MeasureIsDimension { measure } => write!(f, "The measure name {measure} is already used as a dimension name in this table."),
            Rejection::DimensionIsMeasure { name } => write!(f, "The dimension name {name} is already used as a measure name in this table."),
            Rejection::TooManyDimensions => write!(f, "The record would exceed the maximum of {MAX_TABLE_DIMENSIONS} dimensions per table."),
            Rejection::TooManyMeasureValues { count } => {
                write!(f, "The record has {count} measure values; a multi-measure record can have at most {MAX_MEASURES_PER_MULTI}.")
            }
            Rejection::AttributeTypeConflict { name, existing, written } => write!(
                f,
                "The measure value {name} already has the type {} in this table; it cannot be written as {}.",
                existing.as_str(),
                written.as_str()
            ),
            Rejection::AttributeIsDimension { name } => write!(f, "The measure value name {name} is already used as a dimension name in this table."),
            Rejection::TooManyAttributes => {
                write!(f, "The record would exceed the maximum of {MAX_TABLE_ATTRIBUTES} multi-measure attributes per table.")
            }
            Rejection::OutsideIngestionWindow { start, end } => write!(
                f,
                "The record timestamp is outside the time range [{}, {}) of the data ingestion window.",
                iso8601_millis(*start),
                iso8601_millis(*end)
            ),
            Rejection::OutsideMemoryStore { start, end } => write!(
                f,
                "The record timestamp is outside the time range [{}, {}) of the memory store.",
                iso8601_millis(*start),
                iso8601_millis(*end)
            ),
            Rejection::SameVersion => f.write_str(
                "A record already exists with the same time, dimensions, measure name, and record version. A higher record version must be specified in order to update the measure value. Specifying record version is supported by the latest SDKs.",
            ),
            Rejection::LowerVersion { version, existing } => write!(
                f,
                "The record version {version} is lower than the existing version {existing}. A higher version is required to update the measure value."
            ),
            Rejection::MagneticVersionConflict { existing } => write!(
                f,
                "Version conflict with the existing version {existing} in the magnetic store: reported asynchronously to the table's MagneticStoreRejectedDataLocation, not in RejectedRecords."
            ),
        }
    }
}
