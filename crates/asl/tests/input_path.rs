//! InputPath: selecting the state's effective input.

mod common;
use common::{problems, run_text};
use serde_json::json;

fn pass_with_input_path(path: &str) -> String {
    format!(r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Pass", "InputPath": {path}, "End": true}}}}}}"#)
}

#[test]
fn selects_a_part_of_the_input() {
    let result = run_text(
        &pass_with_input_path(r#""$.numbers""#),
        json!({"title": "t", "numbers": {"val1": 3}}),
    );
    assert_eq!(result.output, Some(json!({"val1": 3})));
}

#[test]
fn null_gives_an_empty_object() {
    let result = run_text(&pass_with_input_path("null"), json!({"a": 1}));
    assert_eq!(result.output, Some(json!({})));
}

#[test]
fn wildcards_and_slices_give_arrays() {
    let input = json!({"items": [{"v": 1}, {"v": 2}, {"v": 3}]});
    assert_eq!(
        run_text(&pass_with_input_path(r#""$.items[*].v""#), input.clone()).output,
        Some(json!([1, 2, 3]))
    );
    assert_eq!(
        run_text(&pass_with_input_path(r#""$.items[-2:]""#), input.clone()).output,
        Some(json!([{"v": 2}, {"v": 3}]))
    );
    assert_eq!(
        run_text(&pass_with_input_path(r#""$..v""#), input).output,
        Some(json!([1, 2, 3]))
    );
}

#[test]
fn the_context_object_can_be_the_input() {
    let result = run_text(&pass_with_input_path(r#""$$.Execution.Input""#), json!({"x": 1}));
    assert_eq!(result.output, Some(json!({"x": 1})));
}

#[test]
fn a_missing_field_fails_with_jaywayʼs_message() {
    let result = run_text(
        &pass_with_input_path(r#""$.NoSuchInputPath""#),
        json!({"int-literal": 0}),
    );
    assert_eq!(
        result.cause.as_deref(),
        Some("An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']")
    );
}

#[test]
fn an_invalid_path_is_reported_before_running() {
    assert_eq!(
        problems(&pass_with_input_path(r#""items""#)),
        [("INVALID_JSON_PATH".to_string(), "/States/P/InputPath".to_string())]
    );
}
