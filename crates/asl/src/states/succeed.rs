//! The Succeed state: ends the execution (or a branch) successfully.

use super::Outcome;
use crate::dataflow::input_path::InputPath;
use crate::dataflow::output_path::OutputPath;
use crate::dataflow::Scope;
use crate::definition::fields::{Fields, Transition};
use crate::error::StepError;
use crate::trace::DataFlow;
use serde_json::Value;

/// A Succeed state's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Succeed {
    /// Selects the part of the input to keep.
    pub input_path: InputPath,
    /// Selects the final output.
    pub output_path: OutputPath,
}

const FIELDS: &[&str] = &["Type", "Comment", "InputPath", "OutputPath"];

impl Succeed {
    /// Reads a Succeed state's fields.
    pub fn parse(fields: &mut Fields<'_>) -> Succeed {
        fields.reject_unknown(FIELDS, "a Succeed state");
        Succeed {
            input_path: fields.input_path(),
            output_path: fields.output_path(),
        }
    }

    /// Applies InputPath then OutputPath and ends.
    pub fn run(&self, scope: Scope<'_>, flow: &mut DataFlow) -> Outcome {
        match self.flow(scope, flow) {
            Ok(output) => Outcome::Exited {
                output,
                transition: Transition::End,
            },
            Err(error) => Outcome::StepFailed(error),
        }
    }

    fn flow(&self, scope: Scope<'_>, flow: &mut DataFlow) -> Result<Value, StepError> {
        let effective = self.input_path.apply(scope)?;
        flow.after_input_path = Some(effective.clone());
        let output = if self.output_path.is_identity() {
            effective
        } else {
            self.output_path.apply(Scope {
                input: &effective,
                ..scope
            })?
        };
        flow.output = Some(output.clone());
        Ok(output)
    }
}
