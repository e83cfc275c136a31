//! Scenarios: a JSON document of steps (operation, request, optional clock move, note, expected
//! outcome) replayed through the seam ([`Engine::handle`]). The examples menu, share links,
//! `timestream-local run` and golden tests all use this one format:
//!
//! ```json
//! {"version": 1, "title": "Upserts", "description": "...",
//!  "clock": {"start": "2024-01-01T00:00:00Z"},
//!  "steps": [
//!    {"operation": "CreateDatabase", "request": {"DatabaseName": "db"}, "expect": {"status": 200}},
//!    {"operation": "WriteRecords", "advanceClock": "+10m", "note": "one record is 7 hours old",
//!     "request": {"DatabaseName": "db", "TableName": "t", "Records": [
//!       {"MeasureName": "m", "MeasureValue": "1", "Time": "{{now-7h}}", "Dimensions": [...]}]},
//!     "expect": {"error": "RejectedRecordsException", "rejectedIndexes": [0]}}]}
//! ```
//!
//! * `clock.start` (ISO-8601 or epoch milliseconds) freezes the engine clock before step 1; without
//!   it the engine keeps its own clock.
//! * Per step, `setClock` (ISO-8601 or epoch ms) then `advanceClock` (`"+10m"`, `"-1h30m"`,
//!   `"90s"`, `"250ms"`, `"2d"` or a number of ms) move the clock *before* the request is sent.
//! * In request strings, `{{now}}`, `{{now-5m}}`, `{{now+20m}}` ... are replaced by the engine time
//!   in epoch milliseconds; a `:s`, `:ms`, `:us` or `:ns` suffix (`{{now-1h:s}}`) picks the unit.
//! * `{{last.TaskId}}` is replaced by the string value of the top-level member `TaskId` of the
//!   latest response that had one (any member name works); until then it stays as written.
//! * `expect` checks any of `status`, `error` (short name such as `ConflictException`, or the full
//!   `__type`), `rejectedIndexes` (the set of `RejectedRecords[].RecordIndex`) and `bodyContains`
//!   (a subset of the response body, see [`body_contains`]).
//!
//! Besides `operation` + `request`, a step may be one of two actions the wire API has no
//! operation for (clock moves, `note` and `expect` work the same):
//!
//! * `{"putObject": {"bucket": "b", "key": "data.csv", "body": "time,host,cpu\n{{now}},a,1\n"}}`
//!   stores an object in the emulated S3 (placeholders in `body` are replaced). Its result is
//!   `{"Bucket", "Key", "Size"}` with status 200.
//! * `{"runBatchLoads": true}` runs every active batch-load task to its end. Its result (status
//!   200) is `{"RowsRead": n, "TasksFinished": [{"TaskId", "TaskStatus", "ErrorReport"?}]}`, where
//!   `ErrorReport` is the error report written to S3 (`{"taskId", "taskErrors", "fileErrors"}`).
//!
//! [`examples`] holds the scenarios of the playground's Examples menu.

pub mod examples;
mod expect;
mod parse;
mod time;

#[cfg(test)]
mod tests;

use std::borrow::BorrowMut;

use serde_json::{json, Map, Value};

use crate::clock::{iso8601_millis, Nanos};
use crate::{Engine, Operation, WireResponse};

pub use expect::body_contains;
pub use time::{format_duration, parse_duration, parse_instant, substitute_placeholders, substitute_with, Last};

/// The only scenario format version this runner reads.
pub const SCENARIO_VERSION: u64 = 1;

/// A parsed scenario document.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub version: u64,
    pub title: String,
    pub description: String,
    /// Where the virtual clock starts (ns since the epoch); `None` keeps the engine's clock.
    pub clock_start: Option<Nanos>,
    pub steps: Vec<Step>,
}

