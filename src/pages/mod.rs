//! Pages: one per route.

pub mod instructor;
pub mod lesson_list;
pub mod lesson_page;
pub mod pack_page;
pub mod playground;
