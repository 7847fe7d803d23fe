//! Runs a chain of states: enters each state, runs it, retries or catches its errors, and follows its transition.

use super::runtime::{Runtime, Stop, Thread, ThreadKind};
use super::scheduler::BoxFuture;
use crate::clock::Timestamp;
use crate::context::StateContext;
use crate::dataflow::input_path::InputPath;
use crate::dataflow::jsonata_template::QUERY_EVALUATION_ERROR;
use crate::dataflow::output_path::OutputPath;
use crate::dataflow::parameters::Parameters;
use crate::dataflow::result_path::ResultPath;
use crate::dataflow::result_selector::ResultSelector;
use crate::dataflow::{payload_problem, PayloadProblem, Scope, MAX_NESTING_DEPTH};
use crate::definition::fields::Transition;
use crate::definition::{State, StateGraph};
use crate::error::{names, StatesError, StepError};
use crate::history::EventDetails;
use crate::states::jsonata;
use crate::states::retry::{error_matches, error_object, error_output};
use crate::states::{Outcome, StateKind};
use crate::trace::{CatchRecord, DataFlow, RetryRecord, StateRecord};
use crate::variables::{Assign, Variables};
use serde_json::Value;
use std::rc::Rc;
use std::sync::Arc;

/// What a state needs while it runs: the runtime, itself, its chain, and when it was entered.
pub struct StateRun<'a> {
    /// The execution's shared runtime.
    pub rt: &'a Rc<Runtime>,
    /// The state being run.
    pub state: &'a State,
    /// The chain of states it belongs to.
    pub thread: &'a Thread,
    /// The id of its `...StateEntered` event.
    pub entered_id: u64,
    /// When it was entered.
    pub entered_time: Timestamp,
    /// How many times it has been retried so far.
    pub retry_count: u32,
}

