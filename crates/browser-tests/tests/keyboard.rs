//! A keyboard-only walk: from the home page, with Tab, Shift+Tab, Enter, Space and Escape
//! only, open the first lesson, pass through the editor, Run, reach the graph's states and open
//! one in the inspector.

use browser_tests::lab::{check, Lab, Step};
use thirtyfour::prelude::*;

/// Tab presses allowed to reach one control before calling it unreachable.
const MAX_TABS: usize = 60;

#[tokio::test(flavor = "multi_thread")]
async fn a_keyboard_user_runs_the_first_lesson_and_inspects_a_state() {
    let lab = Lab::start().await;
    let outcome = walk(&lab).await;
    lab.finish(
        "a_keyboard_user_runs_the_first_lesson_and_inspects_a_state",
        outcome,
    )
    .await;
}

/// Presses keys as a person would: on whatever has the focus.
async fn press(lab: &Lab, keys: impl Into<TypingData>) -> Step {
    lab.driver
        .action_chain()
        .send_keys(keys)
        .perform()
        .await
        .map_err(|e| format!("pressing keys: {e}"))
}

/// Shift+Tab.
async fn press_shift_tab(lab: &Lab) -> Step {
    lab.driver
        .action_chain()
        .key_down(Key::Shift)
        .send_keys(Key::Tab)
        .key_up(Key::Shift)
        .perform()
        .await
        .map_err(|e| format!("pressing Shift+Tab: {e}"))
}

/// Whether `test` (a JavaScript expression of `a`, the focused element) holds.
async fn focused(lab: &Lab, test: &str) -> Step<bool> {
    lab.driver
        .execute(
            &format!("const a = document.activeElement; return !!(a && ({test}));"),
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?
        .convert()
        .map_err(|e| e.to_string())
}

/// The focused element, for a failure's message.
async fn describe_focus(lab: &Lab) -> String {
    let described = lab
        .driver
        .execute(
            "const a = document.activeElement;
             return a ? a.outerHTML.slice(0, 160) : 'nothing';",
            vec![],
        )
        .await;
    described
        .ok()
        .and_then(|r| r.convert::<String>().ok())
        .unwrap_or_default()
}

/// Presses Tab until the focused element passes `test`.
async fn tab_to(lab: &Lab, what: &str, test: &str) -> Step {
    for _ in 0..MAX_TABS {
        if focused(lab, test).await? {
            return Ok(());
        }
        press(lab, Key::Tab).await?;
    }
    Err(format!(
        "{what} is not reached in {MAX_TABS} Tab presses; the focus is on {}",
        describe_focus(lab).await
    ))
}

async fn walk(lab: &Lab) -> Step {
    lab.driver.goto(&lab.home()).await.map_err(|e| e.to_string())?;
    lab.element("lessons").await?;

    // The first lesson of the list, opened with Enter.
    tab_to(lab, "the first lesson's link", "a.matches('#lessons a')").await?;
    let first: bool = focused(lab, "a === document.querySelector('#lessons a')").await?;
    check(first, "the first link reached in the list is the first lesson")?;
    press(lab, Key::Enter).await?;
    lab.element("editor").await?;

    // Into the editor, and out with Escape then Tab: the editor keeps no one in.
    tab_to(lab, "the editor", "a.id === 'editor'").await?;
    press(lab, Key::Escape).await?;
    press(lab, Key::Tab).await?;
    check(
        !focused(lab, "a.closest('.cm-editor')").await?,
        format!(
            "Escape then Tab leaves the editor; the focus is on {}",
            describe_focus(lab).await
        ),
    )?;

    // Run with Enter.
    tab_to(lab, "Run", "a.id === 'run'").await?;
    press(lab, Key::Enter).await?;
    lab.driver
        .query(By::Css("#verdict[data-passed]"))
        .first()
        .await
        .map_err(|e| format!("no verdict after Enter on Run: {e}"))?;

    // The graph's states are tab stops; Shift+Tab goes back to the one passed.
    tab_to(lab, "a state on the graph", "a.matches('#graph g[data-state]')").await?;
    let state: String = lab
        .driver
        .execute("return document.activeElement.dataset.state;", vec![])
        .await
        .map_err(|e| e.to_string())?
        .convert()
        .map_err(|e| e.to_string())?;
    press(lab, Key::Tab).await?;
    press_shift_tab(lab).await?;
    check(
        focused(lab, &format!("a.dataset && a.dataset.state === {state:?}")).await?,
        format!(
            "Shift+Tab goes back to {state}; the focus is on {}",
            describe_focus(lab).await
        ),
    )?;

    // Enter opens it in the inspector.
    press(lab, Key::Enter).await?;
    let inspector = lab.element("inspector").await?;
    inspector
        .wait_until()
        .has_attribute("data-state", state.clone())
        .await
        .map_err(|e| format!("Enter on {state} opens it in the inspector: {e}"))?;
    lab.snapshot("keyboard_inspector").await;

    // On through the verdict's checks to the inspector, which closes with Space on its button.
    tab_to(lab, "a check in the verdict", "a.closest('#verdict')").await?;
    tab_to(lab, "the inspector's close button", "a.id === 'inspector-close'").await?;
    press(lab, Key::Space).await?;
    lab.driver
        .query(By::Id("inspector"))
        .not_exists()
        .await
        .map_err(|e| format!("Space on Close closes the inspector: {e}"))?;
    check(
        focused(lab, &format!("a.dataset && a.dataset.state === {state:?}")).await?,
        format!(
            "closing the inspector gives the focus back to {state} on the graph; it is on {}",
            describe_focus(lab).await
        ),
    )
}
