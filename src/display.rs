//! The display preferences: the colour theme (the system's, light or dark) and the presenter text size.
//!
//! Two header buttons keep the learner's choices in local storage, under keys of their own
//! (`sfn-lab/display/theme`, `sfn-lab/display/text-size`), and ask index.html's first script
//! (`window.SfnDisplay.apply()`) to set them on the page: that script already sets them before
//! the first paint and follows the system's theme, so the rule lives in one place.

use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

const THEME_KEY: &str = "sfn-lab/display/theme";
const TEXT_SIZE_KEY: &str = "sfn-lab/display/text-size";

/// The learner's choice of colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn stored() -> Theme {
        match LocalStorage::get::<String>(THEME_KEY).ok().as_deref() {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// The button goes round: system, light, dark.
    fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

fn presenter_stored() -> bool {
    LocalStorage::get::<String>(TEXT_SIZE_KEY).is_ok_and(|size| size == "presenter")
}

/// Has index.html's script set the stored choices on the page.
fn apply() {
    let window = gloo::utils::window();
    let Ok(display) = js_sys::Reflect::get(&window, &JsValue::from_str("SfnDisplay")) else {
        return;
    };
    let apply = js_sys::Reflect::get(&display, &JsValue::from_str("apply")).ok();
    if let Some(apply) = apply.as_ref().and_then(|f| f.dyn_ref::<js_sys::Function>()) {
        let _ = apply.call0(&display);
    }
}

/// The theme and text-size buttons of the header.
#[component]
pub fn DisplayToggles() -> Html {
    let theme = use_state(Theme::stored);
    let presenter = use_state(presenter_stored);
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = theme.next();
            // Where storage is disabled (some private modes) the page keeps the system's theme.
            let _ = LocalStorage::set(THEME_KEY, next.as_str());
            apply();
            theme.set(next);
        })
    };
    let on_text_size = {
        let presenter = presenter.clone();
        Callback::from(move |_: MouseEvent| {
            let next = !*presenter;
            let _ = LocalStorage::set(TEXT_SIZE_KEY, if next { "presenter" } else { "normal" });
            apply();
            presenter.set(next);
        })
    };
    html! {
        <div class="display-toggles">
            <button id="theme-toggle" type="button" onclick={on_theme}
                title="Colour theme: the system's, light or dark">
                { format!("Theme: {}", theme.label()) }
            </button>
            <button id="text-size-toggle" type="button" onclick={on_text_size}
                aria-pressed={presenter.to_string()} title="Larger text, for a projector">
                { "Presenter text" }
            </button>
        </div>
    }
}
