//! The home page: every lesson, in order, with the ones already passed marked.

use crate::app::LessonRef;
use crate::route::Route;
use crate::storage;
use yew::prelude::*;

/// Props of [`LessonList`].
#[derive(Properties, PartialEq)]
pub struct LessonListProps {
    /// The lessons, in order.
    pub lessons: Vec<LessonRef>,
}

/// The lesson list.
#[component]
pub fn LessonList(props: &LessonListProps) -> Html {
    html! {
        <section class="lesson-list">
            <h1>{ "Lessons" }</h1>
            <ol id="lessons">
                { for props.lessons.iter().map(|lesson| {
                    let passed = storage::is_passed(&lesson.id);
                    html! {
                        <li class={classes!("lesson-item", passed.then_some("passed"))}>
                            <a href={Route::Lesson(lesson.id.clone()).href()}>{ &lesson.title }</a>
                            if passed { <span class="badge">{ "✓ passed" }</span> }
                            <p>{ &lesson.summary }</p>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
