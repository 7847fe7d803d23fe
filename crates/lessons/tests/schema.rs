//! lessons/lesson.schema.json and lessons/track.schema.json, the schemas editors check lesson files
//! with, agree with the loader: every built-in file passes them, and documents the loader refuses
//! (unknown fields, wrong enums, malformed rules) the schemas refuse too.

use lessons::Lesson;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A schema, validated with the reference implementation (Python's `jsonschema`, which
/// scripts/setup.sh installs). The Rust crate of that name is not used: it turns on serde_json's
/// `float_roundtrip` for the whole workspace's tests, which changes how the engine reads numbers.
struct Validator {
    schema: PathBuf,
}

fn validator(name: &str) -> Validator {
    let schema = lessons_dir().join(name);
    assert_eq!(
        read_json(&schema)["$schema"],
        "https://json-schema.org/draft/2020-12/schema",
        "{name}"
    );
    Validator { schema }
}

fn lesson_schema() -> Validator {
    validator("lesson.schema.json")
}

impl Validator {
    /// Every schema error of each document, one line each, naming where it is.
    fn errors_of(&self, documents: &[&Value]) -> Vec<Vec<String>> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/json-schema-check.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg(&self.schema)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs (scripts/setup.sh installs it and its jsonschema package)");
        let input = serde_json::to_vec(documents).expect("JSON");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(&input)
            .expect("the documents are sent");
        let output = child.wait_with_output().expect("the validator ends");
        assert!(
            output.status.success(),
            "the schema check failed (run scripts/setup.sh to install Python's jsonschema): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("the validator prints JSON")
    }

    fn is_valid(&self, instance: &Value) -> bool {
        self.errors_of(&[instance])[0].is_empty()
    }
}

/// Every schema error in `instance`, one line each, naming where it is.
fn schema_errors(validator: &Validator, instance: &Value) -> Vec<String> {
    validator.errors_of(&[instance]).remove(0)
}

/// The loader's problems with `lesson` as lesson.json of an in-memory folder holding everything
/// else a lesson needs (a passing Pass machine as starter and solution, its mistakes' files).
fn loader_problems(lesson: &Value) -> Vec<String> {
    let machine = r#"{"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": true}}}"#;
    let mut files = BTreeMap::from([
        (
            "lesson.json".to_string(),
            serde_json::to_string_pretty(lesson).expect("JSON"),
        ),
        ("instructions.md".to_string(), "# Hello\n".to_string()),
        ("starter.asl.json".to_string(), machine.to_string()),
        ("solution.asl.json".to_string(), machine.to_string()),
    ]);
    for mistake in lesson["mistakes"].as_array().into_iter().flatten() {
        if let Some(file) = mistake["file"].as_str() {
            files.insert(file.to_string(), machine.to_string());
        }
    }
    match Lesson::load("00-test", |name| files.get(name).cloned()) {
        Ok(_) => Vec::new(),
        Err(err) => err.problems,
    }
}

/// A small lesson both the schema and the loader accept.
fn minimal_lesson() -> Value {
    json!({
        "$schema": "../lesson.schema.json",
        "id": "hello",
        "title": "Hello",
        "summary": "Say hello.",
        "checks": [
            { "title": "Says hello", "expect": { "status": "SUCCEEDED" } }
        ]
    })
}

/// A lesson that uses every field of the format, which both the schema and the loader accept.
fn full_lesson() -> Value {
    json!({
        "$schema": "../lesson.schema.json",
        "id": "every-field-2",
        "title": "Every field",
        "summary": "A lesson that uses every field of lesson.json.",
        "minutes": 10,
        "concepts": ["Pass", "Retry"],
        "hints": ["first", "second"],
        "scenario": {
            "services": { "lambda": { "functions": { "backup": { "returns": { "ok": true } } } } }
        },
        "run": {
            "workflowType": "STANDARD",
            "seed": 7,
            "startTime": "2024-01-07T02:00:00Z",
            "executionName": "lesson-run",
            "mocks": {
                "StateMachines": { "Lesson": { "TestCases": { "HappyPath": { "Hello": "HelloResponse" } } } },
                "MockedResponses": { "HelloResponse": { "0": { "Return": { "ok": true } } } }
            },
            "testCase": "HappyPath",
            "stateMachine": "Lesson"
        },
        "definition": [
            {
                "state": "Hello", "type": "Pass", "with": { "End": true }, "has": ["End"], "lacks": ["Next"],
                "resource": "lambda:invoke", "catches": "States.ALL", "catchesTo": "Failed",
                "assigns": "greeting", "reads": "$greeting",
                "retries": { "error": "States.TaskFailed", "atLeast": 2, "backoffRateAbove": 1.5, "jitter": "FULL" },
                "why": "the lesson teaches Pass"
            },
            { "someState": { "type": "Pass", "with": { "End": true } }, "why": "something passes" },
            { "noState": { "type": "Wait" } },
            { "someState": { "retries": { "error": "States.ALL" } } },
            { "noState": { "catches": "States.ALL", "catchesTo": "Failed" } }
        ],
        "checks": [
            {
                "title": "Says hello",
                "input": { "name": "Ada" },
                "scenario": { "services": {}, "stateMachines": {}, "activities": {} },
                "run": { "workflowType": "EXPRESS", "seed": 1, "startTime": "2024-01-07T03:00:00.5+01:00" },
                "approvals": [
                    { "afterSeconds": 60, "from": "sqs", "success": { "status": "SUCCESS" } },
                    { "from": "sns", "failure": { "error": "Rejected", "cause": "no" } },
                    { "from": "lambda", "heartbeat": true },
                    { "afterSeconds": 3600, "from": "eventbridge", "heartbeat": true },
                    { "from": "any", "success": "approved" }
                ],
                "why": "it says hello",
                "expect": {
                    "status": "SUCCEEDED",
                    "output": { "name": "Ada" },
                    "compare": "includes",
                    "statesEntered": ["Hello"],
                    "mustEnter": ["Hello"],
                    "mustNotEnter": ["Failed"],
                    "maxStatesEntered": 1,
                    "maxTransitions": 2,
                    "services": { "sqs": {} },
                    "servicesEmpty": ["/sqs/queues/orders/messages"]
                }
            },
            {
                "title": "Fails",
                "expect": { "status": "FAILED", "error": "States.TaskFailed", "cause": "no" }
            },
            { "title": "Times out", "expect": { "status": "TIMED_OUT", "compare": "exact" } },
            { "title": "Waits", "expect": { "status": "RUNNING" } }
        ],
        "mistakes": [
            { "file": "mistakes/a.asl.json", "message": "should be", "fails": "definition" },
            { "file": "mistakes/b.asl.json", "message": "should be", "fails": "Says hello" },
            { "file": "mistakes/c.asl.json", "message": "should be" }
        ]
    })
}

#[test]
fn the_track_index_matches_its_schema() {
    let schema = validator("track.schema.json");
    let track = read_json(&lessons_dir().join("track.json"));
    let errors = schema_errors(&schema, &track);
    assert!(errors.is_empty(), "lessons/track.json:\n{}", errors.join("\n"));
}

#[test]
fn every_built_in_lesson_matches_the_schema() {
    let schema = lesson_schema();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(lessons_dir())
        .expect("lessons/ can be read")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("lesson.json").is_file())
        .collect();
    folders.sort();
    assert!(
        folders.len() >= 10,
        "only {} lesson.json files under lessons/",
        folders.len()
    );
    let mut problems = Vec::new();
    for folder in &folders {
        let path = folder.join("lesson.json");
        let lesson = read_json(&path);
        for error in schema_errors(&schema, &lesson) {
            problems.push(format!("{}: {error}", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_schema_and_the_loader_accept_the_same_well_formed_lessons() {
    let schema = lesson_schema();
    for lesson in [minimal_lesson(), full_lesson()] {
        let errors = schema_errors(&schema, &lesson);
        assert!(
            errors.is_empty(),
            "the schema refuses {lesson:#}:\n{}",
            errors.join("\n")
        );
        let problems = loader_problems(&lesson);
        assert!(
            problems.is_empty(),
            "the loader refuses {lesson:#}:\n{}",
            problems.join("\n")
        );
    }
}

/// The lesson with one change made by `edit`.
fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut lesson = full_lesson();
    edit(&mut lesson);
    lesson
}

/// Asserts that both the schema and the loader refuse `lesson`.
fn both_refuse(what: &str, lesson: &Value) {
    let schema = lesson_schema();
    assert!(
        !schema.is_valid(lesson),
        "the schema accepts a lesson with {what}:\n{lesson:#}"
    );
    let problems = loader_problems(lesson);
    assert!(
        !problems.is_empty(),
        "the loader accepts a lesson with {what}:\n{lesson:#}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("lesson.json: ")),
        "the loader's problems with {what} should be in lesson.json: {problems:?}"
    );
}

#[test]
fn an_unknown_top_level_field_is_refused() {
    both_refuse(
        "an unknown top-level field",
        &edited(|l| l["instructions"] = json!("instructions.md")),
    );
    both_refuse(
        "a misspelt top-level field",
        &edited(|l| l["mistake"] = l["mistakes"].take()),
    );
}

#[test]
fn an_unknown_matcher_field_is_refused() {
    both_refuse(
        "an unknown matcher field beside 'state'",
        &edited(|l| l["definition"][0]["retry"] = json!({ "error": "States.ALL" })),
    );
    both_refuse(
        "an unknown matcher field in 'someState'",
        &edited(|l| l["definition"][1]["someState"]["catchTo"] = json!("Failed")),
    );
    both_refuse(
        "an unknown field in 'retries'",
        &edited(|l| l["definition"][0]["retries"]["maxAttempts"] = json!(3)),
    );
}

#[test]
fn a_check_with_a_bad_status_is_refused() {
    both_refuse(
        "a check expecting status SUCCESS",
        &edited(|l| l["checks"][0]["expect"]["status"] = json!("SUCCESS")),
    );
    both_refuse(
        "a check expecting a lowercase status",
        &edited(|l| l["checks"][1]["expect"]["status"] = json!("failed")),
    );
    both_refuse(
        "a check without a status",
        &edited(|l| {
            l["checks"][2]["expect"]
                .as_object_mut()
                .expect("object")
                .remove("status");
        }),
    );
}

#[test]
fn other_malformed_lessons_are_refused_by_both() {
    let cases: Vec<(&str, Value)> = vec![
        (
            "no id",
            edited(|l| drop(l.as_object_mut().expect("object").remove("id"))),
        ),
        ("an id in capitals", edited(|l| l["id"] = json!("Hello"))),
        ("no checks", edited(|l| l["checks"] = json!([]))),
        ("a string for minutes", edited(|l| l["minutes"] = json!("10"))),
        (
            "a negative number of minutes",
            edited(|l| l["minutes"] = json!(-1)),
        ),
        (
            "a rule with neither state, someState nor noState",
            edited(|l| l["definition"][0] = json!({ "type": "Pass" })),
        ),
        (
            "a rule with both state and someState",
            edited(|l| l["definition"][0]["someState"] = json!({ "type": "Pass" })),
        ),
        (
            "matcher fields beside someState",
            edited(|l| l["definition"][1]["type"] = json!("Pass")),
        ),
        (
            "an empty someState",
            edited(|l| l["definition"][1]["someState"] = json!({})),
        ),
        (
            "catchesTo without catches",
            edited(|l| {
                drop(
                    l["definition"][0]
                        .as_object_mut()
                        .expect("object")
                        .remove("catches"),
                )
            }),
        ),
        (
            "a 'with' that is not an object",
            edited(|l| l["definition"][0]["with"] = json!([1])),
        ),
        (
            "a Retrier need without an error",
            edited(|l| l["definition"][3]["someState"]["retries"] = json!({ "atLeast": 2 })),
        ),
        (
            "an unknown workflow type",
            edited(|l| l["run"]["workflowType"] = json!("Express")),
        ),
        (
            "an unknown run option",
            edited(|l| l["checks"][0]["run"]["timeout"] = json!(5)),
        ),
        (
            "a start time without a zone",
            edited(|l| l["run"]["startTime"] = json!("2024-01-07T02:00:00")),
        ),
        (
            "mocks without a test case",
            edited(|l| drop(l["run"].as_object_mut().expect("object").remove("testCase"))),
        ),
        (
            "a scenario with callbacks",
            edited(|l| l["scenario"]["callbacks"] = json!([])),
        ),
        (
            "a scenario with an unknown field",
            edited(|l| l["checks"][0]["scenario"]["service"] = json!({})),
        ),
        (
            "an unknown check field",
            edited(|l| l["checks"][0]["expected"] = json!({})),
        ),
        (
            "an unknown expect field",
            edited(|l| l["checks"][0]["expect"]["outputs"] = json!({})),
        ),
        (
            "an unknown compare",
            edited(|l| l["checks"][0]["expect"]["compare"] = json!("subset")),
        ),
        (
            "a services pointer without '/'",
            edited(|l| l["checks"][0]["expect"]["servicesEmpty"] = json!(["sqs"])),
        ),
        (
            "an unknown approval source",
            edited(|l| l["checks"][0]["approvals"][0]["from"] = json!("email")),
        ),
        (
            "an unknown approval field",
            edited(|l| l["checks"][0]["approvals"][0]["token"] = json!("x")),
        ),
        (
            "an approval answering twice",
            edited(|l| l["checks"][0]["approvals"][0]["failure"] = json!({ "error": "E" })),
        ),
        (
            "an approval's failure with an unknown field",
            edited(|l| l["checks"][0]["approvals"][1]["failure"]["message"] = json!("no")),
        ),
        (
            "a mistake without a message",
            edited(|l| {
                drop(
                    l["mistakes"][0]
                        .as_object_mut()
                        .expect("object")
                        .remove("message"),
                )
            }),
        ),
        (
            "an unknown mistake field",
            edited(|l| l["mistakes"][0]["why"] = json!("because")),
        ),
    ];
    for (what, lesson) in &cases {
        both_refuse(what, lesson);
    }
}

#[test]
fn a_bad_track_index_is_refused() {
    let schema = validator("track.schema.json");
    let good = json!({ "title": "T", "sections": [{ "title": "S", "lessons": ["01-a", "02-b"] }] });
    assert!(schema.is_valid(&good));
    for bad in [
        json!({ "title": "T", "sections": [], "lessons": [] }),
        json!({ "sections": [] }),
        json!({ "title": "T", "sections": [{ "title": "S", "lessons": ["01-a"], "why": "x" }] }),
        json!({ "title": "T", "sections": [{ "title": "S", "lessons": ["01-a", "01-a"] }] }),
        json!({ "title": "T", "sections": [{ "title": "S", "lessons": ["lessons/01-a"] }] }),
    ] {
        assert!(!schema.is_valid(&bad), "the track schema accepts {bad}");
    }
}
