//! The WriteRecords fast path: one pass over the body that reads exactly the shape of a
//! WriteRecordsRequest and checks every member against the model table as it reads it — no
//! tree, no copied string. Records land in flat vectors (dimensions and measure values of all
//! records side by side), `write::effective` applies the request-level rules to them through
//! `RecordSource`, and `write::apply` writes them.
//!
//! Anything the reader does not take for granted — a constraint broken, a null, an escape, a
//! repeated or unknown key, an unknown table, a request-level problem — makes it step aside
//! (`None`): the general path then runs the request from the start and words every answer, so
//! behaviour is identical by construction (engine/tests/fast_path.rs compares both paths, also
//! on thousands of mutated bodies).

mod plan;
mod scan;

use crate::fastkey::FastKey;
use crate::validate::model::{Node, NodeId, OpTree};
use crate::validate::walk::{length_violations, number_violations, string_violations};
use crate::validate::{Diagnostic, Rule};
use crate::write::{self, Effective, RecordParts};
use crate::Engine;
use plan::{Plan, RecordPlan, Shape};
use scan::Scan;

/// A record as read: its scalar members, and where its dimensions and measure values are in
/// the request's flat vectors.
#[derive(Debug, Clone, Copy, Default)]
struct FlatRecord<'a> {
    dimensions: Option<(u32, u32)>,
    /// The string members by their bit in `plan::RECORD` (MeasureName 1 … TimeUnit 5; the
    /// other slots stay None): one indexed store per member.
    strings: [Option<&'a str>; 6],
    version: Option<i64>,
    measure_values: Option<(u32, u32)>,
}

/// The dimensions and measure values of every record of a request, side by side.
#[derive(Debug, Default)]
struct Flat<'a> {
    dimensions: Vec<(&'a str, &'a str)>,
    measure_values: Vec<(&'a str, &'a str, &'a str)>,
}

impl<'a> Flat<'a> {
    /// A record read from this request, as `write::effective` reads it.
    fn parts(&'a self, r: &FlatRecord<'a>) -> RecordParts<'a> {
        let range = |(a, b): (u32, u32)| a as usize..b as usize;
        RecordParts {
            dimensions: r.dimensions.and_then(|x| self.dimensions.get(range(x))),
            measure_name: r.strings[1],
            measure_value: r.strings[2],
            measure_value_type: r.strings[3],
            time: r.strings[4],
            time_unit: r.strings[5],
            version: r.version,
            measure_values: r.measure_values.and_then(|x| self.measure_values.get(range(x))),
        }
    }
}

/// Some(()) when a check passed (the reader steps aside with `?` otherwise).
fn ok(passed: bool) -> Option<()> {
    passed.then_some(())
}

/// Some(()) when one of the walker's `*_violations` functions finds nothing: `check(f)` calls it
/// with `f` as its sink.
fn clean(check: impl FnOnce(&mut dyn FnMut(Rule, String))) -> Option<()> {
    let mut passed = true;
    check(&mut |_, _| passed = false);
    ok(passed)
}

/// How many passed strings the reader remembers per node (a record's dimension names share one
/// node).
const PASSED: usize = 4;

/// The reader: the model's nodes the plan points at.
struct Reader {
    tree: &'static OpTree,
    /// Per node: the keys of the last short strings that met its constraints, latest first. The
    /// checks are a function of the node and the string alone, and most members repeat record
    /// after record (dimension names, measure names, types), so an equal string is not checked
    /// again.
    passed: Vec<[FastKey; PASSED]>,
}

impl Reader {
    fn new(tree: &'static OpTree) -> Self {
        Reader { tree, passed: vec![[FastKey::NONE; PASSED]; tree.nodes.len()] }
    }

