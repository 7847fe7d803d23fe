//! The Map state: runs the same states for every item of an array, with bounded concurrency.

mod distributed;
mod item_reader;
mod jsonata_items;

use super::catch::{read_catchers, transition_and_catch_targets, Catcher};
use super::retry::{read_retriers, Retrier};
use super::Target;
use crate::dataflow::input_path::InputPath;
use crate::dataflow::output_path::OutputPath;
use crate::dataflow::payload_template::Template;
use crate::dataflow::result_path::ResultPath;
use crate::dataflow::result_selector::ResultSelector;
use crate::dataflow::to_json_text;
use crate::definition::fields::{kind_of, Fields, Transition, ValueOrPath};
use crate::definition::StateGraph;
use crate::diagnostic::{codes, Diagnostic};
use crate::error::{names, StatesError, StepError};
use crate::execution::runner::{run_graph, Chain, ResultShaping, StateRun};
use crate::execution::runtime::{Stop, Thread, ThreadKind};
use crate::history::EventDetails;
use crate::jsonpath::Path;
use crate::trace::DataFlow;
use crate::variables::Assign;
use serde_json::{json, Value};
use std::rc::Rc;
use std::sync::Arc;
use std::task::Poll;

/// How many failed items a Map state accepts before it fails.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tolerance {
    /// ToleratedFailureCount(Path).
    pub count: Option<ValueOrPath>,
    /// ToleratedFailurePercentage(Path).
    pub percentage: Option<ValueOrPath>,
}

/// ItemBatcher: groups items into batches of `{"Items": [...], "BatchInput": ...}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemBatcher {
    /// MaxItemsPerBatch(Path).
    pub max_items: Option<ValueOrPath>,
    /// BatchInput: a template added to every batch.
    pub batch_input: Option<Template>,
}

/// A Map state's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    /// The states run for each item (ItemProcessor, or the older Iterator).
    pub processor: Arc<StateGraph>,
    /// Which of the two fields held it, for diagnostics.
    pub processor_field: &'static str,
    /// Where the items are in the effective input (default `$`).
    pub items_path: Path,
    /// Builds each item's input (ItemSelector, or the older Parameters).
    pub item_selector: Option<Template>,
    /// How many items run at once (0: no limit).
    pub max_concurrency: ValueOrPath,
    /// How many failures are tolerated.
    pub tolerance: Tolerance,
    /// Groups items into batches.
    pub item_batcher: Option<ItemBatcher>,
    /// Selects the part of the raw input to work on.
    pub input_path: InputPath,
    /// Reshapes the array of results.
    pub result_selector: Option<ResultSelector>,
    /// Where the result goes in the raw input.
    pub result_path: ResultPath,
    /// Selects what moves on.
    pub output_path: OutputPath,
    /// Retry rules.
    pub retry: Vec<Retrier>,
    /// Catch rules.
    pub catch: Vec<Catcher>,
    /// Variables to set when the state succeeds.
    pub assign: Option<Assign>,
    /// Next or End.
    pub transition: Transition,
    /// The distributed Map's settings, when its ProcessorConfig.Mode is DISTRIBUTED.
    pub distributed: Option<distributed::Distributed>,
}

const FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "Assign",
    "ItemProcessor",
    "Iterator",
    "ItemsPath",
    "ItemSelector",
    "Parameters",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ItemBatcher",
    "Label",
    "ItemReader",
    "ResultWriter",
    "InputPath",
    "ResultSelector",
    "ResultPath",
    "OutputPath",
    "Retry",
    "Catch",
    "Next",
    "End",
];

