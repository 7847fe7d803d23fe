//! The release bundle in headless Chromium, served from a sub-path by a plain static server:
//! a learner opens "Hello, Pass", solves it, reloads, then breaks it and is told why.

use browser_tests::browser::ChromeDriver;
use browser_tests::static_server::StaticServer;
use std::path::PathBuf;
use thirtyfour::prelude::*;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// dist/ from `trunk build --release`, or `$E2E_DIST`.
fn dist() -> PathBuf {
    let dist = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the bundle first (scripts/wasm-env.sh trunk build --release)",
        dist.display()
    );
    dist
}

const WRONG: &str = r#"{"StartAt": "Greet", "States": {"Greet": {"Type": "Pass", "Parameters": {"greeting": "Hello", "name.$": "$.user.last", "plan.$": "$.plan"}, "End": true}}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_learner_solves_hello_pass_from_a_sub_path() {
    let server = StaticServer::start(dist(), "/lab/");
    let chromedriver = ChromeDriver::start();
    let driver = chromedriver.session().await.expect("a browser session");
    let outcome = scenario(&driver, &server).await;
    if let Err(err) = &outcome {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
        let _ = std::fs::create_dir_all(&dir);
        let shot = dir.join("a_learner_solves_hello_pass_from_a_sub_path.png");
        let _ = driver.screenshot(&shot).await;
        eprintln!("screenshot of the failure: {}", shot.display());
        let _ = driver.clone().quit().await;
        panic!("{err}");
    }
    driver.quit().await.expect("the browser closes");
}

async fn scenario(driver: &WebDriver, server: &StaticServer) -> Result<(), String> {
    let home = format!("{}/lab/", server.origin);
    driver.goto(&home).await.map_err(|e| e.to_string())?;

    // The lesson list, rendered by the wasm app.
    let link = driver
        .query(By::LinkText("Hello, Pass"))
        .first()
        .await
        .map_err(|e| format!("no lesson link: {e}"))?;
    link.click().await.map_err(|e| e.to_string())?;
    let editor = driver
        .query(By::Id("editor"))
        .first()
        .await
        .map_err(|e| format!("no editor: {e}"))?;
    let starter = editor
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    check(
        starter.contains("\"Greet\""),
        format!("the editor starts with the starter definition, not {starter:?}"),
    )?;
    let instructions = driver
        .find(By::ClassName("instructions"))
        .await
        .map_err(|e| e.to_string())?;
    let heading = instructions
        .find(By::Tag("h1"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    check(
        heading == "Hello, Pass",
        format!("the instructions are rendered from Markdown (h1 is {heading:?})"),
    )?;

    // A correct solution passes.
    let solution = std::fs::read_to_string(repo_root().join("lessons/01-hello-pass/solution.asl.json"))
        .map_err(|e| e.to_string())?;
    replace_text(&editor, &solution).await?;
    run(driver).await?;
    let verdict = wait_for_verdict(driver, "true").await?;
    check(
        verdict.contains("Lesson passed"),
        format!("the verdict says passed: {verdict:?}"),
    )?;
    let status = driver
        .find(By::Id("result-status"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    check(
        status == "SUCCEEDED",
        format!("the status is SUCCEEDED, not {status}"),
    )?;
    let output = driver
        .find(By::Id("result-output"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    check(
        output.contains("\"name\": \"Ada\""),
        format!("the output is shown: {output}"),
    )?;
    let visited = driver
        .find(By::Id("states-visited"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    check(
        visited.contains("Greet"),
        format!("the visited states are listed: {visited}"),
    )?;

    // The learner's text survives a reload.
    driver.refresh().await.map_err(|e| e.to_string())?;
    let editor = driver
        .query(By::Id("editor"))
        .first()
        .await
        .map_err(|e| e.to_string())?;
    let kept = editor
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    check(kept == solution, "the editor text survives a reload".to_string())?;

    // A wrong solution fails, and the page says why.
    replace_text(&editor, WRONG).await?;
    run(driver).await?;
    let verdict = wait_for_verdict(driver, "false").await?;
    check(
        verdict.contains("Not yet"),
        format!("the verdict says not yet: {verdict:?}"),
    )?;
    check(
        verdict.contains("output: $.name is \"Lovelace\"; expected \"Ada\""),
        format!("the verdict names the wrong field: {verdict:?}"),
    )?;

    // Nothing was fetched from anywhere but the lab's own origin and sub-path.
    let resources = driver
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name);",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let resources: Vec<String> = resources.convert().map_err(|e| e.to_string())?;
    check(!resources.is_empty(), "the page loaded its resources".to_string())?;
    for url in &resources {
        check(
            url.starts_with(&home),
            format!("a request left the lab's origin or sub-path: {url}"),
        )?;
    }
    for path in server.requests() {
        check(
            path.starts_with("/lab/"),
            format!("a request outside the sub-path reached the server: {path}"),
        )?;
    }
    Ok(())
}

fn check(holds: bool, what: String) -> Result<(), String> {
    if holds {
        Ok(())
    } else {
        Err(what)
    }
}

/// Selects everything in the editor and types over it, as a person would.
async fn replace_text(editor: &WebElement, text: &str) -> Result<(), String> {
    editor.click().await.map_err(|e| e.to_string())?;
    editor
        .send_keys(Key::Control + "a")
        .await
        .map_err(|e| e.to_string())?;
    editor.send_keys(Key::Delete).await.map_err(|e| e.to_string())?;
    editor.send_keys(text).await.map_err(|e| e.to_string())?;
    let typed = editor
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    check(
        typed == text,
        format!("the editor holds what was typed, not {typed:?}"),
    )
}

async fn run(driver: &WebDriver) -> Result<(), String> {
    driver
        .find(By::Id("run"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())
}

/// Waits for the verdict with the given `data-passed` and returns its text.
async fn wait_for_verdict(driver: &WebDriver, passed: &str) -> Result<String, String> {
    let verdict = driver
        .query(By::Id("verdict"))
        .first()
        .await
        .map_err(|e| format!("no verdict shown: {e}"))?;
    verdict
        .wait_until()
        .has_attribute("data-passed", passed.to_string())
        .await
        .map_err(|e| format!("the verdict never had data-passed={passed}: {e}"))?;
    verdict.text().await.map_err(|e| e.to_string())
}
