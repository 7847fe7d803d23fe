//! `sfn-lab export`: what a definition needs to run on AWS Step Functions, as an AWS CLI
//! script, a CloudFormation template or a Terraform configuration.

use super::{describe, read_json, read_source};
use crate::args::ExportArgs;
use asl::scenario::Scenario;
use asl::StateMachine;
use export::{Format, Options, WorkflowType};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Writes the export to the output (a file, a folder, or standard output).
pub fn execute(args: ExportArgs) -> Result<ExitCode, String> {
    let format: Format = args.format.parse().map_err(|e| format!("--format: {e}"))?;
    let workflow = match &args.workflow_type {
        Some(text) => text.parse::<WorkflowType>().map_err(|e| format!("--type: {e}"))?,
        None => WorkflowType::Standard,
    };
    let mut options = Options {
        workflow,
        ..Options::default()
    };
    if let Some(name) = &args.name {
        if !export::valid_prefix(name) {
            return Err(format!(
                "--name '{name}' cannot prefix AWS resource names: use 1 to {} lowercase letters, digits \
                 and hyphens, starting with a letter (S3 bucket names are made from it)",
                export::MAX_PREFIX
            ));
        }
        options.name = name.clone();
    }
    // The lab's own checks first, so that every problem reads as `run` and `validate` say it.
    let text = read_source(&args.definition)?;
    let machine = StateMachine::from_json_text(&text).map_err(|err| {
        format!(
            "{} is not a valid state machine: {err}",
            describe(&args.definition)
        )
    })?;
    if workflow == WorkflowType::Express {
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
    let scenario = match &args.scenario {
        Some(file) => {
            let value = read_json(file, "scenario")?;
            Scenario::from_value(&value).map_err(|problems| {
                format!(
                    "the scenario {file} has problems:\n  - {}",
                    problems.join("\n  - ")
                )
            })?;
            Some(value)
        }
        None => None,
    };
    if let Some(file) = &args.input {
        options.input = Some(read_json(file, "input")?);
    }
    let output = export::export(&text, scenario.as_ref(), &options, format).map_err(|e| e.to_string())?;
    match &args.output {
        None => crate::output::print(&output),
        Some(target) => {
            let path = destination(target, format);
            std::fs::write(&path, &output).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            if format == Format::AwsCli {
                make_executable(&path)?;
            }
            crate::output::println(&format!(
                "{}: {} ({} bytes)",
                path.display(),
                format.as_str(),
                output.len()
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The file to write: `target` itself, or the form's usual file in it when it is a folder.
fn destination(target: &str, format: Format) -> PathBuf {
    let path = Path::new(target);
    if path.is_dir() {
        path.join(format.file_name())
    } else {
        path.to_path_buf()
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mut permissions = std::fs::metadata(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .permissions();
    permissions.set_mode(permissions.mode() | 0o111);
    std::fs::set_permissions(path, permissions)
        .map_err(|e| format!("cannot make {} executable: {e}", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), String> {
    Ok(())
}
