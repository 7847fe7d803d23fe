//! Running a state machine on the virtual clock: start it, let it wait for callbacks,
//! resume it, and collect its history, data flow and the services it touched.

pub mod callbacks;
pub mod runner;
pub mod runtime;
pub mod scheduler;
pub mod token_search;

use crate::context::ExecutionIdentity;
use crate::dataflow::payload_problem;
use crate::definition::StateMachine;
use crate::error::{names, StatesError};
use crate::history::{EventDetails, HistoryEvent};
use crate::mocks::Mocks;
use crate::random::Random;
use crate::services::behaviour::Behaviour;
use crate::services::Cloud;
use crate::trace::StateRecord;
use callbacks::{Callback, CallbackError, PendingTask, ScriptedCallback};
use runtime::{Runtime, Stop, Thread, ThreadKind};
use scheduler::{drive, with_deadline, within_limit, BoxFuture};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

/// How an execution ended (or that it has not yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// Standard or Express: they differ in duration, integration patterns and history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum WorkflowType {
    /// Exactly-once, up to a year, full execution history.
    #[default]
    Standard,
    /// At-least-once, up to five minutes, no `.sync` or `.waitForTaskToken`, history only as logs.
    Express,
}

/// Settings of one run; the defaults make every run repeat exactly.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Execution name, ARNs and start time.
    pub identity: ExecutionIdentity,
    /// Seed for MathRandom, UUID, task tokens and retry jitter.
    pub seed: u64,
    /// Mocked task results, which take precedence over everything else.
    pub mocks: Mocks,
    /// The simulated services the Task states call.
    pub cloud: Cloud,
    /// Callbacks that answer `.waitForTaskToken` tasks.
    pub callbacks: Vec<ScriptedCallback>,
    /// Standard or Express.
    pub workflow_type: WorkflowType,
    /// Other state machines, by name, that `states:startExecution` can start.
    pub state_machines: BTreeMap<String, Arc<StateMachine>>,
    /// Workers that poll activities, by activity name.
    pub activities: BTreeMap<String, ActivityWorker>,
}

/// A scripted worker that polls an activity: it takes each task `after_seconds` after it is
/// scheduled and answers as its behaviour says.
#[derive(Debug, Clone)]
pub struct ActivityWorker {
    /// What the worker answers.
    pub behaviour: Behaviour,
    /// How long after scheduling the worker takes the task.
    pub after_seconds: u64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            identity: ExecutionIdentity::default(),
            seed: Random::DEFAULT_SEED,
            mocks: Mocks::default(),
            cloud: Cloud::default(),
            callbacks: Vec::new(),
            workflow_type: WorkflowType::Standard,
            state_machines: BTreeMap::new(),
            activities: BTreeMap::new(),
        }
    }
}

/// Everything an execution produced (so far, while it is running).
///
/// Serialize/Deserialize carry it from the lab's worker to its page; `to_json` is the CLI's shape.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExecutionResult {
    /// How it ended, or RUNNING.
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
    /// Tasks waiting for a callback.
    pub pending_tasks: Vec<PendingTask>,
    /// What a learner should know about how this run differs from a plain Standard one.
    pub notes: Vec<String>,
    /// What token-reading workers found in what the execution sent.
    pub token_readings: Vec<callbacks::TokenReading>,
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

    /// The CLI's JSON: status, output, error, cause, events; the trace and services when asked.
    pub fn to_json(&self, inspect: bool) -> Value {
        let mut out = json!({
            "status": self.status.as_str(),
            "output": self.output,
            "error": self.error,
            "cause": self.cause,
            "events": self.events.iter().map(HistoryEvent::to_json).collect::<Vec<_>>(),
        });
        if !self.pending_tasks.is_empty() {
            out["pendingTasks"] = serde_json::to_value(&self.pending_tasks).unwrap_or(Value::Null);
        }
        if !self.notes.is_empty() {
            out["notes"] = json!(self.notes);
        }
        if inspect {
            out["inspection"] = serde_json::to_value(&self.trace).unwrap_or(Value::Null);
        }
        out
    }
}

/// The longest an Express execution may run.
const EXPRESS_LIMIT_SECONDS: u64 = 300;

