//! The intrinsic functions through whole executions: the developer guide's own
//! examples for each function, AWS's argument rules and error causes, and the
//! call syntax checked when a definition is created.

use asl::{run, ExecutionResult, RunOptions, StateMachine};
use serde_json::{json, Value};

/// A one-state machine whose Pass state sets `value` from `expression`.
fn machine(expression: &str) -> Result<StateMachine, asl::DefinitionError> {
    let definition = json!({
        "StartAt": "Call",
        "States": {"Call": {"Type": "Pass", "Parameters": {"value.$": expression}, "End": true}}
    });
    StateMachine::from_json_text(&definition.to_string())
}

fn execute(expression: &str, input: Value) -> ExecutionResult {
    let machine = machine(expression).unwrap_or_else(|e| panic!("{expression} was rejected: {e}"));
    run(&machine, input, &RunOptions::default())
}

/// The value an expression produces.
fn eval(expression: &str, input: Value) -> Value {
    let result = execute(expression, input);
    assert_eq!(
        result.status.as_str(),
        "SUCCEEDED",
        "{expression}: {:?} {:?}",
        result.error,
        result.cause
    );
    result.output.unwrap_or_default()["value"].clone()
}

/// The cause of the States.Runtime failure an expression causes.
fn failure(expression: &str, input: Value) -> String {
    let result = execute(expression, input);
    assert_eq!(
        result.status.as_str(),
        "FAILED",
        "{expression}: {:?}",
        result.output
    );
    assert_eq!(result.error.as_deref(), Some("States.Runtime"), "{expression}");
    result.cause.unwrap_or_default()
}

/// The cause AWS gives for a refused call in the state "Call".
fn invalid_arguments(call: &str, function: &str) -> String {
    format!(
        "An error occurred while executing the state 'Call' (entered at the event id #2). \
         There was an error while evaluating the intrinsic function: {call}. Invalid arguments in {function}"
    )
}

fn assert_invalid(expression: &str, input: Value, function: &str) {
    assert_eq!(
        failure(expression, input),
        invalid_arguments(expression, function)
    );
}

/// The diagnostics a definition gets.
fn rejected(expression: &str) -> Vec<asl::Diagnostic> {
    match machine(expression) {
        Ok(_) => panic!("{expression} was accepted"),
        Err(e) => e.diagnostics,
    }
}

// ---- The developer guide's examples, one per function ----

#[test]
fn format_fills_placeholders_in_order() {
    let input = json!({"name": "Arnav", "template": "Hello, my name is {}."});
    assert_eq!(
        eval("States.Format('Hello, my name is {}.', $.name)", input.clone()),
        "Hello, my name is Arnav."
    );
    assert_eq!(
        eval("States.Format($.template, $.name)", input),
        "Hello, my name is Arnav."
    );
    assert_eq!(
        eval(
            "States.Format('Your name is {}, we are in the year {}', $.name, 2020)",
            json!({"name": "Foo"})
        ),
        "Your name is Foo, we are in the year 2020"
    );
}

#[test]
fn string_to_json_parses_escaped_text() {
    assert_eq!(
        eval(
            "States.StringToJson($.escapedJsonString)",
            json!({"escapedJsonString": "{\"foo\": \"bar\"}"})
        ),
        json!({"foo": "bar"})
    );
}

#[test]
fn json_to_string_is_compact() {
    assert_eq!(
        eval(
            "States.JsonToString($.unescapedJson)",
            json!({"unescapedJson": {"foo": "bar"}})
        ),
        "{\"foo\":\"bar\"}"
    );
}

#[test]
fn array_collects_its_arguments() {
    assert_eq!(eval("States.Array($.Id)", json!({"Id": 123456})), json!([123456]));
    assert_eq!(
        eval(
            "States.Array('Foo', 2020, $.someJson, null)",
            json!({"someJson": {"random": "abcdefg"}})
        ),
        json!(["Foo", 2020, {"random": "abcdefg"}, null])
    );
    assert_eq!(eval("States.Array()", json!({})), json!([]));
}

