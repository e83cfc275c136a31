//! The playground's state: one `Reducible` with an `Action` enum.
//!
//! The engine lives in the state behind a shared handle: `Action::Run` sends the editor's text to
//! `Engine::handle` and keeps the answer. Everything else in `reduce` is a pure function of the
//! previous state and the action.

use std::cell::RefCell;
use std::rc::Rc;

use timestream_engine::store::RecordView;
use timestream_engine::types::WriteRecordsRequest;
use timestream_engine::{Clock, Engine, Operation, WireResponse};
use yew::Reducible;

#[cfg(feature = "full")]
use crate::guide::{self, Guide, GuideAction};
use crate::templates::template;

/// The emulator the page talks to, shared between renders.
#[derive(Clone, Debug)]
pub struct EngineHandle(pub Rc<RefCell<Engine>>);

impl EngineHandle {
    pub fn new(engine: Engine) -> Self {
        EngineHandle(Rc::new(RefCell::new(engine)))
    }

    /// An engine whose clock reads the browser's `Date.now`.
    pub fn browser() -> Self {
        EngineHandle::new(Engine { clock: Clock::with_source(js_sys::Date::now), ..Engine::default() })
    }

    fn now_ms(&self) -> i64 {
        self.0.borrow().now().div_euclid(1_000_000)
    }
}

impl PartialEq for EngineHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
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
    pub fn new(operation: Operation, wire: &WireResponse) -> Self {
        let json = wire.json();
        let body = if json.is_null() { String::from_utf8_lossy(&wire.body).into_owned() } else { format!("{json:#}") };
        let n = &json["RecordsIngested"];
        let ingested = n.is_object().then(|| ["Total", "MemoryStore", "MagneticStore"].map(|k| n[k].as_i64().unwrap_or(0)));
        let rejected = json["RejectedRecords"].as_array().map_or(Vec::new(), |rs| {
            rs.iter()
                .map(|r| RejectedRow {
                    index: r["RecordIndex"].as_u64().unwrap_or(0) as usize,
                    reason: r["Reason"].as_str().unwrap_or("").to_string(),
                    existing_version: r["ExistingVersion"].as_i64(),
                    stored: None,
                })
                .collect()
        });
        ResponseView {
            ingested,
            rejected,
            operation,
            status: wire.status,
            error_type: wire.error_type.map(str::to_string),
            request_id: wire.request_id.clone(),
            body,
        }
    }
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
    /// The tab's name in `?open` hand-overs between the builds (src/upgrade.rs).
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

#[derive(Clone, Debug, PartialEq)]
pub struct Playground {
    pub engine: EngineHandle,
    /// Bumped whenever the engine's state changes, so panels that read it render again.
    pub revision: u64,
    pub tab: Tab,
    pub operation: Operation,
    /// The editor's text: the request body sent on Run.
    pub request: String,
    pub response: Option<Rc<ResponseView>>,
    /// The example being walked through, if any (src/guide.rs).
    #[cfg(feature = "full")]
    pub guide: Option<Rc<Guide>>,
    /// A message for the user that belongs to no panel (e.g. an unknown example id).
    pub notice: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Picks an operation and loads its request template into the editor.
    SelectOperation(Operation),
    /// The editor's text changed.
    EditRequest(String),
    /// The editor's text after a paste: a request of another operation switches the picker.
    PasteRequest(String),
    /// Puts the current operation's template back into the editor.
    ResetRequest,
    /// Sends the editor's text to the engine as the current operation.
    Run,
    /// Something outside `Run` changed the engine (clock, batch-load step, upload).
    EngineChanged,
    /// Shows a workbench tab.
    ShowTab(Tab),
    /// Starts the example with this id (`scenario::examples`): discards the engine's state, sets
    /// the scenario's clock and loads step 1. The hook for `?scenario=<id>` links.
    #[cfg(feature = "full")]
    StartScenario(String),
    /// Moves through the example being walked.
    #[cfg(feature = "full")]
    Guide(GuideAction),
    /// A session was loaded (autosave, file, share link): its engine is already in the handle.
    Load { operation: Operation, request: String, tab: Tab },
}

impl Playground {
    pub const DEFAULT_OPERATION: Operation = Operation::DescribeEndpoints;

    pub fn new(engine: EngineHandle) -> Self {
        let request = template(Self::DEFAULT_OPERATION, engine.now_ms());
        Playground { engine, revision: 0, tab: Tab::Response, operation: Self::DEFAULT_OPERATION, request, response: None, #[cfg(feature = "full")] guide: None, notice: None }
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SelectOperation(op) => {
                next.operation = op;
                next.request = template(op, next.engine.now_ms());
            }
            Action::EditRequest(text) => next.request = text,
            Action::PasteRequest(text) => match timestream_engine::recognise::recognise(&text, next.operation) {
                Some(r) => {
                    next.operation = r.operation;
                    next.request = r.body;
                }
                None => next.request = text,
            },
            Action::ResetRequest => next.request = template(next.operation, next.engine.now_ms()),
            Action::Run => {
                #[cfg(feature = "full")]
                guide::before_run(&mut next);
                let wire = next.engine.0.borrow_mut().handle(&next.operation.target(), next.request.as_bytes());
                let mut view = ResponseView::new(next.operation, &wire);
                if next.operation == Operation::WriteRecords && !view.rejected.is_empty() {
                    let req = timestream_engine::parse_body(next.request.as_bytes()).ok().and_then(|v| timestream_engine::wire::read::<WriteRecordsRequest>(v).ok());
                    if let Some(req) = req {
                        let mut stored = next.engine.0.borrow().stored_records_for(&req);
                        for row in &mut view.rejected {
                            row.stored = stored.get_mut(row.index).and_then(Option::take);
                        }
                    }
                }
                next.response = Some(Rc::new(view));
                next.revision += 1;
                next.tab = Tab::Response;
                #[cfg(feature = "full")]
                guide::after_run(&mut next, &wire);
            }
            Action::EngineChanged => next.revision += 1,
            Action::ShowTab(tab) => next.tab = tab,
            #[cfg(feature = "full")]
            Action::StartScenario(id) => next.notice = guide::start(&mut next, &id).err(),
            #[cfg(feature = "full")]
            Action::Guide(a) => {
                next.notice = None;
                guide::apply(&mut next, a);
            }
            Action::Load { operation, request, tab } => {
                (next.operation, next.request, next.tab, next.response) = (operation, request, tab, None);
                #[cfg(feature = "full")]
                {
                    next.guide = None;
                }
                next.notice = None;
                next.revision += 1;
            }
        }
        Rc::new(next)
    }
}
