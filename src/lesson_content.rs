//! A lesson's content (instructions, hints, the checks' inputs): a pack's lesson carries it, a
//! built-in lesson's is fetched from lessons/<id>.json beside the page when the lesson opens, so
//! the page's wasm carries only the track's index.

use crate::app::LessonRef;
use lessons::shown::LessonContent;
use std::rc::Rc;
use yew::prelude::*;

/// Where a lesson's content stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ContentState {
    /// Being fetched.
    Loading,
    /// Here.
    Ready(Rc<LessonContent>),
    /// Why it cannot be had.
    Failed(String),
}

impl ContentState {
    /// The content, once here.
    pub fn ready(&self) -> Option<&LessonContent> {
        match self {
            ContentState::Ready(content) => Some(content),
            _ => None,
        }
    }
}

/// The lesson's content: at once for a pack's lesson, after a fetch for a built-in one.
#[hook]
pub fn use_lesson_content(lesson: &LessonRef) -> ContentState {
    let state = {
        let carried = lesson.content.clone();
        use_state(move || carried.map_or(ContentState::Loading, |c| ContentState::Ready(Rc::new(c))))
    };
    {
        let state = state.clone();
        let lesson = lesson.clone();
        use_effect_with(lesson.id.clone(), move |_| {
            if lesson.content.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    state.set(match fetch(&lesson.id).await {
                        Ok(content) => ContentState::Ready(Rc::new(content)),
                        Err(why) => ContentState::Failed(why),
                    });
                });
            }
        });
    }
    (*state).clone()
}

/// The address of a built-in lesson's content, relative to the page (any sub-path works).
pub fn content_path(id: &str) -> String {
    format!("lessons/{id}.json")
}

async fn fetch(id: &str) -> Result<LessonContent, String> {
    let path = content_path(id);
    let cannot = |why: String| {
        format!("The lesson's text ({path}) cannot be loaded: {why}. Reload the page to try again.")
    };
    let response = gloo::net::http::Request::get(&path)
        .send()
        .await
        .map_err(|e| cannot(e.to_string()))?;
    if !response.ok() {
        return Err(cannot(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        )));
    }
    let text = response.text().await.map_err(|e| cannot(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| cannot(e.to_string()))
}
