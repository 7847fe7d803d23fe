//! The sfn-lab binary as a user runs it: output shape, exit codes, stdin, errors on stderr.

use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn sfn_lab(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sfn-lab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sfn-lab starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin accepts input");
    child.wait_with_output().expect("sfn-lab finishes")
}

/// A file in a fresh temporary folder of this test process.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sfn-lab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file");
    path
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

const GREET: &str = r#"{"StartAt": "Greet", "States": {
  "Greet": {"Type": "Pass", "Parameters": {"hello.$": "$.name"}, "ResultPath": "$.greeting", "Next": "Done"},
  "Done": {"Type": "Succeed", "OutputPath": "$.greeting"}}}"#;

#[test]
fn run_prints_status_output_and_history() {
    let definition = temp_file("greet.json", GREET);
    let input = temp_file("input.json", r#"{"name": "Ada"}"#);
    let output = sfn_lab(
        &[
            "run",
            "--definition",
            definition.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result = stdout_json(&output);
    assert_eq!(result["status"], "SUCCEEDED");
    assert_eq!(result["output"], json!({"hello": "Ada"}));
    assert_eq!(result["error"], Value::Null);
    let types: Vec<&str> = result["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "SucceedStateEntered",
            "SucceedStateExited",
            "ExecutionSucceeded"
        ]
    );
    let events = result["events"].as_array().unwrap();
    let links: Vec<(u64, u64)> = events
        .iter()
        .map(|e| (e["id"].as_u64().unwrap(), e["previousEventId"].as_u64().unwrap()))
        .collect();
    assert_eq!(links, [(1, 0), (2, 0), (3, 2), (4, 3), (5, 4), (6, 5)]);
    assert_eq!(
        events[1]["stateEnteredEventDetails"]["input"],
        r#"{"name":"Ada"}"#
    );
    assert_eq!(
        events[2]["stateExitedEventDetails"]["output"],
        r#"{"name":"Ada","greeting":{"hello":"Ada"}}"#
    );
    assert_eq!(
        events[5]["executionSucceededEventDetails"]["output"],
        r#"{"hello":"Ada"}"#
    );
}

#[test]
fn run_reads_input_from_stdin_and_exits_2_on_failure() {
    let definition = temp_file(
        "fail.json",
        r#"{"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "ErrorPath": "$.e", "Cause": "it broke"}}}"#,
    );
    let output = sfn_lab(
        &[
            "run",
            "--definition",
            definition.to_str().unwrap(),
            "--input",
            "-",
        ],
        r#"{"e": "Custom.Error"}"#,
    );
    assert_eq!(output.status.code(), Some(2));
    let result = stdout_json(&output);
    assert_eq!(result["status"], "FAILED");
    assert_eq!(result["error"], "Custom.Error");
    assert_eq!(result["cause"], "it broke");
    assert_eq!(result["output"], Value::Null);
}

#[test]
fn invalid_definition_exits_1_with_located_errors_on_stderr() {
    let definition = temp_file(
        "bad.json",
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Passs\", \"End\": true}\n  }\n}",
    );
    let output = sfn_lab(&["run", "--definition", definition.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("'Passs' is not a state type"), "{stderr}");
    assert!(stderr.contains("/States/A/Type (line 4, column 11)"), "{stderr}");
}

#[test]
fn bad_json_reports_line_and_column() {
    let definition = temp_file("syntax.json", "{\n  \"StartAt\": \"A\"\n  \"States\": {}\n}");
    let output = sfn_lab(&["run", "--definition", definition.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("INVALID_JSON_DESCRIPTION"), "{stderr}");
    assert!(stderr.contains("line 3, column 3"), "{stderr}");

    let good = temp_file("good.json", GREET);
    let output = sfn_lab(
        &["run", "--definition", good.to_str().unwrap(), "--input", "-"],
        "{oops",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("the input on standard input is not JSON: invalid JSON at line 1, column 2"));
}

#[test]
fn validate_reports_every_problem_at_once() {
    let definition = temp_file(
        "many.json",
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere", "InputPath": 3}, "B": {"Type": "Fail", "Bogus": 1}}}"#,
    );
    let output = sfn_lab(&["validate", definition.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    assert_eq!(report["result"], "FAIL");
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["location"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/A/InputPath".to_string()
            ),
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/B/Bogus".to_string()
            ),
            (
                "MISSING_TRANSITION_TARGET".to_string(),
                "/States/A/Next".to_string()
            ),
            ("UNREACHABLE_STATE".to_string(), "/States/B".to_string()),
        ]
    );
    let ok = temp_file("ok.json", GREET);
    let output = sfn_lab(&["validate", ok.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout_json(&output), json!({"result": "OK", "diagnostics": []}));
}

#[test]
fn check_runs_a_lesson_from_its_folder() {
    let lesson = concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons/01-hello-pass");
    let output = sfn_lab(&["check", "--lesson", lesson], "");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let output = sfn_lab(&["check", "--lesson", lesson, "--definition", "-"], GREET);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout_json(&output)["passed"], false);
}

#[test]
fn usage_errors_exit_1() {
    let output = sfn_lab(&["run"], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("run needs --definition FILE"));
}

#[test]
fn runs_are_deterministic_and_their_identity_is_settable() {
    let definition = temp_file(
        "identity.json",
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true,
            "Parameters": {"name.$": "$$.Execution.Name", "at.$": "$$.Execution.StartTime", "id.$": "States.UUID()"}}}}"#,
    );
    let args = [
        "run",
        "--definition",
        definition.to_str().unwrap(),
        "--execution-name",
        "nightly",
        "--start-time",
        "2025-03-01T02:00:00Z",
        "--seed",
        "7",
    ];
    let first = stdout_json(&sfn_lab(&args, ""));
    let second = stdout_json(&sfn_lab(&args, ""));
    assert_eq!(first, second);
    assert_eq!(first["output"]["name"], "nightly");
    assert_eq!(first["output"]["at"], "2025-03-01T02:00:00.000Z");
    let mut other_seed = args;
    other_seed[8] = "8";
    assert_ne!(
        stdout_json(&sfn_lab(&other_seed, ""))["output"]["id"],
        first["output"]["id"]
    );
}

