//! The execution as it stood at one event of its history, for step-through playback: the
//! event's state, the virtual time elapsed, and how each state stood then.

use super::elapsed::elapsed;
use super::places::places;
use crate::state_marks::{self, Mark};
use asl::history::EventDetails;
use asl::{ExecutionResult, ExecutionStatus};
use std::collections::HashMap;
use std::rc::Rc;

/// One event of the history and the execution as it stood then.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    /// The event's position in the history, from 1.
    pub position: usize,
    /// How many events the history holds.
    pub of: usize,
    /// The event's type, `WaitStateEntered`.
    pub event_type: String,
    /// The state the event belongs to (a state's own events, its task's, its Map iterations');
    /// `None` for the execution's own events.
    pub state: Option<String>,
    /// Virtual time since the execution started, `+3.000 s`.
    pub elapsed: String,
    /// Each state's mark then; a state missing from it was not reached yet.
    pub marks: Rc<HashMap<String, Mark>>,
    /// `Running` until the last event, then how the execution ended.
    pub status: ExecutionStatus,
}

/// The execution at the event in `position` (from 1; clamped to the history), or `None` for an
/// empty history.
pub fn moment(result: &ExecutionResult, position: usize) -> Option<Moment> {
    let events = &result.events;
    let of = events.len();
    let position = position.clamp(1, of.max(1));
    let event = events.get(position - 1)?;
    let start = events.first().map(|e| e.timestamp).unwrap_or(event.timestamp);
    let at_end = position == of;
    // The end of an execution belongs to no state: then no event's place is needed, and a
    // 25,000-event run is shown without working them all out again (the history table does).
    let places = if at_end && event.details.is_final() {
        Vec::new()
    } else {
        places(events)
    };
    // The last event shows the whole run, exactly as the graph marks it without playback.
    let marks = if at_end {
        state_marks::marks(result)
    } else {
        marks_before(result, &places, position)
    };
    Some(Moment {
        position,
        of,
        event_type: event.event_type(),
        state: places.get(position - 1).and_then(|p| p.state.clone()),
        elapsed: elapsed(start, event.timestamp),
        marks: Rc::new(marks),
        status: if at_end {
            result.status
        } else {
            ExecutionStatus::Running
        },
    })
}

/// The marks once the first `shown` events have happened: a run whose last event is among them
/// shows how it ended, a run entered and not ended yet is in progress (`Waiting`).
fn marks_before(
    result: &ExecutionResult,
    places: &[super::places::Place],
    shown: usize,
) -> HashMap<String, Mark> {
    let events = &result.events;
    // The last event of each run, by the id of its `...StateEntered`: its `...StateExited`, or
    // for a run that left by an error, its failure.
    let mut last_event: HashMap<u64, usize> = HashMap::new();
    for (i, place) in places.iter().enumerate() {
        if place.entered != 0 {
            last_event.insert(place.entered, i);
        }
    }
    let records: HashMap<u64, &asl::trace::StateRecord> =
        result.trace.iter().map(|r| (r.entered_event_id, r)).collect();
    let mut marks: HashMap<String, Mark> = HashMap::new();
    for event in events.iter().take(shown) {
        let EventDetails::StateEntered { name, .. } = &event.details else {
            continue;
        };
        let ended = last_event.get(&event.id).is_some_and(|&i| i < shown);
        // A run with no trace record has not ended (a task waiting for its callback).
        let mark = match records.get(&event.id) {
            Some(record) if ended => state_marks::run_mark(record),
            _ => Mark::Waiting,
        };
        let worst = marks.get(name).map_or(mark, |&seen| seen.max(mark));
        marks.insert(name.clone(), worst);
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::{moment, Mark};
    use asl::{run, ExecutionStatus, RunOptions, StateMachine};
    use serde_json::json;

    fn execute(definition: serde_json::Value) -> asl::ExecutionResult {
        let machine = StateMachine::from_json_text(&definition.to_string()).expect("valid");
        run(&machine, json!({}), &RunOptions::default())
    }

    #[test]
    fn each_event_shows_its_state_the_time_and_the_states_reached_so_far() {
        let result = execute(json!({"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "W"},
            "W": {"Type": "Wait", "Seconds": 3, "Next": "B"},
            "B": {"Type": "Pass", "End": true}}}));
        let types: Vec<_> = result.events.iter().map(|e| e.event_type()).collect();
        assert_eq!(
            types,
            [
                "ExecutionStarted",
                "PassStateEntered",
                "PassStateExited",
                "WaitStateEntered",
                "WaitStateExited",
                "PassStateEntered",
                "PassStateExited",
                "ExecutionSucceeded"
            ]
        );
        let at = |n| moment(&result, n).expect("a moment");

        let first = at(1);
        assert_eq!((first.state.as_deref(), first.marks.len()), (None, 0));
        assert_eq!(first.status, ExecutionStatus::Running);

        let waiting = at(4);
        assert_eq!(waiting.state.as_deref(), Some("W"));
        assert_eq!(waiting.elapsed, "+0.000 s");
        assert_eq!(waiting.marks.get("A"), Some(&Mark::Succeeded));
        assert_eq!(waiting.marks.get("W"), Some(&Mark::Waiting));
        assert_eq!(waiting.marks.get("B"), None, "not reached yet");

        let waited = at(5);
        assert_eq!(waited.elapsed, "+3.000 s");
        assert_eq!(waited.marks.get("W"), Some(&Mark::Succeeded));

        // The end is the whole run; past it is the end too.
        let end = at(8);
        assert_eq!((end.position, end.of), (8, 8));
        assert_eq!(end.status, ExecutionStatus::Succeeded);
        assert_eq!(end.marks.get("B"), Some(&Mark::Succeeded));
        assert_eq!(at(99), end);
        assert_eq!(at(0), first);
    }

    #[test]
    fn a_caught_task_shows_its_error_once_it_failed_and_a_retry_only_once_it_ended() {
        let machine = StateMachine::from_json_text(
            &json!({"StartAt": "Flaky", "States": {
                "Flaky": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                    "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1, "IntervalSeconds": 2}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}], "End": true},
                "Handled": {"Type": "Pass", "End": true}}})
            .to_string(),
        )
        .expect("valid");
        let mut options = RunOptions::default();
        asl::scenario::Scenario::from_value(&json!({"services": {"lambda": {"functions": {
            "flaky": {"throws": {"error": "Oops"}}}}}}))
        .expect("a valid scenario")
        .apply_to(&mut options);
        let result = run(&machine, json!({}), &options);
        let handled = result
            .events
            .iter()
            .position(|e| e.event_type() == "PassStateEntered")
            .expect("the catcher ran");
        // Just before the catcher: the task's failure is its last event, so it shows caught.
        let before = moment(&result, handled).expect("a moment");
        assert_eq!(before.marks.get("Flaky"), Some(&Mark::Caught));
        assert_eq!(before.elapsed, "+2.000 s", "after the retry's backoff");
        // While it runs its first attempt it is in progress.
        let scheduled = result
            .events
            .iter()
            .position(|e| e.event_type() == "LambdaFunctionScheduled")
            .expect("scheduled");
        let during = moment(&result, scheduled + 1).expect("a moment");
        assert_eq!(during.state.as_deref(), Some("Flaky"));
        assert_eq!(during.marks.get("Flaky"), Some(&Mark::Waiting));
        assert_eq!(during.marks.get("Handled"), None);
    }
}
