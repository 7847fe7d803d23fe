//! The Fail state: stops the execution with an error name and a cause.

use super::Outcome;
use crate::dataflow::{to_json_text, Scope};
use crate::definition::fields::Fields;
use crate::error::{StatesError, StepError};
use crate::intrinsics::Intrinsic;
use crate::jsonpath::Path;
use crate::trace::DataFlow;

/// A fixed text or a path to read it from at run time.
#[derive(Debug, Clone, PartialEq)]
pub enum TextSource {
    /// `"Error": "Name"`.
    Fixed(String),
    /// `"ErrorPath": "$.field"`.
    Path(Path),
    /// `"CausePath": "States.Format('...', $.x)"`: AWS lets these two fields
    /// hold an intrinsic call as well as a path.
    Intrinsic(Intrinsic),
}

/// A Fail state's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Fail {
    /// The error name (Error or ErrorPath), if any.
    pub error: Option<TextSource>,
    /// The cause (Cause or CausePath), if any.
    pub cause: Option<TextSource>,
}

const FIELDS: &[&str] = &["Type", "Comment", "Error", "ErrorPath", "Cause", "CausePath"];

impl Fail {
    /// Reads a Fail state's fields.
    pub fn parse(fields: &mut Fields<'_>) -> Fail {
        fields.reject_unknown(FIELDS, "a Fail state");
        Fail {
            error: text_source(fields, "Error", "ErrorPath"),
            cause: text_source(fields, "Cause", "CausePath"),
        }
    }

    /// Reads the error and cause and fails.
    pub fn run(&self, scope: Scope<'_>, _flow: &mut DataFlow) -> Outcome {
        let read = |source: &Option<TextSource>, field: &str| -> Result<Option<String>, StepError> {
            match source {
                None => Ok(None),
                Some(TextSource::Fixed(text)) => Ok(Some(text.clone())),
                Some(TextSource::Path(path)) => match scope.read(path) {
                    Ok(serde_json::Value::String(text)) => Ok(Some(text)),
                    Ok(other) => Ok(Some(to_json_text(&other))),
                    Err(_) => Err(StepError::runtime(format!(
                        "The JSONPath '{path}' specified for the field '{field}' could not be found in the input '{}'",
                        to_json_text(scope.input)
                    ))),
                },
                Some(TextSource::Intrinsic(intrinsic)) => match intrinsic.evaluate(scope)? {
                    serde_json::Value::String(text) => Ok(Some(text)),
                    other => Ok(Some(to_json_text(&other))),
                },
            }
        };
        let error = match read(&self.error, "ErrorPath") {
            Ok(error) => error,
            Err(step) => return Outcome::StepFailed(step),
        };
        let cause = match read(&self.cause, "CausePath") {
            Ok(cause) => cause,
            Err(step) => return Outcome::StepFailed(step),
        };
        Outcome::Raised(StatesError { error, cause })
    }
}

fn text_source(fields: &mut Fields<'_>, fixed: &str, path: &str) -> Option<TextSource> {
    if fields.has(fixed) && fields.has(path) {
        fields.problem(
            path,
            format!("A Fail state cannot have both '{fixed}' and '{path}'; keep one"),
        );
    }
    if let Some(serde_json::Value::String(text)) = fields.raw(path) {
        if text.starts_with("States.") {
            return match Intrinsic::parse(text) {
                Ok(intrinsic) => Some(TextSource::Intrinsic(intrinsic)),
                Err(why) => {
                    fields.problem(
                        path,
                        format!("The value for the field '{path}' must be a valid JSONPath or a valid intrinsic function call: {why}"),
                    );
                    None
                }
            };
        }
    }
    if let Some(path) = fields.path(path) {
        return Some(TextSource::Path(path));
    }
    fields.string(fixed).map(TextSource::Fixed)
}
