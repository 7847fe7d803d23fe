//! Fuzz target: any bytes as a JSONata expression (before the first NUL) and its input (after it).
//! Parsing and evaluating must never panic, and every evaluation must end within the limits.
#![no_main]

use jsonata::{Bindings, Environment, Expression};
use libfuzzer_sys::fuzz_target;

/// As the CLI and the page's worker: JSONata evaluations metered for their byte limits.
#[global_allocator]
static ALLOCATOR: jsonata::BudgetAllocator = jsonata::BudgetAllocator::system();

fuzz_target!(|data: &[u8]| {
    let (source, input) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"{}"[..]),
    };
    let Ok(source) = std::str::from_utf8(source) else { return };
    let Ok(expression) = Expression::parse(source) else { return };
    let input: serde_json::Value = std::str::from_utf8(input)
        .ok()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or(serde_json::json!({"a": [1, 2, {"b": "c"}], "d": "2024-01-31T12:00:00Z"}));
    let bindings = Bindings::new().with("states", serde_json::json!({"input": input.clone()}));
    // A clock late in 2024 and a fixed seed: every run of one input is the same run.
    let mut env = Environment::new(1_733_000_000_000, 7);
    let _ = expression.evaluate(&input, &bindings, &mut env);
});
