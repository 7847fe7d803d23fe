//! What survives a reload: each lesson's draft (and the draft before a reset) and which lessons are passed.

use gloo::storage::{LocalStorage, Storage};

fn draft_key(lesson_id: &str) -> String {
    format!("sfn-lab/v1/draft/{lesson_id}")
}

fn backup_key(lesson_id: &str) -> String {
    format!("sfn-lab/v1/draft-before-reset/{lesson_id}")
}

fn passed_key(lesson_id: &str) -> String {
    format!("sfn-lab/v1/passed/{lesson_id}")
}

/// The learner's saved text for a lesson.
pub fn load_draft(lesson_id: &str) -> Option<String> {
    LocalStorage::get(draft_key(lesson_id)).ok()
}

/// Saves the learner's text; called on every edit so nothing typed is lost.
pub fn save_draft(lesson_id: &str, text: &str) {
    // Storage can be full or disabled (private mode): the editor still works.
    let _ = LocalStorage::set(draft_key(lesson_id), text);
}

/// Keeps the text that a reset replaces, so the reset can be undone.
pub fn save_backup(lesson_id: &str, text: &str) {
    let _ = LocalStorage::set(backup_key(lesson_id), text);
}

/// The text from before the last reset.
pub fn load_backup(lesson_id: &str) -> Option<String> {
    LocalStorage::get(backup_key(lesson_id)).ok()
}

/// Remembers that the lesson was passed.
pub fn mark_passed(lesson_id: &str) {
    let _ = LocalStorage::set(passed_key(lesson_id), true);
}

/// Whether the lesson was passed before.
pub fn is_passed(lesson_id: &str) -> bool {
    LocalStorage::get::<bool>(passed_key(lesson_id)).unwrap_or(false)
}

/// A text the lab keeps under `key` (playground texts and the like).
pub fn load_text(key: &str) -> Option<String> {
    LocalStorage::get(format!("sfn-lab/v1/{key}")).ok()
}

/// Keeps a text under `key`.
pub fn save_text(key: &str, text: &str) {
    let _ = LocalStorage::set(format!("sfn-lab/v1/{key}"), text);
}
