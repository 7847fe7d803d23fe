//! Simulated Amazon SQS: queues that keep every message sent to them, for the learner to read.
//!
//! `sendMessage` takes `QueueUrl`, `MessageBody` (a JSON value that is not a string
//! is sent as its JSON text, as Step Functions does), `DelaySeconds`,
//! `MessageAttributes`, and for FIFO queues `MessageGroupId` and
//! `MessageDeduplicationId`. It answers `MD5OfMessageBody`, `MessageId`
//! (`MD5OfMessageAttributes`, `SequenceNumber` when they apply). Queues are found
//! by the name at the end of the URL.

use super::wire::{self, Dialect, ServiceError, ServiceNames};
use super::world::{check_fields, child, entries, expect_object, section};
use super::{CallContext, CallError};
use crate::clock::Timestamp;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

const NAMES: ServiceNames = ServiceNames {
    v1_prefix: "SQS",
    v1_service: "AmazonSQS",
    v1_fallback: "AmazonSQSException",
    v2_prefix: "Sqs",
    v2_service: "Sqs",
    v2_fallback: "SqsException",
};

/// How long FIFO queues remember deduplication ids: five minutes.
const DEDUPLICATION_MILLIS: i64 = 5 * 60 * 1000;

/// The queues of the world and their messages.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sqs {
    queues: BTreeMap<String, Queue>,
    sequence: u64,
}

#[derive(Debug, Clone, Default)]
struct Queue {
    content_based_deduplication: bool,
    messages: Vec<Message>,
}

#[derive(Debug, Clone)]
struct Message {
    id: String,
    body: String,
    md5_of_body: String,
    message_attributes: Option<Value>,
    md5_of_message_attributes: Option<String>,
    sent: Timestamp,
    sender: String,
    delay_seconds: u64,
    group_id: Option<String>,
    deduplication_id: Option<String>,
    sequence_number: Option<String>,
}

/// A message another service (SNS) puts into a queue.
pub(crate) struct Delivery {
    /// The queue's name.
    pub queue: String,
    /// The message body.
    pub body: String,
    /// SQS message attributes, for raw deliveries.
    pub message_attributes: Option<Value>,
    /// The message group of a FIFO delivery.
    pub group_id: Option<String>,
    /// The deduplication id of a FIFO delivery.
    pub deduplication_id: Option<String>,
    /// Who sent it, such as `sns:alerts`.
    pub sender: String,
}

fn is_fifo(name: &str) -> bool {
    name.ends_with(".fifo")
}

