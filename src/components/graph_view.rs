//! The state machine drawn as Workflow Studio draws it, from the editor's text: pan, zoom and
//! fit; how each state fared in an execution; a state chosen by a click or Enter.

use crate::components::graph_shapes::{self, GraphShapes};
use crate::run_view::moment::Moment;
use crate::state_marks::{self, Mark};
use graph::viewport::ViewBox;
use graph::{Layout, NodeKind};
use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use yew::prelude::*;

/// Space around the diagram when it is fitted.
const PADDING: f64 = 20.0;
/// The drawing area's height bounds, in pixels (the diagram's own height in between).
const MIN_HEIGHT: f64 = 180.0;
const MAX_HEIGHT: f64 = 720.0;
/// One press of + or −.
const ZOOM_STEP: f64 = 1.25;
/// How far the pointer must move before a press becomes a drag, in pixels.
const DRAG_THRESHOLD: f64 = 4.0;

/// Props of [`GraphView`].
#[derive(Properties, PartialEq)]
pub struct GraphViewProps {
    /// The definition's text, as in the editor; while it is not JSON the last valid one shows.
    pub definition: AttrValue,
    /// An execution of it: each state is marked with how it fared.
    #[prop_or_default]
    pub execution: Option<Rc<asl::ExecutionResult>>,
    /// The execution as it stood at one event (playback): its marks, not the whole run's.
    #[prop_or_default]
    pub at: Option<Rc<Moment>>,
    /// The state drawn highlighted.
    #[prop_or_default]
    pub highlighted: Option<AttrValue>,
    /// Told a state's name when its box is clicked, or Enter is pressed on it.
    #[prop_or_default]
    pub on_select: Callback<String>,
}

/// What the learner did to the view.
enum ViewAction {
    /// Zoom by `factor` about the pixel `at` of an `area` (width, height) showing `fitted`.
    Zoom {
        factor: f64,
        at: (f64, f64),
        area: (f64, f64),
        fitted: ViewBox,
    },
    /// Drag the diagram by `by` pixels.
    Pan {
        by: (f64, f64),
        area: (f64, f64),
        fitted: ViewBox,
    },
    /// Back to the whole diagram.
    Fit,
}

/// The view: `None` fits the whole diagram; otherwise where the learner panned and zoomed.
#[derive(Clone, Copy, PartialEq, Default)]
struct View(Option<ViewBox>);

impl Reducible for View {
    type Action = ViewAction;

    fn reduce(self: Rc<Self>, action: ViewAction) -> Rc<Self> {
        Rc::new(View(next_view(self.0, &action)))
    }
}

/// The view after `action`, from `current` (`None`: fitted).
fn next_view(current: Option<ViewBox>, action: &ViewAction) -> Option<ViewBox> {
    match *action {
        ViewAction::Fit => None,
        ViewAction::Zoom {
            factor,
            at,
            area,
            fitted,
        } => {
            let view = current.unwrap_or(fitted);
            let (fx, fy) = view.to_diagram(at.0, at.1, area.0, area.1);
            let natural = ViewBox {
                x: 0.0,
                y: 0.0,
                width: area.0,
                height: area.1,
            };
            Some(view.zoom(factor, fx, fy, &natural))
        }
        ViewAction::Pan { by, area, fitted } => {
            let view = current.unwrap_or(fitted);
            let scale = view.scale(area.0, area.1);
            Some(view.pan(-by.0 / scale, -by.1 / scale))
        }
    }
}

/// A press on the diagram that may become a drag.
#[derive(Default)]
struct Press {
    /// The pointer and where it was last.
    pointer: Option<(i32, f64, f64)>,
    /// How far it moved since it was pressed.
    moved: f64,
}

