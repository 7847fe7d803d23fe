//! State machine diagrams: an ASL definition (JSONPath or JSONata) laid out as Workflow Studio
//! draws it, as positioned boxes and edges that any renderer can draw.
//!
//! ```
//! let definition = serde_json::json!({
//!     "StartAt": "Hello",
//!     "States": {"Hello": {"Type": "Pass", "Next": "Done"}, "Done": {"Type": "Succeed"}}
//! });
//! let layout = graph::layout(&definition);
//! let hello = layout.state("Hello").expect("a box for Hello");
//! let done = layout.state("Done").expect("a box for Done");
//! assert!(hello.y + hello.height < done.y, "Hello is drawn above Done");
//! assert_eq!(layout.edges.len(), 3, "Start -> Hello -> Done -> End");
//! ```
//!
//! The layout is layered (Sugiyama): loops are found by a depth-first walk from `StartAt` and
//! drawn going back up, states sit in layers by the longest path from the start, barycenter
//! sweeps reduce crossings, and each state lies as close to its neighbours as its layer allows.
//! A Parallel's branches and a Map's item processor are laid out first and drawn inside their
//! state's box. A definition that is incomplete or invalid still lays out what it can: a
//! transition to a state that does not exist ends at a box of kind [`NodeKind::Missing`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod diagram;
mod layered;
mod machine;
pub mod metrics;
mod model;
mod rule_text;
pub mod text;
pub mod viewport;

pub use diagram::{END_ID, START_ID};
pub use model::{Edge, EdgeKind, Label, Layout, Node, NodeKind, Point, Rect};

/// Lays out a definition given as JSON. Anything that is not a definition lays out as Start
/// and End alone.
pub fn layout(definition: &serde_json::Value) -> Layout {
    diagram::lay_out(&machine::Machine::read(definition), "", diagram::Scope::Top)
}

/// Lays out a definition given as text, or says why it is not JSON.
pub fn layout_text(text: &str) -> Result<Layout, serde_json::Error> {
    serde_json::from_str(text).map(|value| layout(&value))
}
