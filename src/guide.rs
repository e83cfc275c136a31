//! Guided walks through the examples (`timestream_engine::scenario::examples`): the state of the
//! walk and the reducer steps behind `Action::StartScenario` and `Action::Guide`, and the
//! engine requests each move needs (src/app.rs sends them to the worker).
//!
//! A request step is loaded into the editor (operation and request, placeholders replaced at the
//! engine time the step will run at) and runs through the normal Run, so the user may edit it
//! first. A step's clock move is applied once, when it first runs ([`clock_move`] before the
//! run). putObject and runBatchLoads steps have no wire operation: [`step_request`] performs
//! them in the worker and `GuideAction::StepDone` brings the answer.

use std::rc::Rc;

use timestream_engine::protocol::{Request, WireReply};
use timestream_engine::scenario::examples::{find, Example};
use timestream_engine::scenario::{Last, Scenario, Step, StepAction, Verdict};
use timestream_engine::{ClockMode, Operation, WireResponse};

use crate::state::{wire_json, Playground, Tab};

/// What starting an example does to the emulator, said where it is asked (the examples menu,
/// the start screen).
pub const STARTING_RESETS: &str = "Starting an example resets the emulator: every database, table, record, S3 object and batch-load task is discarded.";

/// A walk through one example.
#[derive(Clone, Debug)]
pub struct Guide {
    pub example: &'static Example,
    pub scenario: Rc<Scenario>,
    /// The current step (0-based).
    pub index: usize,
    /// Per step: whether its clock move has been applied.
    moved: Vec<bool>,
    /// Top-level strings of the answers so far, for `{{last.TaskId}}`.
    last: Last,
    /// What running the current step gave; `None` until it runs.
    pub outcome: Option<Outcome>,
}

/// The result of running the current step.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// `None` when the run was not the step's operation (the user picked another one).
    pub verdict: Option<Verdict>,
    /// The answer of a putObject or runBatchLoads step (request steps show in the Response tab).
    pub body: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum GuideAction {
    /// Go to this step (Next, Previous).
    Go(usize),
    /// Perform a putObject or runBatchLoads step (request steps use Run): src/app.rs sends
    /// [`step_request`] and the answer comes back as `StepDone`.
    RunStep,
    /// The answer of the current putObject or runBatchLoads step.
    StepDone(Rc<WireReply>),
    /// Leave the walk; the engine keeps its state.
    Exit,
}

/// The example and its scenario compared by address: both are shared and never change, so the
/// same address is the same walk, and the views need no deep comparison of a scenario's steps
/// (nor its code in the module).
impl PartialEq for Guide {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.example, other.example)
            && Rc::ptr_eq(&self.scenario, &other.scenario)
            && (self.index, &self.moved, &self.last, &self.outcome) == (other.index, &other.moved, &other.last, &other.outcome)
    }
}

impl Guide {
    pub fn step(&self) -> &Step {
        &self.scenario.steps[self.index]
    }
    pub fn step_count(&self) -> usize {
        self.scenario.steps.len()
    }
}

/// The example `id` and its scenario, or the message to show.
pub fn scenario_of(id: &str) -> Result<(&'static Example, Scenario), String> {
    let example = find(id).ok_or_else(|| format!("There is no example called \"{id}\"."))?;
    Ok((example, example.scenario()?))
}

/// What the engine does before the example `id` starts: everything is discarded, the clock set
/// to the scenario's `clock.start`, and batch-load tasks wait for the example's steps.
pub fn start_requests(id: &str) -> Vec<Request> {
    match scenario_of(id) {
        Ok((_, scenario)) => vec![Request::Reset { clock: scenario.clock_start }, Request::AutoRun { on: false }],
        Err(_) => Vec::new(),
    }
}

/// Starts the example `id` (the engine was reset by [`start_requests`]): step 1 in the editor.
/// An unknown id changes nothing and returns the message to show.
pub fn start(p: &mut Playground, id: &str) -> Result<(), String> {
    let (example, scenario) = scenario_of(id)?;
    p.clock = scenario.clock_start.map_or(ClockMode::System, |now| ClockMode::Virtual { now });
    let n = scenario.steps.len();
    p.guide = Some(Rc::new(Guide { example, scenario: Rc::new(scenario), index: 0, moved: vec![false; n], last: Last::default(), outcome: None }));
    p.response = None;
    p.tab = Tab::Response;
    load(p);
    Ok(())
}

