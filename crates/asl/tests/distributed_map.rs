//! Distributed Map: child executions, Map Run events and counts, tolerated failures.

mod common;
use common::{event_types, run_text};
use serde_json::json;

const DOUBLE: &str = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2, "Label": "Doubler",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": 10, "Next": "Double"},
            "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($.n, $.n)"}, "End": true}}},
    "End": true}}}"#;

#[test]
fn items_run_as_child_executions_counted_in_a_map_run() {
    let result = run_text(DOUBLE, json!([{"n": 1}, {"n": 2}, {"n": 3}]));
    assert_eq!(result.status.as_str(), "SUCCEEDED", "{:?}", result.cause);
    assert_eq!(result.output, Some(json!([{"v": 2}, {"v": 4}, {"v": 6}])));
    // The children's states are in their own histories, not the parent's.
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapRunStarted",
            "MapRunSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    // Two workers: items 0 and 1 take 10 s together, item 2 another 10 s.
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:00:20.000Z"
    );
    let run = &result.services["stepfunctions"]["executions"][0];
    assert_eq!(run["itemCounts"]["succeeded"], 3);
    assert!(run["mapRunArn"]
        .as_str()
        .unwrap()
        .contains(":mapRun:LabStateMachine/Doubler:"));
}

#[test]
fn failures_beyond_the_tolerance_fail_the_map() {
    let definition = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailurePercentage": 50,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Fine"}], "Default": "Bad"},
            "Fine": {"Type": "Succeed"}, "Bad": {"Type": "Fail", "Error": "Bad"}}},
        "End": true}}}"#;
    let within = run_text(definition, json!([{"ok": true}, {"ok": false}]));
    assert_eq!(within.status.as_str(), "SUCCEEDED");
    assert_eq!(
        within.output,
        Some(json!([{"ok": true}, {"Error": "Bad", "Cause": null}]))
    );
    let beyond = run_text(definition, json!([{"ok": false}, {"ok": false}, {"ok": true}]));
    assert_eq!(
        beyond.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
    assert_eq!(event_types(&beyond)[3], "MapRunFailed");
}

#[test]
fn item_reader_needs_distributed_mode() {
    let problems = common::problems(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {}},
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
    );
    assert_eq!(
        problems,
        [(
            "SCHEMA_VALIDATION_FAILED".to_string(),
            "/States/M/ItemReader".to_string()
        )]
    );
}

#[test]
fn items_come_from_s3_and_results_go_back_to_s3() {
    let definition = common::machine(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 10,
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                           "Parameters": {"Bucket": "invoices", "Key.$": "$.key"}},
            "ItemBatcher": {"MaxItemsPerBatch": 2},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Count",
                "States": {"Count": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)"}, "End": true}}},
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results", "Prefix": "runs"}},
            "End": true}}}"#,
    );
    let mut options = asl::RunOptions::default();
    asl::scenario::Scenario::from_value(&json!({"services": {"s3": {"buckets": {
        "invoices": {"objects": {"march.csv": "id,total\n1,10\n2,20\n3,30\n"}},
        "results": {}
    }}}}))
    .unwrap()
    .apply_to(&mut options);
    let result = asl::run(&definition, json!({"key": "march.csv"}), &options);
    assert_eq!(result.status.as_str(), "SUCCEEDED", "{:?}", result.cause);
    let output = result.output.unwrap();
    let manifest_key = output["ResultWriterDetails"]["Key"].as_str().unwrap().to_string();
    assert!(
        manifest_key.starts_with("runs/") && manifest_key.ends_with("/manifest.json"),
        "{manifest_key}"
    );
    let objects = &result.services["s3"]["buckets"]["results"]["objects"];
    let succeeded_key = manifest_key.replace("manifest.json", "SUCCEEDED_0.json");
    let body = objects[&succeeded_key]["body"]
        .as_str()
        .unwrap_or_else(|| panic!("{objects}"));
    let records: serde_json::Value = serde_json::from_str(body).unwrap();
    // Three items in batches of two: two child executions, counting 2 and 1 items.
    assert_eq!(records.as_array().unwrap().len(), 2);
    assert_eq!(records[0]["Output"], r#"{"n":2}"#);
    assert_eq!(records[1]["Output"], r#"{"n":1}"#);
}
