//! `timestream-local run SCENARIO.json`: replays a scenario and prints each step's outcome;
//! exit 1 when the scenario cannot be read or any expectation failed.

use std::fmt::Write as _;
use std::path::Path;

use timestream_engine::clock::iso8601_millis;
use timestream_engine::scenario::{format_duration, Scenario, ScenarioRun, StepOutcome, Verdict};
use timestream_engine::Engine;

use crate::EXIT_PROBLEMS;

/// Body characters shown per step.
const SHORT_BODY: usize = 240;

pub fn run(path: &Path) -> u8 {
    let name = path.display();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            println!("{name}: error: cannot read the scenario: {e}");
            return EXIT_PROBLEMS;
        }
    };
    let scenario = match Scenario::parse(&text) {
        Ok(s) => s,
        Err(e) => {
            println!("{name}: error: {e}");
            return EXIT_PROBLEMS;
        }
    };
    let title = if scenario.title.is_empty() { name.to_string() } else { scenario.title.clone() };
    println!("Scenario: {title} ({} steps)", scenario.steps.len());
    if !scenario.description.is_empty() {
        println!("{}", scenario.description);
    }
    let mut run = ScenarioRun::new(Engine::default(), scenario);
    let (mut met, mut failed, mut unchecked) = (0, 0, 0);
    while let Some(outcome) = run.step() {
        print!("{}", render(&outcome));
        match outcome.verdict {
            Verdict::Met => met += 1,
            Verdict::Failed(_) => failed += 1,
            Verdict::Unchecked => unchecked += 1,
        }
    }
    println!();
    println!("expectations: {met} met, {failed} failed, {unchecked} steps without expect");
    if failed > 0 {
        EXIT_PROBLEMS
    } else {
        0
    }
}

/// The text block of one step.
pub fn render(o: &StepOutcome) -> String {
    let mut s = String::new();
    let moved = o.clock_after - o.clock_before;
    let clock_note = if moved == 0 { String::new() } else { format!(" (clock {})", format_duration(moved)) };
    let _ = writeln!(s, "\nstep {}  {}  at {}{clock_note}", o.index + 1, o.label, iso8601_millis(o.clock_after));
    if let Some(note) = &o.note {
        let _ = writeln!(s, "  note: {note}");
    }
    let status = match o.response.error_type {
        None => format!("{} OK", o.response.status),
        Some(t) => format!("{} {t}", o.response.status),
    };
    let _ = writeln!(s, "  -> {status}  {}", o.short_body(SHORT_BODY));
    match &o.verdict {
        Verdict::Unchecked => {}
        Verdict::Met => {
            let _ = writeln!(s, "  expect: met");
        }
        Verdict::Failed(why) => {
            let _ = writeln!(s, "  expect: NOT MET");
            for w in why {
                let _ = writeln!(s, "    - {w}");
            }
        }
    }
    s
}
