//! The checker: runs a learner's definition against a lesson's rules and checks and says
//! precisely what is wrong — which check, what was expected, what happened, and where the path left.

use crate::approvals::report;
use crate::json_diff::{diff, Strictness};
use crate::lesson::{Check, Lesson};
use crate::path::divergence;
use crate::structure::RuleOutcome;
use asl::cost::{Prices, Usage};
use asl::scenario::Scenario;
use asl::{run, DefinitionError, ExecutionResult, RunOptions, StateMachine, WorkflowType};
use serde_json::Value;

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CheckOutcome {
    /// The check's title.
    pub title: String,
    /// Whether every expectation held.
    pub passed: bool,
    /// What did not hold, one sentence each.
    pub problems: Vec<String>,
    /// What the approvers did.
    pub notes: Vec<String>,
    /// Why the check matters (shown when it fails).
    pub why: Option<String>,
    /// The index in the states entered where the path left the expected one.
    pub diverged_at: Option<usize>,
    /// Standard or Express, as the check ran.
    pub workflow_type: WorkflowType,
    /// The execution the check ran.
    pub execution: ExecutionResult,
}

/// Everything the checker found on a valid definition.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    /// The lesson's structure rules.
    pub rules: Vec<RuleOutcome>,
    /// The lesson's checks.
    pub checks: Vec<CheckOutcome>,
}

/// The verdict on a learner's definition.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    /// The definition does not load; nothing ran.
    Invalid(DefinitionError),
    /// Every rule was checked and every check ran; the lesson is passed when all held.
    Ran(Report),
}

impl Verdict {
    /// Whether the lesson is passed.
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Ran(report)
            if report.rules.iter().all(|r| r.passed) && report.checks.iter().all(|c| c.passed))
    }

    /// Every sentence the verdict tells the learner, in order: invalid definitions' diagnostics,
    /// failed rules, then each failed check's title, problems and why.
    pub fn explanations(&self) -> Vec<String> {
        match self {
            Verdict::Invalid(error) => error.diagnostics.iter().map(ToString::to_string).collect(),
            Verdict::Ran(report) => {
                let rules = report.rules.iter().filter_map(|r| r.problem.clone());
                let checks = report.checks.iter().filter(|c| !c.passed).flat_map(|c| {
                    std::iter::once(format!("check failed: {}", c.title))
                        .chain(c.problems.iter().cloned())
                        .chain(c.why.iter().map(|why| format!("why it matters: {why}")))
                });
                rules.chain(checks).collect()
            }
        }
    }
}

/// Checks `definition` (JSON text) against every rule and check of `lesson`.
pub fn check(lesson: &Lesson, definition: &str) -> Verdict {
    let machine = match StateMachine::from_json_text(definition) {
        Ok(machine) => machine,
        Err(error) => return Verdict::Invalid(error),
    };
    // The text parsed as a machine, so it is JSON; the rules read it as written.
    let json: Value = serde_json::from_str(definition).unwrap_or(Value::Null);
    Verdict::Ran(Report {
        rules: lesson
            .definition_rules
            .iter()
            .map(|rule| rule.check(&json))
            .collect(),
        checks: lesson
            .checks
            .iter()
            .map(|c| check_one(&machine, c, lesson))
            .collect(),
    })
}

/// The run options of a check: its scenario (else the lesson's) and its run options over the
/// lesson's; both were validated when the lesson loaded.
fn options(check: &Check, lesson: &Lesson) -> RunOptions {
    let mut options = RunOptions::default();
    if let Some(Ok(scenario)) = check
        .scenario
        .as_ref()
        .or(lesson.scenario.as_ref())
        .map(Scenario::from_value)
    {
        scenario.apply_to(&mut options);
    }
    let _ = check.run.over(&lesson.run).apply_to(&mut options);
    options.callbacks = check.approvals.iter().map(|a| a.to_callback()).collect();
    options
}

