//! Simulated Amazon EventBridge: event buses that log every event put on them.
//!
//! `putEvents` takes `Entries` (1 to 10), each with `Source`, `DetailType`,
//! `Detail` (a JSON object, or its text; Step Functions sends an object as its
//! text), `EventBusName` (name or ARN, `default` when absent), `Resources`, `Time`.
//! It answers `{"Entries": [{"EventId"}], "FailedEntryCount": 0}`. Entries that
//! EventBridge rejects get `ErrorCode` and `ErrorMessage` instead of an id, the
//! others are still put; through `arn:aws:states:::events:putEvents` any failed
//! entry fails the Task with `EventBridge.FailedEntry` and the response as the
//! cause, as recorded against AWS.

use super::wire::{self, Dialect, ServiceError, ServiceNames};
use super::world::{check_fields, child, entries, expect_object, section};
use super::{CallContext, CallError};
use crate::clock::{parse_rfc3339, Timestamp};
use crate::error::StatesError;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const NAMES: ServiceNames = ServiceNames {
    v1_prefix: "EventBridge",
    v1_service: "AmazonEventBridge",
    v1_fallback: "AmazonEventBridgeException",
    v2_prefix: "EventBridge",
    v2_service: "EventBridge",
    v2_fallback: "EventBridgeException",
};

/// The event buses of the world and the events put on them.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventBridge {
    /// Buses besides `default`, which always exists.
    buses: BTreeMap<String, Vec<Event>>,
    default_bus: Vec<Event>,
}

#[derive(Debug, Clone)]
struct Event {
    id: String,
    source: String,
    detail_type: String,
    detail: Value,
    resources: Vec<Value>,
    time: Timestamp,
}

impl EventBridge {
    pub(crate) fn from_world(value: &Value, location: &str, errors: &mut Vec<String>) -> EventBridge {
        let map = section(value, location, &["buses"], errors);
        let mut buses = BTreeMap::new();
        for (name, options) in entries(map, "buses", location, errors) {
            let here = child(&child(location, "buses"), name);
            if name == "default" {
                errors.push(format!(
                    "{here}: the default bus always exists; declare only other buses"
                ));
                continue;
            }
            let valid = !name.is_empty()
                && name.len() <= 256
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'));
            if !valid {
                errors.push(format!(
                    "{here}: a bus name has letters, digits, '.', '-', '_' and '/'"
                ));
                continue;
            }
            if let Some(options) = expect_object(options, &here, "an object of bus options", errors) {
                check_fields(options, &here, "bus", &[], errors);
            }
            buses.insert(name.clone(), Vec::new());
        }
        EventBridge {
            buses,
            default_bus: Vec::new(),
        }
    }

    pub(crate) fn put_events(
        &mut self,
        dialect: Dialect,
        parameters: &Value,
        ctx: &CallContext<'_>,
    ) -> Result<Value, CallError> {
        let request_id = wire::uuid(ctx);
        let validation = |message: String| {
            CallError::Failed(NAMES.error(
                dialect,
                &ServiceError {
                    exception: None,
                    code: "ValidationException",
                    status: 400,
                    message: &message,
                },
                &request_id,
            ))
        };
        let list = match parameters.get("Entries") {
            None | Some(Value::Null) => {
                return Err(validation(
                    "1 validation error detected: Value null at 'entries' failed to satisfy constraint: \
                     Member must not be null"
                        .into(),
                ))
            }
            Some(Value::Array(list)) => list,
            Some(_) => return Err(validation("Entries must be a list".into())),
        };
        if list.is_empty() || list.len() > 10 {
            let bound = if list.is_empty() {
                "greater than or equal to 1"
            } else {
                "less than or equal to 10"
            };
            return Err(validation(format!(
                "1 validation error detected: Value '{}' at 'entries' failed to satisfy constraint: \
                 Member must have length {bound}",
                super::text_of(&Value::Array(list.clone()))
            )));
        }
        let mut results = Vec::new();
        let mut failed = 0;
        for entry in list {
            match self.put(entry, ctx) {
                Ok(id) => results.push(json!({ "EventId": id })),
                Err((code, message)) => {
                    failed += 1;
                    results.push(json!({ "ErrorCode": code, "ErrorMessage": message }));
                }
            }
        }
        let response = json!({ "Entries": results, "FailedEntryCount": failed });
        if failed > 0 && dialect == Dialect::Optimized {
            return Err(CallError::Failed(StatesError::new(
                "EventBridge.FailedEntry",
                serde_json::to_string(&response).unwrap_or_default(),
            )));
        }
        Ok(response)
    }

