//! Approvals: scripted approvers that answer a waiting task the way the stepfunctions_lab
//! controller app does — with the task token they read from what the learner's machine sent
//! (an SQS message, an SNS notification, a Lambda payload, an EventBridge event). A token that
//! went nowhere cannot be answered, and the check says so.

use asl::execution::callbacks::{Callback, ScriptedCallback, TokenReading};
use asl::execution::token_search::TokenSource;
use serde::Deserialize;
use serde_json::Value;

/// One approval, as lesson.json writes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Approval {
    /// Virtual seconds to let pass before answering.
    #[serde(default)]
    pub after_seconds: u64,
    /// Where the approver looks for the token.
    #[serde(default)]
    pub from: Source,
    /// SendTaskSuccess with this output.
    #[serde(default)]
    pub success: Option<Value>,
    /// SendTaskFailure with this error and cause.
    #[serde(default)]
    pub failure: Option<Failure>,
    /// SendTaskHeartbeat.
    #[serde(default)]
    pub heartbeat: bool,
}

/// SendTaskFailure's fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Failure {
    /// The error name.
    #[serde(default)]
    pub error: Option<String>,
    /// The cause.
    #[serde(default)]
    pub cause: Option<String>,
}

/// Where an approver reads task tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Anywhere below.
    #[default]
    Any,
    /// SQS message bodies and attributes.
    Sqs,
    /// SNS messages published to topics.
    Sns,
    /// Lambda invocation payloads.
    Lambda,
    /// EventBridge events.
    Eventbridge,
}

impl Approval {
    /// What is wrong with how it is written, if anything.
    pub fn problem(&self) -> Option<&'static str> {
        let answers = [self.success.is_some(), self.failure.is_some(), self.heartbeat];
        (answers.iter().filter(|a| **a).count() != 1)
            .then_some("an approval answers with exactly one of 'success', 'failure' or 'heartbeat'")
    }

    /// The engine's scripted worker for this approval: it answers the next task that waits for a
    /// token, `after_seconds` after the token was issued, if it finds the token where it looks.
    pub fn to_callback(&self) -> ScriptedCallback {
        let callback = if let Some(output) = &self.success {
            Callback::Success(output.clone())
        } else if let Some(failure) = &self.failure {
            Callback::Failure {
                error: failure.error.clone(),
                cause: failure.cause.clone(),
            }
        } else {
            Callback::Heartbeat
        };
        ScriptedCallback {
            state: None,
            after_seconds: self.after_seconds,
            callback,
            reads_token_from: Some(self.from.into()),
        }
    }
}

impl From<Source> for TokenSource {
    fn from(source: Source) -> TokenSource {
        match source {
            Source::Any => TokenSource::Any,
            Source::Sqs => TokenSource::Sqs,
            Source::Sns => TokenSource::Sns,
            Source::Lambda => TokenSource::Lambda,
            Source::Eventbridge => TokenSource::Eventbridge,
        }
    }
}

/// What the approvers did, for the learner to read, and why any could not answer.
pub fn report(readings: &[TokenReading]) -> (Vec<String>, Vec<String>) {
    let mut notes = Vec::new();
    let mut problems = Vec::new();
    for reading in readings {
        match &reading.found_in {
            Some(place) => notes.push(format!(
                "the approver read the token of `{}` from {place} and answered",
                reading.state
            )),
            None => problems.push(format!(
                "nobody can answer `{}`: its task token is in no {} the machine sent, so no approver can \
                 call SendTaskSuccess. Put \"TaskToken.$\": \"$$.Task.Token\" in what the task sends",
                reading.state,
                reading.source.describe()
            )),
        }
    }
    (notes, problems)
}
