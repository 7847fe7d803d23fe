//! What a JavaScript exception says, in words for a learner's message.

use wasm_bindgen::{JsCast, JsValue};

/// The exception's message (`Error.message`, or the value itself when it is a string, or its
/// JSON). The page's wasm has no Debug formatting (`-Z fmt-debug=none`), so `{:?}` would print
/// nothing here.
pub fn js_error_text(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    if let Some(text) = error.as_string() {
        return text;
    }
    js_sys::JSON::stringify(error)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| "an unknown error".to_string())
}
