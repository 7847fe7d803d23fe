//! Distributed Map: items read from S3 (or the input), each run as a child execution of its own,
//! results written back to S3, and the Map Run counted as AWS counts it.

use super::item_reader::ItemReader;
use super::{count, Map};
use crate::dataflow::payload_template::Template;
use crate::dataflow::{to_json_text, Scope};
use crate::definition::fields::{kind_of, Fields};
use crate::definition::StateMachine;
use crate::error::{names, StatesError, StepError};
use crate::execution::runner::{ResultShaping, StateRun};
use crate::execution::runtime::Stop;
use crate::execution::{Execution, ExecutionStatus, WorkflowType};
use crate::history::{EventDetails, TaskResource};
use crate::services::CallError;
use crate::trace::DataFlow;
use serde_json::{json, Value};
use std::sync::Arc;

/// How many children run at once when MaxConcurrency is 0: AWS runs up to 10,000; the lab's
/// pool is 1,000.
pub const DEFAULT_POOL: usize = 1000;

/// The parts of a Map state that only a distributed Map has.
#[derive(Debug, Clone, PartialEq)]
pub struct Distributed {
    /// STANDARD or EXPRESS child executions.
    pub execution_type: WorkflowType,
    /// Where the items come from, when not from the input.
    pub item_reader: Option<ItemReader>,
    /// Where results go: an S3 bucket and prefix template.
    pub result_writer: Option<Template>,
    /// The Map Run's label.
    pub label: Option<String>,
}

impl Distributed {
    /// Reads ProcessorConfig.ExecutionType, ItemReader, ResultWriter and Label.
    pub fn parse(
        fields: &mut Fields<'_>,
        execution_type: Option<&str>,
        processor_pointer: &str,
    ) -> Distributed {
        let execution_type = match execution_type {
            None | Some("STANDARD") => WorkflowType::Standard,
            Some("EXPRESS") => WorkflowType::Express,
            Some(other) => {
                fields.problems().push(crate::diagnostic::Diagnostic::error(
                    crate::diagnostic::codes::SCHEMA_VALIDATION_FAILED,
                    format!("{processor_pointer}/ProcessorConfig/ExecutionType"),
                    format!("ExecutionType must be STANDARD or EXPRESS, not '{other}'"),
                ));
                WorkflowType::Standard
            }
        };
        let item_reader = ItemReader::parse(fields);
        let result_writer = match fields.raw("ResultWriter") {
            Some(Value::Object(map)) => {
                let pointer = fields.pointer_of("ResultWriter");
                let resource = map.get("Resource").and_then(Value::as_str).unwrap_or_default();
                if resource != "arn:aws:states:::s3:putObject" {
                    fields.problems().push(crate::diagnostic::Diagnostic::error(
                        crate::diagnostic::codes::SCHEMA_VALIDATION_FAILED,
                        format!("{pointer}/Resource"),
                        format!(
                            "ResultWriter's Resource must be arn:aws:states:::s3:putObject, not '{resource}'"
                        ),
                    ));
                }
                map.get("Parameters")
                    .map(|p| Template::parse(p, &format!("{pointer}/Parameters"), fields.problems()))
            }
            Some(other) => {
                fields.problem(
                    "ResultWriter",
                    format!("'ResultWriter' must be an object, not {}", kind_of(other)),
                );
                None
            }
            None => None,
        };
        let label = fields.string("Label");
        Distributed {
            execution_type,
            item_reader,
            result_writer,
            label,
        }
    }

