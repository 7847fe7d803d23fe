//! The code editor for definitions, inputs and scenarios: CodeMirror 6 with JSON highlighting,
//! line numbers, bracket matching, undo, search, "Format document", Ctrl/Cmd+Enter to run, and
//! the validator's diagnostics at their line and column as you type.
//!
//! CodeMirror comes from npm, bundled by `editor/build.mjs` into `assets/editor/cm-editor.js`,
//! which the page loads once it has rendered ([`load_codemirror`]): the first render does not
//! wait for it. Until it arrives, and if it never does, a plain textarea takes its place; then
//! this component drives CodeMirror through `window.SfnEditor` (`editor/cm-entry.js`).

use crate::json_format;
use crate::problems::{json_problems, Problem};
use crate::worker::client;
use crate::worker::protocol::{Request, Response};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

/// How long typing must pause before a definition is sent to the worker again: long enough to
/// take a burst of keys as one, short enough that the problems show within 50 ms of a keystroke.
const CHECK_DELAY_MS: u32 = 15;

/// What the editor checks as you type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Check {
    /// A state machine definition: JSON syntax, then AWS's validation (codes such as
    /// `SCHEMA_VALIDATION_FAILED`), worked out in the interpreter's worker.
    #[default]
    Definition,
    /// Any JSON document (an execution input, a scenario): syntax only.
    Json,
}

#[wasm_bindgen]
extern "C" {
    /// An editor made by `SfnEditor.create` (editor/cm-entry.js).
    type Handle;

    #[wasm_bindgen(catch, js_namespace = SfnEditor, js_name = create)]
    fn create_editor(parent: &Element, text: &str, options: &Object) -> Result<Handle, JsValue>;
    #[wasm_bindgen(method, js_name = getText)]
    fn get_text(this: &Handle) -> String;
    /// The page's text (new props): not reported back through onChange.
    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &Handle, text: &str);
    /// An edit of the learner's, such as Format document: reported through onChange, undoable.
    #[wasm_bindgen(method, js_name = replaceText)]
    fn replace_text(this: &Handle, text: &str);
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &Handle, list: &Array);
    #[wasm_bindgen(method, js_name = goTo)]
    fn go_to(this: &Handle, line: u32, column: u32);
    #[wasm_bindgen(method)]
    fn focus(this: &Handle);
    #[wasm_bindgen(method)]
    fn destroy(this: &Handle);

    /// Starts loading the CodeMirror bundle (index.html), once.
    #[wasm_bindgen(catch, js_namespace = SfnLater, js_name = editor)]
    fn load_editor_bundle() -> Result<(), JsValue>;
}

/// Loads the CodeMirror bundle, once the page has rendered: each editor on the page turns from a
/// textarea into CodeMirror when it arrives ("sfn-editor-ready").
pub fn load_codemirror() {
    if let Err(error) = load_editor_bundle() {
        gloo::console::error!("the code editor cannot be loaded:", error);
    }
}

/// Whether the editor with this id has the keyboard focus.
fn has_focus(id: &str) -> bool {
    gloo::utils::document()
        .active_element()
        .is_some_and(|e| e.id() == id)
}

/// Whether the CodeMirror bundle loaded (`window.SfnEditor` exists).
fn codemirror_loaded() -> bool {
    Reflect::get(&js_sys::global(), &JsValue::from_str("SfnEditor")).is_ok_and(|v| v.is_object())
}

/// A live CodeMirror editor and the Rust closures it calls, which must live as long as it does.
struct Live {
    handle: Handle,
    _on_change: Closure<dyn FnMut(String)>,
    _on_run: Closure<dyn FnMut()>,
    _on_format: Closure<dyn FnMut()>,
}

type Slot = Rc<RefCell<Option<Live>>>;

