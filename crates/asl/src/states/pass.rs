//! The Pass state: passes its input to its output, optionally injecting a fixed Result.

use super::Outcome;
use crate::dataflow::input_path::InputPath;
use crate::dataflow::output_path::OutputPath;
use crate::dataflow::parameters::Parameters;
use crate::dataflow::result_path::ResultPath;
use crate::dataflow::Scope;
use crate::definition::fields::{Fields, Transition};
use crate::error::StepError;
use crate::trace::DataFlow;
use crate::variables::Assign;
use serde_json::Value;

/// A Pass state's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Pass {
    /// Selects the part of the raw input to work on.
    pub input_path: InputPath,
    /// Builds the effective input from a template.
    pub parameters: Option<Parameters>,
    /// A fixed result; without it the result is the effective input.
    pub result: Option<Value>,
    /// Where the result goes in the raw input.
    pub result_path: ResultPath,
    /// Selects what moves on.
    pub output_path: OutputPath,
    /// Variables to set when the state succeeds.
    pub assign: Option<Assign>,
    /// Next or End.
    pub transition: Transition,
}

const FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "Assign",
    "InputPath",
    "Parameters",
    "Result",
    "ResultPath",
    "OutputPath",
    "Next",
    "End",
];

impl Pass {
    /// Reads a Pass state's fields.
    pub fn parse(fields: &mut Fields<'_>) -> Pass {
        fields.reject_unknown(FIELDS, "a Pass state");
        Pass {
            input_path: fields.input_path(),
            parameters: fields.parameters(),
            // Result is taken literally: "key.$" fields are not evaluated in it.
            result: fields.raw("Result").cloned(),
            result_path: fields.result_path(),
            output_path: fields.output_path(),
            assign: Assign::read(fields),
            transition: fields.transition(),
        }
    }

    /// Runs the data flow: InputPath → Parameters → Result → ResultPath → OutputPath.
    pub fn run(&self, scope: Scope<'_>, flow: &mut DataFlow) -> Outcome {
        match self.flow(scope, flow) {
            Ok(output) => Outcome::Exited {
                output,
                transition: self.transition.clone(),
            },
            Err(error) => Outcome::StepFailed(error),
        }
    }

    fn flow(&self, scope: Scope<'_>, flow: &mut DataFlow) -> Result<Value, StepError> {
        // Every step's JSON is kept in the trace; values move into it once no later step
        // reads them, so that only the copies the trace keeps are made.
        let effective = self.input_path.apply(scope)?;
        let result = match &self.parameters {
            Some(parameters) => {
                let built = parameters.apply(Scope {
                    input: &effective,
                    ..scope
                });
                flow.after_input_path = Some(effective);
                let built = built?;
                match &self.result {
                    Some(result) => {
                        flow.after_parameters = Some(built);
                        result.clone()
                    }
                    None => {
                        flow.after_parameters = Some(built.clone());
                        built
                    }
                }
            }
            None => match &self.result {
                Some(result) => {
                    flow.after_input_path = Some(effective);
                    result.clone()
                }
                None => {
                    flow.after_input_path = Some(effective.clone());
                    effective
                }
            },
        };
        flow.result = Some(result.clone());
        let combined = self.result_path.apply(scope.input, result)?;
        let output = if self.output_path.is_identity() {
            flow.after_result_path = Some(combined.clone());
            combined
        } else {
            let output = self.output_path.apply(Scope {
                input: &combined,
                ..scope
            });
            flow.after_result_path = Some(combined);
            output?
        };
        flow.output = Some(output.clone());
        Ok(output)
    }
}
