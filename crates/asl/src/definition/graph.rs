//! Whole-graph checks: every transition has a target, some state ends, every state is reachable.

use super::StateGraph;
use crate::diagnostic::{codes, Diagnostic};
use crate::json_source::pointer_token;
use std::collections::HashSet;

/// Adds a diagnostic for each broken transition, a missing end and each unreachable state.
///
/// `written` holds every state name in the text, including states that failed
/// to parse: those were reported already and still count as targets, so one
/// mistake is not reported twice. The end and reachability checks need every
/// state's transitions, so they are skipped while some state is broken.
pub fn check(graph: &StateGraph, pointer: &str, written: &HashSet<&str>, problems: &mut Vec<Diagnostic>) {
    let exists = |name: &str| written.contains(name);
    let has_broken_states = written.len() != graph.states().len();

    if !graph.start_at.is_empty() && !exists(&graph.start_at) {
        problems.push(Diagnostic::error(
            codes::MISSING_TRANSITION_TARGET,
            format!("{pointer}/StartAt"),
            format!(
                "StartAt names the state '{}', which does not exist",
                graph.start_at
            ),
        ));
    }
    for state in graph.states() {
        for target in state.kind.targets() {
            if !exists(target.name) {
                problems.push(Diagnostic::error(
                    codes::MISSING_TRANSITION_TARGET,
                    format!("{pointer}/States/{}/{}", pointer_token(&state.name), target.field),
                    format!(
                        "{} names the state '{}', which does not exist",
                        target.field, target.name
                    ),
                ));
            }
        }
    }
    // Reachability means nothing without a start, and every state would be reported.
    if has_broken_states || !exists(&graph.start_at) {
        return;
    }
    if !graph.states().iter().any(|s| s.kind.is_terminal()) {
        problems.push(Diagnostic::error(
            codes::MISSING_END_STATE,
            format!("{pointer}/States"),
            "No state ends the machine: give one state \"End\": true, or add a Succeed or Fail state",
        ));
    }
    let mut reached = HashSet::new();
    let mut pending = vec![graph.start_at.as_str()];
    while let Some(name) = pending.pop() {
        if !reached.insert(name) {
            continue;
        }
        if let Some(state) = graph.state(name) {
            pending.extend(state.kind.targets().into_iter().map(|t| t.name));
        }
    }
    for state in graph.states() {
        if !reached.contains(state.name.as_str()) {
            problems.push(Diagnostic::error(
                codes::UNREACHABLE_STATE,
                format!("{pointer}/States/{}", pointer_token(&state.name)),
                format!("The state '{}' can never be reached from StartAt", state.name),
            ));
        }
    }
}
