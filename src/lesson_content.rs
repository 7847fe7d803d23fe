//! A lesson's content (instructions, hints, the checks' inputs): a pack's lesson carries it, a
//! built-in lesson's is fetched from lessons/<id>.json beside the page, so the page's wasm carries
//! only the track's index. For the lesson the page opens on, index.html fetched it already
//! (`window.SfnLessonText`), usually before the wasm arrives: then the first render has it.

use crate::app::LessonRef;
use js_sys::{Promise, Reflect};
use lessons::shown::LessonContent;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
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
        let lesson = lesson.clone();
        use_state(move || match (&lesson.content, early(&lesson.id)) {
            (Some(content), _) => ContentState::Ready(Rc::new(content.clone())),
            (None, Some(Early::Text(text))) => read(&content_path(&lesson.id), &text),
            (None, _) => ContentState::Loading,
        })
    };
    {
        let state = state.clone();
        let lesson = lesson.clone();
        use_effect_with(lesson.id.clone(), move |_| {
            if *state == ContentState::Loading {
                wasm_bindgen_futures::spawn_local(async move {
                    let path = content_path(&lesson.id);
                    state.set(match text(&lesson.id).await {
                        Ok(text) => read(&path, &text),
                        Err(why) => ContentState::Failed(cannot(&path, &why)),
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

fn cannot(path: &str, why: &str) -> String {
    format!("The lesson's text ({path}) cannot be loaded: {why}. Reload the page to try again.")
}

fn read(path: &str, text: &str) -> ContentState {
    match serde_json::from_str(text) {
        Ok(content) => ContentState::Ready(Rc::new(content)),
        Err(e) => ContentState::Failed(cannot(path, &e.to_string())),
    }
}

/// What index.html's early fetch has for this lesson.
enum Early {
    /// The text, already here.
    Text(String),
    /// Still on its way.
    Pending(Promise),
}

fn early(id: &str) -> Option<Early> {
    let entry = Reflect::get(&js_sys::global(), &JsValue::from_str("SfnLessonText")).ok()?;
    let field = |name: &str| Reflect::get(&entry, &JsValue::from_str(name)).ok();
    if !entry.is_object() || field("id")?.as_string()? != id {
        return None;
    }
    match field("text")?.as_string() {
        Some(text) => Some(Early::Text(text)),
        None => field("promise")?.dyn_into::<Promise>().ok().map(Early::Pending),
    }
}

/// The lesson's text: from index.html's early fetch when it was for this lesson, else fetched now.
async fn text(id: &str) -> Result<String, String> {
    if let Some(Early::Pending(promise)) = early(id) {
        return match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(text) => text.as_string().ok_or_else(|| "it is not text".to_string()),
            Err(e) => Err(crate::js_error::js_error_text(&e)),
        };
    }
    let response = gloo::net::http::Request::get(&content_path(id))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    response.text().await.map_err(|e| e.to_string())
}