/// Puts the current step's operation and request into the editor.
fn load(p: &mut Playground) {
    let Some(g) = &p.guide else { return };
    let step = g.step();
    if let StepAction::Call { operation, .. } = step.action {
        let now = p.now();
        let at = if g.moved[g.index] { now } else { step.time_at(now) };
        let request = step.request_at(at, &g.last);
        p.operation = operation;
        p.request = timestream_engine::json_pretty(&request).into();
    }
}

pub fn apply(p: &mut Playground, action: GuideAction) {
    let Some(g) = p.guide.as_mut() else { return };
    let g = Rc::make_mut(g);
    match action {
        GuideAction::Go(i) if i < g.step_count() => {
            g.index = i;
            g.outcome = None;
            load(p);
        }
        GuideAction::Go(_) | GuideAction::RunStep => {}
        GuideAction::StepDone(reply) => {
            g.moved[g.index] = true;
            let body = wire_json(&reply);
            g.last.remember(&body);
            let verdict = Verdict::of(g.step().expect.as_ref(), &wire_response(&reply), &body);
            g.outcome = Some(Outcome { verdict: Some(verdict), body: Some(timestream_engine::json_pretty(&body)) });
        }
        GuideAction::Exit => p.guide = None,
    }
}

/// The engine request that performs the current putObject or runBatchLoads step (its clock
/// move first, once).
pub fn step_request(p: &Playground) -> Option<Request> {
    let g = p.guide.as_ref()?;
    g.step().operation().is_none().then(|| Request::PerformStep {
        example: g.example.id.to_string(),
        index: g.index,
        move_clock: !g.moved[g.index],
        last: g.last.0.clone(),
    })
}

/// Before a Run: the first run of the current step's operation moves the clock first.
pub fn clock_move(p: &Playground) -> Option<Request> {
    let g = p.guide.as_ref()?;
    (g.step().operation() == Some(p.operation) && !g.moved[g.index]).then(|| Request::MoveClock { example: g.example.id.to_string(), index: g.index })
}

/// After a Run: checks the answer against the current step's expectation.
pub fn after_run(p: &mut Playground, operation: Operation, reply: &WireReply, moved: bool) {
    let Some(g) = p.guide.as_mut() else { return };
    let g = Rc::make_mut(g);
    if moved {
        g.moved[g.index] = true;
    }
    let body = wire_json(reply);
    g.last.remember(&body);
    let step = g.step();
    let verdict = (step.operation() == Some(operation)).then(|| Verdict::of(step.expect.as_ref(), &wire_response(reply), &body));
    g.outcome = Some(Outcome { verdict, body: None });
}

