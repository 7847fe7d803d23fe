//! The Succeed state: ends the execution (or a branch) successfully.

use super::Outcome;
use crate::dataflow::input_path::InputPath;
use crate::dataflow::output_path::OutputPath;
use crate::dataflow::Scope;
use crate::definition::fields::{Fields, Transition};
use crate::error::StepError;
use crate::trace::DataFlow;
use serde_json::Value;
use std::sync::Arc;

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

    /// Applies InputPath then OutputPath and ends. `input` is the raw input, the `$` of `scope`.
    pub fn run(&self, input: &Arc<Value>, scope: Scope<'_>, flow: &mut DataFlow) -> Outcome {
        match self.flow(input, scope, flow) {
            Ok(output) => Outcome::Exited {
                output,
                transition: Transition::End,
            },
            Err(error) => Outcome::StepFailed(error),
        }
    }

    fn flow(
        &self,
        input: &Arc<Value>,
        scope: Scope<'_>,
        flow: &mut DataFlow,
    ) -> Result<Arc<Value>, StepError> {
        let effective = self.input_path.apply_shared(scope, input)?;
        flow.after_input_path = Some(Arc::clone(&effective));
        let output = self.output_path.apply_shared(
            Scope {
                input: &effective,
                ..scope
            },
            Arc::clone(&effective),
        )?;
        flow.output = Some(Arc::clone(&output));
        Ok(output)
    }
}
