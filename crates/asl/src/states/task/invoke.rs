//! Calling a Task's resource: a mocked response first, then the simulated cloud, a nested
//! execution or an activity, with the integration pattern the Resource asks for.

use super::{callback, nested, Pattern, Resource, Task, TaskEvents};
use crate::error::{names, StatesError};
use crate::execution::runner::StateRun;
use crate::execution::runtime::Stop;
use crate::mocks::MockResponse;
use crate::services::{CallContext, CallError, Cloud};
use serde_json::Value;

/// Runs the task's work and returns its result.
pub(super) async fn call(
    task: &Task,
    run: &StateRun<'_>,
    events: &TaskEvents<'_, '_>,
    parameters: &Value,
    token: Option<&str>,
    heartbeat: Option<u64>,
) -> Result<Value, Stop> {
    // Mocks take precedence, as in Step Functions Local; a mocked
    // `.waitForTaskToken` task returns its mocked response as the callback's output.
    if let Some(mock) = run.rt.next_mock(&run.state.name) {
        return match mock {
            Ok(MockResponse::Return(result)) => Ok(result),
            Ok(MockResponse::Throw { error, cause }) => Err(Stop::Error(StatesError::new(error, cause))),
            Err(exhausted) => Err(Stop::Fatal(exhausted)),
        };
    }
    match &task.resource {
        Resource::LambdaFunction(arn) => {
            undeclared_function(task, run, arn)?;
            with_cloud(task, run, |cloud, ctx| {
                cloud.invoke_function(arn, parameters, ctx)
            })
        }
        Resource::Activity(arn) => activity(run, events, arn, parameters).await,
        Resource::Service(resource) => {
            let (action, pattern) = Pattern::of(&resource.resource);
            if resource.resource_type == "states" && action == "startExecution" {
                return nested::start_execution(run, events, parameters, pattern).await;
            }
            let request = crate::history::TaskResource {
                resource_type: resource.resource_type.clone(),
                resource: action.to_string(),
            };
            if request.resource_type == "lambda" && request.resource == "invoke" {
                let name = parameters
                    .get("FunctionName")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                undeclared_function(task, run, name)?;
            }
            match pattern {
                Pattern::RequestResponse => {
                    with_cloud(task, run, |cloud, ctx| cloud.call(&request, parameters, ctx))
                }
                Pattern::WaitForTaskToken => {
                    let response = with_cloud(task, run, |cloud, ctx| cloud.call(&request, parameters, ctx))?;
                    events.submitted(&response)?;
                    let token = token.unwrap_or_default();
                    callback::wait(run, token, heartbeat).await
                }
                Pattern::Sync(_) => Err(unsupported(
                    task,
                    run,
                    &format!(
                        "'.sync' is simulated only for states:startExecution, not for {}:{action}",
                        resource.resource_type
                    ),
                )),
            }
        }
    }
}

/// A Lambda function the world does not declare fails the run naming the state: in the lab
/// it means a missing mock or world entry, which a Catch must not hide.
fn undeclared_function(task: &Task, run: &StateRun<'_>, name: &str) -> Result<(), Stop> {
    if run.rt.cloud.borrow().has_function(name) {
        return Ok(());
    }
    Err(unsupported(
        task,
        run,
        &format!("no Lambda function '{name}' is mocked or declared in the world"),
    ))
}

/// Calls the simulated cloud with the execution's context.
fn with_cloud(
    task: &Task,
    run: &StateRun<'_>,
    call: impl FnOnce(&mut Cloud, &CallContext<'_>) -> Result<Value, CallError>,
) -> Result<Value, Stop> {
    let rt = run.rt;
    let ctx = rt.call_context();
    let outcome = call(&mut rt.cloud.borrow_mut(), &ctx);
    match outcome {
        Ok(result) => Ok(result),
        Err(CallError::Failed(error)) => Err(Stop::Error(error)),
        Err(CallError::Unsupported(why)) => Err(unsupported(task, run, &why)),
    }
}

/// A call the simulation cannot make fails the execution, naming the state (never caught,
/// so a missing function or queue is not hidden by a Catch).
fn unsupported(task: &Task, run: &StateRun<'_>, why: &str) -> Stop {
    Stop::Fatal(StatesError::new(
        names::RUNTIME,
        format!(
            "The state '{}' calls '{}', but {why}. Give the state a mocked response \
             (sfn-lab run --mocks FILE --test-case NAME) or declare what it needs in the world (--world FILE).",
            run.state.name, task.resource_arn
        ),
    ))
}

/// An activity: waits until its scripted worker takes the task, then answers as the worker does.
/// Without a worker it waits, as AWS does, until TimeoutSeconds (or for ever).
async fn activity(
    run: &StateRun<'_>,
    events: &TaskEvents<'_, '_>,
    arn: &str,
    input: &Value,
) -> Result<Value, Stop> {
    let rt = run.rt;
    let name = arn.rsplit(':').next().unwrap_or_default();
    let after = rt
        .activities
        .borrow()
        .get(name)
        .map(|worker| worker.after_seconds);
    let Some(after) = after else {
        return std::future::pending().await;
    };
    rt.clock
        .sleep_until(rt.now().plus_millis(after as i64 * 1000))
        .await;
    events.activity_started(&format!("{name}-worker"))?;
    let ctx = rt.call_context();
    let answer = rt
        .activities
        .borrow_mut()
        .get_mut(name)
        .map(|worker| worker.behaviour.respond(input, &ctx));
    match answer {
        Some(Ok(output)) => Ok(output),
        Some(Err(error)) => Err(Stop::Error(error)),
        None => std::future::pending().await,
    }
}