/// The engine's answer as the scenario checks read it.
fn wire_response(reply: &WireReply) -> WireResponse {
    WireResponse {
        status: reply.status,
        // The error names are a handful of fixed strings; a guided run leaks one at most.
        error_type: reply.error_type.clone().map(|t| &*Box::leak(t.into_boxed_str())),
        request_id: reply.request_id.clone(),
        body: reply.body.clone().into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use timestream_engine::clock::NANOS_PER_MILLI;
    use timestream_engine::protocol::{Reply, Session};
    use timestream_engine::scenario::examples::EXAMPLES;
    use timestream_engine::{Engine, Operation};
    use yew::Reducible;

    use super::*;
    use crate::state::Action;

    /// The page and the worker's session, with src/app.rs's moves done in line.
    struct Page {
        p: Rc<Playground>,
        engine: Session,
    }

    impl Page {
        fn new() -> Self {
            let p = Rc::new(Playground::with_clock(ClockMode::Virtual { now: 1_700_000_000_000 * NANOS_PER_MILLI }));
            Page { p, engine: Session::new(Engine::deterministic(1_700_000_000_000 * NANOS_PER_MILLI, 1)) }
        }
        fn act(&mut self, a: Action) {
            self.p = self.p.clone().reduce(a);
        }
        fn answer(&mut self, r: Request) -> Reply {
            let reply = self.engine.answer(r);
            if let Reply::Clock { mode, .. } = reply {
                self.act(Action::Clock(mode));
            }
            reply
        }
        fn start(&mut self, id: &str) {
            for r in start_requests(id) {
                self.answer(r);
            }
            self.act(Action::StartScenario(id.into()));
        }
        fn run(&mut self) {
            let moved = clock_move(&self.p).map(|r| self.answer(r)).is_some();
            let operation = self.p.operation;
            let Reply::Response(reply) = self.answer(Request::Handle { target: operation.target(), body: self.p.request.to_string() }) else { panic!() };
            self.act(Action::Responded { operation, reply: Rc::new(reply), moved });
        }
        fn run_step(&mut self) {
            let Some(r) = step_request(&self.p) else { panic!("not a putObject or runBatchLoads step") };
            let Reply::Response(reply) = self.answer(r) else { panic!() };
            self.act(Action::Guide(GuideAction::StepDone(Rc::new(reply))));
        }
        fn verdict(&self) -> Option<Verdict> {
            self.p.guide.as_ref()?.outcome.as_ref()?.verdict.clone()
        }
        fn databases(&mut self) -> usize {
            let Reply::Tables { databases, .. } = self.engine.answer(Request::Tables) else { panic!() };
            databases.len()
        }
    }

    #[test]
    fn an_unknown_example_changes_nothing_and_says_so() {
        let mut page = Page::new();
        assert!(start_requests("nope").is_empty());
        page.act(Action::StartScenario("nope".into()));
        assert!(page.p.guide.is_none());
        assert_eq!(page.p.notice.as_deref(), Some("There is no example called \"nope\"."));
    }

    #[test]
    fn starting_discards_the_engine_sets_the_clock_and_loads_step_one() {
        let mut page = Page::new();
        page.act(Action::SelectOperation(Operation::CreateDatabase));
        page.run();
        assert_eq!(page.databases(), 1);
        page.start("version-ladder");
        assert!(page.p.notice.is_none() && page.p.response.is_none());
        assert_eq!(page.databases(), 0);
        assert_eq!(page.p.now(), 1_717_243_200_000 * NANOS_PER_MILLI);
        let Reply::Clock { now, .. } = page.engine.answer(Request::Clock) else { panic!() };
        assert_eq!(now, page.p.now(), "the page's clock is the engine's");
        let g = page.p.guide.as_ref().unwrap();
        assert_eq!((g.index, g.example.id, g.outcome.as_ref()), (0, "version-ladder", None));
        assert_eq!(page.p.operation, Operation::CreateDatabase);
        assert_eq!(page.p.request, "{\n  \"DatabaseName\": \"tutorial\"\n}");
        // Step 3: placeholders filled in at the frozen clock.
        page.act(Action::Guide(GuideAction::Go(2)));
        assert!(page.p.request.contains(&format!("\"Time\": \"{}\"", 1_717_243_200_000i64 - 60_000)), "{}", page.p.request);
        // Running it before the table exists does not match; another operation is not checked.
        page.run();
        assert!(matches!(page.verdict(), Some(Verdict::Failed(why)) if why[0].starts_with("status: expected 200, got 404")));
        page.act(Action::SelectOperation(Operation::ListDatabases));
        page.run();
        assert_eq!(page.p.guide.as_ref().unwrap().outcome, Some(Outcome { verdict: None, body: None }));
        page.act(Action::Guide(GuideAction::Exit));
        assert!(page.p.guide.is_none());
    }

    /// Two guides are the same walk when they share the example and the scenario (compared by
    /// address) and stand at the same step with the same answers: a guide panel re-renders for
    /// each change of step, outcome or clock move, and for a walk started again.
    #[test]
    fn guides_compare_by_walk_and_step() {
        let mut page = Page::new();
        page.start("version-ladder");
        let first = page.p.guide.clone().unwrap();
        assert!(*first == (*first).clone());
        page.act(Action::Guide(GuideAction::Go(1)));
        let moved = page.p.guide.clone().unwrap();
        assert!(*moved != *first && Rc::ptr_eq(&moved.scenario, &first.scenario));
        page.act(Action::Guide(GuideAction::Go(0)));
        assert!(*page.p.guide.clone().unwrap() == *first, "back at step one, nothing run");
        page.run();
        assert!(*page.p.guide.clone().unwrap() != *first, "an outcome");
        page.start("version-ladder");
        let again = page.p.guide.clone().unwrap();
        assert!(*again != *first && *again.scenario == *first.scenario, "the same steps, a new walk");
    }

    #[test]
    fn every_example_walked_in_the_app_matches_every_step() {
        for ex in EXAMPLES {
            let mut page = Page::new();
            page.start(ex.id);
            let n = page.p.guide.as_ref().unwrap().step_count();
            for i in 0..n {
                let is_call = page.p.guide.as_ref().unwrap().step().operation().is_some();
                if is_call {
                    page.run();
                } else {
                    page.run_step();
                }
                assert_eq!(page.verdict(), Some(Verdict::Met), "{} step {}: {:?}", ex.id, i + 1, page.p.response);
                page.act(Action::Guide(GuideAction::Go(i + 1)));
            }
            assert_eq!(page.p.guide.as_ref().unwrap().index, n - 1, "Go past the end stays on the last step");
        }
    }
}
