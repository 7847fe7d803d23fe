//! Every example and every built-in lesson's solution with its scenario (and tests/data's
//! definition that uses every kind of resource), exported in the three forms and checked with
//! the reference tools: cfn-lint (PyPI) over the CloudFormation templates, python-hcl2 (PyPI)
//! over the Terraform configurations, `bash -n` over the scripts, which then also run against a
//! fake `aws` (tests/data/fake-aws.sh) that keeps the definitions and policies they create.
//!
//! cfn-lint's errors and warnings both fail: a warning (a deprecated runtime, a property that
//! does nothing) means the template would deploy something other than what it says. Its
//! informational checks are not asked for. Without the Python tools the tests fail, telling to
//! run scripts/setup.sh, unless SFN_LAB_SKIP_PY_TOOLS=1.

use export::{Format, Inventory, Kind, Options, WorkflowType};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A definition to export, with its scenario and an input.
struct Case {
    name: String,
    definition: String,
    scenario: Option<Value>,
    input: Option<Value>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Every kind of resource at once (tests/data), the examples' folders, then the built-in lessons
/// (each with its first check's input).
fn cases() -> Vec<Case> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut cases = vec![Case {
        name: "everything".into(),
        definition: std::fs::read_to_string(data.join("everything.asl.json")).expect("tests/data"),
        scenario: read_json(&data.join("everything.scenario.json")),
        input: Some(serde_json::json!({"orderId": "o-1", "note": "it's"})),
    }];
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.join("definition.asl.json").is_file())
        .collect();
    examples.sort();
    for folder in examples {
        cases.push(Case {
            name: format!("example-{}", folder.file_name().unwrap().to_string_lossy()),
            definition: std::fs::read_to_string(folder.join("definition.asl.json")).expect("a definition"),
            scenario: read_json(&folder.join("scenario.json")),
            input: read_json(&folder.join("input.json")),
        });
    }
    for lesson in lessons::builtin::lessons().expect("the built-in track") {
        cases.push(Case {
            name: format!("lesson-{}", lesson.id),
            definition: lesson.solution.clone(),
            scenario: lesson.scenario.clone(),
            input: lesson.checks.first().map(|c| c.input.clone()),
        });
    }
    assert!(cases.len() >= 20, "examples and lessons: {}", cases.len());
    cases
}

/// A name prefix made from the case's name, as a learner would choose one.
fn prefix(case: &Case) -> String {
    let name: String = case
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(export::MAX_PREFIX)
        .collect();
    name.trim_end_matches('-').to_string()
}

/// One exported form, written to a file.
struct Exported {
    case: String,
    inventory: Inventory,
    workflow: WorkflowType,
    file: PathBuf,
}

