//! The part of a definition a diagram needs, read leniently: whatever is malformed is left out.

use crate::model::EdgeKind;
use crate::rule_text;
use serde_json::{Map, Value};

/// A graph of states: the whole machine, a Parallel branch or a Map's item processor.
#[derive(Debug, Default)]
pub(crate) struct Machine {
    /// `StartAt`, when it is a string.
    pub start_at: Option<String>,
    /// The states, in the definition's order.
    pub states: Vec<StateSpec>,
}

/// One state as the diagram sees it.
#[derive(Debug)]
pub(crate) struct StateSpec {
    /// Its name.
    pub name: String,
    /// Its `Type`, or "" when it has none.
    pub state_type: String,
    /// Where it can go, in the order the definition names them.
    pub transitions: Vec<Transition>,
    /// It can end the graph (`End: true`, Succeed, Fail).
    pub terminal: bool,
    /// Graphs drawn inside it: a Parallel's branches or a Map's item processor.
    pub nested: Option<Vec<Machine>>,
}

/// A named way out of a state.
#[derive(Debug)]
pub(crate) struct Transition {
    /// The state it names (which may not exist).
    pub target: String,
    /// Why it is taken.
    pub kind: EdgeKind,
}

impl Machine {
    /// Reads `StartAt` and `States`; anything else, or anything malformed, is ignored.
    pub fn read(value: &Value) -> Machine {
        let Some(object) = value.as_object() else {
            return Machine::default();
        };
        let states = match object.get("States") {
            Some(Value::Object(states)) => states
                .iter()
                .map(|(name, state)| StateSpec::read(name, state))
                .collect(),
            _ => Vec::new(),
        };
        Machine {
            start_at: object.get("StartAt").and_then(Value::as_str).map(str::to_string),
            states,
        }
    }
}

impl StateSpec {
    fn read(name: &str, value: &Value) -> StateSpec {
        let empty = Map::new();
        let state = value.as_object().unwrap_or(&empty);
        let state_type = state.get("Type").and_then(Value::as_str).unwrap_or_default();
        let mut transitions = Vec::new();
        if state_type == "Choice" {
            for (index, rule) in array(state, "Choices").iter().enumerate() {
                if let Some(target) = rule.get("Next").and_then(Value::as_str) {
                    transitions.push(Transition {
                        target: target.to_string(),
                        kind: EdgeKind::ChoiceRule {
                            index,
                            rule: rule_text::describe(rule),
                        },
                    });
                }
            }
            if let Some(target) = state.get("Default").and_then(Value::as_str) {
                transitions.push(Transition {
                    target: target.to_string(),
                    kind: EdgeKind::Default,
                });
            }
        }
        if let Some(target) = state.get("Next").and_then(Value::as_str) {
            transitions.push(Transition {
                target: target.to_string(),
                kind: EdgeKind::Next,
            });
        }
        for (index, catcher) in array(state, "Catch").iter().enumerate() {
            if let Some(target) = catcher.get("Next").and_then(Value::as_str) {
                let errors = catcher
                    .get("ErrorEquals")
                    .and_then(Value::as_array)
                    .map(|errors| {
                        errors
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                transitions.push(Transition {
                    target: target.to_string(),
                    kind: EdgeKind::Catch { index, errors },
                });
            }
        }
        let nested = match state_type {
            "Parallel" => Some(array(state, "Branches").iter().map(Machine::read).collect()),
            // `Iterator` is the older name of `ItemProcessor`.
            "Map" => state
                .get("ItemProcessor")
                .or_else(|| state.get("Iterator"))
                .map(|processor| vec![Machine::read(processor)]),
            _ => None,
        };
        StateSpec {
            name: name.to_string(),
            state_type: state_type.to_string(),
            transitions,
            terminal: state.get("End") == Some(&Value::Bool(true))
                || matches!(state_type, "Succeed" | "Fail"),
            nested,
        }
    }
}

/// The array at `key`, or nothing.
fn array<'a>(object: &'a Map<String, Value>, key: &str) -> &'a [Value] {
    object
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}
