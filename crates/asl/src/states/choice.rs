//! The Choice state: picks the next state from rules over its input.

use super::{Outcome, Target};
use crate::dataflow::Scope;
use crate::definition::fields::Fields;
use crate::error::StepError;
use crate::trace::DataFlow;

/// A Choice state's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {}

impl Choice {
    /// Reads a Choice state's fields.
    pub fn parse(_fields: &mut Fields<'_>) -> Choice {
        Choice {}
    }

    /// Every state this Choice can go to (its rules' `Next` and its `Default`).
    pub fn targets(&self) -> Vec<Target<'_>> {
        Vec::new()
    }

    /// Evaluates the rules and goes to the first match, or Default.
    pub fn run(&self, _scope: Scope<'_>, _flow: &mut DataFlow) -> Outcome {
        Outcome::StepFailed(StepError::runtime("Choice states are not implemented yet"))
    }
}
