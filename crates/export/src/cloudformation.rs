//! The CloudFormation form: a JSON template with the resources, the role, and the state
//! machine's `Definition` whose references to them are `DefinitionSubstitutions`.

use crate::names;
use crate::policy;
use crate::reference::{Attribute, Reference};
use crate::resources::{Inventory, Kind, Resource, Spec};
use crate::stub;
use crate::summary;
use crate::Options;
use serde_json::{json, Map, Value};

/// CloudFormation refuses a longer Description.
const MAX_DESCRIPTION: usize = 1024;

/// Writes the template.
pub(crate) fn render(inventory: &Inventory, options: &Options) -> String {
    let mut resources = Map::new();
    if policy::has_functions(inventory) {
        resources.insert(
            "LambdaRole".into(),
            json!({
                "Type": "AWS::IAM::Role",
                "Metadata": {"sfn-lab": "The role of the stub functions: CloudWatch Logs only."},
                "Properties": {
                    "RoleName": sub("${NamePrefix}-lambda-role"),
                    "AssumeRolePolicyDocument": policy::trust("lambda.amazonaws.com"),
                    "ManagedPolicyArns": [sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]
                }
            }),
        );
    }
    for resource in inventory.resources().filter(|r| r.created()) {
        resources.insert(logical_id(resource), resource_json(inventory, resource));
    }
    let mut role = json!({
        "RoleName": sub("${NamePrefix}-sfn-role"),
        "AssumeRolePolicyDocument": policy::trust("states.amazonaws.com")
    });
    if let Some(document) = policy::document(inventory) {
        role["Policies"] =
            json!([{"PolicyName": "resources", "PolicyDocument": intrinsics(inventory, &document)}]);
    }
    resources.insert(
        "StateMachineRole".into(),
        json!({
            "Type": "AWS::IAM::Role",
            "Metadata": {"sfn-lab": "The role Step Functions assumes to run the state machines: exactly what their states call."},
            "Properties": role
        }),
    );
    let mut machine = machine_properties(inventory, inventory.definition());
    machine.insert("StateMachineName".into(), json!({"Ref": "NamePrefix"}));
    machine.insert("StateMachineType".into(), json!(options.workflow.as_aws()));
    resources.insert(
        "StateMachine".into(),
        json!({"Type": "AWS::StepFunctions::StateMachine", "Properties": machine}),
    );
    let lines = summary::lines(inventory, options);
    let mut template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": description(inventory, options),
        "Metadata": {"sfn-lab": metadata(inventory, &lines)},
        "Parameters": {
            "NamePrefix": {
                "Type": "String",
                "Default": options.name,
                "AllowedPattern": format!("^[a-z][a-z0-9-]{{0,{}}}$", names::MAX_PREFIX - 1),
                "MaxLength": names::MAX_PREFIX,
                "Description": "The state machine's name, and the start of every other name (S3 buckets included, so lowercase)"
            }
        },
        "Resources": resources,
        "Outputs": outputs(inventory, options)
    });
    if let Some(map) = template.as_object_mut() {
        map.retain(|_, v| !v.is_null());
    }
    serde_json::to_string_pretty(&template).unwrap_or_default() + "\n"
}

fn sub(text: &str) -> Value {
    json!({"Fn::Sub": text})
}

/// `FunctionBackup`, `QueueOrdersFifo`, `ChildStateMachineDoubler`.
fn logical_id(resource: &Resource) -> String {
    let words: Vec<String> = resource
        .kind
        .words()
        .iter()
        .map(|w| w.to_string())
        .chain(resource.words.iter().cloned())
        .collect();
    names::camel(&words)
}

/// A reference as text inside an `Fn::Sub`.
fn sub_text(inventory: &Inventory, reference: &Reference) -> String {
    let arn = |what: &str| format!("arn:${{AWS::Partition}}:{what}");
    let states = |what: &str| arn(&format!("states:${{AWS::Region}}:${{AWS::AccountId}}:{what}"));
    match reference {
        Reference::Of(kind, name, attribute) => {
            let Some(resource) = inventory.resource(*kind, name) else {
                return String::new();
            };
            let id = logical_id(resource);
            let machine = format!("${{NamePrefix}}-{}", resource.aws_name);
            match (&resource.spec, attribute) {
                (Spec::EventBus { default: true }, Attribute::Name) => "default".into(),
                (Spec::EventBus { default: true }, _) => {
                    arn("events:${AWS::Region}:${AWS::AccountId}:event-bus/default")
                }
                (Spec::StateMachine(_), Attribute::Executions) => states(&format!("execution:{machine}:*")),
                (Spec::StateMachine(_), Attribute::MapRunExecutions) => states(&format!("execution:{machine}/*")),
                (Spec::StateMachine(_), Attribute::Name) => machine,
                // Built from the name, not taken from the resource: machines may refer to each
                // other (or be allowed on themselves) without a circular dependency.
                (Spec::StateMachine(_), _) => states(&format!("stateMachine:{machine}")),
                (Spec::Queue { .. }, Attribute::Url)
                | (Spec::Topic { .. } | Spec::Activity, Attribute::Arn)
                | (Spec::Function { .. } | Spec::Table { .. } | Spec::Bucket { .. }, Attribute::Name) => {
                    format!("${{{id}}}")
                }
                (Spec::Queue { .. }, Attribute::Name) => format!("${{{id}.QueueName}}"),
                (Spec::Topic { .. }, Attribute::Name) => format!("${{{id}.TopicName}}"),
                (_, Attribute::Name) => format!("${{{id}.Name}}"),
                _ => format!("${{{id}.Arn}}"),
            }
        }
        Reference::Own(Attribute::Executions) => states("execution:${NamePrefix}:*"),
        Reference::Own(Attribute::MapRunExecutions) => states("execution:${NamePrefix}/*"),
        Reference::Own(Attribute::Name) => "${NamePrefix}".into(),
        Reference::Own(_) => states("stateMachine:${NamePrefix}"),
        Reference::SyncRule => {
            arn("events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule")
        }
    }
}

