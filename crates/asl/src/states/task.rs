//! The Task state: calls a resource (a Lambda function, a service integration, an activity) and shapes its result.

mod callback;
mod invoke;
mod nested;

use super::catch::{read_catchers, transition_and_catch_targets, Catcher};
use super::jsonata::{self, JsonataFields};
use super::retry::{read_retriers, Retrier};
use super::Target;
use crate::dataflow::input_path::InputPath;
use crate::dataflow::output_path::OutputPath;
use crate::dataflow::parameters::Parameters;
use crate::dataflow::result_path::ResultPath;
use crate::dataflow::result_selector::ResultSelector;
use crate::definition::fields::{Fields, Transition, ValueOrPath};
use crate::error::{names, StatesError, StepError};
use crate::execution::runner::{ResultShaping, StateRun};
use crate::execution::runtime::Stop;
use crate::execution::scheduler::with_deadline;
use crate::history::{EventDetails, TaskResource};
use crate::trace::DataFlow;
use crate::variables::Assign;
use serde_json::Value;
use std::sync::Arc;

/// What a Task's `Resource` ARN names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME`: the function is called directly.
    LambdaFunction(String),
    /// `arn:aws:states:::SERVICE:ACTION[.sync|.waitForTaskToken]`, including `aws-sdk:SERVICE:ACTION`.
    Service(TaskResource),
    /// `arn:aws:states:REGION:ACCOUNT:activity:NAME`.
    Activity(String),
}

impl Resource {
    /// Reads a Resource ARN; the error says what forms exist.
    pub fn parse(arn: &str) -> Result<Resource, String> {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        match parts.as_slice() {
            ["arn", _, "lambda", _, _, rest] if rest.starts_with("function:") => Ok(Resource::LambdaFunction(arn.to_string())),
            ["arn", _, "states", "", "", rest] => {
                let (resource_type, resource) = match rest.strip_prefix("aws-sdk:") {
                    Some(sdk) => match sdk.split_once(':') {
                        Some((service, action)) => (format!("aws-sdk:{service}"), action.to_string()),
                        None => return Err(format!("'{arn}' names no action: use arn:aws:states:::aws-sdk:SERVICE:ACTION")),
                    },
                    None => match rest.split_once(':') {
                        Some((service, action)) => (service.to_string(), action.to_string()),
                        None => return Err(format!("'{arn}' names no action: use arn:aws:states:::SERVICE:ACTION")),
                    },
                };
                if resource_type.is_empty() || resource.is_empty() {
                    return Err(format!("'{arn}' is not a service integration ARN"));
                }
                Ok(Resource::Service(TaskResource { resource_type, resource }))
            }
            ["arn", _, "states", _, _, rest] if rest.starts_with("activity:") => Ok(Resource::Activity(arn.to_string())),
            _ => Err(format!(
                "'{arn}' is not a Task resource: use a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME), \
                 a service integration (arn:aws:states:::SERVICE:ACTION) or an activity (arn:aws:states:REGION:ACCOUNT:activity:NAME)"
            )),
        }
    }

    /// How history events name the resource.
    fn task_resource(&self) -> TaskResource {
        match self {
            Resource::Service(resource) => resource.clone(),
            Resource::LambdaFunction(arn) => TaskResource {
                resource_type: "lambda".into(),
                resource: arn.clone(),
            },
            Resource::Activity(arn) => TaskResource {
                resource_type: "activity".into(),
                resource: arn.clone(),
            },
        }
    }
}

/// A Task state's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The ARN as written.
    pub resource_arn: String,
    /// What it names.
    pub resource: Resource,
    /// Selects the part of the raw input to work on.
    pub input_path: InputPath,
    /// Builds the task's parameters.
    pub parameters: Option<Parameters>,
    /// Reshapes the result.
    pub result_selector: Option<ResultSelector>,
    /// Where the result goes in the raw input.
    pub result_path: ResultPath,
    /// Selects what moves on.
    pub output_path: OutputPath,
    /// TimeoutSeconds or TimeoutSecondsPath.
    pub timeout: Option<ValueOrPath>,
    /// HeartbeatSeconds or HeartbeatSecondsPath.
    pub heartbeat: Option<ValueOrPath>,
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
    "Resource",
    "InputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "OutputPath",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "Retry",
    "Catch",
    "Next",
    "End",
    "Credentials",
];

