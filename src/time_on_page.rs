//! Time spent on a lesson: while its page is open and visible, every 10 s counts 10 s (coarse on
//! purpose: a progress file tells an instructor minutes, not seconds).

use crate::storage;
use gloo::timers::callback::Interval;
use yew::prelude::*;

/// How often the time is counted, in seconds.
const STEP_SECONDS: u32 = 10;

/// Counts the time the page showing the lesson `id` (its storage id) is visible.
#[hook]
pub fn use_time_on_page(id: String) {
    use_effect_with(id, |id| {
        let id = id.clone();
        let interval = Interval::new(STEP_SECONDS * 1000, move || {
            // A hidden tab, a minimised window: the learner is not on the lesson.
            if !gloo::utils::document().hidden() {
                storage::add_seconds(&id, u64::from(STEP_SECONDS));
            }
        });
        move || drop(interval)
    });
}
