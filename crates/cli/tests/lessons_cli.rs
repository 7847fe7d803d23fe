//! `sfn-lab lessons check` and `sfn-lab lessons pack` as an author runs them, and what `check`
//! and `run --cost` print: every problem at once, exit 0/1, packs that load back.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sfn_lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sfn-lab"))
        .args(args)
        .output()
        .expect("sfn-lab runs")
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
}

/// A copy of one built-in lesson in a fresh folder of this test, to break on purpose.
fn copy_lesson(name: &str, into: &str) -> PathBuf {
    let target = std::env::temp_dir().join(format!("sfn-lab-lessons-{}-{into}", std::process::id()));
    let _ = std::fs::remove_dir_all(&target);
    copy_dir(&lessons_dir().join(name), &target);
    target
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a temp folder");
    for entry in std::fs::read_dir(from).expect("readable").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copied");
        }
    }
}

#[test]
fn the_built_in_track_passes_lessons_check() {
    let output = sfn_lab(&["lessons", "check", lessons_dir().to_str().unwrap()]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(0), "{printed}");
    assert!(printed.contains(": all good"), "{printed}");
}

#[test]
fn a_broken_lesson_gets_every_problem_and_exit_1() {
    let folder = copy_lesson("06-backup-workflow", "broken");
    // The starter becomes the solution (so it passes), a mistake is fixed (so it passes), and the
    // instructions are gone.
    std::fs::copy(folder.join("solution.asl.json"), folder.join("starter.asl.json")).unwrap();
    let lesson: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("lesson.json")).unwrap()).unwrap();
    let mistake = lesson["mistakes"][0]["file"].as_str().unwrap().to_string();
    std::fs::copy(folder.join("solution.asl.json"), folder.join(&mistake)).unwrap();
    std::fs::write(folder.join("instructions.md"), "  \n").unwrap();
    let output = sfn_lab(&["lessons", "check", folder.to_str().unwrap()]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(1), "{printed}");
    for expected in [
        "instructions.md is empty",
        "the starter already passes every check",
        &format!("{mistake} passes every check, but it is a mistake"),
        "3 problem(s)",
    ] {
        assert!(printed.contains(expected), "missing '{expected}' in:\n{printed}");
    }
}

#[test]
fn a_mistake_whose_message_is_not_said_is_reported_with_what_was_said() {
    let folder = copy_lesson("06-backup-workflow", "message");
    let path = folder.join("lesson.json");
    let mut lesson: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    lesson["mistakes"][0]["message"] = Value::String("a sentence no verdict says".into());
    std::fs::write(&path, serde_json::to_string_pretty(&lesson).unwrap()).unwrap();
    let output = sfn_lab(&["lessons", "check", folder.to_str().unwrap()]);
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        printed.contains("the verdict does not say \"a sentence no verdict says\""),
        "{printed}"
    );
    assert!(printed.contains("it says: "), "{printed}");
}

#[test]
fn a_pack_is_written_and_checked_like_the_folder() {
    let pack = std::env::temp_dir().join(format!("sfn-lab-pack-{}.json", std::process::id()));
    let output = sfn_lab(&[
        "lessons",
        "pack",
        lessons_dir().to_str().unwrap(),
        "-o",
        pack.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&pack).unwrap()).unwrap();
    assert_eq!(written["format"], "sfn-lab-pack");
    assert!(written["files"]["track.json"].is_string());
    assert!(
        written["files"].get("README.md").is_none(),
        "author files stay out of packs"
    );
    let output = sfn_lab(&["lessons", "check", pack.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}

#[test]
fn check_prints_rules_approvals_and_cost() {
    let lesson = lessons_dir().join("09-approval-workflow");
    let output = sfn_lab(&["check", "--lesson", lesson.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let verdict: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(verdict["definition"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["passed"] == true));
    let first = &verdict["checks"][0];
    assert!(
        first["approvals"][0]
            .as_str()
            .unwrap()
            .contains("from the SQS message in queue"),
        "{first}"
    );
    assert_eq!(first["cost"]["workflowType"], "STANDARD");
    assert!(first["cost"]["usage"]["stateTransitions"].as_u64().unwrap() >= 3);
}

#[test]
fn run_with_cost_prices_the_execution() {
    let definition = lessons_dir().join("01-hello-pass/solution.asl.json");
    let input = std::env::temp_dir().join(format!("sfn-lab-cost-input-{}.json", std::process::id()));
    std::fs::write(&input, r#"{"user": {"first": "Ada"}, "plan": "free"}"#).unwrap();
    let output = sfn_lab(&[
        "run",
        "--definition",
        definition.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--cost",
        "--express",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["cost"]["workflowType"], "EXPRESS");
    assert_eq!(printed["cost"]["usage"]["billedDurationMs"], 100);
    assert!(printed["cost"]["prices"]
        .as_str()
        .unwrap()
        .contains("https://aws.amazon.com/step-functions/pricing/"));
}