/// The largest TimeoutSeconds and HeartbeatSeconds AWS accepts.
pub(crate) const MAX_TIMEOUT_SECONDS: i64 = 99_999_999;

impl Task {
    /// Reads a Task state's fields.
    pub fn parse(fields: &mut Fields<'_>) -> Task {
        fields.reject_unknown(FIELDS, "a Task state");
        let resource_arn = fields
            .required_string("Resource", "A Task state")
            .unwrap_or_default();
        let resource = match Resource::parse(&resource_arn) {
            Ok(resource) => resource,
            Err(why) => {
                if !resource_arn.is_empty() {
                    fields.problem("Resource", why);
                }
                Resource::Activity(resource_arn.clone())
            }
        };
        Task {
            resource_arn,
            resource,
            input_path: fields.input_path(),
            parameters: fields.parameters(),
            result_selector: fields.result_selector(),
            result_path: fields.result_path(),
            output_path: fields.output_path(),
            timeout: fields.value_or_path("TimeoutSeconds", 1, MAX_TIMEOUT_SECONDS),
            heartbeat: fields.value_or_path("HeartbeatSeconds", 1, MAX_TIMEOUT_SECONDS),
            retry: read_retriers(fields),
            catch: read_catchers(fields),
            assign: Assign::read(fields),
            transition: fields.transition(),
        }
    }

    /// Every state this Task can go to.
    pub fn targets(&self) -> Vec<Target<'_>> {
        transition_and_catch_targets(&self.transition, &self.catch)
    }

    /// One attempt: InputPath → Parameters → call → ResultSelector → ResultPath → OutputPath.
    pub async fn execute(
        &self,
        run: &StateRun<'_>,
        raw_input: &Arc<Value>,
        flow: &mut DataFlow,
    ) -> Result<Arc<Value>, Stop> {
        if let Some(jsonata) = &run.state.jsonata {
            return self
                .execute_jsonata(run, raw_input, flow, jsonata)
                .await
                .map(Arc::new);
        }
        let effective = run.apply_input_path(raw_input, &self.input_path, flow)?;
        let timeout = seconds(run, &effective, &self.timeout, "TimeoutSecondsPath")?;
        let heartbeat = seconds(run, &effective, &self.heartbeat, "HeartbeatSecondsPath")?;
        // The token exists before Parameters, so `$$.Task.Token` can go into the request.
        let token = self.issue_token(run);
        let parameters = run.apply_parameters(effective, self.parameters.as_ref(), flow, token.as_deref())?;
        let result = self
            .call(run, &parameters, token.as_deref(), timeout, heartbeat)
            .await?;
        let shaping = ResultShaping {
            result_selector: self.result_selector.as_ref(),
            result_path: &self.result_path,
            output_path: &self.output_path,
        };
        run.shape_result(raw_input, result, shaping, flow)
    }

    /// One attempt in JSONata: Arguments → call → Output and Assign over `$states.result`.
    async fn execute_jsonata(
        &self,
        run: &StateRun<'_>,
        raw_input: &Value,
        flow: &mut DataFlow,
        fields: &JsonataFields,
    ) -> Result<Value, Stop> {
        let mut timeout = seconds(run, raw_input, &self.timeout, "TimeoutSeconds")?;
        let mut heartbeat = seconds(run, raw_input, &self.heartbeat, "HeartbeatSeconds")?;
        let token = self.issue_token(run);
        let states = jsonata::states(run, raw_input, None, None, token.as_deref());
        let arguments = jsonata::with_evaluation(run, states, |evaluation| {
            for (field, template) in &fields.literals {
                let n = jsonata::evaluate_count(template, evaluation, field).map_err(|e| run.fail(e))?;
                match *field {
                    "TimeoutSeconds" => timeout = Some(n),
                    _ => heartbeat = Some(n),
                }
            }
            jsonata::arguments(run, fields, evaluation, raw_input, flow)
        })?;
        let result = self
            .call(run, &arguments, token.as_deref(), timeout, heartbeat)
            .await?;
        jsonata::conclude(run, fields, raw_input, Some(result), flow)
    }

    /// A task token, for a `.waitForTaskToken` task.
    fn issue_token(&self, run: &StateRun<'_>) -> Option<String> {
        (self.pattern() == Pattern::WaitForTaskToken).then(|| {
            run.rt
                .tokens
                .issue(&run.state.name, &self.resource_arn, run.rt.now(), &run.rt.random)
        })
    }

    /// Calls the resource with its events, timeout and heartbeat; the result or the error.
    async fn call(
        &self,
        run: &StateRun<'_>,
        parameters: &Value,
        token: Option<&str>,
        timeout: Option<u64>,
        heartbeat: Option<u64>,
    ) -> Result<Value, Stop> {
        let events = TaskEvents {
            run,
            resource: self.resource.task_resource(),
            family: self.event_family(),
        };
        events.scheduled(&self.resource_arn, parameters, timeout, heartbeat)?;
        events.started()?;
        let deadline = timeout.map(|s| run.rt.now().plus_millis(s as i64 * 1000));
        let call = invoke::call(self, run, &events, parameters, token, heartbeat);
        let outcome = with_deadline(call, &run.rt.clock, deadline).await;
        if let Some(token) = token {
            run.rt.tokens.close(token);
        }
        match outcome {
            Ok(Ok(result)) => {
                events.succeeded(&result)?;
                Ok(result)
            }
            Ok(Err(Stop::Error(error))) => {
                if error.name() == names::HEARTBEAT_TIMEOUT {
                    events.timed_out(&error)?;
                } else {
                    events.failed(&error)?;
                }
                Err(Stop::Error(error))
            }
            Ok(Err(fatal)) => Err(fatal),
            Err(()) => {
                let error = StatesError {
                    error: Some(names::TIMEOUT.into()),
                    cause: None,
                };
                events.timed_out(&error)?;
                Err(Stop::Error(error))
            }
        }
    }

    /// The service integration pattern the Resource asks for.
    pub fn pattern(&self) -> Pattern {
        match &self.resource {
            Resource::Service(resource) => Pattern::of(&resource.resource).1,
            Resource::LambdaFunction(_) | Resource::Activity(_) => Pattern::RequestResponse,
        }
    }

    fn event_family(&self) -> EventFamily {
        match self.resource {
            Resource::LambdaFunction(_) => EventFamily::Function,
            Resource::Activity(_) => EventFamily::Activity,
            Resource::Service(_) => EventFamily::Service,
        }
    }
}

