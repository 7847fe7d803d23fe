//! How each state fared in an execution, as the graph marks it: succeeded, retried, caught,
//! failed, waiting, stopped, or not reached.

use asl::{ExecutionResult, ExecutionStatus};
use std::collections::HashMap;

/// How a state fared; a state run several times (a loop, a Map) shows its worst run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// Every run ended well, at the first attempt.
    Succeeded,
    /// It ended well after a Retry rule ran it again.
    Retried,
    /// It raised an error that one of its Catch rules caught.
    Caught,
    /// It raised an error nobody caught.
    Failed,
    /// It was entered and has not finished: a task waiting for its callback, a Wait, a branch.
    Waiting,
    /// It was entered and never finished because the execution ended first (a sibling branch
    /// failed, the execution timed out).
    Stopped,
    /// The execution never entered it.
    NotReached,
}

impl Mark {
    /// The CSS class and `data-mark` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Succeeded => "succeeded",
            Mark::Retried => "retried",
            Mark::Caught => "caught",
            Mark::Failed => "failed",
            Mark::Waiting => "waiting",
            Mark::Stopped => "stopped",
            Mark::NotReached => "not-reached",
        }
    }

    /// What the legend and screen readers say.
    pub fn describe(self) -> &'static str {
        match self {
            Mark::Succeeded => "Succeeded",
            Mark::Retried => "Succeeded after retries",
            Mark::Caught => "Error caught",
            Mark::Failed => "Failed",
            Mark::Waiting => "In progress",
            Mark::Stopped => "Stopped",
            Mark::NotReached => "Not reached",
        }
    }

    /// Every mark, in the legend's order.
    pub const ALL: [Mark; 7] = [
        Mark::Succeeded,
        Mark::Retried,
        Mark::Caught,
        Mark::Failed,
        Mark::Waiting,
        Mark::Stopped,
        Mark::NotReached,
    ];
}

/// How one finished run of a state fared.
pub fn run_mark(record: &asl::trace::StateRecord) -> Mark {
    // A Fail state ends the execution in failure: it fails even when it runs as written.
    if record.caught.is_some() {
        Mark::Caught
    } else if record.error.is_some() || record.state_type == "Fail" {
        Mark::Failed
    } else if !record.retries.is_empty() {
        Mark::Retried
    } else {
        Mark::Succeeded
    }
}

/// The marks of the states an execution entered, by name (state names are unique in a machine,
/// branches and item processors included). A state missing from the map was not reached.
pub fn marks(execution: &ExecutionResult) -> HashMap<String, Mark> {
    let mut marks: HashMap<String, Mark> = HashMap::new();
    for record in &execution.trace {
        let mark = run_mark(record);
        let worst = marks.get(&record.name).map_or(mark, |&seen| seen.max(mark));
        marks.insert(record.name.clone(), worst);
    }
    // Entered and not (yet) ended: the trace records a state when it ends.
    let unfinished = match execution.status {
        ExecutionStatus::Running => Mark::Waiting,
        _ => Mark::Stopped,
    };
    for name in execution.states_entered() {
        marks.entry(name.to_string()).or_insert(unfinished);
    }
    for task in &execution.pending_tasks {
        marks.insert(task.state.clone(), Mark::Waiting);
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::{marks, Mark};
    use asl::scenario::Scenario;
    use asl::{Execution, RunOptions, StateMachine};
    use serde_json::json;

    fn run(definition: serde_json::Value, scenario: serde_json::Value) -> asl::ExecutionResult {
        let machine = StateMachine::from_json_text(&definition.to_string()).expect("a valid machine");
        let mut options = RunOptions::default();
        Scenario::from_value(&scenario)
            .expect("a valid scenario")
            .apply_to(&mut options);
        Execution::start(&machine, json!({}), &options).result()
    }

    #[test]
    fn succeeded_caught_failed_and_not_reached() {
        let result = run(
            json!({"StartAt": "Go", "States": {
                "Go": {"Type": "Pass", "Next": "Call"},
                "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:boom",
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Give up"}], "Next": "Never"},
                "Never": {"Type": "Succeed"},
                "Give up": {"Type": "Fail", "Error": "GaveUp"}
            }}),
            json!({"services": {"lambda": {"functions": {"boom": {"throws": {"error": "Boom", "cause": "no"}}}}}}),
        );
        let marks = marks(&result);
        assert_eq!(marks.get("Go"), Some(&Mark::Succeeded));
        assert_eq!(marks.get("Call"), Some(&Mark::Caught));
        assert_eq!(marks.get("Give up"), Some(&Mark::Failed));
        assert_eq!(marks.get("Never"), None, "not reached");
    }

    #[test]
    fn retried_and_waiting() {
        let result = run(
            json!({"StartAt": "Flaky", "States": {
                "Flaky": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                    "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}], "Next": "Ask"},
                "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": {"token.$": "$$.Task.Token"}},
                    "End": true}
            }}),
            json!({"services": {
                "lambda": {"functions": {"flaky": {"sequence": [{"throws": {"error": "Oops"}}, {"returns": {"ok": true}}]}}},
                "sqs": {"queues": {"q": {}}}
            }}),
        );
        let marks = marks(&result);
        assert_eq!(marks.get("Flaky"), Some(&Mark::Retried), "{:?}", result.trace);
        assert_eq!(marks.get("Ask"), Some(&Mark::Waiting));
    }
}
