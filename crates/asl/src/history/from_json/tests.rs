//! Every kind of event survives `to_json` and `from_json`, and serde uses that shape.

use super::*;
use crate::clock::Timestamp;
use crate::{run, RunOptions, StateMachine};
use serde_json::json;

fn resource() -> TaskResource {
    TaskResource {
        resource_type: "sqs".into(),
        resource: "sendMessage.waitForTaskToken".into(),
    }
}

/// One event of each kind, with the fields AWS may leave out both present and absent.
fn every_kind() -> Vec<EventDetails> {
    use EventDetails as E;
    let error = || Some("States.Timeout".to_string());
    let cause = || Some("took \"too\" long: é\n".to_string());
    let tricky = json!({"one": 1, "float": 1.0, "big": 1e300, "neg": -0.5, "text": "é\u{1F600}\"", "list": [null, true, {}]});
    vec![
        E::ExecutionStarted {
            input: tricky.clone(),
            role_arn: "arn:aws:iam::123456789012:role/lab".into(),
        },
        E::ExecutionSucceeded { output: json!(null) },
        E::ExecutionFailed {
            error: error(),
            cause: cause(),
        },
        E::ExecutionFailed {
            error: None,
            cause: None,
        },
        E::ExecutionTimedOut {
            error: error(),
            cause: None,
        },
        E::StateEntered {
            state_type: "Pass",
            name: "Greet".into(),
            input: Arc::new(tricky.clone()),
        },
        E::StateExited {
            state_type: "Map",
            name: "Each".into(),
            output: Arc::new(json!([1, 2])),
            assigned_variables: None,
        },
        E::StateExited {
            state_type: "Task",
            name: "Save".into(),
            output: Arc::new(json!("done")),
            assigned_variables: Some(
                [
                    ("count".to_string(), json!(3)),
                    ("seen".to_string(), tricky.clone()),
                ]
                .into(),
            ),
        },
        E::TaskScheduled {
            resource: resource(),
            region: "us-east-1".into(),
            parameters: tricky.clone(),
            timeout_seconds: Some(30),
            heartbeat_seconds: Some(5),
        },
        E::TaskScheduled {
            resource: resource(),
            region: "eu-west-1".into(),
            parameters: json!({}),
            timeout_seconds: None,
            heartbeat_seconds: None,
        },
        E::TaskStarted { resource: resource() },
        E::TaskSubmitted {
            resource: resource(),
            output: json!({"MessageId": "m-1"}),
        },
        E::TaskSucceeded {
            resource: resource(),
            output: json!({"approved": true}),
        },
        E::TaskFailed {
            resource: resource(),
            error: error(),
            cause: cause(),
        },
        E::TaskTimedOut {
            resource: resource(),
            error: error(),
            cause: None,
        },
        E::ActivityScheduled {
            resource: "arn:aws:states:us-east-1:123456789012:activity:a".into(),
            input: json!([]),
            timeout_seconds: Some(60),
            heartbeat_seconds: None,
        },
        E::ActivityStarted {
            worker_name: "worker-1".into(),
        },
        E::ActivitySucceeded { output: json!(2.5) },
        E::ActivityFailed {
            error: None,
            cause: cause(),
        },
        E::ActivityTimedOut {
            error: error(),
            cause: cause(),
        },
        E::LambdaFunctionScheduled {
            resource: "arn:aws:lambda:us-east-1:123456789012:function:f".into(),
            input: json!({"a": 1}),
            timeout_seconds: None,
        },
        E::LambdaFunctionScheduled {
            resource: "f".into(),
            input: json!("x"),
            timeout_seconds: Some(3),
        },
        E::LambdaFunctionStarted,
        E::LambdaFunctionSucceeded {
            output: json!({"b": 2}),
        },
        E::LambdaFunctionFailed {
            error: error(),
            cause: cause(),
        },
        E::LambdaFunctionTimedOut {
            error: error(),
            cause: None,
        },
        E::EvaluationFailed {
            error: error(),
            cause: cause(),
            state: "Check".into(),
        },
        E::ParallelStateStarted,
        E::ParallelStateFailed,
        E::MapRunStarted {
            map_run_arn: "arn:aws:states:us-east-1:123456789012:mapRun:m/1".into(),
        },
        E::MapRunSucceeded,
        E::MapRunFailed,
        E::MapStateStarted { length: 2_000 },
        E::MapStateSucceeded,
        E::MapStateFailed,
        E::MapIterationStarted {
            name: "Each".into(),
            index: 0,
        },
        E::MapIterationSucceeded {
            name: "Each".into(),
            index: 1_999,
        },
        E::MapIterationFailed {
            name: "Each".into(),
            index: 7,
        },
    ]
}

