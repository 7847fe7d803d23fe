//! A state machine definition: read from JSON text or a value, checked as a whole, every problem reported at once.

pub mod fields;
mod graph;
pub mod state_graph;

use crate::diagnostic::{codes, DefinitionError, Diagnostic};
use crate::json_source::{parse_json, pointer_token, SourceMap};
use crate::states::StateKind;
use fields::{kind_of, Fields};
use serde_json::Value;
pub use state_graph::{State, StateGraph};
use std::collections::HashMap;
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

/// The longest definition AWS accepts, in characters (CreateStateMachine's `definition`).
pub const MAX_DEFINITION_CHARS: usize = 1_048_576;

impl StateMachine {
    /// Reads a definition from JSON text; diagnostics carry line and column.
    pub fn from_json_text(text: &str) -> Result<StateMachine, DefinitionError> {
        // Bytes first: counting characters is only needed once the text could be too long.
        if text.len() > MAX_DEFINITION_CHARS && text.chars().count() > MAX_DEFINITION_CHARS {
            let count = text.chars().count();
            return Err(DefinitionError {
                diagnostics: vec![Diagnostic::error(
                    codes::SCHEMA_VALIDATION_FAILED,
                    "",
                    format!(
                        "The definition is {} characters long; AWS accepts definitions of at most 1,048,576 characters (1 MB)",
                        thousands(count)
                    ),
                )],
            });
        }
        let value = parse_json(text).map_err(|err| DefinitionError {
            diagnostics: vec![Diagnostic::from_syntax(&err)],
        })?;
        let map = SourceMap::new(text);
        // A repeated key is lost once parsed, so it is found in the text itself.
        let mut diagnostics: Vec<Diagnostic> = map
            .duplicate_keys()
            .iter()
            .map(|duplicate| {
                let location = format!("{}/{}", duplicate.object, pointer_token(&duplicate.key));
                let mut diagnostic = if duplicate.object.ends_with("/States") || duplicate.object == "/States"
                {
                    Diagnostic::error(
                        codes::DUPLICATE_STATE_NAME,
                        location,
                        format!("The state name '{}' is used more than once", duplicate.key),
                    )
                } else {
                    Diagnostic::error(
                        codes::SCHEMA_VALIDATION_FAILED,
                        location,
                        format!(
                            "The field '{}' is written more than once; only the last one would count",
                            duplicate.key
                        ),
                    )
                };
                diagnostic.position = Some(duplicate.position);
                diagnostic
            })
            .collect();
        let machine = match StateMachine::from_value(&value) {
            Ok(machine) => Some(machine),
            Err(err) => {
                diagnostics.extend(err.diagnostics.into_iter().map(|mut d| {
                    d.position = map.locate(&d.location);
                    d
                }));
                None
            }
        };
        match machine {
            Some(machine) if diagnostics.is_empty() => Ok(machine),
            _ => Err(DefinitionError { diagnostics }),
        }
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
        top.query_language();
        let version = top.string("Version");
        let timeout_seconds = top.unsigned("TimeoutSeconds");
        let jsonata = map.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata");
        let graph = StateGraph::read(map, "", "The state machine", &mut problems, jsonata);
        duplicate_state_names(&graph, "", &mut Default::default(), &mut problems);
        crate::variable_scopes::check(map, &mut problems);
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

    /// Problems that only matter for an Express workflow: it cannot wait for jobs
    /// (`.sync`) or callbacks (`.waitForTaskToken`), as AWS refuses at creation.
    pub fn express_problems(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        express_problems(&self.graph, "", &mut problems);
        problems
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

/// State names must be unique in the whole machine, nested branches and item processors included.
fn duplicate_state_names(
    graph: &StateGraph,
    pointer: &str,
    seen: &mut HashMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) {
    for state in graph.states() {
        let here = format!("{pointer}/States/{}", pointer_token(&state.name));
        if let Some(first) = seen.get(&state.name) {
            problems.push(Diagnostic::error(
                codes::DUPLICATE_STATE_NAME,
                here.clone(),
                format!("The state name '{}' is already used at {first}; state names must be unique in the whole machine", state.name),
            ));
        } else {
            seen.insert(state.name.clone(), here.clone());
        }
        for (below, nested) in state.nested_graphs() {
            duplicate_state_names(nested, &format!("{here}/{below}"), seen, problems);
        }
    }
}

fn express_problems(graph: &StateGraph, pointer: &str, problems: &mut Vec<Diagnostic>) {
    use crate::states::task::Pattern;
    for state in graph.states() {
        let here = format!("{pointer}/States/{}", pointer_token(&state.name));
        let pattern = match &state.kind {
            StateKind::Task(task) => match task.pattern() {
                Pattern::Sync(1) => Some(".sync"),
                Pattern::Sync(_) => Some(".sync:2"),
                Pattern::WaitForTaskToken => Some(".waitForTaskToken"),
                Pattern::RequestResponse => None,
            },
            _ => None,
        };
        if let Some(pattern) = pattern {
            problems.push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                format!("{here}/Resource"),
                format!(
                    "Express state machines do not support the '{pattern}' service integration pattern; \
                     use a Standard workflow, or call the service request-response"
                ),
            ));
        }
        for (below, nested) in state.nested_graphs() {
            express_problems(nested, &format!("{here}/{below}"), problems);
        }
    }
}

/// 5242880 as "5,242,880".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