/// The intrinsic function a `Fn::Sub` text stands for: `Ref` or `Fn::GetAtt` when it is one
/// variable, else the `Fn::Sub` itself.
fn intrinsic(text: &str) -> Value {
    let variable = text
        .strip_prefix("${")
        .and_then(|t| t.strip_suffix('}'))
        .filter(|v| !v.contains(['$', '{', '}', ':']));
    match variable.map(|v| v.split_once('.')) {
        Some(Some((id, attribute))) => json!({"Fn::GetAtt": [id, attribute]}),
        Some(None) => json!({"Ref": variable}),
        None => sub(text),
    }
}

/// A document with markers, its marked strings made intrinsic functions.
fn intrinsics(inventory: &Inventory, value: &Value) -> Value {
    match value {
        Value::String(text) => {
            let mut marked = false;
            let sub = inventory.refs.render(
                text,
                // `${!` is how Fn::Sub writes a literal `${`.
                |literal| literal.replace("${", "${!"),
                |reference| {
                    marked = true;
                    sub_text(inventory, reference)
                },
            );
            if marked {
                intrinsic(&sub)
            } else {
                value.clone()
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| intrinsics(inventory, v)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), intrinsics(inventory, v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A definition's `Definition` and `DefinitionSubstitutions`, and the role.
fn machine_properties(inventory: &Inventory, definition: &Value) -> Map<String, Value> {
    let mut substitutions = Map::new();
    let definition = substitute(inventory, definition, &mut substitutions);
    let mut properties = Map::new();
    properties.insert(
        "RoleArn".into(),
        json!({"Fn::GetAtt": ["StateMachineRole", "Arn"]}),
    );
    properties.insert("Definition".into(), definition);
    if !substitutions.is_empty() {
        properties.insert("DefinitionSubstitutions".into(), Value::Object(substitutions));
    }
    properties
}

fn substitute(inventory: &Inventory, value: &Value, substitutions: &mut Map<String, Value>) -> Value {
    match value {
        Value::String(text) => Value::String(inventory.refs.render(text, str::to_string, |reference| {
            let key = substitution_key(inventory, reference);
            substitutions
                .entry(key.clone())
                .or_insert_with(|| intrinsic(&sub_text(inventory, reference)));
            format!("${{{key}}}")
        })),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute(inventory, v, substitutions))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(inventory, v, substitutions)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn substitution_key(inventory: &Inventory, reference: &Reference) -> String {
    match reference {
        Reference::Of(kind, name, attribute) => inventory
            .resource(*kind, name)
            .map(|r| names::camel(&r.ident_words(*attribute)))
            .unwrap_or_default(),
        Reference::Own(attribute) => names::camel(&["own".into(), attribute.word().into()]),
        Reference::SyncRule => "SyncRuleArn".into(),
    }
}

fn resource_json(inventory: &Inventory, resource: &Resource) -> Value {
    let name = sub(&format!("${{NamePrefix}}-{}", resource.aws_name));
    let (kind, properties) = match &resource.spec {
        Spec::Function { behaviour } => (
            "AWS::Lambda::Function",
            json!({
                "FunctionName": name,
                "Runtime": stub::RUNTIME,
                "Handler": stub::HANDLER,
                "Role": {"Fn::GetAtt": ["LambdaRole", "Arn"]},
                "Code": {"ZipFile": stub::handler(&resource.name, behaviour.as_ref())}
            }),
        ),
        Spec::Queue {
            content_based_deduplication,
        } => {
            let mut properties = json!({"QueueName": name});
            if resource.fifo() {
                properties["FifoQueue"] = json!(true);
                properties["ContentBasedDeduplication"] = json!(content_based_deduplication);
            }
            ("AWS::SQS::Queue", properties)
        }
        Spec::Topic {
            content_based_deduplication,
            ..
        } => {
            let mut properties = json!({"TopicName": name});
            if resource.fifo() {
                properties["FifoTopic"] = json!(true);
                properties["ContentBasedDeduplication"] = json!(content_based_deduplication);
            }
            ("AWS::SNS::Topic", properties)
        }
        Spec::Table { key, .. } => (
            "AWS::DynamoDB::Table",
            json!({
                "TableName": name,
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": key.iter().map(|k| json!({"AttributeName": k.name, "AttributeType": k.kind})).collect::<Vec<_>>(),
                "KeySchema": key.iter().zip(["HASH", "RANGE"]).map(|(k, role)| json!({"AttributeName": k.name, "KeyType": role})).collect::<Vec<_>>()
            }),
        ),
        Spec::Bucket { .. } => (
            "AWS::S3::Bucket",
            // Bucket names are global, hence the account id.
            json!({"BucketName": sub(&format!("${{NamePrefix}}-{}-${{AWS::AccountId}}", resource.aws_name))}),
        ),
        Spec::EventBus { .. } => ("AWS::Events::EventBus", json!({"Name": name})),
        Spec::Activity => ("AWS::StepFunctions::Activity", json!({"Name": name})),
        Spec::StateMachine(machine) => {
            let mut properties = machine_properties(inventory, &machine.definition);
            properties.insert("StateMachineName".into(), name);
            properties.insert("StateMachineType".into(), json!("STANDARD"));
            ("AWS::StepFunctions::StateMachine", Value::Object(properties))
        }
    };
    let mut used: Vec<String> = resource
        .uses
        .iter()
        .map(|u| format!("{} ({})", summary::label(u), u.call))
        .collect();
    if used.is_empty() {
        used.push("declared by the scenario; no state uses it".into());
    }
    let mut resource_json = json!({
        "Type": kind,
        "Metadata": {"sfn-lab": {"name": resource.name, "usedBy": used}},
        "Properties": properties
    });
    if matches!(resource.kind, Kind::Queue | Kind::Table | Kind::Bucket) {
        // Said, not left to the default: deleting a lab's stack deletes what it held.
        resource_json["DeletionPolicy"] = json!("Delete");
        resource_json["UpdateReplacePolicy"] = json!("Delete");
    }
    resource_json
}

/// The first line of the summary and what it creates, cut to what CloudFormation accepts.
fn description(inventory: &Inventory, options: &Options) -> String {
    let created: Vec<String> = inventory
        .resources()
        .filter(|r| r.created())
        .map(|r| format!("{} {}", r.kind.noun(), names::one_line(&r.name)))
        .collect();
    let text = format!(
        "sfn-lab export: the state machine {} ({}), its IAM role{}{}. See Metadata for which state uses what.",
        options.name,
        options.workflow.as_aws(),
        if created.is_empty() { "" } else { ", and stubs of: " },
        created.join(", ")
    );
    let mut cut = text;
    while cut.len() > MAX_DESCRIPTION {
        cut.pop();
    }
    cut
}

fn metadata(inventory: &Inventory, lines: &[String]) -> Value {
    let items: usize = inventory
        .resources()
        .map(|r| match &r.spec {
            Spec::Table { items, .. } => items.len(),
            _ => 0,
        })
        .sum();
    let objects: usize = inventory
        .resources()
        .map(|r| match &r.spec {
            Spec::Bucket { objects } => objects.len(),
            _ => 0,
        })
        .sum();
    let mut metadata = json!({
        "summary": lines,
        // The roles have names, which CloudFormation wants acknowledged.
        "deploy": "aws cloudformation deploy --template-file template.json --stack-name NAME \
                   --capabilities CAPABILITY_NAMED_IAM [--parameter-overrides NamePrefix=PREFIX]"
    });
    if items + objects > 0 {
        metadata["seedData"] = json!(format!(
            "The scenario starts with {items} table item(s) and {objects} S3 object(s), which a template \
             cannot create: the aws-cli and terraform forms of this export put them"
        ));
    }
    metadata
}

fn outputs(inventory: &Inventory, options: &Options) -> Value {
    let input = options.input.clone().unwrap_or_else(|| json!({}));
    let command = match options.workflow {
        crate::WorkflowType::Standard => "start-execution",
        crate::WorkflowType::Express => "start-sync-execution",
    };
    let start = format!(
        "aws stepfunctions {command} --state-machine-arn ${{StateMachine}} --input '{}'",
        input.to_string().replace('\'', r"'\''").replace("${", "${!")
    );
    let mut outputs = Map::new();
    outputs.insert(
        "StateMachineArn".into(),
        json!({"Description": "The state machine", "Value": {"Ref": "StateMachine"}}),
    );
    outputs.insert(
        "StartExecution".into(),
        json!({"Description": "How to start an execution", "Value": sub(&start)}),
    );
    for resource in inventory.resources().filter(|r| r.created()) {
        let attribute = if resource.kind == Kind::Queue {
            Attribute::Url
        } else {
            Attribute::Arn
        };
        let reference = Reference::Of(resource.kind, resource.name.clone(), attribute);
        outputs.insert(
            names::camel(&resource.ident_words(attribute)),
            json!({
                "Description": format!("{} {}", resource.kind.noun(), names::one_line(&resource.name)),
                "Value": intrinsic(&sub_text(inventory, &reference))
            }),
        );
    }
    Value::Object(outputs)
}