impl StateRun<'_> {
    /// The Context object for this state.
    pub fn context(&self) -> StateContext<'_> {
        StateContext {
            identity: &self.rt.identity,
            execution_input: &self.rt.execution_input,
            state_name: &self.state.name,
            entered_time: self.entered_time,
            // As recorded against AWS: only states that can retry have $$.State.RetryCount.
            retry_count: matches!(
                self.state.kind,
                StateKind::Task(_) | StateKind::Parallel(_) | StateKind::Map(_)
            )
            .then_some(self.retry_count),
            task_token: None,
            map_item: None,
        }
    }

    /// Appends an event to this state's chain.
    pub fn event(&self, details: EventDetails) -> Result<u64, Stop> {
        self.rt.event(self.thread, details)
    }

    /// Turns a data-flow failure into the error AWS raises, naming the state.
    /// `States.Runtime` always fails the execution; other names can be caught.
    pub fn fail(&self, step: StepError) -> Stop {
        let error = StatesError::new(
            step.error,
            format!(
                "An error occurred while executing the state '{}' (entered at the event id #{}). {}",
                self.state.name, self.entered_id, step.detail
            ),
        );
        // As recorded against AWS: a JSONata expression that fails writes EvaluationFailed
        // at once, before the state's own failure events.
        if step.error == QUERY_EVALUATION_ERROR {
            let event = EventDetails::EvaluationFailed {
                error: error.error.clone(),
                cause: error.cause.clone(),
                state: self.state.name.clone(),
            };
            if let Err(stop) = self.event(event) {
                return stop;
            }
        }
        if step.error == names::RUNTIME {
            Stop::Fatal(error)
        } else {
            Stop::Error(error)
        }
    }

    /// InputPath: the part of the raw input the state works on.
    pub fn apply_input_path(
        &self,
        raw_input: &Arc<Value>,
        input_path: &InputPath,
        flow: &mut DataFlow,
    ) -> Result<Arc<Value>, Stop> {
        let effective = self
            .with_scope(raw_input, |s| input_path.apply_shared(s, raw_input))
            .map_err(|e| self.fail(e))?;
        flow.after_input_path = Some(Arc::clone(&effective));
        Ok(effective)
    }

    /// Parameters, when the state has them: the input the state's work receives.
    /// `task_token` is `$$.Task.Token` for a `.waitForTaskToken` task.
    pub fn apply_parameters(
        &self,
        effective: Arc<Value>,
        parameters: Option<&Parameters>,
        flow: &mut DataFlow,
        task_token: Option<&str>,
    ) -> Result<Arc<Value>, Stop> {
        let Some(parameters) = parameters else {
            return Ok(effective);
        };
        let mut context = self.context();
        context.task_token = task_token;
        let variables = self.thread.vars.borrow();
        let scope = Scope {
            input: &effective,
            context: &context,
            random: &self.rt.random,
            variables: &variables,
        };
        let built = Arc::new(parameters.apply(scope).map_err(|e| self.fail(e))?);
        flow.after_parameters = Some(Arc::clone(&built));
        Ok(built)
    }

    /// ResultSelector → ResultPath → OutputPath: a Task, Parallel or Map state's output from its result.
    pub fn shape_result(
        &self,
        raw_input: &Arc<Value>,
        result: Value,
        shaping: ResultShaping<'_>,
        flow: &mut DataFlow,
    ) -> Result<Arc<Value>, Stop> {
        let result = Arc::new(result);
        flow.result = Some(Arc::clone(&result));
        let selected = match shaping.result_selector {
            Some(selector) => {
                let selected = self
                    .with_scope(&result, |s| selector.apply(s))
                    .map_err(|e| self.fail(e))?;
                let selected = Arc::new(selected);
                flow.after_result_selector = Some(Arc::clone(&selected));
                selected
            }
            None => result,
        };
        let combined = shaping
            .result_path
            .apply_shared(raw_input, selected)
            .map_err(|e| self.fail(e))?;
        let output = self.with_scope(&combined, |s| {
            shaping.output_path.apply_shared(s, Arc::clone(&combined))
        });
        flow.after_result_path = Some(combined);
        output.map_err(|e| self.fail(e))
    }

    /// A scope over `input` with this state's Context object.
    pub fn with_scope<T>(&self, input: &Value, body: impl FnOnce(Scope<'_>) -> T) -> T {
        let context = self.context();
        let variables = self.thread.vars.borrow();
        body(Scope {
            input,
            context: &context,
            random: &self.rt.random,
            variables: &variables,
        })
    }
}

/// The fields that turn a state's result into its output.
#[derive(Clone, Copy)]
pub struct ResultShaping<'a> {
    /// ResultSelector, when present.
    pub result_selector: Option<&'a ResultSelector>,
    /// ResultPath.
    pub result_path: &'a ResultPath,
    /// OutputPath.
    pub output_path: &'a OutputPath,
}

/// A chain of states running: its output (shared with its last events) once it ends.
pub type Chain = BoxFuture<Result<Arc<Value>, Stop>>;

/// Runs a graph of states from its StartAt to its end, as its own chain of events.
pub fn run_graph(rt: Rc<Runtime>, graph: Arc<StateGraph>, input: Arc<Value>, thread: Rc<Thread>) -> Chain {
    Box::pin(async move {
        let mut input = input;
        // The first state's input (a branch's or an item's) was never checked against the
        // payload quotas; every later input is the output of a state, which was.
        let mut input_checked = false;
        let mut name = graph.start_at.clone();
        loop {
            let Some(state) = graph.state(&name) else {
                // Validation rules this out; fail clearly rather than panic if it ever happens.
                return Err(Stop::Fatal(StatesError::new(
                    names::RUNTIME,
                    format!("There is no state named '{name}'"),
                )));
            };
            let (output, transition) = run_state(&rt, state, input, input_checked, &thread).await?;
            match transition {
                Transition::End => return Ok(output),
                Transition::Next(next) => {
                    name = next;
                    input = output;
                    input_checked = true;
                }
            }
        }
    })
}

