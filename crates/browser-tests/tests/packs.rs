//! Packs in headless Chromium: an instructor's pack loads from a link next to the bundle and from
//! a file, its lessons appear as a track of their own and pass; an invalid pack lists its problems
//! and the built-in track still works; a link to another site is refused.

use browser_tests::lab::{check, dist, replace_text, repo_root, Lab, Step};
use lessons::track::Files;
use thirtyfour::prelude::*;

/// A pack of the built-in lesson 01 under the title "Workshop".
fn workshop() -> String {
    let mut files: Files = lessons::builtin::files()
        .into_iter()
        .filter(|(path, _)| path.starts_with("01-hello-pass/"))
        .collect();
    let index = serde_json::json!({"title": "Workshop", "sections": [{"title": "Day 1", "lessons": ["01-hello-pass"]}]});
    files.insert("track.json".into(), index.to_string());
    lessons::pack::write(&files).expect("the pack is written")
}

/// The workshop pack with its lesson's checks gone and a section naming a missing folder.
fn broken() -> String {
    let mut pack: serde_json::Value = serde_json::from_str(&workshop()).expect("JSON");
    let files = pack["files"].as_object_mut().expect("files");
    let mut lesson: serde_json::Value =
        serde_json::from_str(files["01-hello-pass/lesson.json"].as_str().expect("text")).expect("JSON");
    lesson["checks"] = serde_json::json!([]);
    files.insert("01-hello-pass/lesson.json".into(), lesson.to_string().into());
    let index = serde_json::json!({"title": "Broken", "sections": [{"title": "Day 1", "lessons": ["01-hello-pass", "02-missing"]}]});
    files.insert("track.json".into(), index.to_string().into());
    pack.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pack_loads_by_link_and_by_file_and_its_lesson_passes() {
    let lab = Lab::start().await;
    let outcome = by_link_and_file(&lab).await;
    lab.finish("a_pack_loads_by_link_and_by_file_and_its_lesson_passes", outcome)
        .await;
}

async fn by_link_and_file(lab: &Lab) -> Step {
    let folder = dist().join("packs");
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    std::fs::write(folder.join("e2e-workshop.json"), workshop()).map_err(|e| e.to_string())?;
    lab.driver
        .goto(&format!("{}#/pack?src=packs/e2e-workshop.json", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let list = lab.wait_for_text("pack-lessons", "Hello, Pass").await?;
    check(
        list.contains("Hello, Pass"),
        format!("the pack's lesson is listed: {list}"),
    )?;
    lab.snapshot("pack_loaded").await;

    // Home shows the pack as a track beside the built-in one.
    lab.driver.goto(&lab.home()).await.map_err(|e| e.to_string())?;
    lab.element("lessons").await?;
    let beside = lab.wait_for_text("pack-lessons", "Hello, Pass").await?;
    check(
        beside.contains("Hello, Pass"),
        "the pack's track is on the home page",
    )?;
    lab.snapshot("pack_home").await;

    // Its lesson opens at its own address and passes with the solution.
    let link = lab
        .element("pack-lessons")
        .await?
        .find(By::LinkText("Hello, Pass"))
        .await
        .map_err(|e| format!("no link to the pack's lesson: {e}"))?;
    link.click().await.map_err(|e| e.to_string())?;
    let url = lab.driver.current_url().await.map_err(|e| e.to_string())?;
    check(
        url.as_str().ends_with("#/pack/lesson/hello-pass"),
        format!("the pack's lesson has its own address: {url}"),
    )?;
    let editor = lab.element("editor").await?;
    let solution = std::fs::read_to_string(repo_root().join("lessons/01-hello-pass/solution.asl.json"))
        .map_err(|e| e.to_string())?;
    replace_text(&editor, &solution).await?;
    lab.click("run").await?;
    let verdict = lab.verdict("true").await?;
    check(
        verdict.contains("Lesson passed"),
        format!("the pack's lesson passes: {verdict}"),
    )?;

    // The same pack, picked as a file, replaces the loaded one.
    lab.driver
        .goto(&format!("{}#/pack", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    lab.click("pack-remove").await?;
    let path = std::env::temp_dir().join(format!("sfn-lab-e2e-pack-{}.json", std::process::id()));
    std::fs::write(&path, workshop()).map_err(|e| e.to_string())?;
    lab.element("pack-file")
        .await?
        .send_keys(path.to_string_lossy().as_ref())
        .await
        .map_err(|e| format!("choosing the file: {e}"))?;
    let listed = lab.wait_for_text("pack-lessons", "Hello, Pass").await?;
    let _ = std::fs::remove_file(&path);
    check(
        listed.to_lowercase().contains("day 1"),
        format!("the file's pack is listed with its section: {listed}"),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_pack_lists_its_problems_and_the_built_in_track_still_works() {
    let lab = Lab::start().await;
    let outcome = invalid(&lab).await;
    lab.finish(
        "an_invalid_pack_lists_its_problems_and_the_built_in_track_still_works",
        outcome,
    )
    .await;
}

async fn invalid(lab: &Lab) -> Step {
    lab.driver
        .goto(&format!("{}#/pack", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let path = std::env::temp_dir().join(format!("sfn-lab-e2e-broken-{}.json", std::process::id()));
    std::fs::write(&path, broken()).map_err(|e| e.to_string())?;
    lab.element("pack-file")
        .await?
        .send_keys(path.to_string_lossy().as_ref())
        .await
        .map_err(|e| format!("choosing the file: {e}"))?;
    let problems = lab.wait_for_text("pack-problems", "cannot be loaded").await?;
    let _ = std::fs::remove_file(&path);
    check(
        problems.contains("02-missing") && problems.contains("checks"),
        format!("both problems are listed, each with its place: {problems}"),
    )?;
    lab.snapshot("pack_problems").await;

    // A link to another site is refused before anything is fetched.
    lab.driver
        .goto(&format!("{}#/pack?src=https://example.com/pack.json", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let refused = lab.wait_for_text("pack-problems", "not on this site").await?;
    check(
        refused.contains("relative path"),
        format!("the refusal says what is allowed: {refused}"),
    )?;

    // The built-in track is untouched: its first lesson still passes.
    let editor = lab
        .open_lesson_with_solution("hello-pass", "01-hello-pass")
        .await?;
    drop(editor);
    lab.click("run").await?;
    let verdict = lab.verdict("true").await?;
    check(
        verdict.contains("Lesson passed"),
        format!("the built-in lesson passes: {verdict}"),
    )
}
