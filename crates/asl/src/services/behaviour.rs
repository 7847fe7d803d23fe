//! What a simulated function does when it is invoked: Lambda functions in the
//! world, and later activity workers, answer with a [`Behaviour`].
//!
//! A behaviour is a JSON object with exactly one of these fields:
//!
//! | field | the function... |
//! |---|---|
//! | `{"returns": value}` | returns `value` |
//! | `{"throws": {"error": "Exception", "cause": "Backup simulation failed."}}` | raises an error of that type with that message (`"throws": "Exception"` for no message); `"stackTrace": ["..."]` optionally sets the Lambda error's stack trace |
//! | `{"echo": true}` | returns its input unchanged |
//! | `{"template": {"orderId.$": "$.id", "status": "ok"}}` | returns the template with every `"key.$": "$.path"` field replaced by `"key"` and the value the JSONPath selects from the input (`$` paths only; a path that selects nothing raises `KeyError`) |
//! | `{"sequence": [behaviour, ...]}` | answers the n-th invocation with the n-th behaviour; once the list is used up, **the last one repeats** |
//! | `{"random": [{"weight": 1, ...behaviour}, ...]}` | picks one behaviour per invocation at random (seeded: `CallContext::random`), in proportion to the weights (default 1) |
//!
//! The stepfunctions_lab backup function, which succeeds half the time:
//!
//! ```json
//! {"random": [
//!   {"weight": 1, "returns": {"IsBackupSuccessful": true}},
//!   {"weight": 1, "throws": {"error": "Exception", "cause": "Backup simulation failed."}}
//! ]}
//! ```

use super::world::{check_fields, child, expect_object};
use super::CallContext;
use crate::error::StatesError;
use crate::jsonpath::{Path, Root};
use serde_json::{Map, Value};

/// How a simulated function answers its invocations; it remembers how often it was invoked.
#[derive(Debug, Clone, PartialEq)]
pub struct Behaviour {
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Returns(Value),
    Throws(Thrown),
    Echo,
    Template(Value),
    Sequence { steps: Vec<Behaviour>, next: usize },
    Random(Vec<(f64, Behaviour)>),
}

/// An error a behaviour raises, with what a Lambda function's error report carries besides.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Thrown {
    /// The error type (`Exception`, `Lambda.TooManyRequestsException`...).
    pub error: String,
    /// The message, if any.
    pub cause: Option<String>,
    /// The stack trace a Lambda function reports.
    pub stack_trace: Vec<String>,
}

const FIELDS: [&str; 6] = ["returns", "throws", "echo", "template", "sequence", "random"];

impl Behaviour {
    /// Reads a behaviour; every problem is reported with `location` (such as `lambda.functions.backup`).
    pub fn from_value(value: &Value, location: &str) -> Result<Behaviour, Vec<String>> {
        let mut errors = Vec::new();
        let behaviour = read(value, location, false, &mut errors);
        match behaviour {
            Some(behaviour) if errors.is_empty() => Ok(behaviour),
            _ => Err(errors),
        }
    }

    /// A behaviour that always returns `value`.
    pub fn returning(value: Value) -> Behaviour {
        Behaviour {
            kind: Kind::Returns(value),
        }
    }

    /// Answers one invocation with this input: the result, or the error raised
    /// (`error` is the error type, `cause` its message).
    pub fn respond(&mut self, input: &Value, ctx: &CallContext<'_>) -> Result<Value, StatesError> {
        self.outcome(input, ctx).map_err(|thrown| StatesError {
            error: Some(thrown.error),
            cause: thrown.cause,
        })
    }

    /// Like [`Behaviour::respond`], keeping the stack trace of an error.
    pub(crate) fn outcome(&mut self, input: &Value, ctx: &CallContext<'_>) -> Result<Value, Thrown> {
        match &mut self.kind {
            Kind::Returns(value) => Ok(value.clone()),
            Kind::Throws(thrown) => Err(thrown.clone()),
            Kind::Echo => Ok(input.clone()),
            Kind::Template(template) => fill(template, input),
            Kind::Sequence { steps, next } => {
                let at = (*next).min(steps.len().saturating_sub(1));
                *next = next.saturating_add(1);
                match steps.get_mut(at) {
                    Some(step) => step.outcome(input, ctx),
                    None => Ok(Value::Null),
                }
            }
            Kind::Random(options) => {
                let total: f64 = options.iter().map(|(weight, _)| weight).sum();
                let mut point = ctx.random.next_f64() * total;
                let last = options.len().saturating_sub(1);
                for (i, (weight, option)) in options.iter_mut().enumerate() {
                    if point < *weight || i == last {
                        return option.outcome(input, ctx);
                    }
                    point -= *weight;
                }
                Ok(Value::Null)
            }
        }
    }
}

