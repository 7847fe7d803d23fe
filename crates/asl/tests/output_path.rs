//! OutputPath: selecting what moves on to the next state.

mod common;
use common::run_text;
use serde_json::json;

#[test]
fn selects_part_of_the_output() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.r", "OutputPath": "$.r.a", "End": true}}}"#,
        json!({"x": 0}),
    );
    assert_eq!(result.output, Some(json!(1)));
}

#[test]
fn null_sends_an_empty_object() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "OutputPath": null, "End": true}}}"#,
        json!({"x": 0}),
    );
    assert_eq!(result.output, Some(json!({})));
}

#[test]
fn a_missing_intermediate_field_uses_jaywayʼs_message() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "OutputPath": "$.no.such.result.path", "End": true}}}"#,
        json!({}),
    );
    assert!(result
        .cause
        .unwrap()
        .ends_with("Invalid path '$.no.such.result.path' : Missing property in path $['no']"));
}
