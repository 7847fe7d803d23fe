//! The definition editor: a monospace text area that reports every change.

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text shown.
    pub value: String,
    /// Called with the whole text after each edit.
    pub on_change: Callback<String>,
}

/// The editor.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                on_change.emit(area.value());
            }
        })
    };
    html! {
        <label class="editor">
            <span class="label">{ "State machine definition (Amazon States Language, JSON)" }</span>
            <textarea id="editor" spellcheck="false" autocomplete="off" rows="22"
                value={props.value.clone()} {oninput} />
        </label>
    }
}
