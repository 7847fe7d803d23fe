//! The sizes the layout uses, shared with whoever draws it so that texts fit their boxes.

/// A state's name: font size in pixels (bold).
pub const NAME_FONT: f64 = 13.0;
/// A state's type, under its name: font size in pixels.
pub const TYPE_FONT: f64 = 11.0;
/// An edge's label: font size in pixels.
pub const LABEL_FONT: f64 = 11.0;

/// A state box's height.
pub const BOX_HEIGHT: f64 = 48.0;
/// Space left and right of a box's text.
pub const BOX_PADDING_X: f64 = 16.0;
/// The narrowest state box.
pub const BOX_MIN_WIDTH: f64 = 124.0;
/// The widest state box (longer names are shortened when drawn).
pub const BOX_MAX_WIDTH: f64 = 280.0;
/// The Start and End circles' diameter.
pub const TERMINAL_DIAMETER: f64 = 42.0;

/// A Parallel's or Map's header (its name and type) above the graphs drawn inside it.
pub const HEADER_HEIGHT: f64 = 48.0;
/// Space between a Parallel's or Map's border and the graphs inside it.
pub const COMPOUND_PADDING: f64 = 14.0;
/// Space between two branches of a Parallel.
pub const BRANCH_GAP: f64 = 16.0;
/// Space between a nested graph's frame and its boxes.
pub const FRAME_MARGIN: f64 = 16.0;

/// Horizontal space between two boxes of a layer.
pub const NODE_GAP: f64 = 40.0;
/// Horizontal space next to an edge passing through a layer.
pub const DUMMY_GAP: f64 = 18.0;
/// Vertical space between two layers.
pub const LAYER_GAP: f64 = 44.0;
/// Vertical space between two layers when labelled edges cross it.
pub const LABELLED_LAYER_GAP: f64 = 92.0;

/// An edge label's height.
pub const LABEL_HEIGHT: f64 = 20.0;
/// Space left and right of a label's text.
pub const LABEL_PADDING_X: f64 = 7.0;
/// The widest label (longer texts are shortened).
pub const LABEL_MAX_WIDTH: f64 = 230.0;
/// Horizontal space between labels in the same gap.
pub const LABEL_GAP: f64 = 8.0;

/// Horizontal space between the ends of edges leaving or entering the same side of a box.
pub const PORT_SPACING: f64 = 16.0;
/// How far a state's edge to itself reaches out to the right.
pub const SELF_LOOP_REACH: f64 = 28.0;
/// How much further each further loop of a state to itself reaches.
pub const SELF_LOOP_STEP: f64 = 12.0;
