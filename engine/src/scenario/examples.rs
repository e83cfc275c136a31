//! The scenarios of the playground's Examples menu (engine/scenarios/*.json), embedded as text.
//! Each one teaches one rule of the service step by step and checks itself: every step has an
//! `expect`, and a test runs them all.

use super::Scenario;

/// One embedded scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Stable id (`?scenario=<id>` links, `Action::StartScenario`).
    pub id: &'static str,
    pub title: &'static str,
    /// One line for the menu.
    pub summary: &'static str,
    /// The scenario document.
    pub json: &'static str,
}

impl Example {
    /// The parsed scenario (the embedded documents are tested to parse).
    pub fn scenario(&self) -> Result<Scenario, String> {
        Scenario::parse(self.json)
    }
}

macro_rules! example {
    ($id:literal, $title:literal, $summary:literal) => {
        Example { id: $id, title: $title, summary: $summary, json: include_str!(concat!("../../scenarios/", $id, ".json")) }
    };
}

pub const EXAMPLES: &[Example] = &[
    example!("version-ladder", "Version upsert ladder", "Same version, higher version, lower version: which writes update a record."),
    example!("partial-rejection", "Partial rejection", "One WriteRecords, some records ingested and others rejected."),
    example!(
        "late-data",
        "Late data and magnetic store writes",
        "A record older than the memory store window, before and after enabling magnetic store writes."
    ),
    example!("retention-change", "Growing a retention", "After UpdateTable grows the memory store retention, the window widens one hour per hour."),
    example!("multi-measure", "Multi-measure records", "MeasureValues, their types and CommonAttributes."),
    example!("timestamp-type", "The TIMESTAMP type", "TIMESTAMP is only a type of a value inside a MULTI record."),
    example!("record-limit", "101 records", "The 100-record limit of one WriteRecords request."),
    example!(
        "batch-load-mapping",
        "Batch load: a mapping error",
        "A CSV row that does not fit the data model fails the task; the error report names the line."
    ),
    example!("required-partition-key", "A REQUIRED partition key", "A table whose partition key dimension must be in every record."),
];

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}
