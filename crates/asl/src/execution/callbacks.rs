//! Task tokens: tasks that wait for SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat,
//! from the lab's page, a lesson's script, or the CLI's `--callbacks` file.

use super::token_search::{find_token, TokenSource};
use crate::clock::Timestamp;
use crate::random::Random;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

/// What a callback says.
#[derive(Debug, Clone, PartialEq)]
pub enum Callback {
    /// SendTaskSuccess with this output.
    Success(Value),
    /// SendTaskFailure with this error and cause.
    Failure {
        /// The error name.
        error: Option<String>,
        /// The cause.
        cause: Option<String>,
    },
    /// SendTaskHeartbeat: the worker is still busy.
    Heartbeat,
}

/// A scripted callback: when a task of `state` (any state when absent) issues a token,
/// this callback arrives `after_seconds` later on the virtual clock.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptedCallback {
    /// The waiting state's name, or any.
    pub state: Option<String>,
    /// Delay after the token was issued.
    pub after_seconds: u64,
    /// What arrives.
    pub callback: Callback,
    /// When set, the worker must find the token in what the execution sent (an SQS message, an SNS
    /// notification...) before it can answer, as a real worker must; otherwise it answers by state.
    pub reads_token_from: Option<TokenSource>,
}

/// What a token-reading worker found once the task had sent its request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenReading {
    /// The waiting state.
    pub state: String,
    /// Where the worker looked.
    pub source: TokenSource,
    /// Where it found the token, in words; `None` when the token went nowhere and nobody could answer.
    pub found_in: Option<String>,
}

impl ScriptedCallback {
    /// Reads a callback script: `[{"state": "Request Approval", "afterSeconds": 30,
    /// "success": {...}} | {"failure": {"error", "cause"}} | {"heartbeat": true}]`.
    pub fn list_from_value(value: &Value) -> Result<Vec<ScriptedCallback>, Vec<String>> {
        let Some(items) = value.as_array() else {
            return Err(vec!["the callback script must be an array of callbacks".into()]);
        };
        let mut script = Vec::new();
        let mut problems = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(map) = item.as_object() else {
                problems.push(format!("callback {i}: must be an object"));
                continue;
            };
            for key in map.keys() {
                if ![
                    "state",
                    "afterSeconds",
                    "success",
                    "failure",
                    "heartbeat",
                    "readsTokenFrom",
                ]
                .contains(&key.as_str())
                {
                    problems.push(format!("callback {i}: unknown field '{key}'"));
                }
            }
            let state = match map.get("state") {
                None => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => {
                    problems.push(format!("callback {i}: 'state' must be a state name"));
                    None
                }
            };
            let after_seconds = match map.get("afterSeconds") {
                None => 0,
                Some(v) => v.as_u64().unwrap_or_else(|| {
                    problems.push(format!("callback {i}: 'afterSeconds' must be a whole number"));
                    0
                }),
            };
            let reads_token_from = match map.get("readsTokenFrom") {
                None => None,
                Some(v) => match v.as_str().and_then(TokenSource::parse) {
                    Some(source) => Some(source),
                    None => {
                        problems.push(format!(
                            "callback {i}: 'readsTokenFrom' must be any, sqs, sns, lambda or eventbridge"
                        ));
                        None
                    }
                },
            };
            let callbacks: Vec<Callback> = [
                map.get("success").map(|output| Callback::Success(output.clone())),
                map.get("failure").map(|f| Callback::Failure {
                    error: f.get("error").and_then(Value::as_str).map(str::to_string),
                    cause: f.get("cause").and_then(Value::as_str).map(str::to_string),
                }),
                map.get("heartbeat").map(|_| Callback::Heartbeat),
            ]
            .into_iter()
            .flatten()
            .collect();
            match callbacks.as_slice() {
                [callback] => script.push(ScriptedCallback {
                    state,
                    after_seconds,
                    callback: callback.clone(),
                    reads_token_from,
                }),
                _ => problems.push(format!(
                    "callback {i}: give exactly one of 'success', 'failure' or 'heartbeat'"
                )),
            }
        }
        if problems.is_empty() {
            Ok(script)
        } else {
            Err(problems)
        }
    }
}

/// A task waiting for its token's callback, as the lab shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingTask {
    /// The task token.
    pub token: String,
    /// The waiting state's name.
    pub state: String,
    /// The resource it called.
    pub resource: String,
    /// When the token was issued (ISO 8601, virtual time).
    pub since: String,
}

/// Why a callback was refused, as the Step Functions API refuses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackError {
    /// No task ever had this token (`TaskDoesNotExist`).
    TaskDoesNotExist,
    /// The task already finished or timed out (`TaskTimedOut`).
    TaskTimedOut,
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackError::TaskDoesNotExist => write!(f, "TaskDoesNotExist: no task has this token"),
            CallbackError::TaskTimedOut => {
                write!(
                    f,
                    "TaskTimedOut: the task of this token has already finished or timed out"
                )
            }
        }
    }
}

impl std::error::Error for CallbackError {}

#[derive(Debug)]
struct Slot {
    state: String,
    resource: String,
    since: Timestamp,
    last_heartbeat: Timestamp,
    outcome: Option<Callback>,
    scheduled: Vec<(Timestamp, Callback)>,
    open: bool,
    /// Where the scheduled worker must find the token before it can answer.
    reads_from: Option<TokenSource>,
}

