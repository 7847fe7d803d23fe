//! The page survives an interpreter that dies: an expression that makes the JSONata engine panic
//! (a trap in the worker's wasm) is reported, the worker is restarted, and the next run works.

use browser_tests::lab::{check, editor_text, replace_text, Lab, Step};

/// jsonata-core divides by zero formatting a year to 64 digits ("remainder with a divisor of zero").
const CRASH: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $fromMillis(0, '[Y,64]') %}", "End": true}}}"#;
const FINE: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $fromMillis(0) %}", "End": true}}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn the_page_survives_an_interpreter_that_dies() {
    let lab = Lab::start().await;
    let outcome = survives(&lab).await;
    lab.finish("the_page_survives_an_interpreter_that_dies", outcome)
        .await;
}

async fn survives(lab: &Lab) -> Step {
    lab.driver
        .goto(&format!("{}#/playground", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    replace_text(&editor, CRASH).await?;
    lab.click("run").await?;
    let said = lab.wait_for_text("verdict", "internal error").await?;
    check(
        said.contains("your text is kept"),
        format!("the page says what happened and that nothing is lost: {said}"),
    )?;
    check(editor_text(&editor).await? == CRASH, "the text is still there")?;
    lab.snapshot("survives_crash").await;
    replace_text(&editor, FINE).await?;
    lab.click("run").await?;
    let status = lab.wait_for_text("result-status", "SUCCEEDED").await?;
    check(
        status.contains("SUCCEEDED"),
        "the restarted worker runs the next machine",
    )?;
    let output = lab.text("result-output").await?;
    check(
        output.contains("1970-01-01T00:00:00.000Z"),
        format!("with the right output: {output}"),
    )
}
