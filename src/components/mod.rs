//! Components: one per file, each with its props beside it.

pub mod cost_line;
pub mod diagnostics;
pub mod editor;
pub mod execution_result;
pub mod export_button;
pub mod graph_shapes;
pub mod graph_view;
pub mod halted_panel;
pub mod history_table;
pub mod inspector;
pub mod instructions;
pub mod json_block;
pub mod pending_tasks;
pub mod playback;
pub mod progress_panel;
pub mod run_controls;
pub mod services_panel;
pub mod services_tables;
pub mod share_bar;
pub mod storage_notices;
pub mod task_answer;
pub mod verdict_panel;
pub mod verdict_summary_view;
