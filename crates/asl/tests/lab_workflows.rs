//! The two workflows of the stepfunctions_lab project, exactly as published, with their Lambda
//! functions simulated: the backup (Task → Choice → Wait → Pass, or Fail) and the approval
//! (an SQS message with a task token, approved through the queue like the lab's controller app).

mod common;
use asl::scenario::Scenario;
use asl::{Execution, ExecutionStatus, RunOptions, StateMachine};
use common::event_types;
use serde_json::{json, Value};

fn lesson_file(lesson: &str, file: &str) -> String {
    let path = format!("{}/../../lessons/{lesson}/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn options(scenario: Value) -> RunOptions {
    let mut options = RunOptions::default();
    Scenario::from_value(&scenario)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .apply_to(&mut options);
    options
}

fn backup() -> StateMachine {
    StateMachine::from_json_text(&lesson_file("06-backup-workflow", "solution.asl.json")).unwrap()
}

fn backup_world(behaviour: Value) -> RunOptions {
    options(json!({"services": {"lambda": {"functions": {"backup": behaviour}}}}))
}

#[test]
fn backup_succeeds_through_yes_and_waits_three_seconds() {
    let result = asl::run(
        &backup(),
        json!({}),
        &backup_world(json!({"returns": {"IsBackupSuccessful": true}})),
    );
    assert_eq!(result.status, ExecutionStatus::Succeeded);
    assert_eq!(
        result.states_entered(),
        [
            "Start Backup",
            "Backup Successful?",
            "Yes",
            "Wait 3 sec",
            "Backup Success!"
        ]
    );
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:00:03.000Z"
    );
    assert_eq!(
        event_types(&result)[..6],
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionSucceeded",
            "TaskStateExited"
        ]
    );
}

#[test]
fn backup_that_reports_false_fails_in_no() {
    let result = asl::run(
        &backup(),
        json!({}),
        &backup_world(json!({"returns": {"IsBackupSuccessful": false}})),
    );
    assert_eq!(result.status, ExecutionStatus::Failed);
    assert_eq!(
        result.states_entered(),
        ["Start Backup", "Backup Successful?", "No"]
    );
    assert_eq!(
        (result.error, result.cause.as_deref()),
        (None, Some("Backup Failed"))
    );
}

#[test]
fn the_published_lambda_raises_half_the_time() {
    // The project's function: `{"IsBackupSuccessful": True}` or `raise Exception("Backup simulation failed.")`.
    let lambda = json!({"random": [
        {"weight": 1, "returns": {"IsBackupSuccessful": true}},
        {"weight": 1, "throws": {"error": "Exception", "cause": "Backup simulation failed."}}
    ]});
    let mut outcomes = std::collections::BTreeMap::new();
    for seed in 0..40 {
        let mut options = backup_world(lambda.clone());
        options.seed = seed;
        let result = asl::run(&backup(), json!({}), &options);
        *outcomes.entry(result.status.as_str()).or_insert(0) += 1;
        if result.status == ExecutionStatus::Failed {
            // No Catch: the exception fails the execution at Start Backup, the Choice never runs.
            assert_eq!(result.error.as_deref(), Some("Exception"));
            assert_eq!(result.states_entered(), ["Start Backup"]);
        }
    }
    assert!(
        outcomes["SUCCEEDED"] >= 10 && outcomes["FAILED"] >= 10,
        "about half and half: {outcomes:?}"
    );
}

fn approval() -> StateMachine {
    StateMachine::from_json_text(&lesson_file("09-approval-workflow", "solution.asl.json")).unwrap()
}

fn approval_world() -> RunOptions {
    options(json!({"services": {
        "lambda": {"functions": {"process-order": {"returns": {"IsOrderProcessed": true}}}},
        "sqs": {"queues": {"orders.fifo": {"contentBasedDeduplication": true}}}
    }}))
}

/// What the lab's controller app does: receive the queue's message and read the token in its body.
fn token_from_queue(execution: &Execution) -> String {
    let services = execution.result().services;
    let body = services["sqs"]["queues"]["orders.fifo"]["messages"][0]["body"]
        .as_str()
        .expect("a message body")
        .to_string();
    let body: Value = serde_json::from_str(&body).expect("the body is JSON");
    assert_eq!(
        body["MessageTitle"],
        "Processing Order, approve / reject to proceed."
    );
    body["TaskToken"]
        .as_str()
        .expect("the token is in the body")
        .to_string()
}

