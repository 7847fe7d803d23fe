//! A scenario: the world around an execution — simulated services, scripted callbacks and
//! other state machines — read from one JSON document, for lessons, tests and the CLI.
//!
//! ```json
//! {
//!   "services": { "lambda": { "functions": { "processOrder": { "returns": { "IsOrderProcessed": true } } } } },
//!   "callbacks": [ { "state": "Request Approval", "afterSeconds": 30, "success": { "status": "SUCCESS" } } ],
//!   "stateMachines": { "Child": { "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } },
//!   "activities": { "review": { "afterSeconds": 120, "returns": { "approved": true } } }
//! }
//! ```

use crate::definition::StateMachine;
use crate::execution::callbacks::ScriptedCallback;
use crate::execution::{ActivityWorker, RunOptions};
use crate::services::behaviour::Behaviour;
use crate::services::Cloud;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Everything around an execution that is not the state machine itself.
#[derive(Debug, Clone, Default)]
pub struct Scenario {
    /// The simulated services and what they hold.
    pub cloud: Cloud,
    /// Callbacks that answer `.waitForTaskToken` tasks.
    pub callbacks: Vec<ScriptedCallback>,
    /// State machines that `states:startExecution` can start, by name.
    pub state_machines: BTreeMap<String, Arc<StateMachine>>,
    /// Scripted workers of activities, by activity name.
    pub activities: BTreeMap<String, ActivityWorker>,
}

impl Scenario {
    /// Reads a scenario; every problem is reported, each naming where it is.
    pub fn from_value(value: &Value) -> Result<Scenario, Vec<String>> {
        let Some(map) = value.as_object() else {
            return Err(vec![
                "a scenario must be a JSON object with services, callbacks and stateMachines".into(),
            ]);
        };
        let mut problems = Vec::new();
        for key in map.keys() {
            if ![
                "services",
                "callbacks",
                "stateMachines",
                "activities",
                "$schema",
                "Comment",
            ]
            .contains(&key.as_str())
            {
                problems.push(format!(
                    "scenario: unknown field '{key}' (use services, callbacks, stateMachines, activities)"
                ));
            }
        }
        let cloud = match map.get("services") {
            Some(world) => Cloud::from_world(world).unwrap_or_else(|errors| {
                problems.extend(errors.into_iter().map(|e| format!("services: {e}")));
                Cloud::default()
            }),
            None => Cloud::default(),
        };
        let callbacks = match map.get("callbacks") {
            Some(script) => ScriptedCallback::list_from_value(script).unwrap_or_else(|errors| {
                problems.extend(errors.into_iter().map(|e| format!("callbacks: {e}")));
                Vec::new()
            }),
            None => Vec::new(),
        };
        let mut state_machines = BTreeMap::new();
        match map.get("stateMachines") {
            Some(Value::Object(machines)) => {
                for (name, definition) in machines {
                    match StateMachine::from_value(definition) {
                        Ok(machine) => {
                            state_machines.insert(name.clone(), Arc::new(machine));
                        }
                        Err(error) => problems.extend(
                            error
                                .diagnostics
                                .iter()
                                .map(|d| format!("stateMachines.{name}: {d}")),
                        ),
                    }
                }
            }
            Some(_) => problems.push("stateMachines: must be an object of definitions by name".into()),
            None => {}
        }
        let mut activities = BTreeMap::new();
        match map.get("activities") {
            Some(Value::Object(workers)) => {
                for (name, worker) in workers {
                    let location = format!("activities.{name}");
                    let mut behaviour = worker.clone();
                    let after_seconds = match behaviour.as_object_mut().and_then(|m| m.remove("afterSeconds"))
                    {
                        None => 0,
                        Some(seconds) => seconds.as_u64().unwrap_or_else(|| {
                            problems.push(format!("{location}: 'afterSeconds' must be a whole number"));
                            0
                        }),
                    };
                    match Behaviour::from_value(&behaviour, &location) {
                        Ok(behaviour) => {
                            activities.insert(
                                name.clone(),
                                ActivityWorker {
                                    behaviour,
                                    after_seconds,
                                },
                            );
                        }
                        Err(errors) => problems.extend(errors),
                    }
                }
            }
            Some(_) => problems.push("activities: must be an object of workers by activity name".into()),
            None => {}
        }
        if problems.is_empty() {
            Ok(Scenario {
                cloud,
                callbacks,
                state_machines,
                activities,
            })
        } else {
            Err(problems)
        }
    }

    /// Puts the scenario into run options.
    pub fn apply_to(self, options: &mut RunOptions) {
        options.cloud = self.cloud;
        options.callbacks = self.callbacks;
        options.state_machines = self.state_machines;
        options.activities = self.activities;
    }
}
