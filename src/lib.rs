//! The sfn-lab web app: pages and components over the pure `asl` and `lessons` crates.
#![forbid(unsafe_code)]

pub mod app;
pub mod components;
pub mod examples;
pub mod json_format;
pub mod pack_loader;
pub mod packs;
pub mod pages;
pub mod problems;
pub mod route;
pub mod run_view;
pub mod share;
pub mod state_marks;
pub mod storage;
pub mod worker;
