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
use std::sync::Arc;

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
    /// `input` is the raw input, the `$` of `scope`.
    pub fn run(&self, input: &Arc<Value>, scope: Scope<'_>, flow: &mut DataFlow) -> Outcome {
        match self.flow(input, scope, flow) {
            Ok(output) => Outcome::Exited {
                output,
                transition: self.transition.clone(),
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
        // Every step's JSON is kept in the trace; a step that leaves the JSON as it was shares
        // it, so that only the values a step builds are new.
        let effective = self.input_path.apply_shared(scope, input)?;
        let result = match &self.parameters {
            Some(parameters) => {
                let built = parameters.apply(Scope {
                    input: &effective,
                    ..scope
                });
                flow.after_input_path = Some(effective);
                let built = Arc::new(built?);
                match &self.result {
                    Some(result) => {
                        flow.after_parameters = Some(built);
                        Arc::new(result.clone())
                    }
                    None => {
                        flow.after_parameters = Some(Arc::clone(&built));
                        built
                    }
                }
            }
            None => match &self.result {
                Some(result) => {
                    flow.after_input_path = Some(effective);
                    Arc::new(result.clone())
                }
                None => {
                    flow.after_input_path = Some(Arc::clone(&effective));
                    effective
                }
            },
        };
        flow.result = Some(Arc::clone(&result));
        let combined = self.result_path.apply_shared(input, result)?;
        let output = self.output_path.apply_shared(
            Scope {
                input: &combined,
                ..scope
            },
            Arc::clone(&combined),
        );
        flow.after_result_path = Some(combined);
        let output = output?;
        flow.output = Some(Arc::clone(&output));
        Ok(output)
    }
}
