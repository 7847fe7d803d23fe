//! What survives a reload, and never a text lost: each lesson's draft (and the draft before a
//! reset), progress, the learner's name and the playground's texts, kept in local storage under
//! a versioned schema ([`schema`]).
//!
//! When the page starts, older keys are brought to the current schema and values the lab did not
//! write are set aside ([`migration`]); a write the browser refuses (full or disabled storage) is
//! kept and read back in its place ([`safe_store`]), and the page says so ([`use_storage_health`]).

mod browser;
pub mod migration;
pub mod records;
pub mod safe_store;
pub mod schema;

use browser::WebStore;
use lessons::Verdict;
use migration::Finding;
use safe_store::{SafeStore, SaveError, Store};
use schema::Key;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// What the page shows about storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    /// Writes the browser refused, kept in this tab until they can be saved.
    pub unsaved: usize,
    /// Why they were refused.
    pub failure: Option<SaveError>,
    /// What is kept without being used (set aside, from a newer lab, unknown).
    pub findings: Rc<Vec<Finding>>,
    /// Goes up when stored work changed under the pages (an import): lists read it again.
    pub revision: u64,
}

thread_local! {
    static STORE: RefCell<Option<SafeStore>> = const { RefCell::new(None) };
    static FINDINGS: RefCell<Option<Rc<Vec<Finding>>>> = const { RefCell::new(None) };
    static REVISION: RefCell<u64> = const { RefCell::new(0) };
    static LISTENERS: RefCell<BTreeMap<u64, Callback<Health>>> = const { RefCell::new(BTreeMap::new()) };
}

/// The store, opened (and migrated) on first use.
fn open() -> SafeStore {
    let spare = WebStore::session().map(|s| Box::new(s) as Box<dyn Store>);
    let mut store = SafeStore::open(Box::new(WebStore::local()), spare);
    migration::migrate(&mut store);
    store
}

/// Reads from the store.
pub fn read<R>(read: impl FnOnce(&SafeStore) -> R) -> R {
    STORE.with(|store| read(store.borrow_mut().get_or_insert_with(open)))
}

/// Changes the store; the page is told when unsaved writes appear or are saved.
pub fn write<R>(change: impl FnOnce(&mut SafeStore) -> R) -> R {
    let (result, changed) = STORE.with(|store| {
        let mut store = store.borrow_mut();
        let store = store.get_or_insert_with(open);
        let before = (store.unsaved(), store.failure().cloned());
        let result = change(store);
        (result, before != (store.unsaved(), store.failure().cloned()))
    });
    if changed {
        notify();
    }
    result
}

/// Says that stored work changed under the pages (an import, values set aside or forgotten):
/// what is set aside is read again and lists render again.
pub fn changed() {
    FINDINGS.with(|f| *f.borrow_mut() = None);
    REVISION.with(|r| *r.borrow_mut() += 1);
    notify();
}

/// Storage as the page shows it now.
pub fn health() -> Health {
    let findings = FINDINGS.with(|cached| {
        cached
            .borrow_mut()
            .get_or_insert_with(|| Rc::new(read(|s| migration::findings(&migration::entries(s)))))
            .clone()
    });
    read(|s| Health {
        unsaved: s.unsaved(),
        failure: s.failure().cloned(),
        findings,
        revision: REVISION.with(|r| *r.borrow()),
    })
}

/// Storage's health, rendering again when it changes.
#[hook]
pub fn use_storage_health() -> Health {
    let shown = use_state_eq(health);
    {
        let shown = shown.clone();
        use_effect_with((), move |_| {
            shown.set(health());
            let id = LISTENERS.with(|listeners| {
                let mut listeners = listeners.borrow_mut();
                let id = listeners.keys().next_back().map_or(1, |last| last + 1);
                listeners.insert(id, Callback::from(move |now| shown.set(now)));
                id
            });
            move || LISTENERS.with(|listeners| drop(listeners.borrow_mut().remove(&id)))
        });
    }
    (*shown).clone()
}

/// Tells every listener; outside any borrow, since they render.
fn notify() {
    let now = health();
    let listeners: Vec<Callback<Health>> = LISTENERS.with(|l| l.borrow().values().cloned().collect());
    for listener in listeners {
        listener.emit(now.clone());
    }
}

