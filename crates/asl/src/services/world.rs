//! Reading the *world*: the JSON description of the simulated cloud a run starts with.
//!
//! Every section is optional; unknown fields anywhere are errors that name
//! where they are (`lambda.functions.backup: unknown behaviour field 'retrns'
//! (did you mean 'returns'?)`). A complete example:
//!
//! ```json
//! {
//!   "comment": "free text, ignored",
//!   "lambda": {
//!     "functions": {
//!       "backup": {"random": [
//!         {"weight": 1, "returns": {"IsBackupSuccessful": true}},
//!         {"weight": 1, "throws": {"error": "Exception", "cause": "Backup simulation failed."}}
//!       ]},
//!       "charge": {"sequence": [
//!         {"throws": {"error": "Lambda.TooManyRequestsException"}},
//!         {"template": {"orderId.$": "$.orderId", "charged": true}}
//!       ]},
//!       "echo": {"echo": true}
//!     }
//!   },
//!   "sqs": {"queues": {"approvals": {}, "orders.fifo": {"contentBasedDeduplication": true}}},
//!   "sns": {"topics": {"alerts": {"subscribers": [
//!     "manager@example.com",
//!     {"protocol": "sqs", "endpoint": "approvals", "rawMessageDelivery": true}
//!   ]}}},
//!   "dynamodb": {"tables": {
//!     "Orders": {"key": "orderId", "items": [{"orderId": {"S": "o-1"}, "total": {"N": "42"}}]},
//!     "Inventory": {"key": {"sku": "S"}, "items": [{"sku": {"S": "apple"}, "stock": {"N": "5"}}]},
//!     "Events": {"key": {"pk": "S", "ts": "N"}}
//!   }},
//!   "s3": {"buckets": {"invoices": {"objects": {
//!     "readme.txt": "plain text body",
//!     "orders.json": {"json": [{"id": 1}, {"id": 2}]},
//!     "report.csv": {"body": "id,total\n1,42\n", "contentType": "text/csv"}
//!   }}}},
//!   "eventbridge": {"buses": {"orders": {}}}
//! }
//! ```
//!
//! - **lambda.functions**: function name → [behaviour](super::behaviour) (what the
//!   function returns or raises per invocation).
//! - **sqs.queues**: queue name → `{}`; names ending in `.fifo` are FIFO queues,
//!   which may set `contentBasedDeduplication`. Queue URLs are
//!   `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`.
//! - **sns.topics**: topic name → `{"subscribers": [...]}` (names ending in `.fifo`
//!   are FIFO topics, which may set `contentBasedDeduplication`). A subscriber is
//!   an e-mail address, an `https://` URL, a phone number (`+1...`), an SQS queue
//!   ARN, or `{"protocol": "email" | "email-json" | "sqs" | "https" | "http" | "sms",
//!   "endpoint": ..., "rawMessageDelivery": bool}`; an `sqs` endpoint is a queue
//!   of this world (its name or ARN), which then receives the messages.
//! - **dynamodb.tables**: table name → `{"key": ..., "items": [...]}`. The key is
//!   the partition key's name (type `S`), a list of one or two names (type `S`), or
//!   an object `{"pk": "S", "sk": "N"}` (partition key first; types `S`, `N`, `B`).
//!   Items are in DynamoDB's attribute-value JSON, as the API takes them.
//! - **s3.buckets**: bucket name → `{"objects": {key: object}}`; an object is its
//!   body text, or `{"body": text}` / `{"json": value}` (stored as compact JSON
//!   text) with optional `contentType` and `metadata`.
//! - **eventbridge.buses**: extra event buses besides `default`, name → `{}`.

use super::dynamodb::DynamoDb;
use super::eventbridge::EventBridge;
use super::lambda::Lambda;
use super::s3::S3;
use super::sns::Sns;
use super::sqs::Sqs;
use super::Cloud;
use crate::suggest;
use serde_json::{Map, Value};

const SECTIONS: [&str; 7] = ["comment", "lambda", "sqs", "sns", "dynamodb", "s3", "eventbridge"];

