//! The data-flow steps that shape a state's JSON, in the order AWS applies them:
//! InputPath → Parameters → (task) → ResultSelector → ResultPath → OutputPath.

pub mod input_path;
pub mod output_path;
pub mod parameters;
pub mod payload_template;
pub mod result_path;
pub mod result_selector;

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

/// AWS's quota for any input or output: 256 KiB of UTF-8 JSON text.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// The deepest nesting a payload may have. AWS's JSON parser (Jackson) stops at 1,000
/// levels; the lab stops at 500 so that cloning, comparing and printing such a value
/// (all recursive) never exhausts a browser's 1 MiB WebAssembly stack.
pub const MAX_NESTING_DEPTH: usize = 500;

/// Why a payload cannot move on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadProblem {
    /// Its JSON text is over [`MAX_PAYLOAD_BYTES`].
    TooLarge,
    /// It nests deeper than [`MAX_NESTING_DEPTH`].
    TooDeep,
}

/// Checks a payload against AWS's quotas. The depth is measured first, without
/// recursion: a value built up loop after loop (a ResultPath of `$.a` in a loop)
/// must be refused before anything recursive (serializing, comparing) touches it.
pub fn payload_problem(value: &Value) -> Option<PayloadProblem> {
    let mut pending = vec![(value, 1usize)];
    while let Some((value, depth)) = pending.pop() {
        if depth > MAX_NESTING_DEPTH {
            return Some(PayloadProblem::TooDeep);
        }
        match value {
            Value::Object(map) => pending.extend(map.values().map(|child| (child, depth + 1))),
            Value::Array(items) => pending.extend(items.iter().map(|child| (child, depth + 1))),
            _ => {}
        }
    }
    exceeds_payload_limit(value).then_some(PayloadProblem::TooLarge)
}

/// Whether a value's JSON text is over [`MAX_PAYLOAD_BYTES`].
pub fn exceeds_payload_limit(value: &Value) -> bool {
    // Counts the bytes without building the text.
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0 > MAX_PAYLOAD_BYTES
}