impl Map {
    /// Reads a Map state's fields, its item processor included.
    pub fn parse(fields: &mut Fields<'_>) -> Map {
        fields.reject_unknown(FIELDS, "a Map state");
        let processor_field = match (fields.has("ItemProcessor"), fields.has("Iterator")) {
            (true, true) => {
                fields.problem(
                    "Iterator",
                    "A Map state cannot have both 'ItemProcessor' and 'Iterator'; keep ItemProcessor".into(),
                );
                "ItemProcessor"
            }
            (false, true) => "Iterator",
            _ => "ItemProcessor",
        };
        let processor = read_processor(fields, processor_field);
        let selector_field = match (fields.has("ItemSelector"), fields.has("Parameters")) {
            (true, true) => {
                fields.problem(
                    "Parameters",
                    "A Map state cannot have both 'ItemSelector' and 'Parameters'; keep ItemSelector".into(),
                );
                "ItemSelector"
            }
            (false, true) => "Parameters",
            _ => "ItemSelector",
        };
        let item_selector = fields.raw(selector_field).map(|value| {
            let pointer = fields.pointer_of(selector_field);
            Template::parse(value, &pointer, fields.problems())
        });
        let items_path = match fields.path("ItemsPath") {
            Some(path) => path,
            None => Path::parse("$").expect("'$' is a valid path"),
        };
        let max_concurrency = fields
            .value_or_path("MaxConcurrency", 0, i64::from(u32::MAX))
            .unwrap_or(ValueOrPath::Value(0));
        let tolerance = Tolerance {
            count: fields.value_or_path("ToleratedFailureCount", 0, i64::from(u32::MAX)),
            percentage: fields.value_or_path("ToleratedFailurePercentage", 0, 100),
        };
        let item_batcher = read_item_batcher(fields);
        let distributed = processor_mode(fields, processor_field).map(|(mode, execution_type)| {
            let pointer = fields.pointer_of(processor_field);
            (mode == "DISTRIBUTED")
                .then(|| distributed::Distributed::parse(fields, execution_type.as_deref(), &pointer))
        });
        let distributed = distributed.flatten();
        if distributed.is_none() {
            for field in ["ItemReader", "ResultWriter"] {
                if fields.has(field) {
                    fields.problem(
                        field,
                        format!("'{field}' needs a distributed Map: set ProcessorConfig.Mode to DISTRIBUTED"),
                    );
                }
            }
        }
        Map {
            processor,
            processor_field,
            items_path,
            item_selector,
            max_concurrency,
            tolerance,
            item_batcher,
            input_path: fields.input_path(),
            result_selector: fields.result_selector(),
            result_path: fields.result_path(),
            output_path: fields.output_path(),
            retry: read_retriers(fields),
            catch: read_catchers(fields),
            assign: Assign::read(fields),
            transition: fields.transition(),
            distributed,
        }
    }