#[test]
fn mocks_come_from_a_step_functions_local_configuration() {
    let definition = temp_file(
        "backup.json",
        r#"{"StartAt": "Start Backup", "States": {
            "Start Backup": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:backup", "Next": "Backup Successful?"},
            "Backup Successful?": {"Type": "Choice", "Choices": [{"Variable": "$.IsBackupSuccessful", "BooleanEquals": true, "Next": "Yes"}], "Default": "No"},
            "Yes": {"Type": "Succeed"}, "No": {"Type": "Fail", "Error": "BackupFailed"}}}"#,
    );
    let mocks = temp_file(
        "mocks.json",
        r#"{"StateMachines": {"Backup": {"TestCases": {"Fails": {"Start Backup": "NotOk"}, "Works": {"Start Backup": "Ok"}}}},
            "MockedResponses": {"Ok": {"0": {"Return": {"IsBackupSuccessful": true}}}, "NotOk": {"0": {"Return": {"IsBackupSuccessful": false}}}}}"#,
    );
    let run = |case: &str| {
        sfn_lab(
            &[
                "run",
                "--definition",
                definition.to_str().unwrap(),
                "--mocks",
                mocks.to_str().unwrap(),
                "--test-case",
                case,
            ],
            "",
        )
    };
    assert_eq!(run("Works").status.code(), Some(0));
    let failed = run("Fails");
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(stdout_json(&failed)["error"], "BackupFailed");
    let unknown = run("Nope");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no test case 'Nope'"));
}

