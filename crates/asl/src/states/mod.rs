//! The state types: each file holds one type's fields, how they are read, and how the state runs.

pub mod catch;
pub mod choice;
pub mod fail;
pub mod jsonata;
pub mod map;
pub mod parallel;
pub mod pass;
pub mod retry;
pub mod succeed;
pub mod task;
pub mod wait;

use crate::definition::fields::Transition;
use crate::error::{StatesError, StepError};
use serde_json::Value;
use std::sync::Arc;

/// The state types of the Amazon States Language.
#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    /// Passes its input on, optionally shaped or replaced by a fixed Result.
    Pass(Box<pass::Pass>),
    /// Calls a resource: a Lambda function, a service, an activity.
    Task(Box<task::Task>),
    /// Goes to the next state chosen by rules over its input.
    Choice(Box<choice::Choice>),
    /// Waits for some time on the virtual clock.
    Wait(Box<wait::Wait>),
    /// Ends the execution successfully.
    Succeed(succeed::Succeed),
    /// Ends the execution with an error and a cause.
    Fail(fail::Fail),
    /// Runs branches side by side.
    Parallel(Box<parallel::Parallel>),
    /// Runs the same states for each item of an array.
    Map(Box<map::Map>),
    /// A Choice state written in JSONata: rules are Conditions.
    JsonataChoice(Box<jsonata::JsonataChoice>),
}

impl StateKind {
    /// The `Type` value, which also prefixes history events (`PassStateEntered`).
    pub fn type_name(&self) -> &'static str {
        match self {
            StateKind::Pass(_) => "Pass",
            StateKind::Task(_) => "Task",
            StateKind::Choice(_) => "Choice",
            StateKind::Wait(_) => "Wait",
            StateKind::Succeed(_) => "Succeed",
            StateKind::Fail(_) => "Fail",
            StateKind::Parallel(_) => "Parallel",
            StateKind::Map(_) => "Map",
            StateKind::JsonataChoice(_) => "Choice",
        }
    }

    /// Every state this one can go to next (Next, Choice targets, Catch targets).
    pub fn targets(&self) -> Vec<Target<'_>> {
        match self {
            StateKind::Pass(pass) => next_of(&pass.transition).into_iter().collect(),
            StateKind::Task(task) => task.targets(),
            StateKind::Choice(choice) => choice.targets(),
            StateKind::Wait(wait) => wait.targets(),
            StateKind::Succeed(_) | StateKind::Fail(_) => Vec::new(),
            StateKind::Parallel(parallel) => parallel.targets(),
            StateKind::Map(map) => map.targets(),
            StateKind::JsonataChoice(choice) => choice.targets(),
        }
    }

    /// Whether the state can end the execution.
    pub fn is_terminal(&self) -> bool {
        let transition = match self {
            StateKind::Succeed(_) | StateKind::Fail(_) => return true,
            StateKind::Choice(_) | StateKind::JsonataChoice(_) => return false,
            StateKind::Pass(pass) => &pass.transition,
            StateKind::Task(task) => &task.transition,
            StateKind::Wait(wait) => &wait.transition,
            StateKind::Parallel(parallel) => &parallel.transition,
            StateKind::Map(map) => &map.transition,
        };
        *transition == Transition::End
    }
}

/// How running one synchronous state ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The state succeeded with this output; go to `Next` or end.
    Exited {
        /// The state's output, shared with the data-flow trace.
        output: Arc<Value>,
        /// Where to go.
        transition: Transition,
    },
    /// The state raised an error (a Fail state, no Choice matched...): reported
    /// as it is, and caught where an enclosing state allows.
    Raised(StatesError),
    /// A data-flow step failed; the runner adds the state's name to the cause.
    StepFailed(StepError),
}

/// A transition to another state, and the field that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'a> {
    /// The field, as a JSON pointer relative to the state: `Next`, `Default`, `Choices/0/Next`.
    pub field: String,
    /// The state it names.
    pub name: &'a str,
}

pub(crate) fn next_of(transition: &Transition) -> Option<Target<'_>> {
    match transition {
        Transition::Next(next) => Some(Target {
            field: "Next".into(),
            name: next,
        }),
        Transition::End => None,
    }
}