/// Every case in `format`, as Standard, and as Express where the machine allows it.
fn export_all(format: Format, test: &str) -> Vec<Exported> {
    let dir = std::env::temp_dir().join(format!("sfn-lab-export-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let mut exported = Vec::new();
    for case in cases() {
        let inventory = Inventory::discover(&case.definition, case.scenario.as_ref())
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let mut workflows = vec![WorkflowType::Standard];
        if inventory.express_problems().is_empty() {
            workflows.push(WorkflowType::Express);
        }
        for workflow in workflows {
            let options = Options {
                name: prefix(&case),
                workflow,
                input: case.input.clone(),
            };
            let text =
                export::render(&inventory, &options, format).unwrap_or_else(|e| panic!("{}: {e}", case.name));
            let extension = format.file_name().rsplit('.').next().unwrap_or("txt");
            let file = dir.join(format!(
                "{}-{}.{extension}",
                case.name,
                workflow.as_aws().to_lowercase()
            ));
            std::fs::write(&file, text).expect("written");
            exported.push(Exported {
                case: case.name.clone(),
                inventory: inventory.clone(),
                workflow,
                file,
            });
        }
    }
    exported
}

/// Removes what a test wrote, once it passed (a failing test leaves it to look at).
fn clean_up(exported: &[Exported]) {
    if let Some(dir) = exported.first().and_then(|e| e.file.parent()) {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Whether cfn-lint and python-hcl2 can run; a failure telling how to install them when not,
/// unless SFN_LAB_SKIP_PY_TOOLS=1.
fn python_tools() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import cfnlint, hcl2"])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    if std::env::var("SFN_LAB_SKIP_PY_TOOLS").as_deref() == Ok("1") {
        eprintln!("skipped: cfn-lint and python-hcl2 are not installed (SFN_LAB_SKIP_PY_TOOLS=1)");
        return false;
    }
    panic!(
        "cfn-lint and python-hcl2 (PyPI) are not installed: run scripts/setup.sh \
         (or set SFN_LAB_SKIP_PY_TOOLS=1 to skip the checks that need them)"
    );
}

/// Runs scripts/export-check.py and reads what it prints.
fn export_check(command: &str, files: &[&Path]) -> Value {
    let output = Command::new("python3")
        .arg(root().join("scripts/export-check.py"))
        .arg(command)
        .args(files)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "export-check.py {command} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("export-check.py prints JSON")
}

fn created(inventory: &Inventory, kind: Kind) -> usize {
    inventory
        .resources()
        .filter(|r| r.kind == kind && r.created())
        .count()
}

#[test]
fn every_cloudformation_template_passes_cfn_lint() {
    let exported = export_all(Format::CloudFormation, "cfn");
    for export in &exported {
        let template: Value = serde_json::from_str(&std::fs::read_to_string(&export.file).unwrap()).unwrap();
        let resources = template["Resources"].as_object().expect("Resources");
        let machine = &resources["StateMachine"]["Properties"];
        assert_eq!(
            machine["StateMachineType"],
            export.workflow.as_aws(),
            "{}",
            export.case
        );
        assert!(
            resources.contains_key("StateMachineRole"),
            "{}: the role is always there",
            export.case
        );
        let of_type = |t: &str| resources.values().filter(|r| r["Type"] == t).count();
        assert_eq!(
            of_type("AWS::Lambda::Function"),
            created(&export.inventory, Kind::Function),
            "{}",
            export.case
        );
        assert_eq!(
            of_type("AWS::SQS::Queue"),
            created(&export.inventory, Kind::Queue),
            "{}",
            export.case
        );
        assert_eq!(
            of_type("AWS::DynamoDB::Table"),
            created(&export.inventory, Kind::Table),
            "{}",
            export.case
        );
        assert_eq!(
            of_type("AWS::S3::Bucket"),
            created(&export.inventory, Kind::Bucket),
            "{}",
            export.case
        );
    }
    if !python_tools() {
        return;
    }
    let files: Vec<&Path> = exported.iter().map(|e| e.file.as_path()).collect();
    let findings = export_check("cfn-lint", &files);
    let findings: Vec<String> = findings
        .as_array()
        .expect("a list")
        .iter()
        .map(|f| {
            format!(
                "{} {} at line {} of {}: {}",
                f["level"], f["rule"], f["line"], f["file"], f["message"]
            )
        })
        .collect();
    assert!(
        findings.is_empty(),
        "cfn-lint over {} templates:\n{}",
        files.len(),
        findings.join("\n")
    );
    eprintln!("cfn-lint: no finding over {} templates", files.len());
    clean_up(&exported);
}

#[test]
fn every_terraform_configuration_parses_with_its_resources() {
    let exported = export_all(Format::Terraform, "tf");
    if !python_tools() {
        return;
    }
    let files: Vec<&Path> = exported.iter().map(|e| e.file.as_path()).collect();
    let parsed = export_check("hcl2", &files);
    for export in &exported {
        let blocks = &parsed[export.file.to_string_lossy().as_ref()];
        let count = |block: &str, kind: &str| blocks[block][kind].as_array().map(Vec::len).unwrap_or(0);
        let named = |block: &str, kind: &str, name: &str| {
            blocks[block][kind]
                .as_array()
                .is_some_and(|names| names.iter().any(|n| n == name))
        };
        let case = &export.case;
        assert!(
            named("resource", "aws_sfn_state_machine", "main"),
            "{case}: {blocks}"
        );
        assert!(
            named("resource", "aws_iam_role", "state_machine"),
            "{case}: {blocks}"
        );
        assert_eq!(
            blocks["variable"],
            serde_json::json!(["region", "name_prefix"]),
            "{case}"
        );
        let inventory = &export.inventory;
        let expected: BTreeMap<&str, usize> = [
            ("aws_lambda_function", created(inventory, Kind::Function)),
            ("aws_sqs_queue", created(inventory, Kind::Queue)),
            ("aws_sns_topic", created(inventory, Kind::Topic)),
            ("aws_dynamodb_table", created(inventory, Kind::Table)),
            ("aws_s3_bucket", created(inventory, Kind::Bucket)),
            ("aws_cloudwatch_event_bus", created(inventory, Kind::EventBus)),
            ("aws_sfn_activity", created(inventory, Kind::Activity)),
            // The children, and the exported machine.
            (
                "aws_sfn_state_machine",
                created(inventory, Kind::StateMachine) + 1,
            ),
        ]
        .into();
        for (kind, n) in expected {
            assert_eq!(count("resource", kind), n, "{case}: {kind} in {blocks}");
        }
        let functions = created(inventory, Kind::Function);
        assert_eq!(
            count("data", "archive_file"),
            functions,
            "{case}: a zip per stub function"
        );
        let policy = !inventory.allowed_actions().is_empty();
        assert_eq!(
            named("resource", "aws_iam_role_policy", "state_machine"),
            policy,
            "{case}"
        );
    }
    eprintln!("python-hcl2: {} configurations parsed", files.len());
    clean_up(&exported);
}

#[test]
fn every_aws_cli_script_passes_bash_n() {
    let exported = export_all(Format::AwsCli, "cli");
    for export in &exported {
        let text = std::fs::read_to_string(&export.file).unwrap();
        assert!(text.starts_with("#!/usr/bin/env bash\n") && text.contains("\nset -euo pipefail\n"));
        let creates = |command: &str| text.matches(command).count();
        let inventory = &export.inventory;
        assert_eq!(
            creates("aws lambda create-function"),
            created(inventory, Kind::Function),
            "{}",
            export.case
        );
        assert_eq!(
            creates("aws sqs create-queue"),
            created(inventory, Kind::Queue),
            "{}",
            export.case
        );
        assert_eq!(
            creates("aws dynamodb create-table"),
            created(inventory, Kind::Table),
            "{}",
            export.case
        );
        assert_eq!(
            creates("aws stepfunctions create-state-machine"),
            created(inventory, Kind::StateMachine) + 1
        );
        let output = Command::new("bash")
            .arg("-n")
            .arg(&export.file)
            .output()
            .expect("bash runs");
        assert!(
            output.status.success(),
            "bash -n {}: {}",
            export.file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    clean_up(&exported);
}

/// A folder with the fake `aws` (tests/data/fake-aws.sh) and a `zip` that makes an empty file.
fn fake_bin() -> PathBuf {
    let bin = std::env::temp_dir().join(format!("sfn-lab-export-{}-bin", std::process::id()));
    std::fs::create_dir_all(&bin).expect("a temporary folder");
    let aws = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fake-aws.sh"))
        .unwrap();
    for (name, text) in [("aws", aws.as_str()), ("zip", "#!/bin/sh\n: > \"$2\"\n")] {
        let path = bin.join(name);
        std::fs::write(&path, text).expect("written");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("executable");
        }
    }
    bin
}

#[test]
fn every_aws_cli_script_runs_against_a_fake_aws() {
    let exported = export_all(Format::AwsCli, "run");
    let bin = fake_bin();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    for (n, export) in exported.iter().enumerate() {
        let kept = bin.with_file_name(format!("sfn-lab-export-{}-run-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&kept);
        std::fs::create_dir_all(&kept).expect("a temporary folder");
        let output = Command::new("bash")
            .arg(&export.file)
            .env("PATH", &path)
            .env("FAKE_AWS_DIR", &kept)
            .env("AWS_REGION", "eu-west-1")
            .env_remove("NAME_PREFIX")
            .output()
            .expect("bash runs");
        let case = &export.case;
        assert!(
            output.status.success(),
            "{case}: {}\n{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        );
        let read = |file: &str| std::fs::read_to_string(kept.join(file)).ok();
        let machines = created(&export.inventory, Kind::StateMachine) + 1;
        let mut definition = String::new();
        for n in 1..=machines {
            definition =
                read(&format!("definition-{n}.json")).unwrap_or_else(|| panic!("{case}: definition {n}"));
            let parsed: Result<Value, _> = serde_json::from_str(&definition);
            assert!(
                parsed.is_ok() && !definition.contains("@@"),
                "{case}: {definition}"
            );
        }
        // The last one is the exported machine's: what its states use is the created resources.
        for resource in export.inventory.resources().filter(|r| r.created()) {
            if resource.uses.iter().any(|u| u.machine.is_none()) {
                let aws_name = format!("{}-{}", prefix_of(case), resource.aws_name);
                assert!(
                    definition.contains(&aws_name),
                    "{case}: {aws_name} in {definition}"
                );
            }
        }
        if let Some(policy) = read("policy-1.json") {
            let parsed: Value =
                serde_json::from_str(&policy).unwrap_or_else(|e| panic!("{case}: {e}: {policy}"));
            let text = parsed.to_string();
            assert!(!text.contains('$') && text.contains("arn:aws:"), "{case}: {text}");
        }
        let _ = std::fs::remove_dir_all(&kept);
    }
    let _ = std::fs::remove_dir_all(&bin);
    clean_up(&exported);
}

fn prefix_of(case: &str) -> String {
    prefix(&Case {
        name: case.to_string(),
        definition: String::new(),
        scenario: None,
        input: None,
    })
}
