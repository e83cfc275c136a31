//! The stricter documented limits: a second table over the service model, keyed by member path
//! (`Operation.Member[].Member`, the form of `model-constraints.json`), applied by the same
//! walker. Each rule names its source with the spec's tags (resolved in
//! /work/shared/spec/*.md, listed in docs/validation.md).

/// One extra check on a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// String length in UTF-8 bytes at least N (reported as `MinLength`).
    MinBytes(usize),
    /// String length in UTF-8 bytes at most N (reported as `MaxBytes`).
    MaxBytes(usize),
    /// String length in characters at least N (reported as `MinLength`).
    MinChars(usize),
    /// Integer value at least N (reported as `MinValue`).
    MinValue(i64),
    /// Tag keys and values: Unicode letters, digits, white space and `+ - = . _ : / @`.
    TagChars,
    /// Tag keys must not start with `aws:` (any letter case).
    NoAwsPrefix,
    /// Reserved dimension names: exact names, reserved prefixes, and no `:`.
    DimensionName,
    /// Reserved measure names: exact names and reserved prefixes.
    MeasureName,
}

impl Check {
    /// Length checks run with the model's length checks (before pattern and enum); the others
    /// after them.
    pub fn is_length(self) -> bool {
        matches!(self, Check::MinBytes(_) | Check::MaxBytes(_) | Check::MinChars(_))
    }
}

/// One overlay rule: the check, the member paths it applies to, and where it comes from.
#[derive(Debug, Clone, Copy)]
pub struct OverlayRule {
    pub id: &'static str,
    pub check: Check,
    pub paths: &'static [&'static str],
    /// Source tags of the spec.
    #[cfg_attr(not(test), allow(dead_code))] // read by the test of the table
    pub source: &'static str,
}

const CREATE_NAMES: &[&str] = &[
    "CreateDatabase.DatabaseName",
    "CreateTable.DatabaseName",
    "CreateTable.TableName",
    "CreateBatchLoadTask.TargetDatabaseName",
    "CreateBatchLoadTask.TargetTableName",
];

const DIMENSION_NAMES: &[&str] = &["WriteRecords.Records[].Dimensions[].Name", "WriteRecords.CommonAttributes.Dimensions[].Name"];

const MEASURE_NAMES: &[&str] = &["WriteRecords.Records[].MeasureName", "WriteRecords.CommonAttributes.MeasureName"];

const MEASURE_VALUE_NAMES: &[&str] = &["WriteRecords.Records[].MeasureValues[].Name", "WriteRecords.CommonAttributes.MeasureValues[].Name"];

const VERSIONS: &[&str] = &["WriteRecords.Records[].Version", "WriteRecords.CommonAttributes.Version", "CreateBatchLoadTask.RecordVersion"];

const TAG_KEYS: &[&str] = &["CreateDatabase.Tags[].Key", "CreateTable.Tags[].Key", "TagResource.Tags[].Key", "UntagResource.TagKeys[]"];

const TAG_VALUES: &[&str] = &["CreateDatabase.Tags[].Value", "CreateTable.Tags[].Value", "TagResource.Tags[].Value"];

const DIMENSION_TARGETS: &[&str] = &[
    "WriteRecords.Records[].Dimensions[].Name",
    "WriteRecords.CommonAttributes.Dimensions[].Name",
    "CreateBatchLoadTask.DataModelConfiguration.DataModel.DimensionMappings[].DestinationColumn",
];

const MEASURE_TARGETS: &[&str] = &[
    "WriteRecords.Records[].MeasureName",
    "WriteRecords.CommonAttributes.MeasureName",
    "WriteRecords.Records[].MeasureValues[].Name",
    "WriteRecords.CommonAttributes.MeasureValues[].Name",
    "CreateBatchLoadTask.DataModelConfiguration.DataModel.MultiMeasureMappings.TargetMultiMeasureName",
    "CreateBatchLoadTask.DataModelConfiguration.DataModel.MultiMeasureMappings.MultiMeasureAttributeMappings[].TargetMultiMeasureAttributeName",
    "CreateBatchLoadTask.DataModelConfiguration.DataModel.MixedMeasureMappings[].MeasureName",
    "CreateBatchLoadTask.DataModelConfiguration.DataModel.MixedMeasureMappings[].TargetMeasureName",
    "CreateBatchLoadTask.DataModelConfiguration.DataModel.MixedMeasureMappings[].MultiMeasureAttributeMappings[].TargetMultiMeasureAttributeName",
];