/// The callbacks of the latest render: the editor's closures outlive any one render.
struct Latest {
    on_change: Callback<String>,
    on_run: Option<Callback<()>>,
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

fn to_js(problems: &[Problem]) -> Array {
    problems
        .iter()
        .map(|p| {
            let item = Object::new();
            set(&item, "line", &JsValue::from(p.line as u32));
            set(&item, "column", &JsValue::from(p.column as u32));
            set(&item, "severity", &JsValue::from_str(&p.severity));
            set(&item, "code", &JsValue::from_str(&p.code));
            set(&item, "message", &JsValue::from_str(&p.message));
            JsValue::from(item)
        })
        .collect()
}

/// Format document in the live editor, as one undoable edit; text that is not JSON stays.
fn format_live(slot: &RefCell<Option<Live>>) {
    let slot = slot.borrow();
    let Some(live) = slot.as_ref() else { return };
    let text = live.handle.get_text();
    if let Some(pretty) = json_format::pretty(&text).filter(|p| *p != text) {
        live.handle.replace_text(&pretty);
    }
}

fn create(
    parent: &Element,
    text: &str,
    ids: &Ids,
    latest: &Rc<RefCell<Latest>>,
    slot: &Slot,
) -> Option<Live> {
    let on_change = Closure::<dyn FnMut(String)>::new({
        let latest = latest.clone();
        move |text: String| {
            let callback = latest.borrow().on_change.clone();
            callback.emit(text);
        }
    });
    let on_run = Closure::<dyn FnMut()>::new({
        let latest = latest.clone();
        move || {
            let callback = latest.borrow().on_run.clone();
            if let Some(callback) = callback {
                callback.emit(());
            }
        }
    });
    let on_format = Closure::<dyn FnMut()>::new({
        let slot: Weak<RefCell<Option<Live>>> = Rc::downgrade(slot);
        move || {
            if let Some(slot) = slot.upgrade() {
                format_live(&slot);
            }
        }
    });
    let options = Object::new();
    set(&options, "id", &JsValue::from_str(&ids.editor));
    set(&options, "labelledBy", &JsValue::from_str(&ids.label));
    set(&options, "describedBy", &JsValue::from_str(&ids.keys));
    set(&options, "onChange", on_change.as_ref());
    if latest.borrow().on_run.is_some() {
        set(&options, "onRun", on_run.as_ref());
    }
    set(&options, "onFormat", on_format.as_ref());
    match create_editor(parent, text, &options) {
        Ok(handle) => Some(Live {
            handle,
            _on_change: on_change,
            _on_run: on_run,
            _on_format: on_format,
        }),
        Err(error) => {
            gloo::console::error!("the code editor did not start:", error);
            None
        }
    }
}

/// The ids of the editor's parts, from its `id`.
#[derive(Clone, PartialEq)]
struct Ids {
    editor: String,
    label: String,
    keys: String,
    problems: String,
    format: String,
}

impl Ids {
    fn new(id: &str) -> Ids {
        Ids {
            editor: id.to_string(),
            label: format!("{id}-label"),
            keys: format!("{id}-keys"),
            problems: format!("{id}-problems"),
            format: format!("{id}-format"),
        }
    }
}

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text shown.
    pub value: String,
    /// Called with the whole text after each edit.
    pub on_change: Callback<String>,
    /// The id of the editable element, for tests and labels; its parts get ids from it
    /// (`{id}-format`, `{id}-problems`...).
    #[prop_or(AttrValue::Static("editor"))]
    pub id: AttrValue,
    /// What the text is.
    #[prop_or(AttrValue::Static("State machine definition (Amazon States Language, JSON)"))]
    pub label: AttrValue,
    /// Visible lines (at least).
    #[prop_or(22)]
    pub rows: u32,
    /// What is checked as you type.
    #[prop_or_default]
    pub check: Check,
    /// Ctrl/Cmd+Enter in the editor: run.
    #[prop_or_default]
    pub on_run: Option<Callback<()>>,
}

