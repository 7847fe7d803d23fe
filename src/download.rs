//! Downloads made in the page: a text becomes a Blob, a link to its object URL is clicked; no
//! server is involved.

use gloo::file::{Blob, ObjectUrl};
use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    /// The last download's URL: revoking it at once could cancel a download the browser has not
    /// started reading, so it is revoked when the next one replaces it.
    static LAST: RefCell<Option<ObjectUrl>> = const { RefCell::new(None) };
}

/// Starts a download of `text` as `file_name`, of type `mime`; `false` when the page could not.
pub fn download(file_name: &str, text: &str, mime: &str) -> bool {
    let url = ObjectUrl::from(Blob::new_with_options(text, Some(mime)));
    let clicked = (|| {
        let link = gloo::utils::document().create_element("a").ok()?;
        link.set_attribute("href", &url).ok()?;
        link.set_attribute("download", file_name).ok()?;
        link.dyn_into::<web_sys::HtmlElement>().ok()?.click();
        Some(())
    })();
    LAST.with(|last| *last.borrow_mut() = Some(url));
    clicked.is_some()
}

/// Now, as ISO 8601 (UTC), for what a file says about when it was made.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}