/// One step of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub action: StepAction,
    /// Freeze the clock at this instant before the action (applied before `advance_clock`).
    pub set_clock: Option<Nanos>,
    /// Move the clock by this amount (ns, may be negative) before the action.
    pub advance_clock: Option<Nanos>,
    pub note: Option<String>,
    pub expect: Option<Expect>,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq)]
pub enum StepAction {
    /// A request through the seam. `request` is as written (placeholders not yet replaced) and
    /// always a JSON object.
    Call { operation: Operation, request: Value },
    /// Stores an object in the emulated S3; placeholders in `body` are replaced.
    PutObject { bucket: String, key: String, body: String },
    /// Runs every active batch-load task to its end.
    RunBatchLoads,
}

/// The expected outcome of a step; every given field must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expect {
    pub status: Option<u16>,
    pub error: Option<String>,
    pub rejected_indexes: Option<Vec<usize>>,
    pub body_contains: Option<Value>,
}

impl Scenario {
    /// Parses a scenario document; the error names the offending field
    /// (`steps[2].advanceClock: ...`).
    pub fn parse(text: &str) -> Result<Scenario, String> {
        parse::parse(text)
    }

    /// The document form (durations in milliseconds, instants in ISO-8601), readable by
    /// [`Scenario::parse`].
    pub fn to_json(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("version".into(), json!(self.version));
        doc.insert("title".into(), json!(self.title));
        if !self.description.is_empty() {
            doc.insert("description".into(), json!(self.description));
        }
        if let Some(start) = self.clock_start {
            doc.insert("clock".into(), json!({ "start": iso8601_millis(start) }));
        }
        let steps: Vec<Value> = self.steps.iter().map(Step::to_json).collect();
        doc.insert("steps".into(), Value::Array(steps));
        Value::Object(doc)
    }
}

impl Step {
    /// A request step without clock moves, note or expectation.
    pub fn call(operation: Operation, request: Value) -> Step {
        Step { action: StepAction::Call { operation, request }, set_clock: None, advance_clock: None, note: None, expect: None }
    }

    pub fn operation(&self) -> Option<Operation> {
        match self.action {
            StepAction::Call { operation, .. } => Some(operation),
            _ => None,
        }
    }

