//! Running a state machine from start to end on the virtual clock, recording history and data flow.

use crate::clock::Timestamp;
use crate::context::{ExecutionIdentity, StateContext};
use crate::dataflow::Scope;
use crate::definition::fields::Transition;
use crate::definition::StateMachine;
use crate::error::StatesError;
use crate::history::{EventDetails, History, HistoryEvent, HistoryFull, MAX_HISTORY_EVENTS};
use crate::mocks::Mocks;
use crate::random::Random;
use crate::states::Outcome;
use crate::trace::{DataFlow, StateRecord};
use serde_json::{json, Value};

/// How an execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionStatus {
    /// Reached a successful end.
    Succeeded,
    /// Stopped on an error nobody caught.
    Failed,
    /// Ran past its TimeoutSeconds.
    TimedOut,
}

impl ExecutionStatus {
    /// AWS's spelling: `SUCCEEDED`, `FAILED`, `TIMED_OUT`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionStatus::Succeeded => "SUCCEEDED",
            ExecutionStatus::Failed => "FAILED",
            ExecutionStatus::TimedOut => "TIMED_OUT",
        }
    }
}

/// Settings of one run; the defaults make every run repeat exactly.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Execution name, ARNs and start time.
    pub identity: ExecutionIdentity,
    /// Seed for MathRandom, UUID and retry jitter.
    pub seed: u64,
    /// Mocked task results, which take precedence over everything else.
    pub mocks: Mocks,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            identity: ExecutionIdentity::default(),
            seed: Random::DEFAULT_SEED,
            mocks: Mocks::default(),
        }
    }
}

/// Everything an execution produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionResult {
    /// How it ended.
    pub status: ExecutionStatus,
    /// The final output, when it succeeded.
    pub output: Option<Value>,
    /// The error name, when it failed.
    pub error: Option<String>,
    /// The cause, when it failed.
    pub cause: Option<String>,
    /// The execution history.
    pub events: Vec<HistoryEvent>,
    /// The data flow of every state execution, in order.
    pub trace: Vec<StateRecord>,
}

impl ExecutionResult {
    /// The names of the states entered, in order.
    pub fn states_entered(&self) -> Vec<&str> {
        self.trace.iter().map(|r| r.name.as_str()).collect()
    }

    /// The CLI's JSON: status, output, error, cause, events, and the trace when asked.
    pub fn to_json(&self, inspect: bool) -> Value {
        let mut out = json!({
            "status": self.status.as_str(),
            "output": self.output,
            "error": self.error,
            "cause": self.cause,
            "events": self.events.iter().map(HistoryEvent::to_json).collect::<Vec<_>>(),
        });
        if inspect {
            out["inspection"] = serde_json::to_value(&self.trace).unwrap_or(Value::Null);
        }
        out
    }
}

/// Runs `machine` on `input` to the end.
pub fn run(machine: &StateMachine, input: Value, options: &RunOptions) -> ExecutionResult {
    Runner {
        machine,
        identity: &options.identity,
        execution_input: &input,
        history: History::default(),
        trace: Vec::new(),
        now: options.identity.start_time,
        random: Random::new(options.seed),
    }
    .run(input.clone())
}

struct Runner<'a> {
    machine: &'a StateMachine,
    identity: &'a ExecutionIdentity,
    execution_input: &'a Value,
    history: History,
    trace: Vec<StateRecord>,
    now: Timestamp,
    random: Random,
}

/// How the main loop ended.
enum End {
    Succeeded(Value),
    Failed {
        error: Option<String>,
        cause: Option<String>,
    },
}

impl Runner<'_> {
    fn run(mut self, input: Value) -> ExecutionResult {
        let started = EventDetails::ExecutionStarted {
            input: input.clone(),
            role_arn: self.identity.role_arn.clone(),
        };
        let end = match self.history.push(0, self.now, started) {
            Ok(_) => self.states(input).unwrap_or_else(|HistoryFull| End::Failed {
                error: Some(crate::error::names::RUNTIME.into()),
                cause: Some(format!(
                    "The execution reached the maximum number of history events ({MAX_HISTORY_EVENTS})."
                )),
            }),
            Err(HistoryFull) => unreachable!("an empty history has room"),
        };
        let previous = self.history.last_id();
        let (status, output, error, cause, details) = match end {
            End::Succeeded(output) => (
                ExecutionStatus::Succeeded,
                Some(output.clone()),
                None,
                None,
                EventDetails::ExecutionSucceeded { output },
            ),
            End::Failed { error, cause } => (
                ExecutionStatus::Failed,
                None,
                error.clone(),
                cause.clone(),
                EventDetails::ExecutionFailed { error, cause },
            ),
        };
        // The final event always fits: History keeps a slot free for it.
        let _ = self.history.push(previous, self.now, details);
        ExecutionResult {
            status,
            output,
            error,
            cause,
            events: self.history.into_events(),
            trace: self.trace,
        }
    }

    /// Moves from state to state until the machine ends.
    fn states(&mut self, mut input: Value) -> Result<End, HistoryFull> {
        let machine = self.machine;
        let mut name = machine.start_at.as_str();
        let mut previous = 0;
        loop {
            let state = machine
                .state(name)
                .expect("validation guarantees that every transition has a target");
            let entered = self.history.push(
                previous,
                self.now,
                EventDetails::StateEntered {
                    state_type: state.kind.type_name(),
                    name: state.name.clone(),
                    input: input.clone(),
                },
            )?;
            let context = StateContext {
                identity: self.identity,
                execution_input: self.execution_input,
                state_name: &state.name,
                entered_time: self.now,
                retry_count: 0,
            };
            let mut flow = DataFlow {
                input: Some(input.clone()),
                ..DataFlow::default()
            };
            let scope = Scope {
                input: &input,
                context: &context,
                random: &self.random,
            };
            let outcome = state.kind.run(scope, &mut flow);
            let mut record = StateRecord {
                name: state.name.clone(),
                state_type: state.kind.type_name(),
                entered_event_id: entered,
                flow,
                error: None,
                cause: None,
            };
            match outcome {
                Outcome::Exited { output, transition } => {
                    self.trace.push(record);
                    let exited = self.history.push(
                        entered,
                        self.now,
                        EventDetails::StateExited {
                            state_type: state.kind.type_name(),
                            name: state.name.clone(),
                            output: output.clone(),
                        },
                    )?;
                    match transition {
                        Transition::End => return Ok(End::Succeeded(output)),
                        Transition::Next(next) => {
                            name = machine.state(&next).map_or(name, |s| s.name.as_str());
                            input = output;
                            previous = exited;
                        }
                    }
                }
                Outcome::Raised(StatesError { error, cause }) => {
                    record.error.clone_from(&error);
                    record.cause.clone_from(&cause);
                    self.trace.push(record);
                    return Ok(End::Failed { error, cause });
                }
                Outcome::StepFailed(step) => {
                    let cause = format!(
                        "An error occurred while executing the state '{}' (entered at the event id #{entered}). {}",
                        state.name, step.detail
                    );
                    record.error = Some(step.error.to_string());
                    record.cause = Some(cause.clone());
                    self.trace.push(record);
                    return Ok(End::Failed {
                        error: Some(step.error.to_string()),
                        cause: Some(cause),
                    });
                }
            }
        }
    }
}
