//! The Choice state, end to end: the specification's examples, every operator and its Path form,
//! And/Or/Not, Default, the runtime failures AWS reports, and validation with located diagnostics.

use asl::{run, ExecutionResult, RunOptions, StateMachine};
use serde_json::{json, Value};

fn machine(definition: &Value) -> StateMachine {
    match StateMachine::from_json_text(&definition.to_string()) {
        Ok(machine) => machine,
        Err(err) => panic!("the definition should be valid:\n{err}"),
    }
}

fn execute(definition: &Value, input: Value) -> ExecutionResult {
    run(&machine(definition), input, &RunOptions::default())
}

/// A machine whose Choice state "Check" goes to "Yes" when `rule` matches, else to "No".
fn yes_no(rule: Value) -> Value {
    let mut rule = rule;
    rule["Next"] = json!("Yes");
    json!({
        "StartAt": "Check",
        "States": {
            "Check": {"Type": "Choice", "Choices": [rule], "Default": "No"},
            "Yes": {"Type": "Pass", "Result": "yes", "End": true},
            "No": {"Type": "Pass", "Result": "no", "End": true}
        }
    })
}

/// Whether `rule` matches `input`: "yes" or "no". Panics when the execution fails.
fn route(rule: Value, input: Value) -> &'static str {
    let result = execute(&yes_no(rule), input);
    match result.output {
        Some(Value::String(s)) if s == "yes" => "yes",
        Some(Value::String(s)) if s == "no" => "no",
        _ => panic!(
            "the execution should succeed, but: {:?} {:?}",
            result.error, result.cause
        ),
    }
}

fn matches(rule: Value, input: Value) -> bool {
    route(rule, input) == "yes"
}

/// The (code, location) of every diagnostic of an invalid definition.
fn problems(definition: &Value) -> Vec<(String, String)> {
    match StateMachine::from_json_text(&definition.to_string()) {
        Ok(_) => Vec::new(),
        Err(err) => err
            .diagnostics
            .iter()
            .map(|d| (d.code.to_string(), d.location.clone()))
            .collect(),
    }
}

fn has_problem(definition: &Value, code: &str, location: &str) -> bool {
    let found = problems(definition);
    let hit = found.iter().any(|(c, l)| c == code && l == location);
    if !hit {
        eprintln!("expected {code} at {location}, found {found:?}");
    }
    hit
}

const PREFIX: &str = "An error occurred while executing the state 'Check' (entered at the event id #2). ";

// ---------------------------------------------------------------------------------------------
// The developer guide's example

fn guide_example() -> Value {
    json!({
        "StartAt": "ChoiceStateX",
        "States": {
            "ChoiceStateX": {
                "Type": "Choice",
                "Choices": [
                    {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
                    {"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
                    {
                        "And": [
                            {"Variable": "$.value", "NumericGreaterThanEquals": 20},
                            {"Variable": "$.value", "NumericLessThan": 30}
                        ],
                        "Next": "ValueInTwenties"
                    }
                ],
                "Default": "DefaultState"
            },
            "Public": {"Type": "Pass", "Result": "Public", "Next": "NextState"},
            "ValueIsZero": {"Type": "Pass", "Result": "ValueIsZero", "Next": "NextState"},
            "ValueInTwenties": {"Type": "Pass", "Result": "ValueInTwenties", "Next": "NextState"},
            "NextState": {"Type": "Succeed"},
            "DefaultState": {"Type": "Fail", "Cause": "No Matches!"}
        }
    })
}

#[test]
fn guide_example_goes_to_the_first_matching_rule() {
    let result = execute(&guide_example(), json!({"type": "Private", "value": 22}));
    assert_eq!(result.status.as_str(), "SUCCEEDED");
    assert_eq!(
        result.states_entered(),
        ["ChoiceStateX", "ValueInTwenties", "NextState"]
    );
    assert_eq!(result.output, Some(json!("ValueInTwenties")));

    let public = execute(&guide_example(), json!({"type": "Public", "value": 22}));
    assert_eq!(public.states_entered(), ["ChoiceStateX", "Public", "NextState"]);

    let zero = execute(&guide_example(), json!({"type": "Private", "value": 0}));
    assert_eq!(
        zero.states_entered(),
        ["ChoiceStateX", "ValueIsZero", "NextState"]
    );
}

#[test]
fn guide_example_falls_back_to_default() {
    let result = execute(&guide_example(), json!({"type": "Private", "value": 50}));
    assert_eq!(result.status.as_str(), "FAILED");
    assert_eq!(result.states_entered(), ["ChoiceStateX", "DefaultState"]);
    assert_eq!(result.error, None);
    assert_eq!(result.cause.as_deref(), Some("No Matches!"));
}

#[test]
fn a_choice_passes_its_input_on_and_records_entered_and_exited() {
    let result = execute(&guide_example(), json!({"type": "Public", "value": 3}));
    let types: Vec<String> = result.events.iter().map(|e| e.event_type()).collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "ChoiceStateEntered",
            "ChoiceStateExited",
            "PassStateEntered",
            "PassStateExited",
            "SucceedStateEntered",
            "SucceedStateExited",
            "ExecutionSucceeded"
        ]
    );
    let choice = &result.trace[0];
    assert_eq!(
        choice.flow.after_input_path.as_deref(),
        Some(&json!({"type": "Public", "value": 3}))
    );
    assert_eq!(
        choice.flow.output.as_deref(),
        Some(&json!({"type": "Public", "value": 3}))
    );
}

