//! Where a record's members come from: the typed [`Record`] of the general path, or
//! [`RecordParts`] (slices of borrowed strings: the WriteRecords fast path's flat vectors, a CSV
//! row's cells). The request rules ([`super::effective`]) read every kind through [`RecordSource`].

use crate::types::{Dimension, MeasureValue, Record};

/// The members of a record that [`super::effective`] reads, from the typed [`Record`] or straight from a
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