    /// Puts one entry; the error is EventBridge's code and message for the entry.
    fn put(&mut self, entry: &Value, ctx: &CallContext<'_>) -> Result<String, (&'static str, String)> {
        let required = |name: &str| -> Result<String, (&'static str, String)> {
            match entry.get(name) {
                Some(Value::String(text)) if !text.is_empty() => Ok(text.clone()),
                _ => Err((
                    "InvalidArgument",
                    format!("Parameter {name} is not valid. Reason: {name} is a required argument."),
                )),
            }
        };
        let source = required("Source")?;
        let detail_type = required("DetailType")?;
        let detail = match entry.get("Detail") {
            None | Some(Value::Null) => {
                return Err((
                    "InvalidArgument",
                    "Parameter Detail is not valid. Reason: Detail is a required argument.".into(),
                ))
            }
            Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                Ok(object @ Value::Object(_)) => object,
                _ => return Err(("MalformedDetail", "Detail is malformed.".into())),
            },
            Some(object @ Value::Object(_)) => object.clone(),
            Some(_) => return Err(("MalformedDetail", "Detail is malformed.".into())),
        };
        let bus = match entry.get("EventBusName").and_then(Value::as_str) {
            None => "default",
            Some(name_or_arn) => name_or_arn
                .rsplit_once(":event-bus/")
                .map_or(name_or_arn, |(_, name)| name),
        };
        let resources = match entry.get("Resources") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => list.clone(),
            Some(_) => {
                return Err((
                    "InvalidArgument",
                    "Parameter Resources is not valid. Reason: Resources must be a list of ARNs.".into(),
                ))
            }
        };
        let time = match entry.get("Time") {
            None | Some(Value::Null) => ctx.now,
            Some(Value::String(text)) => parse_rfc3339(text).ok_or((
                "InvalidArgument",
                format!("Parameter Time is not valid. Reason: {text} is not a valid timestamp."),
            ))?,
            Some(Value::Number(n)) => Timestamp((n.as_f64().unwrap_or(0.0) * 1000.0) as i64),
            Some(_) => {
                return Err((
                    "InvalidArgument",
                    "Parameter Time is not valid. Reason: Time must be a timestamp.".into(),
                ))
            }
        };
        let events = if bus == "default" {
            &mut self.default_bus
        } else {
            match self.buses.get_mut(bus) {
                Some(events) => events,
                None => {
                    return Err((
                        "ResourceNotFoundException",
                        format!("Event bus {bus} does not exist."),
                    ))
                }
            }
        };
        let id = wire::uuid(ctx);
        events.push(Event {
            id: id.clone(),
            source,
            detail_type,
            detail,
            resources,
            time,
        });
        Ok(id)
    }

    pub(crate) fn snapshot(&self, region: &str, account: &str) -> Value {
        let show = |name: &str, events: &[Event]| {
            let events: Vec<Value> = events
                .iter()
                .map(|e| {
                    json!({
                        "version": "0",
                        "id": e.id,
                        "detail-type": e.detail_type,
                        "source": e.source,
                        "account": account,
                        "time": wire::iso_seconds(e.time),
                        "region": region,
                        "resources": e.resources,
                        "detail": e.detail,
                    })
                })
                .collect();
            json!({
                "arn": format!("arn:aws:events:{region}:{account}:event-bus/{name}"),
                "events": events,
            })
        };
        let mut buses = Map::new();
        buses.insert("default".into(), show("default", &self.default_bus));
        for (name, events) in &self.buses {
            buses.insert(name.clone(), show(name, events));
        }
        json!({ "buses": buses })
    }
}