// ---------------------------------------------------------------------------------------------
// The guide's one-line examples of each comparison

#[test]
fn guide_comparison_examples() {
    assert!(matches(
        json!({"Variable": "$.foo", "NumericEquals": 1}),
        json!({"foo": 1})
    ));
    assert!(matches(
        json!({"Variable": "$.foo", "NumericEqualsPath": "$.bar"}),
        json!({"foo": 1, "bar": 1.0})
    ));
    assert!(matches(
        json!({"Variable": "$.foo", "StringEquals": "MyString"}),
        json!({"foo": "MyString"})
    ));
    assert!(matches(
        json!({"Variable": "$.foo", "StringEqualsPath": "$.bar"}),
        json!({"foo": "a", "bar": "a"})
    ));
    assert!(matches(
        json!({"Variable": "$.foo", "StringGreaterThan": "MyStringABC"}),
        json!({"foo": "MyStringABD"})
    ));
    assert!(matches(
        json!({"Variable": "$.foo", "StringMatches": "log-*.txt"}),
        json!({"foo": "log-2024-01-01.txt"})
    ));
    assert!(matches(
        json!({"Variable": "$.foo", "TimestampGreaterThan": "2001-01-01T12:00:00Z"}),
        json!({"foo": "2016-03-14T01:59:00Z"})
    ));
    assert!(matches(
        json!({"And": [
            {"Variable": "$.value", "IsPresent": true},
            {"Variable": "$.value", "IsNumeric": true},
            {"Variable": "$.value", "NumericGreaterThanEquals": 20},
            {"Variable": "$.value", "NumericLessThan": 30}
        ]}),
        json!({"value": 25})
    ));
}

// ---------------------------------------------------------------------------------------------
// Each operator

#[test]
fn string_operators_compare_text() {
    let cases = [
        ("StringEquals", "abc", "abc", true),
        ("StringEquals", "abc", "ABC", false),
        ("StringLessThan", "A", "AB", true),
        ("StringLessThan", "AB", "AB", false),
        ("StringGreaterThan", "b", "a", true),
        ("StringGreaterThan", "a", "a", false),
        ("StringLessThanEquals", "a", "a", true),
        ("StringLessThanEquals", "b", "a", false),
        ("StringGreaterThanEquals", "", "", true),
        ("StringGreaterThanEquals", "A", "AB", false),
    ];
    for (operator, variable, literal, expected) in cases {
        let literal_rule = json!({"Variable": "$.v", operator: literal});
        assert_eq!(
            matches(literal_rule, json!({"v": variable})),
            expected,
            "{operator} {variable:?} {literal:?}"
        );
        let path_rule = json!({"Variable": "$.v", format!("{operator}Path"): "$.w"});
        assert_eq!(
            matches(path_rule, json!({"v": variable, "w": literal})),
            expected,
            "{operator}Path {variable:?} {literal:?}"
        );
    }
}

#[test]
fn strings_order_by_utf16_code_units_like_java() {
    // U+1F600 is stored as surrogates 0xD83D 0xDE00, which sort before U+FF21 in Java.
    assert!(matches(
        json!({"Variable": "$.v", "StringLessThan": "Ａ"}),
        json!({"v": "😀"})
    ));
    assert!(matches(
        json!({"Variable": "$.v", "StringLessThan": "a"}),
        json!({"v": "Z"})
    ));
}

