//! The keys the lab keeps in local storage (schema version 2), what each holds, and how to tell a
//! value the lab wrote from one it did not.
//!
//! | key | value |
//! | --- | --- |
//! | `sfn-lab/v2/draft/<lesson>` | the learner's text, a JSON string |
//! | `sfn-lab/v2/before-reset/<lesson>` | the text a "Reset to starter" replaced, a JSON string |
//! | `sfn-lab/v2/progress/<lesson>` | [`LessonProgress`]: passed, attempts, time spent, last verdict |
//! | `sfn-lab/v2/text/<name>` | any other text (the playground's, the loaded pack), a JSON string |
//! | `sfn-lab/v2/learner` | [`Learner`]: the name the learner typed |
//! | `sfn-lab/v2/kept/<key>` | [`KeptRecord`]: a value set aside, never silently dropped |
//!
//! `<lesson>` is the lesson's storage id (`hello-pass`, or `pack/hello-pass` for a pack's lesson).
//! A newer lab writes under `sfn-lab/v3/`...: this one leaves those keys alone.

use crate::verdict_summary::VerdictSummary;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Every key of the lab starts with this.
pub const ROOT: &str = "sfn-lab/";
/// The schema this lab reads and writes.
pub const VERSION: u32 = 2;

/// A key of the current schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// A lesson's draft.
    Draft(String),
    /// The text a reset replaced, for "Undo reset".
    BeforeReset(String),
    /// A lesson's progress.
    Progress(String),
    /// A named text (`playground/definition`, `pack/current`...).
    Text(String),
    /// The learner's name.
    Learner,
    /// A value set aside, under the key it had (with `~2`, `~3`... when that was taken).
    Kept(String),
    /// Writes that failed, waiting in session storage to be saved (never in local storage).
    Unsaved,
}

impl Key {
    /// Reads a key of the current schema; `None` for anything else.
    pub fn parse(key: &str) -> Option<Key> {
        let rest = key.strip_prefix(ROOT)?.strip_prefix("v2/")?;
        let named = |prefix: &str| {
            rest.strip_prefix(prefix)
                .filter(|name| !name.is_empty())
                .map(str::to_string)
        };
        if rest == "learner" {
            return Some(Key::Learner);
        }
        if rest == "unsaved" {
            return Some(Key::Unsaved);
        }
        named("draft/")
            .map(Key::Draft)
            .or_else(|| named("before-reset/").map(Key::BeforeReset))
            .or_else(|| named("progress/").map(Key::Progress))
            .or_else(|| named("text/").map(Key::Text))
            .or_else(|| named("kept/").map(Key::Kept))
    }

    /// Whether `value` is what the lab writes under this key; if not, why.
    pub fn check(&self, value: &str) -> Result<(), Unreadable> {
        match self {
            Key::Draft(_) | Key::BeforeReset(_) | Key::Text(_) => read_text(value).map(drop),
            Key::Progress(_) => read_json::<LessonProgress>(value, "a lesson's progress").map(drop),
            Key::Learner => read_json::<Learner>(value, "the learner's name").map(drop),
            Key::Kept(_) => read_json::<KeptRecord>(value, "a value set aside").map(drop),
            Key::Unsaved => {
                read_json::<std::collections::BTreeMap<String, String>>(value, "unsaved writes").map(drop)
            }
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Draft(id) => write!(f, "{ROOT}v2/draft/{id}"),
            Key::BeforeReset(id) => write!(f, "{ROOT}v2/before-reset/{id}"),
            Key::Progress(id) => write!(f, "{ROOT}v2/progress/{id}"),
            Key::Text(name) => write!(f, "{ROOT}v2/text/{name}"),
            Key::Learner => write!(f, "{ROOT}v2/learner"),
            Key::Kept(key) => write!(f, "{ROOT}v2/kept/{key}"),
            Key::Unsaved => write!(f, "{ROOT}v2/unsaved"),
        }
    }
}

/// Which schema a stored key belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version<'a> {
    /// Not one of the storage schema's keys: never touched.
    Foreign,
    /// `sfn-lab/vN/rest`, with the rest of the key.
    Numbered(u32, &'a str),
    /// Under `sfn-lab/` but with no version the lab knows how to read.
    Unversioned,
}

/// Keys under `sfn-lab/` that belong to another part of the lab, with their own rules: the
/// display preferences, which index.html reads before the app starts (src/display.rs).
const OWN_RULES: &[&str] = &["sfn-lab/display/"];

