//! The data-flow steps that shape a state's JSON, in the order AWS applies them:
//! InputPath → Parameters → (task) → ResultSelector → ResultPath → OutputPath.

pub mod input_path;
pub mod output_path;
pub mod parameters;
pub mod payload_template;
pub mod result_path;

use crate::context::StateContext;
use crate::jsonpath::{Path, PathNotFound, Root};
use crate::random::Random;
use serde_json::Value;

/// What a step can read while it runs: the current JSON (`$`), the Context
/// object (`$$`), and the execution's seeded random source.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    /// The value `$` refers to.
    pub input: &'a Value,
    /// The value `$$` refers to.
    pub context: &'a StateContext<'a>,
    /// Randomness for MathRandom and UUID, seeded per execution.
    pub random: &'a Random,
}

impl Scope<'_> {
    /// Reads a path from the input or the Context object.
    pub fn read(&self, path: &Path) -> Result<Value, PathNotFound> {
        match path.root() {
            Root::Input => path.select(self.input),
            Root::Context => path.select(&self.context.to_value()),
        }
    }
}

/// Compact JSON text, as AWS quotes values inside causes and history events.
pub fn to_json_text(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
