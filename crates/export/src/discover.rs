//! Finding what a definition uses: every Task's resource and the resources in its arguments
//! (JSONPath `Parameters` or JSONata `Arguments`), in Parallel branches and Map processors,
//! Distributed Maps' item readers and result writers. Each reference becomes a marker in the
//! definition, so that each form can put the created resource's ARN, URL or name there.

use crate::names;
use crate::reference::{Attribute, Reference};
use crate::resources::{Access, Inventory, KeyAttribute, KeySource, Kind, Spec, Use};
use serde_json::{json, Value};

/// Checks that a definition is shaped as a state machine.
pub(crate) fn check_machine(definition: &Value) -> Result<(), String> {
    let Some(map) = definition.as_object() else {
        return Err("it must be a JSON object with StartAt and States".into());
    };
    match map.get("States") {
        Some(Value::Object(_)) => Ok(()),
        Some(_) => Err("States must be an object of states by name".into()),
        None => Err("it has no States".into()),
    }
}

/// The definition of a state machine that no scenario declares: one Pass state.
pub(crate) fn stub_machine(name: &str) -> Value {
    json!({
        "Comment": format!("A stub of the state machine {name}, which the scenario does not define: it returns its input"),
        "StartAt": "Stub",
        "States": {"Stub": {"Type": "Pass", "End": true}}
    })
}

/// Where a walk is: the machine (`None` for the exported one) and the Distributed Maps found.
struct Walk<'a> {
    machine: Option<&'a str>,
    map_runs: Vec<String>,
}

impl Walk<'_> {
    fn label(&self, state: &str) -> String {
        match self.machine {
            Some(machine) => format!(
                "state \"{}\" of the state machine {machine}",
                names::one_line(state)
            ),
            None => format!("state \"{}\"", names::one_line(state)),
        }
    }
}

/// Walks a machine's states, records what they use, and puts markers in `definition`.
/// Returns the Distributed Map states.
pub(crate) fn walk_machine(
    inventory: &mut Inventory,
    definition: &mut Value,
    machine: Option<&str>,
) -> Vec<String> {
    let mut walk = Walk {
        machine,
        map_runs: Vec::new(),
    };
    walk_states(inventory, definition.get_mut("States"), "", &mut walk);
    walk.map_runs
}

fn walk_states(inventory: &mut Inventory, states: Option<&mut Value>, path: &str, walk: &mut Walk<'_>) {
    let Some(Value::Object(states)) = states else {
        return;
    };
    for (name, state) in states.iter_mut() {
        let path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} > {name}")
        };
        match state.get("Type").and_then(Value::as_str) {
            Some("Task") => task(inventory, state, &path, walk),
            Some("Parallel") => {
                if let Some(Value::Array(branches)) = state.get_mut("Branches") {
                    for branch in branches {
                        walk_states(inventory, branch.get_mut("States"), &path, walk);
                    }
                }
            }
            Some("Map") => map(inventory, state, &path, walk),
            _ => {}
        }
    }
}

fn map(inventory: &mut Inventory, state: &mut Value, path: &str, walk: &mut Walk<'_>) {
    // `Iterator` is the older name of `ItemProcessor`.
    let processor = if state.get("ItemProcessor").is_some() {
        "ItemProcessor"
    } else {
        "Iterator"
    };
    let mode = state
        .get(processor)
        .and_then(|p| p.pointer("/ProcessorConfig/Mode"));
    if mode.and_then(Value::as_str) == Some("DISTRIBUTED") {
        walk.map_runs.push(path.to_string());
    }
    for field in ["ItemReader", "ResultWriter"] {
        if let Some(config) = state.get_mut(field) {
            reader_or_writer(inventory, config, field, path, walk);
        }
    }
    walk_states(
        inventory,
        state.get_mut(processor).and_then(|p| p.get_mut("States")),
        path,
        walk,
    );
}

