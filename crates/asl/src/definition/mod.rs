//! A state machine definition: read from JSON text or a value, checked as a whole, every problem reported at once.

pub mod fields;
mod graph;
pub mod state_graph;

use crate::diagnostic::{codes, DefinitionError, Diagnostic};
use crate::json_source::{parse_json, SourceMap};
use fields::{kind_of, Fields};
use serde_json::Value;
pub use state_graph::{State, StateGraph};
use std::sync::Arc;

/// A checked state machine, ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMachine {
    /// The top-level Comment.
    pub comment: Option<String>,
    /// Execution time limit in seconds.
    pub timeout_seconds: Option<u64>,
    /// The Version field, when given.
    pub version: Option<String>,
    /// The top-level states.
    pub graph: Arc<StateGraph>,
}

const TOP_LEVEL_FIELDS: &[&str] = &["Comment", "StartAt", "States", "TimeoutSeconds", "Version"];

impl StateMachine {
    /// Reads a definition from JSON text; diagnostics carry line and column.
    pub fn from_json_text(text: &str) -> Result<StateMachine, DefinitionError> {
        let value = parse_json(text).map_err(|err| DefinitionError {
            diagnostics: vec![Diagnostic::from_syntax(&err)],
        })?;
        StateMachine::from_value(&value).map_err(|mut err| {
            let map = SourceMap::new(text);
            for diagnostic in &mut err.diagnostics {
                diagnostic.position = map.locate(&diagnostic.location);
            }
            err
        })
    }

    /// Reads a definition from a parsed JSON value.
    pub fn from_value(value: &Value) -> Result<StateMachine, DefinitionError> {
        let mut problems = Vec::new();
        let Value::Object(map) = value else {
            problems.push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                "",
                format!(
                    "A state machine definition must be a JSON object, not {}",
                    kind_of(value)
                ),
            ));
            return Err(DefinitionError {
                diagnostics: problems,
            });
        };
        let mut top = Fields::new(map, String::new(), &mut problems);
        top.reject_unknown(TOP_LEVEL_FIELDS, "a state machine");
        let comment = top.string("Comment");
        let version = top.string("Version");
        let timeout_seconds = top.unsigned("TimeoutSeconds");
        let graph = StateGraph::read(map, "", "The state machine", &mut problems);
        if problems.is_empty() {
            Ok(StateMachine {
                comment,
                timeout_seconds,
                version,
                graph: Arc::new(graph),
            })
        } else {
            Err(DefinitionError {
                diagnostics: problems,
            })
        }
    }

    /// The name of the first state.
    pub fn start_at(&self) -> &str {
        &self.graph.start_at
    }

    /// A top-level state by name.
    pub fn state(&self, name: &str) -> Option<&State> {
        self.graph.state(name)
    }

    /// All top-level states, in the order they are written.
    pub fn states(&self) -> &[State] {
        self.graph.states()
    }
}