/// The schema `key` belongs to.
pub fn version_of(key: &str) -> Version<'_> {
    let Some(rest) = key.strip_prefix(ROOT) else {
        return Version::Foreign;
    };
    if OWN_RULES.iter().any(|prefix| key.starts_with(prefix)) {
        return Version::Foreign;
    }
    let parsed = rest.split_once('/').and_then(|(version, rest)| {
        let digits = version.strip_prefix('v')?;
        let number = digits.parse::<u32>().ok()?;
        // "v02" is no version the lab ever wrote.
        (digits == number.to_string() && number > 0).then_some((number, rest))
    });
    match parsed {
        Some((number, rest)) => Version::Numbered(number, rest),
        None => Version::Unversioned,
    }
}

/// Why a stored value is not what the lab writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Not JSON at all.
    NotJson,
    /// JSON, but not the shape expected (what was expected).
    NotA(&'static str),
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::NotJson => write!(f, "not JSON, so not something the lab wrote"),
            Unreadable::NotA(what) => write!(f, "JSON, but not {what} as the lab writes it"),
        }
    }
}

/// A text value (a JSON string).
pub fn read_text(value: &str) -> Result<String, Unreadable> {
    read_json(value, "a text")
}

/// A JSON value of type `T`; `what` names it for the report.
pub fn read_json<T: for<'de> Deserialize<'de>>(value: &str, what: &'static str) -> Result<T, Unreadable> {
    serde_json::from_str::<T>(value).map_err(|_| match serde_json::from_str::<serde_json::Value>(value) {
        Ok(_) => Unreadable::NotA(what),
        Err(_) => Unreadable::NotJson,
    })
}

/// A JSON string holding `text`, as the lab stores texts.
pub fn text_value(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// What the lab knows of the learner's work on a lesson.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonProgress {
    /// Passed at least once.
    #[serde(default)]
    pub passed: bool,
    /// Run presses.
    #[serde(default)]
    pub attempts: u32,
    /// Seconds the lesson page was open and visible, counted coarsely.
    #[serde(default)]
    pub seconds: u64,
    /// The last Run's verdict, in short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<VerdictSummary>,
}

/// The learner, as they named themselves for their progress file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Learner {
    /// Their name.
    pub name: String,
}

/// A value the lab set aside instead of dropping it: where it was, why, and the value as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptRecord {
    /// The key it was stored under.
    pub key: String,
    /// Why it was set aside, in words.
    pub reason: String,
    /// The stored value, byte for byte.
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_written() {
        for key in [
            Key::Draft("hello-pass".into()),
            Key::Draft("pack/hello-pass".into()),
            Key::BeforeReset("pack/saga".into()),
            Key::Progress("choice".into()),
            Key::Text("playground/definition".into()),
            Key::Learner,
            Key::Kept("sfn-lab/v1/draft/x".into()),
            Key::Unsaved,
        ] {
            assert_eq!(Key::parse(&key.to_string()), Some(key.clone()), "{key}");
        }
        assert_eq!(Key::parse("sfn-lab/v2/draft/"), None);
        assert_eq!(Key::parse("sfn-lab/v2/other/x"), None);
        assert_eq!(Key::parse("sfn-lab/v1/draft/x"), None);
    }

    #[test]
    fn versions_are_told_apart() {
        assert_eq!(version_of("theme"), Version::Foreign);
        assert_eq!(version_of("sfn-lab-theme"), Version::Foreign);
        assert_eq!(version_of("sfn-lab/display/theme"), Version::Foreign);
        assert_eq!(version_of("sfn-lab/v1/draft/x"), Version::Numbered(1, "draft/x"));
        assert_eq!(version_of("sfn-lab/v9/draft/x"), Version::Numbered(9, "draft/x"));
        assert_eq!(version_of("sfn-lab/v02/x"), Version::Unversioned);
        assert_eq!(version_of("sfn-lab/v0/x"), Version::Unversioned);
        assert_eq!(version_of("sfn-lab/settings"), Version::Unversioned);
    }

    #[test]
    fn values_the_lab_did_not_write_are_told_from_its_own() {
        let draft = Key::Draft("x".into());
        assert_eq!(draft.check(&text_value("{\"StartAt\": 1}")), Ok(()));
        assert_eq!(draft.check("{\"StartAt\": 1}"), Err(Unreadable::NotA("a text")));
        assert_eq!(draft.check("not json"), Err(Unreadable::NotJson));
        let progress = Key::Progress("x".into());
        assert_eq!(progress.check("{\"passed\": true, \"attempts\": 2}"), Ok(()));
        assert!(progress.check("\"passed\"").is_err());
        assert!(progress.check("{\"attempts\": -1}").is_err());
    }
}
