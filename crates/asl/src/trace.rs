//! The data-flow trace: how each state execution changed the JSON, step by step, for the lab's inspector.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

/// The JSON after each data-flow step of one state execution, like the
/// TestState API's inspection data. Steps a state does not have stay `None`.
///
/// Steps that leave the JSON as it was hold the same `Arc` as the step before (and as the
/// history's events and the next state's input): a state's JSON is copied only where a step
/// builds a new value. Serialized, each is the JSON value itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataFlow {
    /// The state's raw input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Arc<Value>>,
    /// After InputPath.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_input_path: Option<Arc<Value>>,
    /// After Parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_parameters: Option<Arc<Value>>,
    /// A JSONata Task's or Parallel's evaluated Arguments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_arguments: Option<Arc<Value>>,
    /// A Map state's items, after ItemsPath.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_items_path: Option<Arc<Value>>,
    /// A Map state's item inputs, after ItemSelector (and ItemBatcher).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_item_selector: Option<Arc<Value>>,
    /// The state's result (a Pass state's Result or its effective input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Arc<Value>>,
    /// After ResultSelector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_result_selector: Option<Arc<Value>>,
    /// After ResultPath.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_result_path: Option<Arc<Value>>,
    /// A Choice state's matching rule (its index in Choices); none when Default was taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_rule: Option<usize>,
    /// The workflow variables the state could read, when there were any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables_before: Option<Arc<Value>>,
    /// The workflow variables the state assigned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned: Option<Arc<Value>>,
    /// All the workflow variables once the state assigned some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables_after: Option<Arc<Value>>,
    /// The state's output, after OutputPath.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Arc<Value>>,
}

/// One state execution, as the inspector shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateRecord {
    /// The state's name.
    pub name: String,
    /// The state's `Type`.
    #[serde(deserialize_with = "crate::static_names::deserialize")]
    pub state_type: crate::static_names::StaticName,
    /// The id of its `...StateEntered` event.
    pub entered_event_id: u64,
    /// The JSON at each step.
    #[serde(flatten)]
    pub flow: DataFlow,
    /// The error that ended the state, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Its cause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// Each failed attempt that a Retry rule retried.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub retries: Vec<RetryRecord>,
    /// The error a Catch rule caught, and where it went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caught: Option<CatchRecord>,
}

/// One retried attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryRecord {
    /// 1 for the first retry.
    pub attempt: u32,
    /// The error that caused it.
    pub error: String,
    /// Its cause.
    pub cause: Option<String>,
    /// How long the state waited before retrying, in seconds of virtual time.
    pub delay_seconds: f64,
}

/// An error caught by a Catch rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatchRecord {
    /// The error.
    pub error: String,
    /// Its cause.
    pub cause: Option<String>,
    /// The state the catcher went to.
    pub next: String,
    /// The catcher's index in Catch.
    pub index: usize,
}