    /// The operation name, `putObject` or `runBatchLoads`.
    pub fn label(&self) -> &'static str {
        match &self.action {
            StepAction::Call { operation, .. } => operation.name(),
            StepAction::PutObject { .. } => "putObject",
            StepAction::RunBatchLoads => "runBatchLoads",
        }
    }

    /// The engine time the action runs at when the clock reads `now` before the step.
    pub fn time_at(&self, now: Nanos) -> Nanos {
        self.set_clock.unwrap_or(now).saturating_add(self.advance_clock.unwrap_or(0))
    }

    /// Applies `setClock` then `advanceClock`.
    pub fn move_clock(&self, engine: &mut Engine) {
        if let Some(at) = self.set_clock {
            engine.clock.set(at);
        }
        if let Some(by) = self.advance_clock {
            engine.clock.advance(by);
        }
    }

    /// The action's document with placeholders replaced at `now`: the request of a call, the
    /// `{"bucket", "key", "body"}` of a putObject, `true` for runBatchLoads. Placeholders were
    /// checked by [`Scenario::parse`]; a step built in code with a bad one keeps it as written.
    pub fn request_at(&self, now: Nanos, last: &Last) -> Value {
        let doc = match &self.action {
            StepAction::Call { request, .. } => return time::substitute_in_value(request, now, last).unwrap_or_else(|_| request.clone()),
            StepAction::PutObject { bucket, key, body } => json!({ "bucket": bucket, "key": key, "body": body }),
            StepAction::RunBatchLoads => return Value::Bool(true),
        };
        time::substitute_in_value(&doc, now, last).unwrap_or(doc)
    }

    /// Runs the action on `engine` as it is now (clock already moved) and returns what was sent
    /// and the answer (a synthetic status-200 answer for putObject and runBatchLoads).
    pub fn perform(&self, engine: &mut Engine, last: &Last) -> (Value, WireResponse) {
        let sent = self.request_at(engine.now(), last);
        let local = |body: Value| WireResponse { status: 200, error_type: None, request_id: String::new(), body: crate::json_bytes(&body).unwrap_or_default() };
        let response = match &self.action {
            StepAction::Call { operation, .. } => {
                let bytes = crate::json_bytes(&sent).unwrap_or_else(|_| b"{}".to_vec());
                engine.handle(&operation.target(), &bytes)
            }
            StepAction::PutObject { .. } => {
                let text = |k: &str| sent[k].as_str().unwrap_or("").to_string();
                let (bucket, key, body) = (text("bucket"), text("key"), text("body"));
                let size = body.len();
                engine.put_object(&bucket, &key, body);
                local(json!({ "Bucket": bucket, "Key": key, "Size": size }))
            }
            StepAction::RunBatchLoads => {
                let report = engine.run_batch_loads();
                let finished: Vec<Value> = report.finished.iter().filter_map(|id| finished_task(engine, id)).collect();
                local(json!({ "RowsRead": report.rows, "TasksFinished": finished }))
            }
        };
        (sent, response)
    }

    pub fn to_json(&self) -> Value {
        let mut s = Map::new();
        match &self.action {
            StepAction::Call { operation, request } => {
                s.insert("operation".into(), json!(operation.name()));
                s.insert("request".into(), request.clone());
            }
            StepAction::PutObject { bucket, key, body } => {
                s.insert("putObject".into(), json!({ "bucket": bucket, "key": key, "body": body }));
            }
            StepAction::RunBatchLoads => {
                s.insert("runBatchLoads".into(), json!(true));
            }
        }
        if let Some(t) = self.set_clock {
            s.insert("setClock".into(), json!(iso8601_millis(t)));
        }
        if let Some(d) = self.advance_clock {
            s.insert("advanceClock".into(), json!(format_duration(d)));
        }
        if let Some(n) = &self.note {
            s.insert("note".into(), json!(n));
        }
        if let Some(e) = &self.expect {
            s.insert("expect".into(), e.to_json());
        }
        Value::Object(s)
    }
}

/// `{"TaskId", "TaskStatus", "ErrorReport"?}` of a task that has just ended.
fn finished_task(engine: &Engine, id: &str) -> Option<Value> {
    let task = engine.batch_load_task(id)?;
    let mut v = json!({ "TaskId": id, "TaskStatus": task.status.as_str() });
    if let Some((bucket, key)) = &task.report_location {
        let report = engine.get_object(bucket, key).and_then(|b| serde_json::from_slice::<Value>(b).ok());
        v["ErrorReport"] = report.unwrap_or(Value::Null);
    }
    Some(v)
}

impl Expect {
    pub fn to_json(&self) -> Value {
        let mut e = Map::new();
        if let Some(s) = self.status {
            e.insert("status".into(), json!(s));
        }
        if let Some(err) = &self.error {
            e.insert("error".into(), json!(err));
        }
        if let Some(ix) = &self.rejected_indexes {
            e.insert("rejectedIndexes".into(), json!(ix));
        }
        if let Some(b) = &self.body_contains {
            e.insert("bodyContains".into(), b.clone());
        }
        Value::Object(e)
    }

    /// Every way `response` (with its parsed `body`) misses this expectation; empty when met.
    pub fn mismatches(&self, response: &WireResponse, body: &Value) -> Vec<String> {
        expect::mismatches(self, response, body)
    }
}

impl Verdict {
    /// How `response` (with its parsed `body`) fares against an optional expectation.
    pub fn of(expect: Option<&Expect>, response: &WireResponse, body: &Value) -> Verdict {
        match expect {
            None => Verdict::Unchecked,
            Some(e) => {
                let misses = e.mismatches(response, body);
                if misses.is_empty() {
                    Verdict::Met
                } else {
                    Verdict::Failed(misses)
                }
            }
        }
    }
}

