//! Activities: a Task waits until a worker takes it, and answers as the worker does.

mod common;
use asl::scenario::Scenario;
use asl::{run, RunOptions};
use common::{event_types, machine};
use serde_json::json;

const REVIEW: &str = r#"{"StartAt": "Review", "States": {"Review": {"Type": "Task",
    "Resource": "arn:aws:states:us-east-1:123456789012:activity:review", "TimeoutSeconds": 3600,
    "Catch": [{"ErrorEquals": ["Rejected"], "Next": "Rejected"}], "End": true},
    "Rejected": {"Type": "Fail", "Error": "NotApproved"}}}"#;

fn with_worker(worker: serde_json::Value) -> RunOptions {
    let mut options = RunOptions::default();
    Scenario::from_value(&json!({"activities": {"review": worker}}))
        .unwrap()
        .apply_to(&mut options);
    options
}

#[test]
fn a_worker_takes_the_task_and_answers() {
    let result = run(
        &machine(REVIEW),
        json!({"doc": 1}),
        &with_worker(json!({"afterSeconds": 120, "returns": {"approved": true}})),
    );
    assert_eq!(result.output, Some(json!({"approved": true})));
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "ActivityScheduled",
            "ActivityStarted",
            "ActivitySucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(
        result.events[3].timestamp.to_iso8601(),
        "2024-01-01T00:02:00.000Z"
    );
    assert_eq!(
        result.events[3].to_json()["activityStartedEventDetails"]["workerName"],
        "review-worker"
    );
}

#[test]
fn a_worker_failure_can_be_caught() {
    let result = run(
        &machine(REVIEW),
        json!({}),
        &with_worker(json!({"throws": {"error": "Rejected", "cause": "no"}})),
    );
    assert_eq!(result.error.as_deref(), Some("NotApproved"));
    assert_eq!(event_types(&result)[4], "ActivityFailed");
}

#[test]
fn without_a_worker_the_task_times_out() {
    let result = run(&machine(REVIEW), json!({}), &RunOptions::default());
    assert_eq!(result.error.as_deref(), Some("States.Timeout"));
    assert_eq!(event_types(&result)[3], "ActivityTimedOut");
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T01:00:00.000Z"
    );
}
