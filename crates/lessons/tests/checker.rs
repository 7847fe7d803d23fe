//! The checker on small lessons built in memory: causes, paths, pars, services that must be
//! empty, run options, transitions, and the explanation of where a path left the expected one.

use lessons::{check, Lesson, Verdict};
use serde_json::{json, Value};

const PASS: &str = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#;

/// A lesson from its lesson.json value and a solution.
fn lesson(metadata: Value, solution: &str) -> Lesson {
    let metadata = metadata.to_string();
    Lesson::load("test", |name| match name {
        "lesson.json" => Some(metadata.clone()),
        "instructions.md" => Some("# Test".into()),
        "starter.asl.json" => Some(PASS.into()),
        "solution.asl.json" => Some(solution.into()),
        _ => None,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn one_check(expect: Value) -> Value {
    json!({"id": "t", "title": "T", "summary": "S", "checks": [{"title": "the check", "input": {"n": 1}, "expect": expect}]})
}

fn problems(verdict: &Verdict) -> Vec<String> {
    match verdict {
        Verdict::Ran(report) => report.checks.iter().flat_map(|c| c.problems.clone()).collect(),
        Verdict::Invalid(e) => panic!("invalid: {e:?}"),
    }
}

const FAIL_MACHINE: &str = r#"{"StartAt": "Check", "States": {
  "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Bad"}], "Default": "Good"},
  "Bad": {"Type": "Fail", "Error": "Backup Failed", "Cause": "the backup did not run"},
  "Good": {"Type": "Succeed"}}}"#;

#[test]
fn the_cause_of_a_failure_is_checked() {
    let l = lesson(
        one_check(json!({"status": "FAILED", "error": "Backup Failed", "cause": "the backup did not run"})),
        FAIL_MACHINE,
    );
    assert!(check(&l, FAIL_MACHINE).passed());
    let without_cause = FAIL_MACHINE.replace(r#", "Cause": "the backup did not run""#, "");
    assert_eq!(
        problems(&check(&l, &without_cause)),
        vec!["the cause should be \"the backup did not run\", but there is none"]
    );
    let other_cause = FAIL_MACHINE.replace("the backup did not run\"}", "oops\"}");
    assert_eq!(
        problems(&check(&l, &other_cause)),
        vec!["the cause should be \"the backup did not run\", but it is \"oops\""]
    );
}

#[test]
fn must_enter_must_not_enter_and_a_par_are_checked() {
    let l = lesson(
        one_check(
            json!({"status": "FAILED", "mustEnter": ["Bad"], "mustNotEnter": ["Good"], "maxStatesEntered": 2}),
        ),
        FAIL_MACHINE,
    );
    assert!(check(&l, FAIL_MACHINE).passed());
    let long = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "P2"}, "P2": {"Type": "Pass", "Next": "Good"},
        "Good": {"Type": "Succeed"}}}"#;
    assert_eq!(
        problems(&check(&l, long)),
        vec![
            "the execution succeeded but should have failed",
            "the execution should enter `Bad`, but it never did (it went P → P2 → Good)",
            "the execution should never enter `Good`, but it did, after P → P2",
            "the execution entered 3 states; the par is 2",
        ]
    );
}

#[test]
fn a_wrong_path_names_the_first_state_where_it_left_the_expected_one() {
    let l = lesson(
        one_check(json!({"status": "SUCCEEDED", "statesEntered": ["Check", "Good"]})),
        &FAIL_MACHINE.replace("\"NumericEquals\": 1", "\"NumericEquals\": 2"),
    );
    let verdict = check(&l, FAIL_MACHINE);
    let Verdict::Ran(report) = &verdict else {
        panic!("valid")
    };
    assert_eq!(report.checks[0].diverged_at, Some(1));
    assert!(problems(&verdict).contains(
        &"the path left the expected one after Check: the execution entered `Bad` where `Good` was expected \
          (expected Check → Good; actual Check → Bad)"
            .to_string()
    ));
}

#[test]
fn services_that_must_stay_empty_say_what_they_hold() {
    let put = r#"{"StartAt": "Put", "States": {"Put": {"Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
        "Parameters": {"Bucket": "invoices", "Key": "order-1.pdf", "Body": "x"}, "End": true}}}"#;
    let mut metadata =
        one_check(json!({"status": "SUCCEEDED", "servicesEmpty": ["/s3/buckets/invoices/objects"]}));
    metadata["scenario"] = json!({"services": {"s3": {"buckets": {"invoices": {}}}}});
    let l = lesson(metadata, PASS);
    assert!(check(&l, PASS).passed());
    assert_eq!(
        problems(&check(&l, put)),
        vec!["services: /s3/buckets/invoices/objects should be empty, but holds 1 entry: order-1.pdf"]
    );
}

