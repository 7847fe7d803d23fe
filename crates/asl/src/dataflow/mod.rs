//! The data-flow steps that shape a state's JSON, in the order AWS applies them:
//! InputPath → Parameters → (task) → ResultSelector → ResultPath → OutputPath.

pub mod input_path;
mod jsonata_scope;
pub mod jsonata_template;
pub mod output_path;
pub mod parameters;
pub mod payload_template;
pub mod result_path;
pub mod result_selector;

use crate::context::StateContext;
use crate::jsonpath::{Path, PathNotFound, Root, Segment};
use crate::random::Random;
use crate::variables::Variables;
use serde_json::{Map, Value};

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
    /// The workflow variables `$name` refers to.
    pub variables: &'a Variables,
}

impl Scope<'_> {
    /// Reads a path from the input or the Context object.
    pub fn read(&self, path: &Path) -> Result<Value, PathNotFound> {
        match path.root() {
            Root::Input => path.select(self.input),
            Root::Context => self.read_context(path),
            Root::Variable => {
                let name = path.variable().unwrap_or_default();
                match self.variables.get(name) {
                    Some(value) => path.select(value),
                    None => Err(PathNotFound {
                        message: format!("The variable '{name}' is not defined"),
                        limit: false,
                    }),
                }
            }
        }
    }

    /// The JSON a path reads from, quoted in error causes.
    pub fn searched_text(&self, path: &Path) -> String {
        match path.root() {
            Root::Input => to_json_text(self.input),
            Root::Context => to_json_text(&self.context.to_value()),
            Root::Variable => {
                let name = path.variable().unwrap_or_default();
                self.variables
                    .get(name)
                    .map_or_else(|| format!("${name} (not defined)"), to_json_text)
            }
        }
    }

    /// Reads a `$$` path. The Context object is built for every read, so each read builds
    /// only what its path can reach: paths name the object's parts by their first fields, and
    /// a path error names only the path, so a smaller object gives the same value or error.
    fn read_context(&self, path: &Path) -> Result<Value, PathNotFound> {
        let segments = path.segments();
        match segments {
            // A Map's ItemSelector reads `$$.Map.Item.Value` and `$$.Map.Item.Index` per item:
            // straight from the item when the path finds something there...
            [Segment::Field(map), Segment::Field(item), Segment::Field(part), ..]
                if map == "Map" && item == "Item" && self.context.map_item.is_some() =>
            {
                let found = match (part.as_str(), self.context.map_item) {
                    ("Value", Some((_, value))) => path.select_below(3, value),
                    ("Index", Some((index, _))) if segments.len() == 3 => Some(index.into()),
                    _ => None,
                };
                match found {
                    Some(value) => Ok(value),
                    None => self.read_map_context(path),
                }
            }
            // ...else from only the Map part, as `StateContext::to_value` builds it.
            [Segment::Field(first), ..] if first == "Map" => self.read_map_context(path),
            _ if reads_execution_input(segments) => path.select(&self.context.to_value()),
            // `$$.Execution.Input` is a copy of the whole execution input: left out when the
            // path cannot reach it.
            _ => {
                let context = StateContext {
                    execution_input: &Value::Null,
                    ..*self.context
                };
                path.select(&context.to_value())
            }
        }
    }

    /// Reads a `$$.Map...` path from the Map part of the Context object.
    fn read_map_context(&self, path: &Path) -> Result<Value, PathNotFound> {
        let mut context = Map::new();
        if let Some((index, value)) = self.context.map_item {
            let mut item = Map::new();
            item.insert("Index".into(), index.into());
            item.insert("Value".into(), value.clone());
            let mut map = Map::new();
            map.insert("Item".into(), Value::Object(item));
            context.insert("Map".into(), Value::Object(map));
        }
        path.select(&Value::Object(context))
    }
}

