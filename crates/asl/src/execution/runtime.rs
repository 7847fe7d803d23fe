//! What every running state shares: identity, clock, history, trace, randomness and mocks.

use super::scheduler::Clock;
use crate::clock::Timestamp;
use crate::context::ExecutionIdentity;
use crate::error::{names, StatesError};
use crate::history::{EventDetails, History, HistoryFull, MAX_HISTORY_EVENTS};
use crate::mocks::{MockResponse, Mocks};
use crate::random::Random;
use crate::services::Cloud;
use crate::trace::StateRecord;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

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
        }
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
    history: RefCell<History>,
    trace: RefCell<Vec<StateRecord>>,
    mocks: Mocks,
    mock_calls: RefCell<HashMap<String, usize>>,
    /// The simulated services.
    pub cloud: RefCell<Cloud>,
}

impl Runtime {
    /// A runtime at the execution's start.
    pub fn new(
        identity: ExecutionIdentity,
        execution_input: Value,
        seed: u64,
        mocks: Mocks,
        cloud: Cloud,
    ) -> Runtime {
        Runtime {
            clock: Clock::new(identity.start_time),
            identity,
            execution_input,
            random: Random::new(seed),
            history: RefCell::default(),
            trace: RefCell::default(),
            mocks,
            mock_calls: RefCell::default(),
            cloud: RefCell::new(cloud),
        }
    }

    /// The current virtual time.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
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

    /// Takes the history and trace out when the execution is over.
    pub fn finish(&self) -> (Vec<crate::history::HistoryEvent>, Vec<StateRecord>) {
        (self.history.take().into_events(), self.trace.take())
    }
}

fn history_full() -> StatesError {
    StatesError::new(
        names::RUNTIME,
        format!("The execution reached the maximum number of events in its history ({MAX_HISTORY_EVENTS})."),
    )
}