impl Sqs {
    pub(crate) fn from_world(value: &Value, location: &str, errors: &mut Vec<String>) -> Sqs {
        let map = section(value, location, &["queues"], errors);
        let mut queues = BTreeMap::new();
        for (name, options) in entries(map, "queues", location, errors) {
            let here = child(&child(location, "queues"), name);
            let base = name.strip_suffix(".fifo").unwrap_or(name);
            let valid = !base.is_empty()
                && name.len() <= 80
                && base
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                errors.push(format!(
                    "{here}: a queue name has 1 to 80 letters, digits, '-' and '_' (and '.fifo' at the end of a FIFO queue)"
                ));
                continue;
            }
            let mut queue = Queue::default();
            if let Some(options) = expect_object(options, &here, "an object of queue options", errors) {
                check_fields(options, &here, "queue", &["contentBasedDeduplication"], errors);
                match options.get("contentBasedDeduplication") {
                    None => {}
                    Some(Value::Bool(on)) if is_fifo(name) => queue.content_based_deduplication = *on,
                    Some(Value::Bool(_)) => errors.push(format!(
                        "{here}.contentBasedDeduplication: only FIFO queues (names ending in '.fifo') deduplicate"
                    )),
                    Some(_) => errors.push(format!("{here}.contentBasedDeduplication: must be true or false")),
                }
            }
            queues.insert(name.clone(), queue);
        }
        Sqs { queues, sequence: 0 }
    }

    /// Whether the world declares this queue (by name, or by ARN whatever its region and account).
    pub(crate) fn queue_named(&self, name_or_arn: &str) -> Option<&str> {
        let name = match name_or_arn.strip_prefix("arn:") {
            Some(rest) if rest.split(':').nth(1) == Some("sqs") => rest.rsplit(':').next().unwrap_or(""),
            _ => name_or_arn,
        };
        self.queues.get_key_value(name).map(|(k, _)| k.as_str())
    }

    pub(crate) fn send_message(
        &mut self,
        dialect: Dialect,
        parameters: &Value,
        ctx: &CallContext<'_>,
    ) -> Result<Value, CallError> {
        let request_id = wire::uuid(ctx);
        let fail = |exception: Option<&str>, code: &str, message: &str| {
            CallError::Failed(NAMES.error(
                dialect,
                &ServiceError {
                    exception,
                    code,
                    status: 400,
                    message,
                },
                &request_id,
            ))
        };
        let missing = |name: &str| {
            fail(
                None,
                "MissingParameter",
                &format!("The request must contain the parameter {name}."),
            )
        };
        let invalid = |message: &str| fail(None, "InvalidParameterValue", message);

        let url = super::string_param(parameters, "QueueUrl").ok_or_else(|| missing("QueueUrl"))?;
        let name = match queue_name(url) {
            Ok(name) => name,
            Err(host) => {
                return Err(CallError::Failed(NAMES.client_error(
                    dialect,
                    &format!("Unable to execute HTTP request: {host}: Name or service not known"),
                )))
            }
        };
        let Some(queue) = self.queues.get(name) else {
            return Err(fail(
                Some("QueueDoesNotExistException"),
                "AWS.SimpleQueueService.NonExistentQueue",
                "The specified queue does not exist.",
            ));
        };
        let body = match parameters.get("MessageBody") {
            None | Some(Value::Null) => return Err(missing("MessageBody")),
            Some(value) => super::text_of(value),
        };
        if body.is_empty() {
            return Err(missing("MessageBody"));
        }
        if body.len() > 262_144 {
            return Err(invalid(
                "One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.",
            ));
        }
        if !body.chars().all(valid_message_char) {
            return Err(fail(
                None,
                "InvalidMessageContents",
                "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to \
                 #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
            ));
        }
        let fifo = is_fifo(name);
        let delay_seconds = match parameters.get("DelaySeconds") {
            None | Some(Value::Null) => 0,
            Some(value) => match value.as_u64() {
                Some(delay) if delay <= 900 && !fifo => delay,
                Some(delay) if delay <= 900 => {
                    return Err(invalid(&format!(
                        "Value {delay} for parameter DelaySeconds is invalid. Reason: The request include \
                         parameter that is not valid for this queue type."
                    )))
                }
                _ => {
                    return Err(invalid(&format!(
                        "Value {} for parameter DelaySeconds is invalid. Reason: must be between 0 and 900, if provided.",
                        super::text_of(value)
                    )))
                }
            },
        };
        let (message_attributes, md5_of_message_attributes) = match parameters.get("MessageAttributes") {
            None | Some(Value::Null) => (None, None),
            Some(Value::Object(map)) if map.is_empty() => (None, None),
            Some(value) => {
                let md5 = attributes_md5(value).map_err(|message| invalid(&message))?;
                (Some(value.clone()), Some(md5))
            }
        };
        let group_id = super::string_param(parameters, "MessageGroupId").map(str::to_string);
        let mut deduplication_id =
            super::string_param(parameters, "MessageDeduplicationId").map(str::to_string);
        if fifo {
            if group_id.is_none() {
                return Err(missing("MessageGroupId"));
            }
            if deduplication_id.is_none() {
                if !queue.content_based_deduplication {
                    return Err(invalid(
                        "The queue should either have ContentBasedDeduplication enabled or \
                         MessageDeduplicationId provided explicitly",
                    ));
                }
                deduplication_id = Some(wire::hex(&Sha256::digest(body.as_bytes())));
            }
            // A duplicate within five minutes is accepted but not enqueued again.
            let duplicate = queue.messages.iter().rev().find(|m| {
                m.deduplication_id == deduplication_id && ctx.now.0 - m.sent.0 < DEDUPLICATION_MILLIS
            });
            if let Some(original) = duplicate {
                let response = send_response(original);
                return Ok(finish(dialect, response, &request_id, ctx));
            }
        } else if deduplication_id.is_some() {
            return Err(invalid(
                "The request include parameter MessageDeduplicationId which is not valid for this queue type",
            ));
        }
        let message = Message {
            id: wire::uuid(ctx),
            md5_of_body: wire::md5_hex(body.as_bytes()),
            body,
            message_attributes,
            md5_of_message_attributes,
            sent: ctx.now,
            sender: "states.amazonaws.com".into(),
            delay_seconds,
            group_id,
            deduplication_id,
            sequence_number: fifo.then(|| self.next_sequence_number()),
        };
        let response = send_response(&message);
        if let Some(queue) = self.queues.get_mut(name) {
            queue.messages.push(message);
        }
        Ok(finish(dialect, response, &request_id, ctx))
    }

    /// Puts a message from another service into a queue of the world.
    pub(crate) fn deliver(&mut self, delivery: Delivery, ctx: &CallContext<'_>) {
        let fifo = is_fifo(&delivery.queue);
        let sequence_number = fifo.then(|| self.next_sequence_number());
        let Some(queue) = self.queues.get_mut(&delivery.queue) else {
            return;
        };
        let md5_of_message_attributes = delivery
            .message_attributes
            .as_ref()
            .and_then(|a| attributes_md5(a).ok());
        queue.messages.push(Message {
            id: wire::uuid(ctx),
            md5_of_body: wire::md5_hex(delivery.body.as_bytes()),
            body: delivery.body,
            message_attributes: delivery.message_attributes,
            md5_of_message_attributes,
            sent: ctx.now,
            sender: delivery.sender,
            delay_seconds: 0,
            group_id: delivery.group_id.filter(|_| fifo),
            deduplication_id: delivery.deduplication_id.filter(|_| fifo),
            sequence_number,
        });
    }

    fn next_sequence_number(&mut self) -> String {
        self.sequence += 1;
        format!(
            "{}",
            18_000_000_000_000_000_000u128 + u128::from(self.sequence) * 1_000_000
        )
    }

    pub(crate) fn snapshot(&self, region: &str, account: &str) -> Value {
        let queues: Map<String, Value> = self
            .queues
            .iter()
            .map(|(name, queue)| {
                let messages: Vec<Value> = queue.messages.iter().map(message_snapshot).collect();
                let mut entry = json!({
                    "url": format!("https://sqs.{region}.amazonaws.com/{account}/{name}"),
                    "arn": format!("arn:aws:sqs:{region}:{account}:{name}"),
                    "fifo": is_fifo(name),
                    "messages": messages,
                });
                if queue.content_based_deduplication {
                    entry["contentBasedDeduplication"] = json!(true);
                }
                (name.clone(), entry)
            })
            .collect();
        json!({ "queues": queues })
    }
}

