//! Guided walks through the examples (`timestream_engine::scenario::examples`): the state of the
//! walk and the reducer steps behind `Action::StartScenario` and `Action::Guide`.
//!
//! A request step is loaded into the editor (operation and request, placeholders replaced at the
//! engine time the step will run at) and runs through the normal `Action::Run`, so the user may
//! edit it first. A step's clock move is applied once, when it first runs. putObject and
//! runBatchLoads steps have no wire operation: `GuideAction::RunStep` performs them.

use std::rc::Rc;

use timestream_engine::scenario::examples::{find, Example};
use timestream_engine::scenario::{Last, Scenario, Step, StepAction, Verdict};
use timestream_engine::{Engine, WireResponse};

use crate::state::{Playground, Tab};

/// A walk through one example.
#[derive(Clone, Debug, PartialEq)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuideAction {
    /// Go to this step (Next, Previous).
    Go(usize),
    /// Perform a putObject or runBatchLoads step (request steps use `Action::Run`).
    RunStep,
    /// Leave the walk; the engine keeps its state.
    Exit,
}

impl Guide {
    pub fn step(&self) -> &Step {
        &self.scenario.steps[self.index]
    }
    pub fn step_count(&self) -> usize {
        self.scenario.steps.len()
    }
}

/// An engine like `old` after a reload: empty, same configuration and time source, clock running.
fn fresh(old: &Engine) -> Engine {
    let mut e = Engine::new(old.config.clone());
    e.clock = old.clock.clone();
    e.clock.use_system();
    e
}

/// Starts the example `id`: a fresh engine (everything is discarded), its clock set to the
/// scenario's `clock.start`, step 1 in the editor. The embed mode calls this through
/// `Action::StartScenario`. An unknown id changes nothing and returns the message to show.
pub fn start(p: &mut Playground, id: &str) -> Result<(), String> {
    let example = find(id).ok_or_else(|| format!("There is no example called \"{id}\"."))?;
    let scenario = example.scenario()?;
    {
        let mut engine = p.engine.0.borrow_mut();
        *engine = fresh(&engine);
        if let Some(t) = scenario.clock_start {
            engine.clock.set(t);
        }
    }
    let n = scenario.steps.len();
    p.guide = Some(Rc::new(Guide { example, scenario: Rc::new(scenario), index: 0, moved: vec![false; n], last: Last::default(), outcome: None }));
    p.response = None;
    p.revision += 1;
    p.tab = Tab::Response;
    load(p);
    Ok(())
}

/// Puts the current step's operation and request into the editor.
fn load(p: &mut Playground) {
    let Some(g) = &p.guide else { return };
    let step = g.step();
    if let StepAction::Call { operation, .. } = step.action {
        let now = p.engine.0.borrow().now();
        let at = if g.moved[g.index] { now } else { step.time_at(now) };
        let request = step.request_at(at, &g.last);
        p.operation = operation;
        p.request = format!("{request:#}");
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
        GuideAction::Go(_) => {}
        GuideAction::RunStep => {
            let step = g.step().clone();
            if step.operation().is_some() {
                return;
            }
            let mut engine = p.engine.0.borrow_mut();
            if !std::mem::replace(&mut g.moved[g.index], true) {
                step.move_clock(&mut engine);
            }
            let (_, response) = step.perform(&mut engine, &g.last);
            let body = response.json();
            g.last.remember(&body);
            let verdict = Verdict::of(step.expect.as_ref(), &response, &body);
            g.outcome = Some(Outcome { verdict: Some(verdict), body: Some(format!("{body:#}")) });
            drop(engine);
            p.revision += 1;
        }
        GuideAction::Exit => p.guide = None,
    }
}

/// Before `Action::Run`: the first run of the current step's operation moves the clock first.
pub fn before_run(p: &mut Playground) {
    let Some(g) = p.guide.as_mut() else { return };
    let g = Rc::make_mut(g);
    let step = &g.scenario.steps[g.index];
    if step.operation() == Some(p.operation) && !std::mem::replace(&mut g.moved[g.index], true) {
        step.move_clock(&mut p.engine.0.borrow_mut());
    }
}

