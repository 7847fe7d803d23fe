//! Where each history event happened: the state it belongs to and the Map iterations and Parallel
//! branches around it, derived from the events' `previousEventId` chain.
//!
//! The trace records only the id of each state execution's `...StateEntered` event, so the
//! iteration or branch a record ran in is read from the history: inside a Map iteration or a
//! Parallel branch, events chain back to the `MapIterationStarted` or to the branch's first
//! `...StateEntered` (whose previous event is the `ParallelStateStarted`).

use asl::history::{EventDetails, HistoryEvent};
use std::collections::HashMap;
use std::rc::Rc;

/// One level of nesting.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Frame {
    /// An iteration of an inline Map state.
    Iteration {
        /// The Map state's name.
        map: String,
        /// The id of that Map state's `MapStateEntered` event (which run of the Map).
        map_entered: u64,
        /// The item's index.
        index: usize,
    },
    /// A branch of a Parallel state.
    Branch {
        /// The Parallel state's name.
        parallel: String,
        /// The id of that Parallel state's `ParallelStateEntered` event.
        parallel_entered: u64,
        /// 1 for the first branch to start. Branches start in the order of `Branches`, but the
        /// history does not say which branch a state belongs to, so this is the starting order.
        number: usize,
        /// The branch's first state.
        first_state: String,
    },
}

impl Frame {
    /// The id of the `...StateEntered` event of the Map or Parallel state that owns this frame.
    pub fn owner_entered(&self) -> u64 {
        match self {
            Frame::Iteration { map_entered, .. } => *map_entered,
            Frame::Branch { parallel_entered, .. } => *parallel_entered,
        }
    }

    /// `Map "Invoice per line" › iteration 2`, `Parallel "Backup" › branch 1 (from "Copy")`.
    pub fn label(&self) -> String {
        match self {
            Frame::Iteration { map, index, .. } => format!("{map} › iteration {index}"),
            Frame::Branch {
                parallel,
                number,
                first_state,
                ..
            } => format!("{parallel} › branch {number} (from {first_state})"),
        }
    }
}

/// Where one event happened.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// The state the event belongs to; `None` for the execution's own events.
    pub state: Option<String>,
    /// The id of that state's `...StateEntered` event (0 for none).
    pub entered: u64,
    /// The iterations and branches around it, outermost first.
    pub scope: Rc<Vec<Frame>>,
}

/// A Map or Parallel state whose iterations or branches are under way.
#[derive(Debug)]
struct Owner {
    name: String,
    entered: u64,
    scope: Rc<Vec<Frame>>,
}

