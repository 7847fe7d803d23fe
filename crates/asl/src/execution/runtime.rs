//! What every running state shares: identity, clock, history, trace, randomness and mocks.

use super::callbacks::TaskTokens;
use super::scheduler::Clock;
use super::{RunOptions, WorkflowType};
use crate::clock::Timestamp;
use crate::context::ExecutionIdentity;
use crate::definition::StateMachine;
use crate::error::{names, StatesError, StepError};
use crate::history::{EventDetails, History, HistoryEvent, HistoryFull, MAX_HISTORY_EVENTS};
use crate::mocks::{MockResponse, Mocks};
use crate::random::Random;
use crate::services::{CallContext, Cloud};
use crate::trace::StateRecord;
use crate::variables::Variables;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::Arc;

/// How a chain of states stopped early.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// An error that Retry and Catch may handle, and that fails a branch or the execution otherwise.
    Error(StatesError),
    /// An error that always fails the whole execution (`States.Runtime`, a full history...).
    Fatal(StatesError),
}

/// Where one chain of states runs: the top level, a Parallel branch, or a Map iteration.
#[derive(Debug)]
pub struct Thread {
    /// The id of this chain's latest event, which its next event follows.
    previous: Cell<u64>,
    /// What kind of chain it is.
    pub kind: ThreadKind,
    /// The workflow variables this chain sees; a branch or iteration starts with a copy of its
    /// parent's, and what it assigns stays inside it.
    pub vars: RefCell<Variables>,
    /// The size of each variable as JSON text, for AWS's limit on all of them together.
    pub var_sizes: RefCell<std::collections::BTreeMap<String, usize>>,
}

/// The kinds of chains of states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadKind {
    /// The machine's own states.
    Top,
    /// A branch of a Parallel state.
    ParallelBranch,
    /// One item of a Map state.
    MapIteration,
}

impl Thread {
    /// A chain whose first event follows `previous`.
    pub fn new(previous: u64, kind: ThreadKind) -> Thread {
        Thread {
            previous: Cell::new(previous),
            kind,
            vars: RefCell::default(),
            var_sizes: RefCell::default(),
        }
    }

    /// A branch or iteration of `parent`: it reads the parent's variables, and assigns its own.
    pub fn child(previous: u64, kind: ThreadKind, parent: &Thread) -> Thread {
        Thread {
            previous: Cell::new(previous),
            kind,
            vars: RefCell::new(parent.vars.borrow().clone()),
            var_sizes: RefCell::new(parent.var_sizes.borrow().clone()),
        }
    }

    /// Sets `values` on this chain's variables, all at once, within AWS's size limits.
    pub fn assign(&self, values: &Variables) -> Result<(), StepError> {
        crate::variables::store(&self.vars, &self.var_sizes, values)
    }
}

/// The shared state of one execution.
pub struct Runtime {
    /// Names and ARNs.
    pub identity: ExecutionIdentity,
    /// The execution's input, for `$$.Execution.Input`.
    pub execution_input: Value,
    /// Virtual time.
    pub clock: Clock,
    /// Seeded randomness.
    pub random: Random,
    /// Standard or Express.
    pub workflow_type: WorkflowType,
    /// Task tokens and their callbacks.
    pub tokens: TaskTokens,
    /// The simulated services.
    pub cloud: RefCell<Cloud>,
    /// State machines that `states:startExecution` can start, by name.
    pub state_machines: BTreeMap<String, Arc<StateMachine>>,
    /// Workers of activities, by name (their behaviours keep state between tasks).
    pub activities: RefCell<BTreeMap<String, super::ActivityWorker>>,
    /// Executions started by `states:startExecution`, as DescribeExecution shows them.
    pub child_executions: RefCell<Vec<Value>>,
    /// The options, handed down to child executions.
    pub options: RunOptions,
    history: RefCell<History>,
    trace: RefCell<Vec<StateRecord>>,
    mocks: Mocks,
    mock_calls: RefCell<HashMap<String, usize>>,
}

