//! The playback bar: step through an execution's history event by event, or play it, with the
//! event's position and the virtual time elapsed at it.

use crate::run_view::moment::moment;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// How long Play shows each event, in milliseconds.
const STEP_MILLIS: u32 = 400;

/// Props of [`Playback`].
#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    /// The execution played.
    pub execution: Rc<asl::ExecutionResult>,
    /// The event shown, from 1; `None` shows the whole run (the last event).
    #[prop_or_default]
    pub position: Option<usize>,
    /// Told the position of the event to show.
    pub on_step: Callback<usize>,
}

/// The playback bar; nothing for an empty history.
#[component]
pub fn Playback(props: &PlaybackProps) -> Html {
    let playing = use_state_eq(|| false);
    let total = props.execution.events.len();
    let current = props.position.unwrap_or(total).clamp(1, total.max(1));
    // While playing, the next event after a pause; the last one stops.
    {
        let (playing, on_step) = (playing.clone(), props.on_step.clone());
        use_effect_with(
            (*playing, current, total),
            move |&(is_playing, current, total)| {
                let timer = match (is_playing, current < total) {
                    (true, true) => Some(Timeout::new(STEP_MILLIS, move || on_step.emit(current + 1))),
                    (true, false) => {
                        playing.set(false);
                        None
                    }
                    _ => None,
                };
                // Dropping the timer cancels it: a pause, a step by hand or a new run stops it.
                move || drop(timer)
            },
        );
    }
    let Some(at) = moment(&props.execution, current) else {
        return Html::default();
    };

    // A step by hand pauses the play.
    let step_to = |to: usize| {
        let (playing, on_step) = (playing.clone(), props.on_step.clone());
        Callback::from(move |_: MouseEvent| {
            playing.set(false);
            on_step.emit(to);
        })
    };
    let on_play = {
        let (playing, on_step) = (playing.clone(), props.on_step.clone());
        Callback::from(move |_: MouseEvent| {
            // Played from the end, it starts again from the first event.
            if current >= total {
                on_step.emit(1);
            }
            playing.set(true);
        })
    };
    let on_pause = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(false))
    };
    let on_slide = {
        let (playing, on_step) = (playing.clone(), props.on_step.clone());
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            if let Ok(to) = input.value().parse::<usize>() {
                playing.set(false);
                on_step.emit(to);
            }
        })
    };
    let position_text = format!("event {current} of {total}");
    html! {
        <section id="playback" class="playback" aria-label="Step through the execution"
            data-playing={playing.to_string()} data-position={current.to_string()}>
            <div class="playback-buttons" role="group" aria-label="Playback">
                <button id="playback-back" title="Step back one event" aria-label="Step back"
                    disabled={current <= 1} onclick={step_to(current.saturating_sub(1).max(1))}>{ icon("M 3 2 v 12 M 13 2 L 5 8 L 13 14 z") }</button>
                <button id="playback-play" title="Play the run, one event at a time" aria-label="Play"
                    disabled={*playing} onclick={on_play}>{ icon("M 4 2 L 13 8 L 4 14 z") }</button>
                <button id="playback-pause" title="Pause" aria-label="Pause"
                    disabled={!*playing} onclick={on_pause}>{ icon("M 4 2 v 12 M 11 2 v 12") }</button>
                <button id="playback-forward" title="Step forward one event" aria-label="Step forward"
                    disabled={current >= total} onclick={step_to((current + 1).min(total))}>{ icon("M 13 2 v 12 M 3 2 L 11 8 L 3 14 z") }</button>
            </div>
            <input id="playback-slider" type="range" min="1" max={total.to_string()} value={current.to_string()}
                aria-label="Event" aria-valuetext={position_text.clone()} oninput={on_slide} />
            <span id="playback-position" class="playback-position" aria-live="polite">{ position_text }</span>
            <div class="playback-now">
                <span id="playback-event" class="playback-event">
                    <code>{ &at.event_type }</code>
                    if let Some(state) = &at.state { { " · " }<span class="state-name">{ state }</span> }
                </span>
                <span id="playback-clock" class="playback-clock" title="Virtual time since the execution started">{ &at.elapsed }</span>
            </div>
        </section>
    }
}

/// A button's icon, drawn rather than a glyph: media symbols are missing from many fonts.
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="playback-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d={path} />
        </svg>
    }
}
