//! `$states` and the workflow variables as a JSONata [`Scope`]: an expression reads the state's
//! input, result, error output and variables where they are, and builds of the Context object
//! only what it reads. They are copied into bindings only when the engine evaluates it.

use jsonata::{Bindings, Lookup, References, Scope};
use serde_json::{Map, Value};

use super::jsonata_template::{Evaluation, States};
use crate::context::StateContext;

impl Scope for Evaluation<'_> {
    fn states(&self, field: &str, keys: &[String]) -> (Lookup<'_>, usize) {
        let states = &self.states;
        let found = match field {
            "input" => Some(states.input),
            "result" => states.result,
            "errorOutput" => states.error_output,
            "context" => return context(&states.context, keys),
            _ => None,
        };
        (found.map_or(Lookup::Undefined, Lookup::Value), 0)
    }

    fn variable(&self, name: &str) -> Option<&Value> {
        self.variables.get(name)
    }

    fn bindings(&self, references: &References) -> Bindings {
        let mut bindings = Bindings::new().with("states", self.states.value_for(references));
        // JSONata cannot name a variable at run time, so one the expression does not mention
        // cannot be read.
        for name in &references.variables {
            if let Some(value) = self.variables.get(name) {
                bindings.insert(name, value.clone());
            }
        }
        bindings
    }
}

/// `$states.context` followed by `keys`. A Map's ItemSelector reads
/// `$states.context.Map.Item.Value` and `.Index` for every item: those are read in place;
/// anything else builds the one top-level part of the Context object that `keys` start with.
fn context<'a>(context: &StateContext<'a>, keys: &[String]) -> (Lookup<'a>, usize) {
    if let (Some((index, value)), [map, item, leaf, ..]) = (context.map_item, keys) {
        if map == "Map" && item == "Item" {
            match leaf.as_str() {
                "Value" => return (Lookup::Value(value), 3),
                "Index" => return (Lookup::Owned(Value::from(index)), 3),
                _ => {}
            }
        }
    }
    let value = context.to_value_with(keys.first().map(std::slice::from_ref));
    (Lookup::Owned(value), 0)
}

impl States<'_> {
    /// `$states` as an expression that reads `references` needs it: each part is copied only
    /// when the expression reads it, and of an object only the keys it reads below it.
    pub(super) fn value_for(&self, references: &References) -> Value {
        let mut states = Map::new();
        let reads = |field: &str| references.reads_states_field(field);
        if reads("input") {
            states.insert("input".into(), picked(self.input, references.keys_of("input")));
        }
        if reads("context") {
            let keys = references.keys_of("context");
            states.insert("context".into(), self.context.to_value_with(keys));
        }
        if let Some(result) = self.result.filter(|_| reads("result")) {
            states.insert("result".into(), picked(result, references.keys_of("result")));
        }
        if let Some(error_output) = self.error_output.filter(|_| reads("errorOutput")) {
            let keys = references.keys_of("errorOutput");
            states.insert("errorOutput".into(), picked(error_output, keys));
        }
        Value::Object(states)
    }
}

/// A copy of `value` with only `keys` when it is an object and they are known: an expression
/// reading `$states.input.currency` need not copy (and convert) every item of a large input.
fn picked(value: &Value, keys: Option<&[String]>) -> Value {
    match (value, keys) {
        (Value::Object(members), Some(keys)) => Value::Object(
            keys.iter()
                .filter_map(|key| members.get(key).map(|v| (key.clone(), v.clone())))
                .collect(),
        ),
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Timestamp;
    use crate::context::ExecutionIdentity;
    use serde_json::json;

    /// Read in place (the direct evaluator) or copied into bindings (the engine), an expression
    /// sees the same `$states` and variables.
    #[test]
    fn the_scope_in_place_and_its_bindings_agree() {
        let identity = ExecutionIdentity::default();
        let input = json!({"items": [1, 2], "currency": "EUR", "n": 2.0, "deep": {"k": [1]}});
        let item = json!({"id": 7, "price": 2.5});
        let result = json!({"ok": true});
        let mut variables = crate::variables::Variables::new();
        variables.insert("count".into(), json!(3));
        variables.insert("merge".into(), json!("not a function"));
        let sources = [
            "$states.input",
            "$states.input.currency & '!'",
            "$states.input.n * 2",
            "$states.input.deep",
            "$states.context.Map.Item.Value.price + $states.context.Map.Item.Index",
            "$states.context.Map.Item",
            "$states.context.Map.Item.Nope",
            "$states.context.State.Name",
            "$states.context.Execution.Input.currency",
            "$states.context",
            "$states.result.ok and $count > 2",
            "$states.errorOutput",
            "$states.nope",
            "{'c': $count, 'r': $states.result, 'e': $exists($states.errorOutput)}",
            "$merge([$states.input, {'x': 1}])",
            "$missing",
        ];
        for map_item in [None, Some((3, &item))] {
            for with_result in [false, true] {
                let context = StateContext {
                    identity: &identity,
                    execution_input: &input,
                    state_name: "S",
                    entered_time: Timestamp(1_000),
                    retry_count: None,
                    task_token: None,
                    map_item,
                };
                let evaluation = Evaluation {
                    states: States {
                        input: &input,
                        result: with_result.then_some(&result),
                        error_output: None,
                        context,
                    },
                    variables: &variables,
                    now_millis: 0,
                    seed: 1,
                };
                for source in sources {
                    let expression = jsonata::Expression::parse(source).unwrap();
                    let mut env = jsonata::Environment::new(0, 1);
                    let in_place = expression.evaluate_in(&evaluation, &mut env);
                    let bindings = evaluation.bindings(expression.references());
                    let copied = expression.evaluate(&Value::Null, &bindings, &mut env);
                    assert_eq!(
                        format!("{in_place:?}"),
                        format!("{copied:?}"),
                        "{source} (map item: {map_item:?}, result: {with_result})"
                    );
                }
            }
        }
    }
}