/// After `Action::Run`: checks the answer against the current step's expectation.
pub fn after_run(p: &mut Playground, wire: &WireResponse) {
    let Some(g) = p.guide.as_mut() else { return };
    let g = Rc::make_mut(g);
    let body = wire.json();
    g.last.remember(&body);
    let step = g.step();
    let verdict = (step.operation() == Some(p.operation)).then(|| Verdict::of(step.expect.as_ref(), wire, &body));
    g.outcome = Some(Outcome { verdict, body: None });
}

#[cfg(test)]
mod tests {
    use timestream_engine::scenario::examples::EXAMPLES;
    use timestream_engine::clock::NANOS_PER_MILLI;
    use timestream_engine::Operation;
    use yew::Reducible;

    use super::*;
    use crate::state::{Action, EngineHandle};

    fn playground() -> Rc<Playground> {
        Rc::new(Playground::new(EngineHandle::new(Engine::default())))
    }

    fn verdict(p: &Playground) -> Option<Verdict> {
        p.guide.as_ref()?.outcome.as_ref()?.verdict.clone()
    }

    #[test]
    fn an_unknown_example_changes_nothing_and_says_so() {
        let p = playground().reduce(Action::StartScenario("nope".into()));
        assert!(p.guide.is_none());
        assert_eq!(p.notice.as_deref(), Some("There is no example called \"nope\"."));
        assert_eq!(p.revision, 0);
    }

    #[test]
    fn starting_discards_the_engine_sets_the_clock_and_loads_step_one() {
        let p = playground().reduce(Action::SelectOperation(Operation::CreateDatabase)).reduce(Action::Run);
        assert_eq!(p.engine.0.borrow().state.databases.len(), 1);
        let p = p.reduce(Action::StartScenario("version-ladder".into()));
        assert!(p.notice.is_none() && p.response.is_none());
        assert!(p.engine.0.borrow().state.databases.is_empty());
        assert_eq!(p.engine.0.borrow().now(), 1_717_243_200_000 * NANOS_PER_MILLI);
        let g = p.guide.as_ref().unwrap();
        assert_eq!((g.index, g.example.id, g.outcome.as_ref()), (0, "version-ladder", None));
        assert_eq!(p.operation, Operation::CreateDatabase);
        assert_eq!(p.request, "{\n  \"DatabaseName\": \"tutorial\"\n}");
        // Step 3: placeholders filled in at the frozen clock.
        let p = p.reduce(Action::Guide(GuideAction::Go(2)));
        assert!(p.request.contains(&format!("\"Time\": \"{}\"", 1_717_243_200_000i64 - 60_000)), "{}", p.request);
        // Running it before the table exists does not match; another operation is not checked.
        let p = p.reduce(Action::Run);
        assert!(matches!(verdict(&p), Some(Verdict::Failed(why)) if why[0].starts_with("status: expected 200, got 404")));
        let p = p.reduce(Action::SelectOperation(Operation::ListDatabases)).reduce(Action::Run);
        assert_eq!(p.guide.as_ref().unwrap().outcome, Some(Outcome { verdict: None, body: None }));
        assert!(p.reduce(Action::Guide(GuideAction::Exit)).guide.is_none());
    }

    #[test]
    fn every_example_walked_in_the_app_matches_every_step() {
        for ex in EXAMPLES {
            let mut p = playground().reduce(Action::StartScenario(ex.id.into()));
            let n = p.guide.as_ref().unwrap().step_count();
            for i in 0..n {
                let is_call = p.guide.as_ref().unwrap().step().operation().is_some();
                p = p.reduce(if is_call { Action::Run } else { Action::Guide(GuideAction::RunStep) });
                assert_eq!(verdict(&p), Some(Verdict::Met), "{} step {}: {:?}", ex.id, i + 1, p.response);
                p = p.reduce(Action::Guide(GuideAction::Go(i + 1)));
            }
            assert_eq!(p.guide.as_ref().unwrap().index, n - 1, "Go past the end stays on the last step");
        }
    }
}
