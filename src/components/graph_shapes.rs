//! The SVG of a laid-out state machine: boxes, Start and End, edges with arrowheads and labels,
//! nested graphs inside their state, and each state's mark from an execution.

use crate::state_marks::Mark;
use graph::metrics::{BOX_PADDING_X, LABEL_FONT, NAME_FONT, TYPE_FONT};
use graph::text::{ellipsize, Font};
use graph::{Edge, EdgeKind, Layout, Node, NodeKind, Point};
use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

/// What the drawing marks and whom it tells about clicks.
struct Paint<'a> {
    /// Each state's mark, when an execution is shown (states not in it were not reached).
    pub marks: Option<&'a HashMap<String, Mark>>,
    /// How the execution ended, for the End circle.
    pub status: Option<asl::ExecutionStatus>,
    /// The state drawn highlighted.
    pub highlighted: Option<&'a str>,
    /// Told a state's name when its box is clicked or Enter is pressed on it.
    pub on_select: &'a Callback<String>,
    /// Set while the pointer drags the diagram: the click that ends a drag selects nothing.
    pub dragged: &'a Rc<Cell<bool>>,
}

impl Paint<'_> {
    fn mark(&self, node: &Node) -> Option<Mark> {
        let marks = self.marks?;
        match node.kind {
            NodeKind::State => Some(marks.get(&node.name).copied().unwrap_or(Mark::NotReached)),
            NodeKind::Start => Some(if marks.is_empty() {
                Mark::NotReached
            } else {
                Mark::Succeeded
            }),
            NodeKind::End => Some(match self.status? {
                asl::ExecutionStatus::Succeeded => Mark::Succeeded,
                asl::ExecutionStatus::Running => Mark::NotReached,
                asl::ExecutionStatus::Failed | asl::ExecutionStatus::TimedOut => Mark::Failed,
            }),
            NodeKind::Missing => None,
        }
    }
}

/// Props of [`GraphShapes`]. The panel renders on every keystroke in the editor; these compare
/// equal until the layout, the marks or the highlight change, so the drawing is not redone.
#[derive(Properties, PartialEq)]
pub struct GraphShapesProps {
    /// The layout drawn.
    pub layout: Rc<Layout>,
    /// Each state's mark, when an execution is shown.
    pub marks: Option<Rc<HashMap<String, Mark>>>,
    /// How the execution ended.
    pub status: Option<asl::ExecutionStatus>,
    /// The state drawn highlighted.
    pub highlighted: Option<AttrValue>,
    /// Told a state's name when it is chosen (keep it the same callback from render to render).
    pub on_select: Callback<String>,
    /// Set while the pointer drags the diagram.
    pub dragged: Rc<Cell<bool>>,
}

/// The arrowheads, edges, boxes and labels of a layout.
#[component]
pub fn GraphShapes(props: &GraphShapesProps) -> Html {
    let paint = Paint {
        marks: props.marks.as_deref(),
        status: props.status,
        highlighted: props.highlighted.as_deref(),
        on_select: &props.on_select,
        dragged: &props.dragged,
    };
    html! {
        <>
            { markers() }
            { layout(&props.layout, &paint) }
        </>
    }
}

/// The arrowheads the edges refer to.
fn markers() -> Html {
    let arrow = |id: &'static str| {
        html! {
            <marker id={id} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8"
                markerUnits="userSpaceOnUse" orient="auto-start-reverse">
                <path d="M 0 1 L 9 5 L 0 9 z" />
            </marker>
        }
    };
    html! {
        <defs>
            { arrow("graph-arrow") }
            { arrow("graph-arrow-catch") }
        </defs>
    }
}

/// A layout's edges, then its boxes (nested graphs inside theirs), then the edges' labels on top.
fn layout(layout: &Layout, paint: &Paint<'_>) -> Html {
    html! {
        <>
            <g class="edges">{ for layout.edges.iter().map(edge) }</g>
            <g class="nodes">{ for layout.nodes.iter().map(|n| node(n, paint)) }</g>
            <g class="labels">{ for layout.edges.iter().map(label) }</g>
        </>
    }
}

/// `from`, `to` and `kind` as data attributes, for tests and styles.
fn kind_name(kind: &EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Next => "next",
        EdgeKind::ChoiceRule { .. } => "choice",
        EdgeKind::Default => "default",
        EdgeKind::Catch { .. } => "catch",
    }
}

