//! Work that must wait until the browser has shown what the page just rendered.

use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Runs `work` once the DOM as it is now has been painted: two animation frames on (the first
/// frame's callbacks run before its paint, the second's after it), then in a task of its own. The
/// page starts its big downloads (the interpreter's worker, CodeMirror) this way, so they never
/// compete with the first render's own files. In a hidden tab frames wait until it is shown, and
/// so does `work`: a request made before then (a Run) starts the worker itself.
pub fn after_paint(work: impl FnOnce() + 'static) {
    let in_a_task = Closure::once_into_js(move || {
        gloo::timers::callback::Timeout::new(0, work).forget();
    });
    let next_frame = Closure::once_into_js(move || next_frame_then(&in_a_task));
    next_frame_then(&next_frame);
}

fn next_frame_then(callback: &JsValue) {
    if gloo::utils::window()
        .request_animation_frame(callback.unchecked_ref())
        .is_err()
    {
        gloo::console::warn!("requestAnimationFrame refused: the editor stays a textarea, the worker starts with the first run");
    }
}

/// At most this many painted frames (about a second) are waited for [`after_paint_when`]'s
/// condition; then the work runs anyway, as it must never be lost.
const MAX_FRAMES: u32 = 60;

/// Runs `work` after a paint in which `shown()` holds (checked after each paint). Yew renders a
/// big page in slices of about 16 ms with the browser painting in between, so the first paint
/// after the app's first render need not show the lesson's text yet.
pub fn after_paint_when(shown: impl Fn() -> bool + 'static, work: impl FnOnce() + 'static) {
    wait(Rc::new(shown), Box::new(work), MAX_FRAMES);
}

fn wait(shown: Rc<dyn Fn() -> bool>, work: Box<dyn FnOnce()>, frames_left: u32) {
    after_paint(move || {
        if frames_left == 0 || shown() {
            work();
        } else {
            wait(shown, work, frames_left - 1);
        }
    });
}