#[test]
fn numeric_operators_compare_integers_and_decimals_alike() {
    let cases = [
        ("NumericEquals", json!(1), json!(1.0), true),
        ("NumericEquals", json!(0), json!(0.0), true),
        ("NumericEquals", json!(1.1), json!(1), false),
        ("NumericEquals", json!(2.22), json!(2.22), true),
        ("NumericLessThan", json!(-1), json!(0), true),
        ("NumericLessThan", json!(1), json!(1), false),
        ("NumericGreaterThan", json!(1.5), json!(1), true),
        ("NumericGreaterThan", json!(1), json!(1.0), false),
        ("NumericLessThanEquals", json!(1), json!(1.0), true),
        ("NumericLessThanEquals", json!(2), json!(1), false),
        ("NumericGreaterThanEquals", json!(1e3), json!(1000), true),
        ("NumericGreaterThanEquals", json!(0), json!(1), false),
        // Integers beyond 2^53 still compare exactly.
        (
            "NumericEquals",
            json!(9007199254740993u64),
            json!(9007199254740992u64),
            false,
        ),
    ];
    for (operator, variable, literal, expected) in cases {
        let literal_rule = json!({"Variable": "$.v", operator: literal});
        assert_eq!(
            matches(literal_rule, json!({"v": variable})),
            expected,
            "{operator} {variable} {literal}"
        );
        let path_rule = json!({"Variable": "$.v", format!("{operator}Path"): "$.w"});
        assert_eq!(
            matches(path_rule, json!({"v": variable, "w": literal})),
            expected,
            "{operator}Path {variable} {literal}"
        );
    }
}

#[test]
fn boolean_equals_and_its_path_form() {
    assert!(matches(
        json!({"Variable": "$.v", "BooleanEquals": true}),
        json!({"v": true})
    ));
    assert!(matches(
        json!({"Variable": "$.v", "BooleanEquals": false}),
        json!({"v": false})
    ));
    assert!(!matches(
        json!({"Variable": "$.v", "BooleanEquals": false}),
        json!({"v": true})
    ));
    assert!(matches(
        json!({"Variable": "$.v", "BooleanEqualsPath": "$.w"}),
        json!({"v": false, "w": false})
    ));
    assert!(!matches(
        json!({"Variable": "$.v", "BooleanEqualsPath": "$.w"}),
        json!({"v": false, "w": "false"})
    ));
}

#[test]
fn timestamp_operators_compare_instants() {
    let t0 = "2012-10-09T19:00:55Z";
    let t1 = "2012-10-09T19:00:56Z";
    let cases = [
        ("TimestampEquals", t0, t0, true),
        ("TimestampEquals", t0, t1, false),
        ("TimestampLessThan", t0, t1, true),
        ("TimestampLessThan", t0, t0, false),
        ("TimestampGreaterThan", t1, t0, true),
        ("TimestampGreaterThan", t0, t1, false),
        ("TimestampLessThanEquals", t0, t0, true),
        ("TimestampLessThanEquals", t1, t0, false),
        ("TimestampGreaterThanEquals", t1, t0, true),
        ("TimestampGreaterThanEquals", t0, t1, false),
        // The same instant written with an offset and with a fraction.
        ("TimestampEquals", "2012-10-09T20:00:55+01:00", t0, true),
        ("TimestampEquals", "2012-10-09T19:00:55.000Z", t0, true),
        ("TimestampGreaterThan", "2012-10-09T19:00:55.001Z", t0, true),
    ];
    for (operator, variable, literal, expected) in cases {
        let literal_rule = json!({"Variable": "$.v", operator: literal});
        assert_eq!(
            matches(literal_rule, json!({"v": variable})),
            expected,
            "{operator} {variable} {literal}"
        );
        let path_rule = json!({"Variable": "$.v", format!("{operator}Path"): "$.w"});
        assert_eq!(
            matches(path_rule, json!({"v": variable, "w": literal})),
            expected,
            "{operator}Path {variable} {literal}"
        );
    }
}

#[test]
fn strings_that_are_not_rfc3339_timestamps_never_match() {
    for variable in [
        json!("2012-10-09T19:00:55"),
        json!("2012-10-09 19:00:55Z"),
        json!("2012-10-09t19:00:55z"),
        json!("2023-02-24"),
        json!("2023-02-24 12:15:56.832957"),
        json!(1349809255),
    ] {
        let rule = json!({"Variable": "$.v", "TimestampLessThanEquals": "2100-01-01T00:00:00Z"});
        assert!(!matches(rule, json!({"v": variable})), "{variable}");
    }
    // A Path operand that is not a timestamp makes the comparison false as well.
    assert!(!matches(
        json!({"Variable": "$.v", "TimestampEqualsPath": "$.w"}),
        json!({"v": "2012-10-09T19:00:55Z", "w": "soon"})
    ));
}

