//! Tests of the facade: values in and out, bindings, AWS's functions, the clock, the limits.

use super::*;
use serde_json::json;

fn eval_env(expr: &str, input: Value, env: &mut Environment) -> Result<Option<Value>, JsonataError> {
    Expression::parse(expr)?.evaluate(&input, &Bindings::new(), env)
}

fn eval(expr: &str, input: Value) -> Result<Option<Value>, JsonataError> {
    eval_env(expr, input, &mut Environment::default())
}

fn ok(expr: &str) -> Value {
    eval(expr, json!({}))
        .unwrap_or_else(|e| panic!("{expr}: {e}"))
        .expect("a value")
}

fn code(expr: &str) -> String {
    match eval(expr, json!({})) {
        Err(e) => e.code().to_string(),
        Ok(v) => panic!("{expr}: expected an error, got {v:?}"),
    }
}

#[test]
fn paths_numbers_and_undefined() {
    let input = json!({"a": {"b": [1, 2, 3]}, "n": 2.5});
    assert_eq!(eval("a.b[1]", input.clone()).unwrap(), Some(json!(2)));
    assert_eq!(eval("$sum(a.b) / 2", input.clone()).unwrap(), Some(json!(3)));
    assert_eq!(eval("n * 2", input.clone()).unwrap(), Some(json!(5)));
    assert_eq!(eval("n", input.clone()).unwrap(), Some(json!(2.5)));
    assert_eq!(eval("missing", input.clone()).unwrap(), None);
    assert_eq!(eval("null", input).unwrap(), Some(Value::Null));
}

#[test]
fn undefined_input() {
    let expr = Expression::parse("$").unwrap();
    let result = expr
        .evaluate_input(None, &Bindings::new(), &mut Environment::default())
        .unwrap();
    assert_eq!(result, None);
}

#[test]
fn bindings_are_variables() {
    let expr = Expression::parse("$states.input.x + $counter").unwrap();
    let b = Bindings::new()
        .with("states", json!({"input": {"x": 40}}))
        .with("$counter", json!(2));
    assert_eq!(
        expr.evaluate(&json!(null), &b, &mut Environment::default())
            .unwrap(),
        Some(json!(42))
    );
    let unbound = Expression::parse("$nope").unwrap();
    assert_eq!(
        unbound
            .evaluate(&json!(null), &b, &mut Environment::default())
            .unwrap(),
        None
    );
}

#[test]
fn results_are_json() {
    assert_eq!(ok("{'a': 1, 'f': function(){1}, 'u': nothing}"), json!({"a": 1}));
    assert_eq!(ok("[1, $uppercase]"), json!([1, null]));
    assert_eq!(eval("function(){1}", json!(null)).unwrap(), None);
    assert_eq!(ok("{'z': 1, 'a': 2}"), json!({"z": 1, "a": 2}));
    let order: Vec<String> = ok("{'z': 1, 'a': 2}")
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(order, ["z", "a"], "object keys keep their order");
}

#[test]
fn syntax_errors_have_code_and_position() {
    let e = Expression::parse("$states.input.[").unwrap_err();
    assert!(e.code().starts_with('S'), "{e}");
    assert!(e.position().is_some());
    let e = Expression::parse("1 +").unwrap_err();
    assert_eq!((e.code(), e.position()), ("S0207", Some(3)));
    let e = Expression::parse("'abc").unwrap_err();
    assert_eq!(e.code(), "S0101");
}

#[test]
fn runtime_errors_keep_jsonata_codes() {
    assert_eq!(code("'a' + 1"), "T2001");
    assert_eq!(code("$number('x')"), "D3030");
    assert_eq!(code("$error('boom')"), "D3137");
    assert_eq!(code("$undefinedFunction()"), "T1006");
}

