//! `sfn-lab validate`: the diagnostics of a definition, as ValidateStateMachineDefinition shapes them.

use super::{print_json, read_source};
use asl::StateMachine;
use serde_json::json;
use std::process::ExitCode;

/// Exit code when the definition has problems.
const EXIT_INVALID: u8 = 1;

/// Validates and prints `{result, diagnostics}`.
pub fn execute(definition: &str, express: bool) -> Result<ExitCode, String> {
    let text = read_source(definition)?;
    let diagnostics = match StateMachine::from_json_text(&text) {
        Ok(machine) if express => machine.express_problems(),
        Ok(_) => Vec::new(),
        Err(error) => error.diagnostics,
    };
    let ok = diagnostics.is_empty();
    print_json(&json!({"result": if ok { "OK" } else { "FAIL" }, "diagnostics": diagnostics}));
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    })
}
