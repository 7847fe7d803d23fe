//! The simulated services after a run: queues, tables, buckets, messages, child executions.

use crate::components::services_tables::{holds_anything, ServicesTables};
use serde_json::Value;
use yew::prelude::*;

/// Props of [`ServicesPanel`].
#[derive(Properties, PartialEq)]
pub struct ServicesPanelProps {
    /// The services' state as plain data.
    pub services: Value,
    /// Show nothing at all when no service holds anything (a lesson without services).
    #[prop_or_default]
    pub hide_when_empty: bool,
}

/// The services panel.
#[component]
pub fn ServicesPanel(props: &ServicesPanelProps) -> Html {
    if props.hide_when_empty && !holds_anything(&props.services) {
        return Html::default();
    }
    html! {
        <section id="services" class="services">
            <h2>{ "Simulated services" }</h2>
            <ServicesTables services={props.services.clone()} />
        </section>
    }
}
