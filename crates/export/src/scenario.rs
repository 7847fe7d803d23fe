//! What a lab scenario declares (see `asl::scenario`): its simulated functions with their
//! behaviours, queues, topics, tables with their keys and items, buckets with their objects,
//! event buses, activities and other state machines. Read leniently: the lab checks scenarios
//! in full; here only a section of the wrong shape is an error.

use crate::discover;
use crate::error::ExportError;
use crate::resources::{Inventory, KeyAttribute, KeySource, Kind, Machine, S3Object, Spec};
use serde_json::{Map, Value};

/// Adds every resource `scenario` declares to the inventory.
pub(crate) fn declare(inventory: &mut Inventory, scenario: &Value) -> Result<(), ExportError> {
    let scenario = object(scenario, "the scenario")?;
    let empty = Map::new();
    let services = match scenario.get("services") {
        Some(services) => object(services, "services")?,
        None => &empty,
    };
    let section = |service: &str, field: &str| -> Result<Vec<(String, Value)>, ExportError> {
        let Some(section) = services.get(service) else {
            return Ok(Vec::new());
        };
        let Some(entries) = object(section, &format!("services.{service}"))?.get(field) else {
            return Ok(Vec::new());
        };
        let entries = object(entries, &format!("services.{service}.{field}"))?;
        Ok(entries.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    };
    for (name, behaviour) in section("lambda", "functions")? {
        declared(
            inventory,
            Kind::Function,
            &name,
            Spec::Function {
                behaviour: Some(behaviour),
            },
        );
    }
    for (name, queue) in section("sqs", "queues")? {
        let content_based_deduplication = flag(&queue, "contentBasedDeduplication");
        declared(
            inventory,
            Kind::Queue,
            &name,
            Spec::Queue {
                content_based_deduplication,
            },
        );
    }
    for (name, topic) in section("sns", "topics")? {
        let subscribers = match topic.get("subscribers") {
            Some(Value::Array(list)) => list.iter().map(subscriber).collect(),
            _ => Vec::new(),
        };
        let content_based_deduplication = flag(&topic, "contentBasedDeduplication");
        declared(
            inventory,
            Kind::Topic,
            &name,
            Spec::Topic {
                content_based_deduplication,
                subscribers,
            },
        );
    }
    for (name, table) in section("dynamodb", "tables")? {
        let (key, key_source) = match table.get("key").and_then(key_schema) {
            Some(key) => (key, KeySource::Scenario),
            None => (
                vec![KeyAttribute {
                    name: "id".into(),
                    kind: "S".into(),
                }],
                KeySource::Default,
            ),
        };
        let items = match table.get("items") {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        declared(
            inventory,
            Kind::Table,
            &name,
            Spec::Table {
                key,
                key_source,
                items,
            },
        );
    }
    for (name, bucket) in section("s3", "buckets")? {
        let objects = match bucket.get("objects") {
            Some(Value::Object(objects)) => objects.iter().filter_map(|(k, o)| s3_object(k, o)).collect(),
            _ => Vec::new(),
        };
        declared(inventory, Kind::Bucket, &name, Spec::Bucket { objects });
    }
    for (name, _) in section("eventbridge", "buses")? {
        declared(
            inventory,
            Kind::EventBus,
            &name,
            Spec::EventBus {
                default: name == "default",
            },
        );
    }
    if let Some(activities) = scenario.get("activities") {
        for name in object(activities, "activities")?.keys() {
            declared(inventory, Kind::Activity, name, Spec::Activity);
        }
    }
    if let Some(machines) = scenario.get("stateMachines") {
        for (name, definition) in object(machines, "stateMachines")? {
            discover::check_machine(definition)
                .map_err(|why| ExportError::Scenario(format!("stateMachines.{name}: {why}")))?;
            declared(
                inventory,
                Kind::StateMachine,
                name,
                Spec::StateMachine(Machine {
                    definition: definition.clone(),
                    stub: false,
                    map_runs: Vec::new(),
                    walked: false,
                }),
            );
        }
    }
    Ok(())
}

fn object<'a>(value: &'a Value, location: &str) -> Result<&'a Map<String, Value>, ExportError> {
    value
        .as_object()
        .ok_or_else(|| ExportError::Scenario(format!("{location} must be a JSON object")))
}

fn declared(inventory: &mut Inventory, kind: Kind, name: &str, spec: Spec) {
    let entry = inventory.entry(kind, name);
    entry.declared = true;
    entry.spec = spec;
}

fn flag(value: &Value, field: &str) -> bool {
    value.get(field).and_then(Value::as_bool).unwrap_or(false)
}

/// A subscriber as text: `manager@example.com`, `sqs: approvals`.
fn subscriber(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => {
            let protocol = other.get("protocol").and_then(Value::as_str).unwrap_or("?");
            let endpoint = other.get("endpoint").and_then(Value::as_str).unwrap_or("?");
            format!("{protocol}: {endpoint}")
        }
    }
}

/// A table's key as the scenario writes it: a name (a string key), a list of names, or
/// `{"pk": "S", "sk": "N"}` (partition key first).
fn key_schema(key: &Value) -> Option<Vec<KeyAttribute>> {
    let attribute = |name: &str, kind: &str| KeyAttribute {
        name: name.to_string(),
        kind: kind.to_string(),
    };
    let key: Vec<KeyAttribute> = match key {
        Value::String(name) => vec![attribute(name, "S")],
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .map(|n| attribute(n, "S"))
            .collect(),
        Value::Object(map) => map
            .iter()
            .filter_map(|(name, kind)| kind.as_str().map(|k| attribute(name, k)))
            .collect(),
        _ => Vec::new(),
    };
    (1..=2).contains(&key.len()).then_some(key)
}

/// An object as the scenario writes it: its body, `{"body": text}` or `{"json": value}`.
fn s3_object(key: &str, object: &Value) -> Option<S3Object> {
    let content_type = object
        .get("contentType")
        .and_then(Value::as_str)
        .map(str::to_string);
    let (body, content_type) = match object {
        Value::String(body) => (body.clone(), None),
        _ => match (object.get("body"), object.get("json")) {
            (Some(Value::String(body)), _) => (body.clone(), content_type),
            (_, Some(json)) => (
                serde_json::to_string(json).ok()?,
                content_type.or(Some("application/json".into())),
            ),
            _ => return None,
        },
    };
    Some(S3Object {
        key: key.to_string(),
        body,
        content_type,
    })
}
