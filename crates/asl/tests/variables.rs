//! Workflow variables in JSONPath states: Assign, `$name` references, evaluation order and scope.

mod common;
use common::{problems, run_text};
use serde_json::json;

#[test]
fn assigned_values_are_read_by_later_states() {
    let result = run_text(
        r#"{"StartAt": "Remember", "States": {
            "Remember": {"Type": "Pass", "Result": {"answer": 42}, "Assign": {"theAnswer.$": "$.answer", "label": "life"}, "Next": "Use"},
            "Use": {"Type": "Pass", "Parameters": {"a.$": "$theAnswer", "l.$": "$label", "literal": "$label"}, "End": true}}}"#,
        json!({}),
    );
    assert_eq!(
        result.output,
        Some(json!({"a": 42, "l": "life", "literal": "$label"}))
    );
    let exited = result.events[2].to_json();
    assert_eq!(
        exited["stateExitedEventDetails"]["assignedVariables"],
        json!({"label": "\"life\"", "theAnswer": "42"})
    );
    assert_eq!(
        result.trace[0].flow.assigned,
        Some(json!({"label": "life", "theAnswer": 42}))
    );
}

#[test]
fn every_right_hand_side_sees_the_values_from_before_the_state() {
    let result = run_text(
        r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
            "B": {"Type": "Pass", "Assign": {"x": 2, "old.$": "$x"}, "Next": "C"},
            "C": {"Type": "Pass", "Parameters": {"x.$": "$x", "old.$": "$old"}, "End": true}}}"#,
        json!({}),
    );
    assert_eq!(result.output, Some(json!({"x": 2, "old": 1})));
}

#[test]
fn choice_rules_and_wait_read_variables() {
    let result = run_text(
        r#"{"StartAt": "Setup", "States": {
            "Setup": {"Type": "Pass", "Assign": {"guess": "a", "answer": "b", "pause": 5}, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$guess", "StringEqualsPath": "$answer", "Next": "Done"}], "Default": "Fix"},
            "Fix": {"Type": "Wait", "SecondsPath": "$pause", "Assign": {"guess.$": "$answer"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}}}"#,
        json!({}),
    );
    assert_eq!(
        result.states_entered(),
        ["Setup", "Check", "Fix", "Check", "Done"]
    );
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:00:05.000Z"
    );
}

#[test]
fn a_choice_assigns_from_the_matching_rule_or_its_default() {
    let definition = r#"{"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Assign": {"status": "OTHER"}, "Default": "Out",
              "Choices": [{"Variable": "$.n", "NumericEquals": 42, "Assign": {"status": "FOUND"}, "Next": "Out"}]},
        "Out": {"Type": "Pass", "Parameters": {"status.$": "$status"}, "End": true}}}"#;
    assert_eq!(
        run_text(definition, json!({"n": 42})).output,
        Some(json!({"status": "FOUND"}))
    );
    assert_eq!(
        run_text(definition, json!({"n": 7})).output,
        Some(json!({"status": "OTHER"}))
    );
}

#[test]
fn map_iterations_read_outer_variables_and_keep_their_own() {
    let result = run_text(
        r#"{"StartAt": "Setup", "States": {
            "Setup": {"Type": "Pass", "Assign": {"prefix": "item-", "count": 0}, "Next": "Each"},
            "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Name", "States": {
                "Name": {"Type": "Pass", "Assign": {"count": 99}, "Parameters": {"name.$": "States.Format('{}{}', $prefix, $)"}, "End": true}}},
              "Next": "After"},
            "After": {"Type": "Pass", "Parameters": {"names.$": "$[*].name", "count.$": "$count"}, "End": true}}}"#,
        json!([1, 2]),
    );
    assert_eq!(
        result.output,
        Some(json!({"names": ["item-1", "item-2"], "count": 0}))
    );
}

#[test]
fn a_catcher_can_assign_from_the_error() {
    let result = common::run_mocked(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"why.$": "$.Cause"}, "Next": "Report"}]},
            "Report": {"Type": "Pass", "Parameters": {"why.$": "$why"}, "End": true}}}"#,
        json!({}),
        json!({"T": [{"Throw": {"Error": "Boom", "Cause": "it broke"}}]}),
    );
    assert_eq!(result.output, Some(json!({"why": "it broke"})));
}

#[test]
fn an_undefined_variable_is_a_runtime_error() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$nope", "End": true}}}"#,
        json!({}),
    );
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert!(result
        .cause
        .unwrap()
        .contains("The variable 'nope' is not defined"));
}

#[test]
fn variable_names_are_checked() {
    assert_eq!(
        problems(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"states": 1, "9lives": 2}, "End": true}}}"#
        ),
        [
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/P/Assign".to_string()
            ),
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/P/Assign".to_string()
            ),
        ]
    );
}
