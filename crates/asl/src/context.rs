//! The Context object (`$$`): facts about the execution and the current state.

use crate::clock::Timestamp;
use serde_json::{json, Value};

/// Who and where an execution runs: the parts of its ARNs and its start.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionIdentity {
    /// The execution's name (the last part of its ARN).
    pub name: String,
    /// The state machine's name.
    pub state_machine_name: String,
    /// AWS region in the ARNs.
    pub region: String,
    /// AWS account id in the ARNs.
    pub account: String,
    /// The role the execution runs as.
    pub role_arn: String,
    /// When the execution started, on the virtual clock.
    pub start_time: Timestamp,
}

impl Default for ExecutionIdentity {
    fn default() -> Self {
        ExecutionIdentity {
            name: "lab-execution".into(),
            state_machine_name: "LabStateMachine".into(),
            region: "us-east-1".into(),
            account: "123456789012".into(),
            role_arn: "arn:aws:iam::123456789012:role/StepFunctionsLabRole".into(),
            start_time: Timestamp::DEFAULT_START,
        }
    }
}

impl ExecutionIdentity {
    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`.
    pub fn state_machine_arn(&self) -> String {
        format!(
            "arn:aws:states:{}:{}:stateMachine:{}",
            self.region, self.account, self.state_machine_name
        )
    }

    /// `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`.
    pub fn execution_arn(&self) -> String {
        format!(
            "arn:aws:states:{}:{}:execution:{}:{}",
            self.region, self.account, self.state_machine_name, self.name
        )
    }
}

/// What the Context object holds while one state runs.
#[derive(Debug, Clone, Copy)]
pub struct StateContext<'a> {
    /// The execution's identity.
    pub identity: &'a ExecutionIdentity,
    /// The execution's original input.
    pub execution_input: &'a Value,
    /// The state's name.
    pub state_name: &'a str,
    /// When the state was entered.
    pub entered_time: Timestamp,
    /// How many times the state has been retried; only states with Retry rules have it.
    pub retry_count: Option<u32>,
    /// `$$.Task.Token` of a `.waitForTaskToken` task.
    pub task_token: Option<&'a str>,
    /// `$$.Map.Item.Index` and `.Value` while a Map state builds an item's input.
    pub map_item: Option<(usize, &'a Value)>,
}

impl StateContext<'_> {
    /// The Context object as JSON, built only when a `$$` path asks for it.
    pub fn to_value(&self) -> Value {
        self.to_value_with(None)
    }

    /// The Context object with only the top-level keys in `keys` (all when `None`): an
    /// expression that reads `$states.context.Map` need not copy the execution's input.
    pub fn to_value_with(&self, keys: Option<&[String]>) -> Value {
        let wanted = |key: &str| keys.is_none_or(|keys| keys.iter().any(|k| k == key));
        let identity = self.identity;
        let mut context = serde_json::Map::new();
        if wanted("Execution") {
            context.insert(
                "Execution".into(),
                json!({
                    "Id": identity.execution_arn(),
                    "Input": self.execution_input,
                    "StartTime": identity.start_time.to_iso8601(),
                    "Name": identity.name,
                    "RoleArn": identity.role_arn,
                    "RedriveCount": 0
                }),
            );
        }
        if wanted("StateMachine") {
            context.insert(
                "StateMachine".into(),
                json!({
                    "Id": identity.state_machine_arn(),
                    "Name": identity.state_machine_name
                }),
            );
        }
        if wanted("State") {
            let mut state = json!({
                "EnteredTime": self.entered_time.to_iso8601(),
                "Name": self.state_name
            });
            if let Some(count) = self.retry_count {
                state["RetryCount"] = json!(count);
            }
            context.insert("State".into(), state);
        }
        if let Some(token) = self.task_token.filter(|_| wanted("Task")) {
            context.insert("Task".into(), json!({ "Token": token }));
        }
        if let Some((index, value)) = self.map_item.filter(|_| wanted("Map")) {
            context.insert(
                "Map".into(),
                json!({ "Item": { "Index": index, "Value": value } }),
            );
        }
        Value::Object(context)
    }
}