/// A Distributed Map's ItemReader or ResultWriter: S3 objects it reads or writes.
fn reader_or_writer(inventory: &mut Inventory, config: &mut Value, field: &str, path: &str, walk: &Walk<'_>) {
    let Some(resource) = config.get("Resource").and_then(Value::as_str) else {
        return;
    };
    let Some(action) = resource.strip_prefix("arn:aws:states:::s3:").map(str::to_string) else {
        return;
    };
    let access = match (field, action.as_str()) {
        // Writing results takes a multipart upload, which may have to be listed or aborted.
        ("ResultWriter", _) => [
            "s3:PutObject",
            "s3:GetObject",
            "s3:ListMultipartUploadParts",
            "s3:AbortMultipartUpload",
        ]
        .map(|a| Access::ObjectAction(a.into()))
        .to_vec(),
        _ => vec![s3_access(&action)],
    };
    let call = format!("{field} s3:{action}");
    let args = arguments(config);
    refer(
        inventory,
        args,
        "Bucket",
        Kind::Bucket,
        bucket,
        path,
        walk,
        &call,
        access,
    );
}

/// The arguments of a task: JSONata `Arguments` or JSONPath `Parameters`.
fn arguments(holder: &mut Value) -> Option<&mut Value> {
    let key = if holder.get("Arguments").is_some() {
        "Arguments"
    } else {
        "Parameters"
    };
    holder.get_mut(key)
}

/// The integration pattern a resource ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pattern {
    RequestResponse,
    Sync,
    WaitForTaskToken,
}

fn split_pattern(resource: &str) -> (&str, Pattern) {
    for (suffix, pattern) in [
        (".sync:2", Pattern::Sync),
        (".sync", Pattern::Sync),
        (".waitForTaskToken", Pattern::WaitForTaskToken),
    ] {
        if let Some(base) = resource.strip_suffix(suffix) {
            return (base, pattern);
        }
    }
    (resource, Pattern::RequestResponse)
}

fn task(inventory: &mut Inventory, state: &mut Value, path: &str, walk: &mut Walk<'_>) {
    let Some(resource) = state.get("Resource").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    let (base, pattern) = split_pattern(&resource);
    if walk.machine.is_none() && pattern != Pattern::RequestResponse {
        inventory.express_problems.push(format!(
            "{} uses {resource}: Express workflows support neither .sync nor .waitForTaskToken",
            walk.label(path)
        ));
    }
    let parts: Vec<&str> = base.split(':').collect();
    let is = |at: usize, text: &str| parts.get(at) == Some(&text);
    if parts.len() >= 7 && is(0, "arn") && is(2, "states") && is(3, "") && is(4, "") {
        let (service, action) = if is(5, "aws-sdk") {
            (
                format!("aws-sdk:{}", parts[6]),
                parts.get(7).copied().unwrap_or_default(),
            )
        } else {
            (parts[5].to_string(), parts[6])
        };
        let call = resource.trim_start_matches(&format!("arn:{}:states:::", parts[1]));
        integration(inventory, state, &service, action, pattern, call, path, walk);
    } else if parts.len() >= 7 && is(0, "arn") && is(2, "lambda") && is(5, "function") {
        if let Some((name, qualifier)) = names::function(base) {
            let marker = inventory.marker(Reference::Of(Kind::Function, name.clone(), Attribute::Arn));
            let suffix = qualifier.map(|q| format!(":{q}")).unwrap_or_default();
            qualifier_note(inventory, &name, &suffix, path, walk);
            state["Resource"] = Value::String(marker + &suffix);
            add_use(
                inventory,
                Kind::Function,
                &name,
                path,
                walk,
                "invoked by its ARN",
                vec![Access::Invoke],
            );
        }
    } else if parts.len() >= 7 && is(0, "arn") && is(2, "states") && is(5, "activity") {
        let name = parts[6].to_string();
        let marker = inventory.marker(Reference::Of(Kind::Activity, name.clone(), Attribute::Arn));
        state["Resource"] = Value::String(marker);
        add_use(
            inventory,
            Kind::Activity,
            &name,
            path,
            walk,
            "activity",
            Vec::new(),
        );
        if walk.machine.is_none() {
            inventory.express_problems.push(format!(
                "{} is an activity task: Express workflows do not support activities",
                walk.label(path)
            ));
        }
    } else {
        let note = format!(
            "{} calls {resource}: the export creates nothing for it and does not allow the role to call it",
            walk.label(path)
        );
        inventory.notes.push(note);
    }
}

