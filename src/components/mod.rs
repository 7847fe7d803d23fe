//! Components: one per file, each with its props beside it.

pub mod editor;
pub mod execution_result;
pub mod instructions;
pub mod verdict_panel;
