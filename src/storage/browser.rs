//! The browser's local and session storage as a [`Store`]: a refused write says why (full,
//! unavailable), and a browser that gives no storage at all is a store that refuses every write.

use super::safe_store::{SaveError, Store};
use wasm_bindgen::JsValue;

/// `window.localStorage` or `window.sessionStorage`, when the browser gives it.
pub struct WebStore(Option<web_sys::Storage>);

impl WebStore {
    /// Local storage: what survives closing the browser.
    pub fn local() -> WebStore {
        // Reading `localStorage` itself throws when storage is disabled.
        WebStore(web_sys::window().and_then(|w| w.local_storage().ok().flatten()))
    }

    /// Session storage: what survives a reload of this tab.
    pub fn session() -> Option<WebStore> {
        web_sys::window()
            .and_then(|w| w.session_storage().ok().flatten())
            .map(|s| WebStore(Some(s)))
    }
}

impl Store for WebStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0.as_ref()?.get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), SaveError> {
        let storage = self.0.as_ref().ok_or(SaveError::Unavailable)?;
        storage.set_item(key, value).map_err(|e| refusal(&e))
    }

    fn remove(&mut self, key: &str) {
        if let Some(storage) = &self.0 {
            let _ = storage.remove_item(key);
        }
    }

    fn keys(&self) -> Vec<String> {
        let Some(storage) = &self.0 else {
            return Vec::new();
        };
        let count = storage.length().unwrap_or(0);
        (0..count).filter_map(|i| storage.key(i).ok().flatten()).collect()
    }
}

/// What a refused `setItem` means: browsers name a full store `QuotaExceededError`
/// (Firefox once said `NS_ERROR_DOM_QUOTA_REACHED`).
fn refusal(error: &JsValue) -> SaveError {
    let name = js_sys::Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => SaveError::Full,
        "SecurityError" => SaveError::Unavailable,
        _ => SaveError::Refused(crate::js_error::js_error_text(error)),
    }
}
