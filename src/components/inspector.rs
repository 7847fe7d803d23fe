//! The state inspector: every execution of one state, with the JSON after each data-flow step (as
//! the TestState API's inspection data shows it), its variables, retries, caught error, the Choice
//! rule that matched, and for a Map or Parallel its iterations or branches.

use crate::components::graph_view;
use crate::components::json_block::{json_block, text_block};
use crate::run_view::elapsed::elapsed;
use crate::run_view::places::Frame;
use crate::run_view::state_runs::{Group, StateRun, StateRuns};
use asl::clock::Timestamp;
use asl::trace::StateRecord;
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

/// Iterations listed before the rest are summed up: a Map can run thousands.
const GROUPS_SHOWN: usize = 100;

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The execution.
    pub execution: Rc<asl::ExecutionResult>,
    /// The state inspected.
    pub state: AttrValue,
    /// Called with another state to inspect, or `None` to close.
    pub on_select: Callback<Option<String>>,
}

/// The inspector panel.
#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let index = StateRuns::new(&props.execution);
    let runs = index.of_state(&props.state);
    let start = index.start().unwrap_or_default();
    let on_close = {
        let (on_select, state) = (props.on_select.clone(), props.state.clone());
        Callback::from(move |_: MouseEvent| {
            on_select.emit(None);
            // The Close button goes away: give the focus back to the state it was opened from,
            // so a keyboard user does not land at the top of the page.
            graph_view::focus_state(&state);
        })
    };
    let state_type = runs.first().map(|r| r.record.state_type);
    let select = props.on_select.clone();
    html! {
        <section id="inspector" class="inspector" data-state={props.state.clone()}>
            <div class="panel-heading">
                <h3>
                    { "Inspector: " }<code class="state-name">{ &*props.state }</code>
                    if let Some(t) = state_type { <span class="tag">{ t }</span> }
                </h3>
                <button id="inspector-close" class="link" onclick={on_close}>{ "✕ Close" }</button>
            </div>
            if runs.is_empty() {
                <p class="muted">
                    { if index.was_entered(&props.state) {
                        "This state has not finished yet (it waits for a callback): its data flow shows once it ends."
                    } else {
                        "This state did not run in this execution."
                    } }
                </p>
            }
            { for runs.iter().enumerate().map(|(i, run)| {
                let groups = index.groups(run.record.entered_event_id);
                let map_run = index.is_map_run(run.record.entered_event_id);
                let context = RunContext { number: i + 1, of: runs.len(), start, map_run, on_select: &select };
                run_view(run, &groups, &context)
            }) }
        </section>
    }
}

/// Where a run sits among the state's runs, and what it needs from the inspector.
struct RunContext<'a> {
    number: usize,
    of: usize,
    start: Timestamp,
    map_run: bool,
    on_select: &'a Callback<Option<String>>,
}

