//! A lesson's instructions, rendered from Markdown, and its hints revealed one at a time.

use yew::prelude::*;

/// Props of [`Instructions`].
#[derive(Properties, PartialEq)]
pub struct InstructionsProps {
    /// The lesson text in Markdown.
    pub markdown: String,
    /// Hints in Markdown.
    pub hints: Vec<String>,
}

/// The instructions.
#[component]
pub fn Instructions(props: &InstructionsProps) -> Html {
    // lessons::markdown::render escapes raw HTML and unsafe URLs, so the
    // result is safe to insert as markup.
    let body = use_memo(props.markdown.clone(), |markdown| {
        lessons::markdown::render(markdown)
    });
    let shown = use_state(|| 0usize);
    let more = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(*shown + 1))
    };
    html! {
        <div class="instructions">
            { Html::from_html_unchecked(AttrValue::from((*body).clone())) }
            if !props.hints.is_empty() {
                <div class="hints">
                    { for props.hints.iter().take(*shown).enumerate().map(|(i, hint)| html! {
                        <div class="hint">
                            <strong>{ format!("Hint {}: ", i + 1) }</strong>
                            { Html::from_html_unchecked(AttrValue::from(lessons::markdown::render(hint))) }
                        </div>
                    }) }
                    if *shown < props.hints.len() {
                        <button id="hint" onclick={more}>{ if *shown == 0 { "Show a hint" } else { "Show another hint" } }</button>
                    }
                </div>
            }
        </div>
    }
}
