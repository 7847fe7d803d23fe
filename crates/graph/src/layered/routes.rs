//! Each edge's polyline: where it leaves and enters its boxes, the layers it passes, its label.

use super::layers::Proper;
use super::{Graph, Route, Vertex};
use crate::metrics::{LABEL_GAP, LABEL_HEIGHT, PORT_SPACING, SELF_LOOP_REACH, SELF_LOOP_STEP};
use crate::model::{Point, Rect};

/// Where everything was placed.
pub(super) struct Geometry<'a> {
    /// The real vertices.
    pub vertices: &'a [Vertex],
    /// Every vertex's centre x, dummies included.
    pub x: &'a [f64],
    /// Every vertex's layer.
    pub layer: &'a [usize],
    /// Each layer's centre y.
    pub centre: &'a [f64],
    /// Each layer's height.
    pub height: &'a [f64],
}

impl Geometry<'_> {
    /// The top and bottom y of a vertex (of its layer, for a dummy).
    fn span(&self, v: usize) -> (f64, f64) {
        let l = self.layer[v];
        let centre = self.centre.get(l).copied().unwrap_or(0.0);
        let height = match self.vertices.get(v) {
            Some(vertex) => vertex.height,
            None => self.height.get(l).copied().unwrap_or(0.0),
        };
        (centre - height / 2.0, centre + height / 2.0)
    }

    /// How far apart the ends of edges on one side of `v` are.
    fn spacing(&self, v: usize, ends: usize) -> f64 {
        match self.vertices.get(v) {
            Some(vertex) if !vertex.round && ends > 1 => {
                PORT_SPACING.min((vertex.width - 24.0).max(0.0) / (ends - 1) as f64)
            }
            _ => 0.0,
        }
    }
}

/// Every edge's route, in the order of `graph.edges`.
pub(super) fn route(geometry: &Geometry<'_>, graph: &Graph, proper: &Proper, back: &[bool]) -> Vec<Route> {
    let offsets = port_offsets(geometry, proper);
    let loops = self_loops(graph);
    let mut ranks = vec![0; loops.len()];
    let mut routes: Vec<Route> = graph
        .edges
        .iter()
        .enumerate()
        .map(|(i, edge)| {
            let chain = &proper.chains[i];
            if chain.len() < 2 {
                let rank = ranks.get_mut(edge.from).map_or(0, |next| {
                    *next += 1;
                    *next - 1
                });
                let count = loops.get(edge.from).copied().unwrap_or(1);
                return self_loop(geometry, edge.from, edge.label, rank, count);
            }
            let mut points = Vec::with_capacity(2 * chain.len());
            for (k, &v) in chain.iter().enumerate() {
                let (top, bottom) = geometry.span(v);
                let x = geometry.x[v];
                if k == 0 {
                    points.push(Point {
                        x: x + offsets[i].0,
                        y: bottom,
                    });
                } else if k == chain.len() - 1 {
                    points.push(Point {
                        x: x + offsets[i].1,
                        y: top,
                    });
                } else {
                    points.push(Point { x, y: top });
                    if bottom > top {
                        points.push(Point { x, y: bottom });
                    }
                }
            }
            if back[i] {
                points.reverse();
            }
            let label = edge.label.map(|width| Rect {
                x: 0.0,
                y: 0.0,
                width,
                height: LABEL_HEIGHT,
            });
            Route {
                points,
                is_back: back[i],
                label,
            }
        })
        .collect();
    let bands: Vec<Option<(f64, f64)>> = graph
        .edges
        .iter()
        .zip(back)
        .map(|(edge, &back)| {
            // The gap the label's stretch crosses: below the source, or above it going back.
            let l = geometry.layer[edge.from].checked_sub(usize::from(back))?;
            let bottom = |l: usize| Some(geometry.centre.get(l)? + geometry.height.get(l)? / 2.0);
            let top = |l: usize| Some(geometry.centre.get(l)? - geometry.height.get(l)? / 2.0);
            Some((bottom(l)?, top(l + 1)?))
        })
        .collect();
    place_labels(&mut routes, graph, &bands);
    routes
}

/// For each edge, how far right of its source's and its target's centres it leaves and enters:
/// edges on one side of a box are spread in the order of where they go, so that they neither
/// cross nor merge. (Edges pass through dummies at their centres.)
fn port_offsets(geometry: &Geometry<'_>, proper: &Proper) -> Vec<(f64, f64)> {
    let real = geometry.vertices.len();
    // Per real vertex: the edges at its bottom and at its top, with the other end's x.
    let mut bottom: Vec<Vec<(f64, usize)>> = vec![Vec::new(); real];
    let mut top: Vec<Vec<(f64, usize)>> = vec![Vec::new(); real];
    for (i, chain) in proper.chains.iter().enumerate() {
        if let [first, second, ..] = chain.as_slice() {
            if let Some(ends) = bottom.get_mut(*first) {
                ends.push((geometry.x[*second], i));
            }
        }
        if let [.., before, last] = chain.as_slice() {
            if let Some(ends) = top.get_mut(*last) {
                ends.push((geometry.x[*before], i));
            }
        }
    }
    let mut offsets = vec![(0.0, 0.0); proper.chains.len()];
    for (v, (mut below, mut above)) in bottom.into_iter().zip(top).enumerate() {
        for (ends, is_bottom) in [(&mut below, true), (&mut above, false)] {
            ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let spacing = geometry.spacing(v, ends.len());
            let middle = (ends.len() as f64 - 1.0) / 2.0;
            for (rank, &(_, edge)) in ends.iter().enumerate() {
                let offset = (rank as f64 - middle) * spacing;
                if is_bottom {
                    offsets[edge].0 = offset;
                } else {
                    offsets[edge].1 = offset;
                }
            }
        }
    }
    offsets
}

