//! The sfn-lab web app: pages and components over the pure `asl` and `lessons` crates.
#![forbid(unsafe_code)]

pub mod after_paint;
pub mod app;
pub mod class_table;
pub mod components;
pub mod display;
pub mod download;
pub mod examples;
pub mod js_error;
pub mod json_format;
pub mod known_lessons;
pub mod lesson_content;
pub mod offline;
pub mod pack_loader;
pub mod packs;
pub mod pages;
pub mod problems;
pub mod progress;
pub mod route;
pub mod run_view;
pub mod share;
pub mod state_marks;
pub mod storage;
pub mod time_on_page;
pub mod verdict_summary;
pub mod worker;
