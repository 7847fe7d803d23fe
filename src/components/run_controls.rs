//! Run, and Stop while the interpreter's worker is busy: Run waits for the worker to load, and
//! Stop ends a run that does not end (the worker is replaced; the learner's text is untouched).

use crate::worker::client::{self, use_worker_status};
use yew::prelude::*;

/// Props of [`RunControls`].
#[derive(Properties, PartialEq)]
pub struct RunControlsProps {
    /// Run pressed.
    pub on_run: Callback<()>,
    /// More buttons after Run and Stop (Reset, Undo reset...).
    #[prop_or_default]
    pub children: Html,
}

/// The toolbar under the editor.
#[component]
pub fn RunControls(props: &RunControlsProps) -> Html {
    let status = use_worker_status();
    let (title, note) = match (status.ready, status.busy) {
        (false, _) => ("The interpreter is loading", "Loading the interpreter…"),
        (true, true) => ("Running", "Running…"),
        (true, false) => ("Run (Ctrl/⌘+Enter)", ""),
    };
    html! {
        <div class="toolbar">
            <button id="run" class="primary" title={title} disabled={!status.ready || status.busy}
                onclick={props.on_run.reform(|_| ())}>{ "▶ Run" }</button>
            if status.busy {
                <button id="stop" class="stop" title="Stop the run: the interpreter is restarted, your text is kept"
                    onclick={Callback::from(|_| client::stop())}>{ "■ Stop" }</button>
            }
            { props.children.clone() }
            <span id="run-status" class="run-status muted" role="status" aria-live="polite">{ note }</span>
        </div>
    }
}
