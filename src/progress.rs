//! Progress files (`"format": "sfn-lab-progress", "version": 1`): a learner's work in one JSON
//! file, exported from one browser and imported into another (or into the instructor view).
//! The format is documented in README.md ("Progress files and the instructor view").

use crate::storage::records::{self, keep_aside, lesson_ids, set_text, text};
use crate::storage::safe_store::{SafeStore, SaveError};
use crate::storage::schema::{text_value, Key};
use crate::verdict_summary::VerdictSummary;
use lessons::shown::starter_digest;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The `format` field of a progress file.
pub const FORMAT: &str = "sfn-lab-progress";
/// The version of the format this lab writes and reads.
pub const VERSION: u32 = 1;

/// A progress file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`] for files this lab writes.
    pub version: u32,
    /// The name the learner typed ("" when none).
    #[serde(default)]
    pub learner: String,
    /// When it was exported (ISO 8601), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported: Option<String>,
    /// One entry per lesson, in the track's order.
    #[serde(default)]
    pub lessons: Vec<LessonEntry>,
    /// The playground's texts (`definition`, `input`, `scenario`, `example`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub playground: BTreeMap<String, String>,
}

/// A learner's work on one lesson.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonEntry {
    /// The lesson's id (`hello-pass`; `pack/<id>` for a lesson of a pack).
    pub id: String,
    /// Its title, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Passed at least once.
    #[serde(default)]
    pub passed: bool,
    /// Run presses.
    #[serde(default)]
    pub attempts: u32,
    /// Seconds the lesson's page was open and visible (counted in steps of 10 s).
    #[serde(default)]
    pub seconds: u64,
    /// The definition in the editor when the file was made (none: never edited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// The text a "Reset to starter" replaced, while "Undo reset" can bring it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_reset: Option<String>,
    /// The last Run's verdict: each rule and check, passed or not, with its problems.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<VerdictSummary>,
}

impl LessonEntry {
    /// Whether the learner did anything in the lesson.
    pub fn started(&self) -> bool {
        self.passed || self.attempts > 0 || self.definition.is_some() || self.verdict.is_some()
    }
}

/// A lesson the page knows: its storage id, title and its starter's digest.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownLesson {
    /// Its storage id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// `lessons::shown::starter_digest` of its starter (a draft equal to it is no work of the
    /// learner's); empty when unknown.
    pub starter_digest: String,
}

/// Why a file is not a progress file this lab can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressError {
    /// Not JSON (the parser's message).
    NotJson(String),
    /// JSON, but not a progress file.
    NotProgress,
    /// A progress file from a newer lab.
    NewerVersion(u32),
    /// A progress file with a field that cannot be read (which, and why).
    Malformed(String),
}

impl fmt::Display for ProgressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgressError::NotJson(why) => write!(f, "not JSON ({why})"),
            ProgressError::NotProgress => {
                write!(f, "not a progress file (no \"format\": \"{FORMAT}\")")
            }
            ProgressError::NewerVersion(v) => write!(
                f,
                "a progress file of version {v}, from a newer sfn-lab; this one reads version {VERSION}"
            ),
            ProgressError::Malformed(why) => write!(f, "a progress file that cannot be read: {why}"),
        }
    }
}

/// Reads a progress file.
pub fn read(text: &str) -> Result<ProgressFile, ProgressError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ProgressError::NotJson(e.to_string()))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ProgressError::NotProgress);
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(ProgressError::NewerVersion(u32::try_from(v).unwrap_or(u32::MAX)))
        }
        _ => return Err(ProgressError::Malformed("\"version\" is not 1".into())),
    }
    serde_json::from_value(value).map_err(|e| ProgressError::Malformed(e.to_string()))
}

/// The file's text: indented JSON, to be read by people too.
pub fn write(file: &ProgressFile) -> String {
    serde_json::to_string_pretty(file).unwrap_or_default()
}

/// A file name for the learner's progress (`sfn-lab-progress-ada-lovelace.json`).
pub fn file_name(learner: &str) -> String {
    let slug: String = learner
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "sfn-lab-progress.json".into()
    } else {
        format!("sfn-lab-progress-{slug}.json")
    }
}

