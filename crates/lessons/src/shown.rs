//! Lessons as the page shows them: Markdown already rendered, and none of what only the checker
//! needs (expectations, solutions, mistakes). The built-in track is made into this form when the
//! web app is built (its index in the page, each lesson's [`LessonContent`] a file beside it), and
//! a pack's by the worker, so the page links neither the Markdown renderer nor the lesson loader.

use crate::lesson::Lesson;
use crate::markdown;
use crate::track::Track;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A track for showing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownTrack {
    /// Its title.
    pub title: String,
    /// Its sections, in order.
    pub sections: Vec<ShownSection>,
}

/// A titled run of lessons for showing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownSection {
    /// Its title.
    pub title: String,
    /// Its lessons, in order.
    pub lessons: Vec<ShownLesson>,
}

/// A lesson for showing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownLesson {
    /// Its id (the route and the storage key).
    pub id: String,
    /// Its folder in the track (a pack lesson's files are found by it).
    pub folder: String,
    /// Its title.
    pub title: String,
    /// One line for the lesson list.
    pub summary: String,
    /// How long it takes, if the author said.
    pub minutes: Option<u32>,
    /// The concepts it teaches.
    pub concepts: Vec<String>,
    /// [`starter_digest`] of the definition the editor starts with (in [`LessonContent`]): the
    /// progress export tells a draft that is only the starter from work without fetching it.
    pub starter_digest: String,
    /// What the lesson page shows beyond the list: in a pack's lessons; fetched for a built-in one
    /// (see [`ShownTrack::without_content`]).
    pub content: Option<LessonContent>,
}

/// The lesson page's text and the checks' inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonContent {
    /// The definition the editor starts with.
    pub starter: String,
    /// The instructions as HTML, made by [`markdown::render`] (raw HTML escaped, unsafe URLs dropped).
    pub instructions_html: String,
    /// The hints as HTML, in order.
    pub hints_html: Vec<String>,
    /// Each check's title, input and scenario ("Open in playground" takes them).
    pub checks: Vec<ShownCheck>,
    /// The lesson's own scenario, for checks that have none.
    pub scenario: Option<Value>,
}

/// What the page takes from a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownCheck {
    /// Its title.
    pub title: String,
    /// The execution input.
    pub input: Value,
    /// Its scenario, if it has its own.
    pub scenario: Option<Value>,
}

impl From<&Track> for ShownTrack {
    fn from(track: &Track) -> ShownTrack {
        ShownTrack {
            title: track.title.clone(),
            sections: track
                .sections
                .iter()
                .map(|section| ShownSection {
                    title: section.title.clone(),
                    lessons: section.lessons.iter().map(ShownLesson::from).collect(),
                })
                .collect(),
        }
    }
}

impl From<&Lesson> for ShownLesson {
    fn from(lesson: &Lesson) -> ShownLesson {
        ShownLesson {
            id: lesson.id.clone(),
            folder: lesson.folder.clone(),
            title: lesson.title.clone(),
            summary: lesson.summary.clone(),
            minutes: lesson.minutes,
            concepts: lesson.concepts.clone(),
            starter_digest: starter_digest(&lesson.starter),
            content: Some(LessonContent {
                starter: lesson.starter.clone(),
                instructions_html: markdown::render(&lesson.instructions),
                hints_html: lesson.hints.iter().map(|hint| markdown::render(hint)).collect(),
                checks: lesson
                    .checks
                    .iter()
                    .map(|check| ShownCheck {
                        title: check.title.clone(),
                        input: check.input.clone(),
                        scenario: check.scenario.clone(),
                    })
                    .collect(),
                scenario: lesson.scenario.clone(),
            }),
        }
    }
}

/// A short fingerprint of a starter (64-bit FNV-1a, in hex): the same text gives the same digest
/// on every machine, in the build script and in the page. Not for security: a learner's draft
/// that matched another text's digest would only be counted as not started.
pub fn starter_digest(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

impl ShownTrack {
    /// The track as a list (the index the page carries), and each lesson's content by id (the
    /// files it fetches).
    pub fn without_content(mut self) -> (ShownTrack, Vec<(String, LessonContent)>) {
        let mut contents = Vec::new();
        for lesson in self.sections.iter_mut().flat_map(|s| s.lessons.iter_mut()) {
            if let Some(content) = lesson.content.take() {
                contents.push((lesson.id.clone(), content));
            }
        }
        (self, contents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_track_shows_every_lesson_with_its_markdown_rendered() {
        let track = crate::builtin::track_to_show().expect("the built-in track loads");
        let shown = ShownTrack::from(&track);
        let lessons: Vec<&ShownLesson> = shown.sections.iter().flat_map(|s| &s.lessons).collect();
        assert_eq!(lessons.len(), track.lessons().count());
        let backup = lessons
            .iter()
            .find(|l| l.id == "backup-workflow")
            .expect("the backup lesson is shown");
        let source = track.lessons().find(|l| l.id == "backup-workflow").unwrap();
        let content = backup.content.as_ref().expect("a whole track has contents");
        assert_eq!(content.instructions_html, markdown::render(&source.instructions));
        assert!(
            content.instructions_html.contains("<p>"),
            "rendered: {}",
            content.instructions_html
        );
        assert_eq!(content.hints_html.len(), source.hints.len());
        assert_eq!(content.checks.len(), source.checks.len());
        assert_eq!(content.checks[0].input, source.checks[0].input);
        assert_eq!(content.starter, source.starter);
        assert_eq!(backup.starter_digest, starter_digest(&source.starter));
    }

    #[test]
    fn a_starter_digest_is_fnv_1a_and_tells_texts_apart() {
        // The FNV-1a test vectors (64-bit): "" and "a".
        assert_eq!(starter_digest(""), "cbf29ce484222325");
        assert_eq!(starter_digest("a"), "af63dc4c8601ec8c");
        assert_ne!(
            starter_digest("{\"StartAt\": \"A\"}"),
            starter_digest("{\"StartAt\": \"B\"}")
        );
    }

    #[test]
    fn the_index_keeps_the_list_and_gives_each_lesson_s_content_apart() {
        let whole = ShownTrack::from(&crate::builtin::track_to_show().expect("the built-in track loads"));
        let (index, contents) = whole.clone().without_content();
        let lessons: Vec<&ShownLesson> = index.sections.iter().flat_map(|s| &s.lessons).collect();
        assert!(lessons.iter().all(|l| l.content.is_none()));
        assert_eq!(contents.len(), lessons.len());
        let first = whole.sections[0].lessons[0].clone();
        assert_eq!(
            (contents[0].0.as_str(), Some(&contents[0].1)),
            (first.id.as_str(), first.content.as_ref())
        );
        assert_eq!(lessons[0].title, first.title);
    }

    #[test]
    fn a_shown_track_round_trips_through_json() {
        let track = crate::builtin::track_to_show().expect("the built-in track loads");
        let shown = ShownTrack::from(&track);
        let text = serde_json::to_string(&shown).expect("serializes");
        assert_eq!(
            serde_json::from_str::<ShownTrack>(&text).expect("reads back"),
            shown
        );
    }
}
