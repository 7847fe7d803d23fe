//! Progress files in headless Chromium: a learner passes a lesson, works on another and names
//! themselves; "Export my progress" saves one versioned JSON file; with the browser's storage
//! cleared, "Import" of that file brings back the drafts, the passes and the name.

mod common;

use browser_tests::lab::{check, editor_text, replace_text, repo_root, Lab, Step};
use common::{audit, capture_downloads, downloaded};
use serde_json::Value;
use thirtyfour::prelude::*;

const MINE: &str = r#"{"StartAt": "Mine", "States": {"Mine": {"Type": "Pass", "End": true}}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn progress_is_exported_then_imported_into_a_cleared_browser() {
    let lab = Lab::start().await;
    let outcome = export_and_import(&lab).await;
    lab.finish(
        "progress_is_exported_then_imported_into_a_cleared_browser",
        outcome,
    )
    .await;
}

async fn export_and_import(lab: &Lab) -> Step {
    let solution = std::fs::read_to_string(repo_root().join("lessons/01-hello-pass/solution.asl.json"))
        .map_err(|e| e.to_string())?;
    lab.open_lesson_with_solution("hello-pass", "01-hello-pass")
        .await?;
    lab.click("run").await?;
    lab.verdict("true").await?;

    let editor = lab.open_lesson("data-flow").await?;
    replace_text(&editor, MINE).await?;
    lab.click("run").await?;
    lab.verdict("false").await?;

    lab.driver.goto(&lab.home()).await.map_err(|e| e.to_string())?;
    lab.element("learner-name")
        .await?
        .send_keys("Ada Lovelace")
        .await
        .map_err(|e| e.to_string())?;
    capture_downloads(lab).await?;
    lab.click("progress-export").await?;
    let (name, text) = downloaded(lab, 0).await?;
    check(
        name == "sfn-lab-progress-ada-lovelace.json",
        format!("the file is named after the learner: {name}"),
    )?;
    let file: Value = serde_json::from_str(&text).map_err(|e| format!("the file is not JSON: {e}"))?;
    check(
        file["format"] == "sfn-lab-progress" && file["version"] == 1 && file["learner"] == "Ada Lovelace",
        format!(
            "the file says what it is and whose: {}",
            &text[..text.len().min(200)]
        ),
    )?;
    let lesson = |id: &str| {
        file["lessons"]
            .as_array()
            .and_then(|all| all.iter().find(|l| l["id"] == id))
            .cloned()
            .unwrap_or_default()
    };
    let hello = lesson("hello-pass");
    check(
        hello["passed"] == true
            && hello["attempts"] == 1
            && hello["definition"] == solution.as_str()
            && hello["verdict"]["passed"] == true,
        format!("hello-pass is passed, once, with its definition and verdict: {hello}"),
    )?;
    let data_flow = lesson("data-flow");
    let checks = data_flow["verdict"]["checks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    check(
        data_flow["passed"] == false
            && data_flow["attempts"] == 1
            && data_flow["definition"] == MINE
            && !checks.is_empty()
            && checks
                .iter()
                .all(|c| c["title"].is_string() && c["passed"] == false)
            && checks
                .iter()
                .any(|c| c["problems"].as_array().is_some_and(|p| !p.is_empty())),
        format!("data-flow has the draft and each check's verdict with its problems: {data_flow}"),
    )?;
    check(
        !text.contains("\"events\""),
        "the verdicts are compact: no executions",
    )?;
    check(
        file["lessons"].as_array().map(Vec::len) == Some(18),
        "every built-in lesson has an entry",
    )?;

    // Another machine: nothing stored.
    lab.driver
        .execute("localStorage.clear(); sessionStorage.clear();", vec![])
        .await
        .map_err(|e| e.to_string())?;
    lab.driver.refresh().await.map_err(|e| e.to_string())?;
    lab.element("lessons").await?;
    check(
        learner_name(lab).await?.is_empty(),
        "the cleared browser has no name",
    )?;
    check(
        passed_lessons(lab).await?.is_empty(),
        "the cleared browser has no passes",
    )?;

    let path = std::env::temp_dir().join(format!("sfn-lab-e2e-progress-{}.json", std::process::id()));
    std::fs::write(&path, &text).map_err(|e| e.to_string())?;
    lab.element("progress-import")
        .await?
        .send_keys(path.to_string_lossy().as_ref())
        .await
        .map_err(|e| format!("choosing the file: {e}"))?;
    let status = lab.wait_for_text("progress-status", "Imported").await;
    let _ = std::fs::remove_file(&path);
    let status = status?;
    check(
        status.contains("for Ada Lovelace") && status.contains("1 passed"),
        format!("the import says what it restored: {status}"),
    )?;
    check(learner_name(lab).await? == "Ada Lovelace", "the name is back")?;
    let passed = passed_lessons(lab).await?;
    check(
        passed.len() == 1 && passed[0].contains("Hello, Pass"),
        format!("the pass is back on the lesson list: {passed:?}"),
    )?;
    lab.snapshot("progress_imported").await;
    audit(lab, "the lessons page with a progress file imported").await?;

    let editor = lab.open_lesson("data-flow").await?;
    check(editor_text(&editor).await? == MINE, "the data-flow draft is back")?;
    let editor = lab.open_lesson("hello-pass").await?;
    check(
        editor_text(&editor).await? == solution,
        "the hello-pass definition is back",
    )
}

/// The learner's name as the field shows it.
async fn learner_name(lab: &Lab) -> Step<String> {
    lab.element("learner-name")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())
        .map(Option::unwrap_or_default)
}

/// The built-in lessons the home page marks passed.
async fn passed_lessons(lab: &Lab) -> Step<Vec<String>> {
    let items = lab
        .element("lessons")
        .await?
        .find_all(By::Css(".lesson-item.passed"))
        .await
        .map_err(|e| e.to_string())?;
    let mut titles = Vec::new();
    for item in items {
        titles.push(item.text().await.map_err(|e| e.to_string())?);
    }
    Ok(titles)
}
