//! Mocked task results in AWS Step Functions Local's mock configuration format.

use serde_json::Value;
use std::collections::HashMap;

/// One mocked invocation result.
#[derive(Debug, Clone, PartialEq)]
pub enum MockResponse {
    /// The task returns this value as its result.
    Return(Value),
    /// The task fails with this error and cause.
    Throw {
        /// The error name.
        error: String,
        /// The cause.
        cause: String,
    },
}

/// The mocked responses of one test case: for each state, one response per invocation, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mocks {
    by_state: HashMap<String, Vec<MockResponse>>,
}

impl Mocks {
    /// Mocks given directly: state name → responses in invocation order.
    pub fn from_responses(by_state: HashMap<String, Vec<MockResponse>>) -> Mocks {
        Mocks { by_state }
    }

    /// Reads a Step Functions Local mock configuration and picks one test case:
    /// `StateMachines.<machine>.TestCases.<case>` maps states to response names,
    /// `MockedResponses.<name>` maps invocation numbers (`"0"`, `"1-2"`) to
    /// `{"Return": value}` or `{"Throw": {"Error", "Cause"}}`.
    pub fn from_config(config: &Value, state_machine: &str, test_case: &str) -> Result<Mocks, String> {
        let machines = config
            .get("StateMachines")
            .and_then(Value::as_object)
            .ok_or("the mock configuration has no 'StateMachines' object")?;
        let machine = match machines.get(state_machine) {
            Some(machine) => machine,
            // With a single state machine, its name need not be given.
            None if machines.len() == 1 && state_machine.is_empty() => {
                machines.values().next().expect("one machine")
            }
            None => {
                let known: Vec<&str> = machines.keys().map(String::as_str).collect();
                return Err(format!(
                    "the mock configuration has no state machine '{state_machine}' (it has {})",
                    known.join(", ")
                ));
            }
        };
        let cases = machine
            .get("TestCases")
            .and_then(Value::as_object)
            .ok_or("the state machine's mocks have no 'TestCases' object")?;
        let case = cases.get(test_case).and_then(Value::as_object).ok_or_else(|| {
            let known: Vec<&str> = cases.keys().map(String::as_str).collect();
            format!(
                "there is no test case '{test_case}' (there are {})",
                known.join(", ")
            )
        })?;
        let responses = config.get("MockedResponses").and_then(Value::as_object);
        let mut by_state = HashMap::new();
        for (state, response_name) in case {
            let name = response_name.as_str().ok_or_else(|| {
                format!("test case '{test_case}': the response for '{state}' must be a name")
            })?;
            let response = responses
                .and_then(|r| r.get(name))
                .and_then(Value::as_object)
                .ok_or_else(|| {
                    format!("MockedResponses has no response named '{name}' (used by '{state}')")
                })?;
            by_state.insert(state.clone(), invocations(name, response)?);
        }
        Ok(Mocks { by_state })
    }

    /// The responses for a state, if it is mocked.
    pub fn responses(&self, state: &str) -> Option<&[MockResponse]> {
        self.by_state.get(state).map(Vec::as_slice)
    }

    /// Whether no state is mocked.
    pub fn is_empty(&self) -> bool {
        self.by_state.is_empty()
    }
}

/// Expands `{"0": ..., "1-2": ...}` into one response per invocation.
fn invocations(name: &str, response: &serde_json::Map<String, Value>) -> Result<Vec<MockResponse>, String> {
    let mut numbered: Vec<(u32, MockResponse)> = Vec::new();
    for (key, value) in response {
        let (first, last) = match key.split_once('-') {
            Some((a, b)) => (a.trim().parse::<u32>(), b.trim().parse::<u32>()),
            None => (key.trim().parse::<u32>(), key.trim().parse::<u32>()),
        };
        let (Ok(first), Ok(last)) = (first, last) else {
            return Err(format!(
                "response '{name}': '{key}' is not an invocation number or range like \"1-3\""
            ));
        };
        if last < first || last - first > 10_000 {
            return Err(format!("response '{name}': the range '{key}' is not valid"));
        }
        let parsed = parse_response(name, key, value)?;
        for n in first..=last {
            numbered.push((n, parsed.clone()));
        }
    }
    numbered.sort_by_key(|(n, _)| *n);
    for (expected, (n, _)) in numbered.iter().enumerate() {
        if *n as usize != expected {
            return Err(format!("response '{name}': invocation {expected} has no response (the numbers must start at 0 with no gaps)"));
        }
    }
    Ok(numbered.into_iter().map(|(_, r)| r).collect())
}

fn parse_response(name: &str, key: &str, value: &Value) -> Result<MockResponse, String> {
    if let Some(result) = value.get("Return") {
        return Ok(MockResponse::Return(result.clone()));
    }
    if let Some(throw) = value.get("Throw") {
        let text = |field: &str| {
            throw
                .get(field)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        return Ok(MockResponse::Throw {
            error: text("Error"),
            cause: text("Cause"),
        });
    }
    Err(format!("response '{name}', invocation '{key}': expected {{\"Return\": ...}} or {{\"Throw\": {{\"Error\", \"Cause\"}}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_step_functions_local_configuration() {
        let config = json!({
            "StateMachines": {"Backup": {"TestCases": {"HappyPath": {"Start Backup": "BackupOk"}}}},
            "MockedResponses": {"BackupOk": {
                "0": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "busy"}},
                "1-2": {"Return": {"IsBackupSuccessful": true}}
            }}
        });
        let mocks = Mocks::from_config(&config, "Backup", "HappyPath").unwrap();
        let responses = mocks.responses("Start Backup").unwrap();
        assert_eq!(responses.len(), 3);
        assert_eq!(
            responses[0],
            MockResponse::Throw {
                error: "Lambda.ServiceException".into(),
                cause: "busy".into()
            }
        );
        assert_eq!(
            responses[2],
            MockResponse::Return(json!({"IsBackupSuccessful": true}))
        );
        assert!(Mocks::from_config(&config, "Backup", "Nope")
            .unwrap_err()
            .contains("no test case 'Nope'"));
    }

    #[test]
    fn gaps_in_invocation_numbers_are_rejected() {
        let config = json!({
            "StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}},
            "MockedResponses": {"R": {"0": {"Return": 1}, "2": {"Return": 2}}}
        });
        assert!(Mocks::from_config(&config, "M", "T")
            .unwrap_err()
            .contains("invocation 1 has no response"));
    }
}
