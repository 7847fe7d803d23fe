//! The Wait state, on the virtual clock.

mod common;
use common::{event_types, problems, run_mocked, run_text};
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

#[test]
fn a_standard_execution_times_out_after_a_year_as_aws_stops_it() {
    // 400 days of waiting: AWS's longest Standard execution is one year.
    let result = run_text(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 34560000, "End": true}}}"#,
        json!({}),
    );
    assert_eq!(result.status.as_str(), "TIMED_OUT");
    assert_eq!(result.error.as_deref(), Some("States.Timeout"));
    let last = result.events.last().unwrap();
    assert_eq!(
        event_types(&result).last().map(String::as_str),
        Some("ExecutionTimedOut")
    );
    assert_eq!(
        last.timestamp.to_iso8601(),
        "2024-12-31T00:00:00.000Z",
        "one year after the start"
    );
}

#[test]
fn a_timeout_seconds_past_a_year_is_still_held_to_a_year() {
    let result = run_text(
        r#"{"TimeoutSeconds": 99999999, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 34560000, "End": true}}}"#,
        json!({}),
    );
    assert_eq!(result.status.as_str(), "TIMED_OUT");
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-12-31T00:00:00.000Z"
    );
}

#[test]
fn far_waits_and_huge_backoffs_stop_at_the_year_and_the_clock_stays_in_range() {
    // A task retried with AWS's largest interval and a steep backoff, and a wait until 9999 then
    // $now: without the year's limit the delays overflow into the year 263,640,866 and $now wraps
    // to the year 3.
    let throws: Vec<serde_json::Value> = (0..99)
        .map(|_| json!({"Throw": {"Error": "Busy", "Cause": "again"}}))
        .collect();
    let retried = run_mocked(
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 99999999, "BackoffRate": 1000, "MaxAttempts": 99}],
            "End": true}}}"#,
        json!({}),
        json!({ "T": throws }),
    );
    let waited = run_text(
        r#"{"QueryLanguage": "JSONata", "StartAt": "W", "States": {
            "W": {"Type": "Wait", "Timestamp": "9999-12-31T23:59:59Z", "Next": "Now"},
            "Now": {"Type": "Pass", "Output": "{% $now() %}", "End": true}}}"#,
        json!({}),
    );
    for result in [retried, waited] {
        assert_eq!(result.status.as_str(), "TIMED_OUT", "{:?}", result.events.last());
        for event in &result.events {
            let at = event.timestamp.to_iso8601();
            assert!(at.as_str() <= "2024-12-31T00:00:00.000Z", "{at}");
        }
    }
}

#[test]
fn a_definition_over_a_megabyte_is_refused_as_aws_refuses_it() {
    let with_comment = |comment_len: usize| {
        format!(
            r#"{{"Comment": "{}", "StartAt": "P", "States": {{"P": {{"Type": "Pass", "End": true}}}}}}"#,
            "x".repeat(comment_len)
        )
    };
    let frame = with_comment(0).len();
    let over = with_comment(1_048_576 - frame + 1);
    let found = asl::StateMachine::from_json_text(&over)
        .expect_err("refused")
        .diagnostics;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "SCHEMA_VALIDATION_FAILED");
    assert!(
        found[0].message.contains("1,048,577 characters") && found[0].message.contains("at most 1,048,576"),
        "{found:?}"
    );
    // At the limit, it is read as any other definition.
    let at_limit = with_comment(1_048_576 - frame);
    assert_eq!(at_limit.len(), 1_048_576);
    assert!(asl::StateMachine::from_json_text(&at_limit).is_ok());
}