/// AWS's longest execution: one year (365 days); past it the execution times out, as it does past
/// its own TimeoutSeconds. Time moves only when the machine waits, so one waiting for a callback
/// is not timed out by it.
pub const STANDARD_LIMIT_SECONDS: u64 = 365 * 24 * 60 * 60;

/// How the top of an execution ended: its states' outcome, or the execution timeout first.
type RootOutcome = Result<Result<Arc<Value>, Stop>, ()>;

/// A running (or finished) execution that callbacks can resume.
pub struct Execution {
    rt: Rc<Runtime>,
    root: Option<BoxFuture<RootOutcome>>,
    end: Option<(ExecutionStatus, Option<Value>, Option<StatesError>)>,
    workflow_type: WorkflowType,
}

impl Execution {
    /// Starts `machine` on `input` and runs it until it ends or waits for a callback.
    pub fn start(machine: &StateMachine, input: Value, options: &RunOptions) -> Execution {
        let rt = Rc::new(Runtime::new(options, input.clone()));
        let started = EventDetails::ExecutionStarted {
            input: input.clone(),
            role_arn: rt.identity.role_arn.clone(),
        };
        // ExecutionStarted is not followed by the first state's event: that one has previousEventId 0.
        let _ = rt.event(&Thread::new(0, ThreadKind::Top), started);
        let mut execution = Execution {
            rt: rt.clone(),
            root: None,
            end: None,
            workflow_type: options.workflow_type,
        };
        if options.workflow_type == WorkflowType::Express {
            let problems = machine.express_problems();
            if !problems.is_empty() {
                let list: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{} at {}", p.message, p.location))
                    .collect();
                execution.finish(Ok(Err(Stop::Fatal(StatesError::new(
                    names::RUNTIME,
                    list.join("; "),
                )))));
                return execution;
            }
        }
        if payload_problem(&input).is_some() {
            execution.finish(Ok(Err(Stop::Fatal(StatesError::new(
                names::DATA_LIMIT_EXCEEDED,
                "The execution input is larger than 262144 bytes or nested deeper than the service accepts.",
            )))));
            return execution;
        }
        let limit = match options.workflow_type {
            WorkflowType::Standard => machine.timeout_seconds,
            WorkflowType::Express => Some(
                machine
                    .timeout_seconds
                    .unwrap_or(EXPRESS_LIMIT_SECONDS)
                    .min(EXPRESS_LIMIT_SECONDS),
            ),
        };
        let deadline = limit.map(|s| rt.identity.start_time.plus_millis(s.saturating_mul(1000) as i64));
        let graph = machine.graph.clone();
        execution.root = Some(Box::pin(async move {
            let thread = Rc::new(Thread::new(0, ThreadKind::Top));
            let states = runner::run_graph(rt.clone(), graph, Arc::new(input), thread);
            let year = rt
                .identity
                .start_time
                .plus_millis(STANDARD_LIMIT_SECONDS as i64 * 1000);
            within_limit(with_deadline(states, &rt.clock, deadline), &rt.clock, year)
                .await
                .and_then(|outcome| outcome)
        }));
        execution.resume();
        execution
    }

    /// Runs on until the execution ends or can only wait for a callback.
    fn resume(&mut self) {
        let Some(root) = &mut self.root else { return };
        if let Some(outcome) = drive(root, &self.rt.clock) {
            self.root = None;
            self.finish(outcome);
        }
    }

    fn finish(&mut self, outcome: RootOutcome) {
        let (status, output, error) = match outcome {
            Ok(Ok(output)) => (
                ExecutionStatus::Succeeded,
                Some(Arc::unwrap_or_clone(output)),
                None,
            ),
            Ok(Err(Stop::Error(error) | Stop::Fatal(error))) => (ExecutionStatus::Failed, None, Some(error)),
            Err(()) => (
                ExecutionStatus::TimedOut,
                None,
                Some(StatesError {
                    error: Some(names::TIMEOUT.into()),
                    cause: None,
                }),
            ),
        };
        let rt = &self.rt;
        match (&output, &error) {
            (Some(output), _) => rt.final_event(EventDetails::ExecutionSucceeded {
                output: output.clone(),
            }),
            (None, Some(e)) if status == ExecutionStatus::TimedOut => {
                rt.final_event(EventDetails::ExecutionTimedOut {
                    error: e.error.clone(),
                    cause: e.cause.clone(),
                })
            }
            (None, Some(e)) => rt.final_event(EventDetails::ExecutionFailed {
                error: e.error.clone(),
                cause: e.cause.clone(),
            }),
            (None, None) => {}
        }
        self.end = Some((status, output, error));
    }

