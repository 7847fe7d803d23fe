//! The simulated services after a run: queues, tables, buckets, messages, child executions.

use serde_json::Value;
use yew::prelude::*;

/// Props of [`ServicesPanel`].
#[derive(Properties, PartialEq)]
pub struct ServicesPanelProps {
    /// The services' state as plain data.
    pub services: Value,
}

/// The services panel.
#[component]
pub fn ServicesPanel(props: &ServicesPanelProps) -> Html {
    let empty = props.services.as_object().is_none_or(|m| m.is_empty());
    html! {
        <section id="services" class="services">
            <h2>{ "Simulated services" }</h2>
            if empty {
                <p class="muted">{ "No service holds anything yet." }</p>
            } else {
                <pre>{ serde_json::to_string_pretty(&props.services).unwrap_or_default() }</pre>
            }
        </section>
    }
}
