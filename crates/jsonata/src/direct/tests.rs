//! The direct evaluator against the engine: whenever it decides, its answer must be exactly
//! the engine's (same JSON, same number forms, undefined for undefined).

use std::path::Path;

use serde_json::{json, Value};

use super::Direct;
use crate::{Bindings, Environment, Expression};

/// Evaluates `source` both ways over `bindings`; `Some(true)` when the direct evaluator decided
/// (and agreed), `Some(false)` when it gave up, `None` when it does not cover the expression.
fn check(expression: &Expression, bindings: &Bindings) -> Option<bool> {
    let direct = expression.direct.as_ref()?;
    let mut env = Environment::new(0, 0);
    let Some(decided) = direct.evaluate(bindings, env.limits.max_value_depth) else {
        return Some(false);
    };
    let engine = expression.evaluate(&Value::Null, bindings, &mut env);
    let same = match &engine {
        Ok(value) => value == &decided && text(value) == text(&decided),
        Err(_) => false,
    };
    assert!(
        same,
        "{}\nwith {bindings:?}\ndirect: {}\nengine: {engine:?}",
        expression.source(),
        text(&decided)
    );
    Some(true)
}

fn text(value: &Option<Value>) -> String {
    match value {
        Some(value) => value.to_string(),
        None => "undefined".into(),
    }
}

/// A small deterministic generator (SplitMix64), so a failure replays.
struct Gen(u64);

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// An expression of the covered kinds (and a few just outside them), `depth` levels deep.
    fn expression(&mut self, depth: usize) -> String {
        const LEAVES: &[&str] = &[
            "$a",
            "$b",
            "$a.k",
            "$b.k",
            "$a.k.k",
            "$b.k.k",
            "$states.input",
            "$states.input.k",
            "$states.input.k.k",
            "$states.input.missing",
            "$states.context.Map.Item.Index",
            "$states.result",
            "$states.result.k",
            "$merge",
            "$exists",
            "$string",
            "$unbound",
            "0",
            "1",
            "-1",
            "2.5",
            "0.1",
            "1e300",
            "1e15",
            "999999999999999",
            "9007199254740993",
            "'x'",
            "''",
            "'10'",
            "'é😀'",
            "true",
            "false",
            "null",
        ];
        const BINARY: &[&str] = &[
            "+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=", "and", "or", "&",
        ];
        if depth == 0 || self.below(4) == 0 {
            return self.pick(LEAVES).to_string();
        }
        let d = depth - 1;
        match self.below(12) {
            0..=4 => {
                let op = self.pick(BINARY);
                format!("({} {op} {})", self.expression(d), self.expression(d))
            }
            5 => format!("-{}", self.expression(d)),
            6 => format!(
                "({} ? {} : {})",
                self.expression(d),
                self.expression(d),
                self.expression(d)
            ),
            7 => format!("({} ? {})", self.expression(d), self.expression(d)),
            8 => match self.below(3) {
                0 => format!("{{'a': {}, 'b': {}}}", self.expression(d), self.expression(d)),
                1 => format!("{{'a': {}, 'a': {}}}", self.expression(d), self.expression(d)),
                _ => "{}".into(),
            },
            9 => match self.below(4) {
                0 => format!("[{}, {}]", self.expression(d), self.expression(d)),
                1 => format!("[[{}], {}]", self.expression(d), self.expression(d)),
                2 => format!("[{}]", self.expression(d)),
                _ => "[]".into(),
            },
            10 => match self.below(3) {
                0 => format!("$merge({})", self.expression(d)),
                _ => format!("$merge([{}, {}])", self.expression(d), self.expression(d)),
            },
            _ => format!("$exists({})", self.expression(d)),
        }
    }
}

/// Values the variables take: each JSON kind, numbers whose form the engine changes (`1.0`,
/// `-0.0`, integers past 2^53), arrays (which paths map over) and nested objects.
fn values() -> Vec<Value> {
    let mut values: Vec<Value> = vec![
        json!(0),
        json!(1),
        json!(-1),
        json!(2.5),
        json!(1.0),
        json!(-0.0),
        json!(9007199254740993u64),
        json!(-9007199254740993i64),
        json!(1e300),
        json!(""),
        json!("x"),
        json!("10"),
        json!("é😀"),
        json!(true),
        json!(false),
        json!(null),
        json!([]),
        json!([1]),
        json!([[1]]),
        json!([1, "x"]),
        json!([{"k": 1}, {"k": 2}]),
        json!({}),
        json!({"k": 1}),
        json!({"k": {"k": 2.0}}),
        json!({"k": [1, 2]}),
        json!({"k": null}),
        json!({"k": "s", "z": 1.5}),
        json!({"k": [[]]}),
    ];
    values.push(serde_json::from_str("{\"k\": {\"k\": 12345678901234567890}}").unwrap());
    values
}

fn bindings(gen: &mut Gen, values: &[Value]) -> Bindings {
    let mut pick = || values[gen.below(values.len())].clone();
    let (a, b, input, result, item) = (pick(), pick(), pick(), pick(), pick());
    let mut bindings = Bindings::new().with("a", a).with("b", b).with(
        "states",
        json!({"input": input, "result": result, "context": {"Map": {"Item": {"Index": 3, "Value": item}}}}),
    );
    match gen.below(16) {
        0 => bindings.insert("merge", json!([{"x": 1}])),
        1 => bindings.insert("exists", json!(true)),
        2 => bindings.insert("states", json!([{"input": 1}])),
        _ => {}
    }
    bindings
}

