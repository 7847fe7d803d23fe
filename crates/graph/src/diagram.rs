//! A machine's boxes and edges, laid out; Parallel branches and Map item processors first, inside
//! their state's box, which is then sized to hold them.

use crate::layered::{self, Graph, GraphEdge, Vertex};
use crate::machine::{Machine, StateSpec};
use crate::metrics::{
    BOX_HEIGHT, BOX_MAX_WIDTH, BOX_MIN_WIDTH, BOX_PADDING_X, BRANCH_GAP, COMPOUND_PADDING, FRAME_MARGIN,
    HEADER_HEIGHT, LABEL_FONT, LABEL_MAX_WIDTH, LABEL_PADDING_X, NAME_FONT, TERMINAL_DIAMETER, TYPE_FONT,
};
use crate::model::{Edge, EdgeKind, Label, Layout, Node, NodeKind, Rect};
use crate::text::{ellipsize, text_width, Font};
use std::collections::HashMap;

/// The Start node's id.
pub const START_ID: &str = "(start)";
/// The End node's id.
pub const END_ID: &str = "(end)";

/// Whether a graph is the whole machine (with Start and End) or drawn inside a state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scope {
    /// The whole machine.
    Top,
    /// A Parallel branch or a Map's item processor.
    Nested,
}

/// The boxes and edges of one graph as they are found, before they are placed.
struct Builder<'a> {
    /// Prepended to the ids of the graph's nodes.
    prefix: &'a str,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    graph: Graph,
    /// Each state's box, by name.
    index: HashMap<&'a str, usize>,
    /// The boxes of names that are no state.
    missing: HashMap<String, usize>,
}

