//! The worker's side: answers each request with the interpreter and the checker. Plain Rust,
//! tested natively; `serve` only carries the messages.

use super::protocol::{CallbackRequest, LessonSource, Request, Response, Started};
use crate::problems::definition_problems;
use asl::scenario::Scenario;
use asl::{Execution, RunOptions, StateMachine};
use lessons::lesson::Validation;
use lessons::shown::ShownTrack;
use lessons::track::Track;

/// What the worker keeps between requests.
#[derive(Default)]
pub struct Engine {
    /// The built-in track, read on the first check.
    track: Option<Result<Track, Vec<String>>>,
    /// The playground's execution, kept for the answers to its waiting tasks.
    execution: Option<Execution>,
}

impl Engine {
    /// An engine with the built-in track already read, so the first check costs no more than the next.
    pub fn warmed() -> Engine {
        Engine {
            track: Some(lessons::builtin::track()),
            execution: None,
        }
    }

    /// The answer to one request.
    pub fn handle(&mut self, request: Request) -> Response {
        match request {
            Request::Problems { text } => Response::Problems(definition_problems(&text)),
            Request::Check { lesson, text } => self.check(lesson, &text),
            Request::CheckPack { text } => {
                Response::PackShown(lessons::pack::load(&text).map(|track| ShownTrack::from(&track)))
            }
            Request::ShowPack { text } => Response::PackShown(
                lessons::pack::read(&text)
                    .and_then(|files| Track::load_checked(&files, Validation::Shape))
                    .map(|track| ShownTrack::from(&track)),
            ),
            Request::Start {
                definition,
                input,
                scenario,
            } => self.start(&definition, &input, &scenario),
            Request::Answer(answer) => self.answer(answer),
            Request::Export {
                definition,
                scenario,
                input,
                format,
            } => Response::Exported(export_files(&definition, &scenario, &input, &format)),
        }
    }

    fn check(&mut self, lesson: LessonSource, text: &str) -> Response {
        let id = match lesson {
            LessonSource::Builtin(id) => id,
            LessonSource::Files { folder, files } => {
                return match lessons::Lesson::load(&folder, |name| files.get(name).cloned()) {
                    Ok(lesson) => Response::Checked(lessons::check(&lesson, text)),
                    Err(error) => Response::Refused(format!(
                        "The lesson cannot be loaded: {}",
                        error.problems.join("; ")
                    )),
                };
            }
        };
        let track = self.track.get_or_insert_with(lessons::builtin::track);
        let track = match track {
            Ok(track) => track,
            Err(problems) => return Response::Refused(problems.join("\n")),
        };
        match track.lessons().find(|lesson| lesson.id == id) {
            Some(lesson) => Response::Checked(lessons::check(lesson, text)),
            None => Response::Refused(format!("There is no lesson \"{id}\".")),
        }
    }

    /// Starts an execution from the three texts, or says everything that is wrong with them.
    fn start(&mut self, definition: &str, input: &str, scenario: &str) -> Response {
        self.execution = None;
        let machine = StateMachine::from_json_text(definition);
        let input = asl::parse_json(input).map_err(|e| format!("Input: {e}"));
        let scenario = match scenario.trim() {
            "" => Ok(Scenario::default()),
            text => asl::parse_json(text)
                .map_err(|e| vec![format!("Scenario: {e}")])
                .and_then(|value| {
                    Scenario::from_value(&value)
                        .map_err(|p| p.into_iter().map(|e| format!("Scenario: {e}")).collect())
                }),
        };
        match (machine, input, scenario) {
            (Ok(machine), Ok(input), Ok(scenario)) => {
                let mut options = RunOptions::default();
                scenario.apply_to(&mut options);
                let execution = Execution::start(&machine, input, &options);
                let result = execution.result();
                self.execution = Some(execution);
                Response::Started(Started::Ran(Box::new(result)))
            }
            (machine, input, scenario) => Response::Started(Started::Invalid {
                diagnostics: machine.err().map(|e| e.diagnostics).unwrap_or_default(),
                problems: input
                    .err()
                    .into_iter()
                    .chain(scenario.err().unwrap_or_default())
                    .collect(),
            }),
        }
    }

    fn answer(&mut self, answer: CallbackRequest) -> Response {
        let Some(running) = self.execution.as_mut() else {
            return Response::Refused("No execution is waiting: press Run first.".to_string());
        };
        let sent = match answer {
            CallbackRequest::Success(token, output) => match asl::parse_json(&output) {
                Ok(value) => running
                    .send_task_success(&token, value)
                    .map_err(|e| e.to_string()),
                Err(e) => Err(format!("The output is not JSON: {e}")),
            },
            CallbackRequest::Failure(token, error, cause) => running
                .send_task_failure(&token, Some(error), Some(cause))
                .map_err(|e| e.to_string()),
            CallbackRequest::Heartbeat(token) => {
                running.send_task_heartbeat(&token).map_err(|e| e.to_string())
            }
            CallbackRequest::Wait(seconds) => {
                running.wait(seconds);
                Ok(())
            }
        };
        Response::Answered(sent.map(|()| Box::new(running.result())))
    }
}