/// Whether a step met its expectation.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The step had no `expect`.
    Unchecked,
    Met,
    /// One human explanation per failed check.
    Failed(Vec<String>),
}

/// What happened at one step.
#[derive(Debug, Clone, PartialEq)]
pub struct StepOutcome {
    /// 0-based step index.
    pub index: usize,
    /// The operation of a request step; `None` for putObject and runBatchLoads.
    pub operation: Option<Operation>,
    /// The operation name, `putObject` or `runBatchLoads`.
    pub label: &'static str,
    pub note: Option<String>,
    /// The request as sent (placeholders replaced); see [`Step::request_at`].
    pub request: Value,
    pub response: WireResponse,
    /// The parsed response body (`Null` for an empty body).
    pub body: Value,
    /// Engine time before the step's clock moves.
    pub clock_before: Nanos,
    /// Engine time after the clock moves, i.e. when the request was handled.
    pub clock_after: Nanos,
    pub verdict: Verdict,
}

impl StepOutcome {
    /// False only when an expectation was given and missed.
    pub fn met(&self) -> bool {
        !matches!(self.verdict, Verdict::Failed(_))
    }
    /// The error message of an error answer.
    pub fn error_message(&self) -> Option<&str> {
        if self.response.is_success() {
            return None;
        }
        self.body.get("message").or_else(|| self.body.get("Message")).and_then(Value::as_str)
    }
    /// The body as compact JSON, cut to about `max` characters.
    pub fn short_body(&self, max: usize) -> String {
        if self.body.is_null() {
            return String::from("(empty body)");
        }
        let text = crate::json_text(&self.body);
        if text.chars().count() <= max {
            return text;
        }
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// A scenario being replayed on an engine (owned, or borrowed with `&mut Engine`).
#[derive(Debug)]
pub struct ScenarioRun<E: BorrowMut<Engine> = Engine> {
    engine: E,
    scenario: Scenario,
    next: usize,
    last: Last,
}

impl<E: BorrowMut<Engine>> ScenarioRun<E> {
    /// Prepares a run; a `clock.start` of the scenario freezes the engine clock there now.
    pub fn new(mut engine: E, scenario: Scenario) -> Self {
        if let Some(start) = scenario.clock_start {
            engine.borrow_mut().clock.set(start);
        }
        ScenarioRun { engine, scenario, next: 0, last: Last::default() }
    }

    /// Runs the next step; `None` when every step has run.
    pub fn step(&mut self) -> Option<StepOutcome> {
        let index = self.next;
        let step = self.scenario.steps.get(index)?.clone();
        self.next += 1;
        let engine = self.engine.borrow_mut();
        let clock_before = engine.now();
        step.move_clock(engine);
        let clock_after = engine.now();
        let (request, response) = step.perform(engine, &self.last);
        let body = response.json();
        self.last.remember(&body);
        let verdict = Verdict::of(step.expect.as_ref(), &response, &body);
        Some(StepOutcome {
            index,
            operation: step.operation(),
            label: step.label(),
            note: step.note,
            request,
            response,
            body,
            clock_before,
            clock_after,
            verdict,
        })
    }

    /// Runs every remaining step.
    pub fn run_to_end(&mut self) -> Vec<StepOutcome> {
        std::iter::from_fn(|| self.step()).collect()
    }

    pub fn is_finished(&self) -> bool {
        self.next >= self.scenario.steps.len()
    }
    /// Index of the step [`ScenarioRun::step`] runs next.
    pub fn position(&self) -> usize {
        self.next
    }
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    pub fn engine(&self) -> &Engine {
        self.engine.borrow()
    }
    pub fn engine_mut(&mut self) -> &mut Engine {
        self.engine.borrow_mut()
    }
    pub fn into_engine(self) -> E {
        self.engine
    }
}
