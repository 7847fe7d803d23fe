//! What an execution would cost on AWS, in one line: state transitions for Standard, a request
//! and billed duration for Express, priced from the lab's dated price list.

use asl::cost::{estimate, Prices};
use asl::WorkflowType;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`CostLine`].
#[derive(Properties, PartialEq)]
pub struct CostLineProps {
    /// The execution.
    pub execution: Rc<asl::ExecutionResult>,
    /// How it ran.
    #[prop_or_default]
    pub workflow_type: WorkflowType,
}

/// The cost line; its tooltip shows how the figure was reached and where the prices come from.
#[component]
pub fn CostLine(props: &CostLineProps) -> Html {
    let cost = estimate(&props.execution, props.workflow_type, &Prices::published());
    let usage = match props.workflow_type {
        WorkflowType::Standard => match cost.usage.state_transitions {
            1 => "1 state transition".to_string(),
            n => format!("{n} state transitions"),
        },
        WorkflowType::Express => format!("1 request, {} ms billed", cost.usage.billed_duration_ms),
    };
    html! {
        <p class="cost" title={format!("{}. {}", cost.explanation, cost.prices)}>
            { format!("On AWS ({}): {usage}, about ${:.6} a run, ${:.2} a million runs",
                cost.workflow_type.to_lowercase(), cost.per_execution, cost.per_million_executions) }
        </p>
    }
}
