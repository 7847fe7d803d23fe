//! The instructor view (`#/instructor`): a class's progress files as one table (who passed which
//! lesson, in how many attempts), each learner's final definition and verdict one click away with
//! its graph, and the table as CSV. The files stay in the page: nothing is stored or sent.

use crate::class_table::{ClassTable, Column, LearnerRow};
use crate::components::graph_view::GraphView;
use crate::components::verdict_summary_view::VerdictSummaryView;
use crate::download::download;
use crate::progress::{self, KnownLesson, LessonEntry, ProgressFile};
use crate::route::Route;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The performance mark and measure of an import (read by the browser test that times it).
const IMPORT_MARK: &str = "sfn-lab:class-import";

/// The class as the page holds it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Class {
    table: ClassTable,
    /// Files that could not be read, with why.
    problems: Vec<String>,
    /// Files read, in all.
    files: usize,
    /// Goes up with each import, so the page knows when one has been drawn.
    imports: u64,
}

/// What the instructor did.
enum ClassAction {
    /// Files were read: the progress files, and the problems of the others.
    Add(Vec<(String, ProgressFile)>, Vec<String>),
    /// Start again with an empty class over these lessons.
    Clear(Rc<Vec<KnownLesson>>),
}

impl Reducible for Class {
    type Action = ClassAction;

    fn reduce(self: Rc<Self>, action: ClassAction) -> Rc<Self> {
        Rc::new(next(&self, action))
    }
}

/// The class after `action`.
fn next(class: &Class, action: ClassAction) -> Class {
    match action {
        ClassAction::Add(files, problems) => {
            let mut next = class.clone();
            next.files += files.len() + problems.len();
            for (name, file) in files {
                next.table.add(&name, file);
            }
            next.problems.extend(problems);
            next.imports += 1;
            next
        }
        ClassAction::Clear(known) => Class {
            table: ClassTable::new(&known),
            ..Class::default()
        },
    }
}

/// Props of [`Instructor`].
#[derive(Properties, PartialEq)]
pub struct InstructorProps {
    /// The lessons the page knows, in order (the table's columns follow it).
    pub lessons: Rc<Vec<KnownLesson>>,
}

