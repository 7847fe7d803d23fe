//! The interpreter's Web Worker: the page asks, the worker runs and checks state machines off the
//! page's thread, so the page never freezes and a runaway machine can be stopped.
//!
//! Two wasm files come from this crate: the page (`src/main.rs`), which talks to the worker
//! through [`client`] and never calls the interpreter itself, so the first render does not wait
//! for the interpreter's and JSONata's code; and the worker (`src/worker_main.rs`), which
//! answers through [`engine`].

pub mod client;
pub mod engine;
pub mod protocol;
pub mod serve;
