//! The home page: the track's sections and lessons, in order, with the ones already passed marked.

use crate::app::SectionRef;
use crate::route::Route;
use crate::storage;
use yew::prelude::*;

/// Props of [`LessonList`].
#[derive(Properties, PartialEq)]
pub struct LessonListProps {
    /// The track's sections, in order.
    pub sections: Vec<SectionRef>,
}

/// The lesson list.
#[component]
pub fn LessonList(props: &LessonListProps) -> Html {
    let mut number = 0;
    html! {
        <section class="lesson-list">
            <h1>{ "Lessons" }</h1>
            <div id="lessons">
            { for props.sections.iter().map(|section| html! {
                <section class="track-section">
                    <h2>{ &section.0 }</h2>
                    <ol start={(number + 1).to_string()}>
                        { for section.1.iter().map(|lesson| {
                            number += 1;
                            let passed = storage::is_passed(&lesson.id);
                            html! {
                                <li class={classes!("lesson-item", passed.then_some("passed"))}>
                                    <a href={Route::Lesson(lesson.id.clone()).href()}>{ &lesson.title }</a>
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