/// The graph panel.
#[component]
pub fn GraphView(props: &GraphViewProps) -> Html {
    // The last definition that was JSON, laid out: typing through invalid text keeps it drawn.
    let parsed = use_memo(props.definition.clone(), |text| {
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .filter(serde_json::Value::is_object)
            .map(|value| Rc::new(graph::layout(&value)))
    });
    let last = use_mut_ref(|| None::<Rc<Layout>>);
    if let Some(layout) = &*parsed {
        *last.borrow_mut() = Some(layout.clone());
    }
    let shown = last.borrow().clone();
    let stale = parsed.is_none();

    let marks = {
        let execution = props.execution.clone();
        let key = props.execution.as_ref().map(|e| Rc::as_ptr(e) as usize);
        use_memo(key, move |_| {
            execution.as_deref().map(|e| Rc::new(state_marks::marks(e)))
        })
    };
    // One callback for the whole life of the panel, calling the latest `on_select`: a new one
    // each render would redraw the shapes on every keystroke.
    let latest_select = use_mut_ref(|| props.on_select.clone());
    *latest_select.borrow_mut() = props.on_select.clone();
    let on_select = use_memo((), move |_| {
        Callback::from(move |name: String| {
            let callback = latest_select.borrow().clone();
            callback.emit(name);
        })
    });
    let view = use_reducer(View::default);
    let svg_ref = use_node_ref();
    let press = use_mut_ref(Press::default);
    let dragged = use_memo((), |_| Rc::new(Cell::new(false)));

    let Some(layout) = shown else {
        return html! {
            <section class="graph-panel" id="graph-panel">
                <p class="muted graph-empty">{ "The graph appears once the definition is valid JSON." }</p>
            </section>
        };
    };
    let fitted = ViewBox::fit(&layout, PADDING);
    let height = fitted.height.clamp(MIN_HEIGHT, MAX_HEIGHT);
    let area = {
        let svg_ref = svg_ref.clone();
        move || {
            svg_ref.cast::<web_sys::Element>().map(|svg| {
                let r = svg.get_bounding_client_rect();
                (r.left(), r.top(), r.width().max(1.0), r.height().max(1.0))
            })
        }
    };

    let zoom_button = |factor: f64| {
        let (view, area) = (view.clone(), area.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some((_, _, w, h)) = area() {
                view.dispatch(ViewAction::Zoom {
                    factor,
                    at: (w / 2.0, h / 2.0),
                    area: (w, h),
                    fitted,
                });
            }
        })
    };
    let on_fit = {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.dispatch(ViewAction::Fit))
    };
    let onwheel = {
        let (view, area) = (view.clone(), area.clone());
        Callback::from(move |e: WheelEvent| {
            let Some((left, top, w, h)) = area() else { return };
            e.prevent_default();
            // Lines and pages (delta modes 1 and 2) as pixels, then a smooth factor.
            let delta = e.delta_y()
                * match e.delta_mode() {
                    1 => 16.0,
                    2 => h,
                    _ => 1.0,
                };
            let factor = (-delta * 0.0015).clamp(-0.5, 0.5).exp();
            view.dispatch(ViewAction::Zoom {
                factor,
                at: (f64::from(e.client_x()) - left, f64::from(e.client_y()) - top),
                area: (w, h),
                fitted,
            });
        })
    };
    let onpointerdown = {
        let (press, dragged) = (press.clone(), dragged.clone());
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            dragged.set(false);
            *press.borrow_mut() = Press {
                pointer: Some((e.pointer_id(), f64::from(e.client_x()), f64::from(e.client_y()))),
                moved: 0.0,
            };
        })
    };
    let onpointermove = {
        let (press, dragged, view, area, svg_ref) = (
            press.clone(),
            dragged.clone(),
            view.clone(),
            area.clone(),
            svg_ref.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            let mut press = press.borrow_mut();
            let Some((id, x, y)) = press.pointer else { return };
            let (nx, ny) = (f64::from(e.client_x()), f64::from(e.client_y()));
            press.pointer = Some((id, nx, ny));
            press.moved += (nx - x).abs() + (ny - y).abs();
            if press.moved < DRAG_THRESHOLD {
                return;
            }
            if !dragged.get() {
                dragged.set(true);
                // From now on the drag follows the pointer even off the diagram.
                if let Some(svg) = svg_ref.cast::<web_sys::Element>() {
                    let _ = svg.set_pointer_capture(id);
                }
            }
            if let Some((_, _, w, h)) = area() {
                view.dispatch(ViewAction::Pan {
                    by: (nx - x, ny - y),
                    area: (w, h),
                    fitted,
                });
            }
        })
    };
    let onpointerup = {
        let press = press.clone();
        Callback::from(move |_: PointerEvent| press.borrow_mut().pointer = None)
    };

    // Played back, the states as they stood at that event.
    let (marks, status) = match &props.at {
        Some(at) => (Some(at.marks.clone()), Some(at.status)),
        None => ((*marks).clone(), props.execution.as_ref().map(|e| e.status)),
    };
    let legend = marks.as_deref().map(|marks| present_marks(&layout, marks));
    let shown_view = view.0.unwrap_or(fitted);

    html! {
        <section class="graph-panel" id="graph-panel" aria-label="Workflow graph">
            <div class="graph-bar">
                <h2>{ "Workflow" }</h2>
                if stale {
                    <span id="graph-stale" class="graph-stale" role="status">
                        { "Not valid JSON: showing the last valid definition" }
                    </span>
                }
                <div class="graph-zoom" role="group" aria-label="Zoom">
                    <button id="graph-zoom-out" title="Zoom out" aria-label="Zoom out" onclick={zoom_button(1.0 / ZOOM_STEP)}>{ "−" }</button>
                    <button id="graph-zoom-in" title="Zoom in" aria-label="Zoom in" onclick={zoom_button(ZOOM_STEP)}>{ "+" }</button>
                    <button id="graph-fit" title="Show the whole workflow" onclick={on_fit}>{ "Fit" }</button>
                </div>
            </div>
            <svg id="graph" ref={svg_ref} class={classes!("graph", stale.then_some("stale"))}
                viewBox={shown_view.attribute()} preserveAspectRatio="xMidYMid meet"
                style={format!("height: {height:.0}px")} role="group"
                aria-label="State machine diagram: drag to pan, wheel or + and − to zoom"
                {onwheel} {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointercancel={onpointerup}>
                <GraphShapes layout={layout.clone()} marks={marks}
                    status={status} highlighted={props.highlighted.clone()}
                    on_select={(*on_select).clone()} dragged={(*dragged).clone()} />
            </svg>
            if let Some(legend) = legend {
                <ul class="graph-legend" aria-label="Marks">
                    { for legend.into_iter().map(|mark| html! {
                        <li class={classes!("legend-item", format!("legend-{}", mark.as_str()))}>
                            <svg class="legend-icon" viewBox="-10 -10 20 20" aria-hidden="true">
                                { graph_shapes::badge(mark, 0.0, 0.0) }
                            </svg>
                            { mark.describe() }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// Moves the focus to the box of the state `name` in the graph, if it is drawn.
pub fn focus_state(name: &str) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(boxes) = document.query_selector_all("#graph g[data-state]") else {
        return;
    };
    for i in 0..boxes.length() {
        let Some(state) = boxes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok())
        else {
            continue;
        };
        if state.get_attribute("data-state").as_deref() == Some(name) {
            let _ = state.focus();
            return;
        }
    }
}

/// The marks the states of `layout` show, in the legend's order.
fn present_marks(layout: &Layout, marks: &HashMap<String, Mark>) -> Vec<Mark> {
    fn walk(layout: &Layout, marks: &HashMap<String, Mark>, found: &mut BTreeSet<Mark>) {
        for node in &layout.nodes {
            if node.kind == NodeKind::State {
                found.insert(marks.get(&node.name).copied().unwrap_or(Mark::NotReached));
            }
            for child in node.children.iter().flatten() {
                walk(child, marks, found);
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(layout, marks, &mut found);
    Mark::ALL.into_iter().filter(|m| found.contains(m)).collect()
}

#[cfg(test)]
mod tests {
    use super::{next_view, ViewAction, ViewBox};

    #[test]
    fn zoom_pan_and_fit() {
        let fitted = ViewBox {
            x: 0.0,
            y: 0.0,
            width: 400.0,
            height: 200.0,
        };
        let area = (400.0, 200.0);
        let zoomed = next_view(
            None,
            &ViewAction::Zoom {
                factor: 2.0,
                at: (200.0, 100.0),
                area,
                fitted,
            },
        );
        assert_eq!(
            zoomed,
            Some(ViewBox {
                x: 100.0,
                y: 50.0,
                width: 200.0,
                height: 100.0
            })
        );
        // Twice as big on screen: a 10-pixel drag moves 5 units.
        let panned = next_view(
            zoomed,
            &ViewAction::Pan {
                by: (10.0, 0.0),
                area,
                fitted,
            },
        );
        assert_eq!(panned.map(|v| v.x), Some(95.0));
        assert_eq!(next_view(panned, &ViewAction::Fit), None);
    }
}
