//! The playground's state: one `Reducible` with an `Action` enum.
//!
//! The engine is not here: it runs in a Web Worker behind `crate::client::EngineClient`. A Run
//! sends the editor's text (src/app.rs) and the answer comes back as `Action::Responded`; the
//! worker's revision, status and clock come in as actions too. `reduce` is a pure function of
//! the previous state and the action.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;

use timestream_engine::protocol::WireReply;
use timestream_engine::{ClockMode, Operation, RecordView};
use yew::Reducible;

use crate::client::EngineEvent;
use crate::guide::{self, Guide, GuideAction};
use crate::templates::template;

/// Whether the engine's worker is up.
#[derive(Clone, Debug, PartialEq)]
pub enum EngineStatus {
    Starting,
    Ready,
    /// It could not start: the message the page shows.
    Failed(String),
}

/// One answer of the engine, as the response panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseView {
    pub operation: Operation,
    pub status: u16,
    pub error_type: Option<String>,
    pub request_id: String,
    /// The body, pretty-printed when it is JSON; empty for operations without output.
    pub body: String,
    /// RecordsIngested of a WriteRecords success: total, memory store, magnetic store.
    pub ingested: Option<[i64; 3]>,
    /// The RejectedRecords of a RejectedRecordsException.
    pub rejected: Vec<RejectedRow>,
}

/// One rejected record, with the stored record it collided with (read right after the run).
#[derive(Clone, Debug, PartialEq)]
pub struct RejectedRow {
    pub index: usize,
    pub reason: String,
    pub existing_version: Option<i64>,
    pub stored: Option<RecordView>,
}

impl ResponseView {
    pub fn new(operation: Operation, wire: &WireReply) -> Self {
        let json = wire_json(wire);
        let body = if json.is_null() { wire.body.clone() } else { timestream_engine::json_pretty(&json) };
        let n = &json["RecordsIngested"];
        let ingested = n.is_object().then(|| ["Total", "MemoryStore", "MagneticStore"].map(|k| n[k].as_i64().unwrap_or(0)));
        let rejected = json["RejectedRecords"].as_array().map_or(Vec::new(), |rs| {
            rs.iter()
                .map(|r| RejectedRow {
                    index: r["RecordIndex"].as_u64().unwrap_or(0) as usize,
                    reason: r["Reason"].as_str().unwrap_or("").to_string(),
                    existing_version: r["ExistingVersion"].as_i64(),
                    stored: wire.stored.get(r["RecordIndex"].as_u64().unwrap_or(0) as usize).cloned().flatten(),
                })
                .collect()
        });
        ResponseView { ingested, rejected, operation, status: wire.status, error_type: wire.error_type.clone(), request_id: wire.request_id.clone(), body }
    }
}

/// The JSON of an answer's body (`Null` when empty or not JSON).
pub fn wire_json(wire: &WireReply) -> serde_json::Value {
    serde_json::from_slice(wire.body.as_bytes()).unwrap_or_default()
}

/// The tabs of the right-hand workbench.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Response,
    Inspector,
    Clock,
    BatchLoad,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Response, Tab::Inspector, Tab::Clock, Tab::BatchLoad];
    /// The tab's short name.
    pub fn key(self) -> &'static str {
        match self {
            Tab::Response => "response",
            Tab::Inspector => "inspector",
            Tab::Clock => "clock",
            Tab::BatchLoad => "batch",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Tab::Response => "Response",
            Tab::Inspector => "Inspector",
            Tab::Clock => "Clock",
            Tab::BatchLoad => "Batch load",
        }
    }
}

/// The editor's text, shared: a state change or a render's props clone a pointer, not the
/// megabytes of a big request, and the same text compares equal without being read (yew compares
/// props and hook dependencies on every render). A `String` behind the `Rc`, so that the editor's
/// document, rebuilt on each edit, becomes the app's text without another copy.
#[derive(Clone, Debug, Default)]
pub struct Text(Rc<String>);

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == *other
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Text {
    /// The same text (not only an equal one).
    pub fn same(&self, other: &Text) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Rc::new(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(Rc::new(text.to_string()))
    }
}

