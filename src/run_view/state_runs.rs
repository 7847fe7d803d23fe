//! Each execution of a state, for the inspector: its trace record, where it ran (iteration,
//! branch), when, which state came next, and the iterations or branches of a Map or Parallel.

use super::places::{places, Frame, Place};
use asl::clock::Timestamp;
use asl::history::EventDetails;
use asl::trace::StateRecord;
use asl::ExecutionResult;
use std::collections::HashMap;
use std::rc::Rc;

/// One execution of a state.
#[derive(Debug, Clone, PartialEq)]
pub struct StateRun<'a> {
    /// What the trace recorded.
    pub record: &'a StateRecord,
    /// The iterations and branches it ran in, outermost first.
    pub scope: Rc<Vec<Frame>>,
    /// When it was entered.
    pub entered_at: Option<Timestamp>,
    /// When it was left, if it was.
    pub exited_at: Option<Timestamp>,
    /// The state entered next, in the same iteration or branch.
    pub next: Option<String>,
}

/// The iterations of a Map, or the branches of a Parallel, with the states run in each.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    /// The iteration or branch.
    pub frame: Frame,
    /// `SUCCEEDED` or `FAILED` for a finished iteration; `None` when the history does not say.
    pub status: Option<&'static str>,
    /// The states run directly in it (not in Maps or Parallels nested in it), in order.
    pub runs: Vec<StateRun<'a>>,
}

/// The execution's history, indexed once for the inspector's questions.
pub struct StateRuns<'a> {
    result: &'a ExecutionResult,
    places: Vec<Place>,
    by_id: HashMap<u64, usize>,
    /// `...StateExited` event index, by the id of the `...StateEntered` it closes.
    exited: HashMap<u64, usize>,
    /// `...StateEntered` event index, by the id of the event it follows.
    entered_after: HashMap<u64, usize>,
}

impl<'a> StateRuns<'a> {
    /// Indexes `result`'s history.
    pub fn new(result: &'a ExecutionResult) -> StateRuns<'a> {
        let places = places(&result.events);
        let mut by_id = HashMap::new();
        let mut exited = HashMap::new();
        let mut entered_after = HashMap::new();
        for (i, event) in result.events.iter().enumerate() {
            by_id.insert(event.id, i);
            match event.details {
                EventDetails::StateExited { .. } => {
                    exited.insert(places[i].entered, i);
                }
                EventDetails::StateEntered { .. } => {
                    entered_after.insert(event.previous_event_id, i);
                }
                _ => {}
            }
        }
        StateRuns {
            result,
            places,
            by_id,
            exited,
            entered_after,
        }
    }

    /// When the execution started.
    pub fn start(&self) -> Option<Timestamp> {
        self.result.events.first().map(|e| e.timestamp)
    }

    /// Every execution of the state called `name`, in the order they were entered.
    pub fn of_state(&self, name: &str) -> Vec<StateRun<'a>> {
        let mut runs: Vec<StateRun<'a>> = self
            .result
            .trace
            .iter()
            .filter(|r| r.name == name)
            .map(|r| self.run(r))
            .collect();
        runs.sort_by_key(|r| r.record.entered_event_id);
        runs
    }

    /// Whether the state called `name` was entered, even if it has not ended yet (a task
    /// waiting for its callback has no trace record until it ends).
    pub fn was_entered(&self, name: &str) -> bool {
        self.result.states_entered().contains(&name)
    }

    /// Whether the Map state entered at event `entered` ran as a distributed Map (a Map Run of
    /// child executions, whose states are not in this history).
    pub fn is_map_run(&self, entered: u64) -> bool {
        self.result
            .events
            .iter()
            .zip(&self.places)
            .any(|(e, p)| p.entered == entered && matches!(e.details, EventDetails::MapRunStarted { .. }))
    }