#[test]
fn array_partition_chunks() {
    assert_eq!(
        eval(
            "States.ArrayPartition($.inputArray,4)",
            json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]})
        ),
        json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]])
    );
}

#[test]
fn array_contains_finds_the_value() {
    let input = json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "lookingFor": 5});
    assert_eq!(
        eval("States.ArrayContains($.inputArray, $.lookingFor)", input),
        json!(true)
    );
}

#[test]
fn array_range_includes_both_ends() {
    assert_eq!(
        eval("States.ArrayRange(1, 9, 2)", json!({})),
        json!([1, 3, 5, 7, 9])
    );
    assert_eq!(eval("States.ArrayRange(5, 1, -2)", json!({})), json!([5, 3, 1]));
    assert_eq!(eval("States.ArrayRange(5, 1, 1)", json!({})), json!([]));
}

#[test]
fn array_get_item_by_index() {
    let input = json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "index": 5});
    assert_eq!(
        eval("States.ArrayGetItem($.inputArray, $.index)", input),
        json!(6)
    );
}

#[test]
fn array_length_counts() {
    assert_eq!(
        eval(
            "States.ArrayLength($.inputArray)",
            json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]})
        ),
        json!(9)
    );
}

#[test]
fn array_unique_drops_duplicates() {
    assert_eq!(
        eval(
            "States.ArrayUnique($.inputArray)",
            json!({"inputArray": [1, 2, 3, 3, 3, 3, 3, 3, 4]})
        ),
        json!([1, 2, 3, 4])
    );
}

#[test]
fn base64_both_ways() {
    assert_eq!(
        eval("States.Base64Encode($.input)", json!({"input": "Data to encode"})),
        "RGF0YSB0byBlbmNvZGU="
    );
    assert_eq!(
        eval(
            "States.Base64Decode($.base64)",
            json!({"base64": "RGF0YSB0byBlbmNvZGU="})
        ),
        "Data to encode"
    );
}

