//! Offline use through the service worker: after one visit a lesson passes with the server gone
//! (a reload included), and a new deployment is offered, not forced, and taken cleanly.

use browser_tests::lab::{check, dist, repo_root, Lab, Step};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

/// Evaluates `script`: its `return` value, a promise's result included.
async fn eval(lab: &Lab, script: &str) -> Step<serde_json::Value> {
    Ok(lab
        .driver
        .execute(script, vec![])
        .await
        .map_err(|e| format!("{script}: {e}"))?
        .json()
        .clone())
}

async fn eval_bool(lab: &Lab, script: &str) -> Step<bool> {
    eval(lab, script)
        .await?
        .as_bool()
        .ok_or_else(|| format!("{script} returned no boolean"))
}

async fn eval_ms(lab: &Lab, script: &str) -> Step<f64> {
    eval(lab, script)
        .await?
        .as_f64()
        .ok_or_else(|| format!("{script} returned no number"))
}

async fn eval_strings(lab: &Lab, script: &str) -> Step<Vec<String>> {
    let value = eval(lab, script).await?;
    Ok(value
        .as_array()
        .ok_or_else(|| format!("{script} returned no array"))?
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect())
}

/// Waits until a service worker controls the page (it claims the page it was installed from).
async fn wait_until_controlled(lab: &Lab) -> Step {
    let started = Instant::now();
    while !eval_bool(lab, "return !!navigator.serviceWorker.controller;").await? {
        check(
            started.elapsed() < Duration::from_secs(60),
            "no service worker controlled the page within 60 s",
        )?;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

/// Every URL in the page's caches.
async fn cached_urls(lab: &Lab) -> Step<Vec<String>> {
    eval_strings(
        lab,
        "return caches.keys()
           .then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))
           .then(lists => lists.flat().map(r => r.url));",
    )
    .await
}

/// Milliseconds from the navigation's start to the first frame that shows the editor.
const EDITOR_SHOWN_AT: &str = "return new Promise(done => {
    const look = () => document.getElementById('editor') ? done(performance.now()) : requestAnimationFrame(look);
    look();
});";

#[tokio::test(flavor = "multi_thread")]
async fn after_one_visit_a_lesson_passes_with_the_server_gone() {
    let lab = Lab::start().await;
    let outcome = offline(&lab).await;
    lab.finish("after_one_visit_a_lesson_passes_with_the_server_gone", outcome)
        .await;
}

async fn offline(lab: &Lab) -> Step {
    lab.open_lesson("hello-pass").await?;
    wait_until_controlled(lab).await?;
    // For comparison, a reload with the server up (the document from the network, the rest cached).
    lab.driver.refresh().await.map_err(|e| e.to_string())?;
    let online_shown = eval_ms(lab, EDITOR_SHOWN_AT).await?;
    // The whole bundle is cached, the interpreter's worker (unhashed names) included.
    let cached = cached_urls(lab).await?;
    // (sw.js itself is the browser's to keep.)
    for file in bundle_files(&dist()).into_iter().filter(|f| f != "sw.js") {
        check(
            cached.iter().any(|url| url.ends_with(&format!("/lab/{file}"))),
            format!("{file} is cached: {cached:?}"),
        )?;
    }

    lab.server.stop();
    let reloading = Instant::now();
    lab.driver.refresh().await.map_err(|e| e.to_string())?;
    let shown = eval_ms(lab, EDITOR_SHOWN_AT).await?;
    let waited = reloading.elapsed();
    lab.snapshot("offline_reloaded").await;

    let solution = std::fs::read_to_string(repo_root().join("lessons/01-hello-pass/solution.asl.json"))
        .map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    browser_tests::lab::replace_text(&editor, &solution).await?;
    lab.click("run").await?;
    let verdict = lab.verdict("true").await?;
    check(
        verdict.contains("Lesson passed"),
        format!("the lesson passes offline: {verdict:?}"),
    )?;
    let ready = eval_ms(
        lab,
        "return performance.getEntriesByName('sfn-lab:worker-ready')[0].startTime;",
    )
    .await?;
    let online = eval_bool(lab, "return navigator.onLine;").await?;
    eprintln!(
        "offline reload (server stopped): the editor showed {shown:.0} ms after the navigation \
         started (a reload with the server up: {online_shown:.0} ms), Run was usable at {ready:.0} ms; \
         refresh() and the wait took {} ms; navigator.onLine = {online}",
        waited.as_millis()
    );
    Ok(())
}

