//! `sfn-lab run`: one execution, printed as JSON, with an exit code for its status.

use super::{describe, print_json, read_json, read_source};
use crate::args::RunArgs;
use asl::execution::callbacks::ScriptedCallback;
use asl::mocks::Mocks;
use asl::scenario::Scenario;
use asl::{run, ExecutionStatus, RunOptions, StateMachine, WorkflowType};
use serde_json::json;
use std::process::ExitCode;

/// Exit code when the execution failed or timed out.
const EXIT_FAILED: u8 = 2;
/// Exit code when the execution still waits for a callback.
const EXIT_WAITING: u8 = 3;

/// Runs the definition and prints the result.
pub fn execute(args: RunArgs) -> Result<ExitCode, String> {
    let text = read_source(&args.definition)?;
    let machine = StateMachine::from_json_text(&text).map_err(|err| {
        format!(
            "{} is not a valid state machine: {err}",
            describe(&args.definition)
        )
    })?;
    let options = options(&args)?;
    if options.workflow_type == WorkflowType::Express {
        let problems = machine.express_problems();
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(|p| format!("  - {p}")).collect();
            return Err(format!(
                "{} cannot run as an Express workflow:\n{}",
                describe(&args.definition),
                list.join("\n")
            ));
        }
    }
    let input = match &args.input {
        Some(source) => read_json(source, "input")?,
        None => json!({}),
    };
    let result = run(&machine, input, &options);
    let mut printed = result.to_json(args.inspect);
    if args.services {
        printed["services"] = result.services.clone();
    }
    if args.cost {
        let estimate = asl::cost::estimate(&result, options.workflow_type, &asl::cost::Prices::published());
        printed["cost"] = serde_json::to_value(&estimate).unwrap_or_default();
    }
    print_json(&printed);
    Ok(match result.status {
        ExecutionStatus::Succeeded => ExitCode::SUCCESS,
        ExecutionStatus::Running => ExitCode::from(EXIT_WAITING),
        ExecutionStatus::Failed | ExecutionStatus::TimedOut => ExitCode::from(EXIT_FAILED),
    })
}

fn options(args: &RunArgs) -> Result<RunOptions, String> {
    let mut options = RunOptions::default();
    if let Some(file) = &args.scenario {
        let scenario = Scenario::from_value(&read_json(file, "scenario")?).map_err(|problems| {
            format!(
                "the scenario {file} has problems:\n  - {}",
                problems.join("\n  - ")
            )
        })?;
        scenario.apply_to(&mut options);
    }
    if let Some(file) = &args.callbacks {
        options.callbacks =
            ScriptedCallback::list_from_value(&read_json(file, "callback script")?).map_err(|problems| {
                format!(
                    "the callback script {file} has problems:\n  - {}",
                    problems.join("\n  - ")
                )
            })?;
    }
    if let Some(file) = &args.mocks {
        let case = args
            .test_case
            .as_deref()
            .ok_or("--mocks needs --test-case NAME")?;
        let config = read_json(file, "mock configuration")?;
        options.mocks = Mocks::from_config(&config, args.state_machine.as_deref().unwrap_or_default(), case)
            .map_err(|err| format!("the mock configuration {file}: {err}"))?;
    } else if args.test_case.is_some() {
        return Err("--test-case needs --mocks FILE".into());
    }
    if let Some(name) = &args.execution_name {
        options.identity.name = name.clone();
    }
    if let Some(time) = &args.start_time {
        options.identity.start_time = asl::clock::parse_rfc3339(time)
            .ok_or_else(|| format!("--start-time '{time}' is not a timestamp like 2024-01-01T00:00:00Z"))?;
    }
    if let Some(seed) = &args.seed {
        options.seed = seed
            .parse()
            .map_err(|_| format!("--seed '{seed}' is not a whole number"))?;
    }
    if args.express {
        options.workflow_type = WorkflowType::Express;
    }
    Ok(options)
}