/// Enters a state, runs it, and records what happened. `input_checked`: the input is within
/// the payload quotas.
async fn run_state(
    rt: &Rc<Runtime>,
    state: &State,
    input: Arc<Value>,
    input_checked: bool,
    thread: &Thread,
) -> Result<(Arc<Value>, Transition), Stop> {
    let type_name = state.kind.type_name();
    let entered_time = rt.now();
    let entered_id = rt.event(
        thread,
        EventDetails::StateEntered {
            state_type: type_name,
            name: state.name.clone(),
            input: Arc::clone(&input),
        },
    )?;
    let mut run = StateRun {
        rt,
        state,
        thread,
        entered_id,
        entered_time,
        retry_count: 0,
    };
    // The raw input moves into the trace once the state is done with it.
    let mut flow = DataFlow {
        variables_before: variables_value(&thread.vars.borrow()),
        ..DataFlow::default()
    };
    let mut record = StateRecord {
        name: state.name.clone(),
        state_type: type_name,
        entered_event_id: entered_id,
        flow: DataFlow::default(),
        error: None,
        cause: None,
        retries: Vec::new(),
        caught: None,
    };
    // JSONata Pass, Succeed, Fail and Choice states run apart; the others read their own fields.
    let simple = state
        .jsonata
        .as_ref()
        .and_then(|fields| jsonata::run_simple(&run, &state.kind, fields, &input, &mut flow));
    let result = match (simple, &state.kind) {
        (Some(result), _) => result,
        (None, StateKind::JsonataChoice(_)) => Err(Stop::Fatal(StatesError::new(
            names::RUNTIME,
            "a JSONata Choice state runs as JSONata",
        ))),
        (None, StateKind::Pass(pass)) => outcome(
            &run,
            run.with_scope(&input, |scope| pass.run(&input, scope, &mut flow)),
        ),
        (None, StateKind::Choice(choice)) => outcome(
            &run,
            run.with_scope(&input, |scope| choice.run(&input, scope, &mut flow)),
        ),
        (None, StateKind::Succeed(succeed)) => outcome(
            &run,
            run.with_scope(&input, |scope| succeed.run(&input, scope, &mut flow)),
        ),
        (None, StateKind::Fail(fail)) => {
            outcome(&run, run.with_scope(&input, |scope| fail.run(scope, &mut flow)))
        }
        (None, StateKind::Wait(wait)) => wait
            .execute(&run, &input, &mut flow)
            .await
            .map(|output| (output, wait.transition.clone())),
        (None, StateKind::Task(_) | StateKind::Parallel(_) | StateKind::Map(_)) => {
            recover(&mut run, &input, &mut flow, &mut record).await
        }
    };
    let result = result.and_then(|(output, transition)| {
        // An output that is the input itself, already checked, needs no second walk.
        let unchanged = input_checked && Arc::ptr_eq(&output, &input);
        let problem = if unchanged { None } else { payload_problem(&output) };
        match problem {
            Some(PayloadProblem::TooLarge) => Err(Stop::Fatal(StatesError::new(
                names::DATA_LIMIT_EXCEEDED,
                format!(
                    "The state/task '{}' returned a result with a size exceeding the maximum number of bytes service limit.",
                    state.name
                ),
            ))),
            Some(PayloadProblem::TooDeep) => Err(Stop::Fatal(StatesError::new(
                names::RUNTIME,
                format!(
                    "The output of the state '{}' is nested more than {MAX_NESTING_DEPTH} levels deep, \
                     more than the service's JSON parser accepts.",
                    state.name
                ),
            ))),
            None => Ok((output, transition)),
        }
    });
    flow.input = Some(input);
    record.flow = flow;
    // Assign runs once the state succeeded; its values are computed from the variables as they
    // were before the state, then all set at once.
    let result = result.and_then(|done| {
        // JSONata states evaluate Assign together with Output, from the same `$states`.
        let assigned = match state.jsonata {
            Some(_) => match record.flow.assigned.take().map(Arc::unwrap_or_clone) {
                Some(Value::Object(values)) => Some(values.into_iter().collect()),
                _ => None,
            },
            None => assignments(&run, state, &record)?,
        };
        Ok((done, assigned))
    });
    match result {
        Ok(((output, transition), assigned)) => {
            // As recorded against AWS: a Parallel state that ends a Parallel branch
            // writes no ParallelStateExited event of its own.
            let silent = matches!(state.kind, StateKind::Parallel(_))
                && thread.kind == ThreadKind::ParallelBranch
                && transition == Transition::End
                && record.caught.is_none();
            if !silent {
                rt.event(
                    thread,
                    EventDetails::StateExited {
                        state_type: type_name,
                        name: state.name.clone(),
                        output: Arc::clone(&output),
                        assigned_variables: assigned.clone(),
                    },
                )?;
            }
            if assigned.is_some() {
                record.flow.variables_after = variables_value(&thread.vars.borrow());
            }
            record.flow.assigned =
                assigned.map(|values| Arc::new(Value::Object(values.into_iter().collect())));
            record.flow.output = Some(Arc::clone(&output));
            rt.record(record);
            Ok((output, transition))
        }
        Err(stop) => {
            let (Stop::Error(error) | Stop::Fatal(error)) = &stop;
            record.error.clone_from(&error.error);
            record.cause.clone_from(&error.cause);
            rt.record(record);
            Err(stop)
        }
    }
}

