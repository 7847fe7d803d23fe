//! InputPath: picks the part of the state's raw input that the state works on.

use super::Scope;
use crate::error::StepError;
use crate::jsonpath::Path;
use serde_json::{json, Value};
use std::sync::Arc;

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
    /// The effective input for the state, sharing `input` (the scope's `$`) when the path is
    /// `$`: the state's raw input then moves on uncopied.
    pub fn apply_shared(&self, scope: Scope<'_>, input: &Arc<Value>) -> Result<Arc<Value>, StepError> {
        match self {
            InputPath::Path(path) if path.is_input_root() => Ok(Arc::clone(input)),
            _ => self.apply(scope).map(Arc::new),
        }
    }

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
