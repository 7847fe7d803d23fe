//! The simulated cloud: in-memory AWS services that Task states call, inspectable after a run.
//!
//! A [`Cloud`] is built from a *world* description (JSON, see [`world`]) that
//! declares Lambda functions and their behaviours, queues, topics, tables,
//! buckets and event buses. Task states call it through [`Cloud::call`]
//! (optimized integrations and the AWS SDK form) and [`Cloud::invoke_function`]
//! (the Lambda function-ARN form); [`Cloud::snapshot`] shows what every service
//! holds afterwards: messages sent, e-mails delivered, items, objects, events,
//! function invocations.
//!
//! What is simulated, with AWS's request and response shapes and error names:
//!
//! | Task resource | actions |
//! |---|---|
//! | `arn:aws:states:::lambda:invoke`, `arn:aws:lambda:REGION:ACCOUNT:function:NAME` | invoke |
//! | `arn:aws:states:::sqs:sendMessage`, `aws-sdk:sqs` | sendMessage |
//! | `arn:aws:states:::sns:publish`, `aws-sdk:sns` | publish |
//! | `arn:aws:states:::dynamodb:*`, `aws-sdk:dynamodb` | putItem, getItem, updateItem, deleteItem (+ scan, query in the SDK form) |
//! | `arn:aws:states:::aws-sdk:s3:*` | putObject, getObject, headObject, deleteObject, listObjectsV2, listObjects |
//! | `arn:aws:states:::events:putEvents`, `aws-sdk:eventbridge` | putEvents |
//!
//! Resources are found by name: the region and account in a queue URL or a
//! function ARN do not have to match the execution's, so definitions written
//! for a real account run unchanged. A resource the world does not declare
//! fails as AWS fails (`Lambda.ResourceNotFoundException`,
//! `SQS.QueueDoesNotExistException`, `SNS.NotFoundException`,
//! `DynamoDB.ResourceNotFoundException`, `S3.NoSuchBucketException`); only a
//! service or action the simulation lacks is [`CallError::Unsupported`].
//!
//! The [snapshot](Cloud::snapshot) shows, per service (all sections always present):
//!
//! ```text
//! lambda.functions.NAME       {arn, invocations: [{requestId, time, via, invocationType, executedVersion,
//!                                                  payload, result | error: {errorType, errorMessage}}]}
//! sqs.queues.NAME             {url, arn, fifo, messages: [{messageId, body, md5OfBody, sentAt,
//!                                                         attributes: {SenderId, SentTimestamp, MessageGroupId...},
//!                                                         messageAttributes?, delaySeconds?}]}
//! sns.topics.NAME             {arn, fifo, subscriptions: [...], messages: [{messageId, publishedAt, message, subject?,
//!                                                         deliveries: [{protocol, endpoint, subject?, body}]}]}
//! sns.sms                     [{messageId, phoneNumber, message, publishedAt}]
//! dynamodb.tables.NAME        {key: {NAME: TYPE}, items: [item in attribute-value JSON, in key order]}
//! s3.buckets.NAME.objects.KEY {body, contentType, etag, size, lastModified, metadata?}
//! eventbridge.buses.NAME      {arn, events: [{version, id, detail-type, source, account, time, region, resources, detail}]}
//! ```

pub mod behaviour;
mod dynamodb;
mod eventbridge;
mod lambda;
pub mod s3;
mod sns;
mod sqs;
mod wire;
pub mod world;

pub use behaviour::Behaviour;

use crate::clock::Timestamp;
use crate::error::StatesError;
use crate::history::TaskResource;
use crate::random::Random;
use serde_json::{json, Value};
use wire::Dialect;

/// What a service call may use besides its parameters.
pub struct CallContext<'a> {
    /// Randomness for ids and for behaviours that succeed at random.
    pub random: &'a Random,
    /// The virtual time of the call.
    pub now: Timestamp,
    /// Region of the ARNs and URLs the services make.
    pub region: &'a str,
    /// Account of the ARNs and URLs the services make.
    pub account: &'a str,
}

