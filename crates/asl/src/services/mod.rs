//! The simulated cloud: in-memory AWS services that Task states call, inspectable after a run.
//!
//! A [`Cloud`] is built from a *world* description (JSON) that declares Lambda
//! functions and their behaviours, queues, topics, tables, buckets and so on.
//! Task states call it through [`Cloud::call`] (optimized integrations and the
//! AWS SDK form) and [`Cloud::invoke_function`] (the Lambda function-ARN form).

use crate::clock::Timestamp;
use crate::error::StatesError;
use crate::history::TaskResource;
use crate::random::Random;
use serde_json::{json, Value};

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
    /// `DynamoDB.ConditionalCheckFailedException`, a Lambda function's own error...). Retry and Catch see it.
    Failed(StatesError),
    /// The simulation has no such service, action, function or resource: the message says
    /// what exists instead. The state fails with `States.Runtime`, naming itself.
    Unsupported(String),
}

/// Every simulated service and its state.
#[derive(Debug, Clone, Default)]
pub struct Cloud {}

impl Cloud {
    /// Builds the services a world describes; every problem in it is reported.
    pub fn from_world(_world: &Value) -> Result<Cloud, Vec<String>> {
        Ok(Cloud {})
    }

    /// Calls an optimized integration (`arn:aws:states:::sqs:sendMessage`) or the
    /// AWS SDK form (`arn:aws:states:::aws-sdk:s3:putObject`) with its parameters.
    /// Integration-pattern suffixes (`.sync`, `.waitForTaskToken`) are already removed.
    pub fn call(
        &mut self,
        resource: &TaskResource,
        _parameters: &Value,
        _ctx: &CallContext<'_>,
    ) -> Result<Value, CallError> {
        Err(CallError::Unsupported(format!(
            "the simulated cloud has no service for '{}:{}' yet",
            resource.resource_type, resource.resource
        )))
    }

    /// Calls a Lambda function directly by ARN and returns its payload.
    pub fn invoke_function(
        &mut self,
        arn: &str,
        _payload: &Value,
        _ctx: &CallContext<'_>,
    ) -> Result<Value, CallError> {
        Err(CallError::Unsupported(format!(
            "the simulated cloud has no Lambda function '{arn}' yet"
        )))
    }

    /// Whether the world declares a Lambda function with this name or ARN.
    pub fn has_function(&self, _name_or_arn: &str) -> bool {
        false
    }

    /// The state of every service as plain data, for the lab's services panel and for checks.
    pub fn snapshot(&self) -> Value {
        json!({})
    }
}
