//! What the verdict panel says when a run gave no result: stopped by the learner, refused, or
//! ended by an internal error of the interpreter.

use crate::worker::protocol::Response;
use yew::prelude::*;

/// Why a run gave no result, as the learner reads it; `None` for a reply that is a result.
pub fn halted_message(reply: &Response) -> Option<String> {
    match reply {
        Response::Stopped => Some(
            "You stopped the run. Nothing of your text is lost; a machine that never ends usually \
             loops back without a way out (check the Choice rules and the loop's counter)."
                .to_string(),
        ),
        Response::Crashed(message) | Response::Refused(message) => Some(message.clone()),
        _ => None,
    }
}

/// Props of [`HaltedPanel`].
#[derive(Properties, PartialEq)]
pub struct HaltedPanelProps {
    /// What happened.
    pub message: AttrValue,
}

/// The panel, in the verdict's place.
#[component]
pub fn HaltedPanel(props: &HaltedPanelProps) -> Html {
    html! {
        <section id="verdict" class="verdict failed halted" data-passed="false" role="status">
            <h2>{ "No result" }</h2>
            <p>{ &props.message }</p>
        </section>
    }
}
