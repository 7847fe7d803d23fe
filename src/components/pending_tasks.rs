//! Tasks waiting for a callback, with the buttons that send SendTaskSuccess, SendTaskFailure or a heartbeat.

use crate::worker::protocol::CallbackRequest;
use asl::execution::callbacks::PendingTask;
use yew::prelude::*;

/// Props of [`PendingTasks`].
#[derive(Properties, PartialEq)]
pub struct PendingTasksProps {
    /// The waiting tasks.
    pub tasks: Vec<PendingTask>,
    /// Called when the learner answers one.
    pub on_callback: Callback<CallbackRequest>,
}

/// The pending tasks panel.
#[component]
pub fn PendingTasks(props: &PendingTasksProps) -> Html {
    let output = use_state(|| "{ \"status\": \"SUCCESS\" }".to_string());
    let on_output = {
        let output = output.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                output.set(input.value());
            }
        })
    };
    html! {
        <section id="pending-tasks" class="pending">
            <h2>{ "Waiting for a callback" }</h2>
            <p class="muted">{ "The execution is paused until a worker (or you) answers with the task token, as the SendTaskSuccess and SendTaskFailure APIs do." }</p>
            <label class="editor">
                <span class="label">{ "Output to send with SendTaskSuccess (JSON)" }</span>
                <textarea id="callback-output" rows="3" value={(*output).clone()} oninput={on_output} />
            </label>
            <ul>
                { for props.tasks.iter().map(|task| {
                    let token = task.token.clone();
                    let (ok, fail, beat) = (props.on_callback.clone(), props.on_callback.clone(), props.on_callback.clone());
                    let (t1, t2, t3, out) = (token.clone(), token.clone(), token.clone(), (*output).clone());
                    html! {
                        <li class="pending-task">
                            <div><strong>{ &task.state }</strong>{ " waits since " }{ &task.since }</div>
                            <div class="token"><code title={token.clone()}>{ format!("{}…", &token[..token.len().min(24)]) }</code></div>
                            <div class="toolbar">
                                <button class="primary send-success" onclick={Callback::from(move |_| ok.emit(CallbackRequest::Success(t1.clone(), out.clone())))}>{ "Send success" }</button>
                                <button class="send-failure" onclick={Callback::from(move |_| fail.emit(CallbackRequest::Failure(t2.clone(), "Rejected".into(), "Rejected from the lab".into())))}>{ "Send failure" }</button>
                                <button class="send-heartbeat" onclick={Callback::from(move |_| beat.emit(CallbackRequest::Heartbeat(t3.clone())))}>{ "Heartbeat" }</button>
                            </div>
                        </li>
                    }
                }) }
            </ul>
            <button id="wait-minute" onclick={props.on_callback.reform(|_| CallbackRequest::Wait(60))}>{ "Let 60 s of virtual time pass" }</button>
        </section>
    }
}
