//! ResultSelector: reshapes a Task, Parallel or Map result with a payload template before ResultPath.

use super::payload_template::Template;
use super::Scope;
use crate::error::StepError;
use serde_json::Value;

/// A state's ResultSelector field.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultSelector(pub Template);

impl ResultSelector {
    /// The selected result; `$` in the template is the state's raw result.
    pub fn apply(&self, scope: Scope<'_>) -> Result<Value, StepError> {
        self.0.evaluate(scope)
    }
}
