//! Validation before running: every problem at once, with AWS's codes, JSON pointers, lines and columns.

mod common;
use asl::StateMachine;
use common::problems;

/// A diagnostic's code, JSON pointer, and line and column.
type Located = (String, String, Option<(usize, usize)>);

fn codes_and_positions(text: &str) -> Vec<Located> {
    match StateMachine::from_json_text(text) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    d.location.clone(),
                    d.position.map(|p| (p.line, p.column)),
                )
            })
            .collect(),
    }
}

#[test]
fn text_that_is_not_json_is_located() {
    assert_eq!(
        codes_and_positions("{\n  \"StartAt\": \"A\",\n  \"States\": {\n}"),
        [(
            "INVALID_JSON_DESCRIPTION".to_string(),
            String::new(),
            Some((4, 1))
        )]
    );
}

#[test]
fn a_state_name_written_twice_is_reported() {
    let text = "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"End\": true},\n  \"A\": {\"Type\": \"Succeed\"}\n}}";
    assert_eq!(
        codes_and_positions(text),
        [(
            "DUPLICATE_STATE_NAME".to_string(),
            "/States/A".to_string(),
            Some((3, 3))
        )]
    );
}

#[test]
fn state_names_must_be_unique_across_nested_graphs() {
    assert_eq!(
        problems(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "Done", "Branches": [
                {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}]},
               "Done": {"Type": "Succeed"}}}"#
        ),
        [("DUPLICATE_STATE_NAME".to_string(), "/States/Done".to_string())]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let found = problems(
        r#"{"StartAt": "Missing", "Bogus": 1, "States": {
            "A": {"Type": "Task", "Resource": "not-an-arn", "End": true, "Retry": [{"MaxAttempts": -1}]},
            "B": {"Type": "Wait", "Next": "A"},
            "C": {"Type": "Map", "End": true}}}"#,
    );
    let codes: Vec<(&str, &str)> = found.iter().map(|(c, l)| (c.as_str(), l.as_str())).collect();
    assert_eq!(
        codes,
        [
            ("SCHEMA_VALIDATION_FAILED", "/Bogus"),
            ("SCHEMA_VALIDATION_FAILED", "/States/A/Resource"),
            ("SCHEMA_VALIDATION_FAILED", "/States/A/Retry/0"),
            ("SCHEMA_VALIDATION_FAILED", "/States/A/Retry/0/MaxAttempts"),
            ("SCHEMA_VALIDATION_FAILED", "/States/B"),
            ("SCHEMA_VALIDATION_FAILED", "/States/C"),
            ("MISSING_TRANSITION_TARGET", "/StartAt"),
        ]
    );
}

#[test]
fn unknown_state_types_name_the_choices() {
    let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Lambda", "End": true}}}"#;
    let error = StateMachine::from_json_text(text).unwrap_err();
    assert_eq!(error.diagnostics[0].location, "/States/A/Type");
    assert!(error.diagnostics[0]
        .message
        .contains("'Lambda' is not a state type"));
    assert!(error.diagnostics[0]
        .message
        .contains("Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map"));
}

#[test]
fn catch_targets_and_states_all_placement_are_checked() {
    assert_eq!(
        problems(
            r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Nowhere"}, {"ErrorEquals": ["E"], "Next": "T"}]}}}"#
        ),
        [
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/T/Catch/0/ErrorEquals".to_string()
            ),
            (
                "MISSING_TRANSITION_TARGET".to_string(),
                "/States/T/Catch/0/Next".to_string()
            ),
        ]
    );
}
