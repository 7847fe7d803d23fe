//! Export to AWS from the playground in headless Chromium: the approval workflow becomes a
//! CloudFormation template (made in the worker, saved from the page), and a broken scenario is
//! refused with its place.

use browser_tests::lab::{check, replace_text, Lab, Step};
use thirtyfour::components::SelectElement;

#[tokio::test(flavor = "multi_thread")]
async fn the_playground_exports_to_aws() {
    let lab = Lab::start().await;
    let outcome = export(&lab).await;
    lab.finish("the_playground_exports_to_aws", outcome).await;
}

async fn export(lab: &Lab) -> Step {
    lab.run_example("approval-workflow").await?;
    lab.wait_for_text("result-status", "RUNNING").await?;
    let select = lab.element("export-format").await?;
    SelectElement::new(&select)
        .await
        .map_err(|e| e.to_string())?
        .select_by_value("cloudformation")
        .await
        .map_err(|e| e.to_string())?;
    lab.click("export-aws").await?;
    let said = lab.wait_for_text("export-result", "Saved").await?;
    check(
        said.contains("template.json"),
        format!("the template is saved: {said}"),
    )?;

    replace_text(&lab.element("scenario").await?, "{ \"services\": ").await?;
    lab.click("export-aws").await?;
    let refused = lab.wait_for_text("export-result", "Scenario").await?;
    check(
        refused.contains("line 1"),
        format!("a broken scenario is refused with its place: {refused}"),
    )
}