/// Every token of an execution and the callbacks still to come.
#[derive(Debug, Default)]
pub struct TaskTokens {
    slots: RefCell<BTreeMap<String, Slot>>,
    script: RefCell<Vec<ScriptedCallback>>,
    readings: RefCell<Vec<TokenReading>>,
}

/// What a waiting task learns when it looks at its token.
pub enum TokenState {
    /// A success or failure arrived.
    Done(Callback),
    /// Still waiting; the last heartbeat was at this time, and the next scripted callback is due then.
    Waiting {
        /// When the worker last showed it was alive (or the token was issued).
        last_heartbeat: Timestamp,
        /// When the next scripted callback arrives, if any.
        next_scheduled: Option<Timestamp>,
    },
}

impl TaskTokens {
    /// Tokens answered by a script.
    pub fn with_script(script: Vec<ScriptedCallback>) -> TaskTokens {
        TaskTokens {
            slots: RefCell::default(),
            script: RefCell::new(script),
            readings: RefCell::default(),
        }
    }

    /// Issues a token for a waiting task and schedules the script's callbacks for it.
    pub fn issue(&self, state: &str, resource: &str, now: Timestamp, random: &Random) -> String {
        // AWS tokens are long opaque strings; these are as opaque and repeat with the seed.
        let token = format!(
            "AQB{}{}",
            random.uuid_v4().replace('-', ""),
            random.uuid_v4().replace('-', "")
        );
        let mut scheduled = Vec::new();
        let mut reads_from = None;
        let mut script = self.script.borrow_mut();
        // Take the script's entries for this state in order, up to the first that ends the task.
        while let Some(at) = script
            .iter()
            .position(|s| s.state.as_deref().is_none_or(|name| name == state))
        {
            let entry = script.remove(at);
            let ends = !matches!(entry.callback, Callback::Heartbeat);
            reads_from = reads_from.or(entry.reads_token_from);
            scheduled.push((now.plus_millis(entry.after_seconds as i64 * 1000), entry.callback));
            if ends {
                break;
            }
        }
        self.slots.borrow_mut().insert(
            token.clone(),
            Slot {
                state: state.to_string(),
                resource: resource.to_string(),
                since: now,
                last_heartbeat: now,
                outcome: None,
                scheduled,
                open: true,
                reads_from,
            },
        );
        token
    }

    /// Once the task has sent its request, a token-reading worker looks for the token in what was
    /// sent (`services` is the services' snapshot, taken only when needed); a token found nowhere
    /// cannot be answered, so that worker's callbacks are dropped.
    pub fn read_token(&self, token: &str, services: impl FnOnce() -> Value) {
        let mut slots = self.slots.borrow_mut();
        let Some(slot) = slots.get_mut(token) else { return };
        let Some(source) = slot.reads_from.take() else {
            return;
        };
        let found_in = find_token(&services(), token, source);
        if found_in.is_none() {
            slot.scheduled.clear();
        }
        self.readings.borrow_mut().push(TokenReading {
            state: slot.state.clone(),
            source,
            found_in,
        });
    }

    /// What the token-reading workers found, in the order the tasks sent their requests.
    pub fn readings(&self) -> Vec<TokenReading> {
        self.readings.borrow().clone()
    }

    /// Applies the callbacks due by `now` and says where the token stands.
    pub fn check(&self, token: &str, now: Timestamp) -> TokenState {
        let mut slots = self.slots.borrow_mut();
        let Some(slot) = slots.get_mut(token) else {
            return TokenState::Done(Callback::Failure {
                error: Some("States.Runtime".into()),
                cause: None,
            });
        };
        slot.scheduled.sort_by_key(|(at, _)| *at);
        while slot.outcome.is_none() && slot.scheduled.first().is_some_and(|(at, _)| *at <= now) {
            let (at, callback) = slot.scheduled.remove(0);
            match callback {
                Callback::Heartbeat => slot.last_heartbeat = at,
                done => slot.outcome = Some(done),
            }
        }
        match &slot.outcome {
            Some(done) => TokenState::Done(done.clone()),
            None => TokenState::Waiting {
                last_heartbeat: slot.last_heartbeat,
                next_scheduled: slot.scheduled.first().map(|(at, _)| *at),
            },
        }
    }

    /// Closes a token once its task has finished; later callbacks are refused.
    pub fn close(&self, token: &str) {
        if let Some(slot) = self.slots.borrow_mut().get_mut(token) {
            slot.open = false;
        }
    }

    /// Delivers a callback from outside (the page, a test) at virtual time `now`.
    pub fn deliver(&self, token: &str, callback: Callback, now: Timestamp) -> Result<(), CallbackError> {
        let mut slots = self.slots.borrow_mut();
        let slot = slots.get_mut(token).ok_or(CallbackError::TaskDoesNotExist)?;
        if !slot.open || slot.outcome.is_some() {
            return Err(CallbackError::TaskTimedOut);
        }
        match callback {
            Callback::Heartbeat => slot.last_heartbeat = now,
            done => slot.outcome = Some(done),
        }
        Ok(())
    }

    /// The tasks still waiting.
    pub fn pending(&self) -> Vec<PendingTask> {
        self.slots
            .borrow()
            .iter()
            .filter(|(_, slot)| slot.open && slot.outcome.is_none())
            .map(|(token, slot)| PendingTask {
                token: token.clone(),
                state: slot.state.clone(),
                resource: slot.resource.clone(),
                since: slot.since.to_iso8601(),
            })
            .collect()
    }
}