#[test]
fn string_matches_with_wildcards_and_escapes() {
    let cases = [
        ("log-*.txt", "log-.txt", true),
        ("log-*.txt", "log-1.txt.bak", false),
        ("*", "", true),
        ("a*b*c", "a-b-b-c", true),
        ("a*b*c", "acb", false),
        ("exact", "exact", true),
        ("exact", "exactly", false),
        (r"5\*", "5*", true),
        (r"5\*", "55", false),
        (r"C:\\*", r"C:\Windows", true),
        ("*.?", "a.?", true),
        ("*.?", "a.b", false),
    ];
    for (pattern, text, expected) in cases {
        assert_eq!(
            matches(
                json!({"Variable": "$.v", "StringMatches": pattern}),
                json!({"v": text})
            ),
            expected,
            "{pattern:?} on {text:?}"
        );
    }
    assert!(!matches(
        json!({"Variable": "$.v", "StringMatches": "*"}),
        json!({"v": 1})
    ));
}

#[test]
fn type_tests() {
    let values = [
        json!(null),
        json!(0),
        json!(1.5),
        json!(""),
        json!("text"),
        json!("2012-10-09T19:00:55Z"),
        json!("2012-10-09T19:00:55+01:00"),
        json!("2012-10-09T19:00:55"),
        json!([]),
        json!({}),
        json!(true),
        json!(false),
    ];
    for value in values {
        let expected = [
            ("IsNull", value.is_null()),
            ("IsNumeric", value.is_number()),
            ("IsString", value.is_string()),
            ("IsBoolean", value.is_boolean()),
            (
                "IsTimestamp",
                value
                    .as_str()
                    .is_some_and(|s| s.starts_with("2012") && s.len() > 19),
            ),
            ("IsPresent", true),
        ];
        for (operator, is) in expected {
            let input = json!({"v": value});
            assert_eq!(
                matches(json!({"Variable": "$.v", operator: true}), input.clone()),
                is,
                "{operator}: true on {value}"
            );
            assert_eq!(
                matches(json!({"Variable": "$.v", operator: false}), input),
                !is,
                "{operator}: false on {value}"
            );
        }
    }
}

#[test]
fn type_mismatches_are_false_not_errors() {
    assert!(!matches(
        json!({"Variable": "$.v", "NumericEquals": 42}),
        json!({"v": "42"})
    ));
    assert!(!matches(
        json!({"Variable": "$.v", "StringEquals": "42"}),
        json!({"v": 42})
    ));
    assert!(!matches(
        json!({"Variable": "$.v", "BooleanEquals": true}),
        json!({"v": 1})
    ));
    assert!(!matches(
        json!({"Variable": "$.v", "NumericEquals": 0}),
        json!({"v": null})
    ));
    assert!(!matches(
        json!({"Variable": "$.v", "NumericLessThanPath": "$.w"}),
        json!({"v": 1, "w": {"value": 2}})
    ));
    // ... and Not turns such a false into a match.
    assert!(matches(
        json!({"Not": {"Variable": "$.v", "NumericEquals": 42}}),
        json!({"v": "42"})
    ));
}

// ---------------------------------------------------------------------------------------------
// Paths: the Variable, Path operands, the Context object, InputPath and OutputPath

#[test]
fn is_present_tests_for_absence_without_failing() {
    assert!(matches(
        json!({"Variable": "$.missing", "IsPresent": false}),
        json!({})
    ));
    assert!(!matches(
        json!({"Variable": "$.missing", "IsPresent": true}),
        json!({})
    ));
    assert!(matches(
        json!({"Variable": "$.a.b", "IsPresent": false}),
        json!({"a": "text"})
    ));
    assert!(matches(
        json!({"Variable": "$.items[3]", "IsPresent": false}),
        json!({"items": [1]})
    ));
    assert!(matches(
        json!({"Variable": "$.v", "IsPresent": true}),
        json!({"v": null})
    ));
}

#[test]
fn any_other_operator_on_a_missing_variable_fails_the_execution() {
    for rule in [
        json!({"Variable": "$.missing", "NumericEquals": 1}),
        json!({"Variable": "$.missing", "IsNull": true}),
        json!({"Not": {"Variable": "$.missing", "IsString": false}}),
    ] {
        let result = execute(&yes_no(rule.clone()), json!({"present": 1}));
        assert_eq!(result.status.as_str(), "FAILED", "{rule}");
        assert_eq!(result.error.as_deref(), Some("States.Runtime"));
        assert_eq!(
            result.cause.as_deref(),
            Some(
                format!(
                    "{PREFIX}Invalid path '$.missing': The choice state's condition path references an invalid value."
                )
                .as_str()
            )
        );
        assert_eq!(result.states_entered(), ["Check"]);
        let last = result.events.last().map(|e| e.event_type());
        assert_eq!(last.as_deref(), Some("ExecutionFailed"));
    }
}

