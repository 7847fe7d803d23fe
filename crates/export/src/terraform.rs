//! The Terraform form: one `main.tf` in the style of stepfunctions_lab (a commented header,
//! provider, IAM roles and policies, stub functions zipped by `archive_file`), with variables
//! for the region and the name prefix, and definitions written with `jsonencode` so that
//! references to created resources are plain Terraform expressions.

use crate::hcl::{self, Expr};
use crate::names;
use crate::policy;
use crate::reference::{Attribute, Reference};
use crate::resources::{Inventory, Kind, Resource, Spec};
use crate::stub;
use crate::summary;
use crate::Options;
use serde_json::json;
use std::fmt::Write;

/// Writes `main.tf`.
pub(crate) fn render(inventory: &Inventory, options: &Options) -> String {
    let mut out = String::new();
    for line in summary::lines(inventory, options) {
        out += &format!("# {}\n", names::one_line(&line));
    }
    out += "#\n# terraform init && terraform apply (-var region=... -var name_prefix=... to change them).\n";
    out += "# MAKE SURE TO DESTROY THE RESOURCES WHEN YOU'RE DONE (terraform destroy), TO AVOID CHARGES.\n\n";
    let functions = policy::has_functions(inventory);
    out += "terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \">= 5.0\"\n    }\n";
    if functions {
        out += "    archive = {\n      source  = \"hashicorp/archive\"\n      version = \">= 2.4\"\n    }\n";
    }
    out += "  }\n}\n\n";
    let _ = write!(
        out,
        "variable \"region\" {{\n\
         \x20 description = \"The AWS region to create everything in\"\n\
         \x20 type        = string\n\
         \x20 default     = \"us-east-1\"\n\
         }}\n\n\
         variable \"name_prefix\" {{\n\
         \x20 description = \"The state machine's name, and the start of every other name (S3 buckets included)\"\n\
         \x20 type        = string\n\
         \x20 default     = {}\n\n\
         \x20 validation {{\n\
         \x20   condition     = can(regex(\"^[a-z][a-z0-9-]{{0,{}}}$\", var.name_prefix))\n\
         \x20   error_message = \"The name prefix must be 1 to {} lowercase letters, digits and hyphens, starting with a letter.\"\n\
         \x20 }}\n\
         }}\n\n\
         provider \"aws\" {{\n  region = var.region\n}}\n\n\
         data \"aws_caller_identity\" \"current\" {{}}\n\n\
         data \"aws_partition\" \"current\" {{}}\n\n\
         locals {{\n\
         \x20 account_id = data.aws_caller_identity.current.account_id\n\
         \x20 partition  = data.aws_partition.current.partition\n\
         }}\n",
        hcl::string(&options.name),
        names::MAX_PREFIX - 1,
        names::MAX_PREFIX,
    );
    let expr = |index: usize| expression(inventory, index);
    if functions {
        let _ = write!(
            out,
            "\n# The role of the stub functions: CloudWatch Logs only.\n\
             resource \"aws_iam_role\" \"lambda\" {{\n\
             \x20 name               = \"${{var.name_prefix}}-lambda-role\"\n\
             \x20 assume_role_policy = jsonencode({})\n\
             }}\n\n\
             resource \"aws_iam_role_policy_attachment\" \"lambda_logs\" {{\n\
             \x20 role       = aws_iam_role.lambda.name\n\
             \x20 policy_arn = \"arn:${{local.partition}}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\"\n\
             }}\n",
            hcl::value(&policy::trust("lambda.amazonaws.com"), 2, &inventory.refs, &expr)
        );
    }
    for resource in inventory
        .resources()
        .filter(|r| r.created() && r.kind != Kind::StateMachine)
    {
        out += "\n";
        out += &comment(resource);
        out += &create(inventory, resource);
    }
    let _ = write!(
        out,
        "\n# The role Step Functions assumes to run the state machines.\n\
         resource \"aws_iam_role\" \"state_machine\" {{\n\
         \x20 name               = \"${{var.name_prefix}}-sfn-role\"\n\
         \x20 assume_role_policy = jsonencode({})\n\
         }}\n",
        hcl::value(&policy::trust("states.amazonaws.com"), 2, &inventory.refs, &expr)
    );
    let depends = match policy::document(inventory) {
        Some(document) => {
            let _ = write!(
                out,
                "\n# Exactly what the states call, on what they call it.\n\
                 resource \"aws_iam_role_policy\" \"state_machine\" {{\n\
                 \x20 name   = \"${{var.name_prefix}}-resources\"\n\
                 \x20 role   = aws_iam_role.state_machine.id\n\
                 \x20 policy = jsonencode({})\n\
                 }}\n",
                hcl::value(&document, 2, &inventory.refs, &expr)
            );
            "\n  depends_on = [aws_iam_role_policy.state_machine]\n"
        }
        None => "",
    };
    for resource in inventory.resources().filter(|r| r.kind == Kind::StateMachine) {
        if let Spec::StateMachine(machine) = &resource.spec {
            out += "\n";
            out += &comment(resource);
            let _ = write!(
                out,
                "resource \"aws_sfn_state_machine\" \"{}\" {{\n\
                 \x20 name     = \"${{var.name_prefix}}-{}\"\n\
                 \x20 role_arn = aws_iam_role.state_machine.arn\n\
                 \x20 type     = \"STANDARD\"\n\n\
                 \x20 definition = jsonencode({})\n{depends}}}\n",
                name(resource),
                resource.aws_name,
                hcl::value(&machine.definition, 2, &inventory.refs, &expr)
            );
        }
    }
    let _ = write!(
        out,
        "\n# The state machine {}.\n\
         resource \"aws_sfn_state_machine\" \"main\" {{\n\
         \x20 name     = var.name_prefix\n\
         \x20 role_arn = aws_iam_role.state_machine.arn\n\
         \x20 type     = \"{}\"\n\n\
         \x20 definition = jsonencode({})\n{depends}}}\n",
        names::one_line(&options.name),
        options.workflow.as_aws(),
        hcl::value(inventory.definition(), 2, &inventory.refs, &expr)
    );
    let input = options.input.clone().unwrap_or_else(|| json!({}));
    let command = match options.workflow {
        crate::WorkflowType::Standard => "start-execution",
        crate::WorkflowType::Express => "start-sync-execution",
    };
    let start = format!(
        "aws stepfunctions {command} --state-machine-arn {{ARN}} --input '{}'",
        input.to_string().replace('\'', r"'\''")
    );
    let _ = write!(
        out,
        "\noutput \"state_machine_arn\" {{\n  value = aws_sfn_state_machine.main.arn\n}}\n\n\
         output \"start_execution\" {{\n\
         \x20 description = \"How to start an execution\"\n\
         \x20 value       = {}\n\
         }}\n",
        hcl::string(&start).replace("{ARN}", "${aws_sfn_state_machine.main.arn}")
    );
    out
}

