//! Workflow variables in JSONPath states: Assign, `$name` references, evaluation order and scope.

mod common;
use common::{problems, run_text};
use serde_json::json;

#[test]
fn assigned_values_are_read_by_later_states() {
    let result = run_text(
        r#"{"StartAt": "Remember", "States": {
            "Remember": {"Type": "Pass", "Result": {"answer": 42}, "Assign": {"theAnswer.$": "$.answer", "label": "life"}, "Next": "Use"},
            "Use": {"Type": "Pass", "Parameters": {"a.$": "$theAnswer", "l.$": "$label", "literal": "$label"}, "End": true}}}"#,
        json!({}),
    );
    assert_eq!(
        result.output,
        Some(json!({"a": 42, "l": "life", "literal": "$label"}))
    );
    let exited = result.events[2].to_json();
    assert_eq!(
        exited["stateExitedEventDetails"]["assignedVariables"],
        json!({"label": "\"life\"", "theAnswer": "42"})
    );
    assert_eq!(
        result.trace[0].flow.assigned.as_deref(),
        Some(&json!({"label": "life", "theAnswer": 42}))
    );
}

#[test]
fn every_right_hand_side_sees_the_values_from_before_the_state() {
    let result = run_text(
        r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
            "B": {"Type": "Pass", "Assign": {"x": 2, "old.$": "$x"}, "Next": "C"},
            "C": {"Type": "Pass", "Parameters": {"x.$": "$x", "old.$": "$old"}, "End": true}}}"#,
        json!({}),
    );
    assert_eq!(result.output, Some(json!({"x": 2, "old": 1})));
}

#[test]
fn choice_rules_and_wait_read_variables() {
    let result = run_text(
        r#"{"StartAt": "Setup", "States": {
            "Setup": {"Type": "Pass", "Assign": {"guess": "a", "answer": "b", "pause": 5}, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$guess", "StringEqualsPath": "$answer", "Next": "Done"}], "Default": "Fix"},
            "Fix": {"Type": "Wait", "SecondsPath": "$pause", "Assign": {"guess.$": "$answer"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}}}"#,
        json!({}),
    );
    assert_eq!(
        result.states_entered(),
        ["Setup", "Check", "Fix", "Check", "Done"]
    );
    assert_eq!(
        result.events.last().unwrap().timestamp.to_iso8601(),
        "2024-01-01T00:00:05.000Z"
    );
}

#[test]
fn a_choice_assigns_from_the_matching_rule_or_its_default() {
    let definition = r#"{"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Assign": {"status": "OTHER"}, "Default": "Out",
              "Choices": [{"Variable": "$.n", "NumericEquals": 42, "Assign": {"status": "FOUND"}, "Next": "Out"}]},
        "Out": {"Type": "Pass", "Parameters": {"status.$": "$status"}, "End": true}}}"#;
    assert_eq!(
        run_text(definition, json!({"n": 42})).output,
        Some(json!({"status": "FOUND"}))
    );
    assert_eq!(
        run_text(definition, json!({"n": 7})).output,
        Some(json!({"status": "OTHER"}))
    );
}

#[test]
fn map_iterations_read_outer_variables_and_keep_their_own() {
    let result = run_text(
        r#"{"StartAt": "Setup", "States": {
            "Setup": {"Type": "Pass", "Assign": {"prefix": "item-", "count": 0}, "Next": "Each"},
            "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Name", "States": {
                "Name": {"Type": "Pass", "Assign": {"mine": 99}, "Parameters": {"name.$": "States.Format('{}{}', $prefix, $)"}, "End": true}}},
              "Next": "After"},
            "After": {"Type": "Pass", "Parameters": {"names.$": "$[*].name", "count.$": "$count"}, "End": true}}}"#,
        json!([1, 2]),
    );
    assert_eq!(
        result.output,
        Some(json!({"names": ["item-1", "item-2"], "count": 0}))
    );
}

#[test]
fn a_catcher_can_assign_from_the_error() {
    let result = common::run_mocked(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"why.$": "$.Cause"}, "Next": "Report"}]},
            "Report": {"Type": "Pass", "Parameters": {"why.$": "$why"}, "End": true}}}"#,
        json!({}),
        json!({"T": [{"Throw": {"Error": "Boom", "Cause": "it broke"}}]}),
    );
    assert_eq!(result.output, Some(json!({"why": "it broke"})));
}

#[test]
fn an_undefined_variable_is_a_runtime_error() {
    let result = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$nope", "End": true}}}"#,
        json!({}),
    );
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert!(result
        .cause
        .unwrap()
        .contains("The variable 'nope' is not defined"));
}

