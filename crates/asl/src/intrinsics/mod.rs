//! Intrinsic functions (`States.Format('{}', $.x)` and the other 17): parsing and evaluation.

use crate::dataflow::Scope;
use crate::error::StepError;
use serde_json::Value;

/// A parsed intrinsic function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Intrinsic {
    text: String,
}

impl Intrinsic {
    /// Parses a call such as `States.Format('Hello {}', $.name)`.
    pub fn parse(text: &str) -> Result<Intrinsic, String> {
        Err(format!("intrinsic functions are not supported yet: '{text}'"))
    }

    /// Evaluates the call.
    pub fn evaluate(&self, _scope: Scope<'_>) -> Result<Value, StepError> {
        Err(StepError::runtime(format!("cannot evaluate '{}'", self.text)))
    }
}
