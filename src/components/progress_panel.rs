//! "Your progress" on the lessons page: the learner's name, "Export my progress" (one JSON file),
//! "Import" of such a file from another machine, and the way to the instructor view.

use crate::download::{download, now_iso};
use crate::packs::file_text;
use crate::progress::{self, KnownLesson};
use crate::route::Route;
use crate::storage::{self, use_storage_health};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Downloads the learner's progress file (what failed to save included: it is read back).
pub fn download_progress(known: &[KnownLesson]) {
    let file = storage::read(|s| progress::collect(s, known, Some(now_iso())));
    download(
        &progress::file_name(&file.learner),
        &progress::write(&file),
        "application/json",
    );
}

/// Props of [`ProgressPanel`].
#[derive(Properties, PartialEq)]
pub struct ProgressPanelProps {
    /// The lessons the page knows, in order.
    pub lessons: Rc<Vec<KnownLesson>>,
}

/// The progress panel.
#[component]
pub fn ProgressPanel(props: &ProgressPanelProps) -> Html {
    // Renders again after an import, with the passes it brought.
    let _health = use_storage_health();
    let name = use_state(storage::learner_name);
    // What the last import did, or why it did not.
    let status = use_state(|| None::<Result<String, String>>);
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                storage::set_learner_name(&input.value());
                name.set(input.value());
            }
        })
    };
    let on_export = {
        let lessons = props.lessons.clone();
        Callback::from(move |_: MouseEvent| download_progress(&lessons))
    };
    let on_import = {
        let (lessons, name, status) = (props.lessons.clone(), name.clone(), status.clone());
        Callback::from(move |e: Event| {
            let input = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
            let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|f| f.get(0)) else {
                return;
            };
            // The same file can be picked again.
            if let Some(input) = input {
                input.set_value("");
            }
            let (lessons, name, status) = (lessons.clone(), name.clone(), status.clone());
            spawn_local(async move {
                let file_name = file.name();
                let outcome = file_text(file)
                    .await
                    .and_then(|text| progress::read(&text).map_err(|e| format!("{file_name} is {e}.")))
                    .map(|file| {
                        let restored = storage::write(|s| progress::restore(s, &file, &file_name, &lessons));
                        storage::changed();
                        name.set(storage::learner_name());
                        imported_message(&file_name, &file.learner, &restored)
                    });
                status.set(Some(outcome));
            });
        })
    };
    let passed = props.lessons.iter().filter(|l| storage::is_passed(&l.id)).count();
    html! {
        <section id="progress" class="progress-panel" aria-labelledby="progress-heading">
            <div class="progress-head">
                <h2 id="progress-heading">{ "Your progress" }</h2>
                <span class="muted">{ format!("{passed} of {} lessons passed", props.lessons.len()) }</span>
            </div>
            <div class="progress-row">
                <label for="learner-name">{ "Your name" }</label>
                <input id="learner-name" type="text" value={(*name).clone()} oninput={on_name}
                    placeholder="as your instructor knows you" autocomplete="name" />
                <button id="progress-export" onclick={on_export}
                    title="One JSON file: your name and, per lesson, passed or not, attempts, time, your definition and the last verdict">
                    { "⬇ Export my progress" }</button>
            </div>
            <div class="progress-row">
                <label for="progress-import">{ "Import a progress file" }</label>
                <input id="progress-import" type="file" accept=".json,application/json" onchange={on_import} />
            </div>
            { match &*status {
                None => html! {},
                Some(Ok(message)) => html! { <p id="progress-status" class="progress-status ok" role="status">{ message }</p> },
                Some(Err(problem)) => html! { <p id="progress-status" class="progress-status failed" role="alert">{ problem }</p> },
            } }
            <p class="progress-note muted">
                { "Your work stays in this browser; a progress file takes it to another machine, or to your instructor. Teaching a class? " }
                <a id="instructor-link" href={Route::Instructor.href()}>{ "Open the instructor view" }</a>
                { "." }
            </p>
        </section>
    }
}

/// What an import did, in words.
fn imported_message(file_name: &str, learner: &str, restored: &progress::Restored) -> String {
    let who = if learner.trim().is_empty() {
        String::new()
    } else {
        format!(" for {}", learner.trim())
    };
    let mut message = format!(
        "Imported {file_name}{who}: {} lesson{} with work, {} passed.",
        restored.lessons,
        if restored.lessons == 1 { "" } else { "s" },
        restored.passed
    );
    if restored.kept_aside > 0 {
        message.push_str(&format!(
            " {} of this browser's texts differed and {} kept aside (see the notice above).",
            restored.kept_aside,
            if restored.kept_aside == 1 { "is" } else { "are" }
        ));
    }
    if !restored.saved {
        message.push_str(" Not everything could be saved: see the warning above.");
    }
    message
}
