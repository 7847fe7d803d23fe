//! What an export creates and why, in words: the header of every form (a comment, or a
//! template's Description and Metadata).

use crate::policy;
use crate::reference::{Attribute, Reference};
use crate::resources::{Inventory, KeySource, Kind, Resource, Spec, Use};
use crate::stub;
use crate::Options;

/// The lines of the header; the first one says what the export is.
pub(crate) fn lines(inventory: &Inventory, options: &Options) -> Vec<String> {
    let prefix = &options.name;
    let mut lines = vec![
        format!(
            "sfn-lab export: what the state machine {prefix} ({}) needs to run on AWS Step Functions.",
            options.workflow.as_aws()
        ),
        "It creates:".to_string(),
    ];
    let allowed = if inventory.statements.is_empty() {
        " (its states call no AWS service, so it is allowed nothing)"
    } else {
        "; it is allowed:"
    };
    lines.push(format!(
        "- the IAM role {prefix}-sfn-role, which Step Functions (states.amazonaws.com) assumes to run the state machine{allowed}"
    ));
    for statement in &inventory.statements {
        let on: Vec<String> = statement
            .resources
            .iter()
            .map(|r| readable(inventory, r))
            .collect();
        lines.push(format!(
            "    {} on {}",
            statement.actions.join(", "),
            on.join(", ")
        ));
    }
    if policy::has_functions(inventory) {
        lines.push(format!(
            "- the IAM role {prefix}-lambda-role for the stub functions, allowed CloudWatch Logs only"
        ));
    }
    for resource in inventory.resources() {
        lines.push(format!("- {}", describe(resource, prefix)));
        for used in &resource.uses {
            lines.push(format!("    used by {} ({})", label(used), used.call));
        }
        if resource.uses.is_empty() {
            lines.push("    declared by the scenario; no state uses it".into());
        }
    }
    lines.push(format!(
        "- the state machine {prefix} ({})",
        options.workflow.as_aws()
    ));
    if !inventory.notes().is_empty() {
        lines.push("Notes:".into());
        lines.extend(inventory.notes().iter().map(|n| format!("- {n}")));
    }
    lines
}

/// Which state uses a resource: `state "Store PDF"`, `state "Think" of the state machine Doubler`.
pub(crate) fn label(used: &Use) -> String {
    match &used.machine {
        Some(machine) => format!("state \"{}\" of the state machine {machine}", used.state),
        None => format!("state \"{}\"", used.state),
    }
}

fn describe(resource: &Resource, prefix: &str) -> String {
    let noun = resource.kind.noun();
    let name = &resource.name;
    let aws = format!("{prefix}-{}", resource.aws_name);
    match &resource.spec {
        Spec::Function { behaviour } => format!(
            "{noun} {name} as {aws}: a Node.js stub that {}",
            stub::describe(behaviour.as_ref())
        ),
        Spec::Queue { .. } | Spec::Topic { .. } => {
            let mut text = format!("{noun} {name} as {aws}");
            if resource.fifo() {
                text += &format!(" (FIFO{})", dedup(resource));
            }
            if let Spec::Topic { subscribers, .. } = &resource.spec {
                if !subscribers.is_empty() {
                    text += &format!(
                        ", without the scenario's subscribers ({}): subscribe your own",
                        subscribers.join(", ")
                    );
                }
            }
            text
        }
        Spec::Table {
            key,
            key_source,
            items,
        } => {
            let key: Vec<String> = key.iter().map(|k| format!("{} ({})", k.name, k.kind)).collect();
            let source = match key_source {
                KeySource::Scenario => "as the scenario declares",
                KeySource::Definition => "as a state's Key names it",
                KeySource::Default => "as nothing names its key",
            };
            format!(
                "{noun} {name} as {aws}, on demand, keyed by {} {source}{}",
                key.join(" and "),
                count(items.len(), "item")
            )
        }
        Spec::Bucket { objects } => format!(
            "{noun} {name} as {aws}-ACCOUNT_ID{}",
            count(objects.len(), "object")
        ),
        Spec::EventBus { default: true } => {
            "the account's default event bus (not created: it exists)".to_string()
        }
        Spec::Activity => format!("{noun} {name} as {aws} (no worker polls it: run your own)"),
        Spec::StateMachine(machine) if machine.stub => {
            format!("{noun} {name} as {aws}: a stub (one Pass state), since the scenario does not define it")
        }
        Spec::StateMachine(_) => format!("{noun} {name} as {aws}, as the scenario defines it"),
        _ => format!("{noun} {name} as {aws}"),
    }
}

fn dedup(resource: &Resource) -> &'static str {
    match resource.spec {
        Spec::Queue {
            content_based_deduplication: true,
        }
        | Spec::Topic {
            content_based_deduplication: true,
            ..
        } => ", content-based deduplication",
        _ => "",
    }
}

fn count(n: usize, what: &str) -> String {
    match n {
        0 => String::new(),
        1 => format!(", with 1 {what} from the scenario"),
        n => format!(", with {n} {what}s from the scenario"),
    }
}

/// A policy resource in words: `backup`, `backup:*`, `executions of Doubler`.
fn readable(inventory: &Inventory, text: &str) -> String {
    inventory
        .refs
        .render(text, str::to_string, |reference| match reference {
            Reference::Of(Kind::EventBus, name, _) if name == "default" => "the default event bus".into(),
            Reference::Of(kind, name, Attribute::Executions) => {
                format!("the executions of {} {name}", kind.noun())
            }
            Reference::Of(_, name, Attribute::MapRunExecutions) => format!("the map runs of {name}"),
            Reference::Of(kind, name, _) => format!("{} {name}", kind.noun()),
            Reference::Own(Attribute::Executions) => "this state machine's executions".into(),
            Reference::Own(Attribute::MapRunExecutions) => "its map runs".into(),
            Reference::Own(_) => "this state machine (its Distributed Map runs it)".into(),
            Reference::SyncRule => "the rule StepFunctionsGetEventsForStepFunctionsExecutionRule".into(),
        })
}
