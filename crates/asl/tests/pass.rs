//! The Pass state, from the specification's examples.

mod common;
use common::{event_types, run_text};
use serde_json::json;

#[test]
fn result_is_placed_at_result_path() {
    // The specification's Pass example.
    let result = run_text(
        r#"{"StartAt": "No-op", "States": {"No-op": {"Type": "Pass", "Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355},
            "ResultPath": "$.coords", "End": true}}}"#,
        json!({"georefOf": "Home"}),
    );
    assert_eq!(
        result.output,
        Some(json!({"georefOf": "Home", "coords": {"x-datum": 0.381018, "y-datum": 622.2269926397355}}))
    );
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn without_result_the_input_passes_through() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
        json!([1, "two", null]),
    );
    assert_eq!(result.output, Some(json!([1, "two", null])));
}

#[test]
fn result_templates_are_not_evaluated() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"a.$": "$.x"}, "End": true}}}"#,
        json!({"x": 1}),
    );
    assert_eq!(result.output, Some(json!({"a.$": "$.x"})));
}

#[test]
fn states_chain_through_next() {
    let result = run_text(
        r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Result": 1, "ResultPath": "$.a", "Next": "B"},
            "B": {"Type": "Pass", "Result": 2, "ResultPath": "$.b", "End": true}}}"#,
        json!({}),
    );
    assert_eq!(result.output, Some(json!({"a": 1, "b": 2})));
    assert_eq!(result.states_entered(), ["A", "B"]);
    let links: Vec<(u64, u64)> = result
        .events
        .iter()
        .map(|e| (e.id, e.previous_event_id))
        .collect();
    assert_eq!(links, [(1, 0), (2, 0), (3, 2), (4, 3), (5, 4), (6, 5)]);
}

#[test]
fn an_endless_retry_loop_stops_at_the_history_quota() {
    let throws: Vec<_> = (0..9000)
        .map(|_| json!({"Throw": {"Error": "E", "Cause": "c"}}))
        .collect();
    let result = common::run_mocked(
        r#"{"StartAt": "Spin", "States": {"Spin": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"}, "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 99999999, "BackoffRate": 1}],
            "End": true}}}"#,
        json!({}),
        json!({ "Spin": throws }),
    );
    assert_eq!(result.status.as_str(), "FAILED");
    assert_eq!(result.events.len(), 25_000);
    assert_eq!(
        result.events.last().map(|e| e.event_type()),
        Some("ExecutionFailed".to_string())
    );
    assert!(result.cause.as_deref().unwrap_or_default().contains("25000"));
}

#[test]
fn an_output_over_256_kib_fails_with_data_limit_exceeded() {
    let big = "a".repeat(300 * 1024);
    let definition = format!(
        r#"{{"StartAt": "Big", "States": {{"Big": {{"Type": "Pass", "Result": "{big}", "End": true}}}}}}"#
    );
    let result = run_text(&definition, json!({}));
    assert_eq!(result.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(
        result.cause.as_deref(),
        Some("The state/task 'Big' returned a result with a size exceeding the maximum number of bytes service limit.")
    );
    assert_eq!(
        event_types(&result),
        ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"]
    );
}

#[test]
fn output_nested_deeper_than_aws_accepts_fails_instead_of_overflowing_the_stack() {
    // Each pass wraps the whole input one level deeper (found by the JSONPath work);
    // the input starts deep so the test stays quick.
    let mut deep = json!({});
    for _ in 0..490 {
        deep = json!({ "a": deep });
    }
    let result = run_text(
        r#"{"StartAt": "Nest", "States": {
            "Nest": {"Type": "Pass", "ResultPath": "$.a", "Next": "Again?"},
            "Again?": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "Nest"}], "Default": "Done"},
            "Done": {"Type": "Succeed"}}}"#,
        deep,
    );
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert!(result.cause.unwrap().contains("nested more than 500 levels deep"));
}
