//! Execution history events in the shape of GetExecutionHistory.

use crate::clock::Timestamp;
use crate::dataflow::to_json_text;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::sync::Arc;

mod from_json;

/// AWS's quota: an execution whose history would grow past this fails.
pub const MAX_HISTORY_EVENTS: usize = 25_000;

/// Where a task runs: `lambda` / `invoke`, `aws-sdk:s3` / `putObject`...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskResource {
    /// The service part, such as `lambda`, `sqs` or `aws-sdk:dynamodb`.
    pub resource_type: String,
    /// The action, such as `invoke` or `sendMessage.waitForTaskToken`.
    pub resource: String,
}

/// What happened, with the details AWS records for it.
// Serialized as part of its event, in AWS's shape (from_json.rs).
#[derive(Debug, Clone, PartialEq)]
pub enum EventDetails {
    /// The execution began with this input.
    ExecutionStarted {
        /// The execution input.
        input: Value,
        /// The role the execution runs as.
        role_arn: String,
    },
    /// The execution ended successfully.
    ExecutionSucceeded {
        /// The final output.
        output: Value,
    },
    /// The execution ended with an error.
    ExecutionFailed {
        /// The error name, when there is one.
        error: Option<String>,
        /// The cause, when there is one.
        cause: Option<String>,
    },
    /// The execution ran past its TimeoutSeconds.
    ExecutionTimedOut {
        /// `States.Timeout`.
        error: Option<String>,
        /// Why.
        cause: Option<String>,
    },
    /// A state was entered (`PassStateEntered`, `FailStateEntered`...).
    StateEntered {
        /// The state's `Type`.
        state_type: crate::static_names::StaticName,
        /// The state's name.
        name: String,
        /// The state's raw input (shared with the trace and the state before).
        input: Arc<Value>,
    },
    /// A state was left with this output (`PassStateExited`...).
    StateExited {
        /// The state's `Type`.
        state_type: crate::static_names::StaticName,
        /// The state's name.
        name: String,
        /// The state's output (shared with the trace and the state after).
        output: Arc<Value>,
        /// The workflow variables the state assigned, if any.
        assigned_variables: Option<crate::variables::Variables>,
    },
    /// A service integration task was scheduled with these parameters.
    TaskScheduled {
        /// The service and action.
        resource: TaskResource,
        /// The region it runs in.
        region: String,
        /// The task's parameters (its effective input).
        parameters: Value,
        /// Its TimeoutSeconds, when set.
        timeout_seconds: Option<u64>,
        /// Its HeartbeatSeconds, when set.
        heartbeat_seconds: Option<u64>,
    },
    /// The task started.
    TaskStarted {
        /// The service and action.
        resource: TaskResource,
    },
    /// The task's request was accepted; it now waits for a callback or for a job to end.
    TaskSubmitted {
        /// The service and action.
        resource: TaskResource,
        /// The service's response to the request.
        output: Value,
    },
    /// The task returned a result.
    TaskSucceeded {
        /// The service and action.
        resource: TaskResource,
        /// The result.
        output: Value,
    },
    /// The task failed.
    TaskFailed {
        /// The service and action.
        resource: TaskResource,
        /// The error name.
        error: Option<String>,
        /// The cause.
        cause: Option<String>,
    },
    /// The task ran past its TimeoutSeconds or HeartbeatSeconds.
    TaskTimedOut {
        /// The service and action.
        resource: TaskResource,
        /// `States.Timeout` or `States.HeartbeatTimeout`.
        error: Option<String>,
        /// Why.
        cause: Option<String>,
    },
    /// An activity task was scheduled, waiting for a worker.
    ActivityScheduled {
        /// The activity ARN.
        resource: String,
        /// The task's input.
        input: Value,
        /// Its TimeoutSeconds, when set.
        timeout_seconds: Option<u64>,
        /// Its HeartbeatSeconds, when set.
        heartbeat_seconds: Option<u64>,
    },
    /// A worker took the activity task.
    ActivityStarted {
        /// The worker's name.
        worker_name: String,
    },
    /// The worker sent the result.
    ActivitySucceeded {
        /// The result.
        output: Value,
    },
    /// The worker reported a failure.
    ActivityFailed {
        /// The error name.
        error: Option<String>,
        /// The cause.
        cause: Option<String>,
    },
    /// The activity ran past its TimeoutSeconds or HeartbeatSeconds.
    ActivityTimedOut {
        /// `States.Timeout` or `States.HeartbeatTimeout`.
        error: Option<String>,
        /// Why.
        cause: Option<String>,
    },
    /// A Lambda function (given by its ARN) was scheduled.
    LambdaFunctionScheduled {
        /// The function ARN.
        resource: String,
        /// The function's input.
        input: Value,
        /// Its TimeoutSeconds, when set.
        timeout_seconds: Option<u64>,
    },
    /// The Lambda function started.
    LambdaFunctionStarted,
    /// The Lambda function returned.
    LambdaFunctionSucceeded {
        /// What it returned.
        output: Value,
    },
    /// The Lambda function failed.
    LambdaFunctionFailed {
        /// The error name.
        error: Option<String>,
        /// The cause.
        cause: Option<String>,
    },
    /// The Lambda function ran past its TimeoutSeconds.
    LambdaFunctionTimedOut {
        /// `States.Timeout`.
        error: Option<String>,
        /// Why.
        cause: Option<String>,
    },
    /// A JSONata expression of a state failed (`States.QueryEvaluationError`).
    EvaluationFailed {
        /// `States.QueryEvaluationError`.
        error: Option<String>,
        /// Which expression, and why.
        cause: Option<String>,
        /// The state whose expression failed.
        state: String,
    },
    /// A Parallel state started its branches.
    ParallelStateStarted,
    /// A branch of a Parallel state failed, so the state failed.
    ParallelStateFailed,
    /// A distributed Map's Map Run started.
    MapRunStarted {
        /// The Map Run's ARN.
        map_run_arn: String,
    },
    /// A distributed Map's Map Run succeeded.
    MapRunSucceeded,
    /// A distributed Map's Map Run failed.
    MapRunFailed,
    /// A Map state started with this many items.
    MapStateStarted {
        /// The number of items.
        length: usize,
    },
    /// Every iteration of a Map state succeeded (or failed within tolerance).
    MapStateSucceeded,
    /// A Map state failed.
    MapStateFailed,
    /// One item of a Map state started.
    MapIterationStarted {
        /// The Map state's name.
        name: String,
        /// The item's index.
        index: usize,
    },
    /// One item of a Map state succeeded.
    MapIterationSucceeded {
        /// The Map state's name.
        name: String,
        /// The item's index.
        index: usize,
    },
    /// One item of a Map state failed.
    MapIterationFailed {
        /// The Map state's name.
        name: String,
        /// The item's index.
        index: usize,
    },
}