#[test]
fn a_missing_path_operand_fails_the_execution() {
    let rule = json!({"Variable": "$.v", "StringEqualsPath": "$.other"});
    let result = execute(&yes_no(rule), json!({"v": "x"}));
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        result.cause.as_deref(),
        Some(
            format!(
                "{PREFIX}Invalid path '$.other': The choice state's condition path references an invalid value."
            )
            .as_str()
        )
    );
}

#[test]
fn variables_can_read_the_context_object() {
    let rule = json!({"Variable": "$$.Execution.Input.input-value", "NumericLessThanEquals": 0});
    assert!(matches(rule.clone(), json!({"input-value": 0})));
    assert!(!matches(rule, json!({"input-value": 1})));
    assert!(matches(
        json!({"Variable": "$$.State.Name", "StringEquals": "Check"}),
        json!({})
    ));
}

#[test]
fn nested_fields_and_array_indexes() {
    assert!(matches(
        json!({"Variable": "$.order.items[1].sku", "StringEquals": "B"}),
        json!({"order": {"items": [{"sku": "A"}, {"sku": "B"}]}})
    ));
    assert!(matches(
        json!({"Variable": "$['odd key']", "NumericEquals": 1}),
        json!({"odd key": 1})
    ));
    assert!(matches(json!({"Variable": "$", "IsNumeric": true}), json!(3)));
}

#[test]
fn rules_see_the_input_after_input_path_and_output_path_shapes_the_output() {
    let definition = json!({
        "StartAt": "Check",
        "States": {
            "Check": {
                "Type": "Choice",
                "InputPath": "$.order",
                "OutputPath": "$.items",
                "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Big"}],
                "Default": "Small"
            },
            "Big": {"Type": "Pass", "ResultPath": "$.size", "Result": "big", "End": true},
            "Small": {"Type": "Pass", "ResultPath": "$.size", "Result": "small", "End": true}
        }
    });
    let result = execute(&definition, json!({"order": {"total": 150, "items": {"n": 3}}}));
    assert_eq!(result.states_entered(), ["Check", "Big"]);
    assert_eq!(result.output, Some(json!({"n": 3, "size": "big"})));
    let flow = &result.trace[0].flow;
    assert_eq!(
        flow.after_input_path.as_deref(),
        Some(&json!({"total": 150, "items": {"n": 3}}))
    );
    assert_eq!(flow.output.as_deref(), Some(&json!({"n": 3})));
}

#[test]
fn null_input_path_and_output_path() {
    let definition = json!({
        "StartAt": "Check",
        "States": {
            "Check": {
                "Type": "Choice",
                "InputPath": null,
                "OutputPath": null,
                "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Done"}],
                "Default": "Done"
            },
            "Done": {"Type": "Succeed"}
        }
    });
    let result = execute(&definition, json!({"x": 1}));
    assert_eq!(result.output, Some(json!({})));
}

#[test]
fn a_bad_input_path_fails_the_state() {
    let definition = json!({
        "StartAt": "Check",
        "States": {
            "Check": {
                "Type": "Choice",
                "InputPath": "$.nope",
                "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Done"}],
                "Default": "Done"
            },
            "Done": {"Type": "Succeed"}
        }
    });
    let result = execute(&definition, json!({"x": 1}));
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        result.cause.as_deref(),
        Some(format!("{PREFIX}Invalid path '$.nope' : No results for path: $['nope']").as_str())
    );
}

// ---------------------------------------------------------------------------------------------
// And, Or, Not, order, Default, and no match

#[test]
fn boolean_combinators_nest_to_any_depth() {
    let rule = json!({
        "Or": [
            {"And": [
                {"Variable": "$.kind", "StringEquals": "book"},
                {"Not": {"Or": [
                    {"Variable": "$.price", "NumericGreaterThan": 50},
                    {"Not": {"Variable": "$.stock", "IsPresent": true}}
                ]}}
            ]},
            {"Variable": "$.kind", "StringEquals": "gift"}
        ]
    });
    assert!(matches(
        rule.clone(),
        json!({"kind": "book", "price": 20, "stock": 3})
    ));
    assert!(!matches(
        rule.clone(),
        json!({"kind": "book", "price": 80, "stock": 3})
    ));
    assert!(!matches(rule.clone(), json!({"kind": "book", "price": 20})));
    assert!(matches(rule.clone(), json!({"kind": "gift"})));
    assert!(!matches(rule, json!({"kind": "toy", "price": 1, "stock": 1})));
    // A single rule inside And or Or is fine.
    assert!(matches(
        json!({"And": [{"Variable": "$.type", "StringEquals": "Public"}]}),
        json!({"type": "Public"})
    ));
    assert!(matches(
        json!({"Not": {"Not": {"Variable": "$.a", "IsNull": true}}}),
        json!({"a": null})
    ));
}