/// The learner's saved text for a lesson.
pub fn load_draft(lesson_id: &str) -> Option<String> {
    read(|s| records::text(s, &Key::Draft(lesson_id.into())))
}

/// Saves the learner's text; called on every edit so nothing typed is lost.
pub fn save_draft(lesson_id: &str, text: &str) {
    // A refusal is kept and shown by the storage warning, with "Download my work".
    let _ = write(|s| records::set_text(s, &Key::Draft(lesson_id.into()), text));
}

/// The text from before the last reset, while "Undo reset" can bring it back.
pub fn load_backup(lesson_id: &str) -> Option<String> {
    read(|s| records::text(s, &Key::BeforeReset(lesson_id.into())))
}

/// "Reset to starter" ([`records::reset`]); returns the text "Undo reset" would bring back.
pub fn reset_to_starter(lesson_id: &str, current: &str, starter: &str) -> Option<String> {
    write(|s| {
        let _ = records::reset(s, lesson_id, current, starter);
        records::text(s, &Key::BeforeReset(lesson_id.into()))
    })
}

/// "Undo reset" ([`records::undo_reset`]); returns the text brought back.
pub fn undo_reset(lesson_id: &str) -> Option<String> {
    write(|s| records::undo_reset(s, lesson_id))
}

/// Remembers that the lesson was passed.
pub fn mark_passed(lesson_id: &str) {
    let _ = write(|s| records::update_progress(s, lesson_id, |p| p.passed = true));
}

/// Whether the lesson was passed before.
pub fn is_passed(lesson_id: &str) -> bool {
    read(|s| records::progress(s, lesson_id).passed)
}

/// Counts a Run press on the lesson.
pub fn record_attempt(lesson_id: &str) {
    let _ = write(|s| records::update_progress(s, lesson_id, |p| p.attempts += 1));
}

/// Keeps the verdict of a Run (in short), and the pass when it passed.
pub fn record_verdict(lesson_id: &str, verdict: &Verdict) {
    let _ = write(|s| {
        records::update_progress(s, lesson_id, |p| {
            p.passed |= verdict.passed();
            p.verdict = Some(verdict.into());
        })
    });
}

/// Adds time the lesson's page was open and visible.
pub fn add_seconds(lesson_id: &str, seconds: u64) {
    let _ = write(|s| records::update_progress(s, lesson_id, |p| p.seconds += seconds));
}

/// The learner's name ("" when not given).
pub fn learner_name() -> String {
    read(records::learner)
}

/// Keeps the learner's name.
pub fn set_learner_name(name: &str) {
    let _ = write(|s| records::set_learner(s, name));
}

/// A text the lab keeps under `key` (playground texts and the like).
pub fn load_text(key: &str) -> Option<String> {
    read(|s| records::text(s, &Key::Text(key.into())))
}

/// Keeps a text under `key`.
pub fn save_text(key: &str, text: &str) {
    let _ = write(|s| records::set_text(s, &Key::Text(key.into()), text));
}

/// Tries again to save what the browser refused.
pub fn retry() {
    write(SafeStore::flush);
}

/// Everything kept without being used, as one JSON document (key: value as stored), to download.
pub fn kept_document() -> String {
    let findings = health().findings;
    let kept: serde_json::Map<String, serde_json::Value> = read(|s| {
        findings
            .iter()
            .filter_map(|f| {
                let key = match f {
                    Finding::Kept { key, .. } | Finding::Newer { key, .. } | Finding::Unknown { key } => key,
                };
                Some((key.clone(), serde_json::Value::String(s.get(key)?)))
            })
            .collect()
    });
    let document = serde_json::json!({ "format": "sfn-lab-kept", "kept": kept });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// Forgets the values the lab set aside (the learner has them, downloaded); keys of a newer lab
/// and unknown keys stay as they are.
pub fn forget_kept() {
    write(|s| {
        for key in s.keys() {
            if matches!(Key::parse(&key), Some(Key::Kept(_))) {
                s.remove(&key);
            }
        }
    });
    changed();
}