fn message_snapshot(message: &Message) -> Value {
    let mut attributes = Map::new();
    attributes.insert("SenderId".into(), json!(message.sender));
    attributes.insert("SentTimestamp".into(), json!(message.sent.0.to_string()));
    if let Some(group) = &message.group_id {
        attributes.insert("MessageGroupId".into(), json!(group));
    }
    if let Some(id) = &message.deduplication_id {
        attributes.insert("MessageDeduplicationId".into(), json!(id));
    }
    if let Some(sequence) = &message.sequence_number {
        attributes.insert("SequenceNumber".into(), json!(sequence));
    }
    let mut entry = json!({
        "messageId": message.id,
        "body": message.body,
        "md5OfBody": message.md5_of_body,
        "sentAt": message.sent.to_iso8601(),
        "attributes": attributes,
    });
    if let Some(attributes) = &message.message_attributes {
        entry["messageAttributes"] = attributes.clone();
    }
    if message.delay_seconds > 0 {
        entry["delaySeconds"] = json!(message.delay_seconds);
    }
    entry
}

/// SendMessage's answer as the SDK models it, in alphabetical order.
fn send_response(message: &Message) -> Map<String, Value> {
    let mut response = Map::new();
    if let Some(md5) = &message.md5_of_message_attributes {
        response.insert("MD5OfMessageAttributes".into(), json!(md5));
    }
    response.insert("MD5OfMessageBody".into(), json!(message.md5_of_body));
    response.insert("MessageId".into(), json!(message.id));
    if let Some(sequence) = &message.sequence_number {
        response.insert("SequenceNumber".into(), json!(sequence));
    }
    response
}

/// The result of the integration: the optimized one adds the HTTP metadata.
fn finish(
    dialect: Dialect,
    mut response: Map<String, Value>,
    request_id: &str,
    ctx: &CallContext<'_>,
) -> Value {
    if dialect == Dialect::Optimized {
        let body = serde_json::to_string(&response).unwrap_or_default();
        let headers = [
            ("x-amzn-RequestId", request_id.to_string()),
            ("connection", "keep-alive".to_string()),
            ("Content-Length", body.len().to_string()),
            ("Date", wire::http_date(ctx.now)),
            ("Content-Type", "application/x-amz-json-1.0".to_string()),
        ];
        wire::add_sdk_metadata(&mut response, &headers, request_id);
    }
    Value::Object(response)
}

