//! The Wait state, on the virtual clock.

mod common;
use common::{event_types, problems, run_text};
use serde_json::json;

#[test]
fn a_year_of_waiting_takes_no_real_time() {
    let started = std::time::Instant::now();
    let result = run_text(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 31536000, "End": true}}}"#,
        json!({"a": 1}),
    );
    assert!(started.elapsed().as_secs() < 5);
    assert_eq!(result.output, Some(json!({"a": 1})));
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-12-31T00:00:00.000Z"
    );
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "WaitStateEntered",
            "WaitStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn waits_until_a_timestamp_from_the_input() {
    let result = run_text(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "TimestampPath": "$.until", "End": true}}}"#,
        json!({"until": "2024-01-01T00:10:00Z"}),
    );
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:10:00.000Z"
    );
}

#[test]
fn a_timestamp_in_the_past_does_not_wait() {
    let result = run_text(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2016-03-14T01:59:00Z", "End": true}}}"#,
        json!({}),
    );
    assert_eq!(result.status.as_str(), "SUCCEEDED");
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:00:00.000Z"
    );
}

#[test]
fn bad_seconds_paths_fail_with_aws_causes() {
    let definition = r#"{"StartAt": "WaitState", "States": {"WaitState": {"Type": "Wait", "SecondsPath": "$.input.waitSeconds", "End": true}}}"#;
    let negative = run_text(definition, json!({"input": {"waitSeconds": -1}}));
    assert_eq!(
        negative.cause.as_deref(),
        Some("An error occurred while executing the state 'WaitState' (entered at the event id #2). The SecondsPath parameter references a negative value: $.input.waitSeconds == -1")
    );
    let fraction = run_text(definition, json!({"input": {"waitSeconds": 1.5}}));
    assert!(fraction
        .cause
        .unwrap()
        .ends_with("The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5"));
    let stamp = run_text(
        r#"{"StartAt": "WaitUntil", "States": {"WaitUntil": {"Type": "Wait", "TimestampPath": "$.TimestampValue", "End": true}}}"#,
        json!({"TimestampValue": "2016-12-05 21:29:29Z"}),
    );
    assert!(stamp.cause.unwrap().ends_with(
        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == 2016-12-05 21:29:29Z"
    ));
}

#[test]
fn exactly_one_duration_field() {
    assert_eq!(
        problems(
            r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "Timestamp": "2016-03-14T01:59:00Z", "End": true}}}"#
        ),
        [("SCHEMA_VALIDATION_FAILED".to_string(), "/States/W".to_string())]
    );
}

#[test]
fn the_execution_times_out_on_the_virtual_clock() {
    let result = run_text(
        r#"{"TimeoutSeconds": 60, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}"#,
        json!({}),
    );
    assert_eq!(result.status.as_str(), "TIMED_OUT");
    assert_eq!(result.error.as_deref(), Some("States.Timeout"));
    assert_eq!(
        event_types(&result),
        ["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"]
    );
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:01:00.000Z"
    );
}