/// A pasted text and what [`recognise`](timestream_engine::recognise::recognise) made of it for
/// the operation then current, worked out before the action that shows it: the editor recognises
/// a big paste in tasks of its own (reading the body, then laying a minified one out over lines:
/// ≈ 25 and ≈ 35 ms for 5 MB in the page), so that neither they nor the render that shows it make
/// a task near the 50 ms of a long task.
#[derive(Clone, Debug, PartialEq)]
pub struct Pasted {
    text: Text,
    /// The operation it was recognised for; the reducer recognises it again for another one.
    current: Operation,
    found: Option<Found>,
}

#[derive(Clone, Debug, PartialEq)]
struct Found {
    operation: Operation,
    /// `None`: the text as pasted (a JSON body is not copied).
    body: Option<Text>,
    note: Option<Rc<timestream_engine::recognise::Note>>,
    /// A minified body's layout so far ([`Pasted::lay_out_some`]).
    laying: timestream_engine::recognise::Layout,
}

impl Found {
    /// The body is still to be laid out over lines ([`Pasted::lay_out`]): a minified body's note
    /// without its laid-out body.
    fn unlaid(&self) -> bool {
        self.body.is_none() && self.note.as_ref().is_some_and(|n| n.source == timestream_engine::recognise::Source::Json)
    }
}

impl Pasted {
    /// Recognised, a minified body laid out.
    pub fn recognise(text: Text, current: Operation) -> Pasted {
        let mut pasted = Pasted::unlaid(text, current);
        pasted.lay_out();
        pasted
    }

    /// Recognised, a minified body left to [`Pasted::lay_out`].
    pub fn unlaid(text: Text, current: Operation) -> Pasted {
        let found = timestream_engine::recognise::recognise_unlaid(&text, current).map(|r| Found {
            operation: r.operation,
            body: match r.body {
                Cow::Owned(body) => Some(body.into()),
                Cow::Borrowed(_) => None,
            },
            note: r.note.map(Rc::new),
            laying: Default::default(),
        });
        Pasted { text, current, found }
    }

    /// Whether [`Pasted::lay_out`] has work to do.
    pub fn unlaid_body(&self) -> bool {
        self.found.as_ref().is_some_and(Found::unlaid)
    }

    /// Lays a minified body out over lines, as `recognise` does.
    pub fn lay_out(&mut self) {
        self.lay_out_some(usize::MAX);
    }

