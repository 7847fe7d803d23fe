//! The checker: runs a learner's definition against a lesson's checks and says precisely what is wrong.

use crate::json_diff::diff;
use crate::lesson::{Check, Lesson};
use asl::scenario::Scenario;
use asl::{run, DefinitionError, ExecutionResult, RunOptions, StateMachine};
use serde_json::Value;

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOutcome {
    /// The check's title.
    pub title: String,
    /// Whether every expectation held.
    pub passed: bool,
    /// What did not hold, one sentence each.
    pub problems: Vec<String>,
    /// The execution the check ran.
    pub execution: ExecutionResult,
}

/// The verdict on a learner's definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The definition does not load; nothing ran.
    Invalid(DefinitionError),
    /// Every check ran; the lesson is passed when all passed.
    Ran(Vec<CheckOutcome>),
}

impl Verdict {
    /// Whether the lesson is passed.
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Ran(outcomes) if outcomes.iter().all(|o| o.passed))
    }
}

/// Runs `definition` (JSON text) against every check of `lesson`.
pub fn check(lesson: &Lesson, definition: &str) -> Verdict {
    let machine = match StateMachine::from_json_text(definition) {
        Ok(machine) => machine,
        Err(error) => return Verdict::Invalid(error),
    };
    Verdict::Ran(
        lesson
            .checks
            .iter()
            .map(|c| check_one(&machine, c, lesson.scenario.as_ref()))
            .collect(),
    )
}

/// The run options of a check: its own scenario, else the lesson's (both were validated on load).
fn options(check: &Check, lesson_scenario: Option<&Value>) -> RunOptions {
    let mut options = RunOptions::default();
    if let Some(Ok(scenario)) = check
        .scenario
        .as_ref()
        .or(lesson_scenario)
        .map(Scenario::from_value)
    {
        scenario.apply_to(&mut options);
    }
    options
}

fn check_one(machine: &StateMachine, check: &Check, lesson_scenario: Option<&Value>) -> CheckOutcome {
    let execution = run(machine, check.input.clone(), &options(check, lesson_scenario));
    let expect = &check.expect;
    let mut problems = Vec::new();
    if execution.status.as_str() != expect.status.as_str() {
        let mut problem = format!(
            "the execution {} but should have {}",
            execution.status.as_str().to_lowercase().replace('_', " "),
            expect.status.as_str().to_lowercase().replace('_', " ")
        );
        if let (Some(error), cause) = (&execution.error, &execution.cause) {
            problem.push_str(&format!(
                " (error {error}: {})",
                cause.as_deref().unwrap_or("no cause")
            ));
        }
        problems.push(problem);
    }
    if let (Some(expected), Some(actual)) = (&expect.output, &execution.output) {
        problems.extend(
            diff(expected, actual, expect.compare.into())
                .into_iter()
                .map(|d| format!("output: {d}")),
        );
    }
    if let Some(expected) = &expect.error {
        if execution.error.as_ref() != Some(expected) {
            problems.push(format!(
                "the error should be {expected}, but it is {}",
                execution.error.as_deref().unwrap_or("none")
            ));
        }
    }
    if let Some(expected) = &expect.services {
        problems.extend(
            diff(
                expected,
                &execution.services,
                crate::json_diff::Strictness::Includes,
            )
            .into_iter()
            .map(|d| format!("services: {d}")),
        );
    }
    if let Some(expected) = &expect.states_entered {
        let actual = execution.states_entered();
        if actual != expected.iter().map(String::as_str).collect::<Vec<_>>() {
            problems.push(format!(
                "the states entered should be {} but were {}",
                expected.join(" → "),
                actual.join(" → ")
            ));
        }
    }
    CheckOutcome {
        title: check.title.clone(),
        passed: problems.is_empty(),
        problems,
        execution,
    }
}
