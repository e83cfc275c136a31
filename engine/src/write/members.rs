//! The member rules of a record: the constraints the service model and the documented limits
//! (validate::overlay: name lengths in bytes, reserved names and prefixes) put on the members of
//! a WriteRecords `Records[]` item. WriteRecords meets them as its body is read (the validator's
//! walker, the fast path's reader); a record from another source — a batch-load row mapped from
//! CSV, or the names of a data model — meets the same ones here, read from the same table of
//! constraints (issue 13 item 10; docs/assumptions.md, "Item 10").

use std::sync::OnceLock;

use crate::validate::model::{self, Node};
use crate::validate::walk::{string_violations, sure_byte_lengths};
use crate::validate::Rule;
use crate::Operation;

/// A string member of a WriteRecords record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    DimensionName,
    DimensionValue,
    MeasureName,
    MeasureValue,
    /// The name of a multi-measure attribute (`MeasureValues[].Name`).
    AttributeName,
    /// The value of a multi-measure attribute (`MeasureValues[].Value`).
    AttributeValue,
    Time,
}

const MEMBERS: usize = 7;

impl Member {
    /// Its path in the WriteRecords model.
    pub fn path(self) -> &'static str {
        match self {
            Member::DimensionName => "Records[].Dimensions[].Name",
            Member::DimensionValue => "Records[].Dimensions[].Value",
            Member::MeasureName => "Records[].MeasureName",
            Member::MeasureValue => "Records[].MeasureValue",
            Member::AttributeName => "Records[].MeasureValues[].Name",
            Member::AttributeValue => "Records[].MeasureValues[].Value",
            Member::Time => "Records[].Time",
        }
    }
}

/// The model's node of each member, and the byte lengths at which a string surely meets it.
struct Rules {
    nodes: [Option<&'static Node>; MEMBERS],
    sure: [(usize, usize); MEMBERS],
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let tree = model::tree(Operation::WriteRecords);
        let all = [
            Member::DimensionName,
            Member::DimensionValue,
            Member::MeasureName,
            Member::MeasureValue,
            Member::AttributeName,
            Member::AttributeValue,
            Member::Time,
        ];
        let nodes = all.map(|m| tree.find(m.path()).map(|id| &tree.nodes[id]));
        // A member the model lacks has no constraint (the model test would say so first).
        let sure = nodes.map(|n| n.map_or((0, usize::MAX), |n| sure_byte_lengths(n).unwrap_or((1, 0))));
        Rules { nodes, sure }
    })
}

/// The first constraint `value` breaks as the member `m` of a WriteRecords record: the rule and
/// the constraint text exactly as WriteRecords states it (`Member must ...`). None when it meets
/// them all (most values: a length check).
#[inline]
pub fn member_problem(m: Member, value: &str) -> Option<(Rule, String)> {
    let r = rules();
    let (lo, hi) = r.sure[m as usize];
    if lo <= value.len() && value.len() <= hi {
        return None;
    }
    let node = r.nodes[m as usize]?;
    let mut first = None;
    string_violations(node, value, |rule, text| {
        first.get_or_insert((rule, text));
    });
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_write_records_rules_of_each_member() {
        let text = |m, v: &str| member_problem(m, v).map(|(_, t)| t);
        assert_eq!(text(Member::DimensionName, &"d".repeat(61)).as_deref(), Some("Member must have length less than or equal to 60"));
        assert_eq!(text(Member::DimensionName, &"d".repeat(60)), None);
        assert_eq!(text(Member::DimensionName, "ts_host").as_deref(), Some("Member must not start with the reserved prefix 'ts_'"));
        assert_eq!(text(Member::MeasureName, "time").as_deref(), Some("Member must not be a reserved name"));
        assert_eq!(text(Member::MeasureName, &"m".repeat(257)).as_deref(), Some("Member must have length less than or equal to 256"));
        assert_eq!(text(Member::AttributeName, "measure_value").as_deref(), Some("Member must not be a reserved name"));
        assert_eq!(text(Member::AttributeValue, &"x".repeat(2049)).as_deref(), Some("Member must have length less than or equal to 2048"));
        assert_eq!(text(Member::AttributeValue, &"é".repeat(2048)), None, "2,048 characters of 2 bytes each");
        assert_eq!(text(Member::MeasureValue, &"x".repeat(2049)).as_deref(), Some("Member must have length less than or equal to 2048"));
        assert_eq!(text(Member::Time, &"1".repeat(257)).as_deref(), Some("Member must have length less than or equal to 256"));
        assert_eq!(text(Member::DimensionValue, &"v".repeat(5000)), None, "the model bounds no dimension value");
        assert_eq!(text(Member::MeasureName, "cpu"), None);
    }
}