    /// Lays out the next `bytes` bytes of a minified body (a task's worth: 5 MB laid out at once
    /// took 40–68 ms of the page's thread); whether it is all laid out.
    pub fn lay_out_some(&mut self, bytes: usize) -> bool {
        let Some(found) = self.found.as_mut().filter(|f| f.unlaid()) else { return true };
        if !timestream_engine::recognise::lay_out_step(&self.text, &mut found.laying, bytes) {
            return false;
        }
        found.body = Some(std::mem::take(&mut found.laying).finish().into());
        true
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Playground {
    /// The engine's revision as the worker last reported it: panels that read the engine ask
    /// again when it moves.
    pub revision: u64,
    pub engine: EngineStatus,
    /// The engine's clock as last reported (the times in request templates and examples).
    pub clock: ClockMode,
    pub tab: Tab,
    pub operation: Operation,
    /// The editor's text: the request body sent on Run.
    pub request: Text,
    pub response: Option<Rc<ResponseView>>,
    /// A Run is on its way to the engine.
    pub running: bool,
    /// The example being walked through, if any (src/guide.rs).
    pub guide: Option<Rc<Guide>>,
    /// A message for the user that belongs to no panel (e.g. an unknown example id).
    pub notice: Option<String>,
    /// The edited text of each operation the user left (switching back brings it back); the
    /// current operation's text is `request`. Kept in the session document.
    pub drafts: Rc<BTreeMap<Operation, String>>,
    /// The text a Reset replaced, until the next edit: Undo puts it back.
    pub undo: Option<Text>,
    /// The record the inspector was asked to open (a link from a rejected record).
    pub inspect: Option<crate::jump::RecordRef>,
    /// What the last paste converted from code (or where it stopped), shown by the editor.
    pub paste_note: Option<Rc<timestream_engine::recognise::Note>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Picks an operation and loads its request template into the editor.
    SelectOperation(Operation),
    /// The editor's text changed.
    EditRequest(Text),
    /// The editor's text after a paste, recognised (`Pasted`): a request of another operation
    /// switches the picker.
    Pasted(Pasted),
    /// Puts the current operation's template back into the editor (the text it replaced can
    /// be put back with `UndoReset`).
    ResetRequest,
    /// Puts back the text the last Reset replaced.
    UndoReset,
    /// The editor's text was sent to the engine (src/app.rs sends it).
    Running,
    /// The engine's answer to a Run of `operation`; `moved`: the guide's step moved the clock
    /// first.
    Responded { operation: Operation, reply: Rc<WireReply>, moved: bool },
    /// What the worker said: ready, failed, a new revision, batch-load progress.
    Engine(EngineEvent),
    /// The engine's clock as a reply reported it.
    Clock(ClockMode),
    /// Shows a workbench tab.
    ShowTab(Tab),
    /// Opens a record's version timeline in the inspector.
    Inspect(crate::jump::RecordRef),
    /// Starts the example with this id (src/app.rs has reset the engine and set its clock):
    /// step 1 in the editor. An unknown id is a notice.
    StartScenario(String),
    /// Moves through the example being walked.
    Guide(GuideAction),
    /// A session was loaded (autosave, file, share link): its engine went to the worker.
    Load { operation: Operation, request: String, tab: Tab, drafts: BTreeMap<Operation, String> },
    /// A message that belongs to no panel.
    Notice(Option<String>),
    /// The engine could not run the request (it answered with an error, not a response): Run is
    /// free again and the page says why.
    RunFailed(String),
}

impl Default for Playground {
    fn default() -> Self {
        Playground::new()
    }
}

impl Playground {
    pub const DEFAULT_OPERATION: Operation = Operation::DescribeEndpoints;

    pub fn new() -> Self {
        Playground::with_clock(ClockMode::System)
    }

    /// A fresh page whose engine's clock is `clock` (request templates are dated by it).
    pub fn with_clock(clock: ClockMode) -> Self {
        let request = template(Self::DEFAULT_OPERATION, now_ms(clock)).into();
        Playground {
            revision: 0,
            engine: EngineStatus::Starting,
            clock,
            tab: Tab::Response,
            operation: Self::DEFAULT_OPERATION,
            request,
            response: None,
            running: false,
            guide: None,
            notice: None,
            drafts: Rc::default(),
            undo: None,
            inspect: None,
            paste_note: None,
        }
    }

    /// Switches the editor to `op`: the current text is kept as its operation's draft (unless it
    /// is the template), `op`'s draft (or template) comes back.
    fn switch_to(&mut self, op: Operation) {
        if op == self.operation {
            return;
        }
        let now = now_ms(self.clock);
        let drafts = Rc::make_mut(&mut self.drafts);
        if self.request != template(self.operation, now) && !self.request.trim().is_empty() {
            drafts.insert(self.operation, std::mem::take(&mut self.request).to_string());
        } else {
            drafts.remove(&self.operation);
        }
        self.request = drafts.remove(&op).unwrap_or_else(|| template(op, now)).into();
        self.operation = op;
        self.undo = None;
    }

    /// A paste: a request of another operation switches to it, code converted is noted.
    fn paste(&mut self, mut pasted: Pasted) {
        pasted.lay_out();
        let Pasted { text, found, .. } = pasted;
        // A paste is an edit: the reset before it is no longer undone.
        self.undo = None;
        match found {
            Some(Found { operation, body, note, .. }) => {
                self.switch_to(operation);
                self.paste_note = note;
                // The pasted text itself is kept, not a copy: its `Text` is the editor's.
                self.request = body.unwrap_or(text);
            }
            None => (self.request, self.paste_note) = (text, None),
        }
    }

    /// The engine's time now, as far as the page knows (ns).
    pub fn now(&self) -> timestream_engine::Nanos {
        now_ms(self.clock) * timestream_engine::clock::NANOS_PER_MILLI
    }
}

/// The time of a clock in epoch milliseconds: the browser's for the system clock.
pub fn now_ms(clock: ClockMode) -> i64 {
    match clock {
        ClockMode::System => js_sys::Date::now() as i64,
        ClockMode::Virtual { now } => now.div_euclid(timestream_engine::clock::NANOS_PER_MILLI),
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SelectOperation(op) => next.switch_to(op),
            Action::EditRequest(text) => {
                next.request = text;
                next.undo = None;
            }
            Action::Pasted(pasted) if pasted.current != next.operation => next.paste(Pasted::recognise(pasted.text, next.operation)),
            Action::Pasted(pasted) => next.paste(pasted),
            Action::ResetRequest => {
                let fresh = template(next.operation, now_ms(next.clock));
                if next.request != fresh {
                    next.undo = Some(std::mem::replace(&mut next.request, fresh.into()));
                }
            }
            Action::UndoReset => {
                if let Some(text) = next.undo.take() {
                    next.request = text;
                }
            }
            // A new run: the last one's failure, if any, is no longer the news.
            Action::Running => (next.running, next.notice) = (true, None),
            Action::Responded { operation, reply, moved } => {
                next.running = false;
                next.response = Some(Rc::new(ResponseView::new(operation, &reply)));
                next.tab = Tab::Response;
                guide::after_run(&mut next, operation, &reply, moved);
            }
            Action::Engine(EngineEvent::Ready) => next.engine = EngineStatus::Ready,
            Action::Engine(EngineEvent::Failed(message)) => {
                next.engine = EngineStatus::Failed(message);
                next.running = false;
            }
            Action::Engine(EngineEvent::Revision(r)) => next.revision = next.revision.max(r),
            Action::Engine(EngineEvent::Progress(_)) => {}
            Action::Clock(mode) => next.clock = mode,
            Action::ShowTab(tab) => next.tab = tab,
            Action::Inspect(record) => (next.tab, next.inspect) = (Tab::Inspector, Some(record)),
            Action::StartScenario(id) => next.notice = guide::start(&mut next, &id).err(),
            Action::Guide(a) => {
                next.notice = None;
                guide::apply(&mut next, a);
            }
            Action::Load { operation, request, tab, drafts } => {
                (next.operation, next.request, next.tab, next.response) = (operation, request.into(), tab, None);
                (next.drafts, next.undo) = (Rc::new(drafts), None);
                next.guide = None;
                next.notice = None;
            }
            Action::Notice(n) => next.notice = n,
            Action::RunFailed(message) => (next.running, next.notice) = (false, Some(message)),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::{Pasted, Text};
    use timestream_engine::Operation;

    #[test]
    fn a_minified_body_laid_out_in_slices_is_the_body_laid_out_at_once() {
        let records: Vec<String> = (0..2_000)
            .map(|i| format!(r#"{{"Dimensions":[{{"Name":"host","Value":"h{i}"}}],"MeasureName":"cpu","MeasureValue":"{i}.5","Time":"{i}"}}"#))
            .collect();
        let text = format!(r#"{{"DatabaseName":"db","TableName":"t","Records":[{}]}}"#, records.join(","));
        assert!(text.len() > 100_000);
        let at_once = Pasted::recognise(Text::from(text.as_str()), Operation::CreateDatabase);
        let mut sliced = Pasted::unlaid(Text::from(text.as_str()), Operation::CreateDatabase);
        assert!(sliced.unlaid_body());
        let mut slices = 1;
        while !sliced.lay_out_some(16 * 1024) {
            assert!(sliced.unlaid_body(), "still to be laid out until the last slice");
            slices += 1;
        }
        assert!(slices >= text.len() / (16 * 1024), "{slices} slices");
        assert!(!sliced.unlaid_body());
        assert_eq!(sliced.found.as_ref().map(|f| (&f.operation, &f.body)), at_once.found.as_ref().map(|f| (&f.operation, &f.body)));
        assert_eq!(sliced.found.as_ref().and_then(|f| f.body.as_ref()).map(|b| b.lines().count() > 10_000), Some(true));
        // Nothing left to do: a further slice says so at once.
        assert!(sliced.lay_out_some(1));
    }
}