/// The Terraform name of a resource: `backup`, `orders_fifo`, `child_doubler`.
fn name(resource: &Resource) -> String {
    let name = resource.words.join("_");
    match resource.kind {
        Kind::StateMachine => format!("child_{name}"),
        _ if name.starts_with(|c: char| c.is_ascii_digit()) => format!("r_{name}"),
        _ => name,
    }
}

fn resource_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Function => "aws_lambda_function",
        Kind::Queue => "aws_sqs_queue",
        Kind::Topic => "aws_sns_topic",
        Kind::Table => "aws_dynamodb_table",
        Kind::Bucket => "aws_s3_bucket",
        Kind::EventBus => "aws_cloudwatch_event_bus",
        Kind::Activity => "aws_sfn_activity",
        Kind::StateMachine => "aws_sfn_state_machine",
    }
}

/// A reference as a Terraform expression.
fn expression(inventory: &Inventory, index: usize) -> Expr {
    let states = |what: &str| {
        Expr::Template(format!(
            "arn:${{local.partition}}:states:${{var.region}}:${{local.account_id}}:{what}"
        ))
    };
    match inventory.refs.get(index) {
        Some(Reference::Of(kind, resource_name, attribute)) => {
            let Some(resource) = inventory.resource(*kind, resource_name) else {
                return Expr::Template(String::new());
            };
            let machine = format!("${{var.name_prefix}}-{}", resource.aws_name);
            let address = format!("{}.{}", resource_type(*kind), name(resource));
            match (&resource.spec, attribute) {
                (Spec::EventBus { default: true }, Attribute::Name) => Expr::Template("default".into()),
                (Spec::EventBus { default: true }, _) => Expr::Template(
                    "arn:${local.partition}:events:${var.region}:${local.account_id}:event-bus/default".into(),
                ),
                (Spec::StateMachine(_), Attribute::Executions) => states(&format!("execution:{machine}:*")),
                (Spec::StateMachine(_), Attribute::MapRunExecutions) => states(&format!("execution:{machine}/*")),
                (Spec::StateMachine(_), Attribute::Name) => Expr::Template(machine),
                // Built from the name: machines may refer to each other without a cycle.
                (Spec::StateMachine(_), _) => states(&format!("stateMachine:{machine}")),
                (Spec::Function { .. }, Attribute::Name) => Expr::Bare(format!("{address}.function_name")),
                (Spec::Bucket { .. }, Attribute::Name) => Expr::Bare(format!("{address}.bucket")),
                (Spec::Activity, Attribute::Arn) => Expr::Bare(format!("{address}.id")),
                (_, Attribute::Url) => Expr::Bare(format!("{address}.url")),
                (_, Attribute::Name) => Expr::Bare(format!("{address}.name")),
                _ => Expr::Bare(format!("{address}.arn")),
            }
        }
        Some(Reference::Own(Attribute::Executions)) => states("execution:${var.name_prefix}:*"),
        Some(Reference::Own(Attribute::MapRunExecutions)) => states("execution:${var.name_prefix}/*"),
        Some(Reference::Own(Attribute::Name)) => Expr::Bare("var.name_prefix".into()),
        Some(Reference::Own(_)) => states("stateMachine:${var.name_prefix}"),
        Some(Reference::SyncRule) => Expr::Template(
            "arn:${local.partition}:events:${var.region}:${local.account_id}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule".into(),
        ),
        None => Expr::Template(String::new()),
    }
}

