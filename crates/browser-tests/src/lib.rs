//! Helpers for the end-to-end tests: a plain static file server, a headless Chromium session, and a lab session.

pub mod browser;
pub mod lab;
pub mod static_server;
