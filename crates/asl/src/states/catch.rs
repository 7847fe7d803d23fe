//! Catch: which errors a Task, Parallel or Map state recovers from, and where it goes then.

use super::retry::read_error_equals;
use super::{next_of, Target};
use crate::dataflow::result_path::ResultPath;
use crate::definition::fields::Fields;
use crate::definition::fields::Transition;
use crate::variables::Assign;

/// One catcher.
#[derive(Debug, Clone, PartialEq)]
pub struct Catcher {
    /// The error names it handles.
    pub error_equals: Vec<String>,
    /// Where `{"Error", "Cause"}` goes in the state's raw input (default `$`).
    pub result_path: ResultPath,
    /// The state to go to.
    pub next: String,
    /// Variables to set when this catcher catches.
    pub assign: Option<Assign>,
}

/// Reads `Catch`, reporting each problem at its field.
pub fn read_catchers(fields: &mut Fields<'_>) -> Vec<Catcher> {
    fields.objects("Catch", "catcher", |f, _, is_last| {
        f.reject_unknown(
            &["ErrorEquals", "ResultPath", "Next", "Comment", "Assign"],
            "a catcher",
        );
        let error_equals = read_error_equals(f, is_last);
        let result_path = f.result_path();
        let next = f.required_string("Next", "A catcher").unwrap_or_default();
        let assign = Assign::read(f);
        Catcher {
            error_equals,
            result_path,
            next,
            assign,
        }
    })
}

/// A state's Next (if any) and its catchers' targets, for graph checks.
pub fn transition_and_catch_targets<'a>(
    transition: &'a Transition,
    catchers: &'a [Catcher],
) -> Vec<Target<'a>> {
    next_of(transition)
        .into_iter()
        .chain(catch_targets(catchers))
        .collect()
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