fn edge(edge: &Edge) -> Html {
    let kind = kind_name(&edge.kind);
    let marker = match edge.kind {
        EdgeKind::Catch { .. } => "url(#graph-arrow-catch)",
        _ => "url(#graph-arrow)",
    };
    html! {
        <g class={classes!("edge", kind, edge.is_back_edge.then_some("back"))}
            data-from={edge.from.clone()} data-to={edge.to.clone()} data-kind={kind}>
            <path d={path(&edge.points)} marker-end={marker} />
        </g>
    }
}

/// The SVG path through `points`: a curve leaving and entering vertically between points that
/// differ in x and y (the curve the layout placed labels on), straight lines otherwise.
fn path(points: &[Point]) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        if i == 0 {
            d.push_str(&format!("M {:.1} {:.1}", p.x, p.y));
            continue;
        }
        let a = points[i - 1];
        if (a.x - p.x).abs() < 0.5 || (a.y - p.y).abs() < 0.5 {
            d.push_str(&format!(" L {:.1} {:.1}", p.x, p.y));
        } else {
            let middle = (a.y + p.y) / 2.0;
            d.push_str(&format!(
                " C {:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
                a.x, middle, p.x, middle, p.x, p.y
            ));
        }
    }
    d
}

fn label(edge: &Edge) -> Html {
    let Some(label) = &edge.label else {
        return Html::default();
    };
    let kind = kind_name(&edge.kind);
    let full = match &edge.kind {
        EdgeKind::ChoiceRule { index, rule } => format!("Rule {}: {rule}", index + 1),
        EdgeKind::Catch { errors, .. } => format!("Catch: {}", errors.join(", ")),
        EdgeKind::Default => "Default: when no rule matches".to_string(),
        EdgeKind::Next => String::new(),
    };
    html! {
        <g class={classes!("edge-label", kind)} data-from={edge.from.clone()} data-to={edge.to.clone()} data-kind={kind}>
            <title>{ full }</title>
            <rect x={num(label.x)} y={num(label.y)} width={num(label.width)} height={num(label.height)} rx="4" />
            <text x={num(label.x + label.width / 2.0)} y={num(label.y + label.height / 2.0)} text-anchor="middle" dominant-baseline="central"
                font-size={num(LABEL_FONT)}>{ &label.text }</text>
        </g>
    }
}

fn node(node: &Node, paint: &Paint<'_>) -> Html {
    match node.kind {
        NodeKind::Start | NodeKind::End => terminal(node, paint),
        NodeKind::State | NodeKind::Missing => state(node, paint),
    }
}

fn terminal(node: &Node, paint: &Paint<'_>) -> Html {
    let mark = paint.mark(node);
    let (cx, cy) = (node.x + node.width / 2.0, node.y + node.height / 2.0);
    let kind = if node.kind == NodeKind::Start {
        "start"
    } else {
        "end"
    };
    html! {
        <g class={classes!("node", "terminal", kind, mark.map(|m| format!("mark-{}", m.as_str())))}
            data-id={node.id.clone()} data-mark={mark.map(Mark::as_str)}>
            <circle cx={num(cx)} cy={num(cy)} r={num(node.width / 2.0)} />
            <text x={num(cx)} y={num(cy)} text-anchor="middle" dominant-baseline="central">{ &node.name }</text>
        </g>
    }
}

