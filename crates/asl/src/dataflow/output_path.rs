//! OutputPath: picks the part of the state's output that moves on to the next state.

use super::Scope;
use crate::error::StepError;
use crate::jsonpath::{Path, Root};
use serde_json::{json, Value};

/// A state's OutputPath: a path (default `$`) or `null`, which sends `{}` on.
#[derive(Debug, Clone, PartialEq)]
pub enum OutputPath {
    /// Select this path from the state's output.
    Path(Path),
    /// `"OutputPath": null`: the next state gets an empty object.
    Discard,
}

impl Default for OutputPath {
    fn default() -> Self {
        OutputPath::Path(Path::parse("$").expect("'$' is a valid path"))
    }
}

impl OutputPath {
    /// Whether this is `$`, which gives its input unchanged.
    pub fn is_identity(&self) -> bool {
        matches!(self, OutputPath::Path(path) if path.root() == Root::Input && path.segments().is_empty())
    }

    /// The state's final output.
    pub fn apply(&self, scope: Scope<'_>) -> Result<Value, StepError> {
        match self {
            OutputPath::Discard => Ok(json!({})),
            OutputPath::Path(path) => scope
                .read(path)
                .map_err(|e| StepError::runtime(format!("Invalid path '{path}' : {}", e.message))),
        }
    }
}
