//! Helpers for the end-to-end tests: a plain static file server and a headless Chromium session.

pub mod browser;
pub mod static_server;
