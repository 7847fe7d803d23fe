//! Fuzz target: any bytes as a definition, a scenario and an input, separated by NULs. Reading
//! the scenario, applying it and running must never panic, and every run must end.
#![no_main]

use asl::scenario::Scenario;
use asl::{run, RunOptions, StateMachine};
use libfuzzer_sys::fuzz_target;

/// As the CLI and the page's worker: JSONata evaluations metered for their byte limits.
#[global_allocator]
static ALLOCATOR: jsonata::BudgetAllocator = jsonata::BudgetAllocator::system();

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let (Some(definition), Some(scenario)) = (parts.next(), parts.next()) else { return };
    let input = parts.next().unwrap_or(b"{}");
    let Ok(definition) = std::str::from_utf8(definition) else { return };
    let Ok(machine) = StateMachine::from_json_text(definition) else { return };
    let Some(scenario) = std::str::from_utf8(scenario)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
    else {
        return;
    };
    let Ok(scenario) = Scenario::from_value(&scenario) else { return };
    let input = std::str::from_utf8(input)
        .ok()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or(serde_json::json!({}));
    let mut options = RunOptions::default();
    scenario.apply_to(&mut options);
    let result = run(&machine, input, &options);
    assert!(result.events.len() <= asl::history::MAX_HISTORY_EVENTS);
    let _ = result.to_json(true);
});
