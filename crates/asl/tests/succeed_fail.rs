//! The Succeed and Fail states.

mod common;
use common::{event_types, problems, run_text};
use serde_json::json;

#[test]
fn succeed_applies_input_and_output_paths() {
    let result = run_text(
        r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}}}"#,
        json!({"a": {"b": 42}}),
    );
    assert_eq!(result.output, Some(json!(42)));
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "SucceedStateEntered",
            "SucceedStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn fail_reports_its_error_and_cause_without_an_exit_event() {
    let result = run_text(
        r#"{"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "ErrorA", "Cause": "Kaiju attack"}}}"#,
        json!({}),
    );
    assert_eq!(result.status.as_str(), "FAILED");
    assert_eq!(
        (result.error.as_deref(), result.cause.as_deref()),
        (Some("ErrorA"), Some("Kaiju attack"))
    );
    assert_eq!(
        event_types(&result),
        ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]
    );
}

#[test]
fn fail_reads_error_and_cause_from_paths() {
    let result = run_text(
        r#"{"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}}}"#,
        json!({"e": "Custom", "c": "because"}),
    );
    assert_eq!(
        (result.error.as_deref(), result.cause.as_deref()),
        (Some("Custom"), Some("because"))
    );
}

#[test]
fn a_missing_error_path_is_a_runtime_error() {
    let result = run_text(
        r#"{"StartAt": "fail", "States": {"fail": {"Type": "Fail", "ErrorPath": "$.ErrorX"}}}"#,
        json!({"Error": "x"}),
    );
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        result.cause.as_deref(),
        Some(
            r#"An error occurred while executing the state 'fail' (entered at the event id #2). The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{"Error":"x"}'"#
        )
    );
}

#[test]
fn a_fail_state_without_error_fails_with_neither() {
    let result = run_text(
        r#"{"StartAt": "F", "States": {"F": {"Type": "Fail"}}}"#,
        json!({}),
    );
    assert_eq!((result.error, result.cause), (None, None));
}

#[test]
fn fields_that_do_not_belong_are_rejected() {
    assert_eq!(
        problems(
            r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e", "Next": "F"}}}"#
        ),
        [
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/F/Next".to_string()
            ),
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/F/ErrorPath".to_string()
            ),
        ]
    );
}
