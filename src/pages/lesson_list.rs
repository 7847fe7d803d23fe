//! The home page: the track's sections and lessons, in order, with the ones already passed marked.

use crate::app::SectionRef;
use crate::packs::Origin;
use crate::route::Route;
use crate::storage;
use yew::prelude::*;

/// Props of [`LessonList`].
#[derive(Properties, PartialEq)]
pub struct LessonListProps {
    /// The track's sections, in order.
    pub sections: Vec<SectionRef>,
    /// The built-in track, or the loaded pack (its lessons open at their own routes).
    #[prop_or(Origin::Builtin)]
    pub origin: Origin,
}

/// The lesson list.
#[component]
pub fn LessonList(props: &LessonListProps) -> Html {
    // Read again after an import brought passes.
    let _ = storage::use_storage_health().revision;
    let mut number = 0;
    let (heading, list_id) = match &props.origin {
        Origin::Builtin => ("Lessons".to_string(), "lessons"),
        Origin::Pack(pack) => (format!("Pack: {}", pack.title), "pack-lessons"),
    };
    html! {
        <section class="lesson-list">
            <h1>{ heading }</h1>
            <div id={list_id}>
            { for props.sections.iter().map(|section| html! {
                <section class="track-section">
                    <h2>{ &section.0 }</h2>
                    <ol start={(number + 1).to_string()}>
                        { for section.1.iter().map(|lesson| {
                            number += 1;
                            let passed = storage::is_passed(&props.origin.storage_id(&lesson.id));
                            let href = match props.origin {
                                Origin::Builtin => Route::Lesson(lesson.id.clone()).href(),
                                Origin::Pack(_) => Route::PackLesson(lesson.id.clone()).href(),
                            };
                            html! {
                                <li class={classes!("lesson-item", passed.then_some("passed"))}>
                                    <a href={href}>{ &lesson.title }</a>
                                    if passed { <span class="badge">{ "✓ passed" }</span> }
                                    if let Some(minutes) = lesson.minutes {
                                        <span class="minutes">{ format!("{minutes} min") }</span>
                                    }
                                    <p>{ &lesson.summary }</p>
                                    if !lesson.concepts.is_empty() {
                                        <p class="concepts">{ for lesson.concepts.iter().map(|c| html! { <span class="concept">{ c }</span> }) }</p>
                                    }
                                </li>
                            }
                        }) }
                    </ol>
                </section>
            }) }
            </div>
        </section>
    }
}
