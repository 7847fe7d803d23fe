//! Every built-in lesson loads, its solution passes every check, and its starter does not.

use lessons::{builtin, check, Verdict};

#[test]
fn every_lesson_loads() {
    let lessons = builtin::lessons()
        .unwrap_or_else(|errors| panic!("{}", errors.iter().map(ToString::to_string).collect::<String>()));
    assert!(!lessons.is_empty(), "lessons/ holds at least one lesson");
    let mut ids: Vec<_> = lessons.iter().map(|l| l.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), lessons.len(), "lesson ids are unique");
}

#[test]
fn every_solution_passes_and_no_starter_does() {
    for lesson in builtin::lessons().expect("lessons load") {
        let verdict = check(&lesson, &lesson.solution);
        assert!(
            verdict.passed(),
            "the solution of '{}' fails: {verdict:#?}",
            lesson.id
        );
        let verdict = check(&lesson, &lesson.starter);
        assert!(!verdict.passed(), "the starter of '{}' already passes", lesson.id);
    }
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
    let Verdict::Ran(outcomes) = check(&lesson, wrong) else {
        panic!("the definition is valid")
    };
    assert_eq!(
        outcomes[0].problems,
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
    let Verdict::Ran(outcomes) = check(&lesson, hard_coded) else {
        panic!("the definition is valid")
    };
    assert!(outcomes[0].passed);
    assert!(!outcomes[1].passed);
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
