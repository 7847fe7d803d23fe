//! The lessons shipped with the lab, embedded from the repository's lessons/ folder at build time.

use crate::lesson::{Lesson, LessonError};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// Every built-in lesson, in folder order, or the problems of those that do not load.
pub fn lessons() -> Result<Vec<Lesson>, Vec<LessonError>> {
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for (folder, files) in embedded::FOLDERS {
        let read = |name: &str| {
            files
                .iter()
                .find(|(file, _)| *file == name)
                .map(|(_, text)| text.to_string())
        };
        match Lesson::load(folder, read) {
            Ok(lesson) => lessons.push(lesson),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(lessons)
    } else {
        Err(errors)
    }
}
