//! The state types: each file holds one type's fields, how they are read, and how the state runs.

pub mod choice;
pub mod fail;
pub mod pass;
pub mod succeed;

use crate::dataflow::Scope;
use crate::definition::fields::Transition;
use crate::error::{StatesError, StepError};
use crate::trace::DataFlow;
use serde_json::Value;

/// The state types of the Amazon States Language.
#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    /// Goes to the next state chosen by rules over its input.
    Choice(Box<choice::Choice>),
    /// Passes its input on, optionally shaped or replaced by a fixed Result.
    Pass(Box<pass::Pass>),
    /// Ends the execution successfully.
    Succeed(succeed::Succeed),
    /// Ends the execution with an error and a cause.
    Fail(fail::Fail),
}

impl StateKind {
    /// The `Type` value, which also prefixes history events (`PassStateEntered`).
    pub fn type_name(&self) -> &'static str {
        match self {
            StateKind::Choice(_) => "Choice",
            StateKind::Pass(_) => "Pass",
            StateKind::Succeed(_) => "Succeed",
            StateKind::Fail(_) => "Fail",
        }
    }

    /// Every state this one can go to next (Next, Choice targets, Catch targets).
    pub fn targets(&self) -> Vec<Target<'_>> {
        match self {
            StateKind::Choice(choice) => choice.targets(),
            StateKind::Pass(pass) => next_of(&pass.transition).into_iter().collect(),
            StateKind::Succeed(_) | StateKind::Fail(_) => Vec::new(),
        }
    }

    /// Whether the state can end the execution.
    pub fn is_terminal(&self) -> bool {
        match self {
            StateKind::Choice(_) => false,
            StateKind::Pass(pass) => pass.transition == Transition::End,
            StateKind::Succeed(_) | StateKind::Fail(_) => true,
        }
    }

    /// Runs the state on its raw input.
    pub fn run(&self, scope: Scope<'_>, flow: &mut DataFlow) -> Outcome {
        match self {
            StateKind::Choice(choice) => choice.run(scope, flow),
            StateKind::Pass(pass) => pass.run(scope, flow),
            StateKind::Succeed(succeed) => succeed.run(scope, flow),
            StateKind::Fail(fail) => fail.run(scope, flow),
        }
    }
}

/// A transition to another state, and the field that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'a> {
    /// The field, as a JSON pointer relative to the state: `Next`, `Default`, `Choices/0/Next`.
    pub field: String,
    /// The state it names.
    pub name: &'a str,
}

fn next_of(transition: &Transition) -> Option<Target<'_>> {
    match transition {
        Transition::Next(next) => Some(Target {
            field: "Next".into(),
            name: next,
        }),
        Transition::End => None,
    }
}

/// How running one state ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The state succeeded with this output; go to `Next` or end.
    Exited {
        /// The state's output.
        output: Value,
        /// Where to go.
        transition: Transition,
    },
    /// The state raised an error (a Fail state, a task's error, no Choice
    /// matched...): reported as it is, and caught or retried where the state allows.
    Raised(StatesError),
    /// A data-flow step failed; the executor adds the state's name to the cause.
    StepFailed(StepError),
}
