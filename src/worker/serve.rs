//! The worker's message loop: reads each request's JSON text, answers with the engine, and says
//! "ready" once loaded, since messages sent before that would be lost.

use super::engine::Engine;
use super::protocol::{split, Envelope, Request, Response};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Listens for requests until the page terminates the worker.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // Before "ready": Run is usable only once the first check will be as quick as the next.
    let engine = RefCell::new(Engine::warmed());
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let text = event.data().as_string().unwrap_or_default();
        let reply = match serde_json::from_str::<Envelope<Request>>(&text) {
            Ok(request) => {
                let mut body = engine.borrow_mut().handle(request.body);
                for part in split(&mut body) {
                    let body = Response::Part(part);
                    post(&reply_scope, &Envelope { id: request.id, body });
                }
                Envelope { id: request.id, body }
            }
            // Only a page from another build could send this: say so rather than go quiet.
            Err(e) => Envelope {
                id: serde_json::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|v| v["id"].as_u64())
                    .unwrap_or(0),
                body: Response::Refused(format!("The worker cannot read this request: {e}")),
            },
        };
        post(&reply_scope, &reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it; so does its handler.
    on_message.forget();
    post(
        &scope,
        &Envelope {
            id: 0,
            body: Response::Ready,
        },
    );
}

fn post(scope: &DedicatedWorkerGlobalScope, reply: &Envelope<Response>) {
    let text = serde_json::to_string(reply).unwrap_or_else(|e| {
        serde_json::to_string(&Envelope {
            id: reply.id,
            body: Response::Refused(format!("The worker cannot write its answer: {e}")),
        })
        .unwrap_or_default()
    });
    // Posting a string to the page cannot fail: it is cloned, not transferred.
    let _ = scope.post_message(&JsValue::from_str(&text));
}