fn comment(resource: &Resource) -> String {
    let mut out = format!("# {} {}", resource.kind.noun(), names::one_line(&resource.name));
    if let Spec::Function { behaviour } = &resource.spec {
        out += &format!(
            ": a stub that {}",
            names::one_line(&stub::describe(behaviour.as_ref()))
        );
    }
    out += ".\n";
    for used in &resource.uses {
        out += &format!(
            "# Used by {} ({}).\n",
            names::one_line(&summary::label(used)),
            used.call
        );
    }
    out
}

fn create(inventory: &Inventory, resource: &Resource) -> String {
    let name = name(resource);
    let aws_name = format!("\"${{var.name_prefix}}-{}\"", resource.aws_name);
    let expr = |index: usize| expression(inventory, index);
    let mut out = String::new();
    let _ = match &resource.spec {
        Spec::Function { behaviour } => write!(
            out,
            "data \"archive_file\" \"{name}\" {{\n\
             \x20 type        = \"zip\"\n\
             \x20 output_path = \"${{path.module}}/build/{name}.zip\"\n\n\
             \x20 source {{\n\
             \x20   filename = \"index.js\"\n\
             \x20   content  = {}\n\
             \x20 }}\n\
             }}\n\n\
             resource \"aws_lambda_function\" \"{name}\" {{\n\
             \x20 function_name    = {aws_name}\n\
             \x20 role             = aws_iam_role.lambda.arn\n\
             \x20 runtime          = \"{}\"\n\
             \x20 handler          = \"{}\"\n\
             \x20 filename         = data.archive_file.{name}.output_path\n\
             \x20 source_code_hash = data.archive_file.{name}.output_base64sha256\n\
             \x20 depends_on       = [aws_iam_role_policy_attachment.lambda_logs]\n\
             }}\n",
            hcl::heredoc(&stub::handler(&resource.name, behaviour.as_ref()), 4),
            stub::RUNTIME,
            stub::HANDLER,
        ),
        Spec::Queue {
            content_based_deduplication,
        } => {
            let fifo = if resource.fifo() {
                format!("  fifo_queue                  = true\n  content_based_deduplication = {content_based_deduplication}\n")
            } else {
                String::new()
            };
            write!(
                out,
                "resource \"aws_sqs_queue\" \"{name}\" {{\n  name                        = {aws_name}\n{fifo}}}\n"
            )
        }
        Spec::Topic {
            content_based_deduplication,
            ..
        } => {
            let fifo = if resource.fifo() {
                format!("  fifo_topic                  = true\n  content_based_deduplication = {content_based_deduplication}\n")
            } else {
                String::new()
            };
            write!(
                out,
                "resource \"aws_sns_topic\" \"{name}\" {{\n  name                        = {aws_name}\n{fifo}}}\n"
            )
        }
        Spec::Table { key, items, .. } => {
            let _ = write!(
                out,
                "resource \"aws_dynamodb_table\" \"{name}\" {{\n\
                 \x20 name         = {aws_name}\n\
                 \x20 billing_mode = \"PAY_PER_REQUEST\"\n"
            );
            for (attribute, role) in key.iter().zip(["hash_key ", "range_key"]) {
                let _ = writeln!(out, "  {role}    = {}", hcl::string(&attribute.name));
            }
            for attribute in key {
                let _ = write!(
                    out,
                    "\n  attribute {{\n    name = {}\n    type = {}\n  }}\n",
                    hcl::string(&attribute.name),
                    hcl::string(&attribute.kind)
                );
            }
            out += "}\n";
            for (n, item) in items.iter().enumerate() {
                let range = if key.len() > 1 {
                    format!("  range_key  = aws_dynamodb_table.{name}.range_key\n")
                } else {
                    String::new()
                };
                let _ = write!(
                    out,
                    "\nresource \"aws_dynamodb_table_item\" \"{name}_item_{}\" {{\n\
                     \x20 table_name = aws_dynamodb_table.{name}.name\n\
                     \x20 hash_key   = aws_dynamodb_table.{name}.hash_key\n{range}\
                     \x20 item       = jsonencode({})\n\
                     }}\n",
                    n + 1,
                    hcl::value(item, 2, &inventory.refs, &expr)
                );
            }
            Ok(())
        }
        Spec::Bucket { objects } => {
            let _ = write!(
                out,
                "resource \"aws_s3_bucket\" \"{name}\" {{\n\
                 \x20 # Bucket names are global, hence the account id; destroy empties it.\n\
                 \x20 bucket        = \"${{var.name_prefix}}-{}-${{local.account_id}}\"\n\
                 \x20 force_destroy = true\n\
                 }}\n",
                resource.aws_name
            );
            for (n, object) in objects.iter().enumerate() {
                let content_type = object
                    .content_type
                    .as_ref()
                    .map(|t| format!("  content_type = {}\n", hcl::string(t)))
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    "\nresource \"aws_s3_object\" \"{name}_object_{}\" {{\n\
                     \x20 bucket       = aws_s3_bucket.{name}.id\n\
                     \x20 key          = {}\n\
                     \x20 content      = {}\n{content_type}\
                     }}\n",
                    n + 1,
                    hcl::string(&object.key),
                    hcl::string(&object.body)
                );
            }
            Ok(())
        }
        Spec::EventBus { .. } => write!(
            out,
            "resource \"aws_cloudwatch_event_bus\" \"{name}\" {{\n  name = {aws_name}\n}}\n"
        ),
        Spec::Activity => write!(
            out,
            "resource \"aws_sfn_activity\" \"{name}\" {{\n  name = {aws_name}\n}}\n"
        ),
        Spec::StateMachine(_) => Ok(()),
    };
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_without_markers_need_no_inventory() {
        let refs = crate::reference::Refs::default();
        let expr = |_| super::Expr::Bare(String::new());
        let text = super::hcl::value(&serde_json::json!({"Version": "2012-10-17"}), 0, &refs, &expr);
        assert_eq!(text, "{\n  \"Version\" = \"2012-10-17\"\n}");
    }
}