/// The queue name of a queue URL, or the host that could not be reached.
fn queue_name(url: &str) -> Result<&str, &str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| url.split('/').next().unwrap_or(url))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !host.ends_with(".amazonaws.com") && host != "localhost" && !host.starts_with("localhost:") {
        return Err(host);
    }
    // /ACCOUNT/NAME
    Ok(path.trim_end_matches('/').rsplit('/').next().unwrap_or(""))
}

fn valid_message_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Checks message attributes and computes SQS's MD5 of them: for each attribute
/// by name, the name, the data type, a transport byte (1 text, 2 binary) and the
/// value, each length-prefixed (4 bytes, big-endian).
fn attributes_md5(attributes: &Value) -> Result<String, String> {
    let map = attributes
        .as_object()
        .ok_or_else(|| "The request must contain valid message attributes.".to_string())?;
    if map.len() > 10 {
        return Err(format!(
            "Number of message attributes [{}] exceeds the allowed maximum [10].",
            map.len()
        ));
    }
    let mut names: Vec<&String> = map.keys().collect();
    names.sort();
    let mut bytes = Vec::new();
    let push = |bytes: &mut Vec<u8>, data: &[u8]| {
        bytes.extend_from_slice(&(data.len() as u32).to_be_bytes());
        bytes.extend_from_slice(data);
    };
    for name in names {
        let attribute = &map[name.as_str()];
        let data_type = attribute.get("DataType").and_then(Value::as_str).unwrap_or("");
        if data_type.is_empty() {
            return Err(format!(
                "The message attribute '{name}' must contain non-empty message attribute type."
            ));
        }
        let base_type = data_type.split('.').next().unwrap_or("");
        push(&mut bytes, name.as_bytes());
        push(&mut bytes, data_type.as_bytes());
        match base_type {
            "String" | "Number" => {
                let value = attribute.get("StringValue").and_then(Value::as_str).unwrap_or("");
                if value.is_empty() {
                    return Err(format!(
                        "The message attribute '{name}' must contain non-empty message attribute value \
                         for message attribute type '{base_type}'."
                    ));
                }
                if base_type == "Number" && value.parse::<f64>().is_err() {
                    return Err(format!(
                        "Can't cast the value of message (user) attribute '{name}' to a number."
                    ));
                }
                bytes.push(1);
                push(&mut bytes, value.as_bytes());
            }
            "Binary" => {
                let value = attribute.get("BinaryValue").and_then(Value::as_str).unwrap_or("");
                let decoded = wire::base64_decode(value)
                    .filter(|d| !d.is_empty())
                    .ok_or_else(|| {
                        format!(
                            "The message attribute '{name}' must contain non-empty message attribute value \
                         for message attribute type 'Binary'."
                        )
                    })?;
                bytes.push(2);
                push(&mut bytes, &decoded);
            }
            _ => {
                return Err(format!(
                    "The type of message attribute '{name}' is invalid. You must use only the following \
                     supported type prefixes: Binary, Number, String."
                ))
            }
        }
    }
    Ok(wire::md5_hex(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_names_come_from_urls() {
        assert_eq!(
            queue_name("https://sqs.us-east-1.amazonaws.com/123456789012/orders"),
            Ok("orders")
        );
        assert_eq!(
            queue_name("https://queue.amazonaws.com/123456789012/o.fifo"),
            Ok("o.fifo")
        );
        assert_eq!(queue_name("no-such-queue"), Err("no-such-queue"));
        assert_eq!(queue_name("https://example.com/1/q"), Err("example.com"));
    }

    #[test]
    fn attribute_md5_follows_the_sqs_encoding() {
        // The example in the SQS developer guide's MD5 walk-through is not public data;
        // check the encoding's structure instead: names sorted, values length-prefixed.
        let a = attributes_md5(&json!({"b": {"DataType": "String", "StringValue": "x"},
                                       "a": {"DataType": "Number", "StringValue": "1"}}));
        let b = attributes_md5(&json!({"a": {"DataType": "Number", "StringValue": "1"},
                                       "b": {"DataType": "String", "StringValue": "x"}}));
        assert!(a.is_ok());
        assert_eq!(a, b);
        assert!(attributes_md5(&json!({"a": {"DataType": "Number", "StringValue": "x"}})).is_err());
    }
}
