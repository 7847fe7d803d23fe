//! A graph of named states with a start: the whole machine, a Parallel branch, or a Map's item processor.

use super::fields::{kind_of, Fields};
use super::graph;
use crate::diagnostic::{codes, Diagnostic};
use crate::json_source::pointer_token;
use crate::states::jsonata::{self, JsonataFields};
use crate::states::{
    choice::Choice, fail::Fail, map::Map, parallel::Parallel, pass::Pass, succeed::Succeed, task::Task,
    wait::Wait, StateKind,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// A named state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Its name, the key under `States`.
    pub name: String,
    /// Its optional Comment.
    pub comment: Option<String>,
    /// Its type and type-specific fields.
    pub kind: StateKind,
    /// Its JSONata fields, when it is written in JSONata.
    pub jsonata: Option<JsonataFields>,
}

impl State {
    /// The graphs nested in this state, each with its JSON pointer below the state's: a
    /// Parallel's branches (`Branches/0`...), a Map's item processor (`ItemProcessor`).
    pub fn nested_graphs(&self) -> Vec<(String, &StateGraph)> {
        match &self.kind {
            StateKind::Parallel(parallel) => parallel
                .branches
                .iter()
                .enumerate()
                .map(|(i, branch)| (format!("Branches/{i}"), branch.as_ref()))
                .collect(),
            StateKind::Map(map) => vec![(map.processor_field.to_string(), map.processor.as_ref())],
            _ => Vec::new(),
        }
    }
}

/// States and where to start.
#[derive(Debug, Clone, PartialEq)]
pub struct StateGraph {
    /// The first state's name.
    pub start_at: String,
    states: Vec<State>,
    index: HashMap<String, usize>,
}

/// Up to this many states, [`StateGraph::state`] compares names rather than hashing.
const SCANNED_STATES: usize = 16;

/// The state types ASL defines.
pub const STATE_TYPES: &[&str] = &[
    "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map",
];

impl StateGraph {
    /// Reads `StartAt` and `States` from an object at `pointer`, then checks the transitions.
    pub fn read(
        map: &serde_json::Map<String, Value>,
        pointer: &str,
        owner: &str,
        problems: &mut Vec<Diagnostic>,
        jsonata: bool,
    ) -> StateGraph {
        let start_at = Fields::new(map, pointer.to_string(), problems).required_string("StartAt", owner);
        let states = read_states(map.get("States"), pointer, owner, problems, jsonata);
        let mut index = HashMap::new();
        for (i, state) in states.iter().enumerate() {
            index.insert(state.name.clone(), i);
        }
        let graph = StateGraph {
            start_at: start_at.clone().unwrap_or_default(),
            states,
            index,
        };
        if let (Some(_), Some(Value::Object(written))) = (start_at, map.get("States")) {
            let written: HashSet<&str> = written.keys().map(String::as_str).collect();
            graph::check(&graph, pointer, &written, problems);
        }
        graph
    }

    /// A state by name.
    pub fn state(&self, name: &str) -> Option<&State> {
        // The runner looks up every state it enters: in a small graph, comparing names is
        // cheaper than hashing the one looked for. From the end, as the index keeps the last
        // state of a name.
        if self.states.len() <= SCANNED_STATES {
            return self.states.iter().rev().find(|state| state.name == name);
        }
        self.index.get(name).map(|&i| &self.states[i])
    }

    /// All states, in the order they are written.
    pub fn states(&self) -> &[State] {
        &self.states
    }
}

fn read_states(
    value: Option<&Value>,
    pointer: &str,
    owner: &str,
    problems: &mut Vec<Diagnostic>,
    jsonata: bool,
) -> Vec<State> {
    let here = format!("{pointer}/States");
    let map = match value {
        Some(Value::Object(map)) => map,
        Some(other) => {
            problems.push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                here,
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
                pointer,
                format!("{owner} is missing the required field 'States'"),
            ));
            return Vec::new();
        }
    };
    if map.is_empty() {
        problems.push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            here,
            "'States' must hold at least one state",
        ));
    }
    map.iter()
        .filter_map(|(name, value)| read_state(name, value, pointer, problems, jsonata))
        .collect()
}

fn read_state(
    name: &str,
    value: &Value,
    parent: &str,
    problems: &mut Vec<Diagnostic>,
    jsonata: bool,
) -> Option<State> {
    let pointer = format!("{parent}/States/{}", pointer_token(name));
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
    let mut fields = Fields::new(map, pointer.clone(), problems).with_jsonata_default(jsonata);
    let comment = fields.string("Comment");
    let uses_jsonata = fields.query_language();
    let state_type = fields.required_string("Type", &format!("The state '{name}'"))?;
    // A JSONata state: its own fields are read apart, the rest by the state type's reader.
    let (jsonata_fields, rest) = if uses_jsonata {
        let (own, rest) = jsonata::read(&state_type, map, &pointer, fields.problems());
        (Some(own), Some(rest))
    } else {
        (None, None)
    };
    let mut rest_fields;
    let fields = match &rest {
        Some(rest) => {
            let problems = fields.problems();
            rest_fields = Fields::new(rest, pointer.clone(), problems).with_jsonata_default(jsonata);
            &mut rest_fields
        }
        None => &mut fields,
    };
    let kind = match state_type.as_str() {
        "Choice" if jsonata_fields.is_some() => {
            StateKind::JsonataChoice(Box::new(jsonata::read_choice(fields)))
        }
        "Pass" => StateKind::Pass(Box::new(Pass::parse(fields))),
        "Task" => StateKind::Task(Box::new(Task::parse(fields))),
        "Choice" => StateKind::Choice(Box::new(Choice::parse(fields))),
        "Wait" => StateKind::Wait(Box::new(Wait::parse(fields))),
        "Succeed" => StateKind::Succeed(Succeed::parse(fields)),
        "Fail" => StateKind::Fail(Fail::parse(fields)),
        "Parallel" => StateKind::Parallel(Box::new(Parallel::parse(fields))),
        "Map" => StateKind::Map(Box::new(Map::parse(fields))),
        unknown => {
            fields.problem(
                "Type",
                format!(
                    "'{unknown}' is not a state type; use one of {}",
                    STATE_TYPES.join(", ")
                ),
            );
            return None;
        }
    };
    Some(State {
        name: name.to_string(),
        comment,
        kind,
        jsonata: jsonata_fields,
    })
}
