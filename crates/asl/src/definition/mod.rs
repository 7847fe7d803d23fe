//! A state machine definition: read from JSON text or a value, checked as a whole, every problem reported at once.

pub mod fields;
mod graph;

use crate::diagnostic::{codes, DefinitionError, Diagnostic};
use crate::json_source::{parse_json, pointer_token, SourceMap};
use crate::states::{choice::Choice, fail::Fail, pass::Pass, succeed::Succeed, StateKind};
use fields::{kind_of, Fields};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// A named state of a machine.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Its name, the key under `States`.
    pub name: String,
    /// Its optional Comment.
    pub comment: Option<String>,
    /// Its type and type-specific fields.
    pub kind: StateKind,
}

/// A checked state machine, ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMachine {
    /// The top-level Comment.
    pub comment: Option<String>,
    /// The first state's name.
    pub start_at: String,
    /// Execution time limit in seconds.
    pub timeout_seconds: Option<u64>,
    /// The Version field, when given.
    pub version: Option<String>,
    states: Vec<State>,
    index: HashMap<String, usize>,
}

const TOP_LEVEL_FIELDS: &[&str] = &["Comment", "StartAt", "States", "TimeoutSeconds", "Version"];

/// The state types ASL defines; only some of them run here yet.
const KNOWN_TYPES: &[&str] = &[
    "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map",
];

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
        let start_at = top.required_string("StartAt", "The state machine");
        let states = read_states(map.get("States"), &mut problems);

        let mut index = HashMap::new();
        for (i, state) in states.iter().enumerate() {
            index.insert(state.name.clone(), i);
        }
        let machine = StateMachine {
            comment,
            start_at: start_at.unwrap_or_default(),
            timeout_seconds,
            version,
            states,
            index,
        };
        if let (true, Some(Value::Object(written))) = (map.contains_key("StartAt"), map.get("States")) {
            let written: HashSet<&str> = written.keys().map(String::as_str).collect();
            graph::check(&machine, &written, &mut problems);
        }
        if problems.is_empty() {
            Ok(machine)
        } else {
            Err(DefinitionError {
                diagnostics: problems,
            })
        }
    }

    /// A state by name.
    pub fn state(&self, name: &str) -> Option<&State> {
        self.index.get(name).map(|&i| &self.states[i])
    }

    /// All states, in the order they are written.
    pub fn states(&self) -> &[State] {
        &self.states
    }
}

fn read_states(value: Option<&Value>, problems: &mut Vec<Diagnostic>) -> Vec<State> {
    let map = match value {
        Some(Value::Object(map)) => map,
        Some(other) => {
            problems.push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                "/States",
                format!(
                    "'States' must be an object of named states, not {}",
                    kind_of(other)
                ),
            ));
            return Vec::new();
        }
        None => {
            problems.push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                "",
                "The state machine is missing the required field 'States'",
            ));
            return Vec::new();
        }
    };
    if map.is_empty() {
        problems.push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            "/States",
            "'States' must hold at least one state",
        ));
    }
    map.iter()
        .filter_map(|(name, value)| read_state(name, value, problems))
        .collect()
}

fn read_state(name: &str, value: &Value, problems: &mut Vec<Diagnostic>) -> Option<State> {
    let pointer = format!("/States/{}", pointer_token(name));
    if name.is_empty() || name.chars().count() > 80 {
        problems.push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            pointer.clone(),
            format!("State names must be 1 to 80 characters long: '{name}'"),
        ));
    }
    let Value::Object(map) = value else {
        problems.push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            pointer,
            format!("The state '{name}' must be an object, not {}", kind_of(value)),
        ));
        return None;
    };
    let mut fields = Fields::new(map, pointer, problems);
    let comment = fields.string("Comment");
    let state_type = fields.required_string("Type", &format!("The state '{name}'"))?;
    let kind = match state_type.as_str() {
        "Choice" => StateKind::Choice(Box::new(Choice::parse(&mut fields))),
        "Pass" => StateKind::Pass(Box::new(Pass::parse(&mut fields))),
        "Succeed" => StateKind::Succeed(Succeed::parse(&mut fields)),
        "Fail" => StateKind::Fail(Fail::parse(&mut fields)),
        known if KNOWN_TYPES.contains(&known) => {
            fields.problem_with(
                codes::UNSUPPORTED_FEATURE,
                "Type",
                format!("'{known}' states are not supported by this interpreter yet (supported: Pass, Choice, Succeed, Fail)"),
            );
            return None;
        }
        unknown => {
            fields.problem(
                "Type",
                format!(
                    "'{unknown}' is not a state type; use one of {}",
                    KNOWN_TYPES.join(", ")
                ),
            );
            return None;
        }
    };
    Some(State {
        name: name.to_string(),
        comment,
        kind,
    })
}