#[allow(clippy::too_many_arguments)]
fn integration(
    inventory: &mut Inventory,
    state: &mut Value,
    service: &str,
    action: &str,
    pattern: Pattern,
    call: &str,
    path: &str,
    walk: &Walk<'_>,
) {
    let family = service.strip_prefix("aws-sdk:").unwrap_or(service);
    let args = arguments(state);
    match (family, action) {
        ("lambda", "invoke") => {
            let access = vec![Access::Invoke];
            refer(
                inventory,
                args,
                "FunctionName",
                Kind::Function,
                function,
                path,
                walk,
                call,
                access,
            );
        }
        ("sqs", _) => {
            let access = vec![Access::Action(format!("sqs:{}", iam_action(family, action)))];
            refer(
                inventory,
                args,
                "QueueUrl",
                Kind::Queue,
                queue,
                path,
                walk,
                call,
                access,
            );
        }
        ("sns", _) => {
            let access = vec![Access::Action(format!("sns:{}", iam_action(family, action)))];
            refer(
                inventory,
                args,
                "TopicArn",
                Kind::Topic,
                topic,
                path,
                walk,
                call,
                access,
            );
        }
        ("dynamodb", _) => {
            let key = args.as_ref().and_then(|a| a.get("Key")).and_then(key_schema);
            let access = vec![Access::Action(format!("dynamodb:{}", iam_action(family, action)))];
            let name = refer(
                inventory,
                args,
                "TableName",
                Kind::Table,
                table,
                path,
                walk,
                call,
                access,
            );
            if let (Some(name), Some(key)) = (name, key) {
                if let Spec::Table {
                    key: schema,
                    key_source,
                    ..
                } = &mut inventory.entry(Kind::Table, &name).spec
                {
                    if *key_source == KeySource::Default {
                        *schema = key;
                        *key_source = KeySource::Definition;
                    }
                }
            }
        }
        ("s3", _) => {
            refer(
                inventory,
                args,
                "Bucket",
                Kind::Bucket,
                bucket,
                path,
                walk,
                call,
                vec![s3_access(action)],
            );
        }
        ("events" | "eventbridge", "putEvents") => put_events(inventory, args, path, walk, call),
        ("states" | "sfn", "startExecution") => {
            let access = vec![Access::StartExecution {
                sync: pattern == Pattern::Sync,
            }];
            refer(
                inventory,
                args,
                "StateMachineArn",
                Kind::StateMachine,
                machine,
                path,
                walk,
                call,
                access,
            );
        }
        _ => inventory.notes.push(format!(
            "{} calls {call}: the export creates nothing for it and does not allow the role to call it",
            walk.label(path)
        )),
    }
}

/// The IAM action of an API action: `sendMessage` → `SendMessage`; batches need the single action.
fn iam_action(family: &str, action: &str) -> String {
    match (family, action) {
        ("sqs", "sendMessageBatch") => "SendMessage".into(),
        ("sns", "publishBatch") => "Publish".into(),
        _ => capitalized(action),
    }
}