    /// Every state this Map can go to.
    pub fn targets(&self) -> Vec<Target<'_>> {
        transition_and_catch_targets(&self.transition, &self.catch)
    }

    /// One attempt: every item through the processor, then the results through the data flow.
    pub async fn execute(
        &self,
        run: &StateRun<'_>,
        raw_input: &Arc<Value>,
        flow: &mut DataFlow,
    ) -> Result<Arc<Value>, Stop> {
        if let Some(fields) = &run.state.jsonata {
            return self
                .execute_jsonata(run, raw_input, flow, fields)
                .await
                .map(Arc::new);
        }
        let effective = run.apply_input_path(raw_input, &self.input_path, flow)?;
        if let Some(distributed) = &self.distributed {
            return distributed.execute(self, run, raw_input, effective, flow).await;
        }
        let items = self.items(run, &effective).map_err(|e| run.fail(e))?;
        let recorded = recorded_items(items, flow);
        let items = item_slice(&recorded);
        let limit = self.pool(count(
            run,
            &effective,
            &self.max_concurrency,
            "MaxConcurrencyPath",
        )?);
        let tolerated = self.tolerated_failures(run, &effective, items.len())?;
        let inputs = self
            .item_inputs(run, &effective, items)
            .map_err(|e| run.fail(e))?;
        flow.after_item_selector = Some(Arc::new(Value::Array(inputs.clone())));
        let result = Value::Array(self.run_items(run, inputs, limit, tolerated).await?);
        let shaping = ResultShaping {
            result_selector: self.result_selector.as_ref(),
            result_path: &self.result_path,
            output_path: &self.output_path,
        };
        run.shape_result(raw_input, result, shaping, flow)
    }

    /// Runs every input through the item processor, `limit` at a time; the results in order.
    async fn run_items(
        &self,
        run: &StateRun<'_>,
        mut inputs: Vec<Value>,
        limit: usize,
        tolerated: usize,
    ) -> Result<Vec<Value>, Stop> {
        run.event(EventDetails::MapStateStarted { length: inputs.len() })?;
        let name = run.state.name.clone();
        let mut results: Vec<Value> = vec![Value::Null; inputs.len()];
        let mut running: Vec<(usize, Chain)> = Vec::new();
        let mut next = 0;
        let mut failures = 0usize;
        let outcome: Result<(), Stop> = std::future::poll_fn(|cx| {
            loop {
                let mut moved = false;
                // Start items while there is room; each gets one poll at once, so
                // items that never wait run one after the other, in order.
                while running.len() < limit && next < inputs.len() {
                    let index = next;
                    next += 1;
                    moved = true;
                    let started = match run.event(EventDetails::MapIterationStarted {
                        name: name.clone(),
                        index,
                    }) {
                        Ok(id) => id,
                        Err(stop) => return Poll::Ready(Err(stop)),
                    };
                    let thread = Rc::new(Thread::child(started, ThreadKind::MapIteration, run.thread));
                    // The trace has its copy of the inputs: each one moves into its iteration.
                    let input = std::mem::take(&mut inputs[index]);
                    let iteration =
                        run_graph(run.rt.clone(), self.processor.clone(), Arc::new(input), thread);
                    running.push((index, iteration));
                    if let Some(done) = poll_last(&mut running, cx) {
                        if let Err(stop) = finish(run, &name, done, &mut results, &mut failures, tolerated) {
                            return Poll::Ready(Err(stop));
                        }
                    }
                }
                let mut still_running = Vec::with_capacity(running.len());
                for (index, mut iteration) in running.drain(..) {
                    match iteration.as_mut().poll(cx) {
                        Poll::Ready(result) => {
                            moved = true;
                            if let Err(stop) = finish(
                                run,
                                &name,
                                (index, result),
                                &mut results,
                                &mut failures,
                                tolerated,
                            ) {
                                return Poll::Ready(Err(stop));
                            }
                        }
                        Poll::Pending => still_running.push((index, iteration)),
                    }
                }
                running = still_running;
                if running.is_empty() && next >= inputs.len() {
                    return Poll::Ready(Ok(()));
                }
                if !moved {
                    return Poll::Pending;
                }
            }
        })
        .await;
        // MapStateFailed is written by the runner, once no retry follows.
        outcome?;
        run.event(EventDetails::MapStateSucceeded)?;
        Ok(results)
    }

    /// The array at ItemsPath.
    pub(crate) fn items(&self, run: &StateRun<'_>, input: &Value) -> Result<Vec<Value>, StepError> {
        let path = &self.items_path;
        match run.with_scope(input, |s| s.read(path)) {
            Ok(Value::Array(items)) => Ok(items),
            Ok(other) => Err(StepError::runtime(format!(
                "Map state input must be an array, but the ItemsPath '{path}' references {}: {}",
                kind_of(&other),
                to_json_text(&other)
            ))),
            Err(e) => Err(StepError::runtime(format!(
                "Invalid path '{path}' : {}",
                e.message
            ))),
        }
    }

    /// Each iteration's input: batches when an ItemBatcher is set, then the ItemSelector.
    pub(crate) fn item_inputs(
        &self,
        run: &StateRun<'_>,
        input: &Value,
        items: &[Value],
    ) -> Result<Vec<Value>, StepError> {
        let batched;
        let items = match &self.item_batcher {
            Some(batcher) => {
                let batch_input = match &batcher.batch_input {
                    Some(template) => Some(run.with_scope(input, |s| template.evaluate(s))?),
                    None => None,
                };
                batched = batches(items.to_vec(), batch_size(run, input, batcher)?, batch_input);
                &batched
            }
            None => items,
        };
        let Some(selector) = &self.item_selector else {
            return Ok(items.to_vec());
        };
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let mut context = run.context();
                context.map_item = Some((index, item));
                let variables = run.thread.vars.borrow();
                selector.evaluate(crate::dataflow::Scope {
                    input,
                    context: &context,
                    random: &run.rt.random,
                    variables: &variables,
                })
            })
            .collect()
    }

    /// How many items run at once for a MaxConcurrency of `n`: 0 means no limit inline, and
    /// the lab's pool of children for a distributed Map.
    pub(crate) fn pool(&self, n: u64) -> usize {
        match (n, &self.distributed) {
            (0, Some(_)) => distributed::DEFAULT_POOL,
            (0, None) => usize::MAX,
            (n, _) => n as usize,
        }
    }

    /// How many item failures the state accepts.
    pub(crate) fn tolerated_failures(
        &self,
        run: &StateRun<'_>,
        input: &Value,
        items: usize,
    ) -> Result<usize, Stop> {
        self.tolerance.tolerated(run, input, items)
    }
}

