//! Simulated Amazon SNS: topics whose subscribers receive every published message.
//!
//! `publish` takes `TopicArn` (or `TargetArn`, or `PhoneNumber` for a direct SMS),
//! `Message` (a JSON value that is not a string is sent as its JSON text),
//! `Subject`, `MessageStructure` (`json`: per-protocol messages with a `default`),
//! `MessageAttributes`, and for FIFO topics `MessageGroupId` and
//! `MessageDeduplicationId`. It answers `MessageId` (and `SequenceNumber` for FIFO
//! topics). Every delivery is logged with the message: the e-mail each address
//! received (subject and body), the notification each HTTPS endpoint received, and
//! the message each subscribed queue of the world received (which the queue then holds).

use super::sqs::{Delivery, Sqs};
use super::wire::{self, Dialect, ServiceError, ServiceNames};
use super::world::{check_fields, child, entries, expect_object, kind_of, section};
use super::{CallContext, CallError};
use crate::clock::Timestamp;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

const NAMES: ServiceNames = ServiceNames {
    v1_prefix: "SNS",
    v1_service: "AmazonSNS",
    v1_fallback: "AmazonSNSException",
    v2_prefix: "Sns",
    v2_service: "Sns",
    v2_fallback: "SnsException",
};

const DEFAULT_EMAIL_SUBJECT: &str = "AWS Notification Message";

/// How long FIFO topics remember deduplication ids: five minutes.
const DEDUPLICATION_MILLIS: i64 = 5 * 60 * 1000;

/// The topics of the world, what was published to them, and direct text messages.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sns {
    topics: BTreeMap<String, Topic>,
    sms: Vec<Value>,
    sequence: u64,
}

#[derive(Debug, Clone, Default)]
struct Topic {
    content_based_deduplication: bool,
    subscriptions: Vec<Subscription>,
    messages: Vec<Published>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    Email,
    EmailJson,
    Sqs,
    Http,
    Https,
    Sms,
}

impl Protocol {
    fn name(self) -> &'static str {
        match self {
            Protocol::Email => "email",
            Protocol::EmailJson => "email-json",
            Protocol::Sqs => "sqs",
            Protocol::Http => "http",
            Protocol::Https => "https",
            Protocol::Sms => "sms",
        }
    }
}

#[derive(Debug, Clone)]
struct Subscription {
    protocol: Protocol,
    /// The address, URL, phone number, or (for `sqs`) the queue's name.
    endpoint: String,
    raw: bool,
    id: String,
}

#[derive(Debug, Clone)]
struct Published {
    id: String,
    at: Timestamp,
    message: String,
    subject: Option<String>,
    structure: Option<String>,
    attributes: Option<Value>,
    group_id: Option<String>,
    deduplication_id: Option<String>,
    sequence_number: Option<String>,
    deliveries: Vec<Value>,
}

fn is_fifo(name: &str) -> bool {
    name.ends_with(".fifo")
}

