//! The page's side of the interpreter's worker: requests with their replies, whether the worker
//! is ready or busy, and Stop (the worker is ended and a fresh one started).

use super::protocol::{join, Envelope, Part, Request, Response};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::prelude::*;

/// The worker's script, next to index.html (Trunk's loader for `data-type="worker"`); relative,
/// so the lab works from any sub-path.
const SCRIPT: &str = "./sfn-lab-worker_loader.js";

/// What the page shows of the worker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// Loaded: Run can be pressed.
    pub ready: bool,
    /// A run or check is under way: Stop can be pressed.
    pub busy: bool,
}

type Reply = Box<dyn FnOnce(Response)>;

/// A request waiting for its reply.
struct Waiting {
    reply: Reply,
    is_run: bool,
    /// A big execution's parts, sent ahead of the reply.
    parts: Vec<Part>,
}

struct Client {
    worker: Worker,
    ready: bool,
    /// Requests made before the worker was ready, as JSON text.
    queued: Vec<String>,
    waiting: BTreeMap<u64, Waiting>,
    next_id: u64,
    // Kept alive as long as the worker they listen to.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// The components showing the status, by number; they outlive any one worker.
    static LISTENERS: RefCell<BTreeMap<u64, Callback<Status>>> = const { RefCell::new(BTreeMap::new()) };
}

/// A request made while the worker is held back ([`hold`]), with what gets its answer.
type Held = (Request, Box<dyn FnOnce(Response)>);

thread_local! {
    /// Requests made before [`start`] while the page holds the worker back; `None`: not held.
    static HELD: RefCell<Option<Vec<Held>>> = const { RefCell::new(None) };
}

/// Holds the worker back until [`start`]: requests wait instead of starting it. The app holds it
/// until its first render (with the lesson's text) has been painted, so what the learner sees
/// first never waits behind the worker's megabyte (src/app.rs).
pub fn hold() {
    HELD.with(|held| {
        if CLIENT.with(|client| client.borrow().is_none()) {
            held.borrow_mut().get_or_insert_with(Vec::new);
        }
    });
}

/// Starts the worker, if it is not started, and sends what waited for it; the page calls it once
/// it has rendered.
pub fn start() {
    CLIENT.with(|client| {
        if client.borrow().is_none() {
            *client.borrow_mut() = spawn(1);
        }
    });
    for (body, reply) in HELD.with(|held| held.borrow_mut().take()).unwrap_or_default() {
        request(body, reply);
    }
}

/// Sends a request; `reply` gets the worker's answer, or [`Response::Stopped`] /
/// [`Response::Crashed`] when there will be none.
pub fn request(body: Request, reply: impl FnOnce(Response) + 'static) {
    let reply: Box<dyn FnOnce(Response)> = Box::new(reply);
    let Some((body, reply)) = HELD.with(|held| match held.borrow_mut().as_mut() {
        Some(waiting) => {
            waiting.push((body, reply));
            None
        }
        None => Some((body, reply)),
    }) else {
        return;
    };
    start();
    let is_run = body.is_run();
    let refused = CLIENT.with(|client| {
        let mut client = client.borrow_mut();
        let Some(client) = client.as_mut() else {
            let crashed = Response::Crashed("The browser could not start the interpreter's worker.".into());
            return Some(Box::new(move || reply(crashed)) as Box<dyn FnOnce()>);
        };
        let id = client.next_id;
        client.next_id += 1;
        let text = match serde_json::to_string(&Envelope { id, body }) {
            Ok(text) => text,
            Err(e) => {
                return Some(Box::new(move || reply(Response::Refused(e.to_string()))) as Box<dyn FnOnce()>)
            }
        };
        client.waiting.insert(
            id,
            Waiting {
                reply: Box::new(reply),
                is_run,
                parts: Vec::new(),
            },
        );
        if client.ready {
            post(&client.worker, &text);
        } else {
            client.queued.push(text);
        }
        None
    });
    match refused {
        Some(answer) => answer(),
        None if is_run => notify(),
        None => {}
    }
}

/// Ends the worker and whatever it runs; every waiting request gets [`Response::Stopped`].
pub fn stop() {
    restart(true, || Response::Stopped);
}

/// The worker's status now.
pub fn status() -> Status {
    CLIENT.with(|client| {
        client.borrow().as_ref().map_or(Status::default(), |c| Status {
            ready: c.ready,
            busy: c.waiting.values().any(|w| w.is_run),
        })
    })
}

/// The worker's status, rendering again when it changes.
#[hook]
pub fn use_worker_status() -> Status {
    let shown = use_state_eq(status);
    {
        let shown = shown.clone();
        use_effect_with((), move |_| {
            shown.set(status());
            let id = subscribe(Callback::from(move |now| shown.set(now)));
            move || unsubscribe(id)
        });
    }
    *shown
}

