//! The state machine role's policy: exactly the actions its states use, each on the resources
//! it uses them on, as the Step Functions console would generate it.

use crate::reference::{Attribute, Reference};
use crate::resources::{Access, Inventory, Kind, Spec};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// One `Allow` statement; resources are markers (with suffixes such as `:*` or `/*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement {
    pub actions: Vec<String>,
    pub resources: Vec<String>,
}

/// The statements of the role's policy, those with the same actions merged.
pub(crate) fn statements(inventory: &mut Inventory) -> Vec<Statement> {
    let mut grants: Vec<(Vec<&str>, Vec<String>)> = Vec::new();
    let mut owned: Vec<(BTreeSet<String>, Vec<String>)> = Vec::new();
    let mut sync = false;
    let refs = &mut inventory.refs;
    for resource in inventory.resources.values() {
        let mut own = BTreeSet::new();
        let mut objects = BTreeSet::new();
        let (mut invoke, mut start, mut wait) = (false, false, false);
        for access in resource.uses.iter().flat_map(|u| &u.access) {
            match access {
                Access::Invoke => invoke = true,
                Access::Action(action) => {
                    own.insert(action.clone());
                }
                Access::ObjectAction(action) => {
                    objects.insert(action.clone());
                }
                Access::StartExecution { sync } => {
                    start = true;
                    wait |= *sync;
                }
            }
        }
        let mut marker =
            |attribute| refs.marker(Reference::Of(resource.kind, resource.name.clone(), attribute));
        let arn = marker(Attribute::Arn);
        if invoke {
            // `:*` too: a state may call a version or an alias of the function.
            grants.push((
                vec!["lambda:InvokeFunction"],
                vec![arn.clone(), format!("{arn}:*")],
            ));
        }
        if !own.is_empty() {
            owned.push((own, vec![arn.clone()]));
        }
        if !objects.is_empty() {
            owned.push((objects, vec![format!("{arn}/*")]));
        }
        if start {
            grants.push((vec!["states:StartExecution"], vec![arn.clone()]));
        }
        if wait {
            // `.sync` watches the child execution, and learns that it ended through an EventBridge rule.
            grants.push((
                vec!["states:DescribeExecution", "states:StopExecution"],
                vec![marker(Attribute::Executions)],
            ));
            sync = true;
        }
        if let Spec::StateMachine(machine) = &resource.spec {
            if !machine.map_runs.is_empty() {
                let runs = [marker(Attribute::Executions), marker(Attribute::MapRunExecutions)];
                grants.extend(map_run_grants(arn, runs));
            }
        }
    }
    if inventory.main.as_ref().is_some_and(|m| !m.map_runs.is_empty()) {
        let mut own = |attribute| refs.marker(Reference::Own(attribute));
        let runs = [own(Attribute::Executions), own(Attribute::MapRunExecutions)];
        grants.extend(map_run_grants(own(Attribute::Arn), runs));
    }
    if sync {
        grants.push((
            vec!["events:DescribeRule", "events:PutRule", "events:PutTargets"],
            vec![refs.marker(Reference::SyncRule)],
        ));
    }
    let all = grants
        .into_iter()
        .map(|(actions, resources)| (actions.into_iter().map(str::to_string).collect(), resources))
        .chain(owned);
    let mut statements: Vec<Statement> = Vec::new();
    for (actions, resources) in all {
        let actions: Vec<String> = BTreeSet::into_iter(actions).collect();
        match statements.iter_mut().find(|s| s.actions == actions) {
            Some(statement) => {
                for resource in resources {
                    if !statement.resources.contains(&resource) {
                        statement.resources.push(resource);
                    }
                }
            }
            None => statements.push(Statement { actions, resources }),
        }
    }
    statements
}

/// A Distributed Map runs its iterations as child executions of its own state machine.
fn map_run_grants(machine: String, executions: [String; 2]) -> [(Vec<&'static str>, Vec<String>); 2] {
    [
        (vec!["states:StartExecution"], vec![machine]),
        (
            vec!["states:DescribeExecution", "states:StopExecution"],
            executions.to_vec(),
        ),
    ]
}

/// The policy document, markers in place of ARNs; `None` when the role needs nothing.
pub(crate) fn document(inventory: &Inventory) -> Option<Value> {
    if inventory.statements.is_empty() {
        // IAM refuses a policy without statements.
        return None;
    }
    let statements: Vec<Value> = inventory
        .statements
        .iter()
        .map(|s| json!({"Effect": "Allow", "Action": s.actions, "Resource": s.resources}))
        .collect();
    Some(json!({"Version": "2012-10-17", "Statement": statements}))
}

/// The trust policy that lets `service` assume a role.
pub(crate) fn trust(service: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]
    })
}

/// Whether any created resource is a Lambda function (which then needs a role of its own).
pub(crate) fn has_functions(inventory: &Inventory) -> bool {
    inventory.resources.values().any(|r| r.kind == Kind::Function)
}
