//! A layered (Sugiyama) drawing of boxes and edges: loops turned around, layers by the longest
//! path, crossings reduced by barycenter sweeps, positions, then each edge's polyline.

mod cycles;
mod layers;
mod ordering;
mod position;
mod routes;

use crate::metrics::{
    DUMMY_GAP, LABELLED_LAYER_GAP, LABEL_GAP, LAYER_GAP, NODE_GAP, SELF_LOOP_REACH, SELF_LOOP_STEP,
};
use crate::model::{Point, Rect};
use layers::Proper;
use position::Footprint;

/// A box to place.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Vertex {
    /// Its width.
    pub width: f64,
    /// Its height.
    pub height: f64,
    /// A circle: edges meet it at the centre of its top and bottom.
    pub round: bool,
}

/// An edge to route.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GraphEdge {
    /// The vertex it leaves.
    pub from: usize,
    /// The vertex it enters.
    pub to: usize,
    /// The width of its label, if it has one.
    pub label: Option<f64>,
}

/// What to draw.
#[derive(Debug, Default)]
pub(crate) struct Graph {
    /// The boxes.
    pub vertices: Vec<Vertex>,
    /// The edges.
    pub edges: Vec<GraphEdge>,
    /// Where the walk that finds loops starts, in order: the graph's start.
    pub roots: Vec<usize>,
    /// A vertex alone on the top layer (Start).
    pub first: Option<usize>,
    /// A vertex alone on the bottom layer (End).
    pub last: Option<usize>,
}

/// An edge's route.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Route {
    /// From the source's border to the target's.
    pub points: Vec<Point>,
    /// It goes back up (or to its own source).
    pub is_back: bool,
    /// Where its label goes.
    pub label: Option<Rect>,
}

/// The graph drawn, with (0, 0) at the top-left corner of everything.
#[derive(Debug)]
pub(crate) struct Drawing {
    /// Each vertex's box.
    pub boxes: Vec<Rect>,
    /// Each edge's route.
    pub routes: Vec<Route>,
    /// The width of everything.
    pub width: f64,
    /// The height of everything.
    pub height: f64,
}

/// Lays the graph out.
pub(crate) fn draw(graph: &Graph) -> Drawing {
    let count = graph.vertices.len();
    let pairs: Vec<(usize, usize)> = graph.edges.iter().map(|e| (e.from, e.to)).collect();
    let (back, found) = cycles::back_edges(count, &pairs, &graph.roots);
    // Loops are laid out turned around, so that every edge points down; self-loops apart.
    let oriented: Vec<Option<(usize, usize)>> = graph
        .edges
        .iter()
        .zip(&back)
        .map(|(e, &back)| match (e.from == e.to, back) {
            (true, _) => None,
            (false, true) => Some((e.to, e.from)),
            (false, false) => Some((e.from, e.to)),
        })
        .collect();
    let downwards: Vec<(usize, usize)> = oriented.iter().flatten().copied().collect();
    let min_layer: Vec<usize> = (0..count)
        .map(|v| usize::from(graph.first.is_some_and(|first| first != v)))
        .collect();
    let layer = layers::assign(count, &downwards, &min_layer, graph.last);
    let proper = Proper::split(&layer, &oriented);
    let order = ordering::order(&proper, &found);

    let mut footprint: Vec<Footprint> = proper
        .layer
        .iter()
        .enumerate()
        .map(|(v, _)| match graph.vertices.get(v) {
            Some(vertex) => Footprint {
                width: vertex.width,
                right: 0.0,
                dummy: false,
            },
            None => Footprint {
                width: 0.0,
                right: 0.0,
                dummy: true,
            },
        })
        .collect();
    // Loops from a state to itself nest on its right, their labels stacked beside them.
    let loops = routes::self_loops(graph);
    for edge in graph.edges.iter().filter(|e| e.from == e.to) {
        let label = edge.label.map_or(0.0, |width| width + LABEL_GAP);
        let count = loops[edge.from] as f64;
        let right = &mut footprint[edge.from].right;
        *right = right.max(SELF_LOOP_REACH + SELF_LOOP_STEP * (count - 1.0) + label);
    }
    // A label goes near the end of its edge's first stretch: the vertex there keeps room for it,
    // so that the labels of a Choice's rules sit side by side.
    for ((edge, chain), &back) in graph.edges.iter().zip(&proper.chains).zip(&back) {
        let near = if back { chain.len().checked_sub(2) } else { Some(1) };
        if let (Some(width), Some(&v)) = (edge.label, near.and_then(|i| chain.get(i))) {
            footprint[v].width = footprint[v].width.max(width);
        }
    }
    let x = position::centres(&order, &footprint, &proper.up, &proper.down, NODE_GAP, DUMMY_GAP);

    // Layers' heights, and a taller gap below a layer whose edges carry labels.
    let depth = order.len();
    let mut height = vec![0.0f64; depth];
    for (v, vertex) in graph.vertices.iter().enumerate() {
        height[layer[v]] = height[layer[v]].max(vertex.height);
    }
    let mut labelled = vec![false; depth];
    for ((edge, &back), oriented) in graph.edges.iter().zip(&back).zip(&oriented) {
        if let (Some(_), Some(_)) = (edge.label, oriented) {
            let gap = if back {
                layer[edge.from].checked_sub(1)
            } else {
                Some(layer[edge.from])
            };
            if let Some(flag) = gap.and_then(|gap| labelled.get_mut(gap)) {
                *flag = true;
            }
        }
    }
    let mut centre = Vec::with_capacity(depth);
    let mut top = 0.0;
    for l in 0..depth {
        centre.push(top + height[l] / 2.0);
        let gap = if labelled[l] {
            LABELLED_LAYER_GAP
        } else {
            LAYER_GAP
        };
        top += height[l] + gap;
    }

    let geometry = routes::Geometry {
        vertices: &graph.vertices,
        x: &x,
        layer: &proper.layer,
        centre: &centre,
        height: &height,
    };
    let routes = routes::route(&geometry, graph, &proper, &back);
    let boxes: Vec<Rect> = graph
        .vertices
        .iter()
        .enumerate()
        .map(|(v, vertex)| Rect {
            x: x[v] - vertex.width / 2.0,
            y: centre[layer[v]] - vertex.height / 2.0,
            width: vertex.width,
            height: vertex.height,
        })
        .collect();
    normalise(boxes, routes)
}

/// Moves everything so that the top-left corner of all of it is (0, 0).
fn normalise(mut boxes: Vec<Rect>, mut routes: Vec<Route>) -> Drawing {
    let (mut left, mut top, mut right, mut bottom) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut include = |r: &Rect| {
        left = left.min(r.x);
        top = top.min(r.y);
        right = right.max(r.x + r.width);
        bottom = bottom.max(r.y + r.height);
    };
    boxes.iter().for_each(&mut include);
    for route in &routes {
        for p in &route.points {
            include(&Rect {
                x: p.x,
                y: p.y,
                width: 0.0,
                height: 0.0,
            });
        }
        if let Some(label) = &route.label {
            include(label);
        }
    }
    if left > right {
        return Drawing {
            boxes,
            routes,
            width: 0.0,
            height: 0.0,
        };
    }
    for b in &mut boxes {
        b.x -= left;
        b.y -= top;
    }
    for route in &mut routes {
        for p in &mut route.points {
            p.x -= left;
            p.y -= top;
        }
        if let Some(label) = &mut route.label {
            label.x -= left;
            label.y -= top;
        }
    }
    Drawing {
        boxes,
        routes,
        width: right - left,
        height: bottom - top,
    }
}
