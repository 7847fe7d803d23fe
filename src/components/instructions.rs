//! A lesson's instructions and its hints revealed one at a time, as HTML made from their Markdown
//! by `lessons::markdown::render` (at build time, or by the worker for a pack).

use yew::prelude::*;

/// Props of [`Instructions`].
#[derive(Properties, PartialEq)]
pub struct InstructionsProps {
    /// The lesson text as HTML.
    pub html: AttrValue,
    /// Hints as HTML.
    pub hints: Vec<String>,
}

/// The instructions.
#[component]
pub fn Instructions(props: &InstructionsProps) -> Html {
    // lessons::markdown::render escaped raw HTML and dropped unsafe URLs, so the
    // text is safe to insert as markup.
    let shown = use_state(|| 0usize);
    let more = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(*shown + 1))
    };
    html! {
        <div class="instructions">
            { Html::from_html_unchecked(props.html.clone()) }
            if !props.hints.is_empty() {
                <div class="hints">
                    { for props.hints.iter().take(*shown).enumerate().map(|(i, hint)| html! {
                        <div class="hint">
                            <strong>{ format!("Hint {}: ", i + 1) }</strong>
                            { Html::from_html_unchecked(AttrValue::from(hint.clone())) }
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
