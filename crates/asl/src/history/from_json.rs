//! Reads an event back from GetExecutionHistory's JSON (`HistoryEvent::to_json`), the shape in
//! which events also travel between the lab's worker and its page.

use super::{EventDetails, HistoryEvent, TaskResource};
use crate::clock::parse_rfc3339;
use crate::static_names::intern;
use crate::variables::Variables;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::sync::Arc;

impl HistoryEvent {
    /// The event `to_json` printed, or what is missing or wrong in it.
    pub fn from_json(event: &Value) -> Result<HistoryEvent, String> {
        let number = |key: &str| event.get(key).and_then(Value::as_u64);
        let id = number("id").ok_or("an event without a numeric `id`")?;
        let at = |problem: String| format!("event {id}: {problem}");
        let previous_event_id = number("previousEventId").ok_or_else(|| at("no `previousEventId`".into()))?;
        let timestamp = event
            .get("timestamp")
            .and_then(Value::as_str)
            .and_then(parse_rfc3339)
            .ok_or_else(|| at("no ISO 8601 `timestamp`".into()))?;
        let event_type = event
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| at("no `type`".into()))?;
        let details = details(event_type, event).map_err(at)?;
        Ok(HistoryEvent {
            id,
            previous_event_id,
            timestamp,
            details,
        })
    }
}

/// The details of an event of type `event_type`, from its `...EventDetails` object.
fn details(event_type: &str, event: &Value) -> Result<EventDetails, String> {
    use EventDetails as E;
    // `PassStateEntered`, `MapStateExited`...: the state's type comes first.
    if let Some(state_type) = event_type.strip_suffix("StateEntered") {
        let d = Fields::of(event, "stateEnteredEventDetails")?;
        return Ok(E::StateEntered {
            state_type: intern(state_type),
            name: d.text("name")?,
            input: Arc::new(d.json("input")?),
        });
    }
    if let Some(state_type) = event_type.strip_suffix("StateExited") {
        let d = Fields::of(event, "stateExitedEventDetails")?;
        let assigned_variables = match d.0.get("assignedVariables") {
            Some(Value::Object(texts)) => {
                let mut variables = Variables::new();
                for (name, text) in texts {
                    variables.insert(name.clone(), parse_text(text, name)?);
                }
                Some(variables)
            }
            _ => None,
        };
        return Ok(E::StateExited {
            state_type: intern(state_type),
            name: d.text("name")?,
            output: Arc::new(d.json("output")?),
            assigned_variables,
        });
    }
    let mut letters = event_type.chars();
    let Some(first) = letters.next() else {
        return Err("an empty `type`".into());
    };
    let key = format!("{}{}EventDetails", first.to_lowercase(), letters.as_str());
    // Kinds without details never read it; for the others a missing object reads as missing fields.
    let no_fields = Map::new();
    let d = Fields(
        event.get(&key).and_then(Value::as_object).unwrap_or(&no_fields),
        &key,
    );
    // Nine kinds carry an optional error and cause; the others have neither field.
    let (error, cause) = (d.maybe_text("error"), d.maybe_text("cause"));
    Ok(match event_type {
        "ExecutionStarted" => E::ExecutionStarted {
            input: d.json("input")?,
            role_arn: d.text("roleArn")?,
        },
        "ExecutionSucceeded" => E::ExecutionSucceeded {
            output: d.json("output")?,
        },
        "ExecutionFailed" => E::ExecutionFailed { error, cause },
        "ExecutionTimedOut" => E::ExecutionTimedOut { error, cause },
        "TaskScheduled" => E::TaskScheduled {
            resource: d.resource()?,
            region: d.text("region")?,
            parameters: d.json("parameters")?,
            timeout_seconds: d.maybe_number("timeoutInSeconds"),
            heartbeat_seconds: d.maybe_number("heartbeatInSeconds"),
        },
        "TaskStarted" => E::TaskStarted {
            resource: d.resource()?,
        },
        "TaskSubmitted" => E::TaskSubmitted {
            resource: d.resource()?,
            output: d.json("output")?,
        },
        "TaskSucceeded" => E::TaskSucceeded {
            resource: d.resource()?,
            output: d.json("output")?,
        },
        "TaskFailed" => E::TaskFailed {
            resource: d.resource()?,
            error,
            cause,
        },
        "TaskTimedOut" => E::TaskTimedOut {
            resource: d.resource()?,
            error,
            cause,
        },
        "ActivityScheduled" => E::ActivityScheduled {
            resource: d.text("resource")?,
            input: d.json("input")?,
            timeout_seconds: d.maybe_number("timeoutInSeconds"),
            heartbeat_seconds: d.maybe_number("heartbeatInSeconds"),
        },
        "ActivityStarted" => E::ActivityStarted {
            worker_name: d.text("workerName")?,
        },
        "ActivitySucceeded" => E::ActivitySucceeded {
            output: d.json("output")?,
        },
        "ActivityFailed" => E::ActivityFailed { error, cause },
        "ActivityTimedOut" => E::ActivityTimedOut { error, cause },
        "LambdaFunctionScheduled" => E::LambdaFunctionScheduled {
            resource: d.text("resource")?,
            input: d.json("input")?,
            timeout_seconds: d.maybe_number("timeoutInSeconds"),
        },
        "LambdaFunctionStarted" => E::LambdaFunctionStarted,
        "LambdaFunctionSucceeded" => E::LambdaFunctionSucceeded {
            output: d.json("output")?,
        },
        "LambdaFunctionFailed" => E::LambdaFunctionFailed { error, cause },
        "LambdaFunctionTimedOut" => E::LambdaFunctionTimedOut { error, cause },
        "EvaluationFailed" => E::EvaluationFailed {
            error,
            cause,
            state: d.text("state")?,
        },
        "ParallelStateStarted" => E::ParallelStateStarted,
        "ParallelStateFailed" => E::ParallelStateFailed,
        "MapRunStarted" => E::MapRunStarted {
            map_run_arn: d.text("mapRunArn")?,
        },
        "MapRunSucceeded" => E::MapRunSucceeded,
        "MapRunFailed" => E::MapRunFailed,
        "MapStateStarted" => E::MapStateStarted {
            length: d.index("length")?,
        },
        "MapStateSucceeded" => E::MapStateSucceeded,
        "MapStateFailed" => E::MapStateFailed,
        "MapIterationStarted" => E::MapIterationStarted {
            name: d.text("name")?,
            index: d.index("index")?,
        },
        "MapIterationSucceeded" => E::MapIterationSucceeded {
            name: d.text("name")?,
            index: d.index("index")?,
        },
        "MapIterationFailed" => E::MapIterationFailed {
            name: d.text("name")?,
            index: d.index("index")?,
        },
        other => return Err(format!("unknown event type `{other}`")),
    })
}