/// How a Task waits for its work: not at all, for a job to end, or for a callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// Request-response: the call's response is the result.
    RequestResponse,
    /// `.sync` (1) or `.sync:2` (2): wait for the job the call started.
    Sync(u8),
    /// `.waitForTaskToken`: wait for SendTaskSuccess or SendTaskFailure with the token.
    WaitForTaskToken,
}

impl Pattern {
    /// Splits `sendMessage.waitForTaskToken` into the action and its pattern.
    pub fn of(resource: &str) -> (&str, Pattern) {
        if let Some(action) = resource.strip_suffix(".waitForTaskToken") {
            (action, Pattern::WaitForTaskToken)
        } else if let Some(action) = resource.strip_suffix(".sync:2") {
            (action, Pattern::Sync(2))
        } else if let Some(action) = resource.strip_suffix(".sync") {
            (action, Pattern::Sync(1))
        } else {
            (resource, Pattern::RequestResponse)
        }
    }
}

/// Which family of history events a task writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventFamily {
    /// `Task*` events: service integrations.
    Service,
    /// `LambdaFunction*` events: a function ARN as the Resource.
    Function,
    /// `Activity*` events: an activity ARN as the Resource.
    Activity,
}

/// Writes a task's events in the family its Resource calls for.
pub struct TaskEvents<'r, 'a> {
    run: &'r StateRun<'a>,
    resource: TaskResource,
    family: EventFamily,
}

