//! The data-flow trace: how each state execution changed the JSON, step by step, for the lab's inspector.

use serde::Serialize;
use serde_json::Value;

/// The JSON after each data-flow step of one state execution, like the
/// TestState API's inspection data. Steps a state does not have stay `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataFlow {
    /// The state's raw input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// After InputPath.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_input_path: Option<Value>,
    /// After Parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_parameters: Option<Value>,
    /// The state's result (a Pass state's Result or its effective input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    /// After ResultSelector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_result_selector: Option<Value>,
    /// After ResultPath.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_result_path: Option<Value>,
    /// The state's output, after OutputPath.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
}

/// One state execution, as the inspector shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateRecord {
    /// The state's name.
    pub name: String,
    /// The state's `Type`.
    pub state_type: &'static str,
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
}