/// Builds the cloud a world describes, or lists every problem in it.
pub(crate) fn read(world: &Value) -> Result<Cloud, Vec<String>> {
    let mut errors = Vec::new();
    let empty = Map::new();
    let map = match world {
        Value::Null => &empty,
        other => match expect_object(other, "world", "an object of sections", &mut errors) {
            Some(map) => map,
            None => return Err(errors),
        },
    };
    check_fields(map, "world", "section", &SECTIONS, &mut errors);
    let section = |name: &str| map.get(name).unwrap_or(&Value::Null);
    let lambda = Lambda::from_world(section("lambda"), "lambda", &mut errors);
    let sqs = Sqs::from_world(section("sqs"), "sqs", &mut errors);
    let sns = Sns::from_world(section("sns"), "sns", &sqs, &mut errors);
    let dynamodb = DynamoDb::from_world(section("dynamodb"), "dynamodb", &mut errors);
    let s3 = S3::from_world(section("s3"), "s3", &mut errors);
    let eventbridge = EventBridge::from_world(section("eventbridge"), "eventbridge", &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Cloud {
        lambda,
        sqs,
        sns,
        dynamodb,
        s3,
        eventbridge,
        place: None,
    })
}

/// The location of `key` inside `location`; keys with dots or spaces are quoted.
pub(crate) fn child(location: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
    if plain {
        format!("{location}.{key}")
    } else {
        format!("{location}[{}]", serde_json::to_string(key).unwrap_or_default())
    }
}

/// The object at `location`, or an error saying what was expected there.
pub(crate) fn expect_object<'a>(
    value: &'a Value,
    location: &str,
    what: &str,
    errors: &mut Vec<String>,
) -> Option<&'a Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        other => {
            errors.push(format!("{location}: expected {what}, found {}", kind_of(other)));
            None
        }
    }
}

/// The section at `location` as an object, where a missing section (`null`) is empty.
pub(crate) fn section<'a>(
    value: &'a Value,
    location: &str,
    allowed: &[&str],
    errors: &mut Vec<String>,
) -> Option<&'a Map<String, Value>> {
    if value.is_null() {
        return None;
    }
    let map = expect_object(value, location, "an object", errors)?;
    check_fields(map, location, "field", allowed, errors);
    Some(map)
}

/// The entries of the object at `map[field]` (such as `functions`), if any.
pub(crate) fn entries<'a>(
    map: Option<&'a Map<String, Value>>,
    field: &str,
    location: &str,
    errors: &mut Vec<String>,
) -> Vec<(&'a String, &'a Value)> {
    let Some(value) = map.and_then(|m| m.get(field)) else {
        return Vec::new();
    };
    let here = child(location, field);
    match expect_object(value, &here, "an object of names", errors) {
        Some(map) => map.iter().collect(),
        None => Vec::new(),
    }
}

/// Reports every field of `map` not in `allowed`, suggesting the closest allowed one.
pub(crate) fn check_fields(
    map: &Map<String, Value>,
    location: &str,
    what: &str,
    allowed: &[&str],
    errors: &mut Vec<String>,
) {
    for key in map.keys() {
        if allowed.contains(&key.as_str()) {
            continue;
        }
        // Long names allow more typos: one in four characters, and at least two.
        let hint = match suggest::closest(key, allowed.iter().copied(), |c| 2.max(c.len() / 4)) {
            Some(close) => format!(" (did you mean '{close}'?)"),
            None => format!(
                " (expected {})",
                allowed
                    .iter()
                    .map(|a| format!("'{a}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        errors.push(format!("{location}: unknown {what} field '{key}'{hint}"));
    }
}

/// "a string", "a list"... for error messages.
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_locations_quote_names_that_are_not_identifiers() {
        assert_eq!(child("s3.buckets", "a.json"), "s3.buckets[\"a.json\"]");
        assert_eq!(child("lambda.functions", "backup"), "lambda.functions.backup");
    }
}