impl Sns {
    pub(crate) fn from_world(value: &Value, location: &str, sqs: &Sqs, errors: &mut Vec<String>) -> Sns {
        let map = section(value, location, &["topics"], errors);
        let mut topics = BTreeMap::new();
        for (name, options) in entries(map, "topics", location, errors) {
            let here = child(&child(location, "topics"), name);
            let base = name.strip_suffix(".fifo").unwrap_or(name);
            let valid = !base.is_empty()
                && name.len() <= 256
                && base
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                errors.push(format!(
                    "{here}: a topic name has 1 to 256 letters, digits, '-' and '_' (and '.fifo' at the end of a FIFO topic)"
                ));
                continue;
            }
            let mut topic = Topic::default();
            let Some(options) = expect_object(options, &here, "an object of topic options", errors) else {
                continue;
            };
            check_fields(
                options,
                &here,
                "topic",
                &["subscribers", "contentBasedDeduplication"],
                errors,
            );
            match options.get("contentBasedDeduplication") {
                None => {}
                Some(Value::Bool(on)) if is_fifo(name) => topic.content_based_deduplication = *on,
                Some(Value::Bool(_)) => errors.push(format!(
                    "{here}.contentBasedDeduplication: only FIFO topics (names ending in '.fifo') deduplicate"
                )),
                Some(_) => errors.push(format!("{here}.contentBasedDeduplication: must be true or false")),
            }
            let subscribers = match options.get("subscribers") {
                None => &[][..],
                Some(Value::Array(list)) => list.as_slice(),
                Some(other) => {
                    errors.push(format!(
                        "{here}.subscribers: expected a list, found {}",
                        kind_of(other)
                    ));
                    &[][..]
                }
            };
            for (i, subscriber) in subscribers.iter().enumerate() {
                let at = format!("{here}.subscribers[{i}]");
                if let Some(mut subscription) = read_subscriber(subscriber, &at, errors) {
                    if subscription.protocol == Protocol::Sqs {
                        match sqs.queue_named(&subscription.endpoint) {
                            Some(queue) if is_fifo(queue) && !is_fifo(name) => errors.push(format!(
                                "{at}: a standard topic cannot deliver to the FIFO queue '{queue}'"
                            )),
                            Some(queue) => subscription.endpoint = queue.to_string(),
                            None => errors.push(format!(
                                "{at}: the world has no queue '{}' (declare it under sqs.queues)",
                                subscription.endpoint
                            )),
                        }
                    }
                    let digest = Sha256::digest(format!("{name}/{i}/{}", subscription.endpoint).as_bytes());
                    let h = wire::hex(&digest);
                    subscription.id = format!(
                        "{}-{}-{}-{}-{}",
                        &h[0..8],
                        &h[8..12],
                        &h[12..16],
                        &h[16..20],
                        &h[20..32]
                    );
                    topic.subscriptions.push(subscription);
                }
            }
            topics.insert(name.clone(), topic);
        }
        Sns {
            topics,
            sms: Vec::new(),
            sequence: 0,
        }
    }

    pub(crate) fn publish(
        &mut self,
        dialect: Dialect,
        parameters: &Value,
        ctx: &CallContext<'_>,
    ) -> Result<(Value, Vec<Delivery>), CallError> {
        let request_id = wire::uuid(ctx);
        let fail = |exception: Option<&str>, code: &str, status: u16, message: &str| {
            CallError::Failed(NAMES.error(
                dialect,
                &ServiceError {
                    exception,
                    code,
                    status,
                    message,
                },
                &request_id,
            ))
        };
        let invalid = |message: &str| {
            fail(
                Some("InvalidParameterException"),
                "InvalidParameter",
                400,
                &format!("Invalid parameter: {message}"),
            )
        };

        let message = match parameters.get("Message") {
            None | Some(Value::Null) => {
                return Err(fail(
                    None,
                    "ValidationError",
                    400,
                    "1 validation error detected: Value null at 'message' failed to satisfy constraint: \
                     Member must not be null",
                ))
            }
            Some(value) => super::text_of(value),
        };
        if message.is_empty() {
            return Err(invalid("Empty message"));
        }
        let subject = match parameters.get("Subject") {
            None | Some(Value::Null) => None,
            Some(Value::String(s))
                if !s.is_empty() && s.chars().count() <= 100 && !s.chars().any(char::is_control) =>
            {
                Some(s.clone())
            }
            Some(_) => return Err(invalid("Subject")),
        };
        let structure = super::string_param(parameters, "MessageStructure").map(str::to_string);
        let per_protocol = match structure.as_deref() {
            None => None,
            Some("json") => match serde_json::from_str::<Value>(&message) {
                Ok(Value::Object(map)) if map.get("default").is_some_and(Value::is_string) => Some(map),
                Ok(Value::Object(_)) => {
                    return Err(invalid(
                        "Message Structure - No default entry in JSON message body",
                    ))
                }
                _ => return Err(invalid("Message Structure - JSON message body failed to parse")),
            },
            Some(other) => {
                return Err(invalid(&format!(
                    "MessageStructure Reason: Invalid value: {other}"
                )))
            }
        };
        let attributes = match parameters.get("MessageAttributes") {
            None | Some(Value::Null) => None,
            Some(Value::Object(map)) if map.is_empty() => None,
            Some(Value::Object(map)) => {
                for (name, attribute) in map {
                    let data_type = attribute.get("DataType").and_then(Value::as_str).unwrap_or("");
                    let has_value = attribute.get("StringValue").is_some_and(Value::is_string)
                        || attribute.get("BinaryValue").is_some_and(Value::is_string);
                    if data_type.is_empty() {
                        return Err(invalid(&format!(
                            "The message attribute '{name}' must contain non-empty message attribute type."
                        )));
                    }
                    if !has_value {
                        return Err(invalid(&format!(
                            "The message attribute '{name}' must contain non-empty message attribute value."
                        )));
                    }
                }
                Some(Value::Object(map.clone()))
            }
            Some(_) => return Err(invalid("MessageAttributes")),
        };

        let target = super::string_param(parameters, "TopicArn")
            .or_else(|| super::string_param(parameters, "TargetArn"));
        let Some(target) = target else {
            if let Some(phone) = super::string_param(parameters, "PhoneNumber") {
                let digits = phone.strip_prefix('+').unwrap_or("");
                if digits.is_empty() || digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
                    return Err(invalid(&format!(
                        "PhoneNumber Reason: {phone} is not valid to publish to"
                    )));
                }
                let id = wire::uuid(ctx);
                let text = per_protocol
                    .as_ref()
                    .and_then(|m| m.get("sms").or_else(|| m.get("default")))
                    .and_then(Value::as_str)
                    .unwrap_or(&message)
                    .to_string();
                self.sms.push(json!({
                    "messageId": id,
                    "phoneNumber": phone,
                    "message": text,
                    "publishedAt": ctx.now.to_iso8601(),
                }));
                return Ok((finish(dialect, &id, None, &request_id, ctx), Vec::new()));
            }
            return Err(invalid(
                "TopicArn or TargetArn Reason: no value for required parameter",
            ));
        };
        let parts: Vec<&str> = target.split(':').collect();
        let topic_name = match parts.as_slice() {
            ["arn", partition, "sns", _region, _account, name]
                if partition.starts_with("aws") && !name.is_empty() =>
            {
                *name
            }
            _ => return Err(invalid("TopicArn")),
        };
        let Some(topic) = self.topics.get(topic_name) else {
            return Err(fail(
                Some("NotFoundException"),
                "NotFound",
                404,
                "Topic does not exist",
            ));
        };
        let fifo = is_fifo(topic_name);
        let group_id = super::string_param(parameters, "MessageGroupId").map(str::to_string);
        let mut deduplication_id =
            super::string_param(parameters, "MessageDeduplicationId").map(str::to_string);
        if fifo {
            if group_id.is_none() {
                return Err(invalid(
                    "The MessageGroupId parameter is required for FIFO topics",
                ));
            }
            if deduplication_id.is_none() {
                if !topic.content_based_deduplication {
                    return Err(invalid(
                        "The topic should either have ContentBasedDeduplication enabled or \
                         MessageDeduplicationId provided explicitly",
                    ));
                }
                deduplication_id = Some(wire::hex(&Sha256::digest(message.as_bytes())));
            }
            // A duplicate within five minutes is accepted but not delivered again.
            let duplicate = topic.messages.iter().rev().find(|m| {
                m.deduplication_id == deduplication_id && ctx.now.0 - m.at.0 < DEDUPLICATION_MILLIS
            });
            if let Some(original) = duplicate {
                let result = finish(
                    dialect,
                    &original.id,
                    original.sequence_number.as_deref(),
                    &request_id,
                    ctx,
                );
                return Ok((result, Vec::new()));
            }
        } else if group_id.is_some() {
            return Err(invalid(
                "MessageGroupId Reason: The request includes MessageGroupId parameter that is not valid for this topic type",
            ));
        } else if deduplication_id.is_some() {
            return Err(invalid(
                "MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is \
                 not valid for this topic type",
            ));
        }

        let topic_arn = format!("arn:aws:sns:{}:{}:{topic_name}", ctx.region, ctx.account);
        let id = wire::uuid(ctx);
        let sequence_number = fifo.then(|| {
            self.sequence += 1;
            format!("{}", 10_000_000_000_000_000_000u128 + u128::from(self.sequence))
        });
        let Some(topic) = self.topics.get_mut(topic_name) else {
            return Err(fail(
                Some("NotFoundException"),
                "NotFound",
                404,
                "Topic does not exist",
            ));
        };
        let text_for = |protocol: &str| -> String {
            per_protocol
                .as_ref()
                .and_then(|m| m.get(protocol).or_else(|| m.get("default")))
                .and_then(Value::as_str)
                .unwrap_or(&message)
                .to_string()
        };
        let mut deliveries = Vec::new();
        let mut queue_deliveries = Vec::new();
        for subscription in &topic.subscriptions {
            let protocol = subscription.protocol.name();
            let envelope = || {
                let mut envelope = Map::new();
                envelope.insert("Type".into(), json!("Notification"));
                envelope.insert("MessageId".into(), json!(id));
                if let Some(sequence) = &sequence_number {
                    envelope.insert("SequenceNumber".into(), json!(sequence));
                }
                envelope.insert("TopicArn".into(), json!(topic_arn));
                if let Some(subject) = &subject {
                    envelope.insert("Subject".into(), json!(subject));
                }
                envelope.insert("Message".into(), json!(text_for(protocol)));
                envelope.insert("Timestamp".into(), json!(ctx.now.to_iso8601()));
                envelope.insert("SignatureVersion".into(), json!("1"));
                envelope.insert(
                    "Signature".into(),
                    json!(wire::base64(&Sha256::digest(format!("{id}{message}").as_bytes()))),
                );
                envelope.insert(
                    "SigningCertURL".into(),
                    json!(format!(
                        "https://sns.{}.amazonaws.com/SimpleNotificationService-simulated.pem",
                        ctx.region
                    )),
                );
                envelope.insert(
                    "UnsubscribeURL".into(),
                    json!(format!(
                        "https://sns.{}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topic_arn}:{}",
                        ctx.region, subscription.id
                    )),
                );
                if let Some(Value::Object(attributes)) = &attributes {
                    let converted: Map<String, Value> = attributes
                        .iter()
                        .map(|(name, a)| {
                            let value = a.get("StringValue").or_else(|| a.get("BinaryValue")).cloned();
                            (name.clone(), json!({"Type": a.get("DataType"), "Value": value}))
                        })
                        .collect();
                    envelope.insert("MessageAttributes".into(), Value::Object(converted));
                }
                serde_json::to_string_pretty(&Value::Object(envelope)).unwrap_or_default()
            };
            let body = match subscription.protocol {
                Protocol::Email | Protocol::Sms => text_for(protocol),
                Protocol::Sqs if subscription.raw => text_for(protocol),
                Protocol::EmailJson | Protocol::Sqs | Protocol::Http | Protocol::Https => envelope(),
            };
            let mut delivery = json!({"protocol": protocol, "endpoint": subscription.endpoint});
            if matches!(subscription.protocol, Protocol::Email | Protocol::EmailJson) {
                delivery["subject"] = json!(subject.as_deref().unwrap_or(DEFAULT_EMAIL_SUBJECT));
            }
            delivery["body"] = json!(body);
            deliveries.push(delivery);
            if subscription.protocol == Protocol::Sqs {
                queue_deliveries.push(Delivery {
                    queue: subscription.endpoint.clone(),
                    body,
                    message_attributes: if subscription.raw {
                        attributes.clone()
                    } else {
                        None
                    },
                    group_id: group_id.clone(),
                    deduplication_id: deduplication_id.clone(),
                    sender: format!("sns:{topic_name}"),
                });
            }
        }
        topic.messages.push(Published {
            id: id.clone(),
            at: ctx.now,
            message: message.clone(),
            subject: subject.clone(),
            structure,
            attributes: attributes.clone(),
            group_id,
            deduplication_id,
            sequence_number: sequence_number.clone(),
            deliveries,
        });
        Ok((
            finish(dialect, &id, sequence_number.as_deref(), &request_id, ctx),
            queue_deliveries,
        ))
    }

    pub(crate) fn snapshot(&self, region: &str, account: &str) -> Value {
        let topics: Map<String, Value> = self
            .topics
            .iter()
            .map(|(name, topic)| {
                let arn = format!("arn:aws:sns:{region}:{account}:{name}");
                let subscriptions: Vec<Value> = topic
                    .subscriptions
                    .iter()
                    .map(|s| {
                        json!({
                            "protocol": s.protocol.name(),
                            "endpoint": s.endpoint,
                            "rawMessageDelivery": s.raw,
                            "subscriptionArn": format!("{arn}:{}", s.id),
                        })
                    })
                    .collect();
                let messages: Vec<Value> = topic
                    .messages
                    .iter()
                    .map(|m| {
                        let mut entry = json!({
                            "messageId": m.id,
                            "publishedAt": m.at.to_iso8601(),
                            "message": m.message,
                        });
                        if let Some(subject) = &m.subject {
                            entry["subject"] = json!(subject);
                        }
                        if let Some(structure) = &m.structure {
                            entry["messageStructure"] = json!(structure);
                        }
                        if let Some(attributes) = &m.attributes {
                            entry["messageAttributes"] = attributes.clone();
                        }
                        if let Some(group) = &m.group_id {
                            entry["messageGroupId"] = json!(group);
                        }
                        if let Some(sequence) = &m.sequence_number {
                            entry["sequenceNumber"] = json!(sequence);
                        }
                        entry["deliveries"] = json!(m.deliveries);
                        entry
                    })
                    .collect();
                let mut entry = json!({
                    "arn": arn,
                    "fifo": is_fifo(name),
                    "subscriptions": subscriptions,
                    "messages": messages,
                });
                if topic.content_based_deduplication {
                    entry["contentBasedDeduplication"] = json!(true);
                }
                (name.clone(), entry)
            })
            .collect();
        json!({ "topics": topics, "sms": self.sms })
    }
}

