//! The Map state (inline).

mod common;
use common::{event_types, run_text};
use serde_json::json;

#[test]
fn every_item_runs_through_the_processor() {
    let result = run_text(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
            "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "tag.$": "$.tag"},
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
            "ResultPath": "$.results", "End": true}}}"#,
        json!({"items": ["a", "b"], "tag": "t"}),
    );
    assert_eq!(
        result.output,
        Some(json!({"items": ["a", "b"], "tag": "t", "results": [
            {"value": "a", "index": 0, "tag": "t"}, {"value": "b", "index": 1, "tag": "t"}]}))
    );
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapIterationStarted",
            "PassStateEntered",
            "PassStateExited",
            "MapIterationSucceeded",
            "MapIterationStarted",
            "PassStateEntered",
            "PassStateExited",
            "MapIterationSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(
        result.events[2].to_json()["mapStateStartedEventDetails"]["length"],
        2
    );
}

#[test]
fn a_failing_item_stops_the_map() {
    let result = run_text(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1,
            "ItemProcessor": {"StartAt": "Check", "States": {
                "Check": {"Type": "Fail", "Error": "Bad", "Cause": "item failed"}}}, "End": true}}}"#,
        json!([1, 2, 3]),
    );
    assert_eq!(result.error.as_deref(), Some("Bad"));
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapIterationStarted",
            "FailStateEntered",
            "MapIterationFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
}

#[test]
fn tolerated_failures_let_the_map_succeed() {
    let result = run_text(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": 1,
            "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Bad", "Cause": "c"}}}, "End": true}}}"#,
        json!([1]),
    );
    assert_eq!(result.output, Some(json!([{"Error": "Bad", "Cause": "c"}])));
    let over = run_text(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": 1,
            "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Bad", "Cause": "c"}}}, "End": true}}}"#,
        json!([1, 2]),
    );
    assert_eq!(
        over.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
}

#[test]
fn the_older_iterator_and_parameters_fields_still_work() {
    let result = run_text(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "Parameters": {"v.$": "$$.Map.Item.Value"},
            "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
        json!([7]),
    );
    assert_eq!(result.output, Some(json!([{"v": 7}])));
}

#[test]
fn item_batcher_groups_items() {
    let result = run_text(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"k": 1}},
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
        json!([1, 2, 3]),
    );
    assert_eq!(
        result.output,
        Some(json!([{"Items": [1, 2], "BatchInput": {"k": 1}}, {"Items": [3], "BatchInput": {"k": 1}}]))
    );
}

#[test]
fn concurrent_items_interleave_on_the_virtual_clock() {
    let result = run_text(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2,
            "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$", "End": true}}}, "End": true}}}"#,
        json!([30, 10, 10]),
    );
    assert_eq!(result.output, Some(json!([30, 10, 10])));
    // Items 0 and 1 start together; item 2 starts when item 1 ends at 10 s and ends at 20 s;
    // the map ends with item 0 at 30 s.
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:00:30.000Z"
    );
}

#[test]
fn items_path_must_reach_an_array() {
    let result = run_text(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.x",
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
        json!({"x": "not a list"}),
    );
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
}
