//! `sfn-lab export` as a user runs it: each form to standard output or into a folder, and a
//! clear message, exit 1, for every bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sfn_lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sfn-lab"))
        .args(args)
        .output()
        .expect("sfn-lab runs")
}

fn example(name: &str, file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
        .join(file);
    path.to_string_lossy().into_owned()
}

/// A fresh folder of this test process.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sfn-lab-export-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp folder");
    dir
}

fn fails_with(args: &[&str], message: &str) {
    let output = sfn_lab(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(
        stderr.contains(message),
        "{args:?}: expected '{message}' in:\n{stderr}"
    );
    assert!(output.stdout.is_empty(), "{args:?} printed on stdout");
}

#[test]
fn each_form_goes_to_standard_output() {
    let definition = example("approval-workflow", "definition.asl.json");
    let scenario = example("approval-workflow", "scenario.json");
    let input = example("approval-workflow", "input.json");
    for (format, expected) in [
        (
            "aws-cli",
            "aws sqs create-queue --queue-name \"$QUEUE_ORDERS_FIFO_NAME\" --attributes FifoQueue=true",
        ),
        ("cloudformation", "\"Type\": \"AWS::SQS::Queue\""),
        ("terraform", "resource \"aws_sqs_queue\" \"orders_fifo\""),
    ] {
        let args = [
            "export",
            "--definition",
            &definition,
            "--scenario",
            &scenario,
            "--input",
            &input,
            "--name",
            "approvals",
            "--format",
            format,
        ];
        let output = sfn_lab(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains(expected), "{format}: {text}");
        assert!(
            text.contains("approvals"),
            "{format}: the name prefixes the resources"
        );
        assert!(
            text.contains("o-42"),
            "{format}: the input is in the example of how to start it"
        );
    }
}

#[test]
fn into_a_folder_each_form_takes_its_usual_name() {
    let dir = temp_dir("folder");
    let definition = example("first-steps", "definition.asl.json");
    for (format, file) in [
        ("aws-cli", "deploy.sh"),
        ("cloudformation", "template.json"),
        ("terraform", "main.tf"),
    ] {
        let args = [
            "export",
            "--definition",
            &definition,
            "--format",
            format,
            "-o",
            dir.to_str().unwrap(),
        ];
        let output = sfn_lab(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(dir.join(file).is_file(), "{format} wrote {file}");
        assert!(String::from_utf8_lossy(&output.stdout).contains(file));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("deploy.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_ne!(mode & 0o111, 0, "the script is executable");
    }
    let named = dir.join("machine.tf");
    let output = sfn_lab(&[
        "export",
        "--definition",
        &definition,
        "--format",
        "terraform",
        "-o",
        named.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = std::fs::read_to_string(named).unwrap();
    assert!(
        text.contains("resource \"aws_sfn_state_machine\" \"main\""),
        "no resource, still the machine"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn every_bad_input_says_what_is_wrong() {
    let definition = example("approval-workflow", "definition.asl.json");
    let dir = temp_dir("bad");
    let broken = dir.join("broken.json");
    std::fs::write(
        &broken,
        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\"}}}",
    )
    .unwrap();
    let bad_scenario = dir.join("scenario.json");
    std::fs::write(&bad_scenario, "{\"services\": {\"sqs\": {\"queus\": {}}}}").unwrap();
    let not_json = dir.join("input.json");
    std::fs::write(&not_json, "{").unwrap();
    let (broken, bad_scenario, not_json) = (
        broken.to_str().unwrap(),
        bad_scenario.to_str().unwrap(),
        not_json.to_str().unwrap(),
    );
    fails_with(
        &["export", "--definition", &definition],
        "export needs --format aws-cli|cloudformation|terraform",
    );
    fails_with(
        &["export", "--format", "terraform"],
        "export needs --definition FILE",
    );
    fails_with(
        &["export", "--definition", &definition, "--format", "yaml"],
        "--format: unknown format 'yaml': use aws-cli, cloudformation or terraform",
    );
    fails_with(
        &[
            "export",
            "--definition",
            &definition,
            "--format",
            "terraform",
            "--type",
            "fast",
        ],
        "--type: unknown workflow type 'fast': use standard or express",
    );
    fails_with(
        &[
            "export",
            "--definition",
            &definition,
            "--format",
            "terraform",
            "--name",
            "My_Lab",
        ],
        "--name 'My_Lab' cannot prefix AWS resource names",
    );
    fails_with(
        &["export", "--definition", "missing.json", "--format", "aws-cli"],
        "cannot read missing.json",
    );
    fails_with(
        &["export", "--definition", broken, "--format", "aws-cli"],
        "is not a valid state machine",
    );
    fails_with(
        &[
            "export",
            "--definition",
            &definition,
            "--format",
            "aws-cli",
            "--type",
            "express",
        ],
        "cannot run as an Express workflow",
    );
    fails_with(
        &[
            "export",
            "--definition",
            &definition,
            "--format",
            "aws-cli",
            "--scenario",
            bad_scenario,
        ],
        "has problems",
    );
    fails_with(
        &[
            "export",
            "--definition",
            &definition,
            "--format",
            "aws-cli",
            "--input",
            not_json,
        ],
        "is not JSON",
    );
    fails_with(
        &[
            "export",
            "--definition",
            &definition,
            "--format",
            "aws-cli",
            "--extra",
        ],
        "unexpected argument '--extra'",
    );
    let _ = std::fs::remove_dir_all(dir);
}
