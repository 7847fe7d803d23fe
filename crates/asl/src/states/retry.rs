//! Retry: which errors a Task, Parallel or Map state tries again, how often, and how long it waits.

use crate::dataflow::result_path::ResultPath;
use crate::definition::fields::Fields;
use crate::diagnostic::{codes, Diagnostic};
use crate::error::{names, StatesError};
use crate::random::Random;
use serde_json::Value;

/// One retrier.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrier {
    /// The error names it handles.
    pub error_equals: Vec<String>,
    /// Seconds before the first retry (default 1).
    pub interval_seconds: u64,
    /// How many retries at most (default 3; 0 never retries).
    pub max_attempts: u32,
    /// Multiplier of the interval at each retry (default 2.0).
    pub backoff_rate: f64,
    /// Cap on the wait, in seconds.
    pub max_delay_seconds: Option<u64>,
    /// FULL jitter draws the wait at random between 0 and the computed delay.
    pub full_jitter: bool,
}

/// Whether an error name list matches an error, with the wildcards of the States language.
pub fn error_matches(error_equals: &[String], error: &StatesError) -> bool {
    let name = error.name();
    error_equals.iter().any(|wanted| match wanted.as_str() {
        names::ALL => true,
        // "acts as a wildcard that matches any known error name except for States.Timeout"
        names::TASK_FAILED => name != names::TIMEOUT,
        _ => wanted == name,
    })
}

impl Retrier {
    /// The wait before retry number `attempt` (0 for the first retry), in milliseconds.
    pub fn delay_millis(&self, attempt: u32, random: &Random) -> i64 {
        let mut seconds = self.interval_seconds as f64 * self.backoff_rate.powi(attempt.min(1000) as i32);
        if let Some(cap) = self.max_delay_seconds {
            seconds = seconds.min(cap as f64);
        }
        if self.full_jitter {
            seconds *= random.next_f64();
        }
        // Even an absurd backoff stays on the virtual clock without overflowing it.
        (seconds * 1000.0).min(1e15) as i64
    }
}

/// Reads `Retry`, reporting each problem at its field.
pub fn read_retriers(fields: &mut Fields<'_>) -> Vec<Retrier> {
    fields.objects("Retry", "retrier", |f, _, is_last| {
        f.reject_unknown(
            &[
                "ErrorEquals",
                "IntervalSeconds",
                "MaxAttempts",
                "BackoffRate",
                "MaxDelaySeconds",
                "JitterStrategy",
                "Comment",
            ],
            "a retrier",
        );
        let error_equals = read_error_equals(f, is_last);
        let interval_seconds = f.integer_in("IntervalSeconds", 1, 99_999_999).unwrap_or(1) as u64;
        let max_attempts = f.integer_in("MaxAttempts", 0, 99_999_999).unwrap_or(3) as u32;
        let backoff_rate = match f.number("BackoffRate") {
            Some(rate) if rate >= 1.0 => rate,
            Some(rate) => {
                f.problem(
                    "BackoffRate",
                    format!("'BackoffRate' must be at least 1.0, not {rate}"),
                );
                2.0
            }
            None => 2.0,
        };
        let max_delay_seconds = f.integer_in("MaxDelaySeconds", 1, 31_622_400).map(|n| n as u64);
        let full_jitter = match f.string("JitterStrategy").as_deref() {
            None | Some("NONE") => false,
            Some("FULL") => true,
            Some(other) => {
                f.problem(
                    "JitterStrategy",
                    format!("'JitterStrategy' must be FULL or NONE, not '{other}'"),
                );
                false
            }
        };
        Retrier {
            error_equals,
            interval_seconds,
            max_attempts,
            backoff_rate,
            max_delay_seconds,
            full_jitter,
        }
    })
}

/// Reads `ErrorEquals` of a retrier or catcher: a non-empty array of names, with
/// `States.ALL` alone and only in the last rule.
pub fn read_error_equals(fields: &mut Fields<'_>, is_last: bool) -> Vec<String> {
    let value = fields.raw("ErrorEquals");
    let names: Vec<String> = match value {
        Some(Value::Array(items)) if !items.is_empty() && items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(_) => {
            fields.problem(
                "ErrorEquals",
                "'ErrorEquals' must be a non-empty array of error names".into(),
            );
            return Vec::new();
        }
        None => {
            let pointer = fields.pointer().to_string();
            fields.problems().push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                pointer,
                "A retrier or catcher needs 'ErrorEquals', the error names it handles",
            ));
            return Vec::new();
        }
    };
    if names.iter().any(|n| n == names::ALL) && (names.len() > 1 || !is_last) {
        fields.problem(
            "ErrorEquals",
            "'States.ALL' must appear alone in ErrorEquals, and only in the last retrier or catcher".into(),
        );
    }
    names
}

/// The output a catcher passes on: the raw input with `{"Error", "Cause"}` placed at its ResultPath.
pub fn error_output(result_path: &ResultPath, raw_input: &Value, error: &StatesError) -> Option<Value> {
    result_path.apply(raw_input, error_object(error)).ok()
}

/// `{"Error": ..., "Cause": ...}`: what a catcher receives.
pub fn error_object(error: &StatesError) -> Value {
    let mut details = serde_json::Map::new();
    if let Some(name) = &error.error {
        details.insert("Error".into(), Value::String(name.clone()));
    }
    if let Some(cause) = &error.cause {
        details.insert("Cause".into(), Value::String(cause.clone()));
    }
    Value::Object(details)
}