/// Why a service call did not return a result.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// The service answered with an error, as AWS would (`SQS.QueueDoesNotExistException`,
    /// `DynamoDB.ConditionalCheckFailedException`, `Lambda.ResourceNotFoundException`,
    /// a Lambda function's own error...). Retry and Catch see it.
    Failed(StatesError),
    /// The simulation has no such service or action: the message says what is
    /// supported instead. The state fails with `States.Runtime`, naming itself.
    Unsupported(String),
}

impl From<StatesError> for CallError {
    fn from(error: StatesError) -> Self {
        CallError::Failed(error)
    }
}

/// Every simulated service and its state.
#[derive(Debug, Clone, Default)]
pub struct Cloud {
    lambda: lambda::Lambda,
    sqs: sqs::Sqs,
    sns: sns::Sns,
    dynamodb: dynamodb::DynamoDb,
    s3: s3::S3,
    eventbridge: eventbridge::EventBridge,
    /// Region and account of the latest call, for the URLs and ARNs the snapshot shows.
    place: Option<(String, String)>,
}

/// The region and account shown before any call names them (those of a default execution).
const DEFAULT_PLACE: (&str, &str) = ("us-east-1", "123456789012");

/// The supported resources, for messages about unsupported ones.
const SUPPORTED: &str = "lambda:invoke, sqs:sendMessage, sns:publish, \
dynamodb:putItem/getItem/updateItem/deleteItem, events:putEvents, \
aws-sdk:dynamodb:putItem/getItem/updateItem/deleteItem/scan/query, \
aws-sdk:s3:putObject/getObject/headObject/deleteObject/listObjectsV2/listObjects, \
aws-sdk:sqs:sendMessage, aws-sdk:sns:publish, aws-sdk:eventbridge:putEvents, \
and Lambda functions by ARN";

impl Cloud {
    /// Builds the services a world describes; every problem in it is reported,
    /// each naming where it is (`sqs.queues.orders: unknown queue field 'fifo'`).
    pub fn from_world(world: &Value) -> Result<Cloud, Vec<String>> {
        world::read(world)
    }