fn capitalized(action: &str) -> String {
    let mut chars = action.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// What an S3 API action needs: listing is an action on the bucket, the rest on its objects.
fn s3_access(action: &str) -> Access {
    match action {
        "listObjectsV2" | "listObjects" => Access::Action("s3:ListBucket".into()),
        "headObject" => Access::ObjectAction("s3:GetObject".into()),
        other if other.contains("Object") || other.contains("Multipart") => {
            Access::ObjectAction(format!("s3:{}", capitalized(other)))
        }
        other => Access::Action(format!("s3:{}", capitalized(other))),
    }
}

/// A table's key schema from a `Key` argument: `{"orderId": {"S.$": "$.id"}}` → `orderId` (S).
fn key_schema(key: &Value) -> Option<Vec<KeyAttribute>> {
    let map = key.as_object()?;
    let schema: Vec<KeyAttribute> = map
        .iter()
        .filter_map(|(name, value)| {
            let kind = value
                .as_object()?
                .keys()
                .next()?
                .trim_end_matches(".$")
                .to_string();
            ["S", "N", "B"].contains(&kind.as_str()).then(|| KeyAttribute {
                name: name.clone(),
                kind,
            })
        })
        .collect();
    (!schema.is_empty() && schema.len() == map.len() && schema.len() <= 2).then_some(schema)
}

/// How a reference was written: the resource's name, which identifier it is, and what follows it.
type Parsed = Option<(String, Attribute, String)>;

fn function(text: &str) -> Parsed {
    let (name, qualifier) = names::function(text)?;
    Some((
        name,
        Attribute::Arn,
        qualifier.map(|q| format!(":{q}")).unwrap_or_default(),
    ))
}

fn queue(text: &str) -> Parsed {
    Some((names::queue(text)?, Attribute::Url, String::new()))
}

fn topic(text: &str) -> Parsed {
    Some((names::after_last_colon(text)?, Attribute::Arn, String::new()))
}

fn table(text: &str) -> Parsed {
    let attribute = if text.starts_with("arn:") {
        Attribute::Arn
    } else {
        Attribute::Name
    };
    Some((names::after_slash(text, ":table/")?, attribute, String::new()))
}

fn bucket(text: &str) -> Parsed {
    (!text.is_empty()).then(|| (text.to_string(), Attribute::Name, String::new()))
}

fn machine(text: &str) -> Parsed {
    let (name, rest) = names::states_arn(text, "stateMachine")?;
    Some((name, Attribute::Arn, rest))
}

/// A field of a task's arguments.
enum Field<'a> {
    /// Written in the definition: the string, to be replaced.
    Static(&'a mut Value),
    /// Chosen at run time: a JSONPath `Field.$` or a JSONata expression.
    Dynamic,
    Missing,
}

fn is_jsonata(value: &Value) -> bool {
    value.as_str().is_some_and(|s| {
        let s = s.trim();
        s.starts_with("{%") && s.ends_with("%}")
    })
}

fn field<'a>(args: Option<&'a mut Value>, name: &str) -> Field<'a> {
    let Some(args) = args else {
        return Field::Missing;
    };
    if is_jsonata(args) {
        return Field::Dynamic;
    }
    let Some(map) = args.as_object_mut() else {
        return Field::Missing;
    };
    if map.contains_key(&format!("{name}.$")) {
        return Field::Dynamic;
    }
    match map.get_mut(name) {
        Some(value) if is_jsonata(value) => Field::Dynamic,
        Some(value @ Value::String(_)) => Field::Static(value),
        Some(_) => Field::Dynamic,
        None => Field::Missing,
    }
}

