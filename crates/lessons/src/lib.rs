//! Lessons as data: the model, the track and pack loaders, the Markdown renderer, the checker and
//! the author's audit, shared by tests, CLI and web app.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod approvals;
pub mod audit;
pub mod builtin;
pub mod check;
pub mod json_diff;
pub mod lesson;
pub mod markdown;
pub mod pack;
pub mod path;
pub mod run_spec;
pub mod shown;
pub mod structure;
pub mod track;

pub use check::{check, CheckOutcome, Report, Verdict};
pub use lesson::{Lesson, LessonError};
pub use track::Track;
