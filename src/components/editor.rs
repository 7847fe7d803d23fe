//! A monospace text editor that reports every change (definitions, inputs, scenarios).

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
    /// The element id, for tests and labels.
    #[prop_or(AttrValue::Static("editor"))]
    pub id: AttrValue,
    /// What the text is.
    #[prop_or(AttrValue::Static("State machine definition (Amazon States Language, JSON)"))]
    pub label: AttrValue,
    /// Visible lines.
    #[prop_or(22)]
    pub rows: u32,
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
            <span class="label">{ &props.label }</span>
            <textarea id={props.id.clone()} spellcheck="false" autocomplete="off" rows={props.rows.to_string()}
                value={props.value.clone()} {oninput} />
        </label>
    }
}
