//! Step-through playback of the backup workflow's run: back to the first event, forward until the
//! graph highlights `Wait 3 sec` (at its WaitStateEntered event), the inspector on that state with
//! its input, the virtual clock after the wait, and Play running to the end; in the playground,
//! a step back and a new run that shows the whole run again.

use browser_tests::lab::{check, Lab, Step};
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread")]
async fn the_backup_run_is_stepped_through_and_played() {
    let lab = Lab::start().await;
    let outcome = scenario(&lab).await;
    lab.finish("the_backup_run_is_stepped_through_and_played", outcome)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_playground_steps_back_and_a_new_run_shows_it_whole() {
    let lab = Lab::start().await;
    let outcome = playground(&lab).await;
    lab.finish("the_playground_steps_back_and_a_new_run_shows_it_whole", outcome)
        .await;
}

/// An attribute's value, or "".
async fn attr(element: &WebElement, name: &str) -> Step<String> {
    Ok(element
        .attr(name)
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default())
}

/// The event the playback bar shows, from 1.
async fn position(lab: &Lab) -> Step<usize> {
    let bar = lab.element("playback").await?;
    attr(&bar, "data-position")
        .await?
        .parse()
        .map_err(|e| format!("the playback bar's data-position: {e}"))
}

/// Clicks the button with this id and waits until the bar shows event `to`.
async fn step(lab: &Lab, button: &str, to: usize) -> Step {
    lab.click(button).await?;
    lab.element("playback")
        .await?
        .wait_until()
        .has_attribute("data-position", to.to_string())
        .await
        .map_err(|e| format!("#{button} never brought the bar to event {to}: {e}"))
}

/// The name of the state the graph highlights, if any.
async fn highlighted(lab: &Lab) -> Step<Option<String>> {
    let found = lab
        .driver
        .find_all(By::Css("#graph g.node.state.highlighted"))
        .await
        .map_err(|e| e.to_string())?;
    match found.first() {
        Some(node) => Ok(Some(attr(node, "data-state").await?)),
        None => Ok(None),
    }
}

/// The `data-mark` of a state's box.
async fn mark(lab: &Lab, state: &str) -> Step<String> {
    let node = lab
        .driver
        .find(By::Css(format!("#graph g[data-state='{state}']")))
        .await
        .map_err(|e| format!("no box for {state}: {e}"))?;
    attr(&node, "data-mark").await
}

/// Scrolls the graph to the top of the window (the bar and the inspector below it), then saves a screenshot.
async fn snapshot(lab: &Lab, name: &str) -> Step {
    lab.driver
        .execute(
            "document.getElementById('graph-panel').scrollIntoView({block: 'start'});",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    lab.snapshot(name).await;
    Ok(())
}

async fn scenario(lab: &Lab) -> Step {
    lab.open_lesson_with_solution("backup-workflow", "06-backup-workflow")
        .await?;
    lab.click("run").await?;
    lab.verdict("true").await?;

    // After a run the bar shows the whole run: the last event, as the graph marks it.
    let total = position(lab).await?;
    let shown = lab.text("playback-position").await?;
    check(
        shown == format!("event {total} of {total}"),
        format!("the bar starts at the end: {shown:?}"),
    )?;
    check(
        mark(lab, "Backup Success!").await? == "succeeded",
        "the whole run is marked before any step",
    )?;
    check(
        !lab.element("playback-forward")
            .await?
            .is_enabled()
            .await
            .map_err(|e| e.to_string())?,
        "at the end there is no step forward",
    )?;

    // Back to the first event: nothing reached yet, nothing highlighted.
    for to in (1..total).rev() {
        step(lab, "playback-back", to).await?;
    }
    check(
        lab.text("playback-clock").await? == "+0.000 s",
        "the clock starts at +0.000 s",
    )?;
    check(
        mark(lab, "Start Backup").await? == "not-reached",
        "at ExecutionStarted no state is reached",
    )?;
    check(highlighted(lab).await?.is_none(), "no state at ExecutionStarted")?;
    snapshot(lab, "playback_start").await?;

    // Forward until the graph highlights Wait 3 sec: its WaitStateEntered, event 11.
    let mut at = 1;
    while highlighted(lab).await?.as_deref() != Some("Wait 3 sec") {
        check(at < total, "the graph never highlighted Wait 3 sec")?;
        at += 1;
        step(lab, "playback-forward", at).await?;
    }
    check(
        at == 11,
        format!("Wait 3 sec is highlighted from event 11, not {at}"),
    )?;
    let event = lab.text("playback-event").await?;
    check(
        event.contains("WaitStateEntered") && event.contains("Wait 3 sec"),
        format!("event 11 is Wait 3 sec's WaitStateEntered: {event:?}"),
    )?;
    // The states as they stood: what ran is marked, the Wait is under way, the rest not reached.
    check(mark(lab, "Yes").await? == "succeeded", "Yes has run by event 11")?;
    check(
        mark(lab, "Wait 3 sec").await? == "waiting",
        "Wait 3 sec is in progress at event 11",
    )?;
    check(
        mark(lab, "Backup Success!").await? == "not-reached",
        "Backup Success! is not reached at event 11",
    )?;
    // The inspector follows, on the state's input.
    let inspector = lab.element("inspector").await?;
    check(
        attr(&inspector, "data-state").await? == "Wait 3 sec",
        "the inspector opens Wait 3 sec",
    )?;
    let input = inspector
        .find(By::Css("tr[data-step='input'] pre"))
        .await
        .map_err(|e| format!("no input in the inspector: {e}"))?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    let input: serde_json::Value =
        serde_json::from_str(&input).map_err(|e| format!("the input is not JSON: {e}: {input:?}"))?;
    check(
        input == serde_json::json!({"IsBackupSuccessful": true}),
        format!("Wait 3 sec's input: {input}"),
    )?;
    check(
        lab.text("playback-clock").await? == "+0.000 s",
        "no virtual time passed before the wait",
    )?;
    snapshot(lab, "playback_wait_entered").await?;
    lab.driver
        .execute(
            "document.getElementById('inspector').scrollIntoView({block: 'start'});",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    lab.snapshot("playback_wait_inspector").await;

    // One more: the wait ended three virtual seconds later.
    step(lab, "playback-forward", 12).await?;
    let event = lab.text("playback-event").await?;
    check(
        event.contains("WaitStateExited"),
        format!("event 12 is the WaitStateExited: {event:?}"),
    )?;
    let clock = lab.text("playback-clock").await?;
    check(
        clock == "+3.000 s",
        format!("the clock after the wait: {clock:?}"),
    )?;
    check(
        mark(lab, "Wait 3 sec").await? == "succeeded",
        "Wait 3 sec has ended at its WaitStateExited",
    )?;
    snapshot(lab, "playback_wait_exited").await?;

    // Play runs on, one event at a time, to the end, and stops there.
    lab.click("playback-play").await?;
    let bar = lab.element("playback").await?;
    bar.wait_until()
        .has_attribute("data-playing", "true".to_string())
        .await
        .map_err(|e| format!("Play never started: {e}"))?;
    bar.wait_until()
        .has_attribute("data-position", total.to_string())
        .await
        .map_err(|e| format!("Play never reached the end: {e}"))?;
    bar.wait_until()
        .has_attribute("data-playing", "false".to_string())
        .await
        .map_err(|e| format!("Play did not stop at the end: {e}"))?;
    check(
        mark(lab, "Backup Success!").await? == "succeeded",
        "at the end the whole run is marked again",
    )?;
    check(
        lab.text("playback-clock").await? == "+3.000 s",
        "the run ended three virtual seconds in",
    )?;
    snapshot(lab, "playback_played").await?;
    Ok(())
}

async fn playground(lab: &Lab) -> Step {
    lab.run_example("backup-workflow-jsonata").await?;
    let total = position(lab).await?;
    check(total > 2, format!("a history to step through: {total} events"))?;
    // One step back from ExecutionSucceeded: the last state's exit, highlighted and inspected.
    step(lab, "playback-back", total - 1).await?;
    let state = highlighted(lab)
        .await?
        .ok_or("a state's event highlights its state")?;
    let inspector = lab.element("inspector").await?;
    check(
        attr(&inspector, "data-state").await? == state,
        format!("the inspector follows the step to {state}"),
    )?;
    let event = lab.text("playback-event").await?;
    check(
        event.contains(&state),
        format!("the bar names the event's state {state}: {event:?}"),
    )?;
    snapshot(lab, "playback_playground").await?;
    // A new run shows its whole run.
    lab.click("run").await?;
    lab.element("playback")
        .await?
        .wait_until()
        .has_attribute("data-position", total.to_string())
        .await
        .map_err(|e| format!("a new run did not show the whole run: {e}"))?;
    Ok(())
}
