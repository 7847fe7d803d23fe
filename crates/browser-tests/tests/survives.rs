//! The page survives the expression that used to kill it: `$fromMillis(0, '[Y,64]')` made the
//! JSONata engine divide by zero (a trap in the worker's wasm, issue 13). Its picture is now
//! checked before the engine sees it: the state fails with the limit named, the text is kept,
//! and the next run works. So does an expression that would exhaust the worker's memory.

use browser_tests::lab::{check, editor_text, replace_text, Lab, Step};

/// jsonata-core divides by zero formatting a year to 64 digits ("remainder with a divisor of zero").
const FORMER_CRASH: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $fromMillis(0, '[Y,64]') %}", "End": true}}}"#;
/// Built a billion values: 2.8 GB and an allocation failure before the byte budgets (issue 13).
const EXHAUSTING: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $count([1..1000].[1..1000000]) %}", "End": true}}}"#;
const FINE: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $fromMillis(0) %}", "End": true}}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn the_page_survives_the_expression_that_used_to_kill_it() {
    let lab = Lab::start().await;
    let outcome = survives(&lab).await;
    lab.finish("the_page_survives_the_expression_that_used_to_kill_it", outcome)
        .await;
}

async fn survives(lab: &Lab) -> Step {
    lab.driver
        .goto(&format!("{}#/playground", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    replace_text(&editor, FORMER_CRASH).await?;
    lab.click("run").await?;
    lab.wait_for_text("result-status", "FAILED").await?;
    let error = lab.text("result-error").await?;
    check(
        error.contains("States.QueryEvaluationError") && error.contains("at most 18"),
        format!("the state fails with the limit named: {error}"),
    )?;
    check(
        editor_text(&editor).await? == FORMER_CRASH,
        "the text is still there",
    )?;
    lab.snapshot("survives_crash").await;
    // The worker's wasm meters its evaluations as the CLI does: the state fails with the limit.
    replace_text(&editor, EXHAUSTING).await?;
    lab.click("run").await?;
    // The last result failed too: wait for this run's cause.
    let error = lab.wait_for_text("result-error", "MiB").await?;
    check(
        error.contains("States.QueryEvaluationError") && error.contains("MiB of values"),
        format!("the memory limit is named: {error}"),
    )?;
    replace_text(&editor, FINE).await?;
    lab.click("run").await?;
    let status = lab.wait_for_text("result-status", "SUCCEEDED").await?;
    check(
        status.contains("SUCCEEDED"),
        "the same worker runs the next machine",
    )?;
    let output = lab.text("result-output").await?;
    check(
        output.contains("1970-01-01T00:00:00.000Z"),
        format!("with the right output: {output}"),
    )
}
