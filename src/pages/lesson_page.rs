//! A lesson: instructions on one side, the editor, the Run button and the result on the other.

use crate::app::LessonRef;
use crate::components::editor::Editor;
use crate::components::execution_result::ExecutionResult;
use crate::components::instructions::Instructions;
use crate::components::verdict_panel::VerdictPanel;
use crate::route::Route;
use crate::storage;
use lessons::Verdict;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`LessonPage`].
#[derive(Properties, PartialEq)]
pub struct LessonPageProps {
    /// The lesson shown.
    pub lesson: LessonRef,
}

/// The lesson page.
#[component]
pub fn LessonPage(props: &LessonPageProps) -> Html {
    let lesson = props.lesson.clone();
    let text = {
        let lesson = lesson.clone();
        use_state(move || storage::load_draft(&lesson.id).unwrap_or_else(|| lesson.starter.clone()))
    };
    let verdict = use_state(|| None::<Rc<Verdict>>);
    let backup = {
        let id = lesson.id.clone();
        use_state(move || storage::load_backup(&id))
    };

    let on_change = {
        let (text, id) = (text.clone(), lesson.id.clone());
        Callback::from(move |value: String| {
            storage::save_draft(&id, &value);
            text.set(value);
        })
    };
    let on_run = {
        let (text, verdict, lesson) = (text.clone(), verdict.clone(), lesson.clone());
        Callback::from(move |_| {
            let outcome = lessons::check(&lesson, &text);
            if outcome.passed() {
                storage::mark_passed(&lesson.id);
            }
            verdict.set(Some(Rc::new(outcome)));
        })
    };
    let on_reset = {
        let (text, backup, verdict, lesson) = (text.clone(), backup.clone(), verdict.clone(), lesson.clone());
        Callback::from(move |_| {
            // Keep what the learner wrote: a reset can always be undone.
            storage::save_backup(&lesson.id, &text);
            backup.set(Some((*text).clone()));
            storage::save_draft(&lesson.id, &lesson.starter);
            text.set(lesson.starter.clone());
            verdict.set(None);
        })
    };
    let on_undo_reset = {
        let (text, backup, lesson) = (text.clone(), backup.clone(), lesson.clone());
        Callback::from(move |_| {
            if let Some(previous) = (*backup).clone() {
                storage::save_draft(&lesson.id, &previous);
                text.set(previous);
                backup.set(None);
            }
        })
    };

    let shown = verdict.as_ref().map(|v| match &**v {
        Verdict::Ran(report) => {
            // Show the first failing check's execution, or the first one when all pass.
            let outcome = report.checks.iter().find(|o| !o.passed).or(report.checks.first());
            outcome.map(|o| html! {
                <ExecutionResult title={o.title.clone()} execution={Rc::new(o.execution.clone())} workflow_type={o.workflow_type} />
            })
        }
        Verdict::Invalid(_) => None,
    });

    html! {
        <div class="lesson-page">
            <article class="instructions-pane">
                <nav class="crumbs"><a href={Route::Home.href()}>{ "← All lessons" }</a></nav>
                <p class="lesson-meta">
                    if let Some(minutes) = lesson.minutes { <span class="minutes">{ format!("{minutes} min") }</span> }
                    { for lesson.concepts.iter().map(|c| html! { <span class="concept">{ c }</span> }) }
                </p>
                <Instructions markdown={lesson.instructions.clone()} hints={lesson.hints.clone()} />
            </article>
            <section class="work-pane">
                <Editor value={(*text).clone()} on_change={on_change} />
                <div class="toolbar">
                    <button id="run" class="primary" onclick={on_run}>{ "▶ Run" }</button>
                    <button id="reset" onclick={on_reset}>{ "Reset to starter" }</button>
                    if backup.is_some() {
                        <button id="undo-reset" onclick={on_undo_reset}>{ "Undo reset" }</button>
                    }
                </div>
                if let Some(verdict) = &*verdict {
                    <VerdictPanel verdict={verdict.clone()} />
                }
                { shown.flatten().unwrap_or_default() }
            </section>
        </div>
    }
}