/// One execution of the state.
fn run_view(run: &StateRun<'_>, groups_of_run: &[Group<'_>], props: &RunContext<'_>) -> Html {
    let record = run.record;
    let flow = &record.flow;
    let id = format!("run-{}", record.entered_event_id);
    let state_link = |name: &str| state_link(name, props.on_select);
    html! {
        <article class="state-run" id={id}>
            <h4>
                { format!("Run {} of {}", props.number, props.of) }
                <span class="when">
                    if let Some(at) = run.entered_at { { format!(" · entered {}", elapsed(props.start, at)) } }
                    if let Some(at) = run.exited_at { { format!(" · left {}", elapsed(props.start, at)) } }
                </span>
            </h4>
            if !run.scope.is_empty() {
                <p class="scope">{ "Ran in " }
                    { for run.scope.iter().map(|frame| html! { <span class="frame">{ frame.label() }</span> }) }
                </p>
            }
            if record.state_type == "Choice" {
                <p class="choice-rule">
                    { match flow.matched_rule {
                        Some(i) => html! { <>{ "Rule " }<code>{ format!("Choices[{i}]") }</code>{ " matched" }</> },
                        None => html! { <>{ "No rule matched: " }<code>{ "Default" }</code></> },
                    } }
                    if let Some(next) = &run.next { { " → " }{ state_link(next) } }
                </p>
            } else if let Some(next) = &run.next {
                <p class="next">{ "Next: " }{ state_link(next) }</p>
            }
            if let Some(caught) = &record.caught {
                <div class="caught">
                    { "Caught " }<code>{ &caught.error }</code>{ " by " }<code>{ format!("Catch[{}]", caught.index) }</code>
                    { " → " }{ state_link(&caught.next) }
                    if let Some(cause) = &caught.cause { { text_block(cause) } }
                </div>
            } else if let Some(error) = &record.error {
                <div class="failed-with">
                    { "Failed with " }<code>{ error }</code>
                    if let Some(cause) = &record.cause { { text_block(cause) } }
                </div>
            }
            <table class="dataflow">
                <tbody>
                    { for steps(record).into_iter().map(|step| html! {
                        <tr class={classes!("step", step.same_as.is_some().then_some("unchanged"))} data-step={step.key}>
                            <th>{ step.label }<code class="step-key">{ step.key }</code></th>
                            <td>
                                if let Some(earlier) = step.same_as {
                                    <span class="unchanged" title={serde_json::to_string(step.value).unwrap_or_default()}>
                                        { "unchanged: same as " }{ earlier }
                                    </span>
                                } else {
                                    { json_block(step.value) }
                                }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if !record.retries.is_empty() {
                <h5>{ "Retries" }</h5>
                <table class="data retries">
                    <thead><tr><th class="number">{ "Attempt" }</th><th>{ "Error" }</th><th>{ "Cause" }</th><th class="number">{ "Waited" }</th></tr></thead>
                    <tbody>
                        { for record.retries.iter().map(|r| html! {
                            <tr>
                                <td class="number">{ r.attempt }</td>
                                <td><code>{ &r.error }</code></td>
                                <td>{ r.cause.as_deref().map(text_block).unwrap_or_default() }</td>
                                <td class="number">{ format!("{} s", r.delay_seconds) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if props.map_run {
                <p class="muted">{ "A distributed Map runs its items as child executions, whose states are not in this history: see the Map Runs under the simulated services." }</p>
            }
            if !groups_of_run.is_empty() {
                { groups(groups_of_run, record.state_type, props.on_select) }
            }
        </article>
    }
}

/// One data-flow step of a run.
struct FlowStep<'a> {
    label: &'static str,
    /// The TestState API's name for it.
    key: &'static str,
    value: &'a Value,
    /// The earlier step it equals, so the page says "unchanged" rather than repeat the JSON.
    same_as: Option<&'static str>,
}

/// Each data-flow step the state has, in the order they apply.
fn steps(record: &StateRecord) -> Vec<FlowStep<'_>> {
    let flow = &record.flow;
    let all = [
        ("Input", "input", &flow.input),
        ("After InputPath", "afterInputPath", &flow.after_input_path),
        ("After ItemsPath", "afterItemsPath", &flow.after_items_path),
        (
            "After ItemSelector",
            "afterItemSelector",
            &flow.after_item_selector,
        ),
        ("After Parameters", "afterParameters", &flow.after_parameters),
        ("After Arguments", "afterArguments", &flow.after_arguments),
        ("Result", "result", &flow.result),
        (
            "After ResultSelector",
            "afterResultSelector",
            &flow.after_result_selector,
        ),
        ("After ResultPath", "afterResultPath", &flow.after_result_path),
        ("Variables before", "variablesBefore", &flow.variables_before),
        ("Assigned", "assigned", &flow.assigned),
        ("Variables after", "variablesAfter", &flow.variables_after),
        ("Output", "output", &flow.output),
    ];
    let mut previous: Option<(&'static str, &Value)> = None;
    let mut out = Vec::new();
    for (label, key, value) in all {
        let Some(value) = value.as_deref() else { continue };
        // Variables are beside the JSON's path, not a step of it.
        if key.starts_with("variables") || key == "assigned" {
            out.push(FlowStep {
                label,
                key,
                value,
                same_as: None,
            });
            continue;
        }
        let same_as = previous.filter(|(_, v)| *v == value).map(|(l, _)| l);
        out.push(FlowStep {
            label,
            key,
            value,
            same_as,
        });
        previous = Some((label, value));
    }
    out
}

/// A state's name as a button that opens the inspector on it.
fn state_link(name: &str, on_select: &Callback<Option<String>>) -> Html {
    let onclick = {
        let name = name.to_string();
        on_select.reform(move |_: MouseEvent| Some(name.clone()))
    };
    html! { <button class="state-link" data-state={name.to_string()} onclick={onclick}>{ name }</button> }
}

/// A Map's iterations or a Parallel's branches, each opened on demand.
fn groups(groups: &[Group<'_>], state_type: &str, on_select: &Callback<Option<String>>) -> Html {
    let what = if state_type == "Parallel" {
        "Branches"
    } else {
        "Iterations"
    };
    html! {
        <div class="groups">
            <h5>{ format!("{what} ({})", groups.len()) }</h5>
            { for groups.iter().take(GROUPS_SHOWN).map(|group| {
                let (id, title) = match &group.frame {
                    Frame::Iteration { map_entered, index, .. } =>
                        (format!("iteration-{map_entered}-{index}"), format!("Iteration {index}")),
                    Frame::Branch { parallel_entered, number, first_state, .. } =>
                        (format!("branch-{parallel_entered}-{number}"), format!("Branch {number}, from {first_state}")),
                };
                let path: Vec<&str> = group.runs.iter().map(|r| r.record.name.as_str()).collect();
                html! {
                    <details class="group" id={id}>
                        <summary>
                            <strong>{ title }</strong>
                            if let Some(status) = group.status {
                                <span class={classes!("status", status.to_lowercase())}>{ status }</span>
                            }
                            <span class="path">{ path.join(" → ") }</span>
                        </summary>
                        <table class="data group-runs">
                            <thead><tr><th>{ "State" }</th><th>{ "Input" }</th><th>{ "Output" }</th></tr></thead>
                            <tbody>
                                { for group.runs.iter().map(|run| html! {
                                    <tr class="group-run">
                                        <td>
                                            { state_link(&run.record.name, on_select) }
                                            <div class="muted">{ run.record.state_type }</div>
                                        </td>
                                        <td>{ run.record.flow.input.as_deref().map(json_block).unwrap_or_default() }</td>
                                        <td>
                                            if let Some(output) = &run.record.flow.output { { json_block(output) } }
                                            else if let Some(error) = &run.record.error {
                                                <span class="status failed">{ error }</span>
                                                if let Some(cause) = &run.record.cause { { text_block(cause) } }
                                            }
                                        </td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </details>
                }
            }) }
            if groups.len() > GROUPS_SHOWN {
                <p class="muted">{ format!("… and {} more. Open a state inside to see all of its runs.", groups.len() - GROUPS_SHOWN) }</p>
            }
        </div>
    }
}