impl Runtime {
    /// A runtime at the execution's start.
    pub fn new(options: &RunOptions, execution_input: Value) -> Runtime {
        Runtime {
            clock: Clock::new(options.identity.start_time),
            identity: options.identity.clone(),
            execution_input,
            random: Random::new(options.seed),
            workflow_type: options.workflow_type,
            tokens: TaskTokens::with_script(options.callbacks.clone()),
            cloud: RefCell::new(options.cloud.clone()),
            state_machines: options.state_machines.clone(),
            activities: RefCell::new(options.activities.clone()),
            child_executions: RefCell::default(),
            options: options.clone(),
            history: RefCell::default(),
            trace: RefCell::default(),
            mocks: options.mocks.clone(),
            mock_calls: RefCell::default(),
        }
    }

    /// The current virtual time.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// What a call to the simulated services may use: randomness, the time, region and account.
    pub fn call_context(&self) -> CallContext<'_> {
        CallContext {
            random: &self.random,
            now: self.clock.now(),
            region: &self.identity.region,
            account: &self.identity.account,
        }
    }

    /// Appends an event that follows the thread's latest one, and makes it the latest.
    pub fn event(&self, thread: &Thread, details: EventDetails) -> Result<u64, Stop> {
        let id = self
            .history
            .borrow_mut()
            .push(thread.previous.get(), self.clock.now(), details)
            .map_err(|HistoryFull| Stop::Fatal(history_full()))?;
        thread.previous.set(id);
        self.clock.progressed();
        Ok(id)
    }

    /// Appends the execution's final event.
    pub fn final_event(&self, details: EventDetails) {
        let mut history = self.history.borrow_mut();
        let previous = history.last_id();
        // The history always keeps room for the final event.
        let _ = history.push(previous, self.clock.now(), details);
    }

    /// Adds a finished state execution to the trace.
    pub fn record(&self, record: StateRecord) {
        self.trace.borrow_mut().push(record);
    }

    /// The next mocked response of a state: `None` when the state is not mocked,
    /// `Some(Err)` when its responses ran out.
    pub fn next_mock(&self, state: &str) -> Option<Result<MockResponse, StatesError>> {
        let responses = self.mocks.responses(state)?;
        let mut calls = self.mock_calls.borrow_mut();
        let count = calls.entry(state.to_string()).or_default();
        let response = responses.get(*count).cloned();
        *count += 1;
        Some(response.ok_or_else(|| {
            StatesError::new(
                names::RUNTIME,
                format!(
                    "The state '{state}' was invoked {} times, but its mock configuration has only {} response(s)",
                    *count,
                    responses.len()
                ),
            )
        }))
    }

    /// The history so far.
    pub fn events(&self) -> Vec<HistoryEvent> {
        self.history.borrow().events().to_vec()
    }

    /// The data-flow trace so far.
    pub fn trace(&self) -> Vec<StateRecord> {
        self.trace.borrow().clone()
    }

    /// Takes the history out, leaving it empty (the execution is over).
    pub fn take_events(&self) -> Vec<HistoryEvent> {
        std::mem::take(&mut *self.history.borrow_mut()).into_events()
    }

    /// Takes the data-flow trace out, leaving it empty (the execution is over).
    pub fn take_trace(&self) -> Vec<StateRecord> {
        std::mem::take(&mut *self.trace.borrow_mut())
    }

    /// The simulated services, plus the executions this one started.
    pub fn services_snapshot(&self) -> Value {
        let mut snapshot = self.cloud.borrow().snapshot();
        let children = self.child_executions.borrow();
        if !children.is_empty() {
            if !snapshot.is_object() {
                snapshot = Value::Object(Default::default());
            }
            snapshot["stepfunctions"] = serde_json::json!({ "executions": *children });
        }
        snapshot
    }
}

fn history_full() -> StatesError {
    StatesError::new(
        names::RUNTIME,
        format!("The execution reached the maximum number of events in its history ({MAX_HISTORY_EVENTS})."),
    )
}