/// The instructor view.
#[component]
pub fn Instructor(props: &InstructorProps) -> Html {
    let class = {
        let known = props.lessons.clone();
        use_reducer(move || Class {
            table: ClassTable::new(&known),
            ..Class::default()
        })
    };
    // The cell opened: (learner's name, lesson id).
    let selected = use_state(|| None::<(String, String)>);
    // When the last import started (performance.now()), and how long it took to show, in ms.
    let started = use_mut_ref(|| None::<f64>);
    let took = use_state(|| None::<f64>);
    {
        let (started, took) = (started.clone(), took.clone());
        use_effect_with(class.imports, move |_| {
            if let Some(start) = started.borrow_mut().take() {
                let performance = gloo::utils::window().performance();
                if let Some(performance) = performance {
                    let _ = performance.measure_with_start_mark(IMPORT_MARK, IMPORT_MARK);
                    took.set(Some(performance.now() - start));
                }
            }
        });
    }
    let on_files = {
        let (class, started) = (class.dispatcher(), started.clone());
        Callback::from(move |e: Event| {
            let input = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
            let files: Vec<web_sys::File> = input
                .as_ref()
                .and_then(|i| i.files())
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            if let Some(input) = input {
                input.set_value("");
            }
            if files.is_empty() {
                return;
            }
            if let Some(performance) = gloo::utils::window().performance() {
                performance.clear_marks_with_mark_name(IMPORT_MARK);
                performance.clear_measures_with_measure_name(IMPORT_MARK);
                let _ = performance.mark(IMPORT_MARK);
                *started.borrow_mut() = Some(performance.now());
            }
            let class = class.clone();
            spawn_local(async move {
                let (mut read, mut problems) = (Vec::new(), Vec::new());
                for (name, text) in file_texts(files).await {
                    match text.and_then(|text| progress::read(&text).map_err(|e| format!("{name} is {e}."))) {
                        Ok(progress) => read.push((name, progress)),
                        Err(problem) => problems.push(problem),
                    }
                }
                class.dispatch(ClassAction::Add(read, problems));
            });
        })
    };
    // A click on a cell's button (or Enter on it) opens that learner's work on that lesson.
    let on_cell = {
        let selected = selected.clone();
        Callback::from(move |e: MouseEvent| {
            let button = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("button.cell-link").ok().flatten());
            let key = button
                .and_then(|b| Some((b.get_attribute("data-learner")?, b.get_attribute("data-lesson")?)));
            if key.is_some() {
                selected.set(key);
            }
        })
    };
    let on_csv = {
        let class = class.clone();
        Callback::from(move |_: MouseEvent| {
            download("sfn-lab-class.csv", &class.table.to_csv(), "text/csv");
        })
    };
    let on_clear = {
        let (class, selected, known) = (class.dispatcher(), selected.clone(), props.lessons.clone());
        Callback::from(move |_: MouseEvent| {
            selected.set(None);
            class.dispatch(ClassAction::Clear(known.clone()));
        })
    };
    // The detail opens in view when it would start at the foot of the screen or below (a click far
    // down a long table); otherwise the table stays where it is, above what it opened.
    use_effect_with((*selected).clone(), |selected| {
        let detail = gloo::utils::document().get_element_by_id("instructor-detail");
        let height = gloo::utils::window().inner_height().ok().and_then(|h| h.as_f64());
        if let (Some(_), Some(detail), Some(height)) = (selected, detail, height) {
            if detail.get_bounding_client_rect().top() > height * 0.85 {
                detail.scroll_into_view();
            }
        }
    });

    let table = &class.table;
    let columns = table.shown_columns();
    let learners = table.learners.len();
    let status = if class.files == 0 {
        "No progress files yet.".to_string()
    } else {
        let mut status = format!(
            "{learners} learner{} from {} file{}",
            if learners == 1 { "" } else { "s" },
            class.files,
            if class.files == 1 { "" } else { "s" }
        );
        if let Some(ms) = *took {
            status.push_str(&format!(", read and shown in {ms:.0} ms"));
        }
        status + "."
    };
    let opened = (*selected).as_ref().and_then(|(name, id)| {
        let row = table.learners.iter().find(|r| &r.name == name)?;
        let column = table.columns.iter().find(|c| &c.id == id)?;
        Some((row, column, row.lessons.get(id)?))
    });
    html! {
        <section class="instructor">
            <nav class="crumbs" aria-label="Breadcrumb"><a href={Route::Home.href()}>{ "← All lessons" }</a></nav>
            <h1>{ "Instructor view" }</h1>
            <p class="muted">
                { "Import the progress files your learners exported (\"Export my progress\" on the lessons page) to see who passed which lesson. The files stay in this page: nothing is stored or sent, and a reload starts empty." }
            </p>
            <div id="instructor-drop" class="drop-zone instructor-tools">
                <label for="instructor-import">{ "Progress files: " }</label>
                <input id="instructor-import" type="file" multiple=true accept=".json,application/json" onchange={on_files} />
                <button id="instructor-csv" onclick={on_csv} disabled={learners == 0}
                    title="The table as a spreadsheet: per lesson, passed, attempts and minutes">{ "⬇ Export the table as CSV" }</button>
                if class.files > 0 {
                    <button id="instructor-clear" class="link" onclick={on_clear}>{ "Clear" }</button>
                }
            </div>
            <p id="instructor-status" class="muted" role="status">{ status }</p>
            if learners > 0 {
                <div class="table-scroll class-scroll">
                    <table id="instructor-table" class="class-table">
                        <thead>
                            <tr>
                                <th scope="col" class="learner">{ "Learner" }</th>
                                <th scope="col" class="count">{ "Passed" }</th>
                                { for columns.iter().enumerate().map(|(i, c)| html! {
                                    <th scope="col" class="lesson" title={c.title.clone()}>
                                        <span class="number">{ i + 1 }</span>
                                        <span class="lesson-title">{ &c.title }</span>
                                    </th>
                                }) }
                            </tr>
                        </thead>
                        <tbody onclick={on_cell}>
                            { for table.learners.iter().map(|row| html! {
                                <tr>
                                    <th scope="row" class="learner">
                                        { &row.name }
                                        <span class="files">{ row.files.join(", ") }</span>
                                    </th>
                                    <td class="count">{ format!("{}/{}", row.passed(), columns.len()) }</td>
                                    { for columns.iter().map(|c| cell(row, c, selected.as_ref())) }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                <p class="muted legend">{ "✓ passed, ✗ not yet, with the number of Run presses; · not started. Click a cell for the learner's definition and verdict." }</p>
            }
            if !class.problems.is_empty() {
                <section id="instructor-problems" class="problem" role="alert">
                    <h2>{ format!("{} file{} could not be read", class.problems.len(), if class.problems.len() == 1 { "" } else { "s" }) }</h2>
                    <ul>{ for class.problems.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                </section>
            }
            if let Some((row, column, entry)) = opened {
                <LearnerWork name={row.name.clone()} title={column.title.clone()} entry={Rc::new(entry.clone())}
                    on_close={let selected = selected.clone(); Callback::from(move |_| selected.set(None))} />
            }
        </section>
    }
}

/// Every file's name and text, the files read all at once: one after the other, the browser
/// took about 4 ms a file, half the time of a class's import.
async fn file_texts(files: Vec<web_sys::File>) -> Vec<(String, Result<String, String>)> {
    let unreadable = |file: &web_sys::File| format!("The file {} cannot be read.", file.name());
    let reads: js_sys::Array = files.iter().map(|file| JsValue::from(file.text())).collect();
    let settled = match JsFuture::from(js_sys::Promise::all_settled(&reads)).await {
        Ok(settled) => js_sys::Array::from(&settled),
        Err(_) => return files.iter().map(|f| (f.name(), Err(unreadable(f)))).collect(),
    };
    files
        .iter()
        .zip(settled.iter())
        .map(|(file, outcome)| {
            let text = js_sys::Reflect::get(&outcome, &JsValue::from_str("value"))
                .ok()
                .and_then(|v| v.as_string());
            (file.name(), text.ok_or_else(|| unreadable(file)))
        })
        .collect()
}

/// A learner's cell for a lesson: a button to their work when they started it.
/// (The table listens to its cells' clicks, one listener for hundreds of cells: see `on_cell`.)
fn cell(row: &LearnerRow, column: &Column, selected: Option<&(String, String)>) -> Html {
    let Some(entry) = row.lessons.get(&column.id).filter(|e| e.started()) else {
        return html! { <td class="cell none" title={format!("{}: {} not started", row.name, column.title)}>{ "·" }</td> };
    };
    let open = selected.is_some_and(|(name, id)| name == &row.name && id == &column.id);
    let label = format!(
        "{}, {}: {} after {} attempt{}",
        row.name,
        column.title,
        if entry.passed { "passed" } else { "not passed" },
        entry.attempts,
        if entry.attempts == 1 { "" } else { "s" }
    );
    html! {
        <td class={classes!("cell", if entry.passed { "passed" } else { "failed" }, open.then_some("open"))}>
            <button class="cell-link" data-learner={row.name.clone()} data-lesson={column.id.clone()}
                aria-label={label.clone()} title={label} aria-pressed={open.to_string()}>
                <span class="mark">{ if entry.passed { "✓" } else { "✗" } }</span>
                <span class="attempts">{ entry.attempts }</span>
            </button>
        </td>
    }
}

/// Props of [`LearnerWork`].
#[derive(Properties, PartialEq)]
struct LearnerWorkProps {
    name: String,
    title: String,
    entry: Rc<LessonEntry>,
    on_close: Callback<()>,
}

/// One learner's work on one lesson: the summary, the last verdict, the definition and its graph.
#[component]
fn LearnerWork(props: &LearnerWorkProps) -> Html {
    let entry = &props.entry;
    let minutes = entry.seconds.div_ceil(60);
    let definition = entry.definition.clone().unwrap_or_default();
    html! {
        <section id="instructor-detail" class="learner-work" aria-label={format!("{}: {}", props.name, props.title)}>
            <div class="panel-heading">
                <h2>{ format!("{} · {}", props.name, props.title) }</h2>
                <button id="instructor-detail-close" onclick={props.on_close.reform(|_| ())}>{ "Close" }</button>
            </div>
            <p class="learner-work-summary">
                <span class={classes!("status", if entry.passed { "succeeded" } else { "failed" })}>
                    { if entry.passed { "Passed" } else { "Not passed yet" } }</span>
                { format!(" · {} attempt{} · {minutes} min on the lesson", entry.attempts, if entry.attempts == 1 { "" } else { "s" }) }
            </p>
            <div class="learner-work-grid">
                <div>
                    <h3>{ "Last verdict" }</h3>
                    <VerdictSummaryView verdict={entry.verdict.clone()} />
                    <h3>{ "Final definition" }</h3>
                    if definition.is_empty() {
                        <p class="muted">{ "None: the learner never edited the starter." }</p>
                    } else {
                        <pre id="instructor-definition" class="definition">{ &definition }</pre>
                    }
                </div>
                <div>
                    <GraphView definition={definition} />
                </div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_add_up_and_clear_starts_again() {
        let known = Rc::new(vec![KnownLesson {
            id: "hello-pass".into(),
            title: "Hello, Pass".into(),
            starter_digest: String::new(),
        }]);
        let file = |learner: &str| ProgressFile {
            format: progress::FORMAT.into(),
            version: progress::VERSION,
            learner: learner.into(),
            exported: None,
            lessons: vec![LessonEntry {
                id: "hello-pass".into(),
                passed: true,
                attempts: 1,
                ..LessonEntry::default()
            }],
            playground: Default::default(),
        };
        let class = Class {
            table: ClassTable::new(&known),
            ..Class::default()
        };
        let class = next(
            &class,
            ClassAction::Add(
                vec![("a.json".into(), file("Ada"))],
                vec!["b.json is not JSON.".into()],
            ),
        );
        let class = next(
            &class,
            ClassAction::Add(vec![("g.json".into(), file("Grace"))], vec![]),
        );
        assert_eq!(
            (class.files, class.imports, class.table.learners.len()),
            (3, 2, 2)
        );
        assert_eq!(class.problems.len(), 1);
        let cleared = next(&class, ClassAction::Clear(known));
        assert_eq!((cleared.files, cleared.table.learners.len()), (0, 0));
        assert_eq!(cleared.table.columns.len(), 1);
    }
}
