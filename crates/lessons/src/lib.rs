//! Lessons as data: the model, the loader, the Markdown renderer and the checker, shared by tests, CLI and web app.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod builtin;
pub mod check;
pub mod json_diff;
pub mod lesson;
pub mod markdown;

pub use check::{check, CheckOutcome, Verdict};
pub use lesson::{Lesson, LessonError};