fn state(node: &Node, paint: &Paint<'_>) -> Html {
    let mark = paint.mark(node);
    let missing = node.kind == NodeKind::Missing;
    let compound = node.children.is_some();
    let highlighted = paint.highlighted == Some(node.name.as_str()) && !missing;
    let type_text = if missing {
        "no such state"
    } else {
        node.state_type.as_str()
    };
    let cx = node.x + node.width / 2.0;
    // A plain box centres its two lines; a Parallel or Map puts them in its header.
    let (name_y, type_y) = if compound {
        (node.y + 20.0, node.y + 36.0)
    } else {
        (
            node.y + node.height / 2.0 - 7.0,
            node.y + node.height / 2.0 + 10.0,
        )
    };
    let room = node.width - 2.0 * BOX_PADDING_X;
    let description = match mark {
        // The name first, then the type, as the box reads: a spoken name then matches the
        // visible text (WCAG 2.5.3, axe's label-content-name-mismatch).
        Some(mark) => format!("{} {}: {}", node.name, type_text, mark.describe()),
        None => format!("{} {}", node.name, type_text),
    };
    let select = {
        let (name, on_select) = (node.name.clone(), paint.on_select.clone());
        move || on_select.emit(name.clone())
    };
    let onclick = {
        let select = select.clone();
        let dragged = paint.dragged.clone();
        Callback::from(move |_: MouseEvent| {
            if !dragged.get() {
                select();
            }
        })
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            select();
        }
    });
    let type_class = format!("type-{}", node.state_type.to_lowercase());
    html! {
        <>
            <g class={classes!("node", "state", type_class, compound.then_some("compound"), missing.then_some("missing"),
                    highlighted.then_some("highlighted"), mark.map(|m| format!("mark-{}", m.as_str())))}
                data-id={node.id.clone()} data-state={(!missing).then(|| node.name.clone())} data-type={node.state_type.clone()}
                data-mark={mark.map(Mark::as_str)}
                tabindex={(!missing).then_some("0")} role={(!missing).then_some("button")} aria-label={description.clone()}
                onclick={(!missing).then_some(onclick)} onkeydown={(!missing).then_some(onkeydown)}>
                <title>{ description }</title>
                <rect class="box" x={num(node.x)} y={num(node.y)} width={num(node.width)} height={num(node.height)} rx="8" />
                if compound {
                    <line class="header-rule" x1={num(node.x)} x2={num(node.x + node.width)}
                        y1={num(node.y + graph::metrics::HEADER_HEIGHT - 4.0)} y2={num(node.y + graph::metrics::HEADER_HEIGHT - 4.0)} />
                }
                <text class="name" x={num(cx)} y={num(name_y)} text-anchor="middle" dominant-baseline="central"
                    font-size={num(NAME_FONT)}>{ ellipsize(&node.name, room, NAME_FONT, Font::SansBold) }</text>
                // Not drawn: a space between the two lines, so the box's text reads "Name Type",
                // as its accessible name begins, not "NameType" (axe's label-content-name-mismatch).
                { " " }
                <text class="type" x={num(cx)} y={num(type_y)} text-anchor="middle" dominant-baseline="central"
                    font-size={num(TYPE_FONT)}>{ ellipsize(type_text, room, TYPE_FONT, Font::Sans) }</text>
                { mark.filter(|m| *m != Mark::NotReached).map(|m| badge(m, node.x + node.width - 2.0, node.y + 2.0)).unwrap_or_default() }
            </g>
            { for node.children.iter().flatten().map(|child| html! {
                <g class="nested">
                    <rect class="frame" x={num(child.bounds.x)} y={num(child.bounds.y)}
                        width={num(child.bounds.width)} height={num(child.bounds.height)} rx="6" />
                    { layout(child, paint) }
                </g>
            }) }
        </>
    }
}

/// A round badge on a box's corner with the mark's icon, so that marks differ by shape as well
/// as by colour.
pub fn badge(mark: Mark, x: f64, y: f64) -> Html {
    html! {
        <g class={classes!("mark-badge", format!("mark-badge-{}", mark.as_str()))} transform={format!("translate({x:.1} {y:.1})")}>
            <circle r="9" />
            <path d={icon(mark)} />
        </g>
    }
}

/// The icon of a mark, drawn around (0, 0) in a 12-unit square.
pub fn icon(mark: Mark) -> &'static str {
    match mark {
        // A tick.
        Mark::Succeeded => "M -4 0.5 L -1.2 3.2 L 4 -2.8",
        // A circular arrow.
        Mark::Retried => "M 3.8 -0.5 A 3.9 3.9 0 1 1 2.2 -3.2 M 3.9 -5 L 3.9 -1.6 L 0.6 -1.6",
        // An arrow turning aside: the error went elsewhere.
        Mark::Caught => "M -3.5 -4 L -3.5 1.5 L 3.5 1.5 M 1 -1 L 3.5 1.5 L 1 4",
        // A cross.
        Mark::Failed => "M -3.2 -3.2 L 3.2 3.2 M 3.2 -3.2 L -3.2 3.2",
        // A clock.
        Mark::Waiting => "M 0 -4.5 A 4.5 4.5 0 1 1 -0.01 -4.5 M 0 -2.4 L 0 0 L 2 1.3",
        // A stop bar.
        Mark::Stopped => "M -3.5 0 L 3.5 0",
        Mark::NotReached => "",
    }
}

/// A coordinate as an attribute.
fn num(value: f64) -> String {
    format!("{value:.1}")
}
