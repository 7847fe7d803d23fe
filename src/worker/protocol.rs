//! The messages between the page and the interpreter's worker, sent as JSON text.

use crate::problems::Problem;
use asl::history::HistoryEvent;
use asl::trace::StateRecord;
use asl::{Diagnostic, ExecutionResult};
use lessons::shown::ShownTrack;
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
    /// Read a pack that was checked before (a stored one) for showing, without checking it again.
    ShowPack {
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
    /// What the definition needs to run on AWS, in one form (`sfn-lab export`).
    Export {
        /// The definition's text.
        definition: String,
        /// The scenario's text (its functions' behaviours, tables' keys...); may be empty.
        scenario: String,
        /// The execution input's text, for the example of how to start it; may be empty.
        input: String,
        /// `aws-cli`, `cloudformation` or `terraform`.
        format: String,
    },
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
        !matches!(
            self,
            Request::Problems { .. }
                | Request::CheckPack { .. }
                | Request::ShowPack { .. }
                | Request::Export { .. }
        )
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
    /// A pack read for showing, or every problem that keeps it from loading.
    PackShown(Result<ShownTrack, Vec<String>>),
    /// An export's file name and text, or why there is none.
    Exported(Result<(String, String), String>),
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
    /// Part of a big execution, sent ahead of the reply it belongs to (see [`split`]).
    Part(Part),
}

/// Events or state records of a big execution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Part {
    /// History events, in order.
    Events(Vec<HistoryEvent>),
    /// State records, in order.
    Trace(Vec<StateRecord>),
}

/// How many events or records travel in one message: the page reads each message in its own
/// task, and reading 25,000 events at once would hold the page for well over 100 ms. Events come
/// in GetExecutionHistory's shape, their inputs and outputs as JSON text read twice: 2,000 of
/// them took up to 130 ms to read in Chromium, 1,000 keep a message's task under 100.
pub const PART_SIZE: usize = 1_000;

impl Response {
    /// The execution the reply carries, if it carries one.
    fn execution_mut(&mut self) -> Option<&mut ExecutionResult> {
        match self {
            Response::Started(Started::Ran(result)) => Some(result),
            Response::Answered(Ok(result)) => Some(result),
            _ => None,
        }
    }
}

/// Takes a big execution's events and records out of `reply`, in parts to send ahead of it.
pub fn split(reply: &mut Response) -> Vec<Part> {
    let Some(execution) = reply.execution_mut() else {
        return Vec::new();
    };
    if execution.events.len() + execution.trace.len() <= PART_SIZE {
        return Vec::new();
    }
    let events = std::mem::take(&mut execution.events);
    let trace = std::mem::take(&mut execution.trace);
    let events = events.chunks(PART_SIZE).map(|c| Part::Events(c.to_vec()));
    let trace = trace.chunks(PART_SIZE).map(|c| Part::Trace(c.to_vec()));
    events.chain(trace).collect()
}

/// Puts parts received ahead of `reply` back into its execution.
pub fn join(reply: &mut Response, parts: Vec<Part>) {
    let Some(execution) = reply.execution_mut() else {
        return;
    };
    for part in parts {
        match part {
            Part::Events(events) => execution.events.extend(events),
            Part::Trace(trace) => execution.trace.extend(trace),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::engine::Engine;

    fn run_loop(iterations: u32) -> Response {
        let definition = format!(
            r#"{{"StartAt": "Init", "States": {{
                "Init": {{"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Check"}},
                "Check": {{"Type": "Choice", "Choices": [{{"Variable": "$.i", "NumericLessThan": {iterations}, "Next": "Step"}}], "Default": "Done"}},
                "Step": {{"Type": "Pass", "Parameters": {{"i.$": "States.MathAdd($.i, 1)"}}, "Next": "Check"}},
                "Done": {{"Type": "Succeed"}}}}}}"#
        );
        Engine::default().handle(Request::Start {
            definition,
            input: "{}".into(),
            scenario: String::new(),
        })
    }

    #[test]
    fn a_big_execution_travels_in_parts_and_comes_back_whole() {
        let whole = run_loop(3_000);
        let mut reply = whole.clone();
        let parts = split(&mut reply);
        let Response::Started(Started::Ran(shell)) = &reply else {
            panic!("a run: {reply:?}")
        };
        assert!(
            shell.events.is_empty() && shell.trace.is_empty(),
            "the reply itself is light"
        );
        assert!(parts.len() >= 5, "{} parts", parts.len());
        assert!(parts.iter().all(|p| match p {
            Part::Events(e) => e.len() <= PART_SIZE,
            Part::Trace(t) => t.len() <= PART_SIZE,
        }));
        // As the page receives them: each part and the reply as JSON text, in order.
        let texts: Vec<String> = parts
            .iter()
            .map(|p| serde_json::to_string(&Response::Part(p.clone())).expect("JSON"))
            .collect();
        let mut received = Vec::new();
        for text in &texts {
            match serde_json::from_str::<Response>(text).expect("reads") {
                Response::Part(part) => received.push(part),
                other => panic!("a part: {other:?}"),
            }
        }
        join(&mut reply, received);
        assert_eq!(reply, whole);
    }

    #[test]
    fn a_small_execution_travels_whole() {
        let mut reply = run_loop(3);
        let before = reply.clone();
        assert!(split(&mut reply).is_empty());
        assert_eq!(reply, before);
    }
}