fn check_one(machine: &StateMachine, check: &Check, lesson: &Lesson) -> CheckOutcome {
    let options = options(check, lesson);
    let execution = run(machine, check.input.clone(), &options);
    let (notes, mut problems) = report(&execution.token_readings);
    let expect = &check.expect;
    if execution.status.as_str() != expect.status.as_str() {
        let mut problem = format!(
            "the execution {} but should have {}",
            describe_status(execution.status.as_str()),
            describe_status(expect.status.as_str())
        );
        if let Some(error) = &execution.error {
            problem.push_str(&format!(
                " (error {error}: {})",
                execution.cause.as_deref().unwrap_or("no cause")
            ));
        }
        if execution.status == asl::ExecutionStatus::Running {
            let waiting: Vec<String> = execution
                .pending_tasks
                .iter()
                .map(|t| format!("`{}`", t.state))
                .collect();
            problem.push_str(&format!("; it still waits in {}", waiting.join(", ")));
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
    for (what, expected, actual) in [
        ("error", &expect.error, &execution.error),
        ("cause", &expect.cause, &execution.cause),
    ] {
        if let Some(expected) = expected {
            if actual.as_ref() != Some(expected) {
                problems.push(match actual {
                    Some(actual) => format!("the {what} should be \"{expected}\", but it is \"{actual}\""),
                    None => format!("the {what} should be \"{expected}\", but there is none"),
                });
            }
        }
    }
    if let Some(expected) = &expect.services {
        problems.extend(
            diff(expected, &execution.services, Strictness::Includes)
                .into_iter()
                .map(|d| format!("services: {d}")),
        );
    }
    for pointer in &expect.services_empty {
        if let Some(held) = execution.services.pointer(pointer).filter(|v| !is_empty(v)) {
            problems.push(format!(
                "services: {pointer} should be empty, but holds {}",
                describe_held(held)
            ));
        }
    }
    let entered = execution.states_entered();
    let mut diverged_at = None;
    if let Some(expected) = &expect.states_entered {
        if let Some(found) = divergence(expected, &entered) {
            diverged_at = Some(found.index);
            problems.push(found.explain(expected, &entered));
        }
    }
    for state in &expect.must_enter {
        if !entered.contains(&state.as_str()) {
            let went = if entered.is_empty() {
                "it entered no state".to_string()
            } else {
                format!("it went {}", entered.join(" → "))
            };
            problems.push(format!(
                "the execution should enter `{state}`, but it never did ({went})"
            ));
        }
    }
    for state in &expect.must_not_enter {
        if let Some(at) = entered.iter().position(|s| s == state) {
            problems.push(format!(
                "the execution should never enter `{state}`, but it did, after {}",
                if at == 0 {
                    "the start".to_string()
                } else {
                    entered[..at].join(" → ")
                }
            ));
        }
    }
    if let Some(par) = expect.max_states_entered {
        if entered.len() > par {
            problems.push(format!(
                "the execution entered {} states; the par is {par}",
                entered.len()
            ));
        }
    }
    let workflow_type = options.workflow_type;
    if let Some(most) = expect.max_transitions {
        let used = Usage::of(&execution, &Prices::published()).state_transitions;
        if used > most {
            problems.push(format!(
                "the execution used {used} state transitions (each state entered and each retry is billed); at most {most} are allowed"
            ));
        }
    }
    CheckOutcome {
        title: check.title.clone(),
        passed: problems.is_empty(),
        problems,
        notes,
        why: check.why.clone(),
        diverged_at,
        workflow_type,
        execution,
    }
}

/// "succeeded", "failed", "timed out", "still waits for a callback".
fn describe_status(status: &str) -> &'static str {
    match status {
        "SUCCEEDED" => "succeeded",
        "FAILED" => "failed",
        "TIMED_OUT" => "timed out",
        _ => "kept waiting for a callback",
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

fn describe_held(value: &Value) -> String {
    match value {
        Value::Array(items) => format!("{} item(s): {}", items.len(), value),
        Value::Object(map) => {
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            format!(
                "{} entr{}: {}",
                map.len(),
                if map.len() == 1 { "y" } else { "ies" },
                keys.join(", ")
            )
        }
        other => other.to_string(),
    }
}
