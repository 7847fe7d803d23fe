//! Runs the JSONata test suite (shared/jsonata-test-suite, read in place) through the facade.
//!
//! Prints the pass rate per group and overall, and fails when a case fails that is not listed in
//! `tests/known-failures.txt`, or when a listed case passes (so the list stays honest).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use jsonata::{Bindings, Environment, Expression, JsonataError};
use serde_json::Value;

/// A fixed virtual clock and seed: the suite's time and random cases check shapes, not values.
const NOW: i64 = 1_700_000_000_000;

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/jsonata-test-suite")
}

struct Outcome {
    id: String,
    group: String,
    failure: Option<String>,
}

#[test]
fn jsonata_test_suite() {
    let dir = suite_dir();
    if !dir.join("groups").is_dir() {
        println!("SKIPPED: the JSONata test suite is not at {}", dir.display());
        return;
    }
    let outcomes = run_suite(&dir);
    let known = known_failures();

    let mut per_group: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for o in &outcomes {
        let entry = per_group.entry(&o.group).or_default();
        entry.1 += 1;
        if o.failure.is_none() {
            entry.0 += 1;
        }
    }
    println!("{:<36} {:>7}", "group", "passed");
    for (group, (passed, total)) in &per_group {
        println!("{group:<36} {passed:>3}/{total:<3}");
    }
    let passed = outcomes.iter().filter(|o| o.failure.is_none()).count();
    let total = outcomes.len();
    println!(
        "overall: {passed}/{total} passed ({:.2}%), {} known failures listed",
        100.0 * passed as f64 / total as f64,
        known.len()
    );

    let mut unexpected = Vec::new();
    for o in &outcomes {
        match (&o.failure, known.contains(&o.id)) {
            (Some(why), false) => unexpected.push(format!("FAILED (not a known failure) {}: {why}", o.id)),
            (None, true) => unexpected.push(format!("PASSES (remove it from known-failures.txt) {}", o.id)),
            _ => {}
        }
    }
    let ids: BTreeSet<&str> = outcomes.iter().map(|o| o.id.as_str()).collect();
    for id in &known {
        if !ids.contains(id.as_str()) {
            unexpected.push(format!("UNKNOWN case in known-failures.txt: {id}"));
        }
    }
    for line in &unexpected {
        println!("{line}");
    }
    assert!(
        unexpected.is_empty(),
        "{} cases differ from tests/known-failures.txt",
        unexpected.len()
    );
}

/// Case ids listed in known-failures.txt: the first word of each line; `#` starts a comment.
fn known_failures() -> BTreeSet<String> {
    let text = include_str!("known-failures.txt");
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

fn run_suite(dir: &Path) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for group_dir in sorted_entries(&dir.join("groups")) {
        let group = name_of(&group_dir);
        for file in sorted_entries(&group_dir) {
            if file.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("?")
                .to_string();
            let text = fs::read_to_string(&file).unwrap_or_default();
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Array(cases)) => {
                    for (i, case) in cases.iter().enumerate() {
                        let id = format!("{group}/{stem}[{i}]");
                        outcomes.push(Outcome {
                            id,
                            group: group.clone(),
                            failure: run_case(dir, &group_dir, case).err(),
                        });
                    }
                }
                Ok(case) => {
                    let id = format!("{group}/{stem}");
                    outcomes.push(Outcome {
                        id,
                        group: group.clone(),
                        failure: run_case(dir, &group_dir, &case).err(),
                    });
                }
                Err(e) => outcomes.push(Outcome {
                    id: format!("{group}/{stem}"),
                    group: group.clone(),
                    failure: Some(format!("the case file is not readable as JSON here: {e}")),
                }),
            }
        }
    }
    outcomes
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("?")
        .to_string()
}

/// Runs one case: `Ok` when it passes, `Err(why)` when it does not.
fn run_case(dir: &Path, group_dir: &Path, case: &Value) -> Result<(), String> {
    let source = match (
        case.get("expr").and_then(Value::as_str),
        case.get("expr-file").and_then(Value::as_str),
    ) {
        (Some(expr), _) => expr.to_string(),
        (None, Some(file)) => {
            fs::read_to_string(group_dir.join(file)).map_err(|e| format!("expr-file: {e}"))?
        }
        _ => return Err("the case has no expression".to_string()),
    };
    let input = match (case.get("data"), case.get("dataset")) {
        (Some(data), _) => Some(data.clone()),
        (None, Some(Value::String(name))) => {
            let text = fs::read_to_string(dir.join("datasets").join(format!("{name}.json")))
                .map_err(|e| format!("dataset {name}: {e}"))?;
            Some(serde_json::from_str(&text).map_err(|e| format!("dataset {name}: {e}"))?)
        }
        _ => None,
    };
    let mut bindings = Bindings::new();
    if let Some(Value::Object(vars)) = case.get("bindings") {
        for (name, value) in vars {
            bindings.insert(name, value.clone());
        }
    }
    let mut env = Environment::new(NOW, 0);
    if let Some(depth) = case.get("depth").and_then(Value::as_u64) {
        // The suite's depth counts jsonata-js evaluation frames, about three per non-tail call of a
        // user function; the engine's levels are about four per call here, the fourth being the
        // call counter the facade puts in each function body.
        env.limits.max_depth = depth as usize * 4 / 3;
    }

    let result =
        Expression::parse(&source).and_then(|e| e.evaluate_input(input.as_ref(), &bindings, &mut env));
    let expected_code = case
        .get("code")
        .or_else(|| case.get("error").and_then(|e| e.get("code")))
        .and_then(Value::as_str);
    if let Some(code) = expected_code {
        return match result {
            Err(e) if e.code() == code => Ok(()),
            Err(e) => Err(format!("expected error {code}, got {}", describe(&e))),
            Ok(v) => Err(format!("expected error {code}, got {}", show(&v))),
        };
    }
    if case.get("undefinedResult").and_then(Value::as_bool) == Some(true) {
        return match result {
            Ok(None) => Ok(()),
            Ok(v) => Err(format!("expected undefined, got {}", show(&v))),
            Err(e) => Err(format!("expected undefined, got error {}", describe(&e))),
        };
    }
    let Some(expected) = case.get("result") else {
        return Err("the case expects nothing this runner knows".to_string());
    };
    let unordered = case.get("unordered").and_then(Value::as_bool) == Some(true);
    match result {
        Ok(Some(actual)) if same(expected, &actual, unordered) => Ok(()),
        Ok(v) => Err(format!("expected {expected}, got {}", show(&v))),
        Err(e) => Err(format!("expected {expected}, got error {}", describe(&e))),
    }
}

fn describe(e: &JsonataError) -> String {
    e.to_string()
}

fn show(v: &Option<Value>) -> String {
    match v {
        Some(v) => {
            let text = v.to_string();
            if text.len() > 200 {
                format!("{}…", text.chars().take(200).collect::<String>())
            } else {
                text
            }
        }
        None => "undefined".to_string(),
    }
}

/// JSON equality where numbers compare by value (`1e7` equals `10000000`), and, for `unordered`
/// cases, top-level arrays compare as multisets.
fn same(expected: &Value, actual: &Value, unordered: bool) -> bool {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) if unordered => {
            let mut left: Vec<&Value> = b.iter().collect();
            a.len() == b.len()
                && a.iter()
                    .all(|x| match left.iter().position(|y| same(x, y, false)) {
                        Some(i) => {
                            left.swap_remove(i);
                            true
                        }
                        None => false,
                    })
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y, false))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y, false)))
        }
        _ => expected == actual,
    }
}
