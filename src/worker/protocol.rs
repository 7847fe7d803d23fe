//! The messages between the page and the interpreter's worker, sent as JSON text.

use crate::problems::Problem;
use asl::{Diagnostic, ExecutionResult};
use lessons::Verdict;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A message with the number that pairs a request with its reply.
#[derive(Debug, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// Chosen by the page; 0 is the worker's own "ready".
    pub id: u64,
    /// The request or reply.
    pub body: T,
}

/// What the page asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// The editor's problems with a definition.
    Problems {
        /// The definition's text.
        text: String,
    },
    /// Check a learner's definition against a lesson.
    Check {
        /// The lesson.
        lesson: LessonSource,
        /// The definition's text.
        text: String,
    },
    /// Check a pack as `sfn-lab lessons check` would: every problem of the pack and its lessons.
    CheckPack {
        /// The pack's text.
        text: String,
    },
    /// Start a playground execution, which the worker keeps for the answers that follow.
    Start {
        /// The definition's text.
        definition: String,
        /// The execution input's text.
        input: String,
        /// The scenario's text (simulated services, scripted callbacks); may be empty.
        scenario: String,
    },
    /// Answer a waiting task of the playground's execution.
    Answer(CallbackRequest),
}

/// Where the worker finds a lesson: built in, or the lesson's own files (a pack's lesson). The
/// files travel with each check, so a worker restarted by Stop checks a pack lesson as well.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LessonSource {
    /// A built-in lesson, by id.
    Builtin(String),
    /// A lesson read from its folder's files.
    Files {
        /// The folder's name in the pack.
        folder: String,
        /// Its files, by path inside the folder.
        files: BTreeMap<String, String>,
    },
}

impl Request {
    /// Whether the page waits on it with a Stop button: runs and checks, not the editor's problems.
    pub fn is_run(&self) -> bool {
        !matches!(self, Request::Problems { .. } | Request::CheckPack { .. })
    }
}

/// What the learner sends to a waiting task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CallbackRequest {
    /// SendTaskSuccess with this output (JSON text).
    Success(String, String),
    /// SendTaskFailure with this error and cause.
    Failure(String, String, String),
    /// SendTaskHeartbeat.
    Heartbeat(String),
    /// Let virtual time pass.
    Wait(u64),
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker has loaded and takes requests (sent once, unasked).
    Ready,
    /// The definition's problems; none when it is valid.
    Problems(Vec<Problem>),
    /// The checker's verdict.
    Checked(Verdict),
    /// A pack's problems; none when it loads.
    PackChecked(Vec<String>),
    /// The playground's execution, or why it cannot start.
    Started(Started),
    /// The playground's execution after the answer, or why the answer was refused.
    Answered(Result<Box<ExecutionResult>, String>),
    /// The request could not be carried out (unknown lesson, nothing to answer...).
    Refused(String),
    /// The learner stopped the worker before it answered (made by the page, never sent).
    Stopped,
    /// The worker failed (made by the page from the worker's error event, never sent).
    Crashed(String),
}

/// How a playground Start went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Started {
    /// The execution ran until it ended or waits for a callback.
    Ran(Box<ExecutionResult>),
    /// The definition, input or scenario is not valid.
    Invalid {
        /// The definition's diagnostics.
        diagnostics: Vec<Diagnostic>,
        /// What is wrong with the input and the scenario.
        problems: Vec<String>,
    },
}
