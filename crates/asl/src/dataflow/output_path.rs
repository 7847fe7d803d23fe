//! OutputPath: picks the part of the state's output that moves on to the next state.

use super::Scope;
use crate::error::StepError;
use crate::jsonpath::Path;
use serde_json::{json, Value};
use std::sync::Arc;

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
        matches!(self, OutputPath::Path(path) if path.is_input_root())
    }

    /// The state's final output from `input` (the scope's `$`), shared when this is `$`.
    pub fn apply_shared(&self, scope: Scope<'_>, input: Arc<Value>) -> Result<Arc<Value>, StepError> {
        if self.is_identity() {
            return Ok(input);
        }
        self.apply(scope).map(Arc::new)
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