    /// The iterations or branches of the Map or Parallel state entered at event `entered`.
    pub fn groups(&self, entered: u64) -> Vec<Group<'a>> {
        let mut groups: Vec<Group<'a>> = Vec::new();
        let mut positions: HashMap<Frame, usize> = HashMap::new();
        // Iterations and branches in the order they started, with how iterations ended.
        for (event, place) in self.result.events.iter().zip(&self.places) {
            let Some(frame) = place.scope.last().filter(|f| f.owner_entered() == entered) else {
                continue;
            };
            let i = group_index(&mut groups, &mut positions, frame);
            match event.details {
                EventDetails::MapIterationSucceeded { .. } => groups[i].status = Some("SUCCEEDED"),
                EventDetails::MapIterationFailed { .. } => groups[i].status = Some("FAILED"),
                _ => {}
            }
        }
        let mut records: Vec<&'a StateRecord> = self.result.trace.iter().collect();
        records.sort_by_key(|r| r.entered_event_id);
        for record in records {
            let run = self.run(record);
            if let Some(frame) = run.scope.last().filter(|f| f.owner_entered() == entered) {
                let i = group_index(&mut groups, &mut positions, frame);
                groups[i].runs.push(run);
            }
        }
        groups
    }

    fn run(&self, record: &'a StateRecord) -> StateRun<'a> {
        let entered = self.by_id.get(&record.entered_event_id).copied();
        let exited = self.exited.get(&record.entered_event_id).copied();
        let events = &self.result.events;
        let next = exited
            .and_then(|i| self.entered_after.get(&events[i].id))
            .and_then(|&i| self.places[i].state.clone());
        StateRun {
            record,
            scope: entered.map(|i| self.places[i].scope.clone()).unwrap_or_default(),
            entered_at: entered.map(|i| events[i].timestamp),
            exited_at: exited.map(|i| events[i].timestamp),
            next,
        }
    }
}

/// The position of `frame`'s group, added at the end when it is new.
fn group_index(groups: &mut Vec<Group<'_>>, positions: &mut HashMap<Frame, usize>, frame: &Frame) -> usize {
    *positions.entry(frame.clone()).or_insert_with(|| {
        groups.push(Group {
            frame: frame.clone(),
            status: None,
            runs: Vec::new(),
        });
        groups.len() - 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use asl::{run, RunOptions, StateMachine};
    use serde_json::json;

    fn execute(definition: serde_json::Value, input: serde_json::Value) -> ExecutionResult {
        let machine = StateMachine::from_json_text(&definition.to_string()).expect("valid");
        run(&machine, input, &RunOptions::default())
    }

    #[test]
    fn a_choice_run_knows_its_rule_its_next_state_and_its_times() {
        let result = execute(
            json!({"StartAt": "Wait", "States": {
                "Wait": {"Type": "Wait", "Seconds": 3, "Next": "Big?"},
                "Big?": {"Type": "Choice", "Choices": [
                    {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}], "Default": "Small"},
                "Big": {"Type": "Succeed"}, "Small": {"Type": "Succeed"}}}),
            json!({"n": 42}),
        );
        let runs = StateRuns::new(&result);
        let start = runs.start().expect("a start");
        let wait = runs.of_state("Wait");
        assert_eq!(wait.len(), 1);
        assert_eq!(wait[0].entered_at, Some(start));
        assert_eq!(wait[0].exited_at, Some(start.plus_millis(3_000)));
        let choice = runs.of_state("Big?");
        assert_eq!(choice[0].record.flow.matched_rule, Some(0));
        assert_eq!(choice[0].next.as_deref(), Some("Big"));
        assert_eq!(choice[0].entered_at, Some(start.plus_millis(3_000)));
        assert!(runs.of_state("Small").is_empty());
        assert!(!runs.was_entered("Small"));
    }

    #[test]
    fn a_map_lists_its_iterations_with_the_states_run_in_each() {
        let result = execute(
            json!({"StartAt": "Each", "States": {
                "Each": {"Type": "Map", "ItemsPath": "$.xs", "ItemProcessor": {"StartAt": "Check", "States": {
                    "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}], "Default": "Double"},
                    "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, $)"}, "End": true},
                    "Bad": {"Type": "Fail", "Error": "Two"}}}, "End": true}}}),
            json!({"xs": [1, 2]}),
        );
        let runs = StateRuns::new(&result);
        let map = runs.of_state("Each");
        assert_eq!(map.len(), 1);
        assert!(!runs.is_map_run(map[0].record.entered_event_id));
        let groups = runs.groups(map[0].record.entered_event_id);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].frame.label(), "Each › iteration 0");
        assert_eq!(groups[0].status, Some("SUCCEEDED"));
        let names: Vec<_> = groups[0].runs.iter().map(|r| r.record.name.as_str()).collect();
        assert_eq!(names, ["Check", "Double"]);
        assert_eq!(
            groups[0].runs[1].record.flow.output.as_deref(),
            Some(&json!({"v": 2}))
        );
        assert_eq!(groups[1].status, Some("FAILED"));
        let names: Vec<_> = groups[1].runs.iter().map(|r| r.record.name.as_str()).collect();
        assert_eq!(names, ["Check", "Bad"]);
        // Each run of a state inside the Map knows its iteration.
        let checks = runs.of_state("Check");
        let labels: Vec<_> = checks.iter().map(|r| r.scope[0].label()).collect();
        assert_eq!(labels, ["Each › iteration 0", "Each › iteration 1"]);
        assert_eq!(checks[1].next.as_deref(), Some("Bad"));
    }
}
