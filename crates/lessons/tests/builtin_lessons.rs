//! The built-in track: it loads, it passes the author's audit (every solution passes, every
//! starter fails, every shipped mistake fails with its message), and it is the size the issue asks.

use lessons::audit::{audit_track, MIN_MISTAKES};
use lessons::{builtin, check, Verdict};

#[test]
fn the_track_loads_with_unique_ids() {
    let track = builtin::track().unwrap_or_else(|problems| panic!("{}", problems.join("\n")));
    let mut ids: Vec<_> = track.lessons().map(|l| l.id.as_str()).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "lesson ids are unique");
}

#[test]
fn the_built_in_track_passes_the_audit() {
    let track = builtin::track().expect("the track loads");
    let problems = audit_track(&track);
    assert!(problems.is_empty(), "the audit found:\n{}", problems.join("\n"));
}

#[test]
fn the_track_has_at_least_16_lessons_each_with_three_mistakes() {
    let track = builtin::track().expect("the track loads");
    assert!(
        track.lessons().count() >= 16,
        "{} lessons",
        track.lessons().count()
    );
    for lesson in track.lessons() {
        assert!(
            lesson.mistakes.len() >= MIN_MISTAKES,
            "{} ships {} mistakes",
            lesson.id,
            lesson.mistakes.len()
        );
        assert!(!lesson.concepts.is_empty(), "{} lists no concepts", lesson.id);
    }
}

#[test]
fn the_stepfunctions_lab_definitions_are_the_published_ones() {
    // The two workflows of stepfunctions_lab, as published (ARNs filled in): the lessons teach them unchanged.
    let lessons = builtin::lessons().expect("lessons load");
    let solution = |id: &str| -> serde_json::Value {
        let lesson = lessons.iter().find(|l| l.id == id).expect("the lesson exists");
        serde_json::from_str(&lesson.solution).expect("JSON")
    };
    let backup = solution("backup-workflow");
    assert_eq!(
        backup["States"]["Backup Successful?"]["Choices"][0]["Variable"],
        "$.IsBackupSuccessful"
    );
    assert_eq!(backup["States"]["Wait 3 sec"]["Seconds"], 3);
    let approval = solution("approval-workflow");
    assert_eq!(
        approval["States"]["Request Approval"]["Resource"],
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    );
    assert_eq!(
        approval["States"]["Request Approval"]["Parameters"]["MessageBody"]["TaskToken.$"],
        "$$.Task.Token"
    );
}

#[test]
fn a_wrong_answer_is_told_what_is_wrong() {
    let lesson = builtin::lessons()
        .expect("lessons load")
        .into_iter()
        .find(|l| l.id == "hello-pass")
        .expect("hello-pass exists");
    let wrong = r#"{"StartAt": "Greet", "States": {"Greet": {"Type": "Pass",
        "Parameters": {"greeting": "Hi", "name.$": "$.user.last"}, "End": true}}}"#;
    let Verdict::Ran(report) = check(&lesson, wrong) else {
        panic!("the definition is valid")
    };
    assert_eq!(
        report.checks[0].problems,
        vec![
            "output: $.greeting is \"Hi\"; expected \"Hello\"",
            "output: $.name is \"Lovelace\"; expected \"Ada\"",
            "output: $.plan is missing; expected \"free\"",
        ]
    );
}

#[test]
fn a_hard_coded_answer_fails_the_second_check() {
    let lesson = builtin::lessons()
        .expect("lessons load")
        .into_iter()
        .find(|l| l.id == "hello-pass")
        .expect("hello-pass exists");
    let hard_coded = r#"{"StartAt": "Greet", "States": {"Greet": {"Type": "Pass",
        "Result": {"greeting": "Hello", "name": "Ada", "plan": "free"}, "End": true}}}"#;
    let Verdict::Ran(report) = check(&lesson, hard_coded) else {
        panic!("the definition is valid")
    };
    assert!(report.checks[0].passed);
    assert!(!report.checks[1].passed);
}

#[test]
fn an_invalid_definition_is_reported_with_its_location() {
    let lesson = builtin::lessons().expect("lessons load").remove(0);
    let Verdict::Invalid(error) = check(
        &lesson,
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Bogus\", \"End\": true}}\n}",
    ) else {
        panic!("the definition is invalid")
    };
    let diagnostic = &error.diagnostics[0];
    assert_eq!(diagnostic.location, "/States/A/Type");
    assert_eq!(diagnostic.position.map(|p| (p.line, p.column)), Some((3, 20)));
}

#[test]
fn the_page_shows_the_same_track_without_the_interpreter_s_checks() {
    let full = builtin::track().expect("the track loads");
    let shown = builtin::track_to_show().expect("the track loads for showing");
    assert_eq!(shown, full);
}
