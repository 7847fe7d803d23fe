//! A verdict in short (from a progress file): each rule and check with its mark and problems, or
//! the definition's problems when it did not load.

use crate::components::verdict_panel::sentence;
use crate::verdict_summary::{CheckSummary, VerdictSummary};
use yew::prelude::*;

/// Props of [`VerdictSummaryView`].
#[derive(Properties, PartialEq)]
pub struct VerdictSummaryViewProps {
    /// The verdict; `None`: never run.
    pub verdict: Option<VerdictSummary>,
}

/// The verdict in short.
#[component]
pub fn VerdictSummaryView(props: &VerdictSummaryViewProps) -> Html {
    let Some(verdict) = &props.verdict else {
        return html! { <p class="muted">{ "Never run." }</p> };
    };
    let (failed, total) = verdict.failed_of();
    let headline = if verdict.passed {
        "✓ Passed: every check held".to_string()
    } else if !verdict.invalid.is_empty() {
        "✗ The definition did not load".to_string()
    } else {
        format!("✗ {failed} of {total} rules and checks failed")
    };
    html! {
        <div class={classes!("verdict", "verdict-summary", if verdict.passed { "passed" } else { "failed" })}>
            <h4>{ headline }</h4>
            if !verdict.invalid.is_empty() {
                <ul class="problems">{ for verdict.invalid.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
            }
            if !verdict.rules.is_empty() {
                <ul class="rules">{ for verdict.rules.iter().map(item) }</ul>
            }
            if !verdict.checks.is_empty() {
                <ul class="checks">{ for verdict.checks.iter().map(item) }</ul>
            }
        </div>
    }
}

fn item(check: &CheckSummary) -> Html {
    html! {
        <li class={classes!("check", if check.passed { "passed" } else { "failed" })}>
            <span class="mark">{ if check.passed { "✓" } else { "✗" } }</span>
            <span class="title">{ sentence(&check.title) }</span>
            if !check.problems.is_empty() {
                <ul class="problems">{ for check.problems.iter().map(|p| html! { <li>{ sentence(p) }</li> }) }</ul>
            }
        </li>
    }
}
