//! The Parallel state: runs every branch on the same input and collects their outputs in order.

use super::catch::{read_catchers, transition_and_catch_targets, Catcher};
use super::jsonata;
use super::retry::{read_retriers, Retrier};
use super::Target;
use crate::dataflow::input_path::InputPath;
use crate::dataflow::output_path::OutputPath;
use crate::dataflow::parameters::Parameters;
use crate::dataflow::result_path::ResultPath;
use crate::dataflow::result_selector::ResultSelector;
use crate::definition::fields::{kind_of, Fields, Transition};
use crate::definition::StateGraph;
use crate::diagnostic::{codes, Diagnostic};
use crate::execution::runner::{run_graph, Chain, ResultShaping, StateRun};
use crate::execution::runtime::{Stop, Thread, ThreadKind};
use crate::history::EventDetails;
use crate::trace::DataFlow;
use crate::variables::Assign;
use serde_json::Value;
use std::rc::Rc;
use std::sync::Arc;
use std::task::Poll;

/// A Parallel state's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Parallel {
    /// The branches, each a graph of states of its own.
    pub branches: Vec<Arc<StateGraph>>,
    /// Selects the part of the raw input to work on.
    pub input_path: InputPath,
    /// Builds the branches' input.
    pub parameters: Option<Parameters>,
    /// Reshapes the array of branch outputs.
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
}

const FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "Assign",
    "Branches",
    "InputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "OutputPath",
    "Retry",
    "Catch",
    "Next",
    "End",
];

impl Parallel {
    /// Reads a Parallel state's fields, branches included.
    pub fn parse(fields: &mut Fields<'_>) -> Parallel {
        fields.reject_unknown(FIELDS, "a Parallel state");
        let pointer = fields.pointer_of("Branches");
        let jsonata = fields.jsonata_default();
        let branches = match fields.raw("Branches") {
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let here = format!("{pointer}/{i}");
                    match item {
                        Value::Object(map) => Some(Arc::new(StateGraph::read(
                            map,
                            &here,
                            "A branch",
                            fields.problems(),
                            jsonata,
                        ))),
                        other => {
                            fields.problems().push(Diagnostic::error(
                                codes::SCHEMA_VALIDATION_FAILED,
                                here,
                                format!(
                                    "A branch must be an object with StartAt and States, not {}",
                                    kind_of(other)
                                ),
                            ));
                            None
                        }
                    }
                })
                .collect(),
            Some(_) => {
                fields.problem(
                    "Branches",
                    "'Branches' must be a non-empty array of branches".into(),
                );
                Vec::new()
            }
            None => {
                let location = fields.pointer().to_string();
                fields.problems().push(Diagnostic::error(
                    codes::SCHEMA_VALIDATION_FAILED,
                    location,
                    "A Parallel state needs 'Branches', an array of branches with StartAt and States",
                ));
                Vec::new()
            }
        };
        Parallel {
            branches,
            input_path: fields.input_path(),
            parameters: fields.parameters(),
            result_selector: fields.result_selector(),
            result_path: fields.result_path(),
            output_path: fields.output_path(),
            retry: read_retriers(fields),
            catch: read_catchers(fields),
            assign: Assign::read(fields),
            transition: fields.transition(),
        }
    }

    /// Every state this Parallel can go to.
    pub fn targets(&self) -> Vec<Target<'_>> {
        transition_and_catch_targets(&self.transition, &self.catch)
    }

    /// One attempt: run every branch, fail as soon as one fails.
    pub async fn execute(
        &self,
        run: &StateRun<'_>,
        raw_input: &Arc<Value>,
        flow: &mut DataFlow,
    ) -> Result<Arc<Value>, Stop> {
        let input = match &run.state.jsonata {
            Some(fields) => {
                let states = jsonata::states(run, raw_input, None, None, None);
                Arc::new(jsonata::with_evaluation(run, states, |evaluation| {
                    jsonata::arguments(run, fields, evaluation, raw_input, flow)
                })?)
            }
            None => {
                let effective = run.apply_input_path(raw_input, &self.input_path, flow)?;
                run.apply_parameters(effective, self.parameters.as_ref(), flow, None)?
            }
        };
        let started = run.event(EventDetails::ParallelStateStarted)?;
        // Every branch starts from the same input, shared until a branch changes it.
        let mut branches: Vec<Option<Chain>> = self
            .branches
            .iter()
            .map(|graph| {
                let thread = Rc::new(Thread::child(started, ThreadKind::ParallelBranch, run.thread));
                Some(run_graph(
                    run.rt.clone(),
                    graph.clone(),
                    Arc::clone(&input),
                    thread,
                ))
            })
            .collect();
        let mut outputs: Vec<Value> = vec![Value::Null; branches.len()];
        let joined = std::future::poll_fn(|cx| {
            let mut pending = false;
            for (i, slot) in branches.iter_mut().enumerate() {
                let Some(branch) = slot else { continue };
                match branch.as_mut().poll(cx) {
                    Poll::Ready(Ok(output)) => {
                        outputs[i] = Arc::unwrap_or_clone(output);
                        *slot = None;
                    }
                    // One failed branch fails the state; the others stop here.
                    Poll::Ready(Err(stop)) => return Poll::Ready(Err(stop)),
                    Poll::Pending => pending = true,
                }
            }
            if pending {
                Poll::Pending
            } else {
                Poll::Ready(Ok(()))
            }
        })
        .await;
        // ParallelStateFailed is written by the runner, once no retry follows.
        joined?;
        let result = Value::Array(outputs);
        if let Some(fields) = &run.state.jsonata {
            return jsonata::conclude(run, fields, raw_input, Some(result), flow).map(Arc::new);
        }
        let shaping = ResultShaping {
            result_selector: self.result_selector.as_ref(),
            result_path: &self.result_path,
            output_path: &self.output_path,
        };
        run.shape_result(raw_input, result, shaping, flow)
    }
}
