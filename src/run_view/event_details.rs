//! A history event's details as the table shows them, and the whole history as GetExecutionHistory returns it.

use asl::history::HistoryEvent;
use serde_json::{json, Value};

/// Fields that AWS sends as JSON text (`"input": "{\"a\":1}"`).
const JSON_TEXT_FIELDS: [&str; 3] = ["input", "output", "parameters"];

/// The event's `...EventDetails` key and object, with the JSON texts inside it (input, output,
/// parameters, assigned variables) shown as the JSON they hold, which is what a learner wants to
/// read; `None` for events AWS records without details (`LambdaFunctionStarted`...).
pub fn readable_details(event: &HistoryEvent) -> Option<(String, Value)> {
    let Value::Object(fields) = event.to_json() else {
        return None;
    };
    let (key, mut details) = fields.into_iter().find(|(k, _)| k.ends_with("EventDetails"))?;
    if let Value::Object(map) = &mut details {
        for field in JSON_TEXT_FIELDS {
            if let Some(value) = map.get_mut(field) {
                expand(value);
            }
        }
        if let Some(Value::Object(assigned)) = map.get_mut("assignedVariables") {
            assigned.values_mut().for_each(expand);
        }
    }
    Some((key, details))
}

/// Replaces JSON text by the JSON it holds; leaves other strings alone.
fn expand(value: &mut Value) {
    if let Some(parsed) = value
        .as_str()
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
    {
        *value = parsed;
    }
}

/// `{"events": [...]}`, pretty-printed: the shape of GetExecutionHistory's response, so the file
/// reads like one saved from AWS (inputs and outputs stay JSON text, as AWS returns them).
pub fn history_document(events: &[HistoryEvent]) -> String {
    let document = json!({ "events": events.iter().map(HistoryEvent::to_json).collect::<Vec<_>>() });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use asl::{run, RunOptions, StateMachine};

    fn events() -> Vec<HistoryEvent> {
        let definition = json!({"StartAt": "A", "States": {"A": {"Type": "Pass",
            "Result": {"n": 1}, "Assign": {"seen": true}, "End": true}}});
        let machine = StateMachine::from_json_text(&definition.to_string()).expect("valid");
        run(&machine, json!({"x": [1, 2]}), &RunOptions::default()).events
    }

    #[test]
    fn details_show_json_texts_as_json() {
        let events = events();
        let (key, details) = readable_details(&events[1]).expect("entered has details");
        assert_eq!(key, "stateEnteredEventDetails");
        assert_eq!(details["name"], "A");
        assert_eq!(details["input"], json!({"x": [1, 2]}));
        let (key, details) = readable_details(&events[2]).expect("exited has details");
        assert_eq!(key, "stateExitedEventDetails");
        assert_eq!(details["output"], json!({"n": 1}));
        assert_eq!(details["assignedVariables"], json!({"seen": true}));
    }

    #[test]
    fn the_saved_history_has_get_execution_history_s_shape() {
        let events = events();
        let document: Value = serde_json::from_str(&history_document(&events)).expect("JSON");
        let saved = document["events"].as_array().expect("an events array");
        assert_eq!(saved.len(), events.len());
        assert_eq!(saved[0]["type"], "ExecutionStarted");
        assert_eq!(saved[0]["id"], 1);
        assert_eq!(saved[0]["previousEventId"], 0);
        assert_eq!(saved[0]["timestamp"], "2024-01-01T00:00:00.000Z");
        assert_eq!(saved[0]["executionStartedEventDetails"]["input"], "{\"x\":[1,2]}");
        assert_eq!(saved[3]["type"], "ExecutionSucceeded");
    }
}
