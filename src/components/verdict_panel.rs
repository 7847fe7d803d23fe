//! The verdict: passed, or exactly which check failed and why, or where the definition is invalid.

use crate::components::diagnostics::Diagnostics;
use lessons::Verdict;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`VerdictPanel`].
#[derive(Properties, PartialEq)]
pub struct VerdictPanelProps {
    /// The checker's verdict.
    pub verdict: Rc<Verdict>,
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
        Verdict::Ran(outcomes) => {
            let failed = outcomes.iter().filter(|o| !o.passed).count();
            let passed = failed == 0;
            let headline = if passed {
                "✓ Lesson passed: every check holds".to_string()
            } else {
                format!("✗ Not yet: {failed} of {} checks failed", outcomes.len())
            };
            html! {
                <section id="verdict" class={classes!("verdict", if passed { "passed" } else { "failed" })}
                    data-passed={passed.to_string()}>
                    <h2>{ headline }</h2>
                    <ul class="checks">
                        { for outcomes.iter().map(|o| html! {
                            <li class={classes!("check", if o.passed { "passed" } else { "failed" })}>
                                <span class="mark">{ if o.passed { "✓" } else { "✗" } }</span>
                                <span class="title">{ &o.title }</span>
                                if !o.problems.is_empty() {
                                    <ul class="problems">
                                        { for o.problems.iter().map(|p| html! { <li>{ p }</li> }) }
                                    </ul>
                                }
                            </li>
                        }) }
                    </ul>
                </section>
            }
        }
    }
}
