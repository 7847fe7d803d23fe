//! What a state machine needs to run on real AWS Step Functions. The definition's states are
//! walked for every resource they use (Lambda functions, SQS queues, SNS topics, DynamoDB
//! tables, S3 buckets, event buses, activities, other state machines; in Parallel branches and
//! Map processors too); a lab scenario adds what it declares, with the simulated functions'
//! behaviours and the tables' keys. The export creates them as stubs, with an IAM role allowed
//! exactly what the states call, and the state machine with its references pointing at them:
//!
//! - [`Format::AwsCli`]: a bash script of `aws` commands;
//! - [`Format::CloudFormation`]: a CloudFormation template (JSON);
//! - [`Format::Terraform`]: a Terraform `main.tf`, in the style of stepfunctions_lab.
//!
//! Each starts by saying what it creates and which state uses what ([`Inventory::notes`] adds
//! what the export could not settle, such as a queue chosen at run time). On the command line:
//! `sfn-lab export --definition FILE [--scenario FILE] [--input FILE] [--name NAME]
//! [--type standard|express] --format aws-cli|cloudformation|terraform [-o FILE|DIR]`.
//!
//! ```
//! let definition = r#"{"StartAt": "Start Backup", "States": {"Start Backup": {"Type": "Task",
//!     "Resource": "arn:aws:lambda:us-east-1:123456789012:function:backup", "End": true}}}"#;
//! let scenario = serde_json::json!({"services": {"lambda": {"functions": {
//!     "backup": {"returns": {"IsBackupSuccessful": true}}}}}});
//!
//! let inventory = export::Inventory::discover(definition, Some(&scenario))?;
//! let backup = inventory.resource(export::Kind::Function, "backup").expect("found");
//! assert_eq!(backup.uses[0].state, "Start Backup");
//! assert!(inventory.allowed_actions().contains("lambda:InvokeFunction"));
//!
//! let options = export::Options { name: "backup-lab".into(), ..export::Options::default() };
//! let template = export::export(definition, Some(&scenario), &options, export::Format::CloudFormation)?;
//! assert!(template.contains("\"AWS::Lambda::Function\""));
//! let script = export::export(definition, Some(&scenario), &options, export::Format::AwsCli)?;
//! assert!(script.contains("aws stepfunctions create-state-machine"));
//! # Ok::<(), export::ExportError>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod aws_cli;
mod cloudformation;
mod discover;
mod error;
mod hcl;
mod names;
mod policy;
mod reference;
mod resources;
mod scenario;
mod stub;
mod summary;
mod terraform;

pub use error::ExportError;
pub use names::{valid_prefix, MAX_PREFIX};
pub use reference::Attribute;
pub use resources::{
    Access, Inventory, KeyAttribute, KeySource, Kind, Machine, Resource, S3Object, Spec, Use,
};
use serde_json::Value;
use std::str::FromStr;

/// The three forms of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A bash script of AWS CLI commands.
    AwsCli,
    /// A CloudFormation template, in JSON.
    CloudFormation,
    /// A Terraform configuration (`main.tf`).
    Terraform,
}

impl Format {
    /// Every form.
    pub const ALL: [Format; 3] = [Format::AwsCli, Format::CloudFormation, Format::Terraform];

    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::AwsCli => "aws-cli",
            Format::CloudFormation => "cloudformation",
            Format::Terraform => "terraform",
        }
    }

    /// The file an export of this form is written to in a folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::AwsCli => "deploy.sh",
            Format::CloudFormation => "template.json",
            Format::Terraform => "main.tf",
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == text)
            .ok_or_else(|| format!("unknown format '{text}': use aws-cli, cloudformation or terraform"))
    }
}

/// Standard or Express.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WorkflowType {
    /// Up to a year, exactly once, every integration pattern.
    #[default]
    Standard,
    /// Up to five minutes, at least once, no `.sync` nor `.waitForTaskToken`.
    Express,
}

impl WorkflowType {
    /// As AWS writes it: `STANDARD`, `EXPRESS`.
    pub fn as_aws(self) -> &'static str {
        match self {
            WorkflowType::Standard => "STANDARD",
            WorkflowType::Express => "EXPRESS",
        }
    }
}

impl FromStr for WorkflowType {
    type Err = String;

    fn from_str(text: &str) -> Result<WorkflowType, String> {
        match text {
            "standard" | "STANDARD" => Ok(WorkflowType::Standard),
            "express" | "EXPRESS" => Ok(WorkflowType::Express),
            other => Err(format!(
                "unknown workflow type '{other}': use standard or express"
            )),
        }
    }
}

/// How to export.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The state machine's name, and the prefix of every other name (see [`valid_prefix`]).
    pub name: String,
    /// Standard or Express.
    pub workflow: WorkflowType,
    /// An execution input for the example of how to start it.
    pub input: Option<Value>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            name: "sfn-lab".into(),
            workflow: WorkflowType::Standard,
            input: None,
        }
    }
}

/// Exports a definition (ASL JSON text) and an optional lab scenario in one form.
pub fn export(
    definition: &str,
    scenario: Option<&Value>,
    options: &Options,
    format: Format,
) -> Result<String, ExportError> {
    let inventory = Inventory::discover(definition, scenario)?;
    render(&inventory, options, format)
}

/// Writes an inventory in one form.
pub fn render(inventory: &Inventory, options: &Options, format: Format) -> Result<String, ExportError> {
    if !valid_prefix(&options.name) {
        return Err(ExportError::InvalidName(options.name.clone()));
    }
    if options.workflow == WorkflowType::Express && !inventory.express_problems().is_empty() {
        return Err(ExportError::NotForExpress(inventory.express_problems().to_vec()));
    }
    Ok(match format {
        Format::AwsCli => aws_cli::render(inventory, options),
        Format::CloudFormation => cloudformation::render(inventory, options),
        Format::Terraform => terraform::render(inventory, options),
    })
}
