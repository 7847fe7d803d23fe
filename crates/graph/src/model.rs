//! What a layout is made of: positioned boxes, edges with their polylines, and labels.

use serde::Serialize;

/// A point in the diagram's coordinates (y grows downwards, as in SVG).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Rect {
    /// Whether `inner` lies within this rectangle.
    pub fn contains(&self, inner: &Rect) -> bool {
        inner.x >= self.x
            && inner.y >= self.y
            && inner.x + inner.width <= self.x + self.width
            && inner.y + inner.height <= self.y + self.height
    }

    /// Whether the two rectangles share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }
}

/// One graph laid out: the whole machine, a Parallel branch or a Map's item processor.
///
/// Every coordinate, nested layouts' included, is in the same frame: the top-level layout's,
/// whose top-left corner is (0, 0).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// The area the graph takes, its margin included: a nested layout is drawn as a frame here.
    pub bounds: Rect,
    /// Its boxes: states, Start and End, and the targets that name no state.
    pub nodes: Vec<Node>,
    /// Its transitions.
    pub edges: Vec<Edge>,
}

impl Layout {
    /// The node with this id, in this layout or any nested one.
    pub fn find(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find_map(|node| {
            if node.id == id {
                return Some(node);
            }
            node.children.iter().flatten().find_map(|child| child.find(id))
        })
    }

    /// The node drawn for the state with this name, at any depth.
    pub fn state(&self, name: &str) -> Option<&Node> {
        self.nodes.iter().find_map(|node| {
            if node.kind == NodeKind::State && node.name == name {
                return Some(node);
            }
            node.children.iter().flatten().find_map(|child| child.state(name))
        })
    }

    /// Moves everything by (dx, dy).
    pub(crate) fn translate(&mut self, dx: f64, dy: f64) {
        self.bounds.x += dx;
        self.bounds.y += dy;
        for node in &mut self.nodes {
            node.x += dx;
            node.y += dy;
            for child in node.children.iter_mut().flatten() {
                child.translate(dx, dy);
            }
        }
        for edge in &mut self.edges {
            for point in &mut edge.points {
                point.x += dx;
                point.y += dy;
            }
            if let Some(label) = &mut edge.label {
                label.x += dx;
                label.y += dy;
            }
        }
    }
}

/// What a box stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// Where the execution starts (top level only).
    Start,
    /// Where it ends (top level only): every terminal state leads here.
    End,
    /// A state of the definition.
    State,
    /// A name a transition points to that is no state (the definition is invalid there).
    Missing,
}

/// A positioned box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Unique in the whole layout: the state's name at the top level, and
    /// `Parent/branch index/Name` below a Parallel or Map (`Map/0/Name` for an item processor).
    pub id: String,
    /// The state's name (what the box shows).
    pub name: String,
    /// What the box stands for.
    pub kind: NodeKind,
    /// The state's `Type` as written ("Task", "Choice"...; "" for Start, End and missing targets).
    pub state_type: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Graphs drawn inside this box: a Parallel's branches, or a Map's item processor.
    pub children: Option<Vec<Layout>>,
}

impl Node {
    /// The box's rectangle.
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.y,
            width: self.width,
            height: self.height,
        }
    }
}

/// Why one state leads to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EdgeKind {
    /// `Next`, `StartAt` (from Start) or the end of a terminal state (to End).
    Next,
    /// A Choice rule, numbered from 0, with the whole rule as text.
    ChoiceRule {
        /// Its index in `Choices`.
        index: usize,
        /// The whole rule, e.g. `$.IsBackupSuccessful == true`; the label holds it shortened.
        rule: String,
    },
    /// A Choice state's `Default`.
    Default,
    /// A Catch rule.
    Catch {
        /// Its index in `Catch`.
        index: usize,
        /// Its `ErrorEquals`.
        errors: Vec<String>,
    },
}

/// A transition, drawn as a polyline from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// The id of the node it leaves.
    pub from: String,
    /// The id of the node it enters.
    pub to: String,
    /// Why.
    pub kind: EdgeKind,
    /// Its text (a Choice rule shortened, "Default", the caught errors), placed.
    pub label: Option<Label>,
    /// It goes back to a state drawn above (a loop): drawn upwards.
    pub is_back_edge: bool,
    /// From the source's border to the target's, the points it passes.
    ///
    /// Between two consecutive points that differ in x and y, it is meant to be drawn as a
    /// curve leaving and entering vertically (a cubic Bézier whose control points sit halfway
    /// in y); the label's centre is such a curve's midpoint.
    pub points: Vec<Point>,
}

/// An edge's text and the box it takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    /// The text shown.
    pub text: String,
    /// Left edge of the label's box.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}
