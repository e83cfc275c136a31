//! Where the WriteRecords reader finds its constraints: the model table's node of every member
//! it reads, resolved once. The reader knows the shape of a WriteRecordsRequest; the plan checks
//! that the model agrees (every member the reader reads exists with the type it expects, and
//! every required member is one it reads). If the model ever disagrees there is no plan, and
//! every request takes the general path.

use std::sync::OnceLock;

use super::scan::Keys;
use crate::validate::model::{self, NodeId, OpTree, Ty};
use crate::validate::walk::{number_range, sure_byte_lengths};
use crate::Operation;

/// Members of a Record, in the bit order the reader uses.
pub(super) const RECORD: [(&str, Ty); 8] = [
    ("Dimensions", Ty::List),
    ("MeasureName", Ty::String),
    ("MeasureValue", Ty::String),
    ("MeasureValueType", Ty::String),
    ("Time", Ty::String),
    ("TimeUnit", Ty::String),
    ("Version", Ty::Long),
    ("MeasureValues", Ty::List),
];
pub(super) const DIMENSION: [(&str, Ty); 3] = [("Name", Ty::String), ("Value", Ty::String), ("DimensionValueType", Ty::String)];
pub(super) const MEASURE_VALUE: [(&str, Ty); 3] = [("Name", Ty::String), ("Value", Ty::String), ("Type", Ty::String)];
pub(super) const ROOT: [(&str, Ty); 4] = [("DatabaseName", Ty::String), ("TableName", Ty::String), ("CommonAttributes", Ty::Structure), ("Records", Ty::List)];

/// One structure the reader reads: the node of each of its members (by bit), and which members
/// must be present (the model's required ones, plus those the reader itself needs).
#[derive(Debug)]
pub(super) struct Shape<const N: usize> {
    pub keys: Keys<N>,
    pub members: [NodeId; N],
    /// Per member: the byte lengths at which a string surely passes (`walk::sure_byte_lengths`),
    /// so the reader can skip the full check; `(1, 0)` (an empty range) when it never can. For
    /// an integer member, the values that pass (`walk::number_range`).
    pub sure: [(usize, usize); N],
    pub needed: u8,
}

/// A Record (of `Records[]` or `CommonAttributes`) with its list items.
#[derive(Debug)]
pub(super) struct RecordPlan {
    pub record: Shape<8>,
    pub dimension: Shape<3>,
    pub measure_value: Shape<3>,
}

#[derive(Debug)]
pub(super) struct Plan {
    pub tree: &'static OpTree,
    pub root: Shape<4>,
    pub common: RecordPlan,
    pub records: RecordPlan,
}

impl Plan {
    pub(super) fn get() -> Option<&'static Plan> {
        static PLAN: OnceLock<Option<Plan>> = OnceLock::new();
        PLAN.get_or_init(|| build(model::tree(Operation::WriteRecords))).as_ref()
    }
}

/// The shape of structure `node`, if the model agrees with the reader about it: each of `names`
/// is a member of that type, and every required member is one of them (a member the model has
/// and the reader does not know makes the reader step aside when a request holds it). `extra`
/// are the members the reader needs whatever the model says.
fn shape<const N: usize>(tree: &OpTree, node: NodeId, names: [(&'static str, Ty); N], extra: u8) -> Option<Shape<N>> {
    let st = tree.nodes.get(node)?;
    if st.ty != Ty::Structure {
        return None;
    }
    let mut members = [0; N];
    let mut sure = [(1, 0); N];
    let mut needed = extra;
    for (bit, (name, ty)) in names.iter().enumerate() {
        let id = tree.child(node, name)?;
        if tree.nodes[id].ty != *ty {
            return None;
        }
        members[bit] = id;
        if *ty == Ty::String {
            sure[bit] = sure_byte_lengths(&tree.nodes[id]).unwrap_or((1, 0));
        }
        if *ty == Ty::Long {
            // The reader's integers are non-negative (`Scan::small_int`) and compared as usize
            // (only those that fit one): a bound beyond usize keeps what it means, or the range
            // is empty and every value gets the full check.
            let (lo, hi) = number_range(&tree.nodes[id]);
            sure[bit] = match (usize::try_from(lo.max(0)), usize::try_from(hi)) {
                (Ok(lo), Ok(hi)) => (lo, hi),
                (Ok(lo), Err(_)) if hi > 0 => (lo, usize::MAX),
                _ => (1, 0),
            };
        }
        if tree.nodes[id].required {
            needed |= 1 << bit;
        }
    }
    // A required member the reader does not read would never be seen: no plan.
    let all_known = st.children.iter().all(|&c| !tree.nodes[c].required || names.iter().any(|(n, _)| *n == tree.nodes[c].name));
    all_known.then_some(Shape { keys: Keys::new(names.map(|(n, _)| n))?, members, sure, needed })
}

fn record_plan(tree: &OpTree, record: NodeId) -> Option<RecordPlan> {
    let rec = shape(tree, record, RECORD, 0)?;
    let item = |bit: usize| tree.nodes[rec.members[bit]].item;
    Some(RecordPlan {
        // Name and Value of a dimension, and all three of a measure value, are read always.
        dimension: shape(tree, item(0)?, DIMENSION, 0b011)?,
        measure_value: shape(tree, item(7)?, MEASURE_VALUE, 0b111)?,
        record: rec,
    })
}

pub(super) fn build(tree: &'static OpTree) -> Option<Plan> {
    let root = shape(tree, 0, ROOT, 0b1011)?;
    let records_item = tree.nodes[root.members[3]].item?;
    Some(Plan { tree, common: record_plan(tree, root.members[2])?, records: record_plan(tree, records_item)?, root })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_agrees_with_the_reader() {
        let plan = Plan::get().expect("the WriteRecords model has the shape the reader reads");
        let name = |id: NodeId| plan.tree.nodes[id].name.as_str();
        assert_eq!(name(plan.records.dimension.members[0]), "Name");
        assert_eq!(name(plan.common.record.members[6]), "Version");
        // Records is required by the model, DatabaseName and TableName too.
        assert_eq!(plan.root.needed, 0b1011);
        assert_eq!(plan.records.measure_value.needed, 0b111);
        // The two records' nodes are distinct (each path has its own overlay checks).
        assert_ne!(plan.common.record.members[1], plan.records.record.members[1]);
    }
}