/// Everything `store` holds of the learner's work: the `known` lessons in order, then any other
/// lesson with something stored (a pack's that is no longer loaded, say).
pub fn collect(store: &SafeStore, known: &[KnownLesson], exported: Option<String>) -> ProgressFile {
    let stored = lesson_ids(store);
    let others = stored.iter().filter(|id| !known.iter().any(|k| &k.id == *id));
    let ids = known
        .iter()
        .map(|k| (k.id.clone(), Some(k.title.clone())))
        .chain(others.map(|id| (id.clone(), None)));
    let lessons = ids
        .map(|(id, title)| {
            let progress = records::progress(store, &id);
            LessonEntry {
                title,
                passed: progress.passed,
                attempts: progress.attempts,
                seconds: progress.seconds,
                definition: text(store, &Key::Draft(id.clone())),
                before_reset: text(store, &Key::BeforeReset(id.clone())),
                verdict: progress.verdict,
                id,
            }
        })
        .collect();
    let playground = store
        .keys()
        .into_iter()
        .filter_map(|key| match Key::parse(&key)? {
            Key::Text(name) => {
                let short = name.strip_prefix("playground/")?.to_string();
                Some((short, text(store, &Key::Text(name))?))
            }
            _ => None,
        })
        .collect();
    ProgressFile {
        format: FORMAT.into(),
        version: VERSION,
        learner: records::learner(store),
        exported,
        lessons,
        playground,
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restored {
    /// Lessons the file had work for.
    pub lessons: usize,
    /// Of them, passed.
    pub passed: usize,
    /// This browser's texts that differed from the file's and were set aside (not lost).
    pub kept_aside: usize,
    /// Whether every write was saved (else the page says storage is full).
    pub saved: bool,
}

/// Restores `file` into `store` (`from`: the file's name, for the record of what was replaced).
///
/// The file's work wins, and nothing of this browser's is lost: a draft that differs from the
/// file's is set aside (reported, downloadable); passed marks add up; attempts and time take the
/// larger count, so importing the same file twice changes nothing.
pub fn restore(store: &mut SafeStore, file: &ProgressFile, from: &str, known: &[KnownLesson]) -> Restored {
    let mut restored = Restored::default();
    let mut result: Result<(), SaveError> = Ok(());
    for entry in file
        .lessons
        .iter()
        .filter(|e| e.started() || e.before_reset.is_some())
    {
        restored.lessons += 1;
        restored.passed += usize::from(entry.passed);
        let draft = Key::Draft(entry.id.clone());
        let known_digest = known
            .iter()
            .find(|k| k.id == entry.id)
            .map(|k| k.starter_digest.as_str());
        if let Some(definition) = &entry.definition {
            match text(store, &draft) {
                Some(local) if &local == definition => {}
                Some(local) if Some(starter_digest(&local).as_str()) != known_digest => {
                    let reason = format!("this browser's text, replaced by the import of {from}");
                    result = result.and(keep_aside(
                        store,
                        &draft.to_string(),
                        &text_value(&local),
                        &reason,
                    ));
                    restored.kept_aside += 1;
                    result = result.and(set_text(store, &draft, definition));
                }
                _ => result = result.and(set_text(store, &draft, definition)),
            }
        }
        let backup = Key::BeforeReset(entry.id.clone());
        if let (Some(before), None) = (&entry.before_reset, text(store, &backup)) {
            result = result.and(set_text(store, &backup, before));
        }
        result = result.and(records::update_progress(store, &entry.id, |p| {
            p.passed |= entry.passed;
            p.attempts = p.attempts.max(entry.attempts);
            p.seconds = p.seconds.max(entry.seconds);
            if entry.verdict.is_some() && (entry.definition.is_some() || p.verdict.is_none()) {
                p.verdict = entry.verdict.clone();
            }
        }));
    }
    if !file.learner.trim().is_empty() {
        result = result.and(records::set_learner(store, file.learner.trim()));
    }
    for (name, value) in &file.playground {
        let key = Key::Text(format!("playground/{name}"));
        if text(store, &key).is_none() {
            result = result.and(set_text(store, &key, value));
        }
    }
    restored.saved = result.is_ok();
    restored
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::records::{progress, update_progress};
    use crate::storage::safe_store::MemoryStore;
    use crate::verdict_summary::CheckSummary;

    fn known() -> Vec<KnownLesson> {
        ["hello-pass", "data-flow"]
            .iter()
            .map(|id| KnownLesson {
                id: id.to_string(),
                title: format!("Lesson {id}"),
                starter_digest: starter_digest(&format!("starter of {id}")),
            })
            .collect()
    }

    fn store() -> SafeStore {
        SafeStore::open(Box::new(MemoryStore::default()), None)
    }

    fn worked() -> SafeStore {
        let mut store = store();
        records::set_learner(&mut store, "Ada Lovelace").expect("saved");
        set_text(&mut store, &Key::Draft("hello-pass".into()), "solution").expect("saved");
        set_text(&mut store, &Key::Draft("pack/saga".into()), "saga").expect("saved");
        set_text(&mut store, &Key::Text("playground/input".into()), "{\"a\": 1}").expect("saved");
        update_progress(&mut store, "hello-pass", |p| {
            p.passed = true;
            p.attempts = 3;
            p.seconds = 120;
            p.verdict = Some(VerdictSummary {
                passed: true,
                checks: vec![CheckSummary {
                    title: "greets".into(),
                    passed: true,
                    problems: vec![],
                }],
                ..VerdictSummary::default()
            });
        })
        .expect("saved");
        store
    }

    #[test]
    fn a_file_holds_every_lesson_and_reads_back() {
        let file = collect(&worked(), &known(), Some("2024-05-01T10:00:00Z".into()));
        let ids: Vec<&str> = file.lessons.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["hello-pass", "data-flow", "pack/saga"]);
        assert_eq!(file.learner, "Ada Lovelace");
        let first = &file.lessons[0];
        assert!(first.passed && first.attempts == 3 && first.seconds == 120);
        assert_eq!(first.definition.as_deref(), Some("solution"));
        assert_eq!(first.title.as_deref(), Some("Lesson hello-pass"));
        assert!(!file.lessons[1].started());
        assert_eq!(file.playground["input"], "{\"a\": 1}");
        let text = write(&file);
        assert!(text.contains("\"format\": \"sfn-lab-progress\"") && text.contains("\"version\": 1"));
        assert_eq!(read(&text), Ok(file));
    }

    #[test]
    fn files_that_are_not_progress_files_say_why() {
        assert!(matches!(read("{"), Err(ProgressError::NotJson(_))));
        assert_eq!(
            read("{\"format\": \"sfn-lab-pack\"}"),
            Err(ProgressError::NotProgress)
        );
        assert_eq!(
            read("{\"format\": \"sfn-lab-progress\", \"version\": 2, \"lessons\": \"new\"}"),
            Err(ProgressError::NewerVersion(2))
        );
        assert!(matches!(
            read("{\"format\": \"sfn-lab-progress\", \"version\": 1, \"lessons\": 3}"),
            Err(ProgressError::Malformed(_))
        ));
    }

    #[test]
    fn an_import_restores_everything_into_an_empty_browser_and_twice_changes_nothing() {
        let file = collect(&worked(), &known(), None);
        let mut other = store();
        let restored = restore(&mut other, &file, "ada.json", &known());
        assert_eq!(
            restored,
            Restored {
                lessons: 2,
                passed: 1,
                kept_aside: 0,
                saved: true
            }
        );
        assert_eq!(collect(&other, &known(), None), file);
        restore(&mut other, &file, "ada.json", &known());
        assert_eq!(collect(&other, &known(), None), file, "idempotent");
    }

    #[test]
    fn an_import_sets_this_browser_s_different_text_aside_and_adds_up_progress() {
        let mut file = collect(&worked(), &known(), None);
        file.lessons[1].definition = Some("data flow".into());
        let mut other = store();
        set_text(&mut other, &Key::Draft("hello-pass".into()), "mine").expect("saved");
        // A draft that is the starter is no work to keep.
        set_text(
            &mut other,
            &Key::Draft("data-flow".into()),
            "starter of data-flow",
        )
        .expect("saved");
        update_progress(&mut other, "hello-pass", |p| p.attempts = 7).expect("saved");
        let restored = restore(&mut other, &file, "ada.json", &known());
        assert_eq!(restored.kept_aside, 1);
        assert_eq!(
            text(&other, &Key::Draft("hello-pass".into())).as_deref(),
            Some("solution")
        );
        let kept = other
            .get("sfn-lab/v2/kept/sfn-lab/v2/draft/hello-pass")
            .expect("kept aside");
        assert!(kept.contains("mine") && kept.contains("ada.json"), "{kept}");
        let p = progress(&other, "hello-pass");
        assert!(p.passed && p.attempts == 7 && p.seconds == 120);
    }

    #[test]
    fn file_names_are_made_from_the_learner_s_name() {
        assert_eq!(file_name("Ada Lovelace"), "sfn-lab-progress-ada-lovelace.json");
        assert_eq!(file_name("  "), "sfn-lab-progress.json");
        assert_eq!(file_name("Zoë / O'Neil"), "sfn-lab-progress-zoë-o-neil.json");
    }
}