    /// How the execution stands.
    pub fn status(&self) -> ExecutionStatus {
        self.end
            .as_ref()
            .map_or(ExecutionStatus::Running, |(status, _, _)| *status)
    }

    /// Tasks waiting for a callback.
    pub fn pending_tasks(&self) -> Vec<PendingTask> {
        self.rt.tokens.pending()
    }

    /// SendTaskSuccess: the waiting task returns `output`.
    pub fn send_task_success(&mut self, token: &str, output: Value) -> Result<(), CallbackError> {
        self.callback(token, Callback::Success(output))
    }

    /// SendTaskFailure: the waiting task fails with this error and cause.
    pub fn send_task_failure(
        &mut self,
        token: &str,
        error: Option<String>,
        cause: Option<String>,
    ) -> Result<(), CallbackError> {
        self.callback(token, Callback::Failure { error, cause })
    }

    /// SendTaskHeartbeat: the waiting task's worker is still alive.
    pub fn send_task_heartbeat(&mut self, token: &str) -> Result<(), CallbackError> {
        self.callback(token, Callback::Heartbeat)
    }

    fn callback(&mut self, token: &str, callback: Callback) -> Result<(), CallbackError> {
        self.rt.tokens.deliver(token, callback, self.rt.now())?;
        self.rt.clock.progressed();
        self.resume();
        Ok(())
    }

    /// Lets `seconds` of virtual time pass while the execution waits (heartbeats and timeouts may fire).
    pub fn wait(&mut self, seconds: u64) {
        if self.root.is_none() {
            return;
        }
        let until = self.rt.now().plus_millis(seconds as i64 * 1000);
        let clock = self.rt.clone();
        let mut timer: BoxFuture<()> = Box::pin(async move { clock.clock.sleep_until(until).await });
        // Polling the timer registers it, so the execution's own timers up to then fire in order.
        let _ = drive(&mut timer, &self.rt.clock);
        self.resume();
    }

    /// What the execution produced so far.
    pub fn result(&self) -> ExecutionResult {
        self.result_with(self.rt.events(), self.rt.trace())
    }

    /// What the execution produced, taking its history and trace instead of copying them: they
    /// are most of a run's memory, and a finished run needs them only once.
    pub fn into_result(self) -> ExecutionResult {
        let (events, trace) = (self.rt.take_events(), self.rt.take_trace());
        self.result_with(events, trace)
    }

    fn result_with(&self, events: Vec<HistoryEvent>, trace: Vec<StateRecord>) -> ExecutionResult {
        let (status, output, error) = match &self.end {
            Some((status, output, error)) => (*status, output.clone(), error.clone()),
            None => (ExecutionStatus::Running, None, None),
        };
        let (error, cause) = error.map_or((None, None), |e| (e.error, e.cause));
        let mut notes = Vec::new();
        if self.workflow_type == WorkflowType::Express {
            notes.push(
                "Express workflow: it runs at least once (a retry of the whole execution may repeat side effects), \
                 for at most 5 minutes, and AWS keeps no execution history for it: these events stand for what \
                 CloudWatch Logs would show."
                    .to_string(),
            );
        }
        ExecutionResult {
            status,
            output,
            error,
            cause,
            events,
            trace,
            services: self.rt.services_snapshot(),
            pending_tasks: self.pending_tasks(),
            notes,
            token_readings: self.rt.tokens.readings(),
        }
    }
}

/// Runs `machine` on `input` until it ends or can only wait for a callback.
pub fn run(machine: &StateMachine, input: Value, options: &RunOptions) -> ExecutionResult {
    Execution::start(machine, input, options).into_result()
}
