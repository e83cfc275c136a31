//! The WriteRecords fast path: one pass over the body that reads exactly the shape of a
//! WriteRecordsRequest and checks every member against the model table as it reads it — no
//! tree, no copied string. Records land in flat vectors (dimensions and measure values of all
//! records side by side), `writes::effective` applies the request-level rules to them through
//! `RecordSource`, and `writes::apply` writes them.
//!
//! Anything the reader does not take for granted — a constraint broken, a null, an escape, a
//! repeated or unknown key, an unknown table, a request-level problem — makes it step aside
//! (`None`): the general path then runs the request from the start and words every answer, so
//! behaviour is identical by construction (engine/tests/fast_path.rs compares both paths, also
//! on thousands of mutated bodies).

mod plan;
mod scan;

use serde_json::Value;

use super::writes::{self, Effective, RecordSource};
use crate::validate::model::{Node, NodeId, OpTree};
use crate::validate::walk::{length_violations, number_violations, string_violations};
use crate::validate::Diagnostic;
use crate::{ApiError, Engine};
use plan::{Plan, RecordPlan, Shape};
use scan::Scan;

/// A record as read: its scalar members, and where its dimensions and measure values are in
/// the request's flat vectors.
#[derive(Debug, Clone, Copy, Default)]
struct FlatRecord<'a> {
    dimensions: Option<(u32, u32)>,
    measure_name: Option<&'a str>,
    measure_value: Option<&'a str>,
    measure_value_type: Option<&'a str>,
    time: Option<&'a str>,
    time_unit: Option<&'a str>,
    version: Option<i64>,
    measure_values: Option<(u32, u32)>,
}

/// The dimensions and measure values of every record of a request, side by side.
#[derive(Debug, Default)]
struct Flat<'a> {
    dimensions: Vec<(&'a str, &'a str)>,
    measure_values: Vec<(&'a str, &'a str, &'a str)>,
}

/// A record with the request's vectors: what `writes::effective` reads.
#[derive(Clone, Copy)]
struct View<'a> {
    flat: &'a Flat<'a>,
    rec: FlatRecord<'a>,
}

fn range<T>(v: &[T], r: Option<(u32, u32)>) -> Option<&[T]> {
    let (a, b) = r?;
    v.get(a as usize..b as usize)
}

impl<'a> RecordSource<'a> for View<'a> {
    type Dims = std::iter::Copied<std::slice::Iter<'a, (&'a str, &'a str)>>;
    type Measures = std::iter::Copied<std::slice::Iter<'a, (&'a str, &'a str, &'a str)>>;
    fn dimensions(self) -> Option<Self::Dims> {
        Some(range(&self.flat.dimensions, self.rec.dimensions)?.iter().copied())
    }
    fn measure_name(self) -> Option<&'a str> {
        self.rec.measure_name
    }
    fn measure_value(self) -> Option<&'a str> {
        self.rec.measure_value
    }
    fn measure_value_type(self) -> Option<&'a str> {
        self.rec.measure_value_type
    }
    fn time(self) -> Option<&'a str> {
        self.rec.time
    }
    fn time_unit(self) -> Option<&'a str> {
        self.rec.time_unit
    }
    fn version(self) -> Option<i64> {
        self.rec.version
    }
    fn measure_values(self) -> Option<Self::Measures> {
        Some(range(&self.flat.measure_values, self.rec.measure_values)?.iter().copied())
    }
}

/// Some(()) when a check passed (the reader steps aside with `?` otherwise).
fn ok(passed: bool) -> Option<()> {
    passed.then_some(())
}

/// The reader: the plan's nodes and the flat vectors being filled.
struct Reader<'a> {
    tree: &'static OpTree,
    flat: Flat<'a>,
}