/// The place of every event, in the order of `events`.
pub fn places(events: &[HistoryEvent]) -> Vec<Place> {
    let mut out: Vec<Place> = Vec::with_capacity(events.len());
    // The Map or Parallel whose `...Started` event an event follows from, carried along the
    // chain of `MapIteration...` events of the same run.
    let mut owners: Vec<Option<Rc<Owner>>> = Vec::with_capacity(events.len());
    let mut by_id: HashMap<u64, usize> = HashMap::with_capacity(events.len());
    let mut branches_started: HashMap<u64, usize> = HashMap::new();
    for (i, event) in events.iter().enumerate() {
        let previous = by_id.get(&event.previous_event_id).copied();
        let (before, owner_before) = match previous {
            Some(p) => (out[p].clone(), owners[p].clone()),
            None => (Place::default(), None),
        };
        let after_parallel_start =
            previous.is_some_and(|p| matches!(events[p].details, EventDetails::ParallelStateStarted));
        let within = |frame: Frame, owner: &Owner| {
            let mut scope = (*owner.scope).clone();
            scope.push(frame);
            Rc::new(scope)
        };
        use EventDetails as E;
        let (place, owner) = match &event.details {
            E::ExecutionStarted { .. }
            | E::ExecutionSucceeded { .. }
            | E::ExecutionFailed { .. }
            | E::ExecutionTimedOut { .. } => (Place::default(), None),
            E::StateEntered { name, .. } => {
                let scope = match (&owner_before, after_parallel_start) {
                    (Some(owner), true) => {
                        let number = branches_started.entry(owner.entered).or_insert(0);
                        *number += 1;
                        let frame = Frame::Branch {
                            parallel: owner.name.clone(),
                            parallel_entered: owner.entered,
                            number: *number,
                            first_state: name.clone(),
                        };
                        within(frame, owner)
                    }
                    _ => before.scope.clone(),
                };
                let place = Place {
                    state: Some(name.clone()),
                    entered: event.id,
                    scope,
                };
                (place, None)
            }
            E::MapStateStarted { .. } | E::ParallelStateStarted | E::MapRunStarted { .. } => {
                let owner = Owner {
                    name: before.state.clone().unwrap_or_default(),
                    entered: before.entered,
                    scope: before.scope.clone(),
                };
                (before, Some(Rc::new(owner)))
            }
            E::MapIterationStarted { name, index }
            | E::MapIterationSucceeded { name, index }
            | E::MapIterationFailed { name, index } => match owner_before {
                Some(owner) => {
                    let frame = Frame::Iteration {
                        map: name.clone(),
                        map_entered: owner.entered,
                        index: *index,
                    };
                    let place = Place {
                        state: Some(name.clone()),
                        entered: owner.entered,
                        scope: within(frame, &owner),
                    };
                    (place, Some(owner))
                }
                None => (before, None),
            },
            // The end of a Map or Parallel follows from its iterations or its start: it belongs
            // to the state itself, outside its iterations and branches.
            E::MapStateSucceeded
            | E::MapStateFailed
            | E::MapRunSucceeded
            | E::MapRunFailed
            | E::ParallelStateFailed => match owner_before {
                Some(owner) => {
                    let place = Place {
                        state: Some(owner.name.clone()),
                        entered: owner.entered,
                        scope: owner.scope.clone(),
                    };
                    (place, None)
                }
                None => (before, None),
            },
            E::EvaluationFailed { state, .. } => (
                Place {
                    state: Some(state.clone()),
                    ..before
                },
                None,
            ),
            _ => (before, None),
        };
        by_id.insert(event.id, i);
        out.push(place);
        owners.push(owner);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use asl::{run, RunOptions, StateMachine};
    use serde_json::json;

    fn history(definition: serde_json::Value, input: serde_json::Value) -> Vec<HistoryEvent> {
        let machine = StateMachine::from_json_text(&definition.to_string()).expect("valid");
        run(&machine, input, &RunOptions::default()).events
    }

    /// `(event type, state, scope labels)` of every event.
    fn described(events: &[HistoryEvent]) -> Vec<(String, String, Vec<String>)> {
        events
            .iter()
            .zip(places(events))
            .map(|(e, p)| {
                (
                    e.event_type(),
                    p.state.unwrap_or_default(),
                    p.scope.iter().map(Frame::label).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn task_events_belong_to_their_state_and_execution_events_to_none() {
        let events = history(
            json!({"StartAt": "A", "States": {
                "A": {"Type": "Pass", "Next": "W"},
                "W": {"Type": "Wait", "Seconds": 3, "End": true}}}),
            json!({}),
        );
        let places = places(&events);
        let states: Vec<_> = places.iter().map(|p| p.state.as_deref().unwrap_or("")).collect();
        assert_eq!(states, ["", "A", "A", "W", "W", ""]);
        assert!(places.iter().all(|p| p.scope.is_empty()));
        assert_eq!(places[4].entered, 4);
    }

    #[test]
    fn concurrent_map_iterations_and_parallel_branches_are_told_apart() {
        // The iterations wait 3, 1 and 2 seconds: their events interleave in the history.
        let events = history(
            json!({"StartAt": "M", "States": {
                "M": {"Type": "Map", "ItemsPath": "$.xs", "ItemProcessor": {"StartAt": "W", "States": {
                    "W": {"Type": "Wait", "SecondsPath": "$", "Next": "P"},
                    "P": {"Type": "Pass", "End": true}}}, "Next": "Par"},
                "Par": {"Type": "Parallel", "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 2, "Next": "A2"}, "A2": {"Type": "Pass", "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}], "Next": "Done"},
                "Done": {"Type": "Succeed"}}}),
            json!({"xs": [3, 1, 2]}),
        );
        let described = described(&events);
        let scope_of = |event_type: &str, state: &str| -> Vec<Vec<String>> {
            described
                .iter()
                .filter(|(t, s, _)| t == event_type && s == state)
                .map(|(_, _, scope)| scope.clone())
                .collect()
        };
        // Entered in the order the iterations started, exited in the order their waits ended.
        assert_eq!(
            scope_of("WaitStateEntered", "W"),
            [["M › iteration 0"], ["M › iteration 1"], ["M › iteration 2"]]
        );
        assert_eq!(
            scope_of("PassStateEntered", "P"),
            [["M › iteration 1"], ["M › iteration 2"], ["M › iteration 0"]]
        );
        assert_eq!(
            scope_of("MapIterationSucceeded", "M"),
            [["M › iteration 1"], ["M › iteration 2"], ["M › iteration 0"]]
        );
        // The Map's own end is outside its iterations, and so is what follows.
        assert_eq!(scope_of("MapStateSucceeded", "M"), [Vec::<String>::new()]);
        assert_eq!(scope_of("MapStateExited", "M"), [Vec::<String>::new()]);
        assert_eq!(scope_of("PassStateEntered", "A2"), [["Par › branch 1 (from A)"]]);
        assert_eq!(scope_of("PassStateExited", "B"), [["Par › branch 2 (from B)"]]);
        assert_eq!(scope_of("ParallelStateExited", "Par"), [Vec::<String>::new()]);
        assert_eq!(scope_of("SucceedStateEntered", "Done"), [Vec::<String>::new()]);
    }

    #[test]
    fn a_failed_map_inside_a_branch_is_nested_and_its_failure_ends_outside_it() {
        let events = history(
            json!({"StartAt": "Par", "States": {
                "Par": {"Type": "Parallel", "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 2, "End": true}}},
                    {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs", "ItemProcessor": {"StartAt": "W", "States": {
                        "W": {"Type": "Wait", "SecondsPath": "$", "Next": "F"},
                        "F": {"Type": "Fail", "Error": "Boom"}}}, "End": true}}}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}], "End": true},
                "Done": {"Type": "Pass", "End": true}}}),
            json!({"xs": [3, 1, 2]}),
        );
        let described = described(&events);
        let find = |event_type: &str| {
            described
                .iter()
                .find(|(t, _, _)| t == event_type)
                .cloned()
                .unwrap_or_default()
        };
        assert_eq!(
            find("FailStateEntered").2,
            ["Par › branch 2 (from M)", "M › iteration 1"]
        );
        assert_eq!(
            find("MapIterationFailed").2,
            ["Par › branch 2 (from M)", "M › iteration 1"]
        );
        assert_eq!(
            (find("MapStateFailed").1, find("MapStateFailed").2),
            ("M".to_string(), vec!["Par › branch 2 (from M)".to_string()])
        );
        assert_eq!(
            (find("ParallelStateFailed").1, find("ParallelStateFailed").2),
            ("Par".to_string(), vec![])
        );
        assert_eq!(find("PassStateEntered").2, Vec::<String>::new());
    }
}
