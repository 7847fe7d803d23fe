//! A lesson: its metadata and checks (lesson.json), instructions (instructions.md), starter and reference solution.

use crate::approvals::Approval;
use crate::json_diff::Strictness;
use crate::run_spec::RunSpec;
use crate::structure::{Rule, RuleText};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// The files every lesson folder holds.
pub const FILES: [&str; 4] = [
    "lesson.json",
    "instructions.md",
    "starter.asl.json",
    "solution.asl.json",
];

/// A loaded lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Stable identifier, used in URLs and saved progress.
    pub id: String,
    /// The folder it was loaded from.
    pub folder: String,
    /// Short title.
    pub title: String,
    /// One sentence for the lesson list.
    pub summary: String,
    /// Instructions in Markdown.
    pub instructions: String,
    /// The definition the editor starts with.
    pub starter: String,
    /// A reference solution; tests prove it passes every check.
    pub solution: String,
    /// Hints, revealed one at a time.
    pub hints: Vec<String>,
    /// What the learner's machine must do.
    pub checks: Vec<Check>,
    /// The world the checks run in: simulated services, other state machines.
    pub scenario: Option<Value>,
    /// How long the lesson takes, in minutes.
    pub minutes: Option<u32>,
    /// What it teaches, in AWS's words.
    pub concepts: Vec<String>,
    /// Run options for every check (a check may override them).
    pub run: RunSpec,
    /// What the definition must contain.
    pub definition_rules: Vec<Rule>,
    /// Common mistakes, each with the message its verdict must show.
    pub mistakes: Vec<Mistake>,
}

/// A common mistake a lesson ships: a definition that must fail, and what the learner must read.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    /// Its file, relative to the lesson folder (`mistakes/pass-instead-of-wait.asl.json`).
    pub file: String,
    /// The definition.
    pub definition: String,
    /// Text the verdict must contain.
    pub message: String,
    /// The check (by title) that must fail with the message, or `definition` for a structure rule.
    pub fails: Option<String>,
}

/// A mistake as lesson.json lists it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct MistakeText {
    file: String,
    message: String,
    #[serde(default)]
    fails: Option<String>,
}

/// One run of the learner's machine and what it must produce.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// What this check shows, such as "Greets Ada".
    pub title: String,
    /// The execution input.
    #[serde(default = "empty_object")]
    pub input: Value,
    /// A scenario for this check only (services, other machines), instead of the lesson's.
    #[serde(default)]
    pub scenario: Option<Value>,
    /// Run options for this check, over the lesson's.
    #[serde(default)]
    pub run: RunSpec,
    /// Approvers that answer waiting tasks with the token they read from what the machine sent.
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// What the check is about; shown when it fails.
    #[serde(default)]
    pub why: Option<String>,
    /// The expected result.
    pub expect: Expectation,
}

/// What a check expects of an execution.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// `SUCCEEDED`, `FAILED` or `TIMED_OUT`.
    pub status: ExpectedStatus,
    /// The output, compared as `compare` says.
    #[serde(default)]
    pub output: Option<Value>,
    /// How the output is compared: `exact` (the default) or `includes`.
    #[serde(default)]
    pub compare: Compare,
    /// The error name, for failed executions.
    #[serde(default)]
    pub error: Option<String>,
    /// The cause, for failed executions.
    #[serde(default)]
    pub cause: Option<String>,
    /// The states the execution must enter, in this exact order.
    #[serde(default, rename = "statesEntered")]
    pub states_entered: Option<Vec<String>>,
    /// States that must be entered, in any order.
    #[serde(default, rename = "mustEnter")]
    pub must_enter: Vec<String>,
    /// States that must not be entered.
    #[serde(default, rename = "mustNotEnter")]
    pub must_not_enter: Vec<String>,
    /// A par: at most this many states entered.
    #[serde(default, rename = "maxStatesEntered")]
    pub max_states_entered: Option<usize>,
    /// At most this many billed state transitions.
    #[serde(default, rename = "maxTransitions")]
    pub max_transitions: Option<u64>,
    /// What the simulated services must hold afterwards (extra content allowed).
    #[serde(default)]
    pub services: Option<Value>,
    /// JSON pointers into the services that must be missing or empty afterwards.
    #[serde(default, rename = "servicesEmpty")]
    pub services_empty: Vec<String>,
}