/// The editor.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let ids = Ids::new(&props.id);
    let host = use_node_ref();
    let slot: Slot = use_mut_ref(|| None);
    let latest = use_mut_ref(|| Latest {
        on_change: props.on_change.clone(),
        on_run: props.on_run.clone(),
    });
    *latest.borrow_mut() = Latest {
        on_change: props.on_change.clone(),
        on_run: props.on_run.clone(),
    };
    let codemirror = use_state_eq(codemirror_loaded);
    // Whether the textarea had the focus when CodeMirror arrived: CodeMirror takes it over.
    let refocus = use_mut_ref(|| false);
    let shown = use_state_eq(Vec::<Problem>::new);

    // Until CodeMirror's bundle arrives, a textarea; then CodeMirror, with the text as it is.
    {
        let (codemirror, refocus, id) = (codemirror.clone(), refocus.clone(), ids.editor.clone());
        use_effect_with((), move |_| {
            let upgrade = move || {
                *refocus.borrow_mut() = has_focus(&id);
                codemirror.set(true);
            };
            let listener = if codemirror_loaded() {
                upgrade();
                None
            } else {
                let window = gloo::utils::window();
                Some(EventListener::once(&window, "sfn-editor-ready", move |_| {
                    upgrade()
                }))
            };
            move || drop(listener)
        });
    }
    let codemirror = *codemirror;

    // Start CodeMirror in the host once it is there, and stop it when the editor goes away.
    {
        let (host, slot, latest, ids, value) = (
            host.clone(),
            slot.clone(),
            latest.clone(),
            ids.clone(),
            props.value.clone(),
        );
        let (refocus, problems) = (refocus.clone(), shown.clone());
        use_effect_with(codemirror, move |&codemirror| {
            if let Some(parent) = host.cast::<Element>().filter(|_| codemirror) {
                let live = create(&parent, &value, &ids, &latest, &slot);
                if let Some(live) = &live {
                    // The problems the textarea listed, at their lines.
                    live.handle.set_diagnostics(&to_js(&problems));
                    if refocus.replace(false) {
                        live.handle.focus();
                    }
                }
                *slot.borrow_mut() = live;
            }
            move || {
                if let Some(live) = slot.borrow_mut().take() {
                    live.handle.destroy();
                }
            }
        });
    }

    // New text from the page (a reset, an example) goes into the editor; each text is checked
    // once typing pauses.
    {
        let (slot, shown, check) = (slot.clone(), shown.clone(), props.check);
        use_effect_with(props.value.clone(), move |value| {
            if let Some(live) = slot.borrow().as_ref() {
                if live.handle.get_text() != *value {
                    live.handle.set_text(value);
                }
            }
            let value = value.clone();
            let timer = Timeout::new(CHECK_DELAY_MS, move || {
                let typed = value.clone();
                let show = move |found: Vec<Problem>| {
                    if let Some(live) = slot.borrow().as_ref() {
                        // A reply for text typed over since: the next reply is on its way.
                        if live.handle.get_text() != typed {
                            return;
                        }
                        live.handle.set_diagnostics(&to_js(&found));
                    }
                    shown.set(found);
                };
                match check {
                    Check::Json => show(json_problems(&value)),
                    Check::Definition => {
                        let text = value.clone();
                        client::request(Request::Problems { text }, move |reply| {
                            if let Response::Problems(found) = reply {
                                show(found);
                            }
                        });
                    }
                }
            });
            move || drop(timer)
        });
    }

    let on_format = {
        let (slot, value, on_change) = (slot.clone(), props.value.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            if slot.borrow().is_some() {
                format_live(&slot);
            } else if let Some(pretty) = json_format::pretty(&value) {
                on_change.emit(pretty);
            }
        })
    };
    let run_hint = if props.on_run.is_some() {
        "Ctrl/⌘+Enter runs"
    } else {
        ""
    };
    let keys = if codemirror {
        let keys = "Shift+Alt+F formats · Ctrl/⌘+F finds · Tab indents: press Esc first to leave with Tab";
        [run_hint, keys]
            .into_iter()
            .filter(|k| !k.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    } else {
        run_hint.to_string()
    };

    html! {
        <div class="editor">
            <span class="label" id={ids.label.clone()}>{ &props.label }</span>
            if codemirror {
                <div class="editor-host" ref={host} style={format!("--editor-rows: {}", props.rows)} />
            } else {
                <Fallback id={ids.editor.clone()} labelled_by={ids.label.clone()} described_by={ids.keys.clone()}
                    rows={props.rows} value={props.value.clone()} on_change={props.on_change.clone()}
                    on_run={props.on_run.clone()} />
            }
            <div class="editor-tools">
                <button type="button" id={ids.format.clone()} class="format" onclick={on_format}>{ "Format document" }</button>
                <span class="keys" id={ids.keys.clone()}>{ keys }</span>
            </div>
            <div class="editor-problems" id={ids.problems.clone()} aria-live="polite">
                if !shown.is_empty() {
                    <ul>
                        { for shown.iter().map(|p| problem_item(p, &slot)) }
                    </ul>
                }
            </div>
        </div>
    }
}

/// One problem under the editor; its place is a button that puts the cursor there.
fn problem_item(problem: &Problem, slot: &Slot) -> Html {
    let (line, column) = (problem.line as u32, problem.column as u32);
    let go = {
        let slot = slot.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(live) = slot.borrow().as_ref() {
                live.handle.go_to(line, column);
            }
        })
    };
    html! {
        <li class={classes!("editor-problem", problem.severity.clone())} data-line={line.to_string()}>
            <button type="button" class="goto" onclick={go}>{ format!("line {line}, column {column}") }</button>
            <code class="code">{ &problem.code }</code>
            <span class="message">{ &problem.message }</span>
        </li>
    }
}

/// Props of [`Fallback`].
#[derive(Properties, PartialEq)]
struct FallbackProps {
    id: String,
    labelled_by: String,
    described_by: String,
    rows: u32,
    value: String,
    on_change: Callback<String>,
    on_run: Option<Callback<()>>,
}

/// The plain textarea used when the CodeMirror bundle did not load: the lab still works.
#[component]
fn Fallback(props: &FallbackProps) -> Html {
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                on_change.emit(area.value());
            }
        })
    };
    let onkeydown = {
        let on_run = props.on_run.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                if let Some(on_run) = &on_run {
                    event.prevent_default();
                    on_run.emit(());
                }
            }
        })
    };
    html! {
        <textarea id={props.id.clone()} class="editor-fallback" spellcheck="false" autocomplete="off"
            rows={props.rows.to_string()} aria-labelledby={props.labelled_by.clone()}
            aria-describedby={props.described_by.clone()} value={props.value.clone()} {oninput} {onkeydown} />
    }
}
