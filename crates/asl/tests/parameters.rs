//! Parameters: payload templates with `.$` fields.

mod common;
use common::{problems, run_text};
use serde_json::json;

#[test]
fn the_specifications_parameters_example() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true,
            "Parameters": {"flagged": true, "parts": {"first.$": "$.vals[0]", "last3.$": "$.vals[-3:]"}}}}}"#,
        json!({"flagged": 7, "vals": [0, 10, 20, 30, 40, 50]}),
    );
    assert_eq!(
        result.output,
        Some(json!({"flagged": true, "parts": {"first": 0, "last3": [30, 40, 50]}}))
    );
}

#[test]
fn templates_inside_arrays_are_filled() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Parameters": {"list": [{"a.$": "$.x"}, 2]}}}}"#,
        json!({"x": "y"}),
    );
    assert_eq!(result.output, Some(json!({"list": [{"a": "y"}, 2]})));
}

#[test]
fn context_object_paths_are_filled() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true,
            "Parameters": {"name.$": "$$.State.Name", "started.$": "$$.Execution.StartTime", "machine.$": "$$.StateMachine.Name"}}}}"#,
        json!({}),
    );
    assert_eq!(
        result.output,
        Some(json!({"name": "P", "started": "2024-01-01T00:00:00.000Z", "machine": "LabStateMachine"}))
    );
}

#[test]
fn a_missing_path_names_the_field_and_the_input() {
    let result = run_text(
        r#"{"StartAt": "pass", "States": {"pass": {"Type": "Pass", "End": true, "Parameters": {"value.$": "$.no_such_jsonpath"}}}}"#,
        json!({"a": 1}),
    );
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        result.cause.as_deref(),
        Some(
            r#"An error occurred while executing the state 'pass' (entered at the event id #2). The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"a":1}'"#
        )
    );
}

#[test]
fn a_dollar_field_must_hold_a_path() {
    assert_eq!(
        problems(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Parameters": {"a.$": 3, "b": {"c.$": "nope"}}}}}"#
        ),
        [
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/P/Parameters/a.$".to_string()
            ),
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/P/Parameters/b/c.$".to_string()
            ),
        ]
    );
}
