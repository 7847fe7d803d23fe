//! The verdict: passed, or exactly which check failed and why, or where the definition is invalid;
//! clicking a check shows its execution.

use crate::components::cost_line::CostLine;
use crate::components::diagnostics::Diagnostics;
use lessons::{CheckOutcome, Verdict};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`VerdictPanel`].
#[derive(Properties, PartialEq)]
pub struct VerdictPanelProps {
    /// The checker's verdict.
    pub verdict: Rc<Verdict>,
    /// The index of the check whose execution the page shows.
    #[prop_or_default]
    pub shown: Option<usize>,
    /// Called with a check's index when the learner asks to see its execution.
    #[prop_or_default]
    pub on_show: Callback<usize>,
}

/// The verdict panel.
#[component]
pub fn VerdictPanel(props: &VerdictPanelProps) -> Html {
    match &*props.verdict {
        Verdict::Invalid(error) => html! {
            <section id="verdict" class="verdict failed" data-passed="false">
                <h2>{ "The definition has problems" }</h2>
                <Diagnostics diagnostics={error.diagnostics.clone()} />
            </section>
        },
        Verdict::Ran(report) => {
            let failed_rules = report.rules.iter().filter(|r| !r.passed).count();
            let failed = report.checks.iter().filter(|o| !o.passed).count();
            let passed = failed == 0 && failed_rules == 0;
            let headline = if passed {
                "✓ Lesson passed: every check holds".to_string()
            } else {
                let mut parts = Vec::new();
                if failed_rules > 0 {
                    parts.push(format!(
                        "{failed_rules} of {} rules about the definition",
                        report.rules.len()
                    ));
                }
                if failed > 0 {
                    parts.push(format!("{failed} of {} checks", report.checks.len()));
                }
                format!("✗ Not yet: {} failed", parts.join(" and "))
            };
            html! {
                <section id="verdict" class={classes!("verdict", if passed { "passed" } else { "failed" })}
                    data-passed={passed.to_string()}>
                    <h2>{ headline }</h2>
                    if !report.rules.is_empty() {
                        <h3>{ "The definition" }</h3>
                        <ul class="rules">
                            { for report.rules.iter().map(|r| html! {
                                <li class={classes!("rule", if r.passed { "passed" } else { "failed" })}>
                                    <span class="mark">{ if r.passed { "✓" } else { "✗" } }</span>
                                    <span class="title">{ sentence(&r.description) }</span>
                                    if let Some(problem) = &r.problem {
                                        <ul class="problems"><li>{ sentence(problem) }</li></ul>
                                    }
                                </li>
                            }) }
                        </ul>
                    }
                    <h3>{ "Runs" }</h3>
                    <ul class="checks">
                        { for report.checks.iter().enumerate().map(|(i, o)| html! {
                            <CheckItem outcome={Rc::new(o.clone())} index={i} shown={props.shown == Some(i)}
                                on_show={props.on_show.clone()} />
                        }) }
                    </ul>
                </section>
            }
        }
    }
}

/// Props of [`CheckItem`].
#[derive(Properties, PartialEq)]
struct CheckItemProps {
    outcome: Rc<CheckOutcome>,
    /// Its place in the report.
    index: usize,
    /// Whether the page shows its execution.
    shown: bool,
    on_show: Callback<usize>,
}

/// One check: its title and mark; when it failed, what went wrong, why it matters and what the
/// approvers did; and what the run would cost on AWS.
#[component]
fn CheckItem(props: &CheckItemProps) -> Html {
    let o = &props.outcome;
    let index = props.index;
    let on_show = props.on_show.reform(move |_: MouseEvent| index);
    html! {
        <li class={classes!("check", if o.passed { "passed" } else { "failed" }, props.shown.then_some("shown"))}
            id={format!("check-{index}")}>
            <span class="mark">{ if o.passed { "✓" } else { "✗" } }</span>
            <button class="title check-link" onclick={on_show} aria-pressed={props.shown.to_string()}
                title="Show this run's execution">{ &o.title }</button>
            if props.shown { <span class="tag shown-note">{ "shown below" }</span> }
            if !o.problems.is_empty() {
                <ul class="problems">
                    { for o.problems.iter().map(|p| html! { <li>{ sentence(p) }</li> }) }
                </ul>
            }
            if let (false, Some(why)) = (o.passed, &o.why) {
                <p class="why">{ "Why it matters: " }{ sentence(why) }</p>
            }
            if !o.notes.is_empty() {
                <ul class="approvals">{ for o.notes.iter().map(|n| html! { <li>{ sentence(n) }</li> }) }</ul>
            }
            <CostLine execution={Rc::new(o.execution.clone())} workflow_type={o.workflow_type} />
        </li>
    }
}

/// A checker sentence with its `quoted` names (states, fields, errors) shown as code.
pub fn sentence(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| {
            if i % 2 == 1 { html! { <code>{ part }</code> } } else { html! { { part } } }
        }) }
    }
}
