//! What AWS would bill: state transitions (retries included) for Standard; one request, the
//! duration rounded up to 100 ms and a 64 MB chunk for Express; prices from the dated data file.

use asl::cost::{estimate, Prices, Usage};
use asl::scenario::Scenario;
use asl::{run, RunOptions, StateMachine, WorkflowType};
use serde_json::json;

fn run_with(definition: &str, world: serde_json::Value, workflow_type: WorkflowType) -> asl::ExecutionResult {
    let machine = StateMachine::from_json_text(definition).expect("valid");
    let mut options = RunOptions {
        workflow_type,
        ..RunOptions::default()
    };
    Scenario::from_value(&json!({ "services": world }))
        .expect("valid scenario")
        .apply_to(&mut options);
    run(&machine, json!({}), &options)
}

const RETRYING: &str = r#"{"StartAt": "Call", "States": {
  "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
    "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3}], "Next": "Wait"},
  "Wait": {"Type": "Wait", "Seconds": 2, "Next": "Done"},
  "Done": {"Type": "Succeed"}}}"#;

fn flaky() -> serde_json::Value {
    json!({"lambda": {"functions": {"flaky": {"sequence": [{"throws": {"error": "Oops"}}, {"throws": {"error": "Oops"}}, {"returns": {}}]}}}})
}

#[test]
fn the_published_prices_load_with_their_date_and_source() {
    let prices = Prices::published();
    assert_eq!(prices.source, "https://aws.amazon.com/step-functions/pricing/");
    assert!(!prices.date.is_empty());
    assert_eq!(prices.standard.per_thousand_state_transitions, 0.025);
    assert_eq!(prices.express.memory_chunk_mb, 64);
}

#[test]
fn standard_counts_each_state_entered_and_each_retry() {
    let result = run_with(RETRYING, flaky(), WorkflowType::Standard);
    assert_eq!(result.status.as_str(), "SUCCEEDED");
    let usage = Usage::of(&result, &Prices::published());
    // Call, Wait, Done entered + 2 retries.
    assert_eq!(usage.state_transitions, 5);
    let cost = estimate(&result, WorkflowType::Standard, &Prices::published());
    assert!((cost.per_execution - 5.0 * 0.025 / 1000.0).abs() < 1e-12);
    assert!((cost.per_million_executions - 125.0).abs() < 1e-6);
    assert!(cost
        .explanation
        .starts_with("5 state transitions × $0.025 per 1,000"));
}

#[test]
fn express_bills_a_request_and_the_rounded_duration_in_64_mb() {
    let result = run_with(RETRYING, flaky(), WorkflowType::Express);
    let usage = Usage::of(&result, &Prices::published());
    // Retry intervals of 1 s then 2 s, and the 2 s wait: 5 s of virtual time.
    assert_eq!(usage.duration_ms, 5000);
    assert_eq!(usage.billed_duration_ms, 5000);
    assert_eq!(usage.requests, 1);
    let cost = estimate(&result, WorkflowType::Express, &Prices::published());
    let gb_seconds = 64.0 / 1024.0 * 5.0;
    assert!((cost.per_execution - (1.0 / 1e6 + gb_seconds * 0.00001667)).abs() < 1e-12);
    assert_eq!(cost.workflow_type, "EXPRESS");
}

#[test]
fn an_instant_express_run_is_billed_the_least_duration() {
    let pass = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
    let result = run_with(pass, json!({}), WorkflowType::Express);
    let usage = Usage::of(&result, &Prices::published());
    assert_eq!((usage.duration_ms, usage.billed_duration_ms), (0, 100));
}
