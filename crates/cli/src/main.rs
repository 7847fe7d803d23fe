//! `sfn-lab`: run, validate and check state machines from the command line, with the lab's own interpreter.

mod args;

use args::Command;
use asl::mocks::Mocks;
use asl::{run, DefinitionError, RunOptions, StateMachine};
use lessons::{check, Lesson, Verdict};
use serde_json::{json, Value};
use std::io::Read;
use std::process::ExitCode;

/// Exit code when the execution ran and failed (or a lesson check failed).
const EXIT_FAILED: u8 = 2;
/// Exit code when the definition, the input or the command line is invalid.
const EXIT_INVALID: u8 = 1;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("sfn-lab: {message}\n\n{}", args::USAGE);
            return ExitCode::from(EXIT_INVALID);
        }
    };
    match execute(command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("sfn-lab: {message}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn execute(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Help => {
            println!("{}", args::USAGE);
            Ok(ExitCode::SUCCESS)
        }
        Command::Run {
            definition,
            input,
            inspect,
            mocks,
            test_case,
            state_machine,
            execution_name,
            start_time,
            seed,
        } => {
            let machine = load_machine(&definition)?;
            let mut options = RunOptions::default();
            if let Some(name) = execution_name {
                options.identity.name = name;
            }
            if let Some(time) = start_time {
                options.identity.start_time = asl::clock::parse_rfc3339(&time).ok_or_else(|| {
                    format!("--start-time '{time}' is not a timestamp like 2024-01-01T00:00:00Z")
                })?;
            }
            if let Some(seed) = seed {
                options.seed = seed
                    .parse()
                    .map_err(|_| format!("--seed '{seed}' is not a whole number"))?;
            }
            if let Some(file) = mocks {
                let case = test_case.ok_or("--mocks needs --test-case NAME")?;
                let text = read_source(&file)?;
                let config = asl::parse_json(&text)
                    .map_err(|err| format!("the mock configuration {file} is not JSON: {err}"))?;
                options.mocks =
                    Mocks::from_config(&config, state_machine.as_deref().unwrap_or_default(), &case)
                        .map_err(|err| format!("the mock configuration {file}: {err}"))?;
            } else if test_case.is_some() {
                return Err("--test-case needs --mocks FILE".into());
            }
            let input = match input {
                Some(source) => {
                    let text = read_source(&source)?;
                    asl::parse_json(&text)
                        .map_err(|err| format!("the input {} is not JSON: {err}", describe(&source)))?
                }
                None => json!({}),
            };
            let result = run(&machine, input, &options);
            print_json(&result.to_json(inspect));
            Ok(if result.status == asl::ExecutionStatus::Succeeded {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_FAILED)
            })
        }
        Command::Validate { definition } => {
            let text = read_source(&definition)?;
            let report = match StateMachine::from_json_text(&text) {
                Ok(_) => json!({"result": "OK", "diagnostics": []}),
                Err(error) => json!({"result": "FAIL", "diagnostics": error.diagnostics}),
            };
            print_json(&report);
            Ok(if report["result"] == "OK" {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_INVALID)
            })
        }
        Command::Check { lesson, definition } => {
            let lesson = Lesson::load_dir(std::path::Path::new(&lesson)).map_err(|e| e.to_string())?;
            let text = match definition {
                Some(source) => read_source(&source)?,
                None => lesson.solution.clone(),
            };
            let verdict = check(&lesson, &text);
            print_json(&verdict_json(&verdict));
            Ok(if verdict.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_FAILED)
            })
        }
    }
}

fn load_machine(source: &str) -> Result<StateMachine, String> {
    let text = read_source(source)?;
    StateMachine::from_json_text(&text)
        .map_err(|err: DefinitionError| format!("{} is not a valid state machine: {err}", describe(source)))
}

/// Reads a file, or standard input for `-`.
fn read_source(source: &str) -> Result<String, String> {
    if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|err| format!("cannot read standard input: {err}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(source).map_err(|err| format!("cannot read {source}: {err}"))
}

fn describe(source: &str) -> String {
    if source == "-" {
        "on standard input".into()
    } else {
        source.to_string()
    }
}

fn verdict_json(verdict: &Verdict) -> Value {
    match verdict {
        Verdict::Invalid(error) => json!({"passed": false, "diagnostics": error.diagnostics}),
        Verdict::Ran(outcomes) => json!({
            "passed": verdict.passed(),
            "checks": outcomes.iter().map(|o| json!({
                "title": o.title,
                "passed": o.passed,
                "problems": o.problems,
                "status": o.execution.status.as_str(),
                "output": o.execution.output,
                "statesEntered": o.execution.states_entered(),
            })).collect::<Vec<_>>(),
        }),
    }
}

fn print_json(value: &Value) {
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
}
