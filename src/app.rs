//! The app shell: header, hash routing, and the built-in lessons loaded once.

use crate::components::progress_panel::ProgressPanel;
use crate::components::storage_notices::StorageNotices;
use crate::known_lessons::use_known_lessons;
use crate::pack_loader::use_pack_loader;
use crate::packs::Origin;
use crate::pages::instructor::Instructor;
use crate::pages::lesson_list::LessonList;
use crate::pages::lesson_page::LessonPage;
use crate::pages::pack_page::{PackPage, PackStatus};
use crate::pages::playground::Playground;
use crate::route::Route;
use gloo::events::EventListener;
use lessons::shown::{ShownLesson, ShownTrack};
use std::rc::Rc;
use yew::prelude::*;

fn current_route() -> Route {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    Route::parse(&hash)
}

/// The whole lab.
#[component]
pub fn App() -> Html {
    let route = use_state(current_route);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                route.set(current_route())
            });
            move || drop(listener)
        });
    }
    // The worker waits until the first render has been painted (started below): requests made
    // before then (the editor's first problems) wait with it.
    use_memo((), |_| crate::worker::client::hold());
    let packs = use_pack_loader();
    // The interpreter's worker and the code editor load once the first render has been painted,
    // on a lesson's page once its text (or why it is missing) has been.
    use_effect_with((), |_| {
        crate::after_paint::after_paint_when(first_render_shown, || {
            crate::worker::client::start();
            crate::components::editor::load_codemirror();
        });
    });
    let loaded = use_memo((), |_| {
        builtin_track().map(|track| {
            let sections = section_refs(track);
            let all: Vec<LessonRef> = sections.iter().flat_map(|s| s.1.iter().cloned()).collect();
            (sections, all)
        })
    });

    // The lessons progress files and the instructor's table name, the track's order first.
    let known = use_known_lessons(
        loaded.as_ref().as_ref().ok().map(|(_, all)| all.clone()),
        packs.pack.clone(),
    );

    let body = match (&*loaded, &*route) {
        (Err(errors), _) => html! {
            <section class="problem">
                <h2>{ "Some lessons cannot be loaded" }</h2>
                <ul>{ for errors.iter().map(|e| html! { <li><pre>{ e }</pre></li> }) }</ul>
            </section>
        },
        (Ok((sections, _)), Route::Home) => html! {
            <>
                <ProgressPanel lessons={known.clone()} />
                // An instructor's pack: its own track, first, since it is what the workshop follows.
                if let Some(pack) = &packs.pack {
                    <LessonList sections={pack.sections.clone()} origin={Origin::Pack(pack.clone())} />
                }
                <LessonList sections={sections.clone()} />
            </>
        },
        (Ok((_, all)), Route::Lesson(id)) => match all.iter().find(|l| &l.id == id) {
            Some(lesson) => html! { <LessonPage key={lesson.id.clone()} lesson={lesson.clone()} /> },
            None => not_found(&format!("There is no lesson called '{id}'.")),
        },
        (_, Route::Playground) => html! { <Playground /> },
        (_, Route::Instructor) => html! { <Instructor lessons={known.clone()} /> },
        (_, Route::Pack { src }) => html! {
            <PackPage pack={packs.pack.clone()} src={src.clone()} status={packs.status.clone()}
                on_text={packs.on_text.clone()} on_problem={packs.on_problem.clone()} on_remove={packs.on_remove.clone()} />
        },
        (_, Route::PackLesson(id)) => match packs
            .pack
            .as_ref()
            .and_then(|p| Some((p, p.all.iter().find(|l| &l.id == id)?)))
        {
            Some((pack, lesson)) => html! {
                <LessonPage key={format!("pack/{}", lesson.id)} lesson={lesson.clone()} origin={Origin::Pack(pack.clone())} />
            },
            None if matches!(&packs.status, PackStatus::Loading(_)) => html! {
                <section class="loading" aria-live="polite"><p>{ "Loading the pack…" }</p></section>
            },
            None => not_found(&format!(
                "The loaded pack has no lesson called '{id}'. Load its pack on the Packs page."
            )),
        },
        (Ok(_), Route::NotFound(path)) => not_found(&format!("There is no page at '{path}'.")),
    };
    html! {
        <>
            <header class="top">
                <a class="brand" href={Route::Home.href()}>{ "sfn-lab" }</a>
                <span class="tagline">{ "AWS Step Functions, in your browser" }</span>
                <nav class="links" aria-label="Pages">
                    <a href={Route::Home.href()}>{ "Lessons" }</a>
                    <a id="playground-link" href={Route::Playground.href()}>{ "Playground" }</a>
                    <a id="packs-link" href={Route::Pack { src: None }.href()}>{ "Packs" }</a>
                </nav>
                <crate::display::DisplayToggles />
            </header>
            <crate::offline::OfflineSupport />
            <main><StorageNotices lessons={known} />{ body }</main>
        </>
    }
}

fn not_found(message: &str) -> Html {
    html! {
        <section class="problem">
            <h2>{ "Not found" }</h2>
            <p>{ message }</p>
            <p><a href={Route::Home.href()}>{ "Back to the lessons" }</a></p>
        </section>
    }
}

/// The built-in track, made into the page's form when the app was built (build.rs).
fn builtin_track() -> Result<ShownTrack, Vec<String>> {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/builtin_track.json")))
        .map_err(|e| vec![format!("The built-in track cannot be read: {e}")])
}

/// A track's sections as the pages share them.
pub fn section_refs(track: ShownTrack) -> Vec<SectionRef> {
    track
        .sections
        .into_iter()
        .map(|s| Rc::new((s.title, s.lessons.into_iter().map(Rc::new).collect())))
        .collect()
}

/// Shared type for the lessons passed between pages.
pub type LessonRef = Rc<ShownLesson>;

/// A section of the track: its title and its lessons.
pub type SectionRef = Rc<(String, Vec<LessonRef>)>;

/// Whether the page shows what its first render is for: on a built-in lesson's page, the
/// lesson's text (its heading) or why it cannot be had; elsewhere, anything (a pack's lesson
/// needs the worker to read the pack).
fn first_render_shown() -> bool {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let document = gloo::utils::document();
    !matches!(Route::parse(&hash), Route::Lesson(_))
        || document
            .query_selector(".instructions-pane h1, .instructions-pane h2, .instructions-pane .problem")
            .ok()
            .flatten()
            .is_some()
}