    fn node(&self, id: NodeId) -> &'static Node {
        &self.tree.nodes[id]
    }

    /// A string member that meets its node's constraints (`sure`: the byte lengths at which it
    /// surely does, see `Shape::sure`).
    #[inline(always)]
    fn string<'a>(&mut self, s: &mut Scan<'a>, id: NodeId, sure: (usize, usize)) -> Option<&'a str> {
        let v = s.string()?;
        if sure.0 <= v.len() && v.len() <= sure.1 {
            return Some(v);
        }
        self.checked(v, id)
    }

    /// `v` if it meets the constraints of node `id`: at once if it is one of the strings that
    /// passed them last.
    #[inline(always)]
    fn checked<'a>(&mut self, v: &'a str, id: NodeId) -> Option<&'a str> {
        let key = FastKey::of(v);
        if key.is_exact() && self.passed.get(id)?.contains(&key) {
            return Some(v);
        }
        self.check(v, id, key)
    }

    /// `checked` for a string not remembered: the full check, remembered if short.
    #[inline(never)]
    fn check<'a>(&mut self, v: &'a str, id: NodeId, key: FastKey) -> Option<&'a str> {
        let node = self.tree.nodes.get(id)?;
        clean(|f| string_violations(node, v, f))?;
        if key.is_exact() {
            let passed = self.passed.get_mut(id)?;
            passed.rotate_right(1);
            passed[0] = key;
        }
        Some(v)
    }

    /// A list of Dimension or MeasureValue objects (its node `id`, its items' `shape`) appended to
    /// `out`, each read in place (`set(item, bit, value)` stores a member); their place in `out`.
    fn list<'a, T: Default, const N: usize>(
        &mut self,
        s: &mut Scan<'a>,
        id: NodeId,
        shape: &Shape<N>,
        out: &mut Vec<T>,
        set: impl Fn(&mut T, usize, &'a str),
    ) -> Option<(u32, u32)> {
        let start = out.len() as u32;
        let n = s.array(|s| {
            out.push(T::default());
            let item = out.last_mut()?;
            self.item(s, shape, |bit, v| set(item, bit, v))
        })?;
        clean(|f| length_violations(self.node(id), n, f))?;
        Some((start, out.len() as u32))
    }

    /// A Dimension or MeasureValue object, its string members (all constraints met) given to
    /// `set` by bit.
    fn item<'a, const N: usize>(&mut self, s: &mut Scan<'a>, shape: &Shape<N>, mut set: impl FnMut(usize, &'a str)) -> Option<()> {
        s.members(&shape.keys, shape.needed, |s, bit| {
            set(bit, self.string(s, shape.members[bit], shape.sure[bit])?);
            Some(())
        })
    }

    /// A Record read into `r` (a default one), its lists appended to `flat`.
    fn record<'a>(&mut self, s: &mut Scan<'a>, plan: &RecordPlan, flat: &mut Flat<'a>, r: &mut FlatRecord<'a>) -> Option<()> {
        let shape = &plan.record;
        s.members(&shape.keys, shape.needed, |s, bit| {
            let id = shape.members[bit];
            match bit {
                // A dimension's DimensionValueType is checked, not kept.
                0 => {
                    r.dimensions = Some(self.list(s, id, &plan.dimension, &mut flat.dimensions, |d, bit, v| match bit {
                        0 => d.0 = v,
                        1 => d.1 = v,
                        _ => {}
                    })?)
                }
                7 => {
                    r.measure_values = Some(self.list(s, id, &plan.measure_value, &mut flat.measure_values, |m, bit, v| match bit {
                        0 => m.0 = v,
                        1 => m.1 = v,
                        _ => m.2 = v,
                    })?)
                }
                6 => {
                    let v = s.small_int()?;
                    let (lo, hi) = shape.sure[bit];
                    if !usize::try_from(v).is_ok_and(|v| (lo..=hi).contains(&v)) {
                        clean(|f| number_violations(self.node(id), v, f))?;
                    }
                    r.version = Some(v);
                }
                _ => {
                    let v = Some(self.string(s, id, shape.sure[bit])?);
                    *r.strings.get_mut(bit)? = v;
                }
            }
            Some(())
        })
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
    let mut r = Reader::new(plan.tree);
    let mut flat = Flat { dimensions: Vec::with_capacity(256), measure_values: Vec::new() };
    let (mut database, mut table, mut common, mut records) = ("", "", None, Vec::new());
    s.members(&plan.root.keys, plan.root.needed, |s, bit| {
        let id = plan.root.members[bit];
        match bit {
            0 => database = r.string(s, id, plan.root.sure[0])?,
            1 => table = r.string(s, id, plan.root.sure[1])?,
            2 => {
                let mut c = FlatRecord::default();
                r.record(s, &plan.common, &mut flat, &mut c)?;
                common = Some(c);
            }
            _ => {
                records.reserve(100);
                let n = s.array(|s| {
                    // Read in place (a record that fails fails the whole request).
                    records.push(FlatRecord::default());
                    r.record(s, &plan.records, &mut flat, records.last_mut()?)
                })?;
                clean(|f| length_violations(r.node(id), n, f))?;
            }
        }
        Some(())
    })?;
    ok(s.at_end())?;
    Some(Read { database, table, common, records, flat })
}

/// The effective records of a request, or None if any record has a request-level problem.
fn effective<'a>(req: &'a Read<'a>) -> Option<Vec<Effective<'a>>> {
    let common = req.common.as_ref().map(|c| req.flat.parts(c));
    let mut diags = Vec::new();
    let mut out = Vec::with_capacity(req.records.len());
    for (i, rec) in req.records.iter().enumerate() {
        out.push(write::effective(common, req.flat.parts(rec), i, &mut diags)?);
    }
    Some(out)
}

/// WriteRecords on the fast path: the answer, or None to run the general path.
pub fn write(engine: &mut Engine, body: &[u8]) -> Option<super::Answer> {
    let req = read(body)?;
    let records = effective(&req)?;
    let now = engine.now();
    let table = super::tables::get_mut(engine, req.database, req.table).ok()?;
    Some(super::out(write::apply(table, now, &records).into_result()))
}

/// `Engine::diagnose` of WriteRecords on the fast path: Some(empty) for a valid request, None to
/// let the general path find and word the problems.
pub fn diagnose(body: &[u8]) -> Option<Vec<Diagnostic>> {
    let req = read(body)?;
    effective(&req).map(|_| Vec::new())
}