#[test]
fn hash_with_each_algorithm() {
    let cases = [
        ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
        ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        ("SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
        (
            "SHA-384",
            "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562",
        ),
        (
            "SHA-512",
            "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4",
        ),
    ];
    for (algorithm, digest) in cases {
        let input = json!({"Data": "input data", "Algorithm": algorithm});
        assert_eq!(
            eval("States.Hash($.Data, $.Algorithm)", input),
            digest,
            "{algorithm}"
        );
    }
}

#[test]
fn json_merge_is_shallow() {
    let input =
        json!({"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}});
    assert_eq!(
        eval("States.JsonMerge($.json1, $.json2, false)", input),
        json!({"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3})
    );
}

#[test]
fn math_random_stays_in_range() {
    for _ in 0..3 {
        let n = eval(
            "States.MathRandom($.start, $.end)",
            json!({"start": 1, "end": 999}),
        );
        let n = n.as_i64().unwrap();
        assert!((1..999).contains(&n), "{n}");
    }
}

#[test]
fn math_random_with_a_seed_is_javas_random() {
    // AWS: seed 42 over [-5, 5) gives -5, i.e. new java.util.Random(42).nextInt(10) == 0.
    assert_eq!(eval("States.MathRandom(-5, 5, 42)", json!({})), json!(-5));
    let twice = eval(
        "States.Array(States.MathRandom(1, 100, 7), States.MathRandom(1, 100, 7))",
        json!({}),
    );
    assert_eq!(twice[0], twice[1]);
}

#[test]
fn math_add_rounds_its_operands() {
    assert_eq!(
        eval(
            "States.MathAdd($.value1, $.step)",
            json!({"value1": 111, "step": -1})
        ),
        json!(110)
    );
    assert_eq!(eval("States.MathAdd(1.5, 1.51)", json!({})), json!(4));
    assert_eq!(eval("States.MathAdd(-1.5, -1.51)", json!({})), json!(-3));
    assert_eq!(
        eval("States.MathAdd(2147483646, 1)", json!({})),
        json!(2147483647)
    );
}

#[test]
fn string_split_on_any_delimiter_character() {
    let input = json!({"inputString": "1,2,3,4,5", "splitter": ","});
    assert_eq!(
        eval("States.StringSplit($.inputString, $.splitter)", input),
        json!(["1", "2", "3", "4", "5"])
    );
    assert_eq!(
        eval("States.StringSplit('This.is+a,test=string', '.+,=')", json!({})),
        json!(["This", "is", "a", "test", "string"])
    );
    assert_eq!(
        eval("States.StringSplit('a,,b,', ',')", json!({})),
        json!(["a", "b"])
    );
    assert_eq!(eval("States.StringSplit('', ',')", json!({})), json!([]));
}

#[test]
fn uuid_is_version_4_and_seeded() {
    let uuid = eval("States.UUID()", json!({}));
    let uuid = uuid.as_str().unwrap();
    assert_eq!(uuid.len(), 36);
    assert_eq!(&uuid[14..15], "4");
    assert_eq!(
        eval("States.UUID()", json!({})),
        json!(uuid),
        "the same seed gives the same UUID"
    );
}

#[test]
fn nested_calls_as_in_the_guide() {
    let expression = "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    let input = json!({"ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.0"}});
    assert_eq!(eval(expression, input), "1.0");
}

// ---- Output formatting ----

#[test]
fn format_prints_values_the_java_way() {
    let input = json!({"o": {"Arg1": 1, "Arg2": [], "s": "x"}, "f": 1.1, "g": 1.0, "n": null, "b": true});
    assert_eq!(
        eval("States.Format('{} {} {} {} {}', $.o, $.f, $.g, $.n, $.b)", input),
        "{Arg1=1, Arg2=[], s=x} 1.1 1.0 null true"
    );
    assert_eq!(eval("States.Format('{}', 1e20)", json!({})), "1.0E20");
    // A StringToJson result stays JSON.
    assert_eq!(
        eval(
            "States.Format('{}', States.StringToJson($.j))",
            json!({"j": "{\"a\": \"x\"}"})
        ),
        "{\"a\":\"x\"}"
    );
}

#[test]
fn json_to_string_keeps_floats_and_integers_apart() {
    assert_eq!(
        eval("States.JsonToString($.v)", json!({"v": [1, 1.0, 1.5, "a"]})),
        "[1,1.0,1.5,\"a\"]"
    );
    assert_eq!(eval("States.JsonToString($.v)", json!({"v": null})), "null");
}

#[test]
fn array_unique_comes_in_java_hash_set_order() {
    assert_eq!(
        eval(
            "States.ArrayUnique($.a)",
            json!({"a": [true, false, true, false]})
        ),
        json!([false, true])
    );
    assert_eq!(
        eval("States.ArrayUnique($.a)", json!({"a": [[1, 2], [1, 2], [2, 1]]})),
        json!([[2, 1], [1, 2]])
    );
    assert_eq!(
        eval("States.ArrayUnique($.a)", json!({"a": [null, null, 1, null]})),
        json!([null, 1])
    );
    assert_eq!(
        eval(
            "States.ArrayUnique($.a)",
            json!({"a": [{"a": 1, "b": 2}, {"b": 2, "a": 1}]})
        ),
        json!([{"a": 1, "b": 2}])
    );
}

#[test]
fn array_contains_compares_java_text() {
    assert_eq!(
        eval("States.ArrayContains($.a, true)", json!({"a": ["true"]})),
        json!(true)
    );
    assert_eq!(
        eval(
            "States.ArrayContains($.a, $.t)",
            json!({"a": [{"a": 1, "b": 2}], "t": {"b": 2, "a": 1}})
        ),
        json!(false)
    );
    assert_eq!(
        eval(
            "States.ArrayContains($.a, $.t)",
            json!({"a": [[1, 2, 3], 2], "t": [1, 2, 3]})
        ),
        json!(true)
    );
}

#[test]
fn integer_arguments_lose_their_fraction() {
    assert_eq!(
        eval("States.ArrayGetItem($.a, 1.2)", json!({"a": [10, 20, 30]})),
        json!(20)
    );
    assert_eq!(
        eval("States.ArrayPartition($.a, 2.6)", json!({"a": [1, 2, 3, 4, 5]})),
        json!([[1, 2], [3, 4], [5]])
    );
    assert_eq!(eval("States.ArrayRange(1.6, 1.4, 1)", json!({})), json!([1]));
    assert_eq!(
        eval("States.ArrayGetItem($.a, 999)", json!({"a": []})),
        json!(null)
    );
}

#[test]
fn lenient_base64_and_blank_json() {
    assert_eq!(eval("States.Base64Decode(' YWJjZA== ')", json!({})), "abcd");
    assert_eq!(eval("States.StringToJson($.s)", json!({"s": "  "})), json!(null));
    assert_eq!(
        eval("States.Hash(123, 'MD5')", json!({})),
        "202cb962ac59075b964b07152d234b70"
    );
}

#[test]
fn array_range_allows_exactly_1000_items() {
    let items = eval("States.ArrayRange(1, 1000, 1)", json!({}));
    assert_eq!(items.as_array().map(Vec::len), Some(1000));
    assert_invalid("States.ArrayRange(1, 1001, 1)", json!({}), "States.ArrayRange");
    // A huge range is refused without being built.
    assert_invalid(
        "States.ArrayRange(-2147483648, 2147483647, 1)",
        json!({}),
        "States.ArrayRange",
    );
}

// ---- Run-time refusals ----

#[test]
fn wrong_counts_types_and_ranges_are_refused_when_run() {
    let cases: &[(&str, Value, &str)] = &[
        (
            "States.ArrayContains($.arr)",
            json!({"arr": [1]}),
            "States.ArrayContains",
        ),
        ("States.Hash()", json!({}), "States.Hash"),
        ("States.Hash('data', 'sha-256')", json!({}), "States.Hash"),
        ("States.UUID(1)", json!({}), "States.UUID"),
        ("States.ArrayLength('not-array')", json!({}), "States.ArrayLength"),
        (
            "States.ArrayGetItem($.a, 3)",
            json!({"a": [10, 20, 30]}),
            "States.ArrayGetItem",
        ),
        (
            "States.ArrayGetItem($.a, -1)",
            json!({"a": [10, 20, 30]}),
            "States.ArrayGetItem",
        ),
        (
            "States.ArrayGetItem($.a, '1')",
            json!({"a": [10, 20, 30]}),
            "States.ArrayGetItem",
        ),
        (
            "States.ArrayPartition($.a, 0.49)",
            json!({"a": [1]}),
            "States.ArrayPartition",
        ),
        ("States.ArrayRange(1, 10, 0)", json!({}), "States.ArrayRange"),
        ("States.MathAdd(2147483647, 1)", json!({}), "States.MathAdd"),
        ("States.MathAdd(3000000000, 1)", json!({}), "States.MathAdd"),
        ("States.MathAdd('1', 2)", json!({}), "States.MathAdd"),
        ("States.MathRandom(1, 1)", json!({}), "States.MathRandom"),
        ("States.MathRandom(1.4, 1.6)", json!({}), "States.MathRandom"),
        ("States.MathRandom(1, 10, null)", json!({}), "States.MathRandom"),
        (
            "States.StringSplit($.s, ',')",
            json!({"s": 123}),
            "States.StringSplit",
        ),
        (
            "States.StringToJson($.s)",
            json!({"s": "{bad json}"}),
            "States.StringToJson",
        ),
        (
            "States.JsonMerge($.a, $.b, true)",
            json!({"a": {}, "b": {}}),
            "States.JsonMerge",
        ),
        (
            "States.JsonMerge($.a, $.b, false)",
            json!({"a": [], "b": {}}),
            "States.JsonMerge",
        ),
        ("States.Base64Encode(123)", json!({}), "States.Base64Encode"),
        ("States.Format('{} {}', $.a)", json!({"a": 1}), "States.Format"),
        (
            "States.Format('{}', $.a, $.b)",
            json!({"a": 1, "b": 2}),
            "States.Format",
        ),
    ];
    for (expression, input, function) in cases {
        assert_invalid(expression, input.clone(), function);
    }
}

#[test]
fn input_limits_of_base64_and_hash() {
    let ok = "a".repeat(10_000);
    let too_long = "a".repeat(10_001);
    assert!(eval("States.Base64Encode($.s)", json!({"s": ok})).is_string());
    assert!(eval("States.Hash($.s, 'SHA-256')", json!({"s": ok})).is_string());
    assert_invalid(
        "States.Base64Encode($.s)",
        json!({"s": too_long}),
        "States.Base64Encode",
    );
    assert_invalid(
        "States.Base64Decode($.s)",
        json!({"s": too_long}),
        "States.Base64Decode",
    );
    assert_invalid(
        "States.Hash($.s, 'SHA-256')",
        json!({"s": too_long}),
        "States.Hash",
    );
}

#[test]
fn a_bad_template_names_the_brace() {
    assert_eq!(
        failure("States.Format('Hello {', $.a)", json!({"a": "x"})),
        "An error occurred while executing the state 'Call' (entered at the event id #2). \
         There was an error while evaluating the intrinsic function: States.Format('Hello {', $.a). \
         Invalid template in States.Format: matching '}' not found for '{'."
    );
    // Escaped braces are text, not placeholders.
    assert_eq!(eval("States.Format('\\{{}\\}', 1)", json!({})), "{1}");
}

#[test]
fn a_missing_path_argument_names_the_path_and_the_input() {
    assert_eq!(
        failure("States.Hash($.missing, 'SHA-256')", json!({"a": 1})),
        "An error occurred while executing the state 'Call' (entered at the event id #2). \
         There was an error while evaluating the intrinsic function: States.Hash($.missing, 'SHA-256'). \
         The JsonPath argument for the field '$.missing' could not be found in the input '{\"a\":1}'"
    );
}

#[test]
fn a_nested_failure_names_the_inner_call() {
    assert_eq!(
        failure("States.Array(1, States.MathAdd($.x, true))", json!({"x": 1})),
        invalid_arguments("States.MathAdd($.x, true)", "States.MathAdd")
    );
}

#[test]
fn a_catcher_does_not_see_runtime_failures() {
    // States.Runtime is not caught by States.ALL, so the execution fails.
    let definition = json!({
        "StartAt": "Call",
        "States": {"Call": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd('a', 1)"}, "End": true}}
    });
    let machine = StateMachine::from_json_text(&definition.to_string()).unwrap();
    let result = run(&machine, json!({}), &RunOptions::default());
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
}

// ---- Syntax, checked when the definition is created ----

#[test]
fn escapes_in_string_literals() {
    assert_eq!(eval("States.Format('It\\'s {}', 'me')", json!({})), "It's me");
    assert_eq!(eval("States.Array('a\\\\b')", json!({})), json!(["a\\b"]));
    // A real newline inside the JSON string is an ordinary character.
    assert_eq!(
        eval("States.StringSplit('Hello\nWorld', '\n')", json!({})),
        json!(["Hello", "World"])
    );
}

#[test]
fn whitespace_between_arguments_is_free() {
    assert_eq!(
        eval("States.Array( $.a ,\t$.b )", json!({"a": 1, "b": 2})),
        json!([1, 2])
    );
}

#[test]
fn context_and_root_paths() {
    assert_eq!(eval("States.Array($)", json!({"a": 1})), json!([{"a": 1}]));
    assert_eq!(eval("States.Format('{}', $$.State.Name)", json!({})), "Call");
}

#[test]
fn bad_syntax_is_a_located_diagnostic() {
    let cases = [
        ("States.Array(", "an argument is missing"),
        ("States.Array($.a", "not closed"),
        ("States.Array($.a) trailing", "unexpected text"),
        ("States.Foo($.a)", "'States.Foo' is not an intrinsic function"),
        ("States.format('x')", "is not an intrinsic function"),
        ("States.Array([1,2])", "is not an argument"),
        ("States.Array(1.)", "is not a number"),
        ("States.Array(.5)", "is not an argument"),
        ("States.Base64Decode('YWJj\\nZA==')", "is not an escape"),
        ("States.Array('open)", "not closed"),
        ("States.Array($.a,)", "an argument is missing"),
        ("States.Array(1 2)", "expected ',' or ')'"),
        ("States.Array (1)", "'(' must follow"),
    ];
    for (expression, why) in cases {
        let diagnostics = rejected(expression);
        assert_eq!(diagnostics.len(), 1, "{expression}: {diagnostics:?}");
        let d = &diagnostics[0];
        assert_eq!(d.code, "SCHEMA_VALIDATION_FAILED");
        assert_eq!(d.location, "/States/Call/Parameters/value.$");
        assert!(d.message.contains(why), "{expression}: {}", d.message);
        assert!(d.message.contains("character"), "{}", d.message);
    }
}

#[test]
fn nesting_deeper_than_ten_is_rejected() {
    let nested = |n: usize| format!("{}1{}", "States.Array(".repeat(n), ")".repeat(n));
    assert_eq!(
        eval(&nested(10), json!({}))[0][0][0][0][0][0][0][0][0][0],
        json!(1)
    );
    assert!(rejected(&nested(11))[0].message.contains("nested at most 10"));
    // Absurd depth is refused without exhausting the stack.
    assert!(!rejected(&nested(50_000)).is_empty());
}

#[test]
fn fail_state_paths_may_hold_intrinsics() {
    let definition = json!({
        "StartAt": "Stop",
        "States": {"Stop": {
            "Type": "Fail",
            "ErrorPath": "States.Format('{}.Error', $.kind)",
            "CausePath": "States.JsonToString($.detail)"
        }}
    });
    let machine = StateMachine::from_json_text(&definition.to_string()).unwrap();
    let result = run(
        &machine,
        json!({"kind": "Order", "detail": {"id": 7}}),
        &RunOptions::default(),
    );
    assert_eq!(result.error.as_deref(), Some("Order.Error"));
    assert_eq!(result.cause.as_deref(), Some("{\"id\":7}"));

    let bad = json!({"StartAt": "Stop", "States": {"Stop": {"Type": "Fail", "CausePath": "States.Nope()"}}});
    let err = StateMachine::from_json_text(&bad.to_string()).unwrap_err();
    assert_eq!(err.diagnostics[0].location, "/States/Stop/CausePath");
}

#[test]
fn string_to_json_of_minus_zero_is_zero() {
    assert_eq!(eval("States.StringToJson($.s)", json!({"s": "-0"})), json!(0));
    assert_eq!(eval("States.StringToJson($.s)", json!({"s": ""})), json!(null));
}

#[test]
fn json_merge_of_a_parsed_literal_and_the_execution_input() {
    let expression = "States.JsonMerge(States.StringToJson('{\"constant_in_literal\": \"false\"}'), $$.Execution.Input.input_field, false)";
    let input = json!({"input_field": {"constant_input_field": "constant_value"}});
    assert_eq!(
        eval(expression, input),
        json!({"constant_in_literal": "false", "constant_input_field": "constant_value"})
    );
}
