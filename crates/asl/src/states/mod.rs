//! The state types: each file holds one type's fields, how they are read, and how the state runs.

pub mod fail;
pub mod pass;
pub mod succeed;

use crate::dataflow::Scope;
use crate::definition::fields::Transition;
use crate::error::StepError;
use crate::trace::DataFlow;
use serde_json::Value;

/// The state types of the Amazon States Language.
#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
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
            StateKind::Pass(_) => "Pass",
            StateKind::Succeed(_) => "Succeed",
            StateKind::Fail(_) => "Fail",
        }
    }

    /// Where the state goes next, if it can go anywhere.
    pub fn transition(&self) -> Option<&Transition> {
        match self {
            StateKind::Pass(pass) => Some(&pass.transition),
            StateKind::Succeed(_) | StateKind::Fail(_) => None,
        }
    }

    /// Whether the state can end the execution.
    pub fn is_terminal(&self) -> bool {
        match self {
            StateKind::Pass(pass) => pass.transition == Transition::End,
            StateKind::Succeed(_) | StateKind::Fail(_) => true,
        }
    }

    /// Runs the state on its raw input.
    pub fn run(&self, scope: Scope<'_>, flow: &mut DataFlow) -> Outcome {
        match self {
            StateKind::Pass(pass) => pass.run(scope, flow),
            StateKind::Succeed(succeed) => succeed.run(scope, flow),
            StateKind::Fail(fail) => fail.run(scope, flow),
        }
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
    /// A Fail state stopped the execution on purpose; both parts are optional in ASL.
    Failed {
        /// The error name, if the state gave one.
        error: Option<String>,
        /// The cause, if the state gave one.
        cause: Option<String>,
    },
    /// A data-flow step failed; the executor adds the state's name to the cause.
    StepFailed(StepError),
}
