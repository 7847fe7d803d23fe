//! The Context object (`$$`) and deterministic execution identity.

mod common;
use asl::context::ExecutionIdentity;
use asl::{run, RunOptions};
use common::{machine, run_text};
use serde_json::json;

#[test]
fn the_whole_context_object() {
    let result = run_text(
        r#"{"StartAt": "TestState", "States": {"TestState": {"Type": "Pass", "InputPath": "$$", "End": true}}}"#,
        json!({"input-value": 0}),
    );
    assert_eq!(
        result.output,
        Some(json!({
            "Execution": {
                "Id": "arn:aws:states:us-east-1:123456789012:execution:LabStateMachine:lab-execution",
                "Input": {"input-value": 0},
                "StartTime": "2024-01-01T00:00:00.000Z",
                "Name": "lab-execution",
                "RoleArn": "arn:aws:iam::123456789012:role/StepFunctionsLabRole",
                "RedriveCount": 0
            },
            "StateMachine": {"Id": "arn:aws:states:us-east-1:123456789012:stateMachine:LabStateMachine", "Name": "LabStateMachine"},
            "State": {"EnteredTime": "2024-01-01T00:00:00.000Z", "Name": "TestState"}
        }))
    );
}

#[test]
fn execution_name_and_start_time_are_settable() {
    let options = RunOptions {
        identity: ExecutionIdentity {
            name: "nightly-42".into(),
            start_time: asl::clock::parse_rfc3339("2025-06-01T02:00:00Z").unwrap(),
            ..ExecutionIdentity::default()
        },
        ..RunOptions::default()
    };
    let definition = machine(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"n.$": "$$.Execution.Name", "t.$": "$$.State.EnteredTime"}, "End": true}}}"#,
    );
    let result = run(&definition, json!({}), &options);
    assert_eq!(
        result.output,
        Some(json!({"n": "nightly-42", "t": "2025-06-01T02:00:00.000Z"}))
    );
}

#[test]
fn runs_repeat_exactly() {
    let definition = machine(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3, "Next": "P"}, "P": {"Type": "Pass", "End": true}}}"#,
    );
    let first = run(&definition, json!({"a": 1}), &RunOptions::default());
    let second = run(&definition, json!({"a": 1}), &RunOptions::default());
    assert_eq!(first, second);
}
