//! Catch: which errors a Task, Parallel or Map state recovers from, and where it goes then.

use super::retry::read_error_equals;
use super::Target;
use crate::dataflow::result_path::ResultPath;
use crate::definition::fields::{kind_of, Fields};
use crate::diagnostic::{codes, Diagnostic};
use serde_json::Value;

/// One catcher.
#[derive(Debug, Clone, PartialEq)]
pub struct Catcher {
    /// The error names it handles.
    pub error_equals: Vec<String>,
    /// Where `{"Error", "Cause"}` goes in the state's raw input (default `$`).
    pub result_path: ResultPath,
    /// The state to go to.
    pub next: String,
}

/// Reads `Catch`, reporting each problem at its field.
pub fn read_catchers(fields: &mut Fields<'_>) -> Vec<Catcher> {
    let Some(value) = fields.raw("Catch") else {
        return Vec::new();
    };
    let Value::Array(items) = value else {
        fields.problem(
            "Catch",
            format!("'Catch' must be an array of catchers, not {}", kind_of(value)),
        );
        return Vec::new();
    };
    let base = fields.pointer_of("Catch");
    let mut catchers = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let pointer = format!("{base}/{i}");
        let Value::Object(map) = item else {
            fields.problems().push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                pointer,
                "A catcher must be an object",
            ));
            continue;
        };
        let mut f = Fields::new(map, pointer, fields.problems());
        f.reject_unknown(
            &["ErrorEquals", "ResultPath", "Next", "Comment", "Assign", "Output"],
            "a catcher",
        );
        let error_equals = read_error_equals(&mut f, i + 1 == items.len());
        let result_path = f.result_path();
        let next = f.required_string("Next", "A catcher").unwrap_or_default();
        catchers.push(Catcher {
            error_equals,
            result_path,
            next,
        });
    }
    catchers
}

/// The transitions of catchers, for graph checks.
pub fn catch_targets(catchers: &[Catcher]) -> Vec<Target<'_>> {
    catchers
        .iter()
        .enumerate()
        .map(|(i, c)| Target {
            field: format!("Catch/{i}/Next"),
            name: &c.next,
        })
        .collect()
}
