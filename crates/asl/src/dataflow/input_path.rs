//! InputPath: picks the part of the state's raw input that the state works on.

use super::Scope;
use crate::error::StepError;
use crate::jsonpath::Path;
use serde_json::{json, Value};

/// A state's InputPath: a path (default `$`) or `null`, which gives the state `{}`.
#[derive(Debug, Clone, PartialEq)]
pub enum InputPath {
    /// Select this path from the raw input.
    Path(Path),
    /// `"InputPath": null`: the state sees an empty object.
    Discard,
}

impl Default for InputPath {
    fn default() -> Self {
        InputPath::Path(Path::parse("$").expect("'$' is a valid path"))
    }
}

impl InputPath {
    /// The effective input for the state.
    pub fn apply(&self, scope: Scope<'_>) -> Result<Value, StepError> {
        match self {
            InputPath::Discard => Ok(json!({})),
            InputPath::Path(path) => scope
                .read(path)
                .map_err(|e| StepError::runtime(format!("Invalid path '{path}' : {}", e.message))),
        }
    }
}
