//! The record store as a self-contained document (snapshots, share links): strings resolved,
//! rebuilt by replaying the records on load.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::value::{parse_scalar, InValue, MeasureType, ValueView};
use super::{Attempt, AttemptView, RecordStore, NO_HISTORY};

#[derive(Serialize, Default)]
struct Portable {
    series: Vec<Vec<(String, String)>>,
    records: Vec<PortableRecord>,
}

crate::value_de::lean_reader!(Portable, Snake; series, records);

#[derive(Serialize, Default)]
struct PortableRecord {
    s: u32,
    m: String,
    t: i64,
    v: i64,
    val: ValueView,
    w: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    h: Vec<AttemptView>,
}

crate::value_de::lean_reader!(PortableRecord, Snake; s, m, t, v, val, w, #[default] h);

/// A value view back into a request value (timestamps are stored in nanoseconds).
fn to_in(view: &ValueView) -> Option<InValue<'_>> {
    match view.r#type {
        MeasureType::Multi => {
            let attrs = view.measure_values.as_ref()?;
            let mut out = Vec::with_capacity(attrs.len());
            for a in attrs {
                out.push((a.name.as_str(), parse_scalar(a.r#type, &a.value, Some("NANOSECONDS"))?));
            }
            Some(InValue::Multi(out))
        }
        ty => parse_scalar(ty, view.value.as_deref()?, Some("NANOSECONDS")),
    }
}

impl Serialize for RecordStore {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let series = (0..self.series.len() as u32).map(|i| self.series_dimensions(i)).collect();
        let records = (0..self.records.len() as u32)
            .map(|id| {
                let rec = &self.records[id as usize];
                PortableRecord {
                    s: rec.series,
                    m: self.strings.resolve(rec.measure).to_string(),
                    t: rec.time,
                    v: rec.version,
                    val: self.view_value(&rec.value),
                    w: rec.written_s,
                    h: if rec.history == NO_HISTORY { Vec::new() } else { self.history(id) },
                }
            })
            .collect();
        Portable { series, records }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RecordStore {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let p = Portable::deserialize(d)?;
        let mut store = RecordStore::default();
        for rec in &p.records {
            let dims = p.series.get(rec.s as usize).ok_or_else(|| D::Error::custom(format!("record names unknown series {}", rec.s)))?;
            let dims: Vec<(&str, &str)> = dims.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let value = to_in(&rec.val).ok_or_else(|| D::Error::custom(format!("invalid stored value for measure {}", rec.m)))?;
            if store.find(&dims, &rec.m, rec.t).is_some() {
                return Err(D::Error::custom(format!("duplicate record for measure {} at {}", rec.m, rec.t)));
            }
            let id = store.insert(&dims, &rec.m, rec.t, rec.v, &value, rec.w as i64 * 1_000_000_000);
            store.register_schema(&dims, &rec.m, &value);
            if !rec.h.is_empty() {
                let mut attempts = Vec::with_capacity(rec.h.len());
                for a in &rec.h {
                    let v = to_in(&a.value).ok_or_else(|| D::Error::custom("invalid value in record history"))?;
                    let value = store.intern_value(&v);
                    attempts.push(Attempt { at: a.at, version: a.version, value, outcome: a.outcome.clone() });
                }
                store.histories.push(attempts);
                store.records[id as usize].history = (store.histories.len() - 1) as u32;
            }
        }
        Ok(store)
    }
}