#[test]
fn partition() {
    assert_eq!(
        ok("$partition([1,2,3,4,5,6,7,8,9], 3)"),
        json!([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    );
    assert_eq!(ok("$partition([1,2,3,4,5], 2)"), json!([[1, 2], [3, 4], [5]]));
    assert_eq!(ok("$partition([], 2)"), json!([]));
    assert_eq!(ok("$partition('a', 2)"), json!([["a"]]));
    assert_eq!(code("$partition([1], 0)"), "T0410");
    assert_eq!(code("$partition([1], 1.5)"), "T0410");
    assert_eq!(code("$partition([1])"), "T0410");
}

#[test]
fn range() {
    assert_eq!(ok("$range(0, 10, 2)"), json!([0, 2, 4, 6, 8, 10]));
    assert_eq!(ok("$range(1, 9, 2)"), json!([1, 3, 5, 7, 9]));
    assert_eq!(ok("$range(10, 0, -5)"), json!([10, 5, 0]));
    assert_eq!(ok("$range(1, 2, 5)"), json!([1]));
    assert_eq!(ok("$range(5, 1, 1)"), json!([]));
    assert_eq!(code("$range(1, 5, 0)"), "T0410");
    assert_eq!(code("$range(0, 1000000000, 1)"), "D2014");
    assert_eq!(code("$range(0, 10)"), "T0410");
}

#[test]
fn hash() {
    assert_eq!(
        ok("$hash('input data', 'MD5')"),
        json!("812f45842bc6d66ee14572ce20db8e86")
    );
    assert_eq!(
        ok("$hash('', 'SHA-1')"),
        json!("da39a3ee5e6b4b0d3255bfef95601890afd80709")
    );
    assert_eq!(
        ok("$hash('abc', 'SHA-256')"),
        json!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    );
    assert_eq!(ok("$length($hash('abc', 'SHA-384'))"), json!(96));
    assert_eq!(ok("$length($hash('abc', 'SHA-512'))"), json!(128));
    assert_eq!(code("$hash('abc', 'SHA-3')"), "D3137");
    assert_eq!(code("$hash(1, 'MD5')"), "T0410");
}

#[test]
fn parse_json_strings() {
    assert_eq!(
        ok(r#"$parse('{"a": [1, true, null]}')"#),
        json!({"a": [1, true, null]})
    );
    assert_eq!(ok("$parse('\"x\"')"), json!("x"));
    assert_eq!(ok("$parse('{\"a\": 5}').a + 1"), json!(6));
    assert_eq!(code("$parse('{oops')"), "D3140");
}

#[test]
fn eval_is_not_available() {
    assert_eq!(code("$eval('1 + 1')"), "T1006");
}

#[test]
fn random_and_uuid_come_from_the_environment() {
    let run = |seed| {
        let mut env = Environment::new(0, seed);
        eval_env(
            "[$random(), $random(), $uuid(), [$shuffle([1,2,3,4,5,6,7,8])]]",
            json!(null),
            &mut env,
        )
        .unwrap()
        .unwrap()
    };
    assert_eq!(run(1), run(1), "same seed, same run");
    assert_ne!(run(1), run(2));
    let r = run(1);
    let x = r[0].as_f64().unwrap();
    assert!((0.0..1.0).contains(&x));
    assert_ne!(r[0], r[1]);
    let uuid = r[2].as_str().unwrap();
    assert_eq!(uuid.len(), 36);
    assert_eq!(&uuid[14..15], "4");
    let mut sorted: Vec<i64> = r[3]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    sorted.sort();
    assert_eq!(sorted, [1, 2, 3, 4, 5, 6, 7, 8]);

    // The source advances across evaluations: two states get two different UUIDs.
    let mut env = Environment::new(0, 9);
    let a = eval_env("$uuid()", json!(null), &mut env).unwrap();
    let b = eval_env("$uuid()", json!(null), &mut env).unwrap();
    assert_ne!(a, b);
}

#[test]
fn seeded_random_is_fixed_by_the_seed() {
    let a = ok("$random(42)");
    assert_eq!(a, ok("$random(42)"));
    assert_ne!(a, ok("$random(43)"));
    assert_eq!(ok("$random('seed')"), ok("$random('seed')"));
    assert!((0.0..1.0).contains(&a.as_f64().unwrap()));
}

#[test]
fn time_is_the_callers() {
    let mut env = Environment::new(1_700_000_000_000, 0);
    assert_eq!(
        eval_env("$millis()", json!(null), &mut env).unwrap(),
        Some(json!(1_700_000_000_000i64))
    );
    assert_eq!(
        eval_env("$now()", json!(null), &mut env).unwrap(),
        Some(json!("2023-11-14T22:13:20.000Z"))
    );
    assert_eq!(
        eval_env("$now('[Y0001]-[M01]-[D01]')", json!(null), &mut env).unwrap(),
        Some(json!("2023-11-14"))
    );
    assert_eq!(
        eval_env("$now('[H01]:[m01]', '+0100')", json!(null), &mut env).unwrap(),
        Some(json!("23:13"))
    );
    assert_eq!(
        eval_env("$now() = $now()", json!(null), &mut env).unwrap(),
        Some(json!(true))
    );
    assert_eq!(
        eval_env("$type($now)", json!(null), &mut env).unwrap(),
        Some(json!("function"))
    );
}

#[test]
fn endless_tail_recursion_is_stopped() {
    // The default budget (a million calls) takes seconds in a debug build: a smaller one here.
    let limits = Limits {
        max_function_calls: 20_000,
        ..Limits::default()
    };
    for expr in [
        "($f := function($n){ $f($n + 1) }; $f(0))",
        "($f := function(){ $f() }; $f())",
    ] {
        let mut env = Environment::default().with_limits(limits.clone());
        assert_eq!(eval_env(expr, json!(null), &mut env).unwrap_err().code(), "D1012");
    }
}

#[test]
fn deep_recursion_is_stopped() {
    assert_eq!(code("($f := function($n){ 1 + $f($n + 1) }; $f(0))"), "U1001");
}

#[test]
fn finite_tail_recursion_still_works() {
    let expr = "($count := function($n, $acc){ $n = 0 ? $acc : $count($n - 1, $acc + 1) }; $count(90000, 0))";
    assert_eq!(ok(expr), json!(90000));
}

#[test]
fn huge_sequences_are_stopped() {
    assert_eq!(code("[1..100000000]"), "D2014");
    let mut env = Environment::default().with_limits(Limits {
        max_sequence_length: 1000,
        ..Limits::default()
    });
    let e = eval_env("$map([1..5000], function($x){ $x })", json!(null), &mut env).unwrap_err();
    assert_eq!(e.code(), "D2015");
}

#[test]
fn many_calls_are_stopped() {
    let mut env = Environment::default().with_limits(Limits {
        max_function_calls: 100,
        ..Limits::default()
    });
    let e = eval_env("$map([1..1000], function($x){ $x })", json!(null), &mut env).unwrap_err();
    assert_eq!(e.code(), "D1012");
    // The budget is per evaluation.
    assert!(eval_env("$map([1..50], function($x){ $x })", json!(null), &mut env).is_ok());
    assert!(eval_env("$map([1..50], function($x){ $x })", json!(null), &mut env).is_ok());
}

#[test]
fn deep_sources_are_rejected_without_overflow() {
    for source in [
        "(".repeat(100_000),
        "[".repeat(5_000) + &"]".repeat(5_000),
        "-".repeat(100_000) + "1",
        "1".to_string() + &"+1".repeat(20_000),
        "$f(".repeat(10_000),
        "a.".repeat(20_000) + "a",
        "x ? ".repeat(10_000) + "1",
        "{'a':".repeat(5_000),
        "\"".to_string() + &"\\".repeat(10_000),
    ] {
        assert!(Expression::parse(&source).is_err(), "{}", &source[..20]);
    }
    assert_eq!(
        Expression::parse(&"1+".repeat(40_000)).unwrap_err().code(),
        "S0001"
    );
}

#[test]
fn long_flat_sources_are_fine() {
    let source = "1".to_string() + &"+1".repeat(400);
    assert_eq!(ok(&source), json!(401));
}

#[test]
fn deep_values_are_stopped_while_they_grow() {
    for body in [
        "{'a': $a}",
        "[[$a]]",
        "{'n': $b, 'next': $a}",
        "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, [$a]]",
    ] {
        let expr = format!("$reduce([1..100000], function($a, $b){{ {body} }}, {{}})");
        assert_eq!(code(&expr), "U1001", "{expr}");
    }
    let expr = "($f := function($n){ $n = 0 ? {} : {'a': $f($n - 1)} }; $f(2000))";
    assert_eq!(code(expr), "U1001");
    assert_eq!(
        ok("$count($reduce([1..100], function($a, $b){ {'a': $a} }, {}).**)"),
        json!(101)
    );
}

fn references(expr: &str) -> crate::References {
    Expression::parse(expr).unwrap().references().clone()
}

#[test]
fn references_name_variables_and_states_fields() {
    let refs = references("$states.input.total * $rate + $count($states.context.Execution.Input)");
    assert_eq!(refs.variables, ["rate"]);
    assert_eq!(refs.functions, ["count"]);
    assert!(refs.mentions("count") && refs.mentions("rate") && !refs.mentions("now"));
    assert_eq!(refs.states_fields(), Some(vec!["input", "context"]));
    assert!(refs.top_level.is_empty());
    assert!(refs.reads_states_field("input"));
    assert!(!refs.reads_states_field("result"));
    // Text inside a string literal is not a reference.
    let refs = references("'$states.result and $x'");
    assert_eq!(refs.states_fields(), Some(vec![]));
    assert!(refs.variables.is_empty());
    // `$states` used whole needs every field.
    let refs = references("$keys($states)");
    assert_eq!(refs.states_fields(), None);
    assert!(refs.reads_states_field("errorOutput"));
}

#[test]
fn references_find_names_read_at_the_top_level() {
    assert_eq!(references("phone").top_level, ["phone"]);
    assert_eq!(references("$ + 1").top_level, ["$"]);
    assert_eq!(references("$$.a").top_level, ["$$"]);
    assert_eq!(references("{aaa: 1}").top_level, ["aaa"]);
    // Lambda bodies keep the context they were defined in.
    assert_eq!(
        references("$map($states.input, function($v){ $v.a + b })").top_level,
        ["b"]
    );
    // Later steps, filters, sort terms and `$` inside a filter read the value before them.
    for fine in [
        "$states.input.items[price > 3 and $ != null].name",
        "$states.input.items^(>price)",
        "$states.input.items.(price * 2)",
        "$states.input ~> |$|{'a': b}|",
        "$states.input{name: price}",
    ] {
        assert_eq!(references(fine).top_level, Vec::<String>::new(), "{fine}");
    }
}