impl<'a> Builder<'a> {
    /// Adds a box; circles are met by edges at their centre.
    fn add(&mut self, node: Node, round: bool) -> usize {
        self.graph.vertices.push(Vertex {
            width: node.width,
            height: node.height,
            round,
        });
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// The box of the state `name`, or of a missing state by that name (made once).
    fn target(&mut self, name: &str) -> usize {
        if let Some(&v) = self.index.get(name).or_else(|| self.missing.get(name)) {
            return v;
        }
        let node = plain_box(format!("{}{name}", self.prefix), name, "", NodeKind::Missing);
        let v = self.add(node, false);
        self.missing.insert(name.to_string(), v);
        v
    }

    /// Adds an edge, with its label's text and width.
    fn connect(&mut self, from: usize, to: usize, kind: EdgeKind) {
        let text = label_text(&kind);
        let width = text
            .as_ref()
            .map(|t| text_width(t, LABEL_FONT, Font::Mono) + 2.0 * LABEL_PADDING_X);
        self.graph.edges.push(GraphEdge {
            from,
            to,
            label: width,
        });
        let label = text.map(|text| Label {
            text,
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0,
        });
        self.edges.push(Edge {
            from: self.nodes[from].id.clone(),
            to: self.nodes[to].id.clone(),
            kind,
            label,
            is_back_edge: false,
            points: Vec::new(),
        });
    }
}

/// Lays out `machine`; ids of nested states start with `prefix`.
pub(crate) fn lay_out(machine: &Machine, prefix: &str, scope: Scope) -> Layout {
    let mut b = Builder {
        prefix,
        nodes: Vec::new(),
        edges: Vec::new(),
        graph: Graph::default(),
        index: HashMap::new(),
        missing: HashMap::new(),
    };
    let top = scope == Scope::Top;
    let start = top.then(|| b.add(terminal(START_ID, "Start", NodeKind::Start), true));
    let mut boxes = Vec::with_capacity(machine.states.len());
    for state in &machine.states {
        let v = b.add(state_node(state, &format!("{prefix}{}", state.name)), false);
        // A name given twice (possible only in nested graphs) leads to its first box.
        b.index.entry(state.name.as_str()).or_insert(v);
        boxes.push(v);
    }
    let first = machine.start_at.as_deref().map(|name| b.target(name));
    if let (Some(start), Some(first)) = (start, first) {
        b.connect(start, first, EdgeKind::Next);
    }
    let mut terminals = Vec::new();
    for (state, &from) in machine.states.iter().zip(&boxes) {
        for transition in &state.transitions {
            let to = b.target(&transition.target);
            b.connect(from, to, transition.kind.clone());
        }
        if state.terminal {
            terminals.push(from);
        }
    }
    let end = top.then(|| b.add(terminal(END_ID, "End", NodeKind::End), true));
    if let Some(end) = end {
        for from in terminals {
            b.connect(from, end, EdgeKind::Next);
        }
    }
    let Builder {
        mut nodes,
        mut edges,
        mut graph,
        ..
    } = b;

    graph.roots = start.into_iter().chain(first).collect();
    graph.first = start;
    graph.last = end;
    let drawing = layered::draw(&graph);
    for (node, placed) in nodes.iter_mut().zip(&drawing.boxes) {
        node.x = placed.x;
        node.y = placed.y;
        place_children(node);
    }
    for (edge, route) in edges.iter_mut().zip(drawing.routes) {
        edge.is_back_edge = route.is_back;
        edge.points = route.points;
        if let (Some(label), Some(rect)) = (&mut edge.label, route.label) {
            label.x = rect.x;
            label.y = rect.y;
            label.width = rect.width;
            label.height = rect.height;
        }
    }
    let mut layout = Layout {
        bounds: Rect {
            x: 0.0,
            y: 0.0,
            width: drawing.width,
            height: drawing.height,
        },
        nodes,
        edges,
    };
    // A nested graph keeps a margin inside the frame drawn around it.
    if scope == Scope::Nested {
        layout.translate(FRAME_MARGIN, FRAME_MARGIN);
        layout.bounds = Rect {
            x: 0.0,
            y: 0.0,
            width: drawing.width + 2.0 * FRAME_MARGIN,
            height: drawing.height + 2.0 * FRAME_MARGIN,
        };
    }
    layout
}

/// A state's box, holding its nested graphs laid out (at the origin until the box is placed).
fn state_node(state: &StateSpec, id: &str) -> Node {
    let mut node = plain_box(id.to_string(), &state.name, &state.state_type, NodeKind::State);
    if let Some(nested) = &state.nested {
        let children: Vec<Layout> = nested
            .iter()
            .enumerate()
            .map(|(i, machine)| lay_out(machine, &format!("{id}/{i}/"), Scope::Nested))
            .collect();
        if !children.is_empty() {
            let content_width = children.iter().map(|c| c.bounds.width).sum::<f64>()
                + BRANCH_GAP * (children.len() - 1) as f64;
            let content_height = children.iter().map(|c| c.bounds.height).fold(0.0, f64::max);
            node.width = node.width.max(content_width + 2.0 * COMPOUND_PADDING);
            node.height = HEADER_HEIGHT + content_height + COMPOUND_PADDING;
        }
        node.children = Some(children);
    }
    node
}

/// Moves a placed box's nested graphs into it: side by side under its header, centred.
fn place_children(node: &mut Node) {
    let Some(children) = &mut node.children else {
        return;
    };
    let content_width = children.iter().map(|c| c.bounds.width).sum::<f64>()
        + BRANCH_GAP * children.len().saturating_sub(1) as f64;
    let mut x = node.x + (node.width - content_width) / 2.0;
    let y = node.y + HEADER_HEIGHT;
    for child in children.iter_mut() {
        let (dx, dy) = (x - child.bounds.x, y - child.bounds.y);
        child.translate(dx, dy);
        x += child.bounds.width + BRANCH_GAP;
    }
}

/// A box sized to its name and type.
fn plain_box(id: String, name: &str, state_type: &str, kind: NodeKind) -> Node {
    let text = text_width(name, NAME_FONT, Font::SansBold).max(text_width(state_type, TYPE_FONT, Font::Sans));
    Node {
        id,
        name: name.to_string(),
        kind,
        state_type: state_type.to_string(),
        x: 0.0,
        y: 0.0,
        width: (text + 2.0 * BOX_PADDING_X)
            .ceil()
            .clamp(BOX_MIN_WIDTH, BOX_MAX_WIDTH),
        height: BOX_HEIGHT,
        children: None,
    }
}

/// The Start or End circle.
fn terminal(id: &str, name: &str, kind: NodeKind) -> Node {
    Node {
        id: id.to_string(),
        name: name.to_string(),
        kind,
        state_type: String::new(),
        x: 0.0,
        y: 0.0,
        width: TERMINAL_DIAMETER,
        height: TERMINAL_DIAMETER,
        children: None,
    }
}

/// What an edge's label says, shortened to fit.
fn label_text(kind: &EdgeKind) -> Option<String> {
    let room = LABEL_MAX_WIDTH - 2.0 * LABEL_PADDING_X;
    match kind {
        EdgeKind::Next => None,
        EdgeKind::Default => Some("Default".to_string()),
        EdgeKind::ChoiceRule { rule, .. } => Some(ellipsize(rule, room, LABEL_FONT, Font::Mono)),
        EdgeKind::Catch { errors, .. } if errors.is_empty() => Some("Catch".to_string()),
        EdgeKind::Catch { errors, .. } => Some(ellipsize(&errors.join(", "), room, LABEL_FONT, Font::Mono)),
    }
}
