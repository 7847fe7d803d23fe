//! Execution history events in the shape of GetExecutionHistory.

use crate::clock::Timestamp;
use crate::dataflow::to_json_text;
use serde_json::{json, Map, Value};

/// AWS's quota: an execution whose history would grow past this fails.
pub const MAX_HISTORY_EVENTS: usize = 25_000;

/// What happened, with the details AWS records for it.
#[derive(Debug, Clone, PartialEq)]
pub enum EventDetails {
    /// The execution began with this input.
    ExecutionStarted {
        /// The execution input.
        input: Value,
        /// The role the execution runs as.
        role_arn: String,
    },
    /// A state was entered (`PassStateEntered`, `FailStateEntered`...).
    StateEntered {
        /// The state's `Type`.
        state_type: &'static str,
        /// The state's name.
        name: String,
        /// The state's raw input.
        input: Value,
    },
    /// A state was left with this output (`PassStateExited`...).
    StateExited {
        /// The state's `Type`.
        state_type: &'static str,
        /// The state's name.
        name: String,
        /// The state's output.
        output: Value,
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
}

/// One event of an execution's history.
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

impl HistoryEvent {
    /// AWS's event type, such as `PassStateEntered`.
    pub fn event_type(&self) -> String {
        match &self.details {
            EventDetails::ExecutionStarted { .. } => "ExecutionStarted".into(),
            EventDetails::StateEntered { state_type, .. } => format!("{state_type}StateEntered"),
            EventDetails::StateExited { state_type, .. } => format!("{state_type}StateExited"),
            EventDetails::ExecutionSucceeded { .. } => "ExecutionSucceeded".into(),
            EventDetails::ExecutionFailed { .. } => "ExecutionFailed".into(),
        }
    }

    /// The event as GetExecutionHistory returns it: inputs and outputs as JSON text.
    pub fn to_json(&self) -> Value {
        let (key, details) = match &self.details {
            EventDetails::ExecutionStarted { input, role_arn } => (
                "executionStartedEventDetails",
                json!({"input": to_json_text(input), "inputDetails": {"truncated": false}, "roleArn": role_arn}),
            ),
            EventDetails::StateEntered { name, input, .. } => (
                "stateEnteredEventDetails",
                json!({"name": name, "input": to_json_text(input), "inputDetails": {"truncated": false}}),
            ),
            EventDetails::StateExited { name, output, .. } => (
                "stateExitedEventDetails",
                json!({"name": name, "output": to_json_text(output), "outputDetails": {"truncated": false}}),
            ),
            EventDetails::ExecutionSucceeded { output } => (
                "executionSucceededEventDetails",
                json!({"output": to_json_text(output), "outputDetails": {"truncated": false}}),
            ),
            EventDetails::ExecutionFailed { error, cause } => {
                let mut details = Map::new();
                if let Some(error) = error {
                    details.insert("error".into(), json!(error));
                }
                if let Some(cause) = cause {
                    details.insert("cause".into(), json!(cause));
                }
                ("executionFailedEventDetails", Value::Object(details))
            }
        };
        let mut event = Map::new();
        event.insert("timestamp".into(), json!(self.timestamp.to_iso8601()));
        event.insert("type".into(), json!(self.event_type()));
        event.insert("id".into(), json!(self.id));
        event.insert("previousEventId".into(), json!(self.previous_event_id));
        event.insert(key.into(), details);
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
    /// One slot is always kept free for the final ExecutionFailed event.
    pub fn push(
        &mut self,
        previous_event_id: u64,
        timestamp: Timestamp,
        details: EventDetails,
    ) -> Result<u64, HistoryFull> {
        let is_final = matches!(details, EventDetails::ExecutionFailed { .. });
        if self.events.len() + 1 >= MAX_HISTORY_EVENTS && !is_final {
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