/// How many edges go from each vertex to itself.
pub(super) fn self_loops(graph: &Graph) -> Vec<usize> {
    let mut count = vec![0; graph.vertices.len()];
    for edge in graph.edges.iter().filter(|e| e.from == e.to) {
        if let Some(n) = count.get_mut(edge.from) {
            *n += 1;
        }
    }
    count
}

/// The `rank`-th of `count` edges from a state to itself: out of its right side and back in,
/// each further one around the one before, with the labels stacked right of the outermost.
fn self_loop(geometry: &Geometry<'_>, v: usize, label: Option<f64>, rank: usize, count: usize) -> Route {
    let (top, bottom) = geometry.span(v);
    let width = geometry.vertices.get(v).map_or(0.0, |vertex| vertex.width);
    let right = geometry.x[v] + width / 2.0;
    let middle = (top + bottom) / 2.0;
    let reach = right + SELF_LOOP_REACH + SELF_LOOP_STEP * rank as f64;
    let rise = (9.0 + 5.0 * rank as f64).min(((bottom - top) / 2.0 - 2.0).max(1.0));
    let points = vec![
        Point {
            x: right,
            y: middle - rise,
        },
        Point {
            x: reach,
            y: middle - rise,
        },
        Point {
            x: reach,
            y: middle + rise,
        },
        Point {
            x: right,
            y: middle + rise,
        },
    ];
    let outermost = right + SELF_LOOP_REACH + SELF_LOOP_STEP * count.saturating_sub(1) as f64;
    let row = LABEL_HEIGHT + 4.0;
    let label = label.map(|width| Rect {
        x: outermost + LABEL_GAP / 2.0,
        y: middle - row * count as f64 / 2.0 + row * rank as f64 + 2.0,
        width,
        height: LABEL_HEIGHT,
    });
    Route {
        points,
        is_back: true,
        label,
    }
}

/// Room kept between a label and the box below it: the arrowhead, and a mark's badge.
const LABEL_CLEARANCE: f64 = 14.0;

/// Where along an edge's first stretch its label may go, in order of preference.
const LABEL_SPOTS: [f64; 3] = [0.8, 0.5, 0.2];

/// The point at `t` of the curve drawn from `a` to `b`: a cubic Bézier leaving and entering
/// vertically, its control points halfway in y.
pub(crate) fn along(a: Point, b: Point, t: f64) -> Point {
    // With those control points x and y both follow the smoothstep 3t² - 2t³.
    let s = t * t * (3.0 - 2.0 * t);
    Point {
        x: a.x + (b.x - a.x) * s,
        y: a.y + (b.y - a.y) * s,
    }
}

/// Puts each label on its edge's first stretch, where it overlaps no label placed before it:
/// near its end (where the edges of a Choice have parted), else halfway, else near its start,
/// else near its end and pushed aside.
fn place_labels(routes: &mut [Route], graph: &Graph, bands: &[Option<(f64, f64)>]) {
    let mut placed: Vec<Rect> = Vec::new();
    for (i, route) in routes.iter_mut().enumerate() {
        let Some(label) = route.label else { continue };
        if graph.edges.get(i).is_some_and(|e| e.from == e.to) || route.points.len() < 2 {
            placed.push(label);
            continue;
        }
        let (a, b) = (route.points[0], route.points[1]);
        // Within the gap between the layers, clear of the boxes on either side.
        let (low, high) = match bands.get(i).copied().flatten() {
            Some((top, bottom)) => (
                top + 4.0,
                (bottom - LABEL_CLEARANCE - label.height).max(top + 4.0),
            ),
            None => (f64::MIN, f64::MAX),
        };
        let at = |t: f64| {
            let p = along(a, b, t);
            Rect {
                x: p.x - label.width / 2.0,
                y: (p.y - label.height / 2.0).clamp(low, high),
                ..label
            }
        };
        let free = LABEL_SPOTS
            .iter()
            .map(|&t| at(t))
            .find(|r| !placed.iter().any(|p| p.overlaps(r)));
        let chosen = free.unwrap_or_else(|| {
            let mut r = at(LABEL_SPOTS[0]);
            // Past every label it would overlap, rightwards; the list is short.
            while let Some(p) = placed.iter().find(|p| p.overlaps(&r)) {
                r.x = p.x + p.width + LABEL_GAP;
            }
            r
        });
        route.label = Some(chosen);
        placed.push(chosen);
    }
}