#[test]
fn scenario_and_callback_script_run_the_approval_workflow() {
    let lesson = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../lessons/09-approval-workflow/solution.asl.json"
    );
    let scenario = temp_file(
        "approval-scenario.json",
        r#"{"services": {"lambda": {"functions": {"process-order": {"returns": {"IsOrderProcessed": true}}}},
                         "sqs": {"queues": {"orders.fifo": {"contentBasedDeduplication": true}}}}}"#,
    );
    // No callback yet: the execution waits, exit code 3, the pending task is shown.
    let waiting = sfn_lab(
        &[
            "run",
            "--definition",
            lesson,
            "--scenario",
            scenario.to_str().unwrap(),
            "--services",
        ],
        "",
    );
    assert_eq!(waiting.status.code(), Some(3));
    let result = stdout_json(&waiting);
    assert_eq!(result["status"], "RUNNING");
    assert_eq!(result["pendingTasks"][0]["state"], "Request Approval");
    let body = result["services"]["sqs"]["queues"]["orders.fifo"]["messages"][0]["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(body.contains("TaskToken"));

    let callbacks = temp_file(
        "approve.json",
        r#"[{"state": "Request Approval", "afterSeconds": 60, "success": {"status": "SUCCESS"}}]"#,
    );
    let approved = sfn_lab(
        &[
            "run",
            "--definition",
            lesson,
            "--scenario",
            scenario.to_str().unwrap(),
            "--callbacks",
            callbacks.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(
        approved.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&approved.stdout)
    );
    assert_eq!(stdout_json(&approved)["output"], json!({"status": "SUCCESS"}));

    let bad = temp_file(
        "bad-scenario.json",
        r#"{"services": {"lambda": {"functions": {"f": {"retrns": 1}}}}, "extra": 1}"#,
    );
    let invalid = sfn_lab(
        &["run", "--definition", lesson, "--scenario", bad.to_str().unwrap()],
        "",
    );
    assert_eq!(invalid.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&invalid.stderr);
    assert!(
        stderr.contains("unknown field 'extra'") && stderr.contains("retrns"),
        "{stderr}"
    );
}

#[test]
fn jsonata_definitions_run_validate_and_inspect_like_any_other() {
    let definition = temp_file(
        "jsonata.json",
        r#"{"QueryLanguage": "JSONata", "StartAt": "Total", "States": {
  "Total": {"Type": "Pass", "Assign": {"total": "{% $sum($states.input.prices) %}"},
            "Output": {"count": "{% $count($states.input.prices) %}"}, "Next": "Report"},
  "Report": {"Type": "Pass", "Output": "{% 'Total ' & $total & ' for ' & $states.input.count & ' items' %}", "End": true}}}"#,
    );
    let output = sfn_lab(
        &[
            "run",
            "--definition",
            definition.to_str().unwrap(),
            "--input",
            "-",
            "--inspect",
        ],
        r#"{"prices": [3, 4]}"#,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = stdout_json(&output);
    assert_eq!(report["output"], "Total 7 for 2 items");
    let exited: Vec<&Value> = report["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "PassStateExited")
        .collect();
    assert_eq!(
        exited[0]["stateExitedEventDetails"]["assignedVariables"],
        json!({"total": "7"})
    );
    let first = &report["inspection"][0];
    assert_eq!(first["assigned"], json!({"total": 7}));
    assert_eq!(first["variablesAfter"], json!({"total": 7}));
    assert_eq!(report["inspection"][1]["variablesBefore"], json!({"total": 7}));

    // validate names every JSONata problem with its field, line and column.
    let broken = temp_file(
        "broken-jsonata.json",
        r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
  "P": {"Type": "Pass",
        "Output": {"a": "{% $states.input.( %}", "b": "{% $states.result %}"},
        "InputPath": "$.x", "End": true}}}"#,
    );
    let output = sfn_lab(&["validate", broken.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    let found: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["location"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("/States/P/InputPath".to_string(), 4),
            ("/States/P/Output/a".to_string(), 3),
            ("/States/P/Output/b".to_string(), 3),
        ]
    );
}
