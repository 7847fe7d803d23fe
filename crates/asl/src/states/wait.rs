//! The Wait state: pauses the execution for some seconds or until a time, on the virtual clock.

use super::jsonata::{self, JsonataFields};
use super::{next_of, Target};
use crate::clock::{parse_rfc3339, Timestamp};
use crate::dataflow::input_path::InputPath;
use crate::dataflow::jsonata_template::QUERY_EVALUATION_ERROR;
use crate::dataflow::output_path::OutputPath;
use crate::definition::fields::{Fields, Transition};
use crate::error::StepError;
use crate::execution::runner::StateRun;
use crate::execution::runtime::Stop;
use crate::jsonpath::Path;
use crate::trace::DataFlow;
use crate::variables::Assign;
use serde_json::Value;
use std::sync::Arc;

/// How long a Wait state waits.
#[derive(Debug, Clone, PartialEq)]
pub enum Duration {
    /// `Seconds`: a fixed number of seconds.
    Seconds(u64),
    /// `Timestamp`: until a fixed time.
    Timestamp(Timestamp),
    /// `SecondsPath`: seconds read from the input.
    SecondsPath(Path),
    /// `TimestampPath`: a time read from the input.
    TimestampPath(Path),
}

/// A Wait state's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Wait {
    /// How long to wait.
    pub duration: Duration,
    /// Selects the part of the raw input to keep.
    pub input_path: InputPath,
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
    "Seconds",
    "Timestamp",
    "SecondsPath",
    "TimestampPath",
    "InputPath",
    "OutputPath",
    "Next",
    "End",
];

/// The largest Seconds AWS accepts.
const MAX_SECONDS: i64 = 99_999_999;

impl Wait {
    /// Reads a Wait state's fields.
    pub fn parse(fields: &mut Fields<'_>) -> Wait {
        fields.reject_unknown(FIELDS, "a Wait state");
        let given: Vec<&str> = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"]
            .into_iter()
            .filter(|f| fields.has(f))
            .collect();
        if given.len() != 1 {
            let location = fields.pointer().to_string();
            let message = if given.is_empty() {
                "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath or TimestampPath"
                    .to_string()
            } else {
                format!("A Wait state takes exactly one of Seconds, Timestamp, SecondsPath or TimestampPath, not {}", given.join(" and "))
            };
            fields.problems().push(crate::diagnostic::Diagnostic::error(
                crate::diagnostic::codes::SCHEMA_VALIDATION_FAILED,
                location,
                message,
            ));
        }
        let duration = if let Some(seconds) = fields.integer_in("Seconds", 0, MAX_SECONDS) {
            Duration::Seconds(seconds as u64)
        } else if let Some(text) = fields.string("Timestamp") {
            match parse_rfc3339(&text) {
                Some(time) => Duration::Timestamp(time),
                None => {
                    fields.problem(
                        "Timestamp",
                        format!("'{text}' is not an ISO-8601 timestamp such as 2016-03-14T01:59:00Z"),
                    );
                    Duration::Seconds(0)
                }
            }
        } else if let Some(path) = fields.path("SecondsPath") {
            Duration::SecondsPath(path)
        } else if let Some(path) = fields.path("TimestampPath") {
            Duration::TimestampPath(path)
        } else {
            Duration::Seconds(0)
        };
        Wait {
            duration,
            input_path: fields.input_path(),
            output_path: fields.output_path(),
            assign: Assign::read(fields),
            transition: fields.transition(),
        }
    }