impl Tolerance {
    /// How many item failures these settings accept, out of `items`.
    pub(crate) fn tolerated(&self, run: &StateRun<'_>, input: &Value, items: usize) -> Result<usize, Stop> {
        let by_count = match &self.count {
            Some(field) => Some(count(run, input, field, "ToleratedFailureCountPath")? as usize),
            None => None,
        };
        let by_percentage = match &self.percentage {
            Some(field) => {
                let percent = count(run, input, field, "ToleratedFailurePercentagePath")?.min(100) as usize;
                Some(items * percent / 100)
            }
            None => None,
        };
        Ok(match (by_count, by_percentage) {
            (None, None) => 0,
            (a, b) => a.unwrap_or(0).max(b.unwrap_or(0)),
        })
    }
}

/// Polls the item just started; returns it when it already finished.
/// Keeps the items (after ItemsPath) in the data flow and gives them back to read from.
pub(crate) fn recorded_items(items: Vec<Value>, flow: &mut DataFlow) -> Arc<Value> {
    let items = Arc::new(Value::Array(items));
    flow.after_items_path = Some(Arc::clone(&items));
    items
}

/// The items of [`recorded_items`], as a slice.
pub(crate) fn item_slice(items: &Value) -> &[Value] {
    items.as_array().map_or(&[], Vec::as_slice)
}

fn poll_last(
    running: &mut Vec<(usize, Chain)>,
    cx: &mut std::task::Context<'_>,
) -> Option<(usize, Result<Arc<Value>, Stop>)> {
    let (_, iteration) = running.last_mut()?;
    match iteration.as_mut().poll(cx) {
        Poll::Ready(result) => running.pop().map(|(index, _)| (index, result)),
        Poll::Pending => None,
    }
}

/// Records an item's end; an error once failures pass the tolerance.
fn finish(
    run: &StateRun<'_>,
    name: &str,
    (index, result): (usize, Result<Arc<Value>, Stop>),
    results: &mut [Value],
    failures: &mut usize,
    tolerated: usize,
) -> Result<(), Stop> {
    match result {
        Ok(output) => {
            run.event(EventDetails::MapIterationSucceeded {
                name: name.to_string(),
                index,
            })?;
            // The history and the trace keep the iteration's output: the Map's result gets a copy.
            results[index] = Arc::unwrap_or_clone(output);
            Ok(())
        }
        Err(Stop::Error(error)) => {
            run.event(EventDetails::MapIterationFailed {
                name: name.to_string(),
                index,
            })?;
            *failures += 1;
            if *failures > tolerated {
                return Err(Stop::Error(if tolerated > 0 {
                    StatesError::new(
                        names::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        format!("The Map state failed because {failures} items failed, more than the {tolerated} tolerated."),
                    )
                } else {
                    error
                }));
            }
            let mut details = serde_json::Map::new();
            details.insert("Error".into(), json!(error.error));
            details.insert("Cause".into(), json!(error.cause));
            results[index] = Value::Object(details);
            Ok(())
        }
        Err(fatal) => Err(fatal),
    }
}

/// Resolves a non-negative count given directly or by path (AWS also takes a numeric string, as recorded).
pub(crate) fn count(
    run: &StateRun<'_>,
    input: &Value,
    field: &ValueOrPath,
    path_field: &str,
) -> Result<u64, Stop> {
    match field {
        ValueOrPath::Value(n) => Ok(*n as u64),
        ValueOrPath::Path(path) => {
            let value = run.with_scope(input, |s| s.read(path)).map_err(|e| {
                run.fail(StepError::runtime(format!(
                    "Invalid path '{path}' : {}",
                    e.message
                )))
            })?;
            value
                .as_u64()
                .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()))
                .ok_or_else(|| {
                    run.fail(StepError::runtime(format!(
                    "The {path_field} parameter does not reference a non-negative integer: {path} == {value}"
                )))
                })
        }
    }
}