#[test]
fn approval_waits_until_approved_through_the_queue() {
    let mut execution = Execution::start(&approval(), json!({}), &approval_world());
    assert_eq!(execution.status(), ExecutionStatus::Running);
    let waiting = execution.pending_tasks();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].state, "Request Approval");
    let token = token_from_queue(&execution);
    assert_eq!(token, waiting[0].token);

    // The controller app's approve button: SendTaskSuccess with the token.
    execution
        .send_task_success(&token, json!({"status": "SUCCESS"}))
        .unwrap();
    let result = execution.result();
    assert_eq!(result.status, ExecutionStatus::Succeeded);
    assert_eq!(result.output, Some(json!({"status": "SUCCESS"})));
    assert_eq!(
        result.states_entered(),
        ["Process Order", "Request Approval", "Success"]
    );
    assert_eq!(
        event_types(&result)[6..12],
        [
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded",
            "TaskStateExited"
        ]
    );
    // A token can be used once.
    assert!(execution.send_task_success(&token, json!({})).is_err());
}

#[test]
fn a_rejection_is_caught_and_ends_in_failure() {
    let mut execution = Execution::start(&approval(), json!({}), &approval_world());
    let token = token_from_queue(&execution);
    execution
        .send_task_failure(
            &token,
            Some("Rejected".into()),
            Some("The manager said no".into()),
        )
        .unwrap();
    let result = execution.result();
    assert_eq!(result.status, ExecutionStatus::Failed);
    assert_eq!(result.error.as_deref(), Some("Request Approval returned FAILED"));
    assert_eq!(result.cause.as_deref(), Some("Order processing failed or denied"));
    assert_eq!(
        result.states_entered(),
        ["Process Order", "Request Approval", "Failure"]
    );
}

#[test]
fn an_unknown_token_is_refused() {
    let mut execution = Execution::start(&approval(), json!({}), &approval_world());
    assert_eq!(
        execution
            .send_task_success("AQBnot-a-token", json!({}))
            .unwrap_err()
            .to_string(),
        "TaskDoesNotExist: no task has this token"
    );
}

const HEARTBEAT: &str = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "HeartbeatSeconds": 60, "TimeoutSeconds": 600,
    "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/work", "MessageBody": {"token.$": "$$.Task.Token"}},
    "End": true}}}"#;

fn heartbeat_world(callbacks: Value) -> RunOptions {
    options(json!({"services": {"sqs": {"queues": {"work": {}}}}, "callbacks": callbacks}))
}

#[test]
fn a_missing_heartbeat_times_the_task_out() {
    let result = asl::run(
        &StateMachine::from_json_text(HEARTBEAT).unwrap(),
        json!({}),
        &heartbeat_world(json!([])),
    );
    assert_eq!(result.error.as_deref(), Some("States.HeartbeatTimeout"));
    assert_eq!(event_types(&result)[5], "TaskTimedOut");
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:01:00.000Z"
    );
}

#[test]
fn heartbeats_keep_the_task_alive_until_its_callback() {
    let callbacks = json!([
        {"state": "Ask", "afterSeconds": 50, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 100, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 150, "success": {"done": true}}
    ]);
    let result = asl::run(
        &StateMachine::from_json_text(HEARTBEAT).unwrap(),
        json!({}),
        &heartbeat_world(callbacks),
    );
    assert_eq!(result.status, ExecutionStatus::Succeeded, "{:?}", result.cause);
    assert_eq!(result.output, Some(json!({"done": true})));
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:02:30.000Z"
    );
}

#[test]
fn a_callback_after_the_timeout_is_too_late() {
    let callbacks = json!([
        {"state": "Ask", "afterSeconds": 55, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 110, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 165, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 220, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 275, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 330, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 385, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 440, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 495, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 550, "heartbeat": true},
        {"state": "Ask", "afterSeconds": 605, "success": {}}
    ]);
    let result = asl::run(
        &StateMachine::from_json_text(HEARTBEAT).unwrap(),
        json!({}),
        &heartbeat_world(callbacks),
    );
    assert_eq!(result.error.as_deref(), Some("States.Timeout"));
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:10:00.000Z"
    );
}

#[test]
fn the_page_can_let_time_pass_while_a_task_waits() {
    let execution = Execution::start(
        &StateMachine::from_json_text(HEARTBEAT).unwrap(),
        json!({}),
        &heartbeat_world(json!([])),
    );
    // Without a script the heartbeat deadline is a timer, so the run ends by itself...
    assert_eq!(execution.status(), ExecutionStatus::Failed);
    let definition = HEARTBEAT.replace("\"HeartbeatSeconds\": 60, \"TimeoutSeconds\": 600,", "");
    let mut execution = Execution::start(
        &StateMachine::from_json_text(&definition).unwrap(),
        json!({}),
        &heartbeat_world(json!([])),
    );
    // ...while a task without limits waits for ever: time passes, it still waits.
    execution.wait(3600);
    assert_eq!(execution.status(), ExecutionStatus::Running);
    let token = execution.pending_tasks()[0].token.clone();
    execution.send_task_heartbeat(&token).unwrap();
    execution
        .send_task_success(&token, json!("late but fine"))
        .unwrap();
    let result = execution.result();
    assert_eq!(result.output, Some(json!("late but fine")));
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T01:00:00.000Z"
    );
}
