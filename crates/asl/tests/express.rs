//! Express workflows: five minutes at most, no waiting integration patterns, at-least-once semantics explained.

mod common;
use asl::execution::WorkflowType;
use asl::{run, RunOptions};
use common::machine;
use serde_json::json;

fn express() -> RunOptions {
    RunOptions {
        workflow_type: WorkflowType::Express,
        ..RunOptions::default()
    }
}

#[test]
fn an_express_workflow_stops_after_five_minutes() {
    let definition =
        machine(r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 600, "End": true}}}"#);
    let standard = run(&definition, json!({}), &RunOptions::default());
    assert_eq!(standard.status.as_str(), "SUCCEEDED");
    let result = run(&definition, json!({}), &express());
    assert_eq!(result.status.as_str(), "TIMED_OUT");
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:05:00.000Z"
    );
}

#[test]
fn the_result_explains_express_semantics() {
    let definition = machine(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#);
    let result = run(&definition, json!({}), &express());
    assert_eq!(result.status.as_str(), "SUCCEEDED");
    assert!(result.notes[0].contains("at least once"));
    assert!(run(&definition, json!({}), &RunOptions::default())
        .notes
        .is_empty());
}

#[test]
fn waiting_patterns_are_refused() {
    let definition = machine(
        r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": true}}}"#,
    );
    let problems = definition.express_problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].location, "/States/Ask/Resource");
    let result = run(&definition, json!({}), &express());
    assert_eq!(result.status.as_str(), "FAILED");
    assert!(result.cause.unwrap().contains("'.waitForTaskToken'"));
}
