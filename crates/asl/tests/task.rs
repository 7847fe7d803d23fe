//! The Task state: events, mocks, data flow, Retry and Catch.

mod common;
use common::{event_types, run_mocked, run_text};
use serde_json::json;

const ADD: &str = r#"{"StartAt": "Add", "States": {"Add": {"Type": "Task",
    "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Add",
    "InputPath": "$.numbers", "ResultPath": "$.sum", "OutputPath": "$.sum", "End": true}}}"#;

#[test]
fn the_specifications_filter_example() {
    let result = run_mocked(
        ADD,
        json!({"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}}),
        json!({"Add": [{"Return": 7}]}),
    );
    assert_eq!(result.output, Some(json!(7)));
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    let scheduled = result.events[2].to_json();
    assert_eq!(
        scheduled["lambdaFunctionScheduledEventDetails"]["input"],
        r#"{"val1":3,"val2":4}"#
    );
}

#[test]
fn service_integrations_write_task_events() {
    let result = run_mocked(
        r#"{"StartAt": "Put", "States": {"Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:putItem",
            "Parameters": {"TableName": "Orders", "Item.$": "$.item"}, "ResultPath": null, "End": true}}}"#,
        json!({"item": {"id": {"S": "1"}}}),
        json!({"Put": [{"Return": {}}]}),
    );
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    let scheduled = result.events[2].to_json();
    assert_eq!(
        scheduled["taskScheduledEventDetails"]["resourceType"],
        "aws-sdk:dynamodb"
    );
    assert_eq!(scheduled["taskScheduledEventDetails"]["resource"], "putItem");
    assert_eq!(
        scheduled["taskScheduledEventDetails"]["parameters"],
        r#"{"TableName":"Orders","Item":{"id":{"S":"1"}}}"#
    );
    assert_eq!(result.output, Some(json!({"item": {"id": {"S": "1"}}})));
}

#[test]
fn result_selector_runs_before_result_path() {
    let result = run_mocked(
        r#"{"StartAt": "Invoke", "States": {"Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "ResultSelector": {"body.$": "$.Payload.body", "code.$": "$.StatusCode"},
            "ResultPath": "$.response", "End": true}}}"#,
        json!({"order": 1}),
        json!({"Invoke": [{"Return": {"StatusCode": 200, "Payload": {"body": "ok"}}}]}),
    );
    assert_eq!(
        result.output,
        Some(json!({"order": 1, "response": {"body": "ok", "code": 200}}))
    );
    let flow = &result.trace[0].flow;
    assert_eq!(
        flow.after_parameters.as_deref(),
        Some(&json!({"FunctionName": "f", "Payload": {"order": 1}}))
    );
    assert_eq!(
        flow.after_result_selector.as_deref(),
        Some(&json!({"body": "ok", "code": 200}))
    );
}

#[test]
fn an_unmocked_task_fails_clearly_naming_the_state() {
    let result = run_text(
        r#"{"StartAt": "Start Backup", "States": {"Start Backup": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:backup", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "X"}], "End": true},
            "X": {"Type": "Pass", "End": true}}}"#,
        json!({}),
    );
    // States.Runtime cannot be caught, so the missing mock is never hidden.
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert!(result
        .cause
        .as_deref()
        .unwrap_or_default()
        .contains("The state 'Start Backup' calls 'arn:aws:lambda:us-east-1:123456789012:function:backup'"));
}

#[test]
fn retry_backs_off_on_the_virtual_clock() {
    let result = run_mocked(
        r#"{"StartAt": "Flaky", "States": {"Flaky": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"},
            "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 3}],
            "End": true}}}"#,
        json!({}),
        json!({"Flaky": [
            {"Throw": {"Error": "Lambda.ServiceException", "Cause": "busy"}},
            {"Throw": {"Error": "Lambda.ServiceException", "Cause": "busy"}},
            {"Return": {"Payload": "done"}}
        ]}),
    );
    assert_eq!(result.output, Some(json!({"Payload": "done"})));
    let delays: Vec<f64> = result.trace[0].retries.iter().map(|r| r.delay_seconds).collect();
    assert_eq!(delays, [2.0, 6.0]);
    let start = result.events[0].timestamp.0;
    let end = result.events.last().unwrap().timestamp.0;
    assert_eq!(end - start, 8_000, "2 s then 6 s of virtual time");
    assert_eq!(
        event_types(&result)
            .iter()
            .filter(|t| *t == "TaskScheduled")
            .count(),
        3
    );
}

#[test]
fn retries_run_out_then_catch_takes_over() {
    let result = run_mocked(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                  "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}],
                  "Catch": [{"ErrorEquals": ["Custom"], "ResultPath": "$.error", "Next": "Handle"}], "End": true},
            "Handle": {"Type": "Pass", "End": true}}}"#,
        json!({"order": 7}),
        json!({"T": [{"Throw": {"Error": "Custom", "Cause": "first"}}, {"Throw": {"Error": "Custom", "Cause": "second"}}]}),
    );
    assert_eq!(result.status.as_str(), "SUCCEEDED");
    assert_eq!(
        result.output,
        Some(json!({"order": 7, "error": {"Error": "Custom", "Cause": "second"}}))
    );
    assert_eq!(result.states_entered(), ["T", "Handle"]);
    assert_eq!(
        result.trace[0].caught.as_ref().map(|c| c.next.as_str()),
        Some("Handle")
    );
}

#[test]
fn task_failed_matches_everything_but_timeouts() {
    let definition = r#"{"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
              "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}], "End": true},
        "Caught": {"Type": "Pass", "End": true}}}"#;
    let caught = run_mocked(
        definition,
        json!({}),
        json!({"T": [{"Throw": {"Error": "Lambda.Unknown", "Cause": "x"}}]}),
    );
    assert_eq!(caught.states_entered(), ["T", "Caught"]);
    let not_caught = run_mocked(
        definition,
        json!({}),
        json!({"T": [{"Throw": {"Error": "States.Timeout", "Cause": "x"}}]}),
    );
    assert_eq!(not_caught.error.as_deref(), Some("States.Timeout"));
}

#[test]
fn running_out_of_mocked_responses_fails_the_execution() {
    let result = run_mocked(
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"}, "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}], "End": true}}}"#,
        json!({}),
        json!({"T": [{"Throw": {"Error": "E", "Cause": "c"}}]}),
    );
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert!(
        result
            .cause
            .as_deref()
            .unwrap_or_default()
            .contains("only 1 response"),
        "{:?}",
        result.cause
    );
}

#[test]
fn timeout_seconds_path_must_exist() {
    let result = run_text(
        r#"{"StartAt": "task", "States": {"task": {"Type": "Task", "TimeoutSecondsPath": "$.NoSuchTimeoutSecondsPath",
            "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets", "Parameters": {}, "End": true}}}"#,
        json!({}),
    );
    assert_eq!(
        result.cause.as_deref(),
        Some("An error occurred while executing the state 'task' (entered at the event id #2). Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: $['NoSuchTimeoutSecondsPath']")
    );
    assert_eq!(
        event_types(&result),
        ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"]
    );
}

#[test]
fn retry_count_is_in_the_context_object() {
    let result = run_mocked(
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"}, "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "IntervalSeconds": 1}],
            "ResultSelector": {"retries.$": "$$.State.RetryCount"}, "End": true}}}"#,
        json!({}),
        json!({"T": [{"Throw": {"Error": "E", "Cause": "c"}}, {"Throw": {"Error": "E", "Cause": "c"}}, {"Return": {}}]}),
    );
    assert_eq!(result.output, Some(json!({"retries": 2})));
}
