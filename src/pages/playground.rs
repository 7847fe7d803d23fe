//! The playground: any definition, input and scenario; run it, answer its waiting tasks, look inside the services.

use crate::components::diagnostics::Diagnostics;
use crate::components::editor::{Check, Editor};
use crate::components::execution_result::ExecutionResult;
use crate::components::export_button::ExportButton;
use crate::components::graph_view::GraphView;
use crate::components::halted_panel::{halted_message, HaltedPanel};
use crate::components::pending_tasks::PendingTasks;
use crate::components::playback::Playback;
use crate::components::run_controls::RunControls;
use crate::components::services_panel::ServicesPanel;
use crate::components::share_bar::ShareBar;
use crate::components::task_answer::TaskAnswer;
use crate::examples::EXAMPLES;
use crate::run_view::moment::{moment, Moment};
use crate::share::{self, Shared};
use crate::storage;
use crate::worker::client;
use crate::worker::protocol::{CallbackRequest, Request, Response, Started};
use std::rc::Rc;
use yew::prelude::*;

/// What the last Run produced.
#[derive(Clone, PartialEq)]
enum Outcome {
    /// Nothing ran yet.
    Nothing,
    /// The definition, input or scenario is not valid.
    Invalid {
        diagnostics: Vec<asl::Diagnostic>,
        problems: Vec<String>,
    },
    /// An execution, finished or waiting.
    Ran(Rc<asl::ExecutionResult>),
    /// No result: stopped, refused or an internal error.
    Halted(String),
}

impl Outcome {
    /// What the worker's reply to a Start or an answer means for the page.
    fn from_reply(reply: Response) -> Outcome {
        match reply {
            Response::Started(Started::Ran(result)) => Outcome::Ran(Rc::new(*result)),
            Response::Answered(Ok(result)) => Outcome::Ran(Rc::new(*result)),
            Response::Started(Started::Invalid {
                diagnostics,
                problems,
            }) => Outcome::Invalid {
                diagnostics,
                problems,
            },
            other => Outcome::Halted(halted_message(&other).unwrap_or_default()),
        }
    }
}