#[test]
fn variable_names_are_checked() {
    let long = "v".repeat(81);
    let definition = format!(
        r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Pass", "End": true,
            "Assign": {{"states": 1, "9lives": 2, "a-b": 3, "{long}": 4, "prénom": 5, "v{}": 6}}}}}}}}"#,
        "v".repeat(79)
    );
    let found = common::diagnostics(&definition);
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(found[0].0, "/States/P/Assign/states");
    assert!(found[0].1.contains("reserved"));
    assert_eq!(found[1].0, "/States/P/Assign/9lives");
    assert_eq!(found[2].0, "/States/P/Assign/a-b");
    assert_eq!(found[3].0, format!("/States/P/Assign/{long}"));
    assert!(found[3].1.contains("longer than 80 characters"));
    // The same rules hold in JSONata states, catchers and Choice rules.
    let jsonata = r#"{"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Assign": {"1st": 1}, "Next": "T"}]},
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Assign": {"ok": 1, "no way": 2}, "End": true,
              "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"$x": 1}, "Next": "C"}]}}}"#;
    let locations: Vec<String> = problems(jsonata).into_iter().map(|(_, at)| at).collect();
    assert_eq!(
        locations,
        [
            "/States/C/Choices/0/Assign/1st",
            "/States/T/Assign/no way",
            "/States/T/Catch/0/Assign/$x"
        ]
    );
}

#[test]
fn a_nested_scope_cannot_assign_a_variable_of_an_outer_scope() {
    let definition = r#"{"StartAt": "Setup", "States": {
        "Setup": {"Type": "Pass", "Assign": {"count": 0}, "Next": "Both"},
        "Both": {"Type": "Parallel", "End": true,
          "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"count": 1}, "Next": "Setup"}],
          "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"count.$": "$", "mine": 1}, "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Map", "End": true, "Assign": {"mine": 2},
              "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Assign": {"count": 3}, "End": true}}}}}}
          ]}}}"#;
    let found = common::diagnostics(definition);
    // The catcher assigns in the Parallel state's own scope, and sibling branches may both
    // assign `mine`: only the two inner `count`s are refused.
    assert_eq!(
        found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        [
            "/States/Both/Branches/0/States/A/Assign/count.$",
            "/States/Both/Branches/1/States/B/ItemProcessor/States/I/Assign/count"
        ]
    );
    assert!(found[0]
        .1
        .contains("'count' is already assigned in an outer scope (at /States/Setup/Assign/count)"));
}

#[test]
fn variables_over_aws_size_limits_fail_with_data_limit_exceeded() {
    let big = "x".repeat(200 * 1024);
    // One variable over 256 KiB.
    let one = run_text(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"v.$": "States.Format('{}{}', $.big, $.big)"}, "End": true}}}"#,
        json!({"big": big}),
    );
    assert_eq!(one.error.as_deref(), Some("States.DataLimitExceeded"));
    assert!(one.cause.unwrap().contains(
        "The value assigned to the variable 'v' is 409602 bytes, more than the 262144 bytes (256 KiB)"
    ));
    // Two under the limit each, over it together in one Assign.
    let two = run_text(
        r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true,
            "Assign": {"a": "{% $states.input.big %}", "b": "{% $states.input.big %}"}}}}"#,
        json!({"big": big}),
    );
    assert_eq!(two.error.as_deref(), Some("States.DataLimitExceeded"));
    assert!(two
        .cause
        .unwrap()
        .contains("more than the 262144 bytes (256 KiB) one Assign can set"));
    // 200 KiB at a time under a new name each: the execution's 10 MiB run out at the 52nd.
    let states: Vec<String> = (0..60)
        .map(|i| {
            format!(
                r#""S{i}": {{"Type": "Pass", "Assign": {{"v{i}": "{{% $states.input.big %}}"}}, "Next": "S{}"}}"#,
                i + 1
            )
        })
        .collect();
    let many = run_text(
        &format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "S0", "States": {{{}, "S60": {{"Type": "Succeed"}}}}}}"#,
            states.join(",")
        ),
        json!({"big": big}),
    );
    assert_eq!(many.error.as_deref(), Some("States.DataLimitExceeded"));
    assert!(many
        .cause
        .unwrap()
        .contains("more than the 10485760 bytes (10 MiB) an execution can store"));
    let stored = many
        .events
        .iter()
        .filter(|e| e.event_type() == "PassStateExited")
        .count();
    assert_eq!(stored, 51);
}
