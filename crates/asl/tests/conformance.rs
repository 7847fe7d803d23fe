//! Runs the cases recorded against real AWS Step Functions (../shared/conformance, read in place)
//! and holds the interpreter to them: every case that does not pass must be listed, with its
//! reason, in docs/conformance.md. `CONFORMANCE_WRITE=1 cargo test -p asl --test conformance`
//! rewrites that file from the current results.

use asl::history::HistoryEvent;
use asl::jsonpath::{Path, Segment};
use asl::mocks::{MockResponse, Mocks};
use asl::{run, RunOptions, StateMachine};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::PathBuf;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cases_file() -> PathBuf {
    repo_root().join("../shared/conformance/aws-recorded.jsonl")
}

fn report_file() -> PathBuf {
    repo_root().join("docs/conformance.md")
}

struct Outcome {
    id: String,
    category: String,
    jsonata: bool,
    failure: Option<String>,
}

#[test]
fn recorded_aws_behaviour() {
    let Ok(text) = std::fs::read_to_string(cases_file()) else {
        eprintln!(
            "SKIPPED: {} is absent; the conformance cases live in ../shared beside the repository",
            cases_file().display()
        );
        return;
    };
    let outcomes: Vec<Outcome> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(run_case)
        .collect();
    let report = render_report(&outcomes);
    print!("{}", summary_table(&outcomes));
    if std::env::var_os("CONFORMANCE_WRITE").is_some() {
        std::fs::write(report_file(), &report).expect("docs/conformance.md is writable");
        return;
    }
    let listed = std::fs::read_to_string(report_file()).unwrap_or_default();
    let unlisted: Vec<String> = outcomes
        .iter()
        .filter(|o| o.failure.is_some() && !listed.contains(&format!("`{}`", o.id)))
        .map(|o| format!("{}: {}", o.id, o.failure.as_deref().unwrap_or_default()))
        .collect();
    assert!(
        unlisted.is_empty(),
        "{} recorded case(s) fail and are not listed in docs/conformance.md:\n{}",
        unlisted.len(),
        unlisted.join("\n")
    );
}

fn run_case(line: &str) -> Outcome {
    let case: Value = serde_json::from_str(line).expect("each line is a JSON case");
    let id = case["id"].as_str().unwrap_or_default().to_string();
    let category = case["category"].as_str().unwrap_or_default().to_string();
    let jsonata = case["definition"].to_string().contains("\"JSONata\"");
    let failure = check_case(&case).err();
    Outcome {
        id,
        category,
        jsonata,
        failure,
    }
}

fn check_case(case: &Value) -> Result<(), String> {
    let machine = StateMachine::from_value(&case["definition"])
        .map_err(|e| format!("definition rejected: {}", one_line(&e.to_string())))?;
    let mut options = RunOptions::default();
    if let Some(mocks) = case["mocks"].as_object() {
        let mut by_state = HashMap::new();
        for (state, responses) in mocks {
            let responses = responses
                .as_array()
                .into_iter()
                .flatten()
                .map(mock_response)
                .collect();
            by_state.insert(state.clone(), responses);
        }
        options.mocks = Mocks::from_responses(by_state);
    }
    let result = run(&machine, case["input"].clone(), &options);
    // Each history also reads back from the JSON AWS prints, the shape in which the page gets it.
    for event in &result.events {
        let back = HistoryEvent::from_json(&event.to_json());
        assert_eq!(
            back.as_ref(),
            Ok(event),
            "case {}: event {}",
            case["id"],
            event.id
        );
    }
    let expected = &case["expected"];

    let status = expected["status"].as_str().unwrap_or_default();
    if result.status.as_str() != status {
        return Err(format!(
            "status {} instead of {status} ({}: {})",
            result.status.as_str(),
            result.error.as_deref().unwrap_or("-"),
            one_line(result.cause.as_deref().unwrap_or("-"))
        ));
    }
    if status == "SUCCEEDED" {
        let mut want = expected["output"].clone();
        let mut have = result.output.clone().unwrap_or(Value::Null);
        for path in case["volatile"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            blank(&mut want, path);
            blank(&mut have, path);
        }
        if want != have {
            return Err(format!(
                "output {} instead of {}",
                clip(&have.to_string()),
                clip(&want.to_string())
            ));
        }
    } else {
        let want_error = expected["error"].as_str();
        if result.error.as_deref() != want_error {
            return Err(format!("error {:?} instead of {want_error:?}", result.error));
        }
        check_cause(expected, result.cause.as_deref())?;
    }
    let unordered = expected["ordered"] == Value::Bool(false);
    if let Some(want) = expected["states_entered"].as_array() {
        let want: Vec<&str> = want.iter().filter_map(Value::as_str).collect();
        same_sequence("states entered", &want, &result.states_entered(), unordered)?;
    }
    if let Some(want) = expected["event_types"].as_array() {
        let want: Vec<&str> = want.iter().filter_map(Value::as_str).collect();
        let have: Vec<String> = result.events.iter().map(|e| e.event_type()).collect();
        let have: Vec<&str> = have.iter().map(String::as_str).collect();
        same_sequence("event types", &want, &have, unordered)?;
    }
    Ok(())
}

