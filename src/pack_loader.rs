//! The loaded pack as the whole app sees it: restored from storage on start, replaced by a file,
//! a drop anywhere on the page or a link, and removed on request.

use crate::packs::{self, LoadedPack};
use crate::pages::pack_page::{dropped_file, take_file, PackStatus};
use crate::route::Route;
use crate::storage;
use gloo::events::{EventListener, EventListenerOptions};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::DragEvent;
use yew::prelude::*;

/// Where the loaded pack's text is kept, so it survives a reload.
const STORAGE_KEY: &str = "pack/current";

/// What the pack page says while the pack loaded before a reload is read again.
pub const RESTORING: &str = "the pack loaded before";

/// The pack, where loading stands, and what loads or removes one.
#[derive(Clone, PartialEq)]
pub struct PackLoader {
    /// The loaded pack.
    pub pack: Option<Rc<LoadedPack>>,
    /// Where loading stands.
    pub status: PackStatus,
    /// Check and load a pack's text (with where it came from, in words).
    pub on_text: Callback<(String, String)>,
    /// Loading failed before there was a text.
    pub on_problem: Callback<String>,
    /// Forget the pack.
    pub on_remove: Callback<()>,
}

/// The app's pack.
#[hook]
pub fn use_pack_loader() -> PackLoader {
    let pack = use_state(|| None::<Rc<LoadedPack>>);
    let stored = use_memo((), |_| {
        storage::load_text(STORAGE_KEY).filter(|text| !text.is_empty())
    });
    let status = use_state(|| match &*stored {
        Some(_) => PackStatus::Loading(RESTORING.to_string()),
        None => PackStatus::Idle,
    });
    // A stored pack was checked in full when it was loaded: the worker reads it back for showing.
    {
        let (pack, status) = (pack.clone(), status.clone());
        use_effect_with((), move |_| {
            if let Some(text) = (*stored).clone() {
                packs::restore(
                    text,
                    Callback::from(
                        move |restored: Result<Rc<LoadedPack>, Vec<String>>| match restored {
                            Ok(restored) => {
                                pack.set(Some(restored));
                                status.set(PackStatus::Idle);
                            }
                            Err(problems) => status.set(PackStatus::Problems(problems)),
                        },
                    ),
                );
            }
        });
    }
    let on_text = {
        let (pack, status) = (pack.clone(), status.clone());
        use_callback((), move |(text, from): (String, String), _| {
            status.set(PackStatus::Loading(from));
            let (pack, status) = (pack.clone(), status.clone());
            packs::load(
                text,
                Callback::from(move |loaded: Result<Rc<LoadedPack>, Vec<String>>| match loaded {
                    Ok(loaded) => {
                        storage::save_text(STORAGE_KEY, &loaded.text);
                        pack.set(Some(loaded));
                        status.set(PackStatus::Idle);
                    }
                    Err(problems) => status.set(PackStatus::Problems(problems)),
                }),
            );
        })
    };
    let on_problem = {
        let status = status.clone();
        use_callback((), move |problem: String, _| {
            status.set(PackStatus::Problems(vec![problem]))
        })
    };
    let on_remove = {
        let (pack, status) = (pack.clone(), status.clone());
        use_callback((), move |(), _| {
            storage::save_text(STORAGE_KEY, "");
            pack.set(None);
            status.set(PackStatus::Idle);
        })
    };
    // A pack dropped anywhere on the page loads, and the pack page shows how it went.
    {
        let (on_text, on_problem) = (on_text.clone(), on_problem.clone());
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let options = EventListenerOptions::enable_prevent_default();
            let over = EventListener::new_with_options(&window, "dragover", options, |event| {
                event.prevent_default();
            });
            let dropped = EventListener::new_with_options(&window, "drop", options, move |event| {
                let Some(event) = event.dyn_ref::<DragEvent>() else {
                    return;
                };
                // Only files: a text dragged into the editor is the editor's.
                let Some(file) = dropped_file(event) else { return };
                event.prevent_default();
                take_file(Some(file), on_text.clone(), on_problem.clone());
                let _ = gloo::utils::window()
                    .location()
                    .set_hash(&Route::Pack { src: None }.href());
            });
            move || {
                drop(over);
                drop(dropped);
            }
        });
    }
    PackLoader {
        pack: (*pack).clone(),
        status: (*status).clone(),
        on_text,
        on_problem,
        on_remove,
    }
}
