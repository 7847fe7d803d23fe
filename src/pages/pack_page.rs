//! The pack page: load an instructor's pack from a file, a drop or a link (`#/pack?src=...`),
//! see every problem of a pack that does not load, and the loaded pack's lessons as a track.

use crate::packs::{fetch_text, file_text, LoadedPack, Origin};
use crate::pages::lesson_list::LessonList;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement};
use yew::platform::spawn_local;
use yew::prelude::*;

/// Where loading a pack stands.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum PackStatus {
    /// Nothing under way.
    #[default]
    Idle,
    /// Reading or checking a pack (what, in words).
    Loading(String),
    /// The pack does not load: every problem, or why it could not be read.
    Problems(Vec<String>),
}

/// Props of [`PackPage`].
#[derive(Properties, PartialEq)]
pub struct PackPageProps {
    /// The loaded pack, if any.
    pub pack: Option<Rc<LoadedPack>>,
    /// A pack to fetch from next to the bundle (`#/pack?src=...`).
    pub src: Option<String>,
    /// Where loading stands.
    pub status: PackStatus,
    /// A pack's text to check and load, with where it came from.
    pub on_text: Callback<(String, String)>,
    /// Loading failed before there was a text (a fetch or a file that could not be read).
    pub on_problem: Callback<String>,
    /// "Remove this pack".
    pub on_remove: Callback<()>,
}

/// Reads the first file of a drop or a file input and hands its text on.
pub fn take_file(
    file: Option<web_sys::File>,
    on_text: Callback<(String, String)>,
    on_problem: Callback<String>,
) {
    let Some(file) = file else { return };
    spawn_local(async move {
        let name = file.name();
        match file_text(file).await {
            Ok(text) => on_text.emit((text, name)),
            Err(problem) => on_problem.emit(problem),
        }
    });
}

/// The pack page.
#[component]
pub fn PackPage(props: &PackPageProps) -> Html {
    // A link names a pack next to the bundle: fetch it once per address.
    {
        let (on_text, on_problem) = (props.on_text.clone(), props.on_problem.clone());
        use_effect_with(props.src.clone(), move |src| {
            if let Some(src) = src.clone() {
                spawn_local(async move {
                    match fetch_text(&src).await {
                        Ok(text) => on_text.emit((text, src)),
                        Err(problem) => on_problem.emit(problem),
                    }
                });
            }
        });
    }
    let on_file = {
        let (on_text, on_problem) = (props.on_text.clone(), props.on_problem.clone());
        Callback::from(move |event: Event| {
            let input = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
            let file = input
                .as_ref()
                .and_then(|i| i.files())
                .and_then(|files| files.get(0));
            take_file(file, on_text.clone(), on_problem.clone());
            // The same file can be chosen again after it was fixed.
            if let Some(input) = input {
                input.set_value("");
            }
        })
    };
    let on_remove = props.on_remove.reform(|_: MouseEvent| ());
    html! {
        <section class="pack-page">
            <h1>{ "Lesson packs" }</h1>
            <p>{ "A pack is an instructor's lessons in one file, made with " }
                <code>{ "sfn-lab lessons pack DIR -o FILE" }</code>
                { ". Its lessons appear here as a track of their own, beside the built-in one; your progress in them stays in this browser." }</p>
            <div id="pack-drop" class="drop-zone">
                <label for="pack-file">{ "Choose a pack file: " }</label>
                <input id="pack-file" type="file" accept=".json,application/json" onchange={on_file} />
                <p class="muted">{ "…or drop it anywhere on the page, or open a link such as " }
                    <code>{ "#/pack?src=packs/workshop.json" }</code>{ " to a pack next to the lab." }</p>
            </div>
            { match &props.status {
                PackStatus::Idle => html! {},
                PackStatus::Loading(what) => html! {
                    <p id="pack-status" class="muted" role="status">{ format!("Loading {what}…") }</p>
                },
                PackStatus::Problems(problems) => html! {
                    <section id="pack-problems" class="problem" role="alert">
                        <h2>{ format!("This pack cannot be loaded: {} problem{}", problems.len(), if problems.len() == 1 { "" } else { "s" }) }</h2>
                        <ul>{ for problems.iter().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
                        <p>{ "The built-in lessons are unaffected." }</p>
                    </section>
                },
            } }
            if let Some(pack) = &props.pack {
                <LessonList sections={pack.sections.clone()} origin={Origin::Pack(pack.clone())} />
                <button id="pack-remove" onclick={on_remove}>{ "Remove this pack" }</button>
            }
        </section>
    }
}

/// The file a drag carries, if any.
pub fn dropped_file(event: &DragEvent) -> Option<web_sys::File> {
    event.data_transfer()?.files()?.get(0)
}