#[test]
fn and_and_or_stop_at_the_first_decisive_rule() {
    // The second rule would fail on the missing field; it is never evaluated.
    assert!(!matches(
        json!({"And": [
            {"Variable": "$.x", "IsPresent": true},
            {"Variable": "$.x", "NumericEquals": 1}
        ]}),
        json!({})
    ));
    assert!(matches(
        json!({"Or": [
            {"Variable": "$.x", "IsPresent": false},
            {"Variable": "$.x", "NumericEquals": 1}
        ]}),
        json!({})
    ));
}

#[test]
fn the_first_matching_rule_wins() {
    let definition = json!({
        "StartAt": "Check",
        "States": {
            "Check": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Ten"},
                    {"Variable": "$.n", "NumericGreaterThan": 5, "Next": "Five"},
                    {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Zero"}
                ],
                "Default": "Other"
            },
            "Ten": {"Type": "Succeed"},
            "Five": {"Type": "Succeed"},
            "Zero": {"Type": "Succeed"},
            "Other": {"Type": "Succeed"}
        }
    });
    let to = |n: i64| execute(&definition, json!({"n": n})).states_entered()[1].to_string();
    assert_eq!(to(11), "Ten");
    assert_eq!(to(7), "Five");
    assert_eq!(to(1), "Zero");
    assert_eq!(to(-1), "Other");
}

#[test]
fn no_match_without_default_fails_to_transition() {
    let definition = json!({
        "StartAt": "Check",
        "States": {
            "Check": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.mode", "StringEquals": "fast", "Next": "Fast"}]
            },
            "Fast": {"Type": "Succeed"}
        }
    });
    let result = execute(&definition, json!({"mode": "slow"}));
    assert_eq!(result.status.as_str(), "FAILED");
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        result.cause.as_deref(),
        Some(
            format!(
                "{PREFIX}Failed to transition out of the state. The state does not point to a next state."
            )
            .as_str()
        )
    );
    let types: Vec<String> = result.events.iter().map(|e| e.event_type()).collect();
    assert_eq!(
        types,
        ["ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed"]
    );

    let matched = execute(&definition, json!({"mode": "fast"}));
    assert_eq!(matched.status.as_str(), "SUCCEEDED");
}

#[test]
fn comments_are_allowed_on_the_state_and_on_every_rule() {
    let definition = json!({
        "StartAt": "IsComplete",
        "States": {
            "IsComplete": {
                "Type": "Choice",
                "Comment": "Decide from the task's output.",
                "Choices": [{
                    "And": [{"Variable": "$.status", "StringEquals": "complete", "Comment": "done?"}],
                    "Comment": "Go to success",
                    "Next": "Success"
                }],
                "Default": "Wait"
            },
            "Success": {"Type": "Succeed"},
            "Wait": {"Type": "Succeed"}
        }
    });
    let result = execute(&definition, json!({"status": "complete"}));
    assert_eq!(result.states_entered(), ["IsComplete", "Success"]);
}

// ---------------------------------------------------------------------------------------------
// Validation

fn choice_state(state: Value) -> Value {
    json!({
        "StartAt": "Check",
        "States": {
            "Check": state,
            "Done": {"Type": "Succeed"}
        }
    })
}

fn with_rules(rules: Value) -> Value {
    choice_state(json!({"Type": "Choice", "Choices": rules, "Default": "Done"}))
}

const SCHEMA: &str = "SCHEMA_VALIDATION_FAILED";

#[test]
fn choices_must_be_a_non_empty_array() {
    assert!(has_problem(
        &choice_state(json!({"Type": "Choice", "Default": "Done"})),
        SCHEMA,
        "/States/Check"
    ));
    assert!(has_problem(
        &with_rules(json!([])),
        SCHEMA,
        "/States/Check/Choices"
    ));
    assert!(has_problem(
        &with_rules(json!({"Variable": "$.a"})),
        SCHEMA,
        "/States/Check/Choices"
    ));
    assert!(has_problem(
        &with_rules(json!(["rule"])),
        SCHEMA,
        "/States/Check/Choices/0"
    ));
}