fn check_cause(expected: &Value, cause: Option<&str>) -> Result<(), String> {
    if let Some(pattern) = expected["cause_pattern"].as_str() {
        let regex = regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
            .dot_matches_new_line(true)
            .build()
            .map_err(|e| e.to_string())?;
        return match cause {
            Some(cause) if regex.is_match(cause) => Ok(()),
            other => Err(format!(
                "cause {:?} does not match /{}/",
                other.map(clip),
                clip(pattern)
            )),
        };
    }
    if let Some(want) = expected.get("cause_json").filter(|v| !v.is_null()) {
        let have: Option<Value> = cause.and_then(|c| serde_json::from_str(c).ok());
        return if have.as_ref() == Some(want) {
            Ok(())
        } else {
            Err(format!(
                "cause {:?} instead of JSON {}",
                cause.map(clip),
                clip(&want.to_string())
            ))
        };
    }
    let want = expected["cause"].as_str();
    if cause == want {
        Ok(())
    } else {
        Err(format!(
            "cause {:?} instead of {:?}",
            cause.map(clip),
            want.map(clip)
        ))
    }
}

fn same_sequence(what: &str, want: &[&str], have: &[&str], unordered: bool) -> Result<(), String> {
    let (mut w, mut h) = (want.to_vec(), have.to_vec());
    if unordered {
        w.sort_unstable();
        h.sort_unstable();
    }
    if w == h {
        Ok(())
    } else {
        Err(format!(
            "{what} [{}] instead of [{}]",
            clip(&have.join(", ")),
            clip(&want.join(", "))
        ))
    }
}

fn mock_response(value: &Value) -> MockResponse {
    match value.get("Throw") {
        Some(throw) => MockResponse::Throw {
            error: throw["Error"].as_str().unwrap_or_default().to_string(),
            cause: throw["Cause"].as_str().unwrap_or_default().to_string(),
        },
        None => MockResponse::Return(value.get("Return").cloned().unwrap_or(Value::Null)),
    }
}

/// Sets the value at a masked path to null, where it exists.
fn blank(document: &mut Value, path: &str) {
    let Ok(path) = Path::parse(path) else { return };
    let mut current = document;
    for segment in path.segments() {
        current = match (segment, current) {
            (Segment::Field(name), Value::Object(map)) => match map.get_mut(name) {
                Some(next) => next,
                None => return,
            },
            (Segment::Index(i), Value::Array(items)) => {
                match usize::try_from(*i).ok().and_then(|i| items.get_mut(i)) {
                    Some(next) => next,
                    None => return,
                }
            }
            _ => return,
        };
    }
    *current = Value::Null;
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clip(text: &str) -> String {
    let text = one_line(text);
    if text.chars().count() > 160 {
        format!("{}…", text.chars().take(160).collect::<String>())
    } else {
        text
    }
}

fn summary_table(outcomes: &[Outcome]) -> String {
    let mut by_category: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for o in outcomes {
        let language = if o.jsonata { "JSONata" } else { "JSONPath" };
        let entry = by_category.entry((language, &o.category)).or_default();
        entry.1 += 1;
        if o.failure.is_none() {
            entry.0 += 1;
        }
    }
    let mut out = String::from(
        "| query language | category | passed | cases | rate |\n| --- | --- | ---: | ---: | ---: |\n",
    );
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((language, category), (passed, total)) in &by_category {
        let rate = 100.0 * *passed as f64 / *total as f64;
        let _ = writeln!(
            out,
            "| {language} | {category} | {passed} | {total} | {rate:.1}% |"
        );
        let t = totals.entry(language).or_default();
        t.0 += passed;
        t.1 += total;
    }
    for (language, (passed, total)) in totals {
        let rate = 100.0 * passed as f64 / total as f64;
        let _ = writeln!(
            out,
            "| **{language}** | **all** | **{passed}** | **{total}** | **{rate:.1}%** |"
        );
    }
    out
}

fn render_report(outcomes: &[Outcome]) -> String {
    let mut out = String::from(
        "# Conformance with real AWS Step Functions\n\n\
         `cargo test -p asl --test conformance` runs every case of `../shared/conformance/aws-recorded.jsonl` \
         (recorded against AWS; read in place, never copied here). A case passes when status, output \
         (volatile paths blanked), error, cause, states entered and history event types all match. \
         This file is written by `CONFORMANCE_WRITE=1 cargo test -p asl --test conformance`; the test fails \
         when a case fails without being listed below.\n\n## Pass rate\n\n",
    );
    out.push_str(&summary_table(outcomes));
    out.push_str("\n## Cases that do not pass, and why\n");
    let mut failing: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    failing.sort_by(|a, b| (a.jsonata, &a.category, &a.id).cmp(&(b.jsonata, &b.category, &b.id)));
    let mut heading = None;
    for o in failing {
        let this = (o.jsonata, o.category.as_str());
        if heading != Some(this) {
            let language = if o.jsonata { "JSONata" } else { "JSONPath" };
            let _ = writeln!(out, "\n### {language} · {}\n", o.category);
            heading = Some(this);
        }
        let reason = o.failure.as_deref().unwrap_or_default().replace('|', "\\|");
        let _ = writeln!(out, "- `{}`: {reason}", o.id);
    }
    out
}