/// Whether a Context object path may reach `$$.Execution.Input`: anything but a path whose
/// first fields name another part of the object (`$$.State...`, `$$.Execution.Name`...).
fn reads_execution_input(segments: &[Segment]) -> bool {
    match segments {
        [Segment::Field(first), ..] if first != "Execution" => false,
        [Segment::Field(_), Segment::Field(second), ..] if second != "Input" => false,
        _ => true,
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
    // Room for a small value's members at once: most outputs need no second allocation.
    let mut pending = Vec::with_capacity(16);
    pending.push((value, 1usize));
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
    // Every state's output is checked: most are far below the limit, which a walk over the
    // value shows without formatting it.
    let mut budget = MAX_PAYLOAD_BYTES;
    if fits_surely(value, &mut budget) {
        return false;
    }
    json_len(value) > MAX_PAYLOAD_BYTES
}

/// The length of a value's compact JSON text, as AWS measures payloads and variables, counted
/// as it is written rather than kept.
pub(crate) fn json_len(value: &Value) -> usize {
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
    serde_json::to_writer(&mut counter, value).map_or(0, |()| counter.0)
}

/// Takes an upper bound of the value's compact JSON text length out of `budget`; false as
/// soon as the budget runs out (the value may or may not fit).
fn fits_surely(value: &Value, budget: &mut usize) -> bool {
    // Bounds: a number takes at most 24 bytes ("-2.2250738585072014e-308": serde_json without
    // `arbitrary_precision`), a string at most 6 bytes per byte (`\u001f`) and its quotes, a
    // separator one byte.
    let mut take = |n: usize| match budget.checked_sub(n) {
        Some(left) => {
            *budget = left;
            true
        }
        None => false,
    };
    match value {
        Value::Null | Value::Bool(_) => take(5),
        Value::Number(_) => take(24),
        Value::String(text) => take(text.len().saturating_mul(6).saturating_add(2)),
        Value::Array(items) => {
            take(items.len().saturating_add(2)) && items.iter().all(|item| fits_surely(item, budget))
        }
        Value::Object(members) => {
            take(members.len().saturating_mul(2).saturating_add(2))
                && members.iter().all(|(key, item)| {
                    key.len()
                        .checked_mul(6)
                        .and_then(|n| budget.checked_sub(n + 2))
                        .map(|left| *budget = left)
                        .is_some()
                        && fits_surely(item, budget)
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Timestamp;
    use crate::context::ExecutionIdentity;
    use serde_json::json;

    /// The quick bound never lets an oversized value pass, and decides small ones alone.
    #[test]
    fn payload_limit_bound_is_safe() {
        let exact = |value: &Value| serde_json::to_string(value).unwrap().len() > MAX_PAYLOAD_BYTES;
        let cases = [
            json!({"i": 1, "limit": 6000}),
            json!("x".repeat(MAX_PAYLOAD_BYTES - 2)),
            json!("x".repeat(MAX_PAYLOAD_BYTES - 1)),
            json!("\u{1}".repeat(MAX_PAYLOAD_BYTES / 6)),
            json!("\u{1}".repeat(MAX_PAYLOAD_BYTES / 6 + 1)),
            json!((0..60_000).collect::<Vec<_>>()),
            json!((0..30_000).map(|i| json!({"k": i})).collect::<Vec<_>>()),
            json!([
                f64::MIN,
                -1.7976931348623157e308,
                1e-300,
                -5e-324,
                i64::MIN,
                u64::MAX
            ]),
        ];
        for value in &cases {
            assert_eq!(exceeds_payload_limit(value), exact(value));
            let mut budget = MAX_PAYLOAD_BYTES;
            if fits_surely(value, &mut budget) {
                assert!(!exact(value));
            }
        }
        let mut budget = MAX_PAYLOAD_BYTES;
        assert!(fits_surely(&cases[0], &mut budget));
        for number in [
            f64::MIN,
            -1.7976931348623157e308,
            -5e-324,
            -2.2250738585072014e-308,
        ] {
            assert!(serde_json::to_string(&json!(number)).unwrap().len() <= 24);
        }
        assert_eq!(serde_json::to_string(&json!(i64::MIN)).unwrap().len(), 20);
        // serde_json's `arbitrary_precision` would keep every digit and break the bound.
        let long: Value = serde_json::from_str("-1.000000000000000000000000000000001e-300").unwrap();
        assert!(serde_json::to_string(&long).unwrap().len() <= 24);
    }

    /// Reading part of the Context object gives what reading the whole object gives.
    #[test]
    fn context_reads_match_the_whole_object() {
        let identity = ExecutionIdentity::default();
        let input = json!({"a": [1, {"b": 2}], "Name": "in the input"});
        let item = json!({"id": 7, "Name": "item"});
        let random = Random::new(1);
        let paths = [
            "$$",
            "$$.Execution",
            "$$.Execution.Input",
            "$$.Execution.Input.a[1].b",
            "$$.Execution.Id",
            "$$.Execution.Name",
            "$$.Execution.Nope",
            "$$.Execution.*",
            "$$.Execution..Name",
            "$$.State",
            "$$.State.Name",
            "$$.State.EnteredTime",
            "$$.State.RetryCount",
            "$$.StateMachine.Id",
            "$$.Map",
            "$$.Map.Item",
            "$$.Map.Item.Value",
            "$$.Map.Item.Value.id",
            "$$.Map.Item.Index",
            "$$.Map.Item.Nope",
            "$$.Map.*",
            "$$.Map..Name",
            "$$.Task.Token",
            "$$.Nope",
            "$$.Nope.deeper",
            "$$.*",
            "$$..Name",
            "$$[0]",
            "$$.Execution[0]",
        ];
        for map_item in [None, Some((3, &item))] {
            for retry_count in [None, Some(2)] {
                let context = StateContext {
                    identity: &identity,
                    execution_input: &input,
                    state_name: "S",
                    entered_time: Timestamp(1_000),
                    retry_count,
                    task_token: Some("token"),
                    map_item,
                };
                let variables = crate::variables::Variables::new();
                let scope = Scope {
                    input: &Value::Null,
                    context: &context,
                    random: &random,
                    variables: &variables,
                };
                for text in paths {
                    let path = Path::parse(text).unwrap();
                    assert_eq!(scope.read(&path), path.select(&context.to_value()), "{text}");
                }
            }
        }
    }
}
