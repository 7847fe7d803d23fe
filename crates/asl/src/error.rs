//! Runtime errors as Step Functions names them: an error name and a cause.

use std::fmt;

/// Predefined error names of the States language.
pub mod names {
    /// Matches any error name in Retry and Catch.
    pub const ALL: &str = "States.ALL";
    /// A state failed for a reason that no retrier or catcher can handle.
    pub const RUNTIME: &str = "States.Runtime";
    /// An intrinsic function failed.
    pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";
    /// A payload field's path matched nothing.
    pub const PARAMETER_PATH_FAILURE: &str = "States.ParameterPathFailure";
    /// ResultPath cannot be applied to the state's input.
    pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
    /// Matches any error a Task raises except `States.Timeout`.
    pub const TASK_FAILED: &str = "States.TaskFailed";
    /// A task ran past its TimeoutSeconds, or the execution past its own.
    pub const TIMEOUT: &str = "States.Timeout";
    /// A task sent no heartbeat within HeartbeatSeconds.
    pub const HEARTBEAT_TIMEOUT: &str = "States.HeartbeatTimeout";
    /// No Choice rule matched and there is no Default.
    pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
    /// A Map state had more failed items than it tolerates.
    pub const EXCEED_TOLERATED_FAILURE_THRESHOLD: &str = "States.ExceedToleratedFailureThreshold";
    /// A Parallel branch failed (used where no branch error is available).
    pub const BRANCH_FAILED: &str = "States.BranchFailed";
    /// An input or output went over the 256 KiB quota.
    pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
}

/// An error raised while a state machine runs: what Catch and Retry see.
///
/// Both parts are optional because ASL allows a Fail state with neither;
/// every error the runtime raises itself has both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatesError {
    /// The error name, such as `States.Runtime` or a Fail state's `Error`.
    pub error: Option<String>,
    /// Human-readable detail; AWS calls it the cause.
    pub cause: Option<String>,
}

impl StatesError {
    /// An error with a name and a cause.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        StatesError {
            error: Some(error.into()),
            cause: Some(cause.into()),
        }
    }

    /// The error name, or "" when there is none.
    pub fn name(&self) -> &str {
        self.error.as_deref().unwrap_or_default()
    }
}

impl fmt::Display for StatesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.name(),
            self.cause.as_deref().unwrap_or_default()
        )
    }
}

impl std::error::Error for StatesError {}

/// A failure inside one data-flow step, before the state's name is attached.
///
/// The executor turns it into a [`StatesError`] whose cause starts with
/// AWS's "An error occurred while executing the state ..." prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError {
    /// The error name to raise.
    pub error: &'static str,
    /// The detail that follows the prefix in the cause.
    pub detail: String,
}

impl StepError {
    /// A `States.Runtime` failure with the given detail.
    pub fn runtime(detail: impl Into<String>) -> Self {
        StepError {
            error: names::RUNTIME,
            detail: detail.into(),
        }
    }
}
