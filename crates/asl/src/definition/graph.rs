//! Whole-machine checks: every transition has a target, some state ends, every state is reachable.

use super::StateMachine;
use crate::diagnostic::{codes, Diagnostic};
use crate::json_source::pointer_token;
use std::collections::HashSet;

/// Adds a diagnostic for each broken transition, a missing end and each unreachable state.
///
/// `written` holds every state name in the text, including states that failed
/// to parse: those were reported already and still count as targets, so one
/// mistake is not reported twice. The end and reachability checks need every
/// state's transitions, so they are skipped while some state is broken.
pub fn check(machine: &StateMachine, written: &HashSet<&str>, problems: &mut Vec<Diagnostic>) {
    let exists = |name: &str| written.contains(name);
    let has_broken_states = written.len() != machine.states().len();

    if !machine.start_at.is_empty() && !exists(&machine.start_at) {
        problems.push(Diagnostic::error(
            codes::MISSING_TRANSITION_TARGET,
            "/StartAt",
            format!(
                "StartAt names the state '{}', which does not exist",
                machine.start_at
            ),
        ));
    }
    for state in machine.states() {
        for target in state.kind.targets() {
            if !exists(target.name) {
                problems.push(Diagnostic::error(
                    codes::MISSING_TRANSITION_TARGET,
                    format!("/States/{}/{}", pointer_token(&state.name), target.field),
                    format!(
                        "{} names the state '{}', which does not exist",
                        target.field, target.name
                    ),
                ));
            }
        }
    }
    if has_broken_states {
        return;
    }
    if !machine.states().iter().any(|s| s.kind.is_terminal()) {
        problems.push(Diagnostic::error(
            codes::MISSING_END_STATE,
            "/States",
            "No state ends the machine: give one state \"End\": true, or add a Succeed or Fail state",
        ));
    }
    let mut reached = HashSet::new();
    let mut pending = vec![machine.start_at.as_str()];
    while let Some(name) = pending.pop() {
        if !reached.insert(name) {
            continue;
        }
        if let Some(state) = machine.state(name) {
            pending.extend(state.kind.targets().into_iter().map(|t| t.name));
        }
    }
    for state in machine.states() {
        if !reached.contains(state.name.as_str()) {
            problems.push(Diagnostic::error(
                codes::UNREACHABLE_STATE,
                format!("/States/{}", pointer_token(&state.name)),
                format!("The state '{}' can never be reached from StartAt", state.name),
            ));
        }
    }
}
