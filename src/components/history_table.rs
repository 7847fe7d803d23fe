//! The execution history as the AWS console shows it: one row per event (id, type, state, virtual
//! time since the start), its details on demand, and a download in GetExecutionHistory's shape.

use crate::components::json_block::json_block;
use crate::run_view::elapsed::elapsed;
use crate::run_view::event_details::{history_document, readable_details};
use crate::run_view::places::places;
use gloo::file::{Blob, ObjectUrl};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rows shown before "Show all": a history can hold 25,000 events.
const FIRST_ROWS: usize = 250;

/// Props of [`HistoryTable`].
#[derive(Properties, PartialEq)]
pub struct HistoryTableProps {
    /// The execution whose history is shown.
    pub execution: Rc<asl::ExecutionResult>,
}

/// The history table.
#[component]
pub fn HistoryTable(props: &HistoryTableProps) -> Html {
    let execution = props.execution.clone();
    // Compared by pointer: a new run is a new Rc, and comparing whole histories on every render
    // would cost more than the table.
    let run = Rc::as_ptr(&execution) as usize;
    let open = use_state_eq(BTreeSet::<u64>::new);
    let show_all = use_state_eq(|| false);
    {
        let (open, show_all) = (open.clone(), show_all.clone());
        use_effect_with(run, move |_| {
            open.set(BTreeSet::new());
            show_all.set(false);
        });
    }
    let limit = if *show_all {
        execution.events.len()
    } else {
        FIRST_ROWS
    };
    // Only the rows shown: an event's place depends on the events before it alone, and a
    // 25,000-event run would otherwise spend most of the task that shows it here.
    let places = {
        let execution = execution.clone();
        use_memo((run, limit), move |(_, limit)| {
            places(&execution.events[..(*limit).min(execution.events.len())])
        })
    };
    // The object URL of the last download, revoked when replaced or when the table goes away:
    // revoking it at once could cancel a download the browser has not started reading.
    let saved: Rc<RefCell<Option<ObjectUrl>>> = use_mut_ref(|| None);
    let on_save = {
        let execution = execution.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(url) = download("execution-history.json", &history_document(&execution.events)) {
                *saved.borrow_mut() = Some(url);
            }
        })
    };

    let events = &execution.events;
    let start = events.first().map(|e| e.timestamp).unwrap_or_default();
    let rows = events.iter().zip(places.iter()).take(limit).map(|(event, place)| {
        let id = event.id;
        let is_open = open.contains(&id);
        let toggle = {
            let open = open.clone();
            Callback::from(move |_: MouseEvent| {
                let mut ids = (*open).clone();
                if !ids.remove(&id) {
                    ids.insert(id);
                }
                open.set(ids);
            })
        };
        let event_type = event.event_type();
        let scope_label = place.scope.last().map(|frame| frame.label());
        html! {
            <>
                <tr id={format!("event-{id}")} class={classes!("event", outcome_class(&event_type), is_open.then_some("open"))}
                    onclick={toggle}>
                    <td class="id">{ id }</td>
                    <td class="type">
                        <button class="event-toggle" aria-expanded={is_open.to_string()}
                            title="Show the event's details">{ if is_open { "▾" } else { "▸" } }</button>
                        { " " }{ &event_type }
                    </td>
                    <td class="state">
                        { place.state.clone().unwrap_or_default() }
                        if let Some(label) = scope_label { <span class="where">{ label }</span> }
                    </td>
                    <td class="elapsed" title={event.timestamp.to_iso8601()}>{ elapsed(start, event.timestamp) }</td>
                </tr>
                if is_open {
                    <tr id={format!("event-{id}-details")} class="event-details">
                        <td colspan="4">{ details(event) }</td>
                    </tr>
                }
            </>
        }
    });
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    html! {
        <section id="history" class="history">
            <div class="panel-heading">
                <h3>{ format!("Execution history ({} events)", events.len()) }</h3>
                <button id="save-history" onclick={on_save}
                    title="Download the events as GetExecutionHistory returns them">{ "⬇ Save history" }</button>
            </div>
            <div class="table-scroll">
                <table class="history-table">
                    <thead>
                        <tr><th class="id">{ "ID" }</th><th>{ "Type" }</th><th>{ "State" }</th>
                            <th class="elapsed" title="Virtual time since the execution started">{ "Elapsed" }</th></tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if events.len() > limit {
                <button id="history-show-all" class="link" onclick={on_show_all}>
                    { format!("Show all {} events", events.len()) }
                </button>
            }
        </section>
    }
}

/// `failed`, `succeeded` or nothing, to colour a row by how the event ended.
fn outcome_class(event_type: &str) -> Option<&'static str> {
    if event_type.ends_with("Failed") || event_type.ends_with("TimedOut") {
        Some("failed")
    } else if event_type.ends_with("Succeeded") {
        Some("succeeded")
    } else {
        None
    }
}

/// An event's details, or why there are none.
fn details(event: &asl::history::HistoryEvent) -> Html {
    match readable_details(event) {
        Some((key, value)) => html! {
            <>
                <div class="details-key"><code>{ key }</code>
                    <span class="muted">{ " (inputs and outputs shown as JSON; the saved history keeps them as text, as AWS returns them)" }</span>
                </div>
                { json_block(&value) }
            </>
        },
        None => html! { <p class="muted">{ "AWS records this event without details." }</p> },
    }
}

/// Starts a download of `text` as a JSON file, from a Blob in the page (no server involved).
fn download(file_name: &str, text: &str) -> Option<ObjectUrl> {
    let url = ObjectUrl::from(Blob::new_with_options(text, Some("application/json")));
    let link = gloo::utils::document().create_element("a").ok()?;
    link.set_attribute("href", &url).ok()?;
    link.set_attribute("download", file_name).ok()?;
    link.dyn_into::<web_sys::HtmlElement>().ok()?.click();
    Some(url)
}
