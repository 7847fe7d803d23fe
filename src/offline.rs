//! Offline use: registers the service worker once the page works, and offers a reload when a new version is installed.
//!
//! The worker is `sw.js` next to index.html (offline/sw.js, stamped with the build's files by
//! offline/stamp.mjs), registered by a relative URL with scope `./`, so the lab works offline from
//! any sub-path. A new deployment installs beside the running version and waits: the page says so
//! and reloads only when the learner presses Reload, never while they type.

use crate::worker::client::use_worker_status;
use gloo::events::EventListener;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{RegistrationOptions, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};
use yew::prelude::*;

/// Relative: the lab may live at any path.
const SCRIPT: &str = "./sw.js";
/// The message offline/sw.js answers with `skipWaiting()`.
const SKIP_WAITING: &str = "sfn-lab:skip-waiting";
/// How often a page left open (a workshop day) asks whether a new version was deployed; the
/// browser itself only asks when a page is loaded.
const UPDATE_CHECK_MS: u32 = 30 * 60 * 1000;

thread_local! {
    static REGISTERED: Cell<bool> = const { Cell::new(false) };
}

/// The page's service worker container, where the browser allows service workers (a secure
/// context: https, or http on localhost).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = gloo::utils::window().navigator();
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Registers sw.js once; `on_new_version` is told when a newer version than the one running
/// this page is installed and waits.
fn register(on_new_version: Callback<ServiceWorkerRegistration>) {
    if REGISTERED.with(|done| done.replace(true)) {
        return;
    }
    let Some(container) = container() else { return };
    let options = RegistrationOptions::new();
    options.set_scope("./");
    let promise = container.register_with_options(SCRIPT, &options);
    spawn_local(async move {
        match JsFuture::from(promise).await {
            Ok(registration) => watch(&container, registration.unchecked_into(), on_new_version),
            // Offline use is a bonus: the lab works without it (private modes, odd hosts).
            Err(e) => web_sys::console::warn_2(&"sfn-lab: no offline use:".into(), &e),
        }
    });
}

/// Follows the registration: a version installed while a controlled page runs is a new one (on
/// a first visit nothing controls the page yet, and the first version is no news).
fn watch(
    container: &ServiceWorkerContainer,
    registration: ServiceWorkerRegistration,
    on_new_version: Callback<ServiceWorkerRegistration>,
) {
    if registration.waiting().is_some() && container.controller().is_some() {
        on_new_version.emit(registration.clone());
    }
    {
        let (container, watched) = (container.clone(), registration.clone());
        EventListener::new(&registration, "updatefound", move |_| {
            let Some(installing) = watched.installing() else {
                return;
            };
            let (container, watched, on_new_version) =
                (container.clone(), watched.clone(), on_new_version.clone());
            let worker = installing.clone();
            EventListener::new(&installing, "statechange", move |_| {
                if worker.state() == ServiceWorkerState::Installed && container.controller().is_some() {
                    on_new_version.emit(watched.clone());
                }
            })
            .forget();
        })
        .forget();
    }
    gloo::timers::callback::Interval::new(UPDATE_CHECK_MS, move || {
        if let Ok(promise) = registration.update() {
            // Offline, the check fails; the next one will do.
            spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    })
    .forget();
}

/// The learner asked for the new version: activate it, then reload into it.
fn reload_into(registration: &ServiceWorkerRegistration) {
    match (registration.waiting(), container()) {
        (Some(waiting), Some(container)) => {
            // The new version takes the page over (skipWaiting, then clients.claim): reload then,
            // so the page and every file it loads come from the same build.
            EventListener::once(&container, "controllerchange", |_| {
                let _ = gloo::utils::window().location().reload();
            })
            .forget();
            let _ = waiting.post_message(&JsValue::from_str(SKIP_WAITING));
        }
        _ => {
            let _ = gloo::utils::window().location().reload();
        }
    }
}

/// Registers the service worker once the interpreter's worker has loaded (so the precache never
/// competes with what makes Run usable), and shows the notice of a new version.
#[component]
pub fn OfflineSupport() -> Html {
    let worker_ready = use_worker_status().ready;
    let new_version = use_state(|| None::<ServiceWorkerRegistration>);
    {
        let new_version = new_version.clone();
        use_effect_with(worker_ready, move |ready| {
            if *ready {
                register(Callback::from(move |registration| {
                    new_version.set(Some(registration))
                }));
            }
        });
    }
    let notice = (*new_version).clone().map(|registration| {
        let onclick = Callback::from(move |_: MouseEvent| reload_into(&registration));
        html! {
            <p id="update-notice" class="update-notice">
                { "A new version of the lab is ready. Reload to use it; your work is kept." }
                <button id="update-reload" type="button" class="primary" {onclick}>{ "Reload" }</button>
            </p>
        }
    });
    // The live region is always there, so that screen readers announce the notice when it appears.
    html! { <div class="update-region" role="status">{ for notice }</div> }
}
