//! Finding a task token in what an execution sent — SQS messages, SNS notifications, Lambda
//! payloads, EventBridge events — as a worker outside Step Functions would have to.

use serde::Serialize;
use serde_json::Value;

/// Where a scripted worker reads task tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenSource {
    /// Any of the places below.
    #[default]
    Any,
    /// SQS message bodies and attributes.
    Sqs,
    /// SNS messages published to topics.
    Sns,
    /// Lambda invocation payloads.
    Lambda,
    /// EventBridge events.
    Eventbridge,
}

impl TokenSource {
    /// Reads `any`, `sqs`, `sns`, `lambda` or `eventbridge`.
    pub fn parse(text: &str) -> Option<TokenSource> {
        Some(match text {
            "any" => TokenSource::Any,
            "sqs" => TokenSource::Sqs,
            "sns" => TokenSource::Sns,
            "lambda" => TokenSource::Lambda,
            "eventbridge" => TokenSource::Eventbridge,
            _ => return None,
        })
    }

    /// The kind of thing searched, in words: "SQS message".
    pub fn describe(self) -> &'static str {
        match self {
            TokenSource::Any => "SQS message, SNS notification, Lambda payload or EventBridge event",
            TokenSource::Sqs => "SQS message",
            TokenSource::Sns => "SNS notification",
            TokenSource::Lambda => "Lambda payload",
            TokenSource::Eventbridge => "EventBridge event",
        }
    }
}

/// Where in the services' snapshot `token` appears, in words ("the SQS message in queue
/// `orders`"), or `None` when nothing the execution sent holds it.
pub fn find_token(services: &Value, token: &str, from: TokenSource) -> Option<String> {
    let places = [
        (
            TokenSource::Sqs,
            "/sqs/queues",
            "messages",
            "the SQS message in queue",
        ),
        (
            TokenSource::Sns,
            "/sns/topics",
            "messages",
            "the SNS message to topic",
        ),
        (
            TokenSource::Lambda,
            "/lambda/functions",
            "invocations",
            "the payload sent to Lambda function",
        ),
        (
            TokenSource::Eventbridge,
            "/eventbridge/buses",
            "events",
            "the event on bus",
        ),
    ];
    places
        .into_iter()
        .filter(|(source, ..)| from == TokenSource::Any || from == *source)
        .find_map(|(source, path, list, words)| {
            let owners = services.pointer(path)?.as_object()?;
            owners.iter().find_map(|(owner, body)| {
                let items = body.get(list)?.as_array()?;
                let holds = items.iter().any(|item| {
                    // A Lambda invocation also records the function's result: only the payload was sent.
                    let sent = if source == TokenSource::Lambda {
                        item.get("payload")
                    } else {
                        Some(item)
                    };
                    sent.is_some_and(|v| contains_text(v, token))
                });
                holds.then(|| format!("{words} `{owner}`"))
            })
        })
}

fn contains_text(value: &Value, text: &str) -> bool {
    match value {
        Value::String(s) => s.contains(text),
        Value::Array(items) => items.iter().any(|v| contains_text(v, text)),
        Value::Object(map) => map.values().any(|v| contains_text(v, text)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_token_is_found_inside_a_message_body_text() {
        let services =
            json!({"sqs": {"queues": {"orders": {"messages": [{"body": "{\"TaskToken\":\"AQBx1\"}"}]}}}});
        assert_eq!(
            find_token(&services, "AQBx1", TokenSource::Any).as_deref(),
            Some("the SQS message in queue `orders`")
        );
        assert_eq!(find_token(&services, "AQBx1", TokenSource::Sns), None);
        assert_eq!(find_token(&services, "AQBzz", TokenSource::Any), None);
    }

    #[test]
    fn a_lambda_result_holding_the_token_does_not_count() {
        let services =
            json!({"lambda": {"functions": {"f": {"invocations": [{"payload": {}, "result": "AQBx1"}]}}}});
        assert_eq!(find_token(&services, "AQBx1", TokenSource::Lambda), None);
    }
}
