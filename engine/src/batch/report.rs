//! The error report of a task (batch-load-using-error-reports): task-level errors and, per
//! file, each reason with the line ranges it applies to. Lines are numbered as in a text editor
//! (the header row is line 1); consecutive rows with the same reason share one range.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

use crate::write::Rejection;

/// Distinct reasons kept per file; further reasons are folded into one entry.
pub const MAX_REASONS_PER_FILE: usize = 1000;
pub const MORE_REASONS: &str = "Further rows failed with other reasons (the report keeps the first 1000 distinct reasons per file).";

/// The service's reason for a row outside the ingestion window, as in the documentation's
/// error-report example (the per-request WriteRecords reason names the range; the report does not).
pub const WINDOW_REASON: &str = "The record timestamp is outside the time range of the data ingestion window.";

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonLines {
    pub reason: String,
    pub line_ranges: Vec<[u64; 2]>,
}

crate::value_de::lean_reader!(ReasonLines, Camel; reason, line_ranges);

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileErrors {
    pub file_name: String,
    pub errors: Vec<ReasonLines>,
}

crate::value_de::lean_reader!(FileErrors, Camel; file_name, errors);

/// An error report as its document in S3 reads ([`ErrorLog::to_json`] writes it): what
/// [`Engine::batch_load_error_report`](crate::Engine::batch_load_error_report) answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorReport {
    pub task_id: String,
    pub task_errors: Vec<TaskError>,
    pub file_errors: Vec<FileErrors>,
}

crate::value_de::lean_reader!(ErrorReport, Camel; task_id, task_errors, file_errors);

/// A task-level error of a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TaskError {
    pub reason: String,
}

crate::value_de::lean_reader!(TaskError, Snake; reason);

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorLog {
    pub task_errors: Vec<String>,
    pub file_errors: Vec<FileErrors>,
}

crate::value_de::lean_reader!(ErrorLog, Camel; task_errors, file_errors);

/// The report reason for a per-record rejection: the window reasons lose their range.
pub fn report_reason(rejection: &Rejection<'_>) -> Cow<'static, str> {
    if rejection.is_outside_window() {
        Cow::Borrowed(WINDOW_REASON)
    } else {
        Cow::Owned(rejection.to_string())
    }
}

impl ErrorLog {
    pub fn is_empty(&self) -> bool {
        self.task_errors.is_empty() && self.file_errors.is_empty()
    }

    fn file(&mut self, file: &str) -> &mut FileErrors {
        let pos = match self.file_errors.iter().rposition(|f| f.file_name == file) {
            Some(p) => p,
            None => {
                self.file_errors.push(FileErrors { file_name: file.to_string(), errors: Vec::new() });
                self.file_errors.len() - 1
            }
        };
        &mut self.file_errors[pos]
    }

    /// Records that the row starting at `line` failed with `reason`; `prev_line` is the line of
    /// the file's previous data row (its range is extended when it failed for the same reason).
    pub fn add(&mut self, file: &str, line: u64, prev_line: u64, reason: &str) {
        let f = self.file(file);
        let idx = match f.errors.iter().rposition(|e| e.reason == reason) {
            Some(i) => i,
            None if f.errors.len() >= MAX_REASONS_PER_FILE => match f.errors.iter().rposition(|e| e.reason == MORE_REASONS) {
                Some(i) => i,
                None => {
                    f.errors.push(ReasonLines { reason: MORE_REASONS.into(), line_ranges: Vec::new() });
                    f.errors.len() - 1
                }
            },
            None => {
                f.errors.push(ReasonLines { reason: reason.to_string(), line_ranges: Vec::new() });
                f.errors.len() - 1
            }
        };
        let ranges = &mut f.errors[idx].line_ranges;
        match ranges.last_mut() {
            Some(r) if r[1] == prev_line && prev_line > 0 => r[1] = line,
            _ => ranges.push([line, line]),
        }
    }

    /// A whole-file failure (BOM, empty file, missing header column, missing object).
    pub fn add_file(&mut self, file: &str, reason: &str, lines: Option<[u64; 2]>) {
        let f = self.file(file);
        f.errors.push(ReasonLines { reason: reason.to_string(), line_ranges: lines.into_iter().collect() });
    }

    /// The report document of task `task_id`.
    pub fn to_json(&self, task_id: &str) -> Value {
        let report = ErrorReport {
            task_id: task_id.to_string(),
            task_errors: self.task_errors.iter().map(|r| TaskError { reason: r.clone() }).collect(),
            file_errors: self.file_errors.clone(),
        };
        crate::json_value(&report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn consecutive_rows_merge_per_reason() {
        let mut log = ErrorLog::default();
        log.add("a.csv", 2, 0, "x");
        log.add("a.csv", 3, 2, "x");
        log.add("a.csv", 4, 3, "y");
        log.add("a.csv", 5, 4, "x");
        log.add("a.csv", 6, 5, "x");
        log.add("b.csv", 2, 0, "x");
        let v = log.to_json("T");
        assert_eq!(v["fileErrors"][0]["errors"][0]["lineRanges"], json!([[2, 3], [5, 6]]));
        assert_eq!(v["fileErrors"][0]["errors"][1]["lineRanges"], json!([[4, 4]]));
        assert_eq!(v["fileErrors"][1]["fileName"], "b.csv");
        assert_eq!(report_reason(&Rejection::OutsideMemoryStore { start: 0, end: 1 }), WINDOW_REASON);
        assert_eq!(report_reason(&Rejection::OutsideIngestionWindow { start: 0, end: 1 }), WINDOW_REASON);
        assert_eq!(report_reason(&Rejection::SameVersion), Rejection::SameVersion.to_string());
    }
}