    /// Runs every item as a child execution and writes the Map Run's results (JSONPath fields).
    pub async fn execute(
        &self,
        map: &Map,
        run: &StateRun<'_>,
        raw_input: &Arc<Value>,
        effective: Arc<Value>,
        flow: &mut DataFlow,
    ) -> Result<Arc<Value>, Stop> {
        let items = match &self.item_reader {
            Some(reader) => reader.read(run, &effective)?,
            None => map.items(run, &effective).map_err(|e| run.fail(e))?,
        };
        let recorded = super::recorded_items(items, flow);
        let items = super::item_slice(&recorded);
        let limit = map.pool(count(
            run,
            &effective,
            &map.max_concurrency,
            "MaxConcurrencyPath",
        )?);
        let tolerated = map.tolerated_failures(run, &effective, items.len())?;
        let inputs = map.item_inputs(run, &effective, items).map_err(|e| run.fail(e))?;
        flow.after_item_selector = Some(Arc::new(Value::Array(inputs.clone())));
        let writer = match &self.result_writer {
            Some(template) => Some(
                run.with_scope(&effective, |s: Scope<'_>| template.evaluate(s))
                    .map_err(|e| run.fail(e))?,
            ),
            None => None,
        };
        let result = self
            .run_children(run, map, inputs, limit, tolerated, writer)
            .await?;
        let shaping = ResultShaping {
            result_selector: map.result_selector.as_ref(),
            result_path: &map.result_path,
            output_path: &map.output_path,
        };
        run.shape_result(raw_input, result, shaping, flow)
    }

    /// Runs each input as a child execution on a pool of `limit` workers, then writes the
    /// results to `writer` (the ResultWriter's evaluated Bucket and Prefix) or returns them.
    pub async fn run_children(
        &self,
        run: &StateRun<'_>,
        map: &Map,
        inputs: Vec<Value>,
        limit: usize,
        tolerated: usize,
        writer: Option<Value>,
    ) -> Result<Value, Stop> {
        let rt = run.rt;
        let label = self.label.clone().unwrap_or_else(|| run.state.name.clone());
        let map_run_arn = format!(
            "arn:aws:states:{}:{}:mapRun:{}/{}:{}",
            rt.identity.region,
            rt.identity.account,
            rt.identity.state_machine_name,
            label,
            rt.random.uuid_v4()
        );
        run.event(EventDetails::MapRunStarted {
            map_run_arn: map_run_arn.clone(),
        })?;

        // Each child runs on its own clock; a pool of `limit` workers places them in virtual time.
        let processor = StateMachine {
            comment: None,
            timeout_seconds: None,
            version: None,
            graph: Arc::clone(&map.processor),
        };
        let start = rt.now();
        let mut workers = vec![start; limit.min(inputs.len()).max(1)];
        let mut succeeded = Vec::new();
        let mut failed = Vec::new();
        let mut outputs = Vec::with_capacity(inputs.len());
        for (index, input) in inputs.iter().enumerate() {
            let (worker, free_at) = workers
                .iter()
                .enumerate()
                .min_by_key(|(_, t)| **t)
                .map(|(i, t)| (i, *t))
                .unwrap_or((0, start));
            let mut options = rt.options.clone();
            options.workflow_type = self.execution_type;
            options.identity.state_machine_name = format!("{}/{label}", rt.identity.state_machine_name);
            options.identity.name = format!("{}-{index}", rt.random.uuid_v4());
            options.identity.start_time = free_at;
            options.seed = rt.random.next_u64();
            let child = Execution::start(&processor, input.clone(), &options).into_result();
            let end = child.events.last().map_or(free_at, |e| e.timestamp);
            workers[worker] = end;
            let record = json!({
                "ExecutionArn": options.identity.execution_arn(),
                "Input": to_json_text(input),
                "Status": child.status.as_str(),
                "Output": child.output.as_ref().map(to_json_text),
                "Error": child.error,
                "Cause": child.cause,
            });
            match child.status {
                ExecutionStatus::Succeeded => {
                    outputs.push(child.output.unwrap_or(Value::Null));
                    succeeded.push(record);
                }
                _ => {
                    outputs.push(json!({"Error": child.error, "Cause": child.cause}));
                    failed.push(record);
                }
            }
        }
        let end = workers.into_iter().max().unwrap_or(start);
        rt.clock.sleep_until(end).await;

        let counts = json!({
            "total": inputs.len(), "succeeded": succeeded.len(), "failed": failed.len(),
            "pending": 0, "running": 0, "timedOut": 0, "aborted": 0,
        });
        rt.child_executions.borrow_mut().push(json!({
            "mapRunArn": map_run_arn, "state": run.state.name, "itemCounts": counts, "executionCounts": counts,
        }));
        if failed.len() > tolerated {
            run.event(EventDetails::MapRunFailed)?;
            return Err(Stop::Error(StatesError::new(
                names::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                "The specified tolerated failure threshold was exceeded",
            )));
        }
        run.event(EventDetails::MapRunSucceeded)?;

        let result = match writer {
            Some(target) => self.write_results(run, &target, &map_run_arn, succeeded, failed)?,
            None => Value::Array(outputs),
        };
        Ok(result)
    }

    /// Writes `manifest.json`, `SUCCEEDED_0.json` and `FAILED_0.json` under the writer's prefix.
    fn write_results(
        &self,
        run: &StateRun<'_>,
        target: &Value,
        map_run_arn: &str,
        succeeded: Vec<Value>,
        failed: Vec<Value>,
    ) -> Result<Value, Stop> {
        let bucket = target
            .get("Bucket")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let prefix = target
            .get("Prefix")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
        let run_id = map_run_arn.rsplit(':').next().unwrap_or_default();
        let folder = if prefix.is_empty() {
            run_id.to_string()
        } else {
            format!("{prefix}/{run_id}")
        };
        let mut files = vec![("SUCCEEDED_0.json", succeeded), ("FAILED_0.json", failed)];
        files.retain(|(_, records)| !records.is_empty());
        let manifest = json!({
            "DestinationBucket": bucket,
            "MapRunArn": map_run_arn,
            "ResultFiles": {
                "SUCCEEDED": files.iter().filter(|(n, _)| n.starts_with("SUCCEEDED")).map(|(n, r)| json!({"Key": format!("{folder}/{n}"), "Size": to_json_text(&json!(r)).len()})).collect::<Vec<_>>(),
                "FAILED": files.iter().filter(|(n, _)| n.starts_with("FAILED")).map(|(n, r)| json!({"Key": format!("{folder}/{n}"), "Size": to_json_text(&json!(r)).len()})).collect::<Vec<_>>(),
                "PENDING": []
            }
        });
        for (name, records) in files {
            put_object(run, &bucket, &format!("{folder}/{name}"), &json!(records))?;
        }
        let manifest_key = format!("{folder}/manifest.json");
        put_object(run, &bucket, &manifest_key, &manifest)?;
        Ok(json!({"MapRunArn": map_run_arn, "ResultWriterDetails": {"Bucket": bucket, "Key": manifest_key}}))
    }
}

/// Writes one object to simulated S3, failing the state as `States.ResultWriterFailed` when it cannot.
/// The SDK integration stores a Body's JSON text, so a JSON value lands as compact JSON.
fn put_object(run: &StateRun<'_>, bucket: &str, key: &str, body: &Value) -> Result<Value, Stop> {
    let rt = run.rt;
    let ctx = rt.call_context();
    let resource = TaskResource {
        resource_type: "aws-sdk:s3".into(),
        resource: "putObject".into(),
    };
    let outcome = rt.cloud.borrow_mut().call(
        &resource,
        &json!({"Bucket": bucket, "Key": key, "Body": body}),
        &ctx,
    );
    outcome.map_err(|error| {
        let why = match error {
            CallError::Failed(e) => e.cause.unwrap_or_default(),
            CallError::Unsupported(why) => why,
        };
        run.fail(StepError {
            error: "States.ResultWriterFailed",
            detail: format!("Could not write '{key}' to bucket '{bucket}': {why}"),
        })
    })
}
