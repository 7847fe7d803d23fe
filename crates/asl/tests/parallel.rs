//! The Parallel state.

mod common;
use common::{event_types, problems, run_text};
use serde_json::json;

#[test]
fn branches_get_the_same_input_and_outputs_are_collected_in_order() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.a", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 5, "Next": "B2"}, "B2": {"Type": "Pass", "InputPath": "$.b", "End": true}}}
        ]}}}"#,
        json!({"a": 1, "b": 2}),
    );
    assert_eq!(result.output, Some(json!([1, 2])));
    let types = event_types(&result);
    assert_eq!(types.first().unwrap(), "ExecutionStarted");
    assert_eq!(types[1..3], ["ParallelStateEntered", "ParallelStateStarted"]);
    assert_eq!(
        types[types.len() - 2..],
        ["ParallelStateExited", "ExecutionSucceeded"]
    );
}

#[test]
fn a_failing_branch_fails_the_state_and_can_be_caught() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "Next": "Done", "Branches": [
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "FailureType", "Cause": "Cause description"}}}],
                "Catch": [{"ErrorEquals": ["FailureType"], "ResultPath": "$.err", "Next": "Caught"}]},
            "Caught": {"Type": "Pass", "End": true},
            "Done": {"Type": "Pass", "End": true}}}"#,
        json!({}),
    );
    assert_eq!(
        result.output,
        Some(json!({"err": {"Error": "FailureType", "Cause": "Cause description"}}))
    );
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "FailStateEntered",
            "ParallelStateFailed",
            "ParallelStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn retry_restarts_the_branches() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
            "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}],
            "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 2}]}}}"#,
        json!({}),
    );
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "FailStateEntered",
            "ParallelStateStarted",
            "FailStateEntered",
            "ParallelStateStarted",
            "FailStateEntered",
            "ParallelStateFailed",
            "ExecutionFailed"
        ]
    );
}

#[test]
fn branches_are_validated_with_their_own_locations() {
    assert_eq!(
        problems(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}]}}}"#
        ),
        [
            (
                "MISSING_TRANSITION_TARGET".to_string(),
                "/States/P/Branches/0/States/A/Next".to_string()
            ),
            (
                "MISSING_END_STATE".to_string(),
                "/States/P/Branches/0/States".to_string()
            ),
        ]
    );
}
