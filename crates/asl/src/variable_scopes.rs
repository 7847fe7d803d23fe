//! Variable scopes: a Parallel branch or Map iteration cannot assign a variable that an outer
//! scope assigns, as AWS refuses at creation to spare such workflows a silent shadowing.

use crate::diagnostic::{codes, Diagnostic};
use crate::json_source::pointer_token;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Adds a diagnostic for each variable assigned in a nested scope that an enclosing scope
/// also assigns. `machine` is the whole definition, as written.
pub fn check(machine: &Map<String, Value>, problems: &mut Vec<Diagnostic>) {
    check_scope(machine, "", &BTreeMap::new(), problems);
}

/// One scope: the states of `graph` (an object with `States`) at `pointer`, inside scopes
/// that assign `outer` (name → where).
fn check_scope(
    graph: &Map<String, Value>,
    pointer: &str,
    outer: &BTreeMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(Value::Object(states)) = graph.get("States") else {
        return;
    };
    let mut here = outer.clone();
    for (name, state) in states {
        let at = format!("{pointer}/States/{}", pointer_token(name));
        for (variable, location) in assigned_by(state, &at) {
            if let Some(first) = outer.get(&variable) {
                problems.push(Diagnostic::error(
                    codes::SCHEMA_VALIDATION_FAILED,
                    location,
                    format!(
                        "The variable '{variable}' is already assigned in an outer scope (at {first}); \
                         a Parallel branch or Map iteration cannot assign it too. Give it another name, \
                         and pass values out with Output"
                    ),
                ));
            } else {
                here.entry(variable).or_insert(location);
            }
        }
    }
    for (name, state) in states {
        let at = format!("{pointer}/States/{}", pointer_token(name));
        for (inner, inner_at) in nested_graphs(state, &at) {
            check_scope(inner, &inner_at, &here, problems);
        }
    }
}

/// The variables a state assigns in its own scope, with where: its `Assign`, its Choice
/// rules' and its catchers' (a catcher assigns in the scope of the state it guards).
fn assigned_by(state: &Value, pointer: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut collect = |holder: &Value, at: String| {
        if let Some(Value::Object(assign)) = holder.get("Assign") {
            for key in assign.keys() {
                let name = key.strip_suffix(".$").unwrap_or(key);
                found.push((name.to_string(), format!("{at}/Assign/{}", pointer_token(key))));
            }
        }
    };
    collect(state, pointer.to_string());
    for list in ["Choices", "Catch"] {
        if let Some(Value::Array(items)) = state.get(list) {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("{pointer}/{list}/{i}"));
            }
        }
    }
    found
}

/// The graphs nested in a state: a Parallel's branches, a Map's item processor.
fn nested_graphs<'a>(state: &'a Value, pointer: &str) -> Vec<(&'a Map<String, Value>, String)> {
    let mut graphs = Vec::new();
    if let Some(Value::Array(branches)) = state.get("Branches") {
        for (i, branch) in branches.iter().enumerate() {
            if let Value::Object(graph) = branch {
                graphs.push((graph, format!("{pointer}/Branches/{i}")));
            }
        }
    }
    for field in ["ItemProcessor", "Iterator"] {
        if let Some(Value::Object(graph)) = state.get(field) {
            graphs.push((graph, format!("{pointer}/{field}")));
        }
    }
    graphs
}
