//! Parameters: builds a new effective input from a payload template.

use super::payload_template::Template;
use super::Scope;
use crate::error::StepError;
use serde_json::Value;

/// A state's Parameters field.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameters(pub Template);

impl Parameters {
    /// The effective input after Parameters, built from the input after InputPath.
    pub fn apply(&self, scope: Scope<'_>) -> Result<Value, StepError> {
        self.0.evaluate(scope)
    }
}