#[test]
fn next_is_required_on_top_level_rules_and_refused_inside_combinators() {
    let missing = with_rules(json!([{"Variable": "$.a", "IsNull": true}]));
    assert!(has_problem(&missing, SCHEMA, "/States/Check/Choices/0"));
    let nested = with_rules(json!([{
        "And": [
            {"Variable": "$.a", "IsNull": true},
            {"Variable": "$.b", "IsNull": true, "Next": "Done"}
        ],
        "Next": "Done"
    }]));
    assert!(has_problem(&nested, SCHEMA, "/States/Check/Choices/0/And/1/Next"));
    let in_not = with_rules(json!([{
        "Not": {"Variable": "$.a", "IsNull": true, "Next": "Done"},
        "Next": "Done"
    }]));
    assert!(has_problem(&in_not, SCHEMA, "/States/Check/Choices/0/Not/Next"));
}

#[test]
fn a_rule_has_exactly_one_operator() {
    let none = with_rules(json!([{"Variable": "$.a", "Next": "Done"}]));
    assert!(has_problem(&none, SCHEMA, "/States/Check/Choices/0"));
    let two = with_rules(json!([
        {"Variable": "$.a", "IsPresent": true, "Next": "Done"},
        {"Variable": "$.a", "StringEquals": "x", "StringMatches": "x*", "Next": "Done"}
    ]));
    assert!(has_problem(&two, SCHEMA, "/States/Check/Choices/1"));
    let mixed = with_rules(json!([{
        "Variable": "$.a",
        "IsPresent": true,
        "Not": {"Variable": "$.a", "IsNull": true},
        "Next": "Done"
    }]));
    assert!(has_problem(&mixed, SCHEMA, "/States/Check/Choices/0"));
}

#[test]
fn comparisons_need_a_variable_that_is_a_reference_path() {
    let missing = with_rules(json!([{"StringEquals": "x", "Next": "Done"}]));
    assert!(has_problem(&missing, SCHEMA, "/States/Check/Choices/0"));
    let not_a_path = with_rules(json!([
        {"Variable": "$.a", "IsPresent": true, "Next": "Done"},
        {"Variable": "a.b", "StringEquals": "x", "Next": "Done"}
    ]));
    assert!(has_problem(
        &not_a_path,
        "INVALID_JSON_PATH",
        "/States/Check/Choices/1/Variable"
    ));
    let wildcard = with_rules(json!([{"Variable": "$.items[*]", "IsPresent": true, "Next": "Done"}]));
    assert!(has_problem(
        &wildcard,
        "INVALID_REFERENCE_PATH",
        "/States/Check/Choices/0/Variable"
    ));
    let number = with_rules(json!([{"Variable": 3, "IsPresent": true, "Next": "Done"}]));
    assert!(has_problem(&number, SCHEMA, "/States/Check/Choices/0/Variable"));
    let on_and = with_rules(json!([{
        "Variable": "$.a",
        "And": [{"Variable": "$.a", "IsNull": true}],
        "Next": "Done"
    }]));
    assert!(has_problem(&on_and, SCHEMA, "/States/Check/Choices/0/Variable"));
}

#[test]
fn operands_must_have_the_operators_type() {
    let cases = [
        ("StringEquals", json!(1)),
        ("StringLessThan", json!(null)),
        ("StringMatches", json!(["*"])),
        ("NumericEquals", json!("1")),
        ("NumericGreaterThanEquals", json!(true)),
        ("BooleanEquals", json!("true")),
        ("TimestampEquals", json!("2012-10-09")),
        ("TimestampLessThan", json!(1349809255)),
        ("IsNull", json!("true")),
        ("IsPresent", json!(1)),
        ("IsTimestamp", json!(null)),
        ("StringEqualsPath", json!(1)),
    ];
    for (operator, value) in cases {
        let definition = with_rules(json!([{"Variable": "$.a", operator: value, "Next": "Done"}]));
        assert!(
            has_problem(
                &definition,
                SCHEMA,
                &format!("/States/Check/Choices/0/{operator}")
            ),
            "{operator}: {value}"
        );
    }
    for operator in [
        "NumericEqualsPath",
        "TimestampGreaterThanPath",
        "BooleanEqualsPath",
    ] {
        let definition = with_rules(json!([{"Variable": "$.a", operator: "b", "Next": "Done"}]));
        assert!(has_problem(
            &definition,
            "INVALID_JSON_PATH",
            &format!("/States/Check/Choices/0/{operator}")
        ));
    }
}

#[test]
fn and_or_take_non_empty_arrays_and_not_takes_one_rule() {
    for (operator, value) in [
        ("And", json!([])),
        ("Or", json!({"Variable": "$.a", "IsNull": true})),
        ("Not", json!([{"Variable": "$.a", "IsNull": true}])),
    ] {
        let definition = with_rules(json!([{operator: value, "Next": "Done"}]));
        assert!(has_problem(
            &definition,
            SCHEMA,
            &format!("/States/Check/Choices/0/{operator}")
        ));
    }
    let deep = with_rules(json!([{
        "Or": [{"Not": {"And": [{"Variable": "$.a", "NumericEquals": "1"}]}}],
        "Next": "Done"
    }]));
    assert!(has_problem(
        &deep,
        SCHEMA,
        "/States/Check/Choices/0/Or/0/Not/And/0/NumericEquals"
    ));
}

