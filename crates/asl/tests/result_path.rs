//! ResultPath: combining a state's result with its raw input.

mod common;
use common::{problems, run_text};
use serde_json::{json, Value};

fn pass(result_path: &str, result: Value, input: Value) -> asl::ExecutionResult {
    let definition = format!(
        r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Pass", "Result": {result}, "ResultPath": {result_path}, "End": true}}}}}}"#
    );
    run_text(&definition, input)
}

#[test]
fn dollar_replaces_the_input() {
    assert_eq!(
        pass(r#""$""#, json!("Hello"), json!({"a": 1})).output,
        Some(json!("Hello"))
    );
}

#[test]
fn null_discards_the_result() {
    assert_eq!(
        pass("null", json!("Hello"), json!({"a": 1})).output,
        Some(json!({"a": 1}))
    );
}

#[test]
fn an_existing_field_is_overwritten_and_missing_ones_are_created() {
    // The specification's example: "$.master.detail" overwrites the detail array.
    let out = pass(
        r#""$.master.detail""#,
        json!("Hello"),
        json!({"master": {"detail": [1, 2, 3]}}),
    );
    assert_eq!(out.output, Some(json!({"master": {"detail": "Hello"}})));
    let out = pass(r#""$.a.b.c""#, json!(1), json!({"x": 0}));
    assert_eq!(out.output, Some(json!({"x": 0, "a": {"b": {"c": 1}}})));
}

#[test]
fn an_input_that_is_not_an_object_cannot_take_a_field() {
    let out = pass(r#""$.a""#, json!(1), json!("text"));
    assert_eq!(out.error.as_deref(), Some("States.ResultPathMatchFailure"));
    let out = pass(r#""$.a.b""#, json!(1), json!({"a": 5}));
    assert_eq!(out.error.as_deref(), Some("States.ResultPathMatchFailure"));
}

#[test]
fn result_path_must_be_a_reference_path() {
    assert_eq!(
        problems(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "ResultPath": "$.items[*]", "End": true}}}"#
        ),
        [(
            "INVALID_REFERENCE_PATH".to_string(),
            "/States/P/ResultPath".to_string()
        )]
    );
}
