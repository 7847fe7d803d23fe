//! "Answer this task": the box a waiting state chosen on the graph opens, to send it
//! SendTaskSuccess with an edited payload, SendTaskFailure with an error and cause, or a heartbeat.

use crate::worker::protocol::CallbackRequest;
use asl::execution::callbacks::PendingTask;
use yew::prelude::*;

/// Props of [`TaskAnswer`].
#[derive(Properties, PartialEq)]
pub struct TaskAnswerProps {
    /// The task the chosen state waits on.
    pub task: PendingTask,
    /// Called with the learner's answer (the playground's callback plumbing).
    pub on_callback: Callback<CallbackRequest>,
}

/// The answer box of one waiting task.
#[component]
pub fn TaskAnswer(props: &TaskAnswerProps) -> Html {
    let payload = use_state(|| "{ \"status\": \"SUCCESS\" }".to_string());
    let error = use_state(|| "Rejected".to_string());
    let cause = use_state(|| "Rejected from the graph".to_string());
    // Each field keeps what the learner types, so the buttons send exactly that.
    let keep = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                state.set(area.value());
            } else if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                state.set(input.value());
            }
        })
    };
    let send = |request: CallbackRequest| {
        let on_callback = props.on_callback.clone();
        Callback::from(move |_: MouseEvent| on_callback.emit(request.clone()))
    };
    let token = props.task.token.clone();
    html! {
        <section id="task-answer" class="pending task-answer" aria-labelledby="task-answer-title">
            <h2 id="task-answer-title">{ "Answer this task: " }<code>{ &props.task.state }</code></h2>
            <p class="muted">{ format!("Waits for its task token since {}.", props.task.since) }</p>
            <label class="editor">
                <span class="label">{ "Payload to send with SendTaskSuccess (JSON)" }</span>
                <textarea id="task-answer-payload" rows="3" spellcheck="false"
                    value={(*payload).clone()} oninput={keep(&payload)} />
            </label>
            <div class="task-answer-failure">
                <label>{ "Error " }
                    <input id="task-answer-error" type="text" value={(*error).clone()} oninput={keep(&error)} />
                </label>
                <label>{ "Cause " }
                    <input id="task-answer-cause" type="text" value={(*cause).clone()} oninput={keep(&cause)} />
                </label>
            </div>
            <div class="toolbar">
                <button id="task-answer-success" class="primary"
                    onclick={send(CallbackRequest::Success(token.clone(), (*payload).clone()))}>{ "Send success" }</button>
                <button id="task-answer-failure"
                    onclick={send(CallbackRequest::Failure(token.clone(), (*error).clone(), (*cause).clone()))}>{ "Send failure" }</button>
                <button id="task-answer-heartbeat" onclick={send(CallbackRequest::Heartbeat(token))}>{ "Heartbeat" }</button>
            </div>
        </section>
    }
}
