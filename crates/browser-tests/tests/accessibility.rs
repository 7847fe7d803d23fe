//! An accessibility audit with axe-core (npm's, from node_modules) of the lesson page after a
//! run, the playground after a run and the inspector open, in the light and the dark theme: no
//! serious or critical violation (colour contrast included).

use browser_tests::lab::{check, repo_root, Lab, Step};
use thirtyfour::prelude::*;

/// axe-core's browser build, as `npm ci` (scripts/setup.sh) installs it.
fn axe_source() -> Step<String> {
    let path = repo_root().join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {}: {e}. Run scripts/setup.sh (it runs npm ci, which installs axe-core)",
            path.display()
        )
    })
}

/// Runs axe on the page as it is now; fails listing every serious or critical violation.
async fn audit(lab: &Lab, page: &str) -> Step {
    let source = axe_source()?;
    // A script element runs at the top level, where axe.min.js defines `window.axe`.
    lab.driver
        .execute(
            "if (!window.axe) { const s = document.createElement('script');
               s.textContent = arguments[0]; document.head.appendChild(s); }
             return typeof window.axe;",
            vec![serde_json::Value::String(source)],
        )
        .await
        .map_err(|e| format!("injecting axe-core: {e}"))?;
    // WebDriver waits for the promise that the script returns.
    let found = lab
        .driver
        .execute(
            "return axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               targets: v.nodes.map(n => n.target.join(' ')) })));",
            vec![],
        )
        .await
        .map_err(|e| format!("running axe on {page}: {e}"))?;
    let violations: Vec<serde_json::Value> = found
        .convert()
        .map_err(|e| format!("axe's violations on {page}: {e}"))?;
    let mut report = Vec::new();
    for v in &violations {
        let impact = v["impact"].as_str().unwrap_or("none");
        let line = format!(
            "[{impact}] {}: {} at {}",
            v["id"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or(""),
            v["targets"]
        );
        eprintln!("axe on {page}: {line}");
        if matches!(impact, "serious" | "critical") {
            report.push(line);
        }
    }
    check(
        report.is_empty(),
        format!(
            "axe found serious or critical violations on {page}:\n{}",
            report.join("\n")
        ),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lesson_page_after_a_run_passes_axe() {
    let lab = Lab::start().await;
    let outcome = lesson(&lab, "light").await;
    lab.finish("the_lesson_page_after_a_run_passes_axe", outcome)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lesson_page_in_the_dark_theme_passes_axe() {
    let lab = Lab::start().await;
    let outcome = lesson(&lab, "dark").await;
    lab.finish("the_lesson_page_in_the_dark_theme_passes_axe", outcome)
        .await;
}

/// Screenshots are named axe_*, or axe_dark_* in the dark theme.
fn shot(theme: &str, name: &str) -> String {
    match theme {
        "dark" => format!("axe_dark_{name}"),
        _ => format!("axe_{name}"),
    }
}

async fn lesson(lab: &Lab, theme: &str) -> Step {
    axe_source()?;
    lab.open_lesson_with_solution("backup-workflow", "06-backup-workflow")
        .await?;
    lab.choose_theme(theme).await?;
    lab.click("run").await?;
    lab.verdict("true").await?;
    lab.snapshot(&shot(theme, "lesson")).await;
    audit(lab, &format!("the backup lesson after a run ({theme})")).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_playground_and_the_inspector_pass_axe() {
    let lab = Lab::start().await;
    let outcome = playground(&lab, "light").await;
    lab.finish("the_playground_and_the_inspector_pass_axe", outcome)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_playground_and_the_inspector_in_the_dark_theme_pass_axe() {
    let lab = Lab::start().await;
    let outcome = playground(&lab, "dark").await;
    lab.finish(
        "the_playground_and_the_inspector_in_the_dark_theme_pass_axe",
        outcome,
    )
    .await;
}

async fn playground(lab: &Lab, theme: &str) -> Step {
    axe_source()?;
    // The approval example waits for a callback: the answer box and the services show too.
    lab.run_example("approval-workflow").await?;
    lab.choose_theme(theme).await?;
    lab.wait_for_text("result-status", "RUNNING").await?;
    lab.snapshot(&shot(theme, "playground")).await;
    audit(lab, &format!("the playground after a run ({theme})")).await?;
    let state = lab
        .driver
        .query(By::Css("#graph g[data-state='Request Approval']"))
        .first()
        .await
        .map_err(|e| format!("no Request Approval in #graph: {e}"))?;
    state.click().await.map_err(|e| e.to_string())?;
    lab.element("inspector").await?;
    lab.snapshot(&shot(theme, "inspector")).await;
    audit(lab, &format!("the playground with the inspector open ({theme})")).await
}