impl EventDetails {
    /// Whether this event ends the execution.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            EventDetails::ExecutionSucceeded { .. }
                | EventDetails::ExecutionFailed { .. }
                | EventDetails::ExecutionTimedOut { .. }
        )
    }
}

/// One event of an execution's history.
/// Serialize and Deserialize use `to_json`'s shape (from_json.rs).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// 1-based, in order of occurrence.
    pub id: u64,
    /// The event this one follows from; 0 for none.
    pub previous_event_id: u64,
    /// When, on the virtual clock.
    pub timestamp: Timestamp,
    /// What happened.
    pub details: EventDetails,
}

fn error_details(error: &Option<String>, cause: &Option<String>) -> Map<String, Value> {
    let mut details = Map::new();
    if let Some(error) = error {
        details.insert("error".into(), json!(error));
    }
    if let Some(cause) = cause {
        details.insert("cause".into(), json!(cause));
    }
    details
}

fn with_resource(resource: &TaskResource, mut details: Map<String, Value>) -> Value {
    details.insert("resourceType".into(), json!(resource.resource_type));
    details.insert("resource".into(), json!(resource.resource));
    Value::Object(details)
}

impl HistoryEvent {
    /// AWS's event type, such as `PassStateEntered`.
    pub fn event_type(&self) -> String {
        use EventDetails as E;
        let fixed = match &self.details {
            E::StateEntered { state_type, .. } => return format!("{state_type}StateEntered"),
            E::StateExited { state_type, .. } => return format!("{state_type}StateExited"),
            E::ExecutionStarted { .. } => "ExecutionStarted",
            E::ExecutionSucceeded { .. } => "ExecutionSucceeded",
            E::ExecutionFailed { .. } => "ExecutionFailed",
            E::ExecutionTimedOut { .. } => "ExecutionTimedOut",
            E::TaskScheduled { .. } => "TaskScheduled",
            E::TaskStarted { .. } => "TaskStarted",
            E::TaskSubmitted { .. } => "TaskSubmitted",
            E::TaskSucceeded { .. } => "TaskSucceeded",
            E::TaskFailed { .. } => "TaskFailed",
            E::TaskTimedOut { .. } => "TaskTimedOut",
            E::ActivityScheduled { .. } => "ActivityScheduled",
            E::ActivityStarted { .. } => "ActivityStarted",
            E::ActivitySucceeded { .. } => "ActivitySucceeded",
            E::ActivityFailed { .. } => "ActivityFailed",
            E::ActivityTimedOut { .. } => "ActivityTimedOut",
            E::LambdaFunctionScheduled { .. } => "LambdaFunctionScheduled",
            E::LambdaFunctionStarted => "LambdaFunctionStarted",
            E::LambdaFunctionSucceeded { .. } => "LambdaFunctionSucceeded",
            E::LambdaFunctionFailed { .. } => "LambdaFunctionFailed",
            E::LambdaFunctionTimedOut { .. } => "LambdaFunctionTimedOut",
            E::EvaluationFailed { .. } => "EvaluationFailed",
            E::ParallelStateStarted => "ParallelStateStarted",
            E::ParallelStateFailed => "ParallelStateFailed",
            E::MapRunStarted { .. } => "MapRunStarted",
            E::MapRunSucceeded => "MapRunSucceeded",
            E::MapRunFailed => "MapRunFailed",
            E::MapStateStarted { .. } => "MapStateStarted",
            E::MapStateSucceeded => "MapStateSucceeded",
            E::MapStateFailed => "MapStateFailed",
            E::MapIterationStarted { .. } => "MapIterationStarted",
            E::MapIterationSucceeded { .. } => "MapIterationSucceeded",
            E::MapIterationFailed { .. } => "MapIterationFailed",
        };
        fixed.to_string()
    }