/// An event's `...EventDetails` object.
struct Fields<'a>(&'a Map<String, Value>, &'a str);

impl<'a> Fields<'a> {
    fn of(event: &'a Value, key: &'a str) -> Result<Fields<'a>, String> {
        match event.get(key) {
            Some(Value::Object(fields)) => Ok(Fields(fields, key)),
            _ => Err(format!("no `{key}` object")),
        }
    }

    fn missing(&self, field: &str, what: &str) -> String {
        format!("`{}.{field}` is not {what}", self.1)
    }

    fn text(&self, field: &str) -> Result<String, String> {
        self.maybe_text(field)
            .ok_or_else(|| self.missing(field, "a string"))
    }

    fn maybe_text(&self, field: &str) -> Option<String> {
        self.0.get(field).and_then(Value::as_str).map(str::to_owned)
    }

    /// A field that holds JSON as text, as AWS's inputs and outputs do.
    fn json(&self, field: &str) -> Result<Value, String> {
        let text = self
            .0
            .get(field)
            .ok_or_else(|| self.missing(field, "JSON text"))?;
        parse_text(text, field)
    }

    fn maybe_number(&self, field: &str) -> Option<u64> {
        self.0.get(field).and_then(Value::as_u64)
    }

    fn index(&self, field: &str) -> Result<usize, String> {
        self.maybe_number(field)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| self.missing(field, "a whole number"))
    }

    fn resource(&self) -> Result<TaskResource, String> {
        Ok(TaskResource {
            resource_type: self.text("resourceType")?,
            resource: self.text("resource")?,
        })
    }
}

/// The JSON a string holds.
fn parse_text(text: &Value, field: &str) -> Result<Value, String> {
    let text = text
        .as_str()
        .ok_or_else(|| format!("`{field}` is not JSON text"))?;
    serde_json::from_str(text).map_err(|e| format!("`{field}` is not JSON: {e}"))
}

// Events travel as AWS prints them: one shape to read and test, and the page needs no code of
// its own for each of the ~30 kinds of details (the derived form cost its wasm about 14 KB gzip).
impl Serialize for HistoryEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for HistoryEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<HistoryEvent, D::Error> {
        let event = Value::deserialize(deserializer)?;
        HistoryEvent::from_json(&event).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
