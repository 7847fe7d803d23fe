//! Problems found in a definition before it runs, shaped like ValidateStateMachineDefinition's diagnostics.

use crate::json_source::{JsonSyntaxError, Position};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a diagnostic is: errors stop the machine from running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    /// The definition cannot be created or run.
    Error,
    /// Runs, but probably not as meant.
    Warning,
}

/// One problem in a definition, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// AWS's diagnostic code, such as `SCHEMA_VALIDATION_FAILED`.
    #[serde(deserialize_with = "crate::static_names::deserialize")]
    pub code: crate::static_names::StaticName,
    /// What is wrong and how to fix it.
    pub message: String,
    /// JSON pointer to the offending field, such as `/States/Greet/Type`.
    pub location: String,
    /// Line and column of that field in the source text, when the text is known.
    #[serde(skip_serializing_if = "Option::is_none", flatten, default)]
    pub position: Option<Position>,
}

impl Serialize for Position {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Position", 2)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("column", &self.column)?;
        s.end()
    }
}

/// AWS's diagnostic codes used by this interpreter.
pub mod codes {
    /// The JSON text does not parse.
    pub const INVALID_JSON_DESCRIPTION: &str = "INVALID_JSON_DESCRIPTION";
    /// A field is missing, has the wrong type or an unknown value.
    pub const SCHEMA_VALIDATION_FAILED: &str = "SCHEMA_VALIDATION_FAILED";
    /// `Next`, `StartAt` or `Default` names a state that does not exist.
    pub const MISSING_TRANSITION_TARGET: &str = "MISSING_TRANSITION_TARGET";
    /// Two states have the same name.
    pub const DUPLICATE_STATE_NAME: &str = "DUPLICATE_STATE_NAME";
    /// No state ends the machine.
    pub const MISSING_END_STATE: &str = "MISSING_END_STATE";
    /// A state can never be reached from `StartAt`.
    pub const UNREACHABLE_STATE: &str = "UNREACHABLE_STATE";
    /// A path field holds something that is not a valid JSONPath.
    pub const INVALID_JSON_PATH: &str = "INVALID_JSON_PATH";
    /// A reference path (ResultPath and friends) uses wildcards, filters or slices.
    pub const INVALID_REFERENCE_PATH: &str = "INVALID_REFERENCE_PATH";
    /// A state type that exists in ASL but that this interpreter cannot run yet.
    pub const UNSUPPORTED_FEATURE: &str = "UNSUPPORTED_FEATURE";
}

impl Diagnostic {
    /// An error-severity diagnostic at a JSON pointer.
    pub fn error(code: &'static str, location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: location.into(),
            position: None,
        }
    }

    /// The diagnostic for text that is not JSON at all.
    pub fn from_syntax(err: &JsonSyntaxError) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: codes::INVALID_JSON_DESCRIPTION,
            message: format!("The definition is not valid JSON: {}", err.message),
            location: String::new(),
            position: Some(err.position),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if !self.location.is_empty() {
            write!(f, " at {}", self.location)?;
        }
        if let Some(position) = self.position {
            write!(f, " ({position})")?;
        }
        Ok(())
    }
}

/// Every problem found in a definition; never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinitionError {
    /// The problems, in the order they appear in the definition.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.diagnostics.len();
        writeln!(
            f,
            "the definition has {count} problem{}:",
            if count == 1 { "" } else { "s" }
        )?;
        for diagnostic in &self.diagnostics {
            writeln!(f, "  - {diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DefinitionError {}