#[test]
fn unknown_fields_are_rejected_in_rules_and_in_the_state() {
    let misspelt = with_rules(json!([{"Variable": "$.a", "NumericEqual": 1, "Next": "Done"}]));
    let found = problems(&misspelt);
    assert_eq!(
        found,
        [(
            SCHEMA.to_string(),
            "/States/Check/Choices/0/NumericEqual".to_string()
        )]
    );
    let unrelated = with_rules(json!([{"Variable": "$.a", "Colour": "red", "Next": "Done"}]));
    assert_eq!(
        problems(&unrelated),
        [
            (SCHEMA.to_string(), "/States/Check/Choices/0/Colour".to_string()),
            (SCHEMA.to_string(), "/States/Check/Choices/0".to_string())
        ]
    );
    for field in [
        "End",
        "Next",
        "Result",
        "ResultPath",
        "Parameters",
        "ResultSelector",
        "Retry",
    ] {
        let mut state = json!({
            "Type": "Choice",
            "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "Done"}],
            "Default": "Done"
        });
        state[field] = json!(true);
        assert!(
            has_problem(&choice_state(state), SCHEMA, &format!("/States/Check/{field}")),
            "{field}"
        );
    }
}

#[test]
fn timestamps_in_definitions_must_follow_rfc3339() {
    let definition =
        with_rules(json!([{"Variable": "$.a", "TimestampEquals": "2012-10-09T19:00:55", "Next": "Done"}]));
    assert!(has_problem(
        &definition,
        SCHEMA,
        "/States/Check/Choices/0/TimestampEquals"
    ));
    for valid in [
        "2012-10-09T19:00:55Z",
        "2012-10-09T19:00:55.123+05:30",
        "2012-10-09T19:00:55-08:00",
    ] {
        let definition = with_rules(json!([{"Variable": "$.a", "TimestampEquals": valid, "Next": "Done"}]));
        assert_eq!(problems(&definition), [], "{valid}");
    }
}

#[test]
fn transitions_must_name_existing_states() {
    let definition = json!({
        "StartAt": "Check",
        "States": {
            "Check": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.a", "IsPresent": true, "Next": "Done"},
                    {"Variable": "$.a", "IsNull": true, "Next": "Nowhere"}
                ],
                "Default": "Missing"
            },
            "Done": {"Type": "Succeed"}
        }
    });
    assert!(has_problem(
        &definition,
        "MISSING_TRANSITION_TARGET",
        "/States/Check/Choices/1/Next"
    ));
    assert!(has_problem(
        &definition,
        "MISSING_TRANSITION_TARGET",
        "/States/Check/Default"
    ));
}

#[test]
fn states_reached_only_through_a_choice_are_reachable() {
    let definition = json!({
        "StartAt": "Check",
        "States": {
            "Check": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "A"}],
                "Default": "B"
            },
            "A": {"Type": "Succeed"},
            "B": {"Type": "Succeed"},
            "C": {"Type": "Succeed"}
        }
    });
    assert_eq!(
        problems(&definition),
        [("UNREACHABLE_STATE".to_string(), "/States/C".to_string())]
    );
}

#[test]
fn every_problem_is_reported_at_once_with_its_line() {
    let text = r#"{
  "StartAt": "Check",
  "States": {
    "Check": {
      "Type": "Choice",
      "End": true,
      "Choices": [
        {"Variable": "$.a", "StringEquals": 1, "Next": "Done"},
        {"Variable": "$.b", "NumericEquals": 2},
        {"And": [{"Variable": "$.c", "IsNull": "yes"}], "Next": "Done"}
      ]
    },
    "Done": {"Type": "Succeed"}
  }
}"#;
    let Err(err) = StateMachine::from_json_text(text) else {
        panic!("the definition is invalid");
    };
    let found: Vec<(&str, &str, usize)> = err
        .diagnostics
        .iter()
        .map(|d| (d.code, d.location.as_str(), d.position.map_or(0, |p| p.line)))
        .collect();
    assert_eq!(
        found,
        [
            (SCHEMA, "/States/Check/End", 6),
            (SCHEMA, "/States/Check/Choices/0/StringEquals", 8),
            (SCHEMA, "/States/Check/Choices/1", 9),
            (SCHEMA, "/States/Check/Choices/2/And/0/IsNull", 10),
        ]
    );
}