/// An execution status a check can expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExpectedStatus {
    /// The execution succeeded.
    Succeeded,
    /// The execution failed.
    Failed,
    /// The execution timed out.
    TimedOut,
    /// The execution waits for a callback.
    Running,
}

impl ExpectedStatus {
    /// AWS's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ExpectedStatus::Succeeded => "SUCCEEDED",
            ExpectedStatus::Failed => "FAILED",
            ExpectedStatus::TimedOut => "TIMED_OUT",
            ExpectedStatus::Running => "RUNNING",
        }
    }
}

/// How a check compares outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compare {
    /// Same fields and values.
    #[default]
    Exact,
    /// The expected fields, extra ones allowed.
    Includes,
}

impl From<Compare> for Strictness {
    fn from(compare: Compare) -> Strictness {
        match compare {
            Compare::Exact => Strictness::Exact,
            Compare::Includes => Strictness::Includes,
        }
    }
}

fn empty_object() -> Value {
    Value::Object(Default::default())
}

/// lesson.json as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Metadata {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
    id: String,
    title: String,
    summary: String,
    #[serde(default)]
    minutes: Option<u32>,
    #[serde(default)]
    concepts: Vec<String>,
    #[serde(default)]
    hints: Vec<String>,
    #[serde(default)]
    run: RunSpec,
    #[serde(default)]
    definition: Vec<RuleText>,
    checks: Vec<Check>,
    #[serde(default)]
    mistakes: Vec<MistakeText>,
    #[serde(default)]
    scenario: Option<Value>,
}

/// Why a lesson folder could not be loaded: every problem in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError {
    /// The folder.
    pub folder: String,
    /// Each problem, naming the file and, where known, the line.
    pub problems: Vec<String>,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the lesson in '{}' cannot be loaded:", self.folder)?;
        for problem in &self.problems {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LessonError {}

/// How far loading checks a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validation {
    /// Everything, the scenarios and run options too, with the interpreter's own readers.
    Full,
    /// The files and their shape, not what only the interpreter can read: for the page, which
    /// shows lessons already checked in full (the built-in track by the test suite, a pack by the
    /// worker) and must not link the interpreter to show them.
    Shape,
}

impl Lesson {
    /// Loads a lesson from its folder's files; `read` returns a file's text by its path in the folder.
    /// Every problem is reported at once, each naming its file and place.
    pub fn load(folder: &str, read: impl Fn(&str) -> Option<String>) -> Result<Lesson, LessonError> {
        Lesson::load_checked(folder, read, Validation::Full)
    }