#[test]
fn run_options_set_the_start_time_seed_and_workflow_type() {
    let machine = r#"{"StartAt": "T", "States": {"T": {"Type": "Pass",
        "Parameters": {"start.$": "$$.Execution.StartTime", "name.$": "$$.Execution.Name"}, "End": true}}}"#;
    let mut metadata = one_check(json!({"status": "SUCCEEDED",
        "output": {"start": "2024-01-07T02:00:00.000Z", "name": "nightly"}}));
    metadata["run"] = json!({"startTime": "2024-01-07T02:00:00Z", "executionName": "nightly"});
    let l = lesson(metadata, machine);
    let verdict = check(&l, machine);
    assert!(verdict.passed(), "{:?}", verdict.explanations());

    // Express refuses a wait of ten minutes: the check's own run options override the lesson's.
    let wait = r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 600, "End": true}}}"#;
    let mut metadata = one_check(json!({"status": "TIMED_OUT"}));
    metadata["checks"][0]["run"] = json!({"workflowType": "EXPRESS"});
    let l = lesson(metadata, wait);
    assert!(check(&l, wait).passed());
}

#[test]
fn transitions_count_every_state_entered_and_every_retry() {
    let retrying = r#"{"StartAt": "Call", "States": {"Call": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
        "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}], "Next": "Done"},
        "Done": {"Type": "Succeed"}}}"#;
    let mut metadata = one_check(json!({"status": "SUCCEEDED", "maxTransitions": 3}));
    metadata["scenario"] = json!({"services": {"lambda": {"functions": {"flaky": {"sequence": [
        {"throws": {"error": "Oops"}}, {"throws": {"error": "Oops"}}, {"returns": {}}]}}}}});
    let l = lesson(metadata, PASS);
    // 2 states entered + 2 retries = 4 transitions.
    assert_eq!(
        problems(&check(&l, retrying)),
        vec!["the execution used 4 state transitions (each state entered and each retry is billed); at most 3 are allowed"]
    );
}

#[test]
fn a_lesson_with_every_problem_reports_them_all() {
    let bad = json!({"id": "Bad Id", "title": "T", "summary": "S",
        "scenario": {"callbacks": []},
        "run": {"startTime": "yesterday", "testCase": "HappyPath"},
        "definition": [{"someState": {}}, {"state": "A", "someState": {"type": "Pass"}}],
        "checks": [{"title": "c", "expect": {"status": "SUCCEEDED", "servicesEmpty": ["sqs"]},
                    "approvals": [{"success": {}, "heartbeat": true}]}],
        "mistakes": [{"file": "mistakes/missing.asl.json", "message": "m", "fails": "no such check"}]});
    let text = bad.to_string();
    let error = Lesson::load("bad", |name| match name {
        "lesson.json" => Some(text.clone()),
        "instructions.md" | "starter.asl.json" | "solution.asl.json" => Some(PASS.into()),
        _ => None,
    })
    .expect_err("the lesson is invalid");
    let all = error.problems.join("\n");
    for expected in [
        "id 'Bad Id' must be lowercase",
        "lessons answer task tokens with a check's 'approvals'",
        "run.startTime 'yesterday' is not an RFC 3339 time",
        "run.testCase needs run.mocks",
        "definition[0]: the matcher is empty",
        "definition[1]: a rule takes only one of",
        "checks[0].approvals[0]: an approval answers with exactly one of",
        "'sqs' is not a JSON pointer",
        "mistakes[0]: the file mistakes/missing.asl.json is missing",
    ] {
        assert!(all.contains(expected), "missing '{expected}' in:\n{all}");
    }
}

#[test]
fn a_check_can_take_its_task_results_from_a_mock_configuration() {
    let machine = r#"{"StartAt": "Start Backup", "States": {
        "Start Backup": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:backup", "Next": "Backup Successful?"},
        "Backup Successful?": {"Type": "Choice", "Choices": [{"Variable": "$.IsBackupSuccessful", "BooleanEquals": true, "Next": "Yes"}], "Default": "No"},
        "Yes": {"Type": "Succeed"}, "No": {"Type": "Fail", "Error": "BackupFailed"}}}"#;
    let mocks = json!({"StateMachines": {"Backup": {"TestCases": {"Fails": {"Start Backup": "NotOk"}, "Works": {"Start Backup": "Ok"}}}},
        "MockedResponses": {"Ok": {"0": {"Return": {"IsBackupSuccessful": true}}}, "NotOk": {"0": {"Return": {"IsBackupSuccessful": false}}}}});
    let metadata = json!({"id": "t", "title": "T", "summary": "S",
    "run": {"mocks": mocks, "testCase": "Works"},
    "checks": [
        {"title": "works", "expect": {"status": "SUCCEEDED", "statesEntered": ["Start Backup", "Backup Successful?", "Yes"]}},
        {"title": "fails", "run": {"testCase": "Fails"}, "expect": {"status": "FAILED", "error": "BackupFailed"}}
    ]});
    let l = lesson(metadata, machine);
    let verdict = check(&l, machine);
    assert!(verdict.passed(), "{:?}", verdict.explanations());
}
