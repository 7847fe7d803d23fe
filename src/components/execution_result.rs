//! One execution: its status, its output or error, and the states it went through.

use std::rc::Rc;
use yew::prelude::*;

/// Props of [`ExecutionResult`].
#[derive(Properties, PartialEq)]
pub struct ExecutionResultProps {
    /// Which check ran it.
    pub title: String,
    /// The execution.
    pub execution: Rc<asl::ExecutionResult>,
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
            <h3>{ "States visited" }</h3>
            <ol id="states-visited" class="states">
                { for execution.trace.iter().map(|r| html! {
                    <li class={classes!(r.error.is_some().then_some("failed"))}>
                        <span class="state-type">{ r.state_type }</span>{ " " }{ &r.name }
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
