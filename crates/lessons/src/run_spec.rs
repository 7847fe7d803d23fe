//! A check's run options as lesson.json writes them (`"run": {...}`): workflow type, seed,
//! start time, execution name and a mock configuration; a check's own options override the lesson's.

use asl::mocks::Mocks;
use asl::{RunOptions, WorkflowType};
use serde::Deserialize;
use serde_json::Value;

/// `"run"` in a lesson or a check.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RunSpec {
    /// `STANDARD` (the default) or `EXPRESS`.
    #[serde(default)]
    pub workflow_type: Option<WorkflowTypeName>,
    /// Seed for random behaviours, jitter, UUIDs and task tokens.
    #[serde(default)]
    pub seed: Option<u64>,
    /// The execution's start time, RFC 3339 (`2024-01-07T02:00:00Z`).
    #[serde(default)]
    pub start_time: Option<String>,
    /// The execution's name.
    #[serde(default)]
    pub execution_name: Option<String>,
    /// A Step Functions Local mock configuration.
    #[serde(default)]
    pub mocks: Option<Value>,
    /// The test case of the mock configuration to use.
    #[serde(default)]
    pub test_case: Option<String>,
    /// The state machine of the mock configuration (default: its only one).
    #[serde(default)]
    pub state_machine: Option<String>,
}

/// The two workflow types, as AWS spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum WorkflowTypeName {
    /// Standard.
    #[serde(rename = "STANDARD")]
    Standard,
    /// Express.
    #[serde(rename = "EXPRESS")]
    Express,
}

impl RunSpec {
    /// This check's options over the lesson's: each field given here wins.
    pub fn over(&self, lesson: &RunSpec) -> RunSpec {
        RunSpec {
            workflow_type: self.workflow_type.or(lesson.workflow_type),
            seed: self.seed.or(lesson.seed),
            start_time: self.start_time.clone().or_else(|| lesson.start_time.clone()),
            execution_name: self
                .execution_name
                .clone()
                .or_else(|| lesson.execution_name.clone()),
            mocks: self.mocks.clone().or_else(|| lesson.mocks.clone()),
            test_case: self.test_case.clone().or_else(|| lesson.test_case.clone()),
            state_machine: self
                .state_machine
                .clone()
                .or_else(|| lesson.state_machine.clone()),
        }
    }

    /// The workflow type these options run as.
    pub fn workflow_type(&self) -> WorkflowType {
        match self.workflow_type {
            Some(WorkflowTypeName::Express) => WorkflowType::Express,
            _ => WorkflowType::Standard,
        }
    }

    /// Puts these options into `options`, or says every problem with them.
    pub fn apply_to(&self, options: &mut RunOptions) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        options.workflow_type = self.workflow_type();
        if let Some(seed) = self.seed {
            options.seed = seed;
        }
        if let Some(name) = &self.execution_name {
            options.identity.name = name.clone();
        }
        if let Some(time) = &self.start_time {
            match asl::clock::parse_rfc3339(time) {
                Some(time) => options.identity.start_time = time,
                None => problems.push(format!(
                    "run.startTime '{time}' is not an RFC 3339 time such as 2024-01-07T02:00:00Z"
                )),
            }
        }
        match (&self.mocks, &self.test_case) {
            (Some(config), Some(case)) => {
                match Mocks::from_config(config, self.state_machine.as_deref().unwrap_or_default(), case) {
                    Ok(mocks) => options.mocks = mocks,
                    Err(err) => problems.push(format!("run.mocks: {err}")),
                }
            }
            (Some(_), None) => problems.push("run.mocks needs run.testCase".into()),
            (None, Some(_)) => problems.push("run.testCase needs run.mocks".into()),
            (None, None) => {}
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}