    /// Calls an optimized integration (`arn:aws:states:::sqs:sendMessage`) or the
    /// AWS SDK form (`arn:aws:states:::aws-sdk:s3:putObject`) with its parameters.
    /// Integration-pattern suffixes (`.sync`, `.waitForTaskToken`) are already removed.
    pub fn call(
        &mut self,
        resource: &TaskResource,
        parameters: &Value,
        ctx: &CallContext<'_>,
    ) -> Result<Value, CallError> {
        self.place = Some((ctx.region.to_string(), ctx.account.to_string()));
        let action = resource.resource.as_str();
        let unsupported = |service: &str, actions: &str| {
            Err(CallError::Unsupported(format!(
                "the simulated {service} has no action '{action}' (arn:aws:states:::{}:{action}); \
                 it supports {actions}",
                resource.resource_type
            )))
        };
        match resource.resource_type.as_str() {
            "lambda" => match action {
                "invoke" => self.lambda.invoke_integration(parameters, ctx),
                // A function ARN as the resource, as history events name it.
                arn if arn.starts_with("arn:") => self.lambda.invoke_by_arn(arn, parameters, ctx),
                _ => unsupported("Lambda integration", "invoke"),
            },
            "sqs" | "aws-sdk:sqs" => match action {
                "sendMessage" => self.sqs.send_message(dialect(resource), parameters, ctx),
                _ => unsupported("SQS", "sendMessage"),
            },
            "sns" | "aws-sdk:sns" => match action {
                "publish" => {
                    let (result, deliveries) = self.sns.publish(dialect(resource), parameters, ctx)?;
                    for delivery in deliveries {
                        self.sqs.deliver(delivery, ctx);
                    }
                    Ok(result)
                }
                _ => unsupported("SNS", "publish"),
            },
            "dynamodb" | "aws-sdk:dynamodb" => {
                let dialect = dialect(resource);
                let sdk_only = matches!(action, "scan" | "query");
                if !dynamodb::ACTIONS.contains(&action) || (sdk_only && dialect == Dialect::Optimized) {
                    let actions = if dialect == Dialect::Optimized {
                        "putItem, getItem, updateItem and deleteItem"
                    } else {
                        "putItem, getItem, updateItem, deleteItem, scan and query"
                    };
                    return unsupported("DynamoDB", actions);
                }
                self.dynamodb.call(dialect, action, parameters, ctx)
            }
            "aws-sdk:s3" => match self.s3.call(action, parameters, ctx) {
                Some(result) => result,
                None => unsupported(
                    "S3",
                    "putObject, getObject, headObject, deleteObject, listObjectsV2 and listObjects",
                ),
            },
            "events" | "aws-sdk:eventbridge" => match action {
                "putEvents" => self.eventbridge.put_events(dialect(resource), parameters, ctx),
                _ => unsupported("EventBridge", "putEvents"),
            },
            "s3" => Err(CallError::Unsupported(format!(
                "Step Functions has no optimized S3 integration (arn:aws:states:::s3:{action}): \
                 call S3 through the AWS SDK integration, arn:aws:states:::aws-sdk:s3:{action}"
            ))),
            other => Err(CallError::Unsupported(format!(
                "the simulated cloud has no service for 'arn:aws:states:::{other}:{action}'; \
                 it supports {SUPPORTED}"
            ))),
        }
    }

    /// Calls a Lambda function directly by ARN and returns its payload.
    pub fn invoke_function(
        &mut self,
        arn: &str,
        payload: &Value,
        ctx: &CallContext<'_>,
    ) -> Result<Value, CallError> {
        self.place = Some((ctx.region.to_string(), ctx.account.to_string()));
        self.lambda.invoke_by_arn(arn, payload, ctx)
    }

    /// Whether the world declares a Lambda function with this name or ARN
    /// (any region and account, with or without a qualifier).
    pub fn has_function(&self, name_or_arn: &str) -> bool {
        self.lambda.has_function(name_or_arn)
    }

    /// The S3 buckets and their objects, for readers such as a Distributed Map's ItemReader.
    pub fn s3(&self) -> &s3::S3 {
        &self.s3
    }

    /// The state of every service as plain data, for the lab's services panel and for checks:
    /// `{"lambda": {"functions": ...}, "sqs": {"queues": ...}, "sns": {"topics": ...},
    /// "dynamodb": {"tables": ...}, "s3": {"buckets": ...}, "eventbridge": {"buses": ...}}`.
    pub fn snapshot(&self) -> Value {
        let (region, account) = match &self.place {
            Some((region, account)) => (region.as_str(), account.as_str()),
            None => DEFAULT_PLACE,
        };
        json!({
            "lambda": self.lambda.snapshot(region, account),
            "sqs": self.sqs.snapshot(region, account),
            "sns": self.sns.snapshot(region, account),
            "dynamodb": self.dynamodb.snapshot(),
            "s3": self.s3.snapshot(),
            "eventbridge": self.eventbridge.snapshot(region, account),
        })
    }
}

fn dialect(resource: &TaskResource) -> Dialect {
    if resource.resource_type.starts_with("aws-sdk:") {
        Dialect::Sdk
    } else {
        Dialect::Optimized
    }
}

/// A required string parameter, or `None` when it is absent or null.
fn string_param<'a>(parameters: &'a Value, name: &str) -> Option<&'a str> {
    parameters.get(name).and_then(Value::as_str)
}

/// Text as Step Functions sends a message body: strings as they are, other JSON as its compact text.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}
