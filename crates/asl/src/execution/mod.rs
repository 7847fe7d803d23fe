//! Running a state machine from start to end on the virtual clock, recording history and data flow.

pub mod runner;
pub mod runtime;
pub mod scheduler;

use crate::context::ExecutionIdentity;
use crate::dataflow::exceeds_payload_limit;
use crate::definition::StateMachine;
use crate::error::{names, StatesError};
use crate::history::{EventDetails, HistoryEvent};
use crate::mocks::Mocks;
use crate::random::Random;
use crate::services::Cloud;
use crate::trace::StateRecord;
use runtime::{Runtime, Stop, Thread, ThreadKind};
use scheduler::{drive, with_deadline, BoxFuture};
use serde_json::{json, Value};
use std::rc::Rc;

/// How an execution ended (or that it has not yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionStatus {
    /// Reached a successful end.
    Succeeded,
    /// Stopped on an error nobody caught.
    Failed,
    /// Ran past its TimeoutSeconds.
    TimedOut,
    /// Waits for something from outside (a task token's callback) that has not come.
    Running,
}

impl ExecutionStatus {
    /// AWS's spelling: `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `RUNNING`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionStatus::Succeeded => "SUCCEEDED",
            ExecutionStatus::Failed => "FAILED",
            ExecutionStatus::TimedOut => "TIMED_OUT",
            ExecutionStatus::Running => "RUNNING",
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
    /// The simulated services the Task states call.
    pub cloud: Cloud,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            identity: ExecutionIdentity::default(),
            seed: Random::DEFAULT_SEED,
            mocks: Mocks::default(),
            cloud: Cloud::default(),
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
    /// The data flow of every state execution, in the order they ended.
    pub trace: Vec<StateRecord>,
    /// The simulated services as the execution left them.
    pub services: Value,
}

impl ExecutionResult {
    /// The names of the states entered, in order.
    pub fn states_entered(&self) -> Vec<&str> {
        self.events
            .iter()
            .filter_map(|e| match &e.details {
                EventDetails::StateEntered { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect()
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

/// Runs `machine` on `input` until it ends or can only wait for a callback.
pub fn run(machine: &StateMachine, input: Value, options: &RunOptions) -> ExecutionResult {
    let rt = Rc::new(Runtime::new(
        options.identity.clone(),
        input.clone(),
        options.seed,
        options.mocks.clone(),
        options.cloud.clone(),
    ));
    let started = EventDetails::ExecutionStarted {
        input: input.clone(),
        role_arn: rt.identity.role_arn.clone(),
    };
    // ExecutionStarted is not followed by the first state's event: that one has previousEventId 0.
    let _ = rt.event(&Thread::new(0, ThreadKind::Top), started);

    let outcome = if exceeds_payload_limit(&input) {
        Some(Ok(Err(Stop::Fatal(StatesError::new(
            names::DATA_LIMIT_EXCEEDED,
            "The execution input is larger than the maximum of 262144 bytes.",
        )))))
    } else {
        let deadline = machine
            .timeout_seconds
            .map(|s| rt.identity.start_time.plus_millis(s.saturating_mul(1000) as i64));
        let (runtime, graph) = (rt.clone(), machine.graph.clone());
        let mut root: BoxFuture<Result<Result<Value, Stop>, ()>> = Box::pin(async move {
            let thread = Rc::new(Thread::new(0, ThreadKind::Top));
            let states = runner::run_graph(runtime.clone(), graph, input, thread);
            with_deadline(states, &runtime.clock, deadline).await
        });
        drive(&mut root, &rt.clock)
    };

    let (status, output, error) = match outcome {
        Some(Ok(Ok(output))) => (ExecutionStatus::Succeeded, Some(output), None),
        Some(Ok(Err(Stop::Error(error) | Stop::Fatal(error)))) => {
            (ExecutionStatus::Failed, None, Some(error))
        }
        Some(Err(())) => (
            ExecutionStatus::TimedOut,
            None,
            Some(StatesError {
                error: Some(names::TIMEOUT.into()),
                cause: None,
            }),
        ),
        None => (ExecutionStatus::Running, None, None),
    };
    match (&status, &output, &error) {
        (ExecutionStatus::Succeeded, Some(output), _) => rt.final_event(EventDetails::ExecutionSucceeded {
            output: output.clone(),
        }),
        (ExecutionStatus::TimedOut, _, Some(e)) => rt.final_event(EventDetails::ExecutionTimedOut {
            error: e.error.clone(),
            cause: e.cause.clone(),
        }),
        (ExecutionStatus::Failed, _, Some(e)) => rt.final_event(EventDetails::ExecutionFailed {
            error: e.error.clone(),
            cause: e.cause.clone(),
        }),
        _ => {}
    }
    let (events, trace) = rt.finish();
    let services = rt.cloud.borrow().snapshot();
    let (error, cause) = error.map_or((None, None), |e| (e.error, e.cause));
    ExecutionResult {
        status,
        output,
        error,
        cause,
        events,
        trace,
        services,
    }
}