/// The files of a bundle, as paths with '/' (dist/packs/ is the packs test's, not the build's;
/// dist/lessons/ holds the lessons' contents the page fetches).
fn bundle_files(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("the bundle lists").flatten() {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() && !(prefix.is_empty() && name == "packs") {
                walk(&entry.path(), &format!("{prefix}{name}/"), out);
            } else if kind.is_file() {
                out.push(format!("{prefix}{name}"));
            }
        }
    }
    let mut files = Vec::new();
    walk(root, "", &mut files);
    files
}

/// A copy of dist/ that the test can deploy again.
fn copy_of_dist() -> PathBuf {
    let copy = std::env::temp_dir().join(format!("sfn-lab-offline-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    for file in bundle_files(&dist()) {
        let to = copy.join(&file);
        std::fs::create_dir_all(to.parent().expect("a file has a folder")).expect("a temporary folder");
        std::fs::copy(dist().join(&file), to).expect("a copy of the bundle");
    }
    copy
}

/// The version stamped into a bundle's sw.js.
fn version_of(bundle: &Path) -> Step<String> {
    let sw = std::fs::read_to_string(bundle.join("sw.js")).map_err(|e| format!("sw.js: {e}"))?;
    let start = sw
        .find("\"version\":\"")
        .ok_or("sw.js carries no stamped version")?
        + "\"version\":\"".len();
    Ok(sw[start..].chars().take_while(|c| *c != '"').collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_deployment_is_offered_and_taken_on_reload() {
    let bundle = copy_of_dist();
    let lab = Lab::start_serving(bundle.clone()).await;
    let outcome = update(&lab, &bundle).await;
    let _ = std::fs::remove_dir_all(&bundle);
    lab.finish("a_new_deployment_is_offered_and_taken_on_reload", outcome)
        .await;
}

async fn update(lab: &Lab, bundle: &Path) -> Step {
    let editor = lab.open_lesson("hello-pass").await?;
    wait_until_controlled(lab).await?;
    let old = version_of(bundle)?;

    // A new deployment: index.html changes, and the build's hook stamps a new sw.js.
    let index = bundle.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| e.to_string())?;
    std::fs::write(&index, html.replace("</body>", "<!-- deployed again --></body>"))
        .map_err(|e| e.to_string())?;
    let stamped = std::process::Command::new("node")
        .arg(repo_root().join("offline/stamp.mjs"))
        .env("TRUNK_STAGING_DIR", bundle)
        .status()
        .map_err(|e| format!("node offline/stamp.mjs: {e}"))?;
    check(stamped.success(), "offline/stamp.mjs stamps the new deployment")?;
    let new = version_of(bundle)?;
    check(new != old, "a new deployment has a new version")?;

    // The learner is typing when the page learns of it: nothing reloads on its own.
    browser_tests::lab::type_text(&editor, "{\"StartAt\": \"Mine\"").await?;
    lab.driver
        .execute("window.sfnLabSamePage = true;", vec![])
        .await
        .map_err(|e| e.to_string())?;
    // The page asks every 30 minutes; the test asks now.
    lab.driver
        .execute(
            "return navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true);",
            vec![],
        )
        .await
        .map_err(|e| format!("checking for a new version: {e}"))?;
    let notice = lab.wait_for_text("update-notice", "new version").await?;
    lab.snapshot("offline_update_notice").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    check(
        eval_bool(lab, "return window.sfnLabSamePage === true;").await?,
        format!("the page did not reload by itself ({notice:?})"),
    )?;

    lab.click("update-reload").await?;
    let started = Instant::now();
    // While the page reloads, a script may find no page to run in: that counts as not reloaded yet.
    while eval_bool(lab, "return window.sfnLabSamePage === true;")
        .await
        .unwrap_or(true)
    {
        check(
            started.elapsed() < Duration::from_secs(30),
            "Reload reloads the page",
        )?;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let editor = lab.element("editor").await?;
    wait_until_controlled(lab).await?;
    let kept = browser_tests::lab::editor_text(&editor).await?;
    check(
        kept == "{\"StartAt\": \"Mine\"",
        format!("the learner's text is kept across the update: {kept:?}"),
    )?;
    let caches = eval_strings(lab, "return caches.keys();").await?;
    check(
        caches.len() == 1 && caches[0].ends_with(&new),
        format!("only the new version's cache ({new}) is left: {caches:?}"),
    )?;
    let marker = lab.driver.find(By::Id("update-notice")).await.is_err();
    check(marker, "the notice is gone after the update")
}
