//! The release bundle in headless Chromium, served from a sub-path by a plain static server:
//! a learner opens "Hello, Pass", solves it, reloads, then breaks it and is told why.

use browser_tests::lab::{check, editor_text, replace_text, repo_root, Lab, Step};
use thirtyfour::prelude::*;

const WRONG: &str = r#"{"StartAt": "Greet", "States": {"Greet": {"Type": "Pass", "Parameters": {"greeting": "Hello", "name.$": "$.user.last", "plan.$": "$.plan"}, "End": true}}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_learner_solves_hello_pass_from_a_sub_path() {
    let lab = Lab::start().await;
    let outcome = scenario(&lab).await;
    lab.finish("a_learner_solves_hello_pass_from_a_sub_path", outcome)
        .await;
}

async fn scenario(lab: &Lab) -> Step {
    let driver = &lab.driver;
    driver.goto(&lab.home()).await.map_err(|e| e.to_string())?;

    // The lesson list, rendered by the wasm app.
    let link = driver
        .query(By::LinkText("Hello, Pass"))
        .first()
        .await
        .map_err(|e| format!("no lesson link: {e}"))?;
    link.click().await.map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    let starter = editor_text(&editor).await?;
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
    lab.click("run").await?;
    let verdict = lab.verdict("true").await?;
    check(
        verdict.contains("Lesson passed"),
        format!("the verdict says passed: {verdict:?}"),
    )?;
    let status = lab.text("result-status").await?;
    check(
        status == "SUCCEEDED",
        format!("the status is SUCCEEDED, not {status}"),
    )?;
    let output = lab.text("result-output").await?;
    check(
        output.contains("\"name\": \"Ada\""),
        format!("the output is shown: {output}"),
    )?;
    let visited = lab.text("states-visited").await?;
    check(
        visited.contains("Greet"),
        format!("the visited states are listed: {visited}"),
    )?;

    // The learner's text survives a reload.
    driver.refresh().await.map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    let kept = editor_text(&editor).await?;
    check(kept == solution, "the editor text survives a reload")?;

    // A wrong solution fails, and the page says why.
    replace_text(&editor, WRONG).await?;
    lab.click("run").await?;
    let verdict = lab.verdict("false").await?;
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
    check(!resources.is_empty(), "the page loaded its resources")?;
    for url in &resources {
        check(
            url.starts_with(&lab.home()),
            format!("a request left the lab's origin or sub-path: {url}"),
        )?;
    }
    for path in lab.server.requests() {
        check(
            path.starts_with("/lab/"),
            format!("a request outside the sub-path reached the server: {path}"),
        )?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_jsonata_lesson_runs_in_the_page_and_refuses_what_aws_refuses() {
    let lab = Lab::start().await;
    let outcome = jsonata_scenario(&lab).await;
    lab.finish(
        "the_jsonata_lesson_runs_in_the_page_and_refuses_what_aws_refuses",
        outcome,
    )
    .await;
}

async fn jsonata_scenario(lab: &Lab) -> Step {
    let driver = &lab.driver;
    driver.goto(&lab.home()).await.map_err(|e| e.to_string())?;
    driver
        .query(By::LinkText("JSONata and variables: store an invoice"))
        .first()
        .await
        .map_err(|e| format!("no link to the JSONata lesson: {e}"))?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    let solution = std::fs::read_to_string(repo_root().join("lessons/18-invoice-jsonata/solution.asl.json"))
        .map_err(|e| e.to_string())?;

    // `$states.result` in a Pass state: refused before it runs, at the field, as AWS does.
    let refused = solution.replace(
        "\"{% $sum($states.input.items.(price * qty)) %}\"",
        "\"{% $states.result %}\"",
    );
    check(refused != solution, "the solution has the expression to replace")?;
    replace_text(&editor, &refused).await?;
    lab.click("run").await?;
    let verdict = lab.verdict("false").await?;
    check(
        verdict.contains("/States/Total/Output/total") && verdict.contains("reads $states.result"),
        format!("the verdict locates the refused expression: {verdict:?}"),
    )?;

    // The solution: JSONata, a variable and simulated S3, all in the page's wasm interpreter.
    replace_text(&editor, &solution).await?;
    lab.click("run").await?;
    let verdict = lab.verdict("true").await?;
    check(
        verdict.contains("Lesson passed"),
        format!("the verdict says passed: {verdict:?}"),
    )?;
    let output = lab.text("result-output").await?;
    check(
        output.contains("Ada/invoice.json") && output.contains("\"total\": 30"),
        format!("the output is shown: {output}"),
    )
}