impl<'a> Reader<'a> {
    fn node(&self, id: NodeId) -> &'static Node {
        &self.tree.nodes[id]
    }

    /// A string member that meets its node's constraints (`sure`: the byte lengths at which it
    /// surely does, see `Shape::sure`).
    #[inline]
    fn string(&self, s: &mut Scan<'a>, id: NodeId, sure: (usize, usize)) -> Option<&'a str> {
        let v = s.string()?;
        if sure.0 <= v.len() && v.len() <= sure.1 {
            return Some(v);
        }
        let mut passed = true;
        string_violations(self.node(id), v, |_, _| passed = false);
        passed.then_some(v)
    }

    /// A list whose length meets its node's constraints.
    fn length(&self, id: NodeId, n: usize) -> Option<()> {
        let mut passed = true;
        length_violations(self.node(id), n, |_, _| passed = false);
        ok(passed)
    }

    /// A Dimension or MeasureValue object: its string members by bit, all constraints met.
    fn item<const N: usize>(&self, s: &mut Scan<'a>, shape: &Shape<N>) -> Option<[&'a str; N]> {
        let mut out = [""; N];
        s.members(&shape.keys, shape.needed, |s, bit| {
            out[bit] = self.string(s, shape.members[bit], shape.sure[bit])?;
            Some(())
        })?;
        Some(out)
    }

    fn record(&mut self, s: &mut Scan<'a>, plan: &RecordPlan) -> Option<FlatRecord<'a>> {
        let mut r = FlatRecord::default();
        let shape = &plan.record;
        s.members(&shape.keys, shape.needed, |s, bit| {
            let id = shape.members[bit];
            match bit {
                0 => {
                    let start = self.flat.dimensions.len() as u32;
                    let n = s.array(|s| {
                        let [name, value, _] = self.item(s, &plan.dimension)?;
                        self.flat.dimensions.push((name, value));
                        Some(())
                    })?;
                    self.length(id, n)?;
                    r.dimensions = Some((start, self.flat.dimensions.len() as u32));
                }
                7 => {
                    let start = self.flat.measure_values.len() as u32;
                    let n = s.array(|s| {
                        let [name, value, ty] = self.item(s, &plan.measure_value)?;
                        self.flat.measure_values.push((name, value, ty));
                        Some(())
                    })?;
                    self.length(id, n)?;
                    r.measure_values = Some((start, self.flat.measure_values.len() as u32));
                }
                6 => {
                    let v = s.small_int()?;
                    let mut passed = true;
                    number_violations(self.node(id), v, |_, _| passed = false);
                    ok(passed)?;
                    r.version = Some(v);
                }
                _ => {
                    let v = Some(self.string(s, id, shape.sure[bit])?);
                    match bit {
                        1 => r.measure_name = v,
                        2 => r.measure_value = v,
                        3 => r.measure_value_type = v,
                        4 => r.time = v,
                        _ => r.time_unit = v,
                    }
                }
            }
            Some(())
        })?;
        Some(r)
    }
}

/// A WriteRecords request as read: every member met its constraints.
struct Read<'a> {
    database: &'a str,
    table: &'a str,
    common: Option<FlatRecord<'a>>,
    records: Vec<FlatRecord<'a>>,
    flat: Flat<'a>,
}

fn read(body: &[u8]) -> Option<Read<'_>> {
    let plan = Plan::get()?;
    let mut s = Scan::new(body)?;
    let mut r = Reader { tree: plan.tree, flat: Flat { dimensions: Vec::with_capacity(256), measure_values: Vec::new() } };
    let (mut database, mut table, mut common, mut records) = ("", "", None, Vec::new());
    s.members(&plan.root.keys, plan.root.needed, |s, bit| {
        let id = plan.root.members[bit];
        match bit {
            0 => database = r.string(s, id, plan.root.sure[0])?,
            1 => table = r.string(s, id, plan.root.sure[1])?,
            2 => common = Some(r.record(s, &plan.common)?),
            _ => {
                records.reserve(100);
                let n = s.array(|s| {
                    records.push(r.record(s, &plan.records)?);
                    Some(())
                })?;
                r.length(id, n)?;
            }
        }
        Some(())
    })?;
    ok(s.at_end())?;
    Some(Read { database, table, common, records, flat: r.flat })
}

/// The effective records of a request, or None if any record has a request-level problem.
fn effective<'a>(req: &'a Read<'a>) -> Option<Vec<Effective<'a>>> {
    let view = |rec| View { flat: &req.flat, rec };
    let common = req.common.map(view);
    let mut diags = Vec::new();
    let mut out = Vec::with_capacity(req.records.len());
    for (i, rec) in req.records.iter().enumerate() {
        out.push(writes::effective(common, view(*rec), i, &mut diags)?);
    }
    Some(out)
}

/// WriteRecords on the fast path: the answer, or None to run the general path.
pub fn write(engine: &mut Engine, body: &[u8]) -> Option<Result<Option<Value>, ApiError>> {
    let req = read(body)?;
    let records = effective(&req)?;
    let now = engine.now();
    let table = super::tables::get_mut(engine, req.database, req.table).ok()?;
    Some(super::out(writes::apply(table, now, &records).into_result()))
}

/// `Engine::diagnose` of WriteRecords on the fast path: Some(empty) for a valid request, None to
/// let the general path find and word the problems.
pub fn diagnose(body: &[u8]) -> Option<Vec<Diagnostic>> {
    let req = read(body)?;
    effective(&req).map(|_| Vec::new())
}