fn read_processor(fields: &mut Fields<'_>, field: &str) -> Arc<StateGraph> {
    let jsonata = fields.jsonata_default();
    let pointer = fields.pointer_of(field);
    let empty = || {
        Arc::new(StateGraph::read(
            &serde_json::Map::new(),
            "",
            "",
            &mut Vec::new(),
            false,
        ))
    };
    match fields.raw(field) {
        Some(Value::Object(map)) => {
            if let Some(mode) = map.get("ProcessorConfig").and_then(|c| c.get("Mode")) {
                if !matches!(mode.as_str(), Some("INLINE" | "DISTRIBUTED")) {
                    fields.problems().push(Diagnostic::error(
                        codes::SCHEMA_VALIDATION_FAILED,
                        format!("{pointer}/ProcessorConfig/Mode"),
                        format!("ProcessorConfig.Mode must be INLINE or DISTRIBUTED, not {mode}"),
                    ));
                }
            }
            let mut check = Fields::new(map, pointer.clone(), fields.problems());
            check.reject_unknown(
                &["StartAt", "States", "ProcessorConfig", "Comment"],
                "an item processor",
            );
            Arc::new(StateGraph::read(
                map,
                &pointer,
                "The item processor",
                fields.problems(),
                jsonata,
            ))
        }
        Some(other) => {
            fields.problem(
                field,
                format!(
                    "'{field}' must be an object with StartAt and States, not {}",
                    kind_of(other)
                ),
            );
            empty()
        }
        None => {
            let location = fields.pointer().to_string();
            fields.problems().push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                location,
                "A Map state needs 'ItemProcessor', the states to run for each item",
            ));
            empty()
        }
    }
}

fn read_item_batcher(fields: &mut Fields<'_>) -> Option<ItemBatcher> {
    let value = fields.raw("ItemBatcher")?;
    let pointer = fields.pointer_of("ItemBatcher");
    let Value::Object(map) = value else {
        fields.problem(
            "ItemBatcher",
            format!("'ItemBatcher' must be an object, not {}", kind_of(value)),
        );
        return None;
    };
    let mut f = Fields::new(map, pointer.clone(), fields.problems());
    f.reject_unknown(
        &[
            "MaxItemsPerBatch",
            "MaxItemsPerBatchPath",
            "MaxInputBytesPerBatch",
            "MaxInputBytesPerBatchPath",
            "BatchInput",
        ],
        "an ItemBatcher",
    );
    let max_items = f.value_or_path("MaxItemsPerBatch", 1, i64::from(u32::MAX));
    let batch_input = map
        .get("BatchInput")
        .map(|v| Template::parse(v, &format!("{pointer}/BatchInput"), fields.problems()));
    Some(ItemBatcher {
        max_items,
        batch_input,
    })
}

/// MaxItemsPerBatch, or the number its Path reads from the state's input.
pub(crate) fn batch_size(
    run: &StateRun<'_>,
    input: &Value,
    batcher: &ItemBatcher,
) -> Result<usize, StepError> {
    Ok(match &batcher.max_items {
        None => usize::MAX,
        Some(ValueOrPath::Value(n)) => (*n as usize).max(1),
        Some(ValueOrPath::Path(path)) => {
            let value = run
                .with_scope(input, |s| s.read(path))
                .map_err(|e| StepError::runtime(format!("Invalid path '{path}' : {}", e.message)))?;
            value.as_u64().filter(|n| *n > 0).ok_or_else(|| {
                StepError::runtime(format!(
                    "The MaxItemsPerBatchPath parameter does not reference a positive integer: {path} == {value}"
                ))
            })? as usize
        }
    })
}

/// Groups items into batches of `{"Items": [...], "BatchInput": ...}`.
pub(crate) fn batches(items: Vec<Value>, size: usize, batch_input: Option<Value>) -> Vec<Value> {
    items
        .chunks(size.max(1))
        .map(|chunk| {
            let mut batch = json!({ "Items": chunk });
            if let Some(batch_input) = &batch_input {
                batch["BatchInput"] = batch_input.clone();
            }
            batch
        })
        .collect()
}

/// The processor's ProcessorConfig Mode and ExecutionType, when it has a ProcessorConfig.
fn processor_mode(fields: &Fields<'_>, field: &str) -> Option<(String, Option<String>)> {
    let config = fields.raw(field)?.get("ProcessorConfig")?;
    let mode = config
        .get("Mode")
        .and_then(Value::as_str)
        .unwrap_or("INLINE")
        .to_string();
    let execution_type = config
        .get("ExecutionType")
        .and_then(Value::as_str)
        .map(str::to_string);
    Some((mode, execution_type))
}