#[test]
fn the_direct_evaluator_agrees_with_the_engine_on_generated_expressions() {
    let values = values();
    let mut gen = Gen(12);
    let (mut covered, mut decided, mut cases) = (0, 0, 0);
    for _ in 0..4_000 {
        let depth = 1 + gen.below(3);
        let source = gen.expression(depth);
        let Ok(expression) = Expression::parse(&source) else {
            continue;
        };
        for _ in 0..25 {
            cases += 1;
            match check(&expression, &bindings(&mut gen, &values)) {
                Some(true) => {
                    covered += 1;
                    decided += 1;
                }
                Some(false) => covered += 1,
                None => {}
            }
        }
    }
    println!("{cases} cases, {covered} covered, {decided} decided directly and equal");
    // The test means something only if the direct evaluator decides a good share.
    assert!(
        decided * 5 > cases,
        "only {decided} of {cases} cases decided directly"
    );
}

#[test]
fn the_step_functions_shapes_are_decided_directly() {
    let bindings = Bindings::new().with("x", json!({"n": 4})).with(
        "states",
        json!({"input": {"i": 1, "limit": 6000, "item": {"name": "pen", "price": 2.5}, "index": 7, "currency": "EUR"},
               "result": [1, 2], "context": {"Map": {"Item": {"Index": 7, "Value": {"id": 1}}}}}),
    );
    for source in [
        "$states.input.limit",
        "$states.input.i + 1",
        "$states.input.i < $states.input.limit",
        "$states.input.item.name & ' #' & $states.input.index",
        "$merge([$states.input, {\"priced\": {\"total\": $states.input.item.price + 5, \"tags\": [$states.input.currency]}}])",
        "$merge([$states.input, {\"priced\": $states.result}])",
        "$states.context.Map.Item.Value",
        "$exists($x.n) ? $x.n * 2 : 0",
    ] {
        let expression = Expression::parse(source).unwrap();
        assert_eq!(check(&expression, &bindings), Some(true), "{source}");
    }
}

#[test]
fn what_it_does_not_mirror_is_left_to_the_engine() {
    let bindings = Bindings::new()
        .with("a", json!([{"k": 1}, {"k": 2}]))
        .with("s", json!("x"))
        .with("merge", json!(1));
    for source in ["$a.k", "$s + 1", "1 / 0", "$merge([{}])", "$string", "$s & 1.5"] {
        let expression = Expression::parse(source).unwrap();
        assert_eq!(check(&expression, &bindings), Some(false), "{source}");
    }
    for source in ["$a[0]", "$sum($a.k)", "$", "$states", "x", "$s.$length($)"] {
        let expression = Expression::parse(source).unwrap();
        assert!(expression.direct.is_none(), "{source}");
    }
    assert!(Direct::compile(&crate::guard::parse("{'a': 1, 'a': 2}").unwrap()).is_none());
    // Trees deeper than the direct evaluator's bound are the engine's (whose recursion is bounded).
    let sum = |n: usize| vec!["1"; n].join(" + ");
    assert!(Expression::parse(&sum(30)).unwrap().direct.is_some());
    let deep = Expression::parse(&sum(200)).unwrap();
    assert!(deep.direct.is_none());
    let mut env = Environment::new(0, 0);
    assert_eq!(deep.evaluate_in(&bindings, &mut env).unwrap(), Some(json!(200)));
}

/// The JSONata test suite's expressions that the direct evaluator covers, with the cases'
/// bindings (and no context item, as the direct evaluator never reads one).
#[test]
fn the_direct_evaluator_agrees_with_the_engine_on_the_suite() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/jsonata-test-suite/groups");
    let Ok(groups) = std::fs::read_dir(&dir) else {
        println!("SKIPPED: the JSONata test suite is not at {}", dir.display());
        return;
    };
    let (mut covered, mut decided) = (0, 0);
    for group in groups.flatten() {
        for file in std::fs::read_dir(group.path()).into_iter().flatten().flatten() {
            let Ok(text) = std::fs::read_to_string(file.path()) else {
                continue;
            };
            let cases = match serde_json::from_str::<Value>(&text) {
                Ok(Value::Array(cases)) => cases,
                Ok(case) => vec![case],
                Err(_) => continue,
            };
            for case in cases {
                let Some(Ok(expression)) = case.get("expr").and_then(Value::as_str).map(Expression::parse)
                else {
                    continue;
                };
                let mut bindings = Bindings::new();
                if let Some(Value::Object(vars)) = case.get("bindings") {
                    for (name, value) in vars {
                        bindings.insert(name, value.clone());
                    }
                }
                match check(&expression, &bindings) {
                    Some(true) => {
                        covered += 1;
                        decided += 1;
                    }
                    Some(false) => covered += 1,
                    None => {}
                }
            }
        }
    }
    println!("suite: {covered} expressions covered, {decided} decided directly and equal");
    assert!(decided > 50, "only {decided} suite cases decided directly");
}