fn subscribe(listener: Callback<Status>) -> u64 {
    LISTENERS.with(|listeners| {
        let mut listeners = listeners.borrow_mut();
        let id = listeners.keys().next_back().map_or(1, |last| last + 1);
        listeners.insert(id, listener);
        id
    })
}

fn unsubscribe(id: u64) {
    LISTENERS.with(|listeners| listeners.borrow_mut().remove(&id));
}

/// Tells every listener the status; outside any borrow, since they render.
fn notify() {
    let now = status();
    let listeners: Vec<Callback<Status>> =
        LISTENERS.with(|listeners| listeners.borrow().values().cloned().collect());
    for listener in listeners {
        listener.emit(now);
    }
}

/// A new worker; request numbers go on from `next_id`, so a late reply cannot be mistaken.
fn spawn(next_id: u64) -> Option<Client> {
    let worker = match Worker::new(SCRIPT) {
        Ok(worker) => worker,
        Err(e) => {
            web_sys::console::error_2(&"sfn-lab: cannot start the worker".into(), &e);
            return None;
        }
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let text = event.data().as_string().unwrap_or_default();
        match serde_json::from_str::<Envelope<Response>>(&text) {
            Ok(reply) => receive(reply),
            Err(e) => web_sys::console::error_1(&format!("sfn-lab: unreadable worker reply: {e}").into()),
        }
    });
    // An uncaught error (a trap in the interpreter, a script that did not load) ends the worker's
    // usefulness: answer every request and start again, so the page never waits forever. Later,
    // not now: this handler belongs to the worker being replaced.
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(|event: ErrorEvent| {
        event.prevent_default();
        let message = event.message();
        gloo::timers::callback::Timeout::new(0, move || {
            // A worker that never loaded would fail again: the next request tries once more.
            let respawn = status().ready;
            restart(respawn, move || {
                Response::Crashed(format!(
                    "The interpreter stopped with an internal error ({message}). \
                     The lab has restarted it; your text is kept."
                ))
            });
        })
        .forget();
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Client {
        worker,
        ready: false,
        queued: Vec::new(),
        waiting: BTreeMap::new(),
        next_id,
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn receive(reply: Envelope<Response>) {
    if reply.body == Response::Ready {
        CLIENT.with(|client| {
            if let Some(client) = client.borrow_mut().as_mut() {
                client.ready = true;
                for text in client.queued.drain(..) {
                    post(&client.worker, &text);
                }
            }
        });
        mark_ready();
        notify();
        return;
    }
    let mut reply = reply;
    if let Response::Part(part) = reply.body {
        // Read in this message's own task; kept until the reply it belongs to arrives.
        CLIENT.with(|client| {
            if let Some(waiting) = client
                .borrow_mut()
                .as_mut()
                .and_then(|c| c.waiting.get_mut(&reply.id))
            {
                waiting.parts.push(part);
            }
        });
        return;
    }
    let waiting = CLIENT.with(|client| {
        client
            .borrow_mut()
            .as_mut()
            .and_then(|c| c.waiting.remove(&reply.id))
    });
    let Some(mut waiting) = waiting else { return };
    join(&mut reply.body, std::mem::take(&mut waiting.parts));
    if waiting.is_run {
        // Reading a big execution's JSON is one task and showing it is another: the page gets a
        // frame between the two instead of one long freeze.
        gloo::timers::callback::Timeout::new(0, move || {
            (waiting.reply)(reply.body);
            notify();
        })
        .forget();
    } else {
        (waiting.reply)(reply.body);
    }
}

/// Ends the worker, answers every waiting request with `answer()`, and starts a fresh worker
/// when `respawn`.
fn restart(respawn: bool, answer: impl Fn() -> Response) {
    let old = CLIENT.with(|client| client.borrow_mut().take());
    let Some(old) = old else { return };
    old.worker.terminate();
    let fresh = respawn.then(|| spawn(old.next_id)).flatten();
    CLIENT.with(|client| *client.borrow_mut() = fresh);
    for (_, waiting) in old.waiting {
        (waiting.reply)(answer());
    }
    notify();
}

fn post(worker: &Worker, text: &str) {
    if let Err(e) = worker.post_message(&JsValue::from_str(text)) {
        web_sys::console::error_2(&"sfn-lab: cannot post to the worker".into(), &e);
    }
}

/// A performance mark that benchmarks and tests can read: when Run became usable.
fn mark_ready() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("sfn-lab:worker-ready");
    }
}
