//! ResultSelector: reshaping a result before ResultPath.

mod common;
use common::{problems, run_mocked};
use serde_json::json;

#[test]
fn the_developer_guides_example() {
    // The guide's Glue example: keep two fields of a large result.
    let result = run_mocked(
        r#"{"StartAt": "Glue", "States": {"Glue": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
            "Parameters": {"JobName": "GlueJob"},
            "ResultSelector": {"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"},
            "ResultPath": "$.output", "End": true}}}"#,
        json!({"data": 1}),
        json!({"Glue": [{"Return": {"resourceType": "elasticmapreduce", "resource": "createCluster.sync",
            "output": {"SdkHttpMetadata": {"HttpStatusCode": 200}, "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}}]}),
    );
    assert_eq!(
        result.output,
        Some(
            json!({"data": 1, "output": {"ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"}})
        )
    );
}

#[test]
fn it_applies_to_parallel_and_map_results() {
    let result = common::run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
            "ResultSelector": {"first.$": "$[0]", "count.$": "States.ArrayLength($)"},
            "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": true}}},
                         {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": true}}}]}}}"#,
        json!({}),
    );
    assert_eq!(result.output, Some(json!({"first": "a", "count": 2})));
}

#[test]
fn a_missing_path_fails_the_state() {
    let result = run_mocked(
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"}, "ResultSelector": {"x.$": "$.nope"}, "End": true}}}"#,
        json!({}),
        json!({"T": [{"Return": {"Payload": 1}}]}),
    );
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert!(result
        .cause
        .unwrap()
        .contains("The JSONPath '$.nope' specified for the field 'x.$' could not be found"));
}

#[test]
fn it_must_be_an_object() {
    assert_eq!(
        problems(
            r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultSelector": "$.x", "End": true}}}"#
        ),
        [(
            "SCHEMA_VALIDATION_FAILED".to_string(),
            "/States/T/ResultSelector".to_string()
        )]
    );
}