/// The export's file name and text, with every problem of the texts it was given.
fn export_files(
    definition: &str,
    scenario: &str,
    input: &str,
    format: &str,
) -> Result<(String, String), String> {
    let format: export::Format = format.parse()?;
    let read = |what: &str, text: &str| match text.trim() {
        "" => Ok(None),
        text => asl::parse_json(text)
            .map(Some)
            .map_err(|e| format!("{what}: {e}")),
    };
    let scenario = read("Scenario", scenario)?;
    let options = export::Options {
        input: read("Input", input)?,
        ..export::Options::default()
    };
    let text = export::export(definition, scenario.as_ref(), &options, format).map_err(|e| e.to_string())?;
    let name = match format {
        export::Format::AwsCli => "deploy.sh",
        export::Format::CloudFormation => "template.json",
        export::Format::Terraform => "main.tf",
    };
    Ok((name.to_string(), text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use asl::ExecutionStatus;

    const WAITING: &str = r#"{"StartAt": "Ask", "States": {
        "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
                               "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#;

    /// The queue the waiting task sends to.
    const APPROVALS_QUEUE: &str = r#"{"services": {"sqs": {"queues": {"approvals": {}}}}}"#;

    fn start(engine: &mut Engine, definition: &str) -> Response {
        engine.handle(Request::Start {
            definition: definition.to_string(),
            input: "{}".to_string(),
            scenario: APPROVALS_QUEUE.to_string(),
        })
    }

    #[test]
    fn a_lesson_is_checked_by_id_and_an_unknown_one_is_refused() {
        let mut engine = Engine::default();
        let track = lessons::builtin::track().expect("the track loads");
        let lesson = track.lessons().next().expect("a lesson");
        let passed = engine.handle(Request::Check {
            lesson: LessonSource::Builtin(lesson.id.clone()),
            text: lesson.solution.clone(),
        });
        assert!(
            matches!(&passed, Response::Checked(v) if v.passed()),
            "{passed:?}"
        );
        let unknown = engine.handle(Request::Check {
            lesson: LessonSource::Builtin("no-such-lesson".into()),
            text: lesson.solution.clone(),
        });
        assert_eq!(
            unknown,
            Response::Refused("There is no lesson \"no-such-lesson\".".into())
        );
    }

    #[test]
    fn the_playground_execution_waits_and_is_answered() {
        let mut engine = Engine::default();
        let Response::Started(Started::Ran(waiting)) = start(&mut engine, WAITING) else {
            panic!("the execution starts")
        };
        assert_eq!(waiting.status, ExecutionStatus::Running);
        let token = waiting.pending_tasks[0].token.clone();
        let answered = engine.handle(Request::Answer(CallbackRequest::Success(
            token,
            "{\"approved\": true}".into(),
        )));
        let Response::Answered(Ok(done)) = answered else {
            panic!("the answer is taken: {answered:?}")
        };
        assert_eq!(done.status, ExecutionStatus::Succeeded);
        assert_eq!(done.output, Some(serde_json::json!({"approved": true})));
    }

    #[test]
    fn what_cannot_start_says_every_problem_and_answers_need_an_execution() {
        let mut engine = Engine::default();
        let invalid = engine.handle(Request::Start {
            definition: r#"{"StartAt": "A", "States": {}}"#.into(),
            input: "{".into(),
            scenario: "[]".into(),
        });
        let Response::Started(Started::Invalid {
            diagnostics,
            problems,
        }) = invalid
        else {
            panic!("refused: {invalid:?}")
        };
        assert!(!diagnostics.is_empty());
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("Input: "), "{problems:?}");
        let answered = engine.handle(Request::Answer(CallbackRequest::Wait(5)));
        assert!(matches!(answered, Response::Refused(_)), "{answered:?}");
    }

    #[test]
    fn a_definition_exports_in_each_form_and_bad_texts_are_refused() {
        let mut engine = Engine::default();
        for (format, name, inside) in [
            ("aws-cli", "deploy.sh", "aws stepfunctions create-state-machine"),
            ("cloudformation", "template.json", "AWS::SQS::Queue"),
            ("terraform", "main.tf", "aws_sqs_queue"),
        ] {
            let reply = engine.handle(Request::Export {
                definition: WAITING.into(),
                scenario: APPROVALS_QUEUE.into(),
                input: "{}".into(),
                format: format.into(),
            });
            let Response::Exported(Ok((file, text))) = reply else {
                panic!("{format}: {reply:?}")
            };
            assert_eq!(file, name);
            assert!(text.contains(inside), "{format} holds {inside}");
        }
        let refused = engine.handle(Request::Export {
            definition: WAITING.into(),
            scenario: "{".into(),
            input: String::new(),
            format: "terraform".into(),
        });
        assert!(
            matches!(&refused, Response::Exported(Err(e)) if e.starts_with("Scenario: ")),
            "{refused:?}"
        );
        let unknown = engine.handle(Request::Export {
            definition: WAITING.into(),
            scenario: String::new(),
            input: String::new(),
            format: "pulumi".into(),
        });
        assert!(matches!(unknown, Response::Exported(Err(_))));
    }

    #[test]
    fn every_reply_reads_back_as_it_was_sent() {
        let mut engine = Engine::default();
        let reply = start(&mut engine, WAITING);
        let text = serde_json::to_string(&reply).expect("JSON");
        assert_eq!(
            serde_json::from_str::<Response>(&text).expect("reads back"),
            reply
        );
    }
}
