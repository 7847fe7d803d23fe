//! The playground in headless Chromium: pick an example, run it, see the result and the services.

use browser_tests::lab::{check, Lab, Step};
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_nested_execution_runs_in_the_playground() {
    let lab = Lab::start().await;
    let outcome = nested(&lab).await;
    lab.finish("a_nested_execution_runs_in_the_playground", outcome)
        .await;
}

async fn nested(lab: &Lab) -> Step {
    lab.run_example("nested-execution").await?;
    let status = lab.wait_for_text("result-status", "SUCCEEDED").await?;
    check(
        status == "SUCCEEDED",
        format!("the execution succeeded, not {status}"),
    )?;
    let output = lab.text("result-output").await?;
    check(
        output.contains("\"doubled\": 42"),
        format!("the child's result is the output: {output}"),
    )?;
    let services = lab.text("service-stepfunctions").await?;
    check(
        services.contains("Doubler")
            && services.contains("SUCCEEDED")
            && services.contains("\"doubled\": 42"),
        format!("the child execution is listed with its status and output: {services}"),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_learner_approves_the_waiting_order() {
    let lab = Lab::start().await;
    let outcome = approve(&lab).await;
    lab.finish("a_learner_approves_the_waiting_order", outcome).await;
}

async fn approve(lab: &Lab) -> Step {
    lab.run_example("approval-workflow").await?;
    lab.wait_for_text("result-status", "RUNNING").await?;
    if std::env::var_os("E2E_SCREENSHOTS").is_some() {
        let shot =
            browser_tests::lab::repo_root().join("crates/browser-tests/screenshots/approval-waiting.png");
        let _ = lab.driver.screenshot(&shot).await;
    }
    let waiting = lab.text("pending-tasks").await?;
    check(
        waiting.contains("Request Approval"),
        format!("the waiting task is shown: {waiting}"),
    )?;
    let services = lab.text("services").await?;
    check(
        services.contains("TaskToken"),
        format!("the queue holds the message with the token: {services}"),
    )?;
    let send = lab
        .driver
        .query(By::ClassName("send-success"))
        .first()
        .await
        .map_err(|e| e.to_string())?;
    send.click().await.map_err(|e| e.to_string())?;
    lab.wait_for_text("result-status", "SUCCEEDED").await?;
    let output = lab.text("result-output").await?;
    check(
        output.contains("\"status\": \"SUCCESS\""),
        format!("the callback's output is the task's result: {output}"),
    )?;
    let visited = lab.text("states-visited").await?;
    check(
        visited.contains("Success"),
        format!("the execution went on to Success: {visited}"),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_jsonata_workflow_runs_in_the_playground() {
    let lab = Lab::start().await;
    let outcome = jsonata_backup(&lab).await;
    lab.finish("a_jsonata_workflow_runs_in_the_playground", outcome)
        .await;
}

/// The JSONata example's lambda succeeds or fails at random (seeded): either way the page
/// must show what the JSONata expressions computed, in the browser's wasm build.
async fn jsonata_backup(lab: &Lab) -> Step {
    lab.run_example("backup-workflow-jsonata").await?;
    let status = lab.wait_for_text("result-status", "ED").await?;
    if status == "SUCCEEDED" {
        let output = lab.text("result-output").await?;
        check(
            output.contains("\"database\": \"orders\""),
            format!("the Output read the variable: {output}"),
        )
    } else {
        let error = lab.text("result-error").await?;
        check(
            error.contains("Backup.Failed") && error.contains("Backup Failed: Backup simulation failed."),
            format!("the Fail state's Cause expression parsed the Lambda error: {error}"),
        )
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_learner_answers_the_waiting_state_from_the_graph() {
    let lab = Lab::start().await;
    let outcome = answer_from_graph(&lab).await;
    lab.finish("a_learner_answers_the_waiting_state_from_the_graph", outcome)
        .await;
}

/// The waiting state is marked on the graph; a click opens "Answer this task" beside it, and
/// an edited payload sent from there is the task's result.
async fn answer_from_graph(lab: &Lab) -> Step {
    lab.run_example("approval-workflow").await?;
    lab.wait_for_text("result-status", "RUNNING").await?;
    let waiting = in_graph(lab, "g[data-state='Request Approval']").await?;
    waiting
        .wait_until()
        .has_attribute("data-mark", "waiting".to_string())
        .await
        .map_err(|e| format!("Request Approval is never marked waiting: {e}"))?;
    waiting.click().await.map_err(|e| e.to_string())?;
    let title = lab.wait_for_text("task-answer", "Answer this task").await?;
    check(
        title.contains("Request Approval"),
        format!("the box names the waiting state: {title}"),
    )?;
    let payload = lab.element("task-answer-payload").await?;
    payload.clear().await.map_err(|e| e.to_string())?;
    payload
        .send_keys(r#"{"status": "APPROVED", "by": "graph"}"#)
        .await
        .map_err(|e| e.to_string())?;
    lab.snapshot("playground_answer_from_graph").await;
    lab.click("task-answer-success").await?;
    lab.wait_for_text("result-status", "SUCCEEDED").await?;
    let output = lab.text("result-output").await?;
    check(
        output.contains("\"by\": \"graph\""),
        format!("the edited payload is the task's result: {output}"),
    )?;
    in_graph(lab, "g[data-state='Success']")
        .await?
        .wait_until()
        .has_attribute("data-mark", "succeeded".to_string())
        .await
        .map_err(|e| format!("Success is never marked succeeded: {e}"))?;
    check(
        lab.driver
            .find_all(By::Id("task-answer"))
            .await
            .map_err(|e| e.to_string())?
            .is_empty(),
        "the answer box closes once the task is answered",
    )?;
    lab.snapshot("playground_answered_from_graph").await;
    Ok(())
}

/// The first element in the graph that `selector` finds.
async fn in_graph(lab: &Lab, selector: &str) -> Step<WebElement> {
    lab.driver
        .query(By::Css(format!("#graph {selector}")))
        .first()
        .await
        .map_err(|e| format!("no {selector} in #graph: {e}"))
}