fn read_subscriber(value: &Value, location: &str, errors: &mut Vec<String>) -> Option<Subscription> {
    let (protocol, endpoint, raw) = match value {
        Value::String(text) => {
            let protocol = if text.starts_with("arn:aws:sqs:") {
                "sqs"
            } else if text.starts_with("https://") {
                "https"
            } else if text.starts_with("http://") {
                "http"
            } else if text.starts_with('+') {
                "sms"
            } else if text.contains('@') {
                "email"
            } else {
                errors.push(format!(
                    "{location}: '{text}' is not an e-mail address, URL, phone number or SQS queue ARN; \
                     write {{\"protocol\": ..., \"endpoint\": ...}}"
                ));
                return None;
            };
            (protocol.to_string(), text.clone(), false)
        }
        other => {
            let map = expect_object(other, location, "a subscriber", errors)?;
            check_fields(
                map,
                location,
                "subscriber",
                &["protocol", "endpoint", "rawMessageDelivery"],
                errors,
            );
            let protocol = map
                .get("protocol")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let Some(endpoint) = map.get("endpoint").and_then(Value::as_str) else {
                errors.push(format!("{location}: needs 'endpoint', a string"));
                return None;
            };
            let raw = match map.get("rawMessageDelivery") {
                None => false,
                Some(Value::Bool(raw)) => *raw,
                Some(_) => {
                    errors.push(format!("{location}.rawMessageDelivery: must be true or false"));
                    false
                }
            };
            (protocol, endpoint.to_string(), raw)
        }
    };
    let protocol = match protocol.as_str() {
        "email" => Protocol::Email,
        "email-json" => Protocol::EmailJson,
        "sqs" => Protocol::Sqs,
        "http" => Protocol::Http,
        "https" => Protocol::Https,
        "sms" => Protocol::Sms,
        "lambda" | "firehose" | "application" => {
            errors.push(format!(
                "{location}: '{protocol}' subscriptions are not simulated (use email, email-json, sqs, http, https or sms)"
            ));
            return None;
        }
        other => {
            errors.push(format!(
                "{location}: unknown protocol '{other}' (expected email, email-json, sqs, http, https or sms)"
            ));
            return None;
        }
    };
    if raw && !matches!(protocol, Protocol::Sqs | Protocol::Http | Protocol::Https) {
        errors.push(format!(
            "{location}.rawMessageDelivery: only sqs, http and https subscriptions deliver raw"
        ));
    }
    Some(Subscription {
        protocol,
        endpoint,
        raw,
        id: String::new(),
    })
}

