//! The playground in headless Chromium: pick an example, run it, see the result and the services.

use browser_tests::lab::{check, Lab, Step};
use thirtyfour::components::SelectElement;

#[tokio::test(flavor = "multi_thread")]
async fn a_nested_execution_runs_in_the_playground() {
    let lab = Lab::start().await;
    let outcome = nested(&lab).await;
    lab.finish("a_nested_execution_runs_in_the_playground", outcome)
        .await;
}

async fn nested(lab: &Lab) -> Step {
    lab.driver
        .goto(&format!("{}#/playground", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let select = lab.element("example").await?;
    SelectElement::new(&select)
        .await
        .map_err(|e| e.to_string())?
        .select_by_value("nested-execution")
        .await
        .map_err(|e| e.to_string())?;
    lab.click("run").await?;
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
    let services = lab.text("services").await?;
    check(
        services.contains("\"Status\": \"SUCCEEDED\""),
        format!("the child execution is listed: {services}"),
    )
}
