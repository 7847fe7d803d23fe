//! A lesson: instructions on one side, the editor, the Run button and the result on the other.

use crate::app::LessonRef;
use crate::components::editor::Editor;
use crate::components::execution_result::ExecutionResult;
use crate::components::graph_view::GraphView;
use crate::components::halted_panel::{halted_message, HaltedPanel};
use crate::components::instructions::Instructions;
use crate::components::playback::Playback;
use crate::components::run_controls::RunControls;
use crate::components::services_panel::ServicesPanel;
use crate::components::share_bar::OpenInPlayground;
use crate::components::verdict_panel::VerdictPanel;
use crate::lesson_content::{use_lesson_content, ContentState};
use crate::packs::Origin;
use crate::route::Route;
use crate::run_view::moment::moment;
use crate::share::Shared;
use crate::storage;
use crate::time_on_page::use_time_on_page;
use crate::worker::client;
use crate::worker::protocol::{Request, Response};
use lessons::Verdict;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`LessonPage`].
#[derive(Properties, PartialEq)]
pub struct LessonPageProps {
    /// The lesson shown.
    pub lesson: LessonRef,
    /// Where it comes from: the built-in track or the loaded pack.
    #[prop_or(Origin::Builtin)]
    pub origin: Origin,
}

/// The lesson page.
#[component]
pub fn LessonPage(props: &LessonPageProps) -> Html {
    let lesson = props.lesson.clone();
    // Drafts and passes are kept under this id (a pack's lesson has its own).
    let key: Rc<str> = props.origin.storage_id(&lesson.id).into();
    let source = props.origin.source(&lesson);
    let content = use_lesson_content(&lesson);
    // The starter comes with the lesson's content, usually already here (index.html fetched it).
    let starter = content.ready().map(|c| c.starter.clone());
    let text = {
        let (key, starter) = (key.clone(), starter.clone());
        use_state(move || storage::load_draft(&key).or(starter).unwrap_or_default())
    };
    // A lesson whose content was still on its way starts from its starter once it comes, unless
    // the learner has a draft (or has begun typing meanwhile).
    {
        let (text, key, starter) = (text.clone(), key.clone(), starter.clone());
        use_effect_with(starter.is_some(), move |_| {
            if let Some(starter) = starter {
                if text.is_empty() && storage::load_draft(&key).is_none() {
                    text.set(starter);
                }
            }
        });
    }
    let verdict = use_state(|| None::<Rc<Verdict>>);
    // Why the last run gave no verdict (stopped, refused, an internal error), shown in its place.
    let halted = use_state(|| None::<String>);
    // The check whose execution is shown (`None`: the first failing one) and the state inspected.
    let shown_check = use_state(|| None::<usize>);
    let inspected = use_state(|| None::<String>);
    // The event played back (`None`: the whole run, as it ended).
    let position = use_state(|| None::<usize>);
    // One Rc per check's execution, made once per verdict, so the panels keep their state
    // (open history rows) while the learner inspects states.
    let executions = {
        let verdict = verdict.clone();
        use_memo(verdict.as_ref().map(|v| Rc::as_ptr(v) as usize), move |_| {
            check_executions(verdict.as_deref())
        })
    };
    let backup = {
        let key = key.clone();
        use_state(move || storage::load_backup(&key))
    };
    use_time_on_page(key.to_string());

    let on_change = {
        let (text, key) = (text.clone(), key.clone());
        Callback::from(move |value: String| {
            storage::save_draft(&key, &value);
            text.set(value);
        })
    };
    let on_run = {
        let (text, verdict, halted, key) = (text.clone(), verdict.clone(), halted.clone(), key.clone());
        let (shown_check, position) = (shown_check.clone(), position.clone());
        Callback::from(move |()| {
            let id = key.clone();
            storage::record_attempt(&id);
            let (verdict, halted, shown_check, position) = (
                verdict.clone(),
                halted.clone(),
                shown_check.clone(),
                position.clone(),
            );
            let request = Request::Check {
                lesson: source.clone(),
                text: (*text).clone(),
            };
            client::request(request, move |reply| {
                shown_check.set(None);
                position.set(None);
                if let Response::Checked(outcome) = reply {
                    storage::record_verdict(&id, &outcome);
                    halted.set(None);
                    verdict.set(Some(Rc::new(outcome)));
                } else {
                    halted.set(halted_message(&reply));
                    verdict.set(None);
                }
            });
        })
    };
    let on_reset = {
        let (text, backup, verdict) = (text.clone(), backup.clone(), verdict.clone());
        let (key, starter) = (key.clone(), starter.clone());
        Callback::from(move |_| {
            let Some(starter) = &starter else {
                return; // the button waits for the content
            };
            // Keep what the learner wrote: a reset can always be undone (a second click keeps
            // the text from before the first).
            backup.set(storage::reset_to_starter(&key, &text, starter));
            text.set(starter.clone());
            verdict.set(None);
        })
    };
    let on_undo_reset = {
        let (text, backup, key) = (text.clone(), backup.clone(), key.clone());
        Callback::from(move |_| {
            // Undone once: the backup is forgotten, so Undo is not offered again after a reload.
            if let Some(previous) = storage::undo_reset(&key) {
                text.set(previous);
            }
            backup.set(None);
        })
    };

    // The check the learner clicked, else the first failing one, else the first.
    let shown_index = match verdict.as_deref() {
        Some(Verdict::Ran(report)) => shown_check
            .filter(|i| *i < report.checks.len())
            .or_else(|| report.checks.iter().position(|o| !o.passed))
            .or((!report.checks.is_empty()).then_some(0)),
        _ => None,
    };
    let on_show_check = {
        let (shown_check, position) = (shown_check.clone(), position.clone());
        use_callback((), move |i: usize, _| {
            position.set(None);
            shown_check.set(Some(i));
        })
    };
    // Made once, so the panels given it do not render again on every keystroke in the editor.
    let on_inspect = {
        let inspected = inspected.clone();
        use_callback((), move |state: Option<String>, _| inspected.set(state))
    };
    let shown = match (verdict.as_deref(), shown_index) {
        (Some(Verdict::Ran(report)), Some(i)) => report.checks.get(i).zip(executions.get(i)).map(|(o, execution)| html! {
            <>
                <ExecutionResult title={o.title.clone()} execution={execution.clone()} workflow_type={o.workflow_type}
                    selected={(*inspected).clone().map(AttrValue::from)} on_select={on_inspect.clone()} />
                <ServicesPanel services={execution.services.clone()} hide_when_empty={true} />
            </>
        }),
        _ => None,
    };

    // The graph marks the states of the execution shown below it.
    let graph_execution = shown_index.and_then(|i| executions.get(i).cloned());
    let at = {
        let (execution, position) = (graph_execution.clone(), *position);
        let key = (execution.as_ref().map(|e| Rc::as_ptr(e) as usize), position);
        use_memo(key, move |_| {
            execution
                .zip(position)
                .and_then(|(e, n)| moment(&e, n))
                .map(Rc::new)
        })
    };
    // A step shows that event's state in the graph and the inspector (none for the execution's own events).
    let on_step = {
        let (position, inspected, execution) = (position.clone(), inspected.clone(), graph_execution.clone());
        Callback::from(move |n: usize| {
            position.set(Some(n));
            inspected.set(
                execution
                    .as_deref()
                    .and_then(|e| moment(e, n))
                    .and_then(|m| m.state),
            );
        })
    };

    // The playground opens with the learner's text and the input and scenario of the check shown.
    let to_playground = {
        let content = content.ready();
        let check = content.and_then(|c| c.checks.get(shown_index.unwrap_or(0)));
        let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
        Shared {
            definition: (*text).clone(),
            input: check.map(|c| pretty(&c.input)).unwrap_or_else(|| "{}".into()),
            scenario: check
                .and_then(|c| c.scenario.as_ref())
                .or(content.and_then(|c| c.scenario.as_ref()))
                .map(pretty)
                .unwrap_or_default(),
        }
    };

    html! {
        <div class="lesson-page">
            <article class="instructions-pane">
                <nav class="crumbs" aria-label="Breadcrumb"><a href={Route::Home.href()}>{ "← All lessons" }</a></nav>
                <p class="lesson-meta">
                    if let Some(minutes) = lesson.minutes { <span class="minutes">{ format!("{minutes} min") }</span> }
                    { for lesson.concepts.iter().map(|c| html! { <span class="concept">{ c }</span> }) }
                </p>
                { match &content {
                    ContentState::Ready(content) => html! {
                        <Instructions html={AttrValue::from(content.instructions_html.clone())} hints={content.hints_html.clone()} />
                    },
                    ContentState::Loading => html! { <p class="loading" aria-live="polite">{ "Loading the lesson…" }</p> },
                    ContentState::Failed(why) => html! { <p class="problem" role="alert">{ why }</p> },
                } }
            </article>
            <section class="work-pane">
                <Editor value={(*text).clone()} on_change={on_change} on_run={on_run.clone()} />
                <RunControls on_run={on_run.clone()}>
                    <button id="reset" onclick={on_reset} disabled={starter.is_none()}>{ "Reset to starter" }</button>
                    if backup.is_some() {
                        <button id="undo-reset" onclick={on_undo_reset}>{ "Undo reset" }</button>
                    }
                    <OpenInPlayground shared={to_playground} />
                </RunControls>
                <GraphView definition={(*text).clone()} execution={graph_execution.clone()} at={(*at).clone()}
                    highlighted={(*inspected).clone().map(AttrValue::from)} on_select={on_inspect.reform(Some)} />
                if let Some(execution) = graph_execution {
                    <Playback execution={execution} position={*position} on_step={on_step} />
                }
                if let Some(message) = &*halted {
                    <HaltedPanel message={message.clone()} />
                }
                if let Some(verdict) = &*verdict {
                    <VerdictPanel verdict={verdict.clone()} shown={shown_index} on_show={on_show_check} />
                }
                { shown.unwrap_or_default() }
            </section>
        </div>
    }
}

/// Each check's execution, in the report's order; none when the definition did not run.
fn check_executions(verdict: Option<&Verdict>) -> Vec<Rc<asl::ExecutionResult>> {
    match verdict {
        Some(Verdict::Ran(report)) => report
            .checks
            .iter()
            .map(|o| Rc::new(o.execution.clone()))
            .collect(),
        _ => Vec::new(),
    }
}
