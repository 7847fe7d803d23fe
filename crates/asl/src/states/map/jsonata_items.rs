//! A Map state written in JSONata: Items, ItemSelector and the counts as `{% %}` expressions,
//! then Output and Assign over the results.

use super::{count, Map};
use crate::dataflow::jsonata_template::{Evaluation, JsonataTemplate, QUERY_EVALUATION_ERROR};
use crate::dataflow::to_json_text;
use crate::definition::fields::ValueOrPath;
use crate::error::StepError;
use crate::execution::runner::StateRun;
use crate::execution::runtime::Stop;
use crate::states::jsonata::{self, JsonataFields};
use crate::trace::DataFlow;
use serde_json::Value;

impl Map {
    /// One attempt of a JSONata Map state.
    pub(super) async fn execute_jsonata(
        &self,
        run: &StateRun<'_>,
        input: &Value,
        flow: &mut DataFlow,
        fields: &JsonataFields,
    ) -> Result<Value, Stop> {
        // The variables stay borrowed only until the items start.
        let (inputs, limit, tolerated) = {
            let variables = run.thread.vars.borrow();
            let states = jsonata::states(run, input, None, None, None);
            let evaluation = jsonata::evaluation(run, states, &variables);
            let items = items(fields.items.as_ref(), &evaluation, input).map_err(|e| run.fail(e))?;
            flow.after_items_path = Some(Value::Array(items.clone()));
            let mut max_concurrency = self.max_concurrency.clone();
            let mut tolerance = self.tolerance.clone();
            for (field, template) in &fields.literals {
                let n = jsonata::evaluate_count(template, &evaluation, field).map_err(|e| run.fail(e))?;
                let n = ValueOrPath::Value(n as i64);
                match *field {
                    "MaxConcurrency" => max_concurrency = n,
                    "ToleratedFailureCount" => tolerance.count = Some(n),
                    _ => tolerance.percentage = Some(n),
                }
            }
            let limit = match count(run, input, &max_concurrency, "MaxConcurrency")? {
                0 => usize::MAX,
                n => n as usize,
            };
            let tolerated = tolerance.tolerated(run, input, items.len())?;
            let inputs = match &fields.item_selector {
                None => items,
                Some(selector) => items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        let mut states = jsonata::states(run, input, None, None, None);
                        states.context.map_item = Some((index, item));
                        selector.evaluate(&jsonata::evaluation(run, states, &variables), "ItemSelector")
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| run.fail(e))?,
            };
            (inputs, limit, tolerated)
        };
        flow.after_item_selector = Some(Value::Array(inputs.clone()));
        let result = Value::Array(self.run_items(run, inputs, limit, tolerated).await?);
        jsonata::conclude(run, fields, input, Some(result), flow)
    }
}

/// The items: Items' value, or the state's input; either must be an array (AWS's words).
fn items(
    template: Option<&JsonataTemplate>,
    evaluation: &Evaluation<'_>,
    input: &Value,
) -> Result<Vec<Value>, StepError> {
    let wrong = |detail: String| StepError {
        error: QUERY_EVALUATION_ERROR,
        detail,
    };
    match template {
        None => match input {
            Value::Array(items) => Ok(items.clone()),
            other => Err(wrong(format!("Map state input must be an array but was: {}", to_json_text(other)))),
        },
        Some(template) => match template.evaluate(evaluation, "Items")? {
            Value::Array(items) => Ok(items),
            other => Err(wrong(format!(
                "The JSONata expression '{}' specified for the field 'Items' returned an unexpected result type. \
                 Expected 'array', but was '{}' for value: {}",
                template.source().unwrap_or_default().trim(),
                json_type(&other),
                to_json_text(&other)
            ))),
        },
    }
}

/// A JSON value's type as AWS names it in these messages.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
