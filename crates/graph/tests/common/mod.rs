//! Helpers for the layout tests: reading definitions and checking a layout's geometry.

#![allow(dead_code)]

use graph::{Edge, EdgeKind, Layout, Node, Point, Rect};
use serde_json::Value;
use std::path::PathBuf;

/// A file of the repository, as JSON.
pub fn repo_json(path: &str) -> Value {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The node drawn for the state `name`.
pub fn state<'a>(layout: &'a Layout, name: &str) -> &'a Node {
    layout.state(name).unwrap_or_else(|| panic!("no box for {name}"))
}

/// The edges from `from` to `to` (ids), at any depth.
pub fn edges<'a>(layout: &'a Layout, from: &str, to: &str) -> Vec<&'a Edge> {
    all_edges(layout)
        .into_iter()
        .filter(|e| e.from == from && e.to == to)
        .collect()
}

/// Every edge, nested ones included.
pub fn all_edges(layout: &Layout) -> Vec<&Edge> {
    let mut found: Vec<&Edge> = layout.edges.iter().collect();
    for node in &layout.nodes {
        for child in node.children.iter().flatten() {
            found.extend(all_edges(child));
        }
    }
    found
}

/// The label text of a Choice rule or Default edge.
pub fn label(edge: &Edge) -> &str {
    edge.label.as_ref().map(|l| l.text.as_str()).unwrap_or("")
}

/// Whether the point lies on the rectangle's border (within half a unit).
pub fn on_border(p: Point, r: &Rect) -> bool {
    let near = |a: f64, b: f64| (a - b).abs() <= 0.5;
    let inside_x = p.x >= r.x - 0.5 && p.x <= r.x + r.width + 0.5;
    let inside_y = p.y >= r.y - 0.5 && p.y <= r.y + r.height + 0.5;
    (inside_x && (near(p.y, r.y) || near(p.y, r.y + r.height)))
        || (inside_y && (near(p.x, r.x) || near(p.x, r.x + r.width)))
}

/// Checks, at every depth: no two boxes overlap, no label overlaps a box or another label,
/// every box and label lies within the layout's bounds, nested layouts lie within their
/// state's box, and every edge starts on its source's border and ends on its target's.
pub fn assert_well_formed(layout: &Layout) {
    let b = layout.bounds;
    let grown = Rect {
        x: b.x - 0.5,
        y: b.y - 0.5,
        width: b.width + 1.0,
        height: b.height + 1.0,
    };
    for (i, a) in layout.nodes.iter().enumerate() {
        assert!(
            grown.contains(&a.rect()),
            "{} lies outside its layout {:?}",
            a.id,
            b
        );
        for other in &layout.nodes[i + 1..] {
            assert!(
                !a.rect().overlaps(&other.rect()),
                "{} overlaps {}",
                a.id,
                other.id
            );
        }
        for child in a.children.iter().flatten() {
            assert!(
                a.rect().contains(&child.bounds),
                "a graph inside {} lies outside it",
                a.id
            );
            for inner in &child.nodes {
                assert!(
                    a.rect().contains(&inner.rect()),
                    "{} lies outside {}",
                    inner.id,
                    a.id
                );
            }
            assert_well_formed(child);
        }
        if let Some(children) = &a.children {
            for (j, x) in children.iter().enumerate() {
                for y in &children[j + 1..] {
                    assert!(
                        !x.bounds.overlaps(&y.bounds),
                        "two graphs inside {} overlap",
                        a.id
                    );
                }
            }
        }
    }
    let labels: Vec<(&Edge, Rect)> = layout
        .edges
        .iter()
        .filter_map(|e| {
            e.label.as_ref().map(|l| {
                (
                    e,
                    Rect {
                        x: l.x,
                        y: l.y,
                        width: l.width,
                        height: l.height,
                    },
                )
            })
        })
        .collect();
    for (i, (edge, rect)) in labels.iter().enumerate() {
        assert!(
            grown.contains(rect),
            "the label of {} -> {} lies outside",
            edge.from,
            edge.to
        );
        for node in &layout.nodes {
            assert!(
                !rect.overlaps(&node.rect()),
                "the label of {} -> {} overlaps {}",
                edge.from,
                edge.to,
                node.id
            );
        }
        for (other, r) in &labels[i + 1..] {
            assert!(
                !rect.overlaps(r),
                "the labels of {} -> {} and {} -> {} overlap",
                edge.from,
                edge.to,
                other.from,
                other.to
            );
        }
    }
    for edge in &layout.edges {
        let find = |id: &str| {
            layout
                .nodes
                .iter()
                .find(|n| n.id == id)
                .unwrap_or_else(|| panic!("no node {id}"))
        };
        let (from, to) = (find(&edge.from), find(&edge.to));
        let (first, last) = match (edge.points.first(), edge.points.last()) {
            (Some(first), Some(last)) => (*first, *last),
            _ => panic!("{} -> {} has no points", edge.from, edge.to),
        };
        assert!(
            on_border(first, &from.rect()),
            "{} -> {} starts at {first:?}, off {:?}",
            edge.from,
            edge.to,
            from.rect()
        );
        assert!(
            on_border(last, &to.rect()),
            "{} -> {} ends at {last:?}, off {:?}",
            edge.from,
            edge.to,
            to.rect()
        );
        for p in &edge.points {
            assert!(
                p.x.is_finite() && p.y.is_finite(),
                "{} -> {} has a point {p:?}",
                edge.from,
                edge.to
            );
        }
    }
}

/// Whether the edge is a Catch.
pub fn is_catch(edge: &Edge) -> bool {
    matches!(edge.kind, EdgeKind::Catch { .. })
}
