//! The lessons shipped with the lab, embedded from the repository's lessons/ folder at build time.

use crate::lesson::{Lesson, Validation};
use crate::track::{Files, Track};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// The built-in track's files, by path under lessons/.
pub fn files() -> Files {
    embedded::FILES
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect()
}

/// The built-in track, or every problem that keeps it from loading.
pub fn track() -> Result<Track, Vec<String>> {
    Track::load(&files())
}

/// The built-in track read for showing, without the interpreter's checks of its scenarios and
/// run options: the test suite's audit checks those, and the page must not link the interpreter.
pub fn track_to_show() -> Result<Track, Vec<String>> {
    Track::load_checked(&files(), Validation::Shape)
}

/// Every built-in lesson, in the track's order, or every problem that keeps them from loading.
pub fn lessons() -> Result<Vec<Lesson>, Vec<String>> {
    track().map(Track::into_lessons)
}