/// The overlay, in the order its checks run on one member.
pub static OVERLAY: &[OverlayRule] = &[
    // Database/table names on the create operations: 3..256 bytes. The current model has only a
    // pattern there (the 2021 model had 3..64); API reference min 3 max 256, quota page "256 bytes".
    // On the other operations names have no constraint in the current model: none added.
    OverlayRule {
        id: "create-name-min-bytes",
        check: Check::MinBytes(3),
        paths: CREATE_NAMES,
        source: "operations.md §0 [APIREF-CreateDatabase] [LIM] [M120]",
    },
    OverlayRule { id: "create-name-max-bytes", check: Check::MaxBytes(256), paths: CREATE_NAMES, source: "operations.md §0 [APIREF-CreateDatabase] [LIM]" },
    // Dimension names: 60 bytes (model SchemaName: min 1 only).
    OverlayRule {
        id: "dimension-name-max-bytes",
        check: Check::MaxBytes(60),
        paths: DIMENSION_NAMES,
        source: "write-semantics.md §9, §10 [LIM] [APIREF-Dimension]",
    },
    // Measure names: 256 bytes.
    OverlayRule {
        id: "measure-name-max-bytes", check: Check::MaxBytes(256), paths: MEASURE_NAMES, source: "write-semantics.md §9, §10 [LIM] [APIREF-Record]"
    },
    // Multi-measure attribute names are measure names too: 256 bytes.
    OverlayRule {
        id: "measure-value-name-max-bytes",
        check: Check::MaxBytes(256),
        paths: MEASURE_VALUE_NAMES,
        source: "write-semantics.md §9 [LIM] (derived: attribute names follow measure-name limits)",
    },
    // Version >= 1 (model RecordVersion has no range; its documentation says versions start at 1
    // and a Version < 1 fails the whole request).
    OverlayRule { id: "version-min", check: Check::MinValue(1), paths: VERSIONS, source: "write-semantics.md §11 [M]" },
    // Tag values cannot be empty (model TagValue min 0 — CONFLICT, the stricter doc wins).
    OverlayRule { id: "tag-value-min", check: Check::MinChars(1), paths: TAG_VALUES, source: "operations.md §12 [TAG]" },
    // Tag keys and values: allowed characters.
    OverlayRule { id: "tag-key-chars", check: Check::TagChars, paths: TAG_KEYS, source: "operations.md §12 [TAG]" },
    OverlayRule { id: "tag-value-chars", check: Check::TagChars, paths: TAG_VALUES, source: "operations.md §12 [TAG]" },
    // Tag keys: the `aws:` prefix is reserved.
    OverlayRule { id: "tag-key-aws-prefix", check: Check::NoAwsPrefix, paths: TAG_KEYS, source: "operations.md §12 [TAG]" },
    // Reserved system identifiers and prefixes; dimension names also must not contain ':'.
    OverlayRule { id: "dimension-reserved", check: Check::DimensionName, paths: DIMENSION_TARGETS, source: "write-semantics.md §9 [LIM naming] [IOT]" },
    OverlayRule { id: "measure-reserved", check: Check::MeasureName, paths: MEASURE_TARGETS, source: "write-semantics.md §9 [LIM naming]" },
];

/// Exact reserved names for dimensions (`[LIM naming]` system identifiers + `[IOT]`).
pub const RESERVED_DIMENSION_NAMES: &[&str] = &["measure_value", "ts_non_existent_col", "time", "measure_name"];
/// Exact reserved names for measures (`[LIM naming]` system identifiers).
pub const RESERVED_MEASURE_NAMES: &[&str] = &["measure_value", "ts_non_existent_col", "time"];
/// Reserved prefixes for both (`[LIM naming]`: `ts_`, `measure_name`; `[IOT]`: `measure_value`).
pub const RESERVED_PREFIXES: &[&str] = &["ts_", "measure_name", "measure_value"];

pub const TAG_CHARS_TEXT: &str = "Member must contain only letters, digits, white space and + - = . _ : / @";

/// Runs a semantic check on a string; calls `emit` with the constraint text of each failure.
pub fn check_string(check: Check, s: &str, mut emit: impl FnMut(String)) {
    match check {
        Check::TagChars => {
            if !s.chars().all(|c| c.is_alphabetic() || c.is_numeric() || c.is_whitespace() || "+-=._:/@".contains(c)) {
                emit(TAG_CHARS_TEXT.to_string());
            }
        }
        Check::NoAwsPrefix => {
            if s.len() >= 4 && s.as_bytes()[..4].eq_ignore_ascii_case(b"aws:") {
                emit("Member must not start with 'aws:'".to_string());
            }
        }
        Check::DimensionName | Check::MeasureName => {
            let exact = if check == Check::DimensionName { RESERVED_DIMENSION_NAMES } else { RESERVED_MEASURE_NAMES };
            // Every reserved name and prefix starts with 't' or 'm'.
            if !matches!(s.as_bytes().first(), Some(b't' | b'm')) {
            } else if exact.contains(&s) {
                emit("Member must not be a reserved name".to_string());
            } else if let Some(p) = RESERVED_PREFIXES.iter().find(|p| s.starts_with(**p)) {
                emit(format!("Member must not start with the reserved prefix '{p}'"));
            }
            if check == Check::DimensionName && s.contains(':') {
                emit("Member must not contain ':'".to_string());
            }
        }
        Check::MinBytes(_) | Check::MaxBytes(_) | Check::MinChars(_) | Check::MinValue(_) => {}
    }
}
