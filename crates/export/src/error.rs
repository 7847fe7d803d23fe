//! Why an export cannot be made: typed, each naming what to fix.

use std::fmt;

/// What keeps a definition (or its scenario, or the options) from being exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// The definition is not JSON.
    DefinitionNotJson {
        /// Line of the problem, from 1.
        line: usize,
        /// Column of the problem, from 1.
        column: usize,
        /// What the JSON reader said.
        message: String,
    },
    /// The definition is JSON but not a state machine (no `States` object...).
    NotAStateMachine(String),
    /// The scenario is not shaped as the lab's scenarios are; says where.
    Scenario(String),
    /// The name cannot prefix AWS resource names.
    InvalidName(String),
    /// The machine uses what Express workflows do not support; one line per state.
    NotForExpress(Vec<String>),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::DefinitionNotJson {
                line,
                column,
                message,
            } => {
                write!(
                    f,
                    "the definition is not JSON (line {line}, column {column}): {message}"
                )
            }
            ExportError::NotAStateMachine(why) => write!(f, "the definition is not a state machine: {why}"),
            ExportError::Scenario(why) => write!(f, "the scenario is not a lab scenario: {why}"),
            ExportError::InvalidName(name) => write!(
                f,
                "the name '{name}' cannot prefix AWS resource names: use 1 to {} lowercase letters, \
                 digits and hyphens, starting with a letter (S3 bucket names are made from it)",
                crate::names::MAX_PREFIX
            ),
            ExportError::NotForExpress(problems) => write!(
                f,
                "an Express workflow cannot run this definition:\n  - {}",
                problems.join("\n  - ")
            ),
        }
    }
}

impl std::error::Error for ExportError {}
