//! `states:startExecution`: a state machine starting another, with `.sync`, `.sync:2` or no wait.

use super::{Pattern, TaskEvents};
use crate::error::{names, StatesError};
use crate::execution::runner::StateRun;
use crate::execution::runtime::Stop;
use crate::execution::{Execution, ExecutionStatus};
use serde_json::{json, Value};

/// Starts the child execution the parameters name and, for `.sync`, waits for it on the virtual clock.
pub(super) async fn start_execution(
    run: &StateRun<'_>,
    events: &TaskEvents<'_, '_>,
    parameters: &Value,
    pattern: Pattern,
) -> Result<Value, Stop> {
    let rt = run.rt;
    let arn = parameters
        .get("StateMachineArn")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let name = arn.rsplit(':').next().unwrap_or_default().to_string();
    let Some(machine) = rt.state_machines.get(&name).cloned() else {
        let known: Vec<&str> = rt.state_machines.keys().map(String::as_str).collect();
        return Err(Stop::Error(StatesError::new(
            "StepFunctions.StateMachineDoesNotExistException",
            format!(
                "State Machine Does Not Exist: '{arn}' (Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist) \
                 — the world knows: {}",
                if known.is_empty() { "no state machines".to_string() } else { known.join(", ") }
            ),
        )));
    };
    // Step Functions passes Input as JSON text or as an object; either way the child gets the value.
    let input = match parameters.get("Input") {
        Some(Value::String(text)) => serde_json::from_str(text).unwrap_or(Value::String(text.clone())),
        Some(value) => value.clone(),
        None => json!({}),
    };
    let mut options = rt.options.clone();
    options.identity.state_machine_name = name.clone();
    options.identity.name = match parameters.get("Name").and_then(Value::as_str) {
        Some(child_name) => child_name.to_string(),
        None => rt.random.uuid_v4(),
    };
    options.identity.start_time = rt.now();
    options.seed = rt.random.next_u64();
    // The child runs on its own clock from now; a `.sync` parent then waits until it ended.
    let child = Execution::start(&machine, input.clone(), &options);
    let result = child.into_result();
    let stop_time = result.events.last().map_or(rt.now(), |e| e.timestamp);
    let start_ms = options.identity.start_time.0;
    let execution_arn = options.identity.execution_arn();
    let mut description = json!({
        "ExecutionArn": execution_arn,
        "Input": crate::dataflow::to_json_text(&input),
        "InputDetails": {"Included": true},
        "Name": options.identity.name,
        "StartDate": start_ms,
        "StateMachineArn": options.identity.state_machine_arn(),
        "Status": result.status.as_str(),
    });
    if result.status != ExecutionStatus::Running {
        description["StopDate"] = json!(stop_time.0);
    }
    if let Some(output) = &result.output {
        description["Output"] = json!(crate::dataflow::to_json_text(output));
        description["OutputDetails"] = json!({"Included": true});
    }
    if let Some(error) = &result.error {
        description["Error"] = json!(error);
    }
    if let Some(cause) = &result.cause {
        description["Cause"] = json!(cause);
    }
    rt.child_executions.borrow_mut().push(json!({
        "description": description,
        "events": result.events.len(),
    }));
    let started = json!({"ExecutionArn": execution_arn, "StartDate": start_ms});
    let Pattern::Sync(version) = pattern else {
        return Ok(started);
    };

    events.submitted(&started)?;
    if result.status == ExecutionStatus::Running {
        return Err(Stop::Fatal(StatesError::new(
            names::RUNTIME,
            format!(
                "The state '{}' waits for the child execution '{}', which waits for a callback; \
                 nested executions cannot receive callbacks in this lab",
                run.state.name, options.identity.name
            ),
        )));
    }
    rt.clock.sleep_until(stop_time).await;
    if version == 2 {
        description["Input"] = input;
        if let Some(output) = result.output {
            description["Output"] = output;
        }
    }
    match result.status {
        ExecutionStatus::Succeeded => Ok(description),
        _ => Err(Stop::Error(StatesError::new(
            names::TASK_FAILED,
            crate::dataflow::to_json_text(&description),
        ))),
    }
}