/// Publish's answer; the optimized integration adds the HTTP metadata of SNS's XML response.
fn finish(
    dialect: Dialect,
    id: &str,
    sequence_number: Option<&str>,
    request_id: &str,
    ctx: &CallContext<'_>,
) -> Value {
    let mut response = Map::new();
    response.insert("MessageId".into(), json!(id));
    if let Some(sequence) = sequence_number {
        response.insert("SequenceNumber".into(), json!(sequence));
    }
    if dialect == Dialect::Optimized {
        let sequence_xml = sequence_number
            .map(|s| format!("\n    <SequenceNumber>{s}</SequenceNumber>"))
            .unwrap_or_default();
        let xml = format!(
            "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n  <PublishResult>\n    \
             <MessageId>{id}</MessageId>{sequence_xml}\n  </PublishResult>\n  <ResponseMetadata>\n    \
             <RequestId>{request_id}</RequestId>\n  </ResponseMetadata>\n</PublishResponse>\n"
        );
        let headers = [
            ("x-amzn-RequestId", request_id.to_string()),
            ("connection", "keep-alive".to_string()),
            ("Content-Length", xml.len().to_string()),
            ("Date", wire::http_date(ctx.now)),
            ("Content-Type", "text/xml".to_string()),
        ];
        wire::add_sdk_metadata(&mut response, &headers, request_id);
    }
    wire::alphabetical(response)
}
