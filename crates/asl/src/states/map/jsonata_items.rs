//! A Map state written in JSONata, inline or distributed: Items (or an ItemReader's Arguments),
//! ItemSelector, BatchInput and the counts as `{% %}` expressions, then Output and Assign.

use super::{batch_size, batches, count, Map};
use crate::dataflow::jsonata_template::{Evaluation, JsonataTemplate, QUERY_EVALUATION_ERROR};
use crate::dataflow::to_json_text;
use crate::definition::fields::ValueOrPath;
use crate::error::StepError;
use crate::execution::runner::StateRun;
use crate::execution::runtime::Stop;
use crate::states::jsonata::{self, evaluate, JsonataFields};
use crate::trace::DataFlow;
use serde_json::Value;
use std::sync::Arc;

impl Map {
    /// One attempt of a JSONata Map state.
    pub(super) async fn execute_jsonata(
        &self,
        run: &StateRun<'_>,
        input: &Value,
        flow: &mut DataFlow,
        fields: &JsonataFields,
    ) -> Result<Value, Stop> {
        let states = jsonata::states(run, input, None, None, None);
        let Plan {
            inputs,
            limit,
            tolerated,
            writer,
        } = jsonata::with_evaluation(run, states, |evaluation| {
            self.plan(run, input, fields, evaluation, flow)
        })?;
        flow.after_item_selector = Some(Arc::new(Value::Array(inputs.clone())));
        let result = match &self.distributed {
            Some(distributed) => {
                distributed
                    .run_children(run, self, inputs, limit, tolerated, writer)
                    .await?
            }
            None => Value::Array(self.run_items(run, inputs, limit, tolerated).await?),
        };
        jsonata::conclude(run, fields, input, Some(result), flow)
    }

    /// What the items are and how they run, from the state's expressions: the items (from
    /// Items or an ItemReader's Arguments), the counts, the batches and each item's input.
    fn plan(
        &self,
        run: &StateRun<'_>,
        input: &Value,
        fields: &JsonataFields,
        evaluation: &Evaluation<'_>,
        flow: &mut DataFlow,
    ) -> Result<Plan, Stop> {
        let distributed = self.distributed.as_ref();
        let fail = |e| run.fail(e);
        let items = match distributed.and_then(|d| d.item_reader.as_ref()) {
            Some(reader) => {
                let arguments =
                    evaluate(fields.item_reader_arguments.as_ref(), evaluation, "Arguments").map_err(fail)?;
                reader.read_with(
                    run,
                    &arguments.unwrap_or_else(|| Value::Object(Default::default())),
                )?
            }
            None => items(fields.items.as_ref(), evaluation, input).map_err(fail)?,
        };
        // The data flow shares the items; the item selector reads them in place.
        let shared = Arc::new(Value::Array(items));
        flow.after_items_path = Some(Arc::clone(&shared));
        let items = shared.as_array().map(Vec::as_slice).unwrap_or_default();
        let mut max_concurrency = self.max_concurrency.clone();
        let mut tolerance = self.tolerance.clone();
        for (field, template) in &fields.literals {
            let n = jsonata::evaluate_count(template, evaluation, field).map_err(fail)?;
            let n = ValueOrPath::Value(n as i64);
            match *field {
                "MaxConcurrency" => max_concurrency = n,
                "ToleratedFailureCount" => tolerance.count = Some(n),
                _ => tolerance.percentage = Some(n),
            }
        }
        let limit = self.pool(count(run, input, &max_concurrency, "MaxConcurrency")?);
        let tolerated = tolerance.tolerated(run, input, items.len())?;
        let batched;
        let items = match &self.item_batcher {
            Some(batcher) => {
                let batch_input =
                    evaluate(fields.batch_input.as_ref(), evaluation, "BatchInput").map_err(fail)?;
                let size = batch_size(run, input, batcher).map_err(fail)?;
                batched = batches(items.to_vec(), size, batch_input);
                &batched
            }
            None => items,
        };
        let inputs = match &fields.item_selector {
            None => items.to_vec(),
            Some(selector) => items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    let mut states = jsonata::states(run, input, None, None, None);
                    states.context.map_item = Some((index, item));
                    jsonata::with_evaluation(run, states, |e| selector.evaluate(e, "ItemSelector"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(fail)?,
        };
        let writer =
            evaluate(fields.result_writer_arguments.as_ref(), evaluation, "Arguments").map_err(fail)?;
        Ok(Plan {
            inputs,
            limit,
            tolerated,
            writer,
        })
    }
}

/// How a JSONata Map's items run.
struct Plan {
    /// Each iteration's input.
    inputs: Vec<Value>,
    /// How many run at once.
    limit: usize,
    /// How many may fail.
    tolerated: usize,
    /// A distributed Map's ResultWriter Bucket and Prefix.
    writer: Option<Value>,
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
