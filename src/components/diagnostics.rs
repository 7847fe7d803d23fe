//! Problems in a definition, each with its code, line and column, and JSON pointer.

use asl::Diagnostic;
use yew::prelude::*;

/// Props of [`Diagnostics`].
#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    /// The problems.
    pub diagnostics: Vec<Diagnostic>,
}

/// The list of problems.
#[component]
pub fn Diagnostics(props: &DiagnosticsProps) -> Html {
    html! {
        <ul class="diagnostics">
            { for props.diagnostics.iter().map(|d| {
                let place = d.position.map(|p| format!("line {}, column {}", p.line, p.column)).unwrap_or_default();
                html! {
                    <li>
                        <code class="code">{ d.code }</code>
                        if !place.is_empty() { <span class="where">{ place }</span> }
                        if !d.location.is_empty() { <code class="pointer">{ &d.location }</code> }
                        <p>{ &d.message }</p>
                    </li>
                }
            }) }
        </ul>
    }
}
