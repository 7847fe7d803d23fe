//! Helpers shared by the interpreter's integration tests.
#![allow(dead_code)]

use asl::mocks::{MockResponse, Mocks};
use asl::{run, ExecutionResult, RunOptions, StateMachine};
use serde_json::Value;
use std::collections::HashMap;

/// Parses a definition, panicking with the diagnostics if it is invalid.
pub fn machine(definition: &str) -> StateMachine {
    StateMachine::from_json_text(definition).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs a definition on an input.
pub fn run_text(definition: &str, input: Value) -> ExecutionResult {
    run(&machine(definition), input, &RunOptions::default())
}

/// Runs a definition with mocked task results: `{"State": [{"Return": ...}, {"Throw": {...}}]}`.
pub fn run_mocked(definition: &str, input: Value, mocks: Value) -> ExecutionResult {
    let mut by_state = HashMap::new();
    for (state, responses) in mocks.as_object().expect("mocks are an object") {
        let responses = responses
            .as_array()
            .expect("responses are an array")
            .iter()
            .map(|r| match r.get("Throw") {
                Some(t) => MockResponse::Throw {
                    error: t["Error"].as_str().unwrap_or_default().into(),
                    cause: t["Cause"].as_str().unwrap_or_default().into(),
                },
                None => MockResponse::Return(r["Return"].clone()),
            })
            .collect();
        by_state.insert(state.clone(), responses);
    }
    let options = RunOptions {
        mocks: Mocks::from_responses(by_state),
        ..RunOptions::default()
    };
    run(&machine(definition), input, &options)
}

/// The history's event types.
pub fn event_types(result: &ExecutionResult) -> Vec<String> {
    result.events.iter().map(|e| e.event_type()).collect()
}

/// The problems of an invalid definition as (code, location) pairs.
pub fn problems(definition: &str) -> Vec<(String, String)> {
    match StateMachine::from_json_text(definition) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| (d.code.to_string(), d.location.clone()))
            .collect(),
    }
}

/// The (location, message) of each problem of a definition that must be invalid.
pub fn diagnostics(definition: &str) -> Vec<(String, String)> {
    match StateMachine::from_json_text(definition) {
        Ok(_) => panic!("the definition is valid: {definition}"),
        Err(error) => error
            .diagnostics
            .into_iter()
            .map(|d| (d.location, d.message))
            .collect(),
    }
}
