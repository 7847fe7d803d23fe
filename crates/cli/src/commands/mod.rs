//! One module per subcommand.

pub mod check;
pub mod export;
pub mod lessons;
pub mod run;
pub mod validate;

use serde_json::Value;
use std::io::Read;

/// Reads a file, or standard input for `-`.
pub fn read_source(source: &str) -> Result<String, String> {
    if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|err| format!("cannot read standard input: {err}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(source).map_err(|err| format!("cannot read {source}: {err}"))
}

/// Reads a JSON file, naming it in the error.
pub fn read_json(source: &str, what: &str) -> Result<Value, String> {
    let text = read_source(source)?;
    asl::parse_json(&text).map_err(|err| format!("the {what} {} is not JSON: {err}", describe(source)))
}

/// How to name a source in messages.
pub fn describe(source: &str) -> String {
    if source == "-" {
        "on standard input".into()
    } else {
        source.to_string()
    }
}

/// Prints a value as pretty JSON on standard output.
pub fn print_json(value: &Value) {
    crate::output::println(&serde_json::to_string_pretty(value).unwrap_or_default());
}
