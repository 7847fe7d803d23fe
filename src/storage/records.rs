//! What the lab keeps per lesson and for the learner, over a [`SafeStore`]: drafts, the text a
//! reset replaced (and undoing that reset), progress, the learner's name, values set aside.

use super::migration::kept_key;
use super::safe_store::{SafeStore, SaveError};
use super::schema::{read_json, read_text, text_value, KeptRecord, Key, Learner, LessonProgress};
use std::collections::BTreeSet;

/// The text under `key`; `None` when there is none or it is not a text the lab wrote.
pub fn text(store: &SafeStore, key: &Key) -> Option<String> {
    read_text(&store.get(&key.to_string())?).ok()
}

/// Keeps `text` under `key`.
pub fn set_text(store: &mut SafeStore, key: &Key, text: &str) -> Result<(), SaveError> {
    store.set(&key.to_string(), &text_value(text))
}

/// What the lab knows of a lesson's progress (nothing yet: the default).
pub fn progress(store: &SafeStore, id: &str) -> LessonProgress {
    store
        .get(&Key::Progress(id.to_string()).to_string())
        .and_then(|v| read_json(&v, "").ok())
        .unwrap_or_default()
}

/// Changes a lesson's progress.
pub fn update_progress(
    store: &mut SafeStore,
    id: &str,
    change: impl FnOnce(&mut LessonProgress),
) -> Result<(), SaveError> {
    let mut progress = progress(store, id);
    change(&mut progress);
    let value = serde_json::to_string(&progress).unwrap_or_default();
    store.set(&Key::Progress(id.to_string()).to_string(), &value)
}

/// The learner's name ("" when not given).
pub fn learner(store: &SafeStore) -> String {
    store
        .get(&Key::Learner.to_string())
        .and_then(|v| read_json::<Learner>(&v, "").ok())
        .map(|l| l.name)
        .unwrap_or_default()
}

/// Keeps the learner's name.
pub fn set_learner(store: &mut SafeStore, name: &str) -> Result<(), SaveError> {
    let value = serde_json::to_string(&Learner { name: name.into() }).unwrap_or_default();
    store.set(&Key::Learner.to_string(), &value)
}

/// "Reset to starter": the draft becomes `starter`, and the text it replaces is kept for "Undo
/// reset". A reset of the starter itself (a second click) keeps the text from before the first,
/// so Undo still brings the learner's text back. Returns the text Undo would restore.
pub fn reset(
    store: &mut SafeStore,
    id: &str,
    current: &str,
    starter: &str,
) -> Result<Option<String>, SaveError> {
    let backup = Key::BeforeReset(id.to_string());
    let mut result = Ok(());
    if current != starter {
        result = set_text(store, &backup, current);
    }
    let saved = set_text(store, &Key::Draft(id.to_string()), starter);
    result.and(saved).map(|()| text(store, &backup))
}

/// "Undo reset": the draft becomes the text from before the reset, which is then forgotten, so
/// Undo is not offered again (not even after a reload). Returns that text.
pub fn undo_reset(store: &mut SafeStore, id: &str) -> Option<String> {
    let backup = Key::BeforeReset(id.to_string());
    let previous = text(store, &backup)?;
    // The draft is written first: if that fails the text stays unsaved and is read back, and
    // the backup stays too, so nothing is lost either way.
    if set_text(store, &Key::Draft(id.to_string()), &previous).is_ok() {
        store.remove(&backup.to_string());
    }
    Some(previous)
}

/// Sets `value` (once under `original`) aside with `reason`; it is reported until forgotten.
pub fn keep_aside(store: &mut SafeStore, original: &str, value: &str, reason: &str) -> Result<(), SaveError> {
    let to = kept_key(|k| store.get(k).is_some(), original);
    let record = KeptRecord {
        key: original.to_string(),
        reason: reason.to_string(),
        value: value.to_string(),
    };
    store.set(&to, &serde_json::to_string(&record).unwrap_or_default())
}

/// Every lesson id with a draft, a text from before a reset, or progress.
pub fn lesson_ids(store: &SafeStore) -> BTreeSet<String> {
    store
        .keys()
        .into_iter()
        .filter_map(|key| match Key::parse(&key)? {
            Key::Draft(id) | Key::BeforeReset(id) | Key::Progress(id) => Some(id),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::safe_store::MemoryStore;
    use super::*;

    fn store() -> SafeStore {
        SafeStore::open(Box::new(MemoryStore::default()), None)
    }

    #[test]
    fn a_double_reset_keeps_the_text_from_before_the_first() {
        let mut store = store();
        set_text(&mut store, &Key::Draft("l".into()), "A").expect("saved");
        assert_eq!(reset(&mut store, "l", "A", "starter"), Ok(Some("A".into())));
        assert_eq!(reset(&mut store, "l", "starter", "starter"), Ok(Some("A".into())));
        assert_eq!(undo_reset(&mut store, "l").as_deref(), Some("A"));
        assert_eq!(text(&store, &Key::Draft("l".into())).as_deref(), Some("A"));
    }

    #[test]
    fn after_undo_undo_is_not_offered_again() {
        let mut store = store();
        reset(&mut store, "l", "A", "starter").expect("saved");
        assert_eq!(undo_reset(&mut store, "l").as_deref(), Some("A"));
        set_text(&mut store, &Key::Draft("l".into()), "B").expect("saved");
        // A reload reads what is stored.
        assert_eq!(text(&store, &Key::BeforeReset("l".into())), None);
        assert_eq!(undo_reset(&mut store, "l"), None);
        assert_eq!(text(&store, &Key::Draft("l".into())).as_deref(), Some("B"));
    }

    #[test]
    fn progress_and_the_learner_round_trip() {
        let mut store = store();
        assert_eq!(progress(&store, "l"), LessonProgress::default());
        update_progress(&mut store, "l", |p| p.attempts += 1).expect("saved");
        update_progress(&mut store, "l", |p| p.attempts += 1).expect("saved");
        assert_eq!(progress(&store, "l").attempts, 2);
        set_learner(&mut store, "Ada").expect("saved");
        assert_eq!(learner(&store), "Ada");
        set_text(&mut store, &Key::Draft("pack/x".into()), "t").expect("saved");
        assert_eq!(
            lesson_ids(&store).into_iter().collect::<Vec<_>>(),
            vec!["l".to_string(), "pack/x".to_string()]
        );
    }

    #[test]
    fn keeping_aside_twice_keeps_both() {
        let mut store = store();
        keep_aside(&mut store, "sfn-lab/v2/draft/l", "one", "why").expect("saved");
        keep_aside(&mut store, "sfn-lab/v2/draft/l", "two", "why").expect("saved");
        let kept = store.keys();
        assert_eq!(
            kept,
            vec![
                "sfn-lab/v2/kept/sfn-lab/v2/draft/l".to_string(),
                "sfn-lab/v2/kept/sfn-lab/v2/draft/l~2".to_string()
            ]
        );
    }
}
