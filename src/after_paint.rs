//! Work that must wait until the browser has shown what the page just rendered.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Runs `work` after the next animation frame, in a task of its own: by then the browser has
/// painted the DOM as it is now. The page starts its big downloads (the interpreter's worker,
/// CodeMirror) this way, so they never compete with the first render's own files. In a hidden
/// tab frames wait until it is shown, and so does `work`: a request made before then (a Run)
/// starts the worker itself.
pub fn after_paint(work: impl FnOnce() + 'static) {
    let in_a_task = Closure::once_into_js(move || {
        gloo::timers::callback::Timeout::new(0, work).forget();
    });
    let frame = gloo::utils::window().request_animation_frame(in_a_task.unchecked_ref());
    if frame.is_err() {
        gloo::console::warn!("requestAnimationFrame refused: the editor stays a textarea, the worker starts with the first run");
    }
}