/// Fails to compile when a kind of event is added without a case in `every_kind`.
fn kind_number(details: &EventDetails) -> usize {
    use EventDetails as E;
    match details {
        E::ExecutionStarted { .. } => 0,
        E::ExecutionSucceeded { .. } => 1,
        E::ExecutionFailed { .. } => 2,
        E::ExecutionTimedOut { .. } => 3,
        E::StateEntered { .. } => 4,
        E::StateExited { .. } => 5,
        E::TaskScheduled { .. } => 6,
        E::TaskStarted { .. } => 7,
        E::TaskSubmitted { .. } => 8,
        E::TaskSucceeded { .. } => 9,
        E::TaskFailed { .. } => 10,
        E::TaskTimedOut { .. } => 11,
        E::ActivityScheduled { .. } => 12,
        E::ActivityStarted { .. } => 13,
        E::ActivitySucceeded { .. } => 14,
        E::ActivityFailed { .. } => 15,
        E::ActivityTimedOut { .. } => 16,
        E::LambdaFunctionScheduled { .. } => 17,
        E::LambdaFunctionStarted => 18,
        E::LambdaFunctionSucceeded { .. } => 19,
        E::LambdaFunctionFailed { .. } => 20,
        E::LambdaFunctionTimedOut { .. } => 21,
        E::EvaluationFailed { .. } => 22,
        E::ParallelStateStarted => 23,
        E::ParallelStateFailed => 24,
        E::MapRunStarted { .. } => 25,
        E::MapRunSucceeded => 26,
        E::MapRunFailed => 27,
        E::MapStateStarted { .. } => 28,
        E::MapStateSucceeded => 29,
        E::MapStateFailed => 30,
        E::MapIterationStarted { .. } => 31,
        E::MapIterationSucceeded { .. } => 32,
        E::MapIterationFailed { .. } => 33,
    }
}

fn events(details: Vec<EventDetails>) -> Vec<HistoryEvent> {
    details
        .into_iter()
        .enumerate()
        .map(|(i, details)| HistoryEvent {
            id: i as u64 + 1,
            previous_event_id: i as u64,
            timestamp: Timestamp(Timestamp::DEFAULT_START.0 + 1_234 * i as i64),
            details,
        })
        .collect()
}

fn assert_round_trips(events: &[HistoryEvent]) {
    for event in events {
        let json = event.to_json();
        assert_eq!(HistoryEvent::from_json(&json).as_ref(), Ok(event), "from {json}");
        let text = serde_json::to_string(event).expect("serializes");
        assert_eq!(
            serde_json::from_str::<Value>(&text).expect("JSON"),
            json,
            "serde writes to_json's shape"
        );
        assert_eq!(
            &serde_json::from_str::<HistoryEvent>(&text).expect("reads back"),
            event
        );
    }
}

#[test]
fn every_kind_of_event_reads_back_as_it_was() {
    let kinds = every_kind();
    let mut covered: Vec<usize> = kinds.iter().map(kind_number).collect();
    covered.dedup();
    assert_eq!(
        covered,
        (0..34).collect::<Vec<_>>(),
        "one case per kind, in order"
    );
    assert_round_trips(&events(kinds));
}

#[test]
fn a_real_execution_reads_back_as_it_was() {
    let definition = json!({"StartAt": "Both", "States": {
        "Both": {"Type": "Parallel", "Next": "Each", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"x": 1}, "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 3, "End": true}}}]},
        "Each": {"Type": "Map", "ItemsPath": "$[0].items", "Next": "Fail",
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}},
        "Fail": {"Type": "Fail", "Error": "Done", "Cause": "on purpose"}}});
    let machine = StateMachine::from_json_text(&definition.to_string()).expect("valid");
    let result = run(
        &machine,
        json!({"items": [1, "two", {"three": 3.0}]}),
        &RunOptions::default(),
    );
    assert!(result.events.len() > 20, "{} events", result.events.len());
    assert_round_trips(&result.events);
}

#[test]
fn what_is_missing_is_said_with_the_event_s_id() {
    let event = |value: Value| HistoryEvent::from_json(&value).expect_err("refused");
    let base = json!({"id": 4, "previousEventId": 3, "timestamp": "2024-01-01T00:00:00.000Z"});
    let with = |extra: Value| {
        let mut value = base.clone();
        value
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        value
    };
    assert_eq!(
        event(json!({"type": "PassStateEntered"})),
        "an event without a numeric `id`"
    );
    assert_eq!(
        event(with(json!({"type": "PassStateEntered"}))),
        "event 4: no `stateEnteredEventDetails` object"
    );
    assert_eq!(
        event(with(
            json!({"type": "PassStateEntered", "stateEnteredEventDetails": {"name": "A", "input": "{"}})
        )),
        "event 4: `input` is not JSON: EOF while parsing an object at line 1 column 1"
    );
    assert_eq!(
        event(with(
            json!({"type": "MapIterationStarted", "mapIterationStartedEventDetails": {"name": "M", "index": -1}})
        )),
        "event 4: `mapIterationStartedEventDetails.index` is not a whole number"
    );
    assert_eq!(event(with(json!({"type": ""}))), "event 4: an empty `type`");
    assert_eq!(
        event(with(json!({"type": "Teleported"}))),
        "event 4: unknown event type `Teleported`"
    );
    let mut no_time = with(json!({"type": "MapRunSucceeded"}));
    no_time["timestamp"] = json!("yesterday");
    assert_eq!(event(no_time), "event 4: no ISO 8601 `timestamp`");
}