    /// The `...EventDetails` key and value, as GetExecutionHistory returns them
    /// (inputs and outputs as JSON text).
    fn details_json(&self) -> Option<(&'static str, Value)> {
        use EventDetails as E;
        let truncated = json!({"truncated": false});
        Some(match &self.details {
            E::ExecutionStarted { input, role_arn } => (
                "executionStartedEventDetails",
                json!({"input": to_json_text(input), "inputDetails": truncated, "roleArn": role_arn}),
            ),
            E::ExecutionSucceeded { output } => (
                "executionSucceededEventDetails",
                json!({"output": to_json_text(output), "outputDetails": truncated}),
            ),
            E::ExecutionFailed { error, cause } => (
                "executionFailedEventDetails",
                Value::Object(error_details(error, cause)),
            ),
            E::ExecutionTimedOut { error, cause } => (
                "executionTimedOutEventDetails",
                Value::Object(error_details(error, cause)),
            ),
            E::StateEntered { name, input, .. } => (
                "stateEnteredEventDetails",
                json!({"name": name, "input": to_json_text(input), "inputDetails": truncated}),
            ),
            E::StateExited {
                name,
                output,
                assigned_variables,
                ..
            } => {
                let mut details =
                    json!({"name": name, "output": to_json_text(output), "outputDetails": truncated});
                if let Some(assigned) = assigned_variables {
                    let texts: Map<String, Value> = assigned
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(to_json_text(v))))
                        .collect();
                    details["assignedVariables"] = Value::Object(texts);
                    details["assignedVariablesDetails"] = json!({"truncated": false});
                }
                ("stateExitedEventDetails", details)
            }
            E::TaskScheduled {
                resource,
                region,
                parameters,
                timeout_seconds,
                heartbeat_seconds,
            } => {
                let mut details = Map::new();
                details.insert("region".into(), json!(region));
                details.insert("parameters".into(), json!(to_json_text(parameters)));
                if let Some(seconds) = timeout_seconds {
                    details.insert("timeoutInSeconds".into(), json!(seconds));
                }
                if let Some(seconds) = heartbeat_seconds {
                    details.insert("heartbeatInSeconds".into(), json!(seconds));
                }
                ("taskScheduledEventDetails", with_resource(resource, details))
            }
            E::TaskStarted { resource } => ("taskStartedEventDetails", with_resource(resource, Map::new())),
            E::TaskSubmitted { resource, output } => {
                let mut details = Map::new();
                details.insert("output".into(), json!(to_json_text(output)));
                details.insert("outputDetails".into(), truncated.clone());
                ("taskSubmittedEventDetails", with_resource(resource, details))
            }
            E::TaskSucceeded { resource, output } => {
                let mut details = Map::new();
                details.insert("output".into(), json!(to_json_text(output)));
                details.insert("outputDetails".into(), truncated);
                ("taskSucceededEventDetails", with_resource(resource, details))
            }
            E::TaskFailed {
                resource,
                error,
                cause,
            } => (
                "taskFailedEventDetails",
                with_resource(resource, error_details(error, cause)),
            ),
            E::TaskTimedOut {
                resource,
                error,
                cause,
            } => (
                "taskTimedOutEventDetails",
                with_resource(resource, error_details(error, cause)),
            ),
            E::LambdaFunctionScheduled {
                resource,
                input,
                timeout_seconds,
            } => {
                let mut details =
                    json!({"resource": resource, "input": to_json_text(input), "inputDetails": truncated});
                if let Some(seconds) = timeout_seconds {
                    details["timeoutInSeconds"] = json!(seconds);
                }
                ("lambdaFunctionScheduledEventDetails", details)
            }
            E::ActivityScheduled {
                resource,
                input,
                timeout_seconds,
                heartbeat_seconds,
            } => {
                let mut details =
                    json!({"resource": resource, "input": to_json_text(input), "inputDetails": truncated});
                if let Some(seconds) = timeout_seconds {
                    details["timeoutInSeconds"] = json!(seconds);
                }
                if let Some(seconds) = heartbeat_seconds {
                    details["heartbeatInSeconds"] = json!(seconds);
                }
                ("activityScheduledEventDetails", details)
            }
            E::ActivityStarted { worker_name } => {
                ("activityStartedEventDetails", json!({"workerName": worker_name}))
            }
            E::ActivitySucceeded { output } => (
                "activitySucceededEventDetails",
                json!({"output": to_json_text(output), "outputDetails": truncated}),
            ),
            E::ActivityFailed { error, cause } => (
                "activityFailedEventDetails",
                Value::Object(error_details(error, cause)),
            ),
            E::ActivityTimedOut { error, cause } => (
                "activityTimedOutEventDetails",
                Value::Object(error_details(error, cause)),
            ),
            E::LambdaFunctionSucceeded { output } => (
                "lambdaFunctionSucceededEventDetails",
                json!({"output": to_json_text(output), "outputDetails": truncated}),
            ),
            E::LambdaFunctionFailed { error, cause } => (
                "lambdaFunctionFailedEventDetails",
                Value::Object(error_details(error, cause)),
            ),
            E::LambdaFunctionTimedOut { error, cause } => (
                "lambdaFunctionTimedOutEventDetails",
                Value::Object(error_details(error, cause)),
            ),
            E::MapRunStarted { map_run_arn } => {
                ("mapRunStartedEventDetails", json!({"mapRunArn": map_run_arn}))
            }
            E::MapStateStarted { length } => ("mapStateStartedEventDetails", json!({"length": length})),
            E::MapIterationStarted { name, index } => (
                "mapIterationStartedEventDetails",
                json!({"name": name, "index": index}),
            ),
            E::MapIterationSucceeded { name, index } => (
                "mapIterationSucceededEventDetails",
                json!({"name": name, "index": index}),
            ),
            E::MapIterationFailed { name, index } => (
                "mapIterationFailedEventDetails",
                json!({"name": name, "index": index}),
            ),
            E::EvaluationFailed { error, cause, state } => {
                let mut details = error_details(error, cause);
                details.insert("state".into(), json!(state));
                ("evaluationFailedEventDetails", Value::Object(details))
            }
            E::LambdaFunctionStarted
            | E::ParallelStateStarted
            | E::ParallelStateFailed
            | E::MapStateSucceeded
            | E::MapStateFailed
            | E::MapRunSucceeded
            | E::MapRunFailed => return None,
        })
    }

    /// The event as GetExecutionHistory returns it.
    pub fn to_json(&self) -> Value {
        let mut event = Map::new();
        event.insert("timestamp".into(), json!(self.timestamp.to_iso8601()));
        event.insert("type".into(), json!(self.event_type()));
        event.insert("id".into(), json!(self.id));
        event.insert("previousEventId".into(), json!(self.previous_event_id));
        if let Some((key, details)) = self.details_json() {
            event.insert(key.into(), details);
        }
        Value::Object(event)
    }
}

/// The growing history of one execution.
#[derive(Debug, Clone, Default)]
pub struct History {
    events: Vec<HistoryEvent>,
}

/// The history is full: AWS's 25,000-event quota was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryFull;

impl History {
    /// Appends an event and returns its id, unless the quota would be exceeded.
    ///
    /// As in AWS, events up to number 24,999 are written; number 25,000 may only
    /// be the execution's final event.
    pub fn push(
        &mut self,
        previous_event_id: u64,
        timestamp: Timestamp,
        details: EventDetails,
    ) -> Result<u64, HistoryFull> {
        if self.events.len() + 1 >= MAX_HISTORY_EVENTS && !details.is_final() {
            return Err(HistoryFull);
        }
        let id = self.events.len() as u64 + 1;
        self.events.push(HistoryEvent {
            id,
            previous_event_id,
            timestamp,
            details,
        });
        Ok(id)
    }

    /// The id of the last event, 0 when empty.
    pub fn last_id(&self) -> u64 {
        self.events.len() as u64
    }

    /// All events so far.
    pub fn events(&self) -> &[HistoryEvent] {
        &self.events
    }

    /// Takes the events out.
    pub fn into_events(self) -> Vec<HistoryEvent> {
        self.events
    }
}
