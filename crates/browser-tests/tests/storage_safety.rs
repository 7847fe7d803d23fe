//! Storage that never loses text, in headless Chromium: full storage shows a warning whose
//! "Download my work" holds what was typed (and a reload of the tab keeps it); Reset twice then
//! Undo brings back the text from before the first reset, and Undo is not offered again after a
//! reload; a stored value the lab did not write, or one from a newer lab, is reported and kept;
//! version 1 keys are migrated; the playground's example survives a reload.

mod common;

use browser_tests::lab::{check, editor_text, replace_text, type_text, Lab, Step};
use common::{capture_downloads, downloaded};
use serde_json::Value;
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

const TYPED: &str = r#"{"Comment": "typed while the storage is full", "StartAt": "Greet"}"#;

#[tokio::test(flavor = "multi_thread")]
async fn full_storage_shows_a_warning_and_the_work_can_be_downloaded() {
    let lab = Lab::start().await;
    let outcome = full_storage(&lab).await;
    // Leave the profile as it was found, whatever happened.
    let _ = lab
        .driver
        .execute("Object.keys(localStorage).filter(k => k.startsWith('junk-')).forEach(k => localStorage.removeItem(k));", vec![])
        .await;
    lab.finish(
        "full_storage_shows_a_warning_and_the_work_can_be_downloaded",
        outcome,
    )
    .await;
}