impl TaskEvents<'_, '_> {
    fn scheduled(
        &self,
        arn: &str,
        parameters: &Value,
        timeout: Option<u64>,
        heartbeat: Option<u64>,
    ) -> Result<u64, Stop> {
        let input = parameters.clone();
        self.run.event(match self.family {
            EventFamily::Function => EventDetails::LambdaFunctionScheduled {
                resource: arn.to_string(),
                input,
                timeout_seconds: timeout,
            },
            EventFamily::Activity => EventDetails::ActivityScheduled {
                resource: arn.to_string(),
                input,
                timeout_seconds: timeout,
                heartbeat_seconds: heartbeat,
            },
            EventFamily::Service => EventDetails::TaskScheduled {
                resource: self.resource.clone(),
                region: self.run.rt.identity.region.clone(),
                parameters: input,
                timeout_seconds: timeout,
                heartbeat_seconds: heartbeat,
            },
        })
    }

    /// The task started; an activity starts only when a worker takes it.
    fn started(&self) -> Result<(), Stop> {
        match self.family {
            EventFamily::Function => self.run.event(EventDetails::LambdaFunctionStarted).map(drop),
            EventFamily::Service => self
                .run
                .event(EventDetails::TaskStarted {
                    resource: self.resource.clone(),
                })
                .map(drop),
            EventFamily::Activity => Ok(()),
        }
    }

    /// A worker took the activity task.
    pub fn activity_started(&self, worker_name: &str) -> Result<u64, Stop> {
        self.run.event(EventDetails::ActivityStarted {
            worker_name: worker_name.to_string(),
        })
    }

    /// The request was accepted: the task now waits for a callback or for its job.
    pub fn submitted(&self, response: &Value) -> Result<u64, Stop> {
        self.run.event(EventDetails::TaskSubmitted {
            resource: self.resource.clone(),
            output: response.clone(),
        })
    }

    fn succeeded(&self, result: &Value) -> Result<u64, Stop> {
        let output = result.clone();
        self.run.event(match self.family {
            EventFamily::Function => EventDetails::LambdaFunctionSucceeded { output },
            EventFamily::Activity => EventDetails::ActivitySucceeded { output },
            EventFamily::Service => EventDetails::TaskSucceeded {
                resource: self.resource.clone(),
                output,
            },
        })
    }

    fn failed(&self, error: &StatesError) -> Result<u64, Stop> {
        let (error, cause) = (error.error.clone(), error.cause.clone());
        self.run.event(match self.family {
            EventFamily::Function => EventDetails::LambdaFunctionFailed { error, cause },
            EventFamily::Activity => EventDetails::ActivityFailed { error, cause },
            EventFamily::Service => EventDetails::TaskFailed {
                resource: self.resource.clone(),
                error,
                cause,
            },
        })
    }

    fn timed_out(&self, error: &StatesError) -> Result<u64, Stop> {
        let (error, cause) = (error.error.clone(), error.cause.clone());
        self.run.event(match self.family {
            EventFamily::Function => EventDetails::LambdaFunctionTimedOut { error, cause },
            EventFamily::Activity => EventDetails::ActivityTimedOut { error, cause },
            EventFamily::Service => EventDetails::TaskTimedOut {
                resource: self.resource.clone(),
                error,
                cause,
            },
        })
    }
}

/// Resolves TimeoutSeconds(Path) or HeartbeatSeconds(Path) against the effective input.
fn seconds(
    run: &StateRun<'_>,
    input: &Value,
    field: &Option<ValueOrPath>,
    path_field: &str,
) -> Result<Option<u64>, Stop> {
    match field {
        None => Ok(None),
        Some(ValueOrPath::Value(n)) => Ok(Some(*n as u64)),
        Some(ValueOrPath::Path(path)) => {
            let value = run.with_scope(input, |s| s.read(path)).map_err(|e| {
                run.fail(StepError::runtime(format!(
                    "Invalid path '{path}' : {}",
                    e.message
                )))
            })?;
            match value.as_u64().filter(|n| (1..=MAX_TIMEOUT_SECONDS as u64).contains(n)) {
                Some(n) => Ok(Some(n)),
                None => Err(run.fail(StepError::runtime(format!(
                    "The {path_field} parameter does not reference a valid positive integer: {path} == {value}"
                )))),
            }
        }
    }
}
