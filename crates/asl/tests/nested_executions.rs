//! `states:startExecution`: starting another state machine, waiting for it with `.sync` and `.sync:2`.

mod common;
use asl::{run, RunOptions};
use common::{event_types, machine};
use serde_json::json;
use std::sync::Arc;

const CHILD: &str = r#"{"StartAt": "Work", "States": {
    "Work": {"Type": "Wait", "Seconds": 60, "Next": "Done"},
    "Done": {"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "End": true}}}"#;

fn parent(resource: &str) -> String {
    format!(
        r#"{{"StartAt": "Start", "States": {{"Start": {{"Type": "Task", "Resource": "{resource}",
            "Parameters": {{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input": {{"n.$": "$.n"}}, "Name": "child-1"}},
            "End": true}}}}}}"#
    )
}

fn options() -> RunOptions {
    let mut options = RunOptions::default();
    options
        .state_machines
        .insert("Child".into(), Arc::new(machine(CHILD)));
    options
}

#[test]
fn sync_waits_for_the_child_and_returns_its_description() {
    let result = run(
        &machine(&parent("arn:aws:states:::states:startExecution.sync")),
        json!({"n": 21}),
        &options(),
    );
    assert_eq!(result.status.as_str(), "SUCCEEDED", "{:?}", result.cause);
    let output = result.output.clone().unwrap();
    assert_eq!(output["Status"], "SUCCEEDED");
    assert_eq!(output["Output"], r#"{"doubled":42}"#);
    assert_eq!(output["Name"], "child-1");
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    // The parent waited the child's minute on the virtual clock.
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:01:00.000Z"
    );
    assert_eq!(
        result.services["stepfunctions"]["executions"][0]["description"]["Status"],
        "SUCCEEDED"
    );
}

#[test]
fn sync_2_returns_input_and_output_as_json() {
    let result = run(
        &machine(&parent("arn:aws:states:::states:startExecution.sync:2")),
        json!({"n": 2}),
        &options(),
    );
    let output = result.output.unwrap();
    assert_eq!(output["Output"], json!({"doubled": 4}));
    assert_eq!(output["Input"], json!({"n": 2}));
}

#[test]
fn request_response_returns_at_once() {
    let result = run(
        &machine(&parent("arn:aws:states:::states:startExecution")),
        json!({"n": 1}),
        &options(),
    );
    let output = result.output.unwrap();
    assert_eq!(
        output["ExecutionArn"],
        "arn:aws:states:us-east-1:123456789012:execution:Child:child-1"
    );
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:00:00.000Z"
    );
}

#[test]
fn a_failing_child_fails_the_sync_task() {
    let mut options = RunOptions::default();
    options.state_machines.insert(
        "Child".into(),
        Arc::new(machine(r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Broken", "Cause": "child failed"}}}"#)),
    );
    let result = run(
        &machine(&parent("arn:aws:states:::states:startExecution.sync")),
        json!({"n": 1}),
        &options,
    );
    assert_eq!(result.error.as_deref(), Some("States.TaskFailed"));
    let cause: serde_json::Value = serde_json::from_str(result.cause.as_deref().unwrap()).unwrap();
    assert_eq!(cause["Error"], "Broken");
    assert_eq!(cause["Status"], "FAILED");
}

#[test]
fn an_unknown_state_machine_is_a_task_error_that_can_be_caught() {
    let result = run(
        &machine(&parent("arn:aws:states:::states:startExecution.sync")),
        json!({"n": 1}),
        &RunOptions::default(),
    );
    assert_eq!(
        result.error.as_deref(),
        Some("StepFunctions.StateMachineDoesNotExistException")
    );
    assert!(result.cause.unwrap().starts_with(
        "State Machine Does Not Exist: 'arn:aws:states:us-east-1:123456789012:stateMachine:Child'"
    ));
}