async fn full_storage(lab: &Lab) -> Step {
    let editor = lab.open_lesson("hello-pass").await?;
    check(
        lab.driver
            .find_all(By::Id("storage-warning"))
            .await
            .map_err(|e| e.to_string())?
            .is_empty(),
        "no warning while storage takes what is typed",
    )?;
    let junk: i64 = lab
        .driver
        .execute(
            "let chunk = 'x'.repeat(1 << 20), n = 0;
             while (chunk.length > 0) {
                 try { localStorage.setItem('junk-' + n, chunk); n += 1; }
                 catch (e) { chunk = chunk.slice(0, Math.floor(chunk.length / 2)); }
             }
             return n;",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?
        .convert()
        .map_err(|e| e.to_string())?;
    check(junk > 0, "the storage was filled")?;

    type_text(&editor, TYPED).await?;
    let warning = lab.wait_for_text("storage-warning", "not being saved").await?;
    check(
        warning.contains("full"),
        format!("the warning says why: {warning}"),
    )?;
    lab.snapshot("storage_full_warning").await;

    // "Download my work" holds the text the storage refused.
    capture_downloads(lab).await?;
    lab.click("storage-download").await?;
    let (name, text) = downloaded(lab, 0).await?;
    check(name.ends_with(".json"), format!("a JSON file is offered: {name}"))?;
    let file: Value = serde_json::from_str(&text).map_err(|e| format!("the download is not JSON: {e}"))?;
    let hello = file["lessons"]
        .as_array()
        .and_then(|all| all.iter().find(|l| l["id"] == "hello-pass"))
        .cloned()
        .unwrap_or_default();
    check(
        file["format"] == "sfn-lab-progress" && hello["definition"] == TYPED,
        format!("the download is a progress file with the typed text: {hello}"),
    )?;

    // A reload of the tab keeps the text (the tab's session storage) and still warns.
    lab.driver.refresh().await.map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    let kept = editor_text(&editor).await?;
    check(kept == TYPED, format!("a reload keeps what was typed: {kept:?}"))?;
    lab.wait_for_text("storage-warning", "not being saved").await?;

    // Room made: "Try saving again" saves it, and the warning goes.
    lab.driver
        .execute("Object.keys(localStorage).filter(k => k.startsWith('junk-')).forEach(k => localStorage.removeItem(k));", vec![])
        .await
        .map_err(|e| e.to_string())?;
    lab.click("storage-retry").await?;
    lab.driver
        .query(By::Id("storage-warning"))
        .not_exists()
        .await
        .map_err(|e| format!("the warning stays after a successful save: {e}"))?;
    let stored: Option<String> = lab
        .driver
        .execute(
            "return localStorage.getItem('sfn-lab/v2/draft/hello-pass');",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?
        .convert()
        .map_err(|e| e.to_string())?;
    check(
        stored.as_deref() == Some(Value::String(TYPED.into()).to_string().as_str()),
        format!("the text is in local storage now: {stored:?}"),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_twice_then_undo_brings_the_text_back_and_undo_is_not_offered_again() {
    let lab = Lab::start().await;
    let outcome = reset_and_undo(&lab).await;
    lab.finish(
        "reset_twice_then_undo_brings_the_text_back_and_undo_is_not_offered_again",
        outcome,
    )
    .await;
}

async fn reset_and_undo(lab: &Lab) -> Step {
    const A: &str =
        r#"{"Comment": "A", "StartAt": "Greet", "States": {"Greet": {"Type": "Pass", "End": true}}}"#;
    const B: &str =
        r#"{"Comment": "B", "StartAt": "Greet", "States": {"Greet": {"Type": "Pass", "End": true}}}"#;
    let editor = lab.open_lesson("hello-pass").await?;
    let starter = editor_text(&editor).await?;
    replace_text(&editor, A).await?;

    // A double click on Reset: two resets.
    let reset = lab.element("reset").await?;
    lab.driver
        .action_chain()
        .double_click_element(&reset)
        .perform()
        .await
        .map_err(|e| e.to_string())?;
    lab.click("reset").await?;
    check(
        editor_text(&editor).await? == starter,
        "the editor holds the starter after the resets",
    )?;
    lab.click("undo-reset").await?;
    let back = editor_text(&editor).await?;
    check(
        back == A,
        format!("Undo brings back the text from before the first reset: {back:?}"),
    )?;

    replace_text(&editor, B).await?;
    lab.driver.refresh().await.map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    check(editor_text(&editor).await? == B, "a reload keeps B")?;
    lab.element("reset").await?;
    check(
        lab.driver
            .find_all(By::Id("undo-reset"))
            .await
            .map_err(|e| e.to_string())?
            .is_empty(),
        "Undo is not offered again after a reload",
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stored_value_the_lab_did_not_write_is_reported_and_kept() {
    let lab = Lab::start().await;
    let outcome = corrupt(&lab).await;
    lab.finish(
        "a_stored_value_the_lab_did_not_write_is_reported_and_kept",
        outcome,
    )
    .await;
}

async fn corrupt(lab: &Lab) -> Step {
    const RAW: &str = r#"{"StartAt": "Written by hand"}"#;
    lab.driver.goto(&lab.home()).await.map_err(|e| e.to_string())?;
    lab.element("lessons").await?;
    lab.driver
        .execute(
            "const [raw] = arguments;
             localStorage.setItem('sfn-lab/v2/draft/hello-pass', raw);
             localStorage.setItem('sfn-lab/v9/draft/hello-pass', 'from a newer lab');
             localStorage.setItem('sfn-lab/v1/draft/choice', JSON.stringify('my version 1 choice'));
             localStorage.setItem('sfn-lab/v1/passed/choice', 'true');",
            vec![Value::String(RAW.into())],
        )
        .await
        .map_err(|e| e.to_string())?;

    // The lab starts again and opens the lesson whose draft is not what it wrote.
    lab.open_lesson("hello-pass").await?;
    lab.driver.refresh().await.map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    let report = lab
        .wait_for_text("storage-problems", "sfn-lab/v2/draft/hello-pass")
        .await?;
    check(
        report.contains("not a text") && report.contains("newer sfn-lab (storage version 9)"),
        format!("the report names the value and the newer lab's entry: {report}"),
    )?;
    lab.snapshot("storage_kept_report").await;

    // Typing in the lesson does not overwrite what was kept.
    type_text(&editor, r#"{"StartAt": "Typed now"}"#).await?;
    let stored: Value = lab
        .driver
        .execute(
            "return {
                 kept: localStorage.getItem('sfn-lab/v2/kept/sfn-lab/v2/draft/hello-pass'),
                 newer: localStorage.getItem('sfn-lab/v9/draft/hello-pass'),
                 v1: localStorage.getItem('sfn-lab/v1/draft/choice'),
             };",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?
        .json()
        .clone();
    let kept: Value = serde_json::from_str(stored["kept"].as_str().unwrap_or("null"))
        .map_err(|e| format!("no kept record: {e}: {stored}"))?;
    check(
        kept["value"] == RAW && kept["key"] == "sfn-lab/v2/draft/hello-pass",
        format!("the value is kept as it was: {kept}"),
    )?;
    check(
        stored["newer"] == "from a newer lab",
        format!("the newer lab's entry is untouched: {stored}"),
    )?;
    check(
        stored["v1"].is_null(),
        format!("version 1 keys were moved: {stored}"),
    )?;

    // "Download them" holds both.
    capture_downloads(lab).await?;
    lab.click("storage-kept-download").await?;
    let (_, text) = downloaded(lab, 0).await?;
    check(
        text.contains("Written by hand") && text.contains("from a newer lab"),
        format!("the download holds what is kept: {text}"),
    )?;

    // The version 1 work is where the lab now keeps it.
    let editor = lab.open_lesson("choice").await?;
    check(
        editor_text(&editor).await? == "my version 1 choice",
        "the version 1 draft opens",
    )?;
    lab.driver.goto(&lab.home()).await.map_err(|e| e.to_string())?;
    let passed = lab
        .element("lessons")
        .await?
        .find_all(By::Css(".lesson-item.passed"))
        .await
        .map_err(|e| e.to_string())?;
    check(passed.len() == 1, "the version 1 pass is kept")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_playground_s_example_survives_a_reload() {
    let lab = Lab::start().await;
    let outcome = example_kept(&lab).await;
    lab.finish("the_playground_s_example_survives_a_reload", outcome)
        .await;
}

async fn example_kept(lab: &Lab) -> Step {
    lab.driver
        .goto(&format!("{}#/playground", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let select = lab.element("example").await?;
    SelectElement::new(&select)
        .await
        .map_err(|e| e.to_string())?
        .select_by_value("approval-workflow")
        .await
        .map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    let definition = editor_text(&editor).await?;
    lab.driver.refresh().await.map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    check(
        editor_text(&editor).await? == definition,
        "the example's definition is kept",
    )?;
    let chosen = lab
        .element("example")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?;
    check(
        chosen.as_deref() == Some("approval-workflow"),
        format!("the picker shows the example the editor holds: {chosen:?}"),
    )
}