/// Records a state's use of the resource its `name` argument names and puts a marker there;
/// notes it when the argument is chosen at run time or missing. Returns the resource's name.
#[allow(clippy::too_many_arguments)]
fn refer(
    inventory: &mut Inventory,
    args: Option<&mut Value>,
    name: &str,
    kind: Kind,
    parse: fn(&str) -> Parsed,
    path: &str,
    walk: &Walk<'_>,
    call: &str,
    access: Vec<Access>,
) -> Option<String> {
    match field(args, name) {
        Field::Static(value) => {
            let text = value.as_str().unwrap_or_default().to_string();
            match parse(&text) {
                Some((resource, attribute, suffix)) => {
                    if kind == Kind::Function {
                        qualifier_note(inventory, &resource, &suffix, path, walk);
                    }
                    let marker = inventory.marker(Reference::Of(kind, resource.clone(), attribute));
                    *value = Value::String(marker + &suffix);
                    add_use(inventory, kind, &resource, path, walk, call, access);
                    Some(resource)
                }
                None => {
                    let note = format!(
                        "{} calls {call} with {name} '{}', which names no {}: nothing is created for it",
                        walk.label(path),
                        names::one_line(&text),
                        kind.noun()
                    );
                    inventory.notes.push(note);
                    None
                }
            }
        }
        Field::Dynamic => {
            let note = format!(
                "{} calls {call} with a {name} chosen at run time: the role is not allowed it; \
                 add the {} it will name to the policy",
                walk.label(path),
                kind.noun()
            );
            inventory.notes.push(note);
            None
        }
        Field::Missing => {
            let note = format!(
                "{} calls {call} without {name}: nothing is created for it",
                walk.label(path)
            );
            inventory.notes.push(note);
            None
        }
    }
}

/// `events:putEvents`: every entry's event bus, the default one when it names none.
fn put_events(inventory: &mut Inventory, args: Option<&mut Value>, path: &str, walk: &Walk<'_>, call: &str) {
    let access = || vec![Access::Action("events:PutEvents".into())];
    let entries = match args {
        Some(args) if !is_jsonata(args) && args.get("Entries.$").is_none() => args.get_mut("Entries"),
        _ => None,
    };
    let Some(Value::Array(entries)) = entries else {
        let note = format!(
            "{} calls {call} with entries chosen at run time: the role is allowed the default event bus only",
            walk.label(path)
        );
        inventory.notes.push(note);
        add_use(inventory, Kind::EventBus, "default", path, walk, call, access());
        return;
    };
    for entry in entries {
        match field(Some(entry), "EventBusName") {
            Field::Static(value) => {
                let text = value.as_str().unwrap_or_default().to_string();
                let Some(name) = names::after_slash(&text, ":event-bus/") else {
                    continue;
                };
                if name != "default" {
                    let attribute = if text.starts_with("arn:") {
                        Attribute::Arn
                    } else {
                        Attribute::Name
                    };
                    *value = Value::String(inventory.marker(Reference::Of(
                        Kind::EventBus,
                        name.clone(),
                        attribute,
                    )));
                }
                add_use(inventory, Kind::EventBus, &name, path, walk, call, access());
            }
            Field::Missing => add_use(inventory, Kind::EventBus, "default", path, walk, call, access()),
            Field::Dynamic => {
                let note = format!(
                    "{} calls {call} with an EventBusName chosen at run time: the role is not allowed it; \
                     add the event bus it will name to the policy",
                    walk.label(path)
                );
                inventory.notes.push(note);
            }
        }
    }
}

/// A state that calls a version or an alias: the stub has only `$LATEST`.
fn qualifier_note(inventory: &mut Inventory, function: &str, suffix: &str, path: &str, walk: &Walk<'_>) {
    if !suffix.is_empty() && suffix != ":$LATEST" {
        let note = format!(
            "{} calls the function {function} as {}: the stub has no such version or alias; publish one, \
             or drop it from the definition",
            walk.label(path),
            suffix.trim_start_matches(':')
        );
        inventory.notes.push(note);
    }
}

fn add_use(
    inventory: &mut Inventory,
    kind: Kind,
    name: &str,
    path: &str,
    walk: &Walk<'_>,
    call: &str,
    access: Vec<Access>,
) {
    let entry = inventory.entry(kind, name);
    entry.uses.push(Use {
        machine: walk.machine.map(str::to_string),
        state: path.to_string(),
        call: call.to_string(),
        access,
    });
}
