//! One execution: its status, its output or error, the states it went through (each opens the
//! inspector), and its history.

use crate::components::cost_line::CostLine;
use crate::components::history_table::HistoryTable;
use crate::components::inspector::Inspector;
use std::rc::Rc;
use yew::prelude::*;

/// How many states the list shows before "Show all": a loop of thousands of iterations would
/// otherwise build thousands of buttons at once (the history table pages the same way).
const FIRST_STATES: usize = 200;

/// Props of [`ExecutionResult`].
#[derive(Properties, PartialEq)]
pub struct ExecutionResultProps {
    /// Which check ran it.
    pub title: String,
    /// The execution.
    pub execution: Rc<asl::ExecutionResult>,
    /// How it ran (for its cost).
    #[prop_or_default]
    pub workflow_type: asl::WorkflowType,
    /// The state the inspector shows, if any.
    #[prop_or_default]
    pub selected: Option<AttrValue>,
    /// Called with a state to inspect, or `None` to close the inspector.
    #[prop_or_default]
    pub on_select: Callback<Option<String>>,
}

/// The execution result panel.
#[component]
pub fn ExecutionResult(props: &ExecutionResultProps) -> Html {
    let execution = &props.execution;
    let show_all = use_state(|| false);
    let status = execution.status.as_str();
    let visited = visited(execution);
    let hidden = if *show_all {
        0
    } else {
        visited.len().saturating_sub(FIRST_STATES)
    };
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    html! {
        <section class="execution">
            <h2>{ "Execution: " }{ &props.title }</h2>
            <p>{ "Status: " }<strong id="result-status" class={classes!("status", status.to_lowercase())}>{ status }</strong></p>
            if let Some(output) = &execution.output {
                <h3>{ "Output" }</h3>
                <pre id="result-output">{ pretty(output) }</pre>
            }
            // A Fail state may give a Cause without an Error: show whichever there is.
            if execution.error.is_some() || execution.cause.is_some() {
                <h3>{ "Error" }</h3>
                <pre id="result-error">
                    { [&execution.error, &execution.cause].into_iter().flatten().cloned().collect::<Vec<_>>().join("\n") }
                </pre>
            }
            <CostLine execution={execution.clone()} workflow_type={props.workflow_type} />
            <h3>{ "States visited" }</h3>
            <ol id="states-visited" class="states">
                { for visited.into_iter().take(if hidden > 0 { FIRST_STATES } else { usize::MAX }).map(|(state_type, name, mark)| {
                    let is_selected = props.selected.as_deref() == Some(name.as_str());
                    let onclick = {
                        let name = name.clone();
                        props.on_select.reform(move |_: MouseEvent| Some(name.clone()))
                    };
                    html! {
                        <li class={classes!(mark)}>
                            <span class="state-type">{ state_type }</span>{ " " }
                            <button class={classes!("state-link", is_selected.then_some("selected"))} data-state={name.clone()}
                                aria-pressed={is_selected.to_string()} title="Inspect this state's data flow"
                                onclick={onclick}>{ &name }</button>
                            if mark == "waiting" { <em>{ " — waiting" }</em> }
                        </li>
                    }
                }) }
            </ol>
            if hidden > 0 {
                <p class="more-states">
                    <button id="states-show-all" onclick={on_show_all}>{ format!("Show the other {hidden} states entered") }</button>
                </p>
            }
            if let Some(state) = &props.selected {
                <Inspector execution={execution.clone()} state={state.clone()} on_select={props.on_select.clone()} />
            }
            <HistoryTable execution={execution.clone()} />
        </section>
    }
}

/// Every state entered, in order, with its type and how it ended: "failed", "waiting" or "".
fn visited(execution: &asl::ExecutionResult) -> Vec<(&'static str, String, &'static str)> {
    let entered: Vec<(&'static str, String)> = execution
        .events
        .iter()
        .filter_map(|e| match &e.details {
            asl::history::EventDetails::StateEntered { state_type, name, .. } => {
                Some((*state_type, name.clone()))
            }
            _ => None,
        })
        .collect();
    let last = entered.len().saturating_sub(1);
    entered
        .into_iter()
        .enumerate()
        .map(|(i, (state_type, name))| {
            let mark = if i == last && execution.status == asl::ExecutionStatus::Running {
                "waiting"
            } else if i == last && execution.status == asl::ExecutionStatus::Failed {
                "failed"
            } else {
                ""
            };
            (state_type, name, mark)
        })
        .collect()
}
