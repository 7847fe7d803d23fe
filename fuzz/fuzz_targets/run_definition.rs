//! Fuzz target: any bytes as a definition (before the first NUL) and an input (after it).
//! Parsing, validation and running must never panic, and every run must end.
#![no_main]

use asl::{run, RunOptions, StateMachine};
use libfuzzer_sys::fuzz_target;

/// As the CLI and the page's worker: JSONata evaluations metered for their byte limits.
#[global_allocator]
static ALLOCATOR: jsonata::BudgetAllocator = jsonata::BudgetAllocator::system();

fuzz_target!(|data: &[u8]| {
    let (definition, input) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"{}"[..]),
    };
    let Ok(definition) = std::str::from_utf8(definition) else { return };
    let Ok(machine) = StateMachine::from_json_text(definition) else { return };
    let input = std::str::from_utf8(input)
        .ok()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or(serde_json::json!({}));
    let result = run(&machine, input, &RunOptions::default());
    // Every history ends with exactly one final event, or none while waiting.
    assert!(result.events.len() <= asl::history::MAX_HISTORY_EVENTS);
    let _ = result.to_json(true);
});
