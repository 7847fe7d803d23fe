//! Components: one per file, each with its props beside it.

pub mod cost_line;
pub mod diagnostics;
pub mod editor;
pub mod execution_result;
pub mod instructions;
pub mod pending_tasks;
pub mod services_panel;
pub mod verdict_panel;
