//! Approvals read the task token from what the learner's machine sent, as the stepfunctions_lab
//! controller app does; a token that went nowhere cannot be answered, and the verdict says so.

use lessons::{check, Lesson, Verdict};
use serde_json::{json, Value};

/// A task that sends `body` (in the field `body_key`) to `target` and waits for its token.
fn approval_machine(resource: &str, target: (&str, &str), body_key: &str, body: Value) -> String {
    json!({"StartAt": "Request Approval", "States": {
        "Request Approval": {"Type": "Task", "Resource": resource,
            "Parameters": {target.0: target.1, body_key: body},
            "TimeoutSeconds": 3600,
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failure"}], "Next": "Success"},
        "Success": {"Type": "Pass", "End": true},
        "Failure": {"Type": "Fail", "Error": "Rejected"}}})
    .to_string()
}

fn sqs_machine(body: Value) -> String {
    let queue = (
        "QueueUrl",
        "https://sqs.us-east-1.amazonaws.com/123456789012/orders",
    );
    approval_machine(
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        queue,
        "MessageBody",
        body,
    )
}

fn sns_machine(body: Value) -> String {
    let topic = ("TopicArn", "arn:aws:sns:us-east-1:123456789012:approvals");
    approval_machine(
        "arn:aws:states:::sns:publish.waitForTaskToken",
        topic,
        "Message",
        body,
    )
}

fn lesson(checks: Value) -> Lesson {
    let metadata = json!({"id": "approval", "title": "T", "summary": "S",
        "scenario": {"services": {"sqs": {"queues": {"orders": {}}}, "sns": {"topics": {"approvals": {"subscribers": ["boss@example.com"]}}}}},
        "checks": checks})
    .to_string();
    Lesson::load("approval", |name| match name {
        "lesson.json" => Some(metadata.clone()),
        "instructions.md" => Some("# T".into()),
        _ => Some(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#.into()),
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn approve_then(expect: Value, approvals: Value) -> Lesson {
    lesson(json!([{"title": "the manager answers", "approvals": approvals, "expect": expect}]))
}

fn outcome(verdict: &Verdict) -> (Vec<String>, Vec<String>) {
    let Verdict::Ran(report) = verdict else {
        panic!("valid")
    };
    (report.checks[0].problems.clone(), report.checks[0].notes.clone())
}

#[test]
fn the_approver_answers_with_the_token_from_the_sqs_message() {
    let l = approve_then(
        json!({"status": "SUCCEEDED", "output": {"approved": true}}),
        json!([{"afterSeconds": 60, "from": "sqs", "success": {"approved": true}}]),
    );
    let verdict = check(
        &l,
        &sqs_machine(json!({"title": "Approve?", "TaskToken.$": "$$.Task.Token"})),
    );
    let (problems, notes) = outcome(&verdict);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        notes,
        vec!["the approver read the token of `Request Approval` from the SQS message in queue `orders` and answered"]
    );
    let Verdict::Ran(report) = &verdict else {
        panic!("valid")
    };
    // The answer came 60 s after the token was issued, on the virtual clock.
    let events = &report.checks[0].execution.events;
    let elapsed = events.last().unwrap().timestamp.0 - events.first().unwrap().timestamp.0;
    assert_eq!(elapsed, 60_000);
}

#[test]
fn a_message_without_the_token_cannot_be_answered_and_the_verdict_says_so() {
    let l = approve_then(
        json!({"status": "SUCCEEDED"}),
        json!([{"success": {"approved": true}}]),
    );
    let (problems, _) = outcome(&check(&l, &sqs_machine(json!({"title": "Approve?"}))));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with(
        "nobody can answer `Request Approval`: its task token is in no SQS message, SNS notification, Lambda payload \
         or EventBridge event the machine sent"
    ));
    assert!(problems[0].contains("Put \"TaskToken.$\": \"$$.Task.Token\" in what the task sends"));
    // Nobody answered, so the task's one-hour TimeoutSeconds ended it through the Catch.
    assert_eq!(
        problems[1],
        "the execution failed but should have succeeded (error Rejected: no cause)"
    );
}

#[test]
fn the_approver_reads_only_where_it_is_told() {
    // The token went to SNS; an approver that reads SQS finds nothing.
    let machine = sns_machine(json!({"text": "Approve?", "token.$": "$$.Task.Token"}));
    let from_sqs = approve_then(
        json!({"status": "SUCCEEDED"}),
        json!([{"from": "sqs", "success": {}}]),
    );
    assert!(outcome(&check(&from_sqs, &machine)).0[0].contains("its task token is in no SQS message"));
    let from_sns = approve_then(
        json!({"status": "SUCCEEDED"}),
        json!([{"from": "sns", "success": {}}]),
    );
    let (problems, notes) = outcome(&check(&from_sns, &machine));
    assert!(problems.is_empty(), "{problems:?}");
    assert!(
        notes[0].contains("from the SNS message to topic `approvals`"),
        "{notes:?}"
    );
}

#[test]
fn a_rejection_and_a_timeout_reach_the_catch() {
    let machine = sqs_machine(json!({"TaskToken.$": "$$.Task.Token"}));
    let rejected = approve_then(
        json!({"status": "FAILED", "error": "Rejected", "statesEntered": ["Request Approval", "Failure"]}),
        json!([{"afterSeconds": 30, "failure": {"error": "Denied", "cause": "no budget"}}]),
    );
    assert!(check(&rejected, &machine).passed());
    // Nobody answers: the task's one-hour TimeoutSeconds ends the wait.
    let silent = approve_then(
        json!({"status": "FAILED", "statesEntered": ["Request Approval", "Failure"]}),
        json!([]),
    );
    assert!(check(&silent, &machine).passed());
    // An approval that answers after the timeout is too late.
    let late = approve_then(
        json!({"status": "SUCCEEDED"}),
        json!([{"afterSeconds": 7200, "success": {}}]),
    );
    assert!(!check(&late, &machine).passed());
}