    /// [`Lesson::load`], checking as far as `validation` says.
    pub fn load_checked(
        folder: &str,
        read: impl Fn(&str) -> Option<String>,
        validation: Validation,
    ) -> Result<Lesson, LessonError> {
        let mut problems = Vec::new();
        let mut file = |name: &str| {
            let text = read(name);
            if text.is_none() {
                problems.push(format!("{name} is missing"));
            }
            text.unwrap_or_default()
        };
        let [metadata, instructions, starter, solution] = FILES.map(&mut file);

        let metadata = if metadata.is_empty() {
            None
        } else {
            match serde_json::from_str::<Metadata>(&metadata) {
                Ok(metadata) => Some(metadata),
                Err(err) => {
                    problems.push(format!("lesson.json: {err}"));
                    None
                }
            }
        };
        for (name, text) in [("starter.asl.json", &starter), ("solution.asl.json", &solution)] {
            if let Err(err) = asl::parse_json(text) {
                if !text.is_empty() {
                    problems.push(format!("{name}: {err}"));
                }
            }
        }
        let Some(metadata) = metadata else {
            return Err(LessonError {
                folder: folder.to_string(),
                problems,
            });
        };
        problems.extend(
            metadata_problems(&metadata, validation)
                .into_iter()
                .map(|p| format!("lesson.json: {p}")),
        );
        let mut rules = Vec::new();
        for (i, rule) in metadata.definition.iter().enumerate() {
            match rule.clone().read() {
                Ok(rule) => rules.push(rule),
                Err(err) => problems.push(format!("lesson.json: definition[{i}]: {err}")),
            }
        }
        let mut mistakes = Vec::new();
        for (i, mistake) in metadata.mistakes.iter().enumerate() {
            match read(&mistake.file) {
                None => problems.push(format!(
                    "lesson.json: mistakes[{i}]: the file {} is missing",
                    mistake.file
                )),
                Some(definition) => {
                    if let Err(err) = asl::parse_json(&definition) {
                        problems.push(format!("{}: {err}", mistake.file));
                    }
                    mistakes.push(Mistake {
                        file: mistake.file.clone(),
                        definition,
                        message: mistake.message.clone(),
                        fails: mistake.fails.clone(),
                    });
                    if let Some(fails) = &mistake.fails {
                        if fails != "definition" && !metadata.checks.iter().any(|c| &c.title == fails) {
                            problems.push(format!(
                                "lesson.json: mistakes[{i}]: 'fails' names no check: \"{fails}\" (give a check's title, or \"definition\")"
                            ));
                        }
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(LessonError {
                folder: folder.to_string(),
                problems,
            });
        }
        Ok(Lesson {
            id: metadata.id,
            folder: folder.to_string(),
            title: metadata.title,
            summary: metadata.summary,
            instructions,
            starter,
            solution,
            hints: metadata.hints,
            checks: metadata.checks,
            scenario: metadata.scenario,
            minutes: metadata.minutes,
            concepts: metadata.concepts,
            run: metadata.run,
            definition_rules: rules,
            mistakes,
        })
    }

    /// Loads a lesson from a folder on disk.
    pub fn load_dir(dir: &std::path::Path) -> Result<Lesson, LessonError> {
        let folder = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Lesson::load(&folder, |name| std::fs::read_to_string(dir.join(name)).ok())
    }
}

/// What is wrong in lesson.json beyond its shape: ids, scenarios, run options, approvals, pointers.
fn metadata_problems(metadata: &Metadata, validation: Validation) -> Vec<String> {
    let mut problems = Vec::new();
    if metadata.id.is_empty()
        || !metadata
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        problems.push(format!(
            "id '{}' must be lowercase letters, digits and '-'",
            metadata.id
        ));
    }
    if metadata.checks.is_empty() {
        problems.push("'checks' must hold at least one check".into());
    }
    let scenarios = std::iter::once(("scenario".to_string(), &metadata.scenario)).chain(
        metadata
            .checks
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("checks[{i}].scenario"), &c.scenario)),
    );
    for (place, scenario) in scenarios {
        let Some(scenario) = scenario else { continue };
        if scenario.get("callbacks").is_some() {
            // A callback by state name answers a task whose token went nowhere: the lesson would pass
            // a machine nobody could ever approve. Approvals read the token from what the machine sent.
            problems.push(format!(
                "{place}: lessons answer task tokens with a check's 'approvals', not the scenario's 'callbacks'"
            ));
        }
        if validation == Validation::Full {
            if let Err(errors) = asl::scenario::Scenario::from_value(scenario) {
                problems.extend(errors.into_iter().map(|e| format!("{place}: {e}")));
            }
        }
    }
    if validation == Validation::Full {
        if let Err(errors) = metadata.run.apply_to(&mut asl::RunOptions::default()) {
            problems.extend(errors);
        }
    }
    for (i, check) in metadata.checks.iter().enumerate() {
        if validation == Validation::Full {
            let run = check.run.over(&metadata.run);
            if let Err(errors) = run.apply_to(&mut asl::RunOptions::default()) {
                problems.extend(errors.into_iter().map(|e| format!("checks[{i}].{e}")));
            }
        }
        for (j, approval) in check.approvals.iter().enumerate() {
            if let Some(problem) = approval.problem() {
                problems.push(format!("checks[{i}].approvals[{j}]: {problem}"));
            }
        }
        for pointer in &check.expect.services_empty {
            if !pointer.starts_with('/') {
                problems.push(format!(
                    "checks[{i}].expect.servicesEmpty: '{pointer}' is not a JSON pointer such as /sqs/queues/orders/messages"
                ));
            }
        }
    }
    problems
}
