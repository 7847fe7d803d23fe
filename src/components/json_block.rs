//! JSON as the panels show it: pretty-printed, monospace, scrollable when long.

use serde_json::Value;
use yew::prelude::*;

/// A `<pre class="json">` with `value` pretty-printed. A tab stop: when long it scrolls, and a
/// keyboard user must be able to scroll it too (axe's scrollable-region-focusable).
pub fn json_block(value: &Value) -> Html {
    html! { <pre class="json" tabindex="0">{ serde_json::to_string_pretty(value).unwrap_or_default() }</pre> }
}

/// Text that may hold JSON (a message body, an object's content): pretty-printed when it is a
/// JSON object or array, else shown as it is.
pub fn text_block(text: &str) -> Html {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ (Value::Object(_) | Value::Array(_))) => json_block(&value),
        _ => html! { <pre class="text" tabindex="0">{ text }</pre> },
    }
}
