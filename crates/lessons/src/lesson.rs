//! A lesson: its metadata and checks (lesson.json), instructions (instructions.md), starter and reference solution.

use crate::json_diff::Strictness;
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
    /// The world the checks run in: simulated services, callbacks, other state machines.
    pub scenario: Option<Value>,
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
    /// A scenario for this check only (services, callbacks, other machines), instead of the lesson's.
    #[serde(default)]
    pub scenario: Option<Value>,
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
    /// The states the execution must enter, in order.
    #[serde(default, rename = "statesEntered")]
    pub states_entered: Option<Vec<String>>,
    /// What the simulated services must hold afterwards (extra content allowed).
    #[serde(default)]
    pub services: Option<Value>,
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
    hints: Vec<String>,
    checks: Vec<Check>,
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

impl Lesson {
    /// Loads a lesson from its folder's files; `read` returns a file's text by name.
    pub fn load(folder: &str, read: impl Fn(&str) -> Option<String>) -> Result<Lesson, LessonError> {
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
        if let Some(metadata) = &metadata {
            if metadata.id.is_empty()
                || !metadata
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                problems.push(format!(
                    "lesson.json: id '{}' must be lowercase letters, digits and '-'",
                    metadata.id
                ));
            }
            if metadata.checks.is_empty() {
                problems.push("lesson.json: 'checks' must hold at least one check".into());
            }
            let scenarios = std::iter::once(("scenario".to_string(), &metadata.scenario)).chain(
                metadata
                    .checks
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (format!("checks[{i}].scenario"), &c.scenario)),
            );
            for (place, scenario) in scenarios {
                if let Some(Err(errors)) = scenario.as_ref().map(asl::scenario::Scenario::from_value) {
                    problems.extend(errors.into_iter().map(|e| format!("lesson.json: {place}: {e}")));
                }
            }
        }
        for (name, text) in [("starter.asl.json", &starter), ("solution.asl.json", &solution)] {
            if let Err(err) = asl::parse_json(text) {
                if !text.is_empty() {
                    problems.push(format!("{name}: {err}"));
                }
            }
        }
        match metadata {
            Some(metadata) if problems.is_empty() => Ok(Lesson {
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
            }),
            _ => Err(LessonError {
                folder: folder.to_string(),
                problems,
            }),
        }
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
