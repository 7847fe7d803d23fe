//! One execution: its status, its output or error, and the states it went through.

use crate::components::cost_line::CostLine;
use std::rc::Rc;
use yew::prelude::*;

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
}

/// The execution result panel.
#[component]
pub fn ExecutionResult(props: &ExecutionResultProps) -> Html {
    let execution = &props.execution;
    let status = execution.status.as_str();
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    html! {
        <section class="execution">
            <h2>{ "Execution: " }{ &props.title }</h2>
            <p>{ "Status: " }<strong id="result-status" class={classes!("status", status.to_lowercase())}>{ status }</strong></p>
            if let Some(output) = &execution.output {
                <h3>{ "Output" }</h3>
                <pre id="result-output">{ pretty(output) }</pre>
            }
            if let Some(error) = &execution.error {
                <h3>{ "Error" }</h3>
                <pre id="result-error">{ error }{ execution.cause.as_ref().map(|c| format!("\n{c}")).unwrap_or_default() }</pre>
            }
            <CostLine execution={execution.clone()} workflow_type={props.workflow_type} />
            <h3>{ "States visited" }</h3>
            <ol id="states-visited" class="states">
                { for visited(execution).into_iter().map(|(state_type, name, mark)| html! {
                    <li class={classes!(mark)}>
                        <span class="state-type">{ state_type }</span>{ " " }{ name }
                        if mark == "waiting" { <em>{ " — waiting" }</em> }
                    </li>
                }) }
            </ol>
            <details>
                <summary>{ format!("Execution history ({} events)", execution.events.len()) }</summary>
                <ol class="events">
                    { for execution.events.iter().map(|e| html! { <li><code>{ e.event_type() }</code></li> }) }
                </ol>
            </details>
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