    /// Every state this Wait can go to.
    pub fn targets(&self) -> Vec<Target<'_>> {
        next_of(&self.transition).into_iter().collect()
    }

    /// Waits on the virtual clock, then passes the input on.
    pub async fn execute(
        &self,
        run: &StateRun<'_>,
        raw_input: &Arc<Value>,
        flow: &mut DataFlow,
    ) -> Result<Arc<Value>, Stop> {
        if let Some(fields) = &run.state.jsonata {
            return self.execute_jsonata(run, raw_input, flow, fields).await;
        }
        let effective = run.apply_input_path(raw_input, &self.input_path, flow)?;
        let until = self.deadline(run, &effective).map_err(|e| run.fail(e))?;
        run.rt.clock.sleep_until(until).await;
        let output = run
            .with_scope(&effective, |s| {
                self.output_path.apply_shared(s, Arc::clone(&effective))
            })
            .map_err(|e| run.fail(e))?;
        flow.output = Some(Arc::clone(&output));
        Ok(output)
    }

    /// A JSONata Wait: Seconds or Timestamp may be expressions; Output and Assign follow the wait.
    async fn execute_jsonata(
        &self,
        run: &StateRun<'_>,
        input: &Value,
        flow: &mut DataFlow,
        fields: &JsonataFields,
    ) -> Result<Arc<Value>, Stop> {
        // Seconds or Timestamp, when written as an expression (the reader allows only one).
        let until = match fields.literals.first() {
            None => self.deadline(run, input),
            Some(&(field, ref template)) => {
                let states = jsonata::states(run, input, None, None, None);
                let value = jsonata::with_evaluation(run, states, |e| template.evaluate(e, field));
                value.and_then(|value| match field {
                    "Seconds" => seconds_from(run, &value),
                    _ => timestamp_from(&value),
                })
            }
        }
        .map_err(|e| run.fail(e))?;
        run.rt.clock.sleep_until(until).await;
        let output = Arc::new(jsonata::conclude(run, fields, input, None, flow)?);
        flow.output = Some(Arc::clone(&output));
        Ok(output)
    }

    fn deadline(&self, run: &StateRun<'_>, input: &Value) -> Result<Timestamp, StepError> {
        let read = |path: &Path| {
            run.with_scope(input, |s| s.read(path))
                .map_err(|e| StepError::runtime(format!("Invalid path '{path}' : {}", e.message)))
        };
        Ok(match &self.duration {
            Duration::Seconds(seconds) => run.entered_time.plus_millis(*seconds as i64 * 1000),
            Duration::Timestamp(time) => *time,
            Duration::SecondsPath(path) => {
                let value = read(path)?;
                let seconds = match value.as_i64() {
                    Some(n) if n < 0 => {
                        return Err(StepError::runtime(format!(
                            "The SecondsPath parameter references a negative value: {path} == {value}"
                        )))
                    }
                    Some(n) if n <= MAX_SECONDS => n,
                    _ => {
                        return Err(StepError::runtime(format!(
                            "The SecondsPath parameter cannot be parsed as a long value: {path} == {}",
                            plain(&value)
                        )))
                    }
                };
                run.entered_time.plus_millis(seconds * 1000)
            }
            Duration::TimestampPath(path) => {
                let value = read(path)?;
                match value.as_str().and_then(parse_rfc3339) {
                    Some(time) => time,
                    None => {
                        return Err(StepError::runtime(format!(
                            "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {path} == {}",
                            plain(&value)
                        )))
                    }
                }
            }
        })
    }
}

/// A value as AWS prints it in these messages: strings without quotes.
fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The deadline of a JSONata Seconds expression's value.
fn seconds_from(run: &StateRun<'_>, value: &Value) -> Result<Timestamp, StepError> {
    match value.as_i64() {
        Some(seconds) if (0..=MAX_SECONDS).contains(&seconds) => {
            Ok(run.entered_time.plus_millis(seconds * 1000))
        }
        _ => Err(StepError {
            error: QUERY_EVALUATION_ERROR,
            detail: format!(
                "The Seconds field must be a whole number of seconds from 0 to {MAX_SECONDS}, not {}",
                plain(value)
            ),
        }),
    }
}

/// The deadline of a JSONata Timestamp expression's value (as recorded against AWS).
fn timestamp_from(value: &Value) -> Result<Timestamp, StepError> {
    value.as_str().and_then(parse_rfc3339).ok_or_else(|| StepError {
        error: QUERY_EVALUATION_ERROR,
        detail: format!(
            "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {}",
            plain(value)
        ),
    })
}