/// The variables as one JSON object for the trace; none when there are none.
fn variables_value(variables: &Variables) -> Option<Arc<Value>> {
    (!variables.is_empty()).then(|| {
        Arc::new(Value::Object(
            variables.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        ))
    })
}

/// Maps a synchronous state's outcome to the runner's terms.
fn outcome(run: &StateRun<'_>, outcome: Outcome) -> Result<(Arc<Value>, Transition), Stop> {
    match outcome {
        Outcome::Exited { output, transition } => Ok((output, transition)),
        Outcome::Raised(error) => Err(Stop::Error(error)),
        Outcome::StepFailed(step) => Err(run.fail(step)),
    }
}

/// Runs a Task, Parallel or Map state, applying its Retry and Catch rules.
async fn recover(
    run: &mut StateRun<'_>,
    raw_input: &Arc<Value>,
    flow: &mut DataFlow,
    record: &mut StateRecord,
) -> Result<(Arc<Value>, Transition), Stop> {
    let state = run.state;
    let (retriers, catchers, transition) = match &state.kind {
        StateKind::Task(task) => (&task.retry, &task.catch, &task.transition),
        StateKind::Parallel(parallel) => (&parallel.retry, &parallel.catch, &parallel.transition),
        StateKind::Map(map) => (&map.retry, &map.catch, &map.transition),
        _ => {
            return Err(Stop::Fatal(StatesError::new(
                names::RUNTIME,
                "only Task, Parallel and Map states recover",
            )))
        }
    };
    let mut attempts = vec![0u32; retriers.len()];
    loop {
        let attempt = match &state.kind {
            StateKind::Task(task) => task.execute(run, raw_input, flow).await,
            StateKind::Parallel(parallel) => parallel.execute(run, raw_input, flow).await,
            StateKind::Map(map) => map.execute(run, raw_input, flow).await,
            _ => unreachable!("checked above"),
        };
        let error = match attempt {
            Ok(output) => return Ok((output, transition.clone())),
            Err(Stop::Error(error)) => error,
            Err(fatal) => return Err(fatal),
        };
        // The first retrier that matches decides; once it is used up, Catch takes over.
        if let Some(i) = retriers
            .iter()
            .position(|r| error_matches(&r.error_equals, &error))
        {
            if attempts[i] < retriers[i].max_attempts {
                let delay = retriers[i].delay_millis(attempts[i], &run.rt.random);
                attempts[i] += 1;
                run.retry_count += 1;
                record.retries.push(RetryRecord {
                    attempt: run.retry_count,
                    error: error.name().to_string(),
                    cause: error.cause.clone(),
                    delay_seconds: delay as f64 / 1000.0,
                });
                let deadline = run.rt.now().plus_millis(delay);
                run.rt.clock.sleep_until(deadline).await;
                continue;
            }
        }
        // Parallel and Map write their failure once, when no retry follows (as recorded against AWS).
        match &state.kind {
            StateKind::Parallel(_) => {
                run.event(EventDetails::ParallelStateFailed)?;
            }
            StateKind::Map(_) => {
                run.event(EventDetails::MapStateFailed)?;
            }
            _ => {}
        }
        if let Some((index, catcher)) = catchers
            .iter()
            .enumerate()
            .find(|(_, c)| error_matches(&c.error_equals, &error))
        {
            let output = match &state.jsonata {
                Some(fields) => Arc::new(jsonata::catch(
                    run,
                    fields,
                    index,
                    raw_input,
                    error_object(&error),
                    flow,
                )?),
                None => Arc::new(
                    error_output(&catcher.result_path, raw_input, &error).ok_or_else(|| {
                        run.fail(StepError {
                            error: names::RESULT_PATH_MATCH_FAILURE,
                            detail: "Unable to apply the catcher's ResultPath to the state's input".into(),
                        })
                    })?,
                ),
            };
            record.caught = Some(CatchRecord {
                error: error.name().to_string(),
                cause: error.cause.clone(),
                next: catcher.next.clone(),
                index,
            });
            return Ok((output, Transition::Next(catcher.next.clone())));
        }
        return Err(Stop::Error(error));
    }
}