/// The playground page.
#[component]
pub fn Playground() -> Html {
    let first = &EXAMPLES[0];
    let definition = use_state(|| {
        storage::load_text("playground/definition").unwrap_or_else(|| first.definition.to_string())
    });
    let input =
        use_state(|| storage::load_text("playground/input").unwrap_or_else(|| first.input.to_string()));
    let scenario =
        use_state(|| storage::load_text("playground/scenario").unwrap_or_else(|| first.scenario.to_string()));
    let outcome = use_state(|| Outcome::Nothing);
    // The texts a share link replaced, to put back.
    let replaced = use_state(|| None::<Shared>);
    let put = {
        let (definition, input, scenario) = (definition.clone(), input.clone(), scenario.clone());
        move |texts: Shared| {
            for (state, key, text) in [
                (&definition, "playground/definition", texts.definition),
                (&input, "playground/input", texts.input),
                (&scenario, "playground/scenario", texts.scenario),
            ] {
                storage::save_text(key, &text);
                state.set(text);
            }
        }
    };
    // A share link (`#/playground?share=...`) opens its texts here; the address then becomes
    // plain `#/playground`, so a reload keeps what the learner types next.
    {
        let (put, replaced, outcome) = (put.clone(), replaced.clone(), outcome.clone());
        let current = Shared {
            definition: (*definition).clone(),
            input: (*input).clone(),
            scenario: (*scenario).clone(),
        };
        use_effect_with((), move |_| {
            let hash = gloo::utils::window().location().hash().unwrap_or_default();
            if let Some(code) = crate::route::query(&hash, share::PARAM) {
                yew::platform::spawn_local(async move {
                    match share::read(&code).await {
                        Ok(shared) if shared != current => {
                            replaced.set(Some(current));
                            put(shared);
                        }
                        Ok(_) => {}
                        Err(problem) => outcome.set(Outcome::Halted(problem)),
                    }
                    if let Ok(history) = gloo::utils::window().history() {
                        let _ = history.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some("#/playground"),
                        );
                    }
                });
            }
        });
    }
    let on_restore = {
        let (put, replaced) = (put.clone(), replaced.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(previous) = (*replaced).clone() {
                put(previous);
                replaced.set(None);
            }
        })
    };
    // The state the inspector shows; kept across runs, to compare the same state run after run.
    let inspected = use_state(|| None::<String>);
    // Made once, so the panels given it do not render again on every keystroke in the editor.
    let on_inspect = {
        let inspected = inspected.clone();
        use_callback((), move |state: Option<String>, _| inspected.set(state))
    };
    // The event played back, with the execution it belongs to: a new run (or a callback's new
    // result) is another execution, so it shows whole again.
    let played = use_state(|| None::<(Rc<asl::ExecutionResult>, usize)>);
    let example_id =
        use_state(|| storage::load_text("playground/example").unwrap_or_else(|| first.id.to_string()));

    let keep = |state: &UseStateHandle<String>, key: &'static str| {
        let state = state.clone();
        Callback::from(move |text: String| {
            storage::save_text(key, &text);
            state.set(text);
        })
    };
    let on_run = {
        let (definition, input, scenario) = (definition.clone(), input.clone(), scenario.clone());
        let outcome = outcome.clone();
        Callback::from(move |()| {
            let request = Request::Start {
                definition: (*definition).clone(),
                input: (*input).clone(),
                scenario: (*scenario).clone(),
            };
            let outcome = outcome.clone();
            client::request(request, move |reply| outcome.set(Outcome::from_reply(reply)));
        })
    };
    let on_callback = {
        let outcome = outcome.clone();
        Callback::from(move |request: CallbackRequest| {
            let outcome = outcome.clone();
            client::request(Request::Answer(request), move |reply| match reply {
                // The execution is unchanged: say why, and keep showing it.
                Response::Answered(Err(problem)) => gloo::dialogs::alert(&problem),
                reply => outcome.set(Outcome::from_reply(reply)),
            });
        })
    };
    let on_example = {
        let (definition, input, scenario, outcome) = (
            definition.clone(),
            input.clone(),
            scenario.clone(),
            outcome.clone(),
        );
        let example_id = example_id.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                return;
            };
            let Some(example) = EXAMPLES.iter().find(|x| x.id == select.value()) else {
                return;
            };
            for (state, key, text) in [
                (&definition, "playground/definition", example.definition),
                (&input, "playground/input", example.input),
                (&scenario, "playground/scenario", example.scenario),
            ] {
                storage::save_text(key, text);
                state.set(text.to_string());
            }
            // Kept too, so after a reload the picker shows the example the editors hold.
            storage::save_text("playground/example", example.id);
            example_id.set(example.id.to_string());
            outcome.set(Outcome::Nothing);
        })
    };

    // The graph marks the states of the last execution.
    let graph_execution = match &*outcome {
        Outcome::Ran(result) => Some(result.clone()),
        _ => None,
    };
    let position = match (&*played, &graph_execution) {
        (Some((of, n)), Some(shown)) if Rc::ptr_eq(of, shown) => Some(*n),
        _ => None,
    };
    let at = {
        let execution = graph_execution.clone();
        let key = (execution.as_ref().map(|e| Rc::as_ptr(e) as usize), position);
        use_memo(key, move |_| {
            execution
                .zip(position)
                .and_then(|(e, n)| moment(&e, n))
                .map(Rc::new)
        })
    };
    let at: Option<Rc<Moment>> = (*at).clone();
    // A step shows that event's state in the graph and the inspector (none for the execution's own events).
    let on_step = {
        let (played, inspected, execution) = (played.clone(), inspected.clone(), graph_execution.clone());
        Callback::from(move |n: usize| {
            let Some(execution) = execution.clone() else {
                return;
            };
            inspected.set(moment(&execution, n).and_then(|m| m.state));
            played.set(Some((execution, n)));
        })
    };

    // The task the state chosen on the graph waits on, if it waits on one.
    let answering = match (&*outcome, inspected.as_deref()) {
        (Outcome::Ran(result), Some(state)) => result
            .pending_tasks
            .iter()
            .find(|task| task.state == state)
            .cloned(),
        _ => None,
    };

    html! {
        <div class="lesson-page playground">
            <section class="work-pane">
                <div class="toolbar">
                    <label>{ "Example: " }
                        <select id="example" onchange={on_example}>
                            { for EXAMPLES.iter().map(|x| html! { <option value={x.id} selected={x.id == example_id.as_str()}>{ x.title }</option> }) }
                        </select>
                    </label>
                </div>
                <Editor value={(*definition).clone()} on_change={keep(&definition, "playground/definition")} on_run={on_run.clone()} />
                <Editor id="input" label="Execution input (JSON)" rows={4} check={Check::Json} on_run={on_run.clone()}
                    value={(*input).clone()} on_change={keep(&input, "playground/input")} />
                <Editor id="scenario" label="Scenario: simulated services, scripted callbacks, other state machines (JSON)" rows={10}
                    check={Check::Json} on_run={on_run.clone()} value={(*scenario).clone()} on_change={keep(&scenario, "playground/scenario")} />
                <RunControls on_run={on_run.clone()} />
                if replaced.is_some() {
                    <p id="share-opened" class="notice" role="status">
                        { "Opened from a link: your previous playground is kept. " }
                        <button id="share-restore" onclick={on_restore}>{ "Put my previous playground back" }</button>
                    </p>
                }
                <ShareBar shared={Shared { definition: (*definition).clone(), input: (*input).clone(), scenario: (*scenario).clone() }} />
                <ExportButton definition={(*definition).clone()} scenario={(*scenario).clone()} input={(*input).clone()} />
            </section>
            <section class="work-pane">
                <GraphView definition={(*definition).clone()} execution={graph_execution.clone()} at={at}
                    highlighted={(*inspected).clone().map(AttrValue::from)} on_select={on_inspect.reform(Some)} />
                if let Some(execution) = graph_execution {
                    <Playback execution={execution} position={position} on_step={on_step} />
                }
                // A waiting state chosen on the graph is answered right here, beside the graph.
                if let Some(task) = answering {
                    <TaskAnswer key={task.token.clone()} task={task.clone()} on_callback={on_callback.clone()} />
                }
                { match &*outcome {
                    Outcome::Nothing => html! { <p class="muted">{ "Press Run to start an execution." }</p> },
                    Outcome::Halted(message) => html! { <HaltedPanel message={message.clone()} /> },
                    Outcome::Invalid { diagnostics, problems } => html! {
                        <section id="verdict" class="verdict failed">
                            <h2>{ "Cannot run yet" }</h2>
                            <Diagnostics diagnostics={diagnostics.clone()} />
                            <ul>{ for problems.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                        </section>
                    },
                    Outcome::Ran(result) => html! {
                        <>
                            if !result.pending_tasks.is_empty() {
                                <PendingTasks tasks={result.pending_tasks.clone()} on_callback={on_callback.clone()} />
                            }
                            <ExecutionResult title="playground" execution={result.clone()}
                                selected={(*inspected).clone().map(AttrValue::from)} on_select={on_inspect.clone()} />
                            <ServicesPanel services={result.services.clone()} />
                        </>
                    },
                } }
            </section>
        </div>
    }
}