fn read(value: &Value, location: &str, weighted: bool, errors: &mut Vec<String>) -> Option<Behaviour> {
    let map = expect_object(value, location, "a behaviour", errors)?;
    let allowed: &[&str] = if weighted {
        &[
            "returns", "throws", "echo", "template", "sequence", "random", "weight",
        ]
    } else {
        &FIELDS
    };
    let before = errors.len();
    check_fields(map, location, "behaviour", allowed, errors);
    let misspelt = errors.len() > before;
    let present: Vec<&str> = FIELDS.iter().copied().filter(|f| map.contains_key(*f)).collect();
    let field = match present.as_slice() {
        [field] => *field,
        [] if misspelt => return None,
        [] => {
            errors.push(format!(
                "{location}: a behaviour needs one of {}",
                FIELDS.map(|f| format!("'{f}'")).join(", ")
            ));
            return None;
        }
        several => {
            errors.push(format!(
                "{location}: a behaviour has exactly one of {}; this one has {}",
                FIELDS.map(|f| format!("'{f}'")).join(", "),
                several
                    .iter()
                    .map(|f| format!("'{f}'"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ));
            return None;
        }
    };
    let inner = &map[field];
    let here = child(location, field);
    let kind = match field {
        "returns" => Kind::Returns(inner.clone()),
        "throws" => Kind::Throws(read_thrown(inner, &here, errors)?),
        "echo" => {
            if inner != &Value::Bool(true) {
                errors.push(format!("{here}: must be true"));
            }
            Kind::Echo
        }
        "template" => {
            check_template(inner, &here, errors);
            Kind::Template(inner.clone())
        }
        "sequence" => {
            let steps = match inner {
                Value::Array(steps) if !steps.is_empty() => steps,
                _ => {
                    errors.push(format!("{here}: must be a non-empty list of behaviours"));
                    return None;
                }
            };
            let steps: Vec<Behaviour> = steps
                .iter()
                .enumerate()
                .filter_map(|(i, step)| read(step, &format!("{here}[{i}]"), false, errors))
                .collect();
            Kind::Sequence { steps, next: 0 }
        }
        _ => {
            let options = match inner {
                Value::Array(options) if !options.is_empty() => options,
                _ => {
                    errors.push(format!(
                        "{here}: must be a non-empty list of behaviours with weights"
                    ));
                    return None;
                }
            };
            let mut weighted = Vec::new();
            for (i, option) in options.iter().enumerate() {
                let at = format!("{here}[{i}]");
                let weight = match option.get("weight") {
                    None => 1.0,
                    Some(w) => match w.as_f64() {
                        Some(w) if w > 0.0 && w.is_finite() => w,
                        _ => {
                            errors.push(format!("{at}.weight: must be a positive number"));
                            continue;
                        }
                    },
                };
                if let Some(behaviour) = read(option, &at, true, errors) {
                    weighted.push((weight, behaviour));
                }
            }
            Kind::Random(weighted)
        }
    };
    Some(Behaviour { kind })
}

fn read_thrown(value: &Value, location: &str, errors: &mut Vec<String>) -> Option<Thrown> {
    if let Value::String(error) = value {
        return Some(Thrown {
            error: error.clone(),
            cause: None,
            stack_trace: Vec::new(),
        });
    }
    let map = expect_object(value, location, "an error", errors)?;
    check_fields(map, location, "error", &["error", "cause", "stackTrace"], errors);
    let error = match map.get("error") {
        Some(Value::String(error)) if !error.is_empty() => error.clone(),
        _ => {
            errors.push(format!(
                "{location}: needs 'error', the error type (a non-empty string)"
            ));
            return None;
        }
    };
    let cause = match map.get("cause") {
        None => None,
        Some(Value::String(cause)) => Some(cause.clone()),
        Some(_) => {
            errors.push(format!("{}: must be a string", child(location, "cause")));
            None
        }
    };
    let stack_trace = match map.get("stackTrace") {
        None => Vec::new(),
        Some(Value::Array(lines)) if lines.iter().all(Value::is_string) => lines
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(_) => {
            errors.push(format!(
                "{}: must be a list of strings",
                child(location, "stackTrace")
            ));
            Vec::new()
        }
    };
    Some(Thrown {
        error,
        cause,
        stack_trace,
    })
}

/// Checks every `"key.$"` path of a template.
fn check_template(value: &Value, location: &str, errors: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let here = child(location, key);
                if key.ends_with(".$") {
                    match item.as_str().map(Path::parse) {
                        Some(Ok(path)) if path.root() == Root::Input => {}
                        Some(Ok(_)) => errors.push(format!(
                            "{here}: a function sees only its input: use a path starting with '$', not '$$'"
                        )),
                        Some(Err(message)) => errors.push(format!("{here}: {message}")),
                        None => errors.push(format!("{here}: must be a JSONPath string")),
                    }
                } else {
                    check_template(item, &here, errors);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_template(item, &format!("{location}[{i}]"), errors);
            }
        }
        _ => {}
    }
}

fn fill(template: &Value, input: &Value) -> Result<Value, Thrown> {
    match template {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, item) in map {
                match key.strip_suffix(".$") {
                    Some(name) => {
                        let path = item.as_str().and_then(|p| Path::parse(p).ok());
                        let selected = match path {
                            Some(path) => path.select(input).map_err(|missing| Thrown {
                                error: "KeyError".into(),
                                cause: Some(missing.message),
                                stack_trace: Vec::new(),
                            })?,
                            None => Value::Null,
                        };
                        out.insert(name.to_string(), selected);
                    }
                    None => {
                        out.insert(key.clone(), fill(item, input)?);
                    }
                }
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items.iter().map(|item| fill(item, input)).collect(),
        other => Ok(other.clone()),
    }
}