/// Evaluates the Assign that applies to a state that just succeeded (or to its catcher) and
/// sets the variables on its chain. `$` is the state's result (Pass, Task, Map, Parallel), its
/// effective input (Choice, Wait), or the error output (a catcher).
fn assignments(run: &StateRun<'_>, state: &State, record: &StateRecord) -> Result<Option<Variables>, Stop> {
    let flow = &record.flow;
    let error_output;
    let (assign, dollar): (Option<&Assign>, Option<&Value>) = match (&record.caught, &state.kind) {
        (Some(caught), kind) => {
            let catchers = match kind {
                StateKind::Task(task) => task.catch.as_slice(),
                StateKind::Parallel(parallel) => parallel.catch.as_slice(),
                StateKind::Map(map) => map.catch.as_slice(),
                _ => &[],
            };
            error_output = error_object(&StatesError {
                error: Some(caught.error.clone()),
                cause: caught.cause.clone(),
            });
            (
                catchers.get(caught.index).and_then(|c| c.assign.as_ref()),
                Some(&error_output),
            )
        }
        (None, StateKind::Pass(pass)) => (pass.assign.as_ref(), flow.result.as_deref()),
        (None, StateKind::Task(task)) => (
            task.assign.as_ref(),
            flow.after_result_selector.as_deref().or(flow.result.as_deref()),
        ),
        (None, StateKind::Map(map)) => (
            map.assign.as_ref(),
            flow.after_result_selector.as_deref().or(flow.result.as_deref()),
        ),
        (None, StateKind::Parallel(parallel)) => (
            parallel.assign.as_ref(),
            flow.after_result_selector.as_deref().or(flow.result.as_deref()),
        ),
        (None, StateKind::Wait(wait)) => (wait.assign.as_ref(), flow.after_input_path.as_deref()),
        (None, StateKind::Choice(choice)) => (
            choice.assign_for(flow.matched_rule),
            flow.after_input_path.as_deref(),
        ),
        (None, _) => (None, None),
    };
    let Some(assign) = assign else { return Ok(None) };
    let null = Value::Null;
    let dollar = dollar.or(flow.input.as_deref()).unwrap_or(&null);
    let values = run
        .with_scope(dollar, |scope| assign.evaluate(scope))
        .map_err(|e| run.fail(e))?;
    run.thread.assign(&values).map_err(|e| run.fail(e))?;
    Ok(Some(values))
}
