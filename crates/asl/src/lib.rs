//! Amazon States Language interpreter: parse, validate and run state machines the way AWS Step Functions does.
//!
//! ```
//! use asl::{run, RunOptions, StateMachine};
//! use serde_json::json;
//!
//! let machine = StateMachine::from_json_text(r#"{
//!   "StartAt": "Hello",
//!   "States": { "Hello": { "Type": "Pass", "Result": "World", "ResultPath": "$.greeting", "End": true } }
//! }"#).unwrap();
//! let result = run(&machine, json!({"name": "Ada"}), &RunOptions::default());
//! assert_eq!(result.status.as_str(), "SUCCEEDED");
//! assert_eq!(result.output, Some(json!({"name": "Ada", "greeting": "World"})));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod clock;
pub mod context;
pub mod cost;
pub mod dataflow;
pub mod definition;
pub mod diagnostic;
pub mod error;
pub mod execution;
pub mod history;
pub mod intrinsics;
pub mod json_source;
pub mod jsonpath;
pub mod mocks;
pub mod random;
pub mod scenario;
pub mod services;
pub mod states;
pub mod static_names;
mod suggest;
pub mod timestamp;
pub mod trace;
mod value_text;
mod variable_scopes;
pub mod variables;

pub use definition::StateMachine;
pub use diagnostic::{DefinitionError, Diagnostic};
pub use error::StatesError;
pub use execution::{run, Execution, ExecutionResult, ExecutionStatus, RunOptions, WorkflowType};
pub use json_source::{parse_json, JsonSyntaxError, Position};
