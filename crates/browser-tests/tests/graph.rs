//! The workflow graph beside the editor: the backup workflow drawn box by box with its Choice
//! rules and Default, marked after Run with how each state fared, states chosen by click and
//! keyboard, zoom and fit, and the last valid machine kept while the text is not JSON.

use browser_tests::lab::{check, replace_text, repo_root, Lab, Step};
use thirtyfour::prelude::*;

const STATES: [&str; 6] = [
    "Start Backup",
    "Backup Successful?",
    "Yes",
    "No",
    "Wait 3 sec",
    "Backup Success!",
];

#[tokio::test(flavor = "multi_thread")]
async fn the_backup_workflow_is_drawn_and_marked_after_run() {
    let lab = Lab::start().await;
    let outcome = scenario(&lab).await;
    lab.finish("the_backup_workflow_is_drawn_and_marked_after_run", outcome)
        .await;
}

/// The element the CSS selector finds inside #graph, waiting for it.
async fn in_graph(lab: &Lab, selector: &str) -> Step<WebElement> {
    lab.driver
        .query(By::Css(format!("#graph {selector}")))
        .first()
        .await
        .map_err(|e| format!("no {selector} in #graph: {e}"))
}

/// An attribute's value, or "".
async fn attr(element: &WebElement, name: &str) -> Step<String> {
    Ok(element
        .attr(name)
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default())
}

/// The text of an SVG element.
async fn svg_text(element: &WebElement) -> Step<String> {
    Ok(element
        .prop("textContent")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default())
}

/// Scrolls the graph into the middle of the window, then saves a screenshot.
async fn snapshot_graph(lab: &Lab, name: &str) -> Step {
    lab.driver
        .execute(
            "document.getElementById('graph-panel').scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    lab.snapshot(name).await;
    Ok(())
}

/// Waits until the state's box has `data-mark` = `mark`.
async fn wait_for_mark(lab: &Lab, state: &str, mark: &str) -> Step {
    let node = in_graph(lab, &format!("g[data-state='{state}']")).await?;
    node.wait_until()
        .has_attribute("data-mark", mark.to_string())
        .await
        .map_err(|e| format!("{state} is never marked {mark}: {e}"))
}

async fn scenario(lab: &Lab) -> Step {
    let driver = &lab.driver;
    let editor = lab
        .open_lesson_with_solution("backup-workflow", "06-backup-workflow")
        .await?;

    // A box per state, with its type, and Start and End.
    for state in STATES {
        in_graph(lab, &format!("g.node.state[data-state='{state}'] rect.box")).await?;
    }
    let choice = in_graph(lab, "g[data-state='Backup Successful?']").await?;
    check(
        attr(&choice, "data-type").await? == "Choice",
        "the Choice's box says its type",
    )?;
    in_graph(lab, "g.terminal.start circle").await?;
    in_graph(lab, "g.terminal.end circle").await?;

    // The Choice's rules, labelled; the Default, dashed and labelled.
    let rule = in_graph(lab, ".edge-label.choice[data-to='Yes'] text").await?;
    let text = svg_text(&rule).await?;
    check(
        text == "$.IsBackupSuccessful == true",
        format!("the rule to Yes is labelled with the rule: {text:?}"),
    )?;
    let default = in_graph(
        lab,
        ".edge.default[data-from='Backup Successful?'][data-to='No'] path",
    )
    .await?;
    let dashes = default
        .css_value("stroke-dasharray")
        .await
        .map_err(|e| e.to_string())?;
    check(
        dashes != "none" && !dashes.is_empty(),
        format!("the Default edge is dashed: {dashes:?}"),
    )?;
    let default_label = in_graph(lab, ".edge-label.default[data-to='No'] text").await?;
    check(
        svg_text(&default_label).await? == "Default",
        "the Default edge is labelled Default",
    )?;
    // The boxes of one layer do not overlap: Yes and No side by side.
    let (yes, no) = (
        in_graph(lab, "g[data-state='Yes'] rect.box").await?,
        in_graph(lab, "g[data-state='No'] rect.box").await?,
    );
    let (yes, no) = (
        yes.rect().await.map_err(|e| e.to_string())?,
        no.rect().await.map_err(|e| e.to_string())?,
    );
    check(
        (yes.y - no.y).abs() < 1.0 && yes.x + yes.width <= no.x,
        format!("Yes and No side by side without overlapping: {yes:?} {no:?}"),
    )?;
    snapshot_graph(lab, "graph_backup_drawn").await?;

    // Run: the shown check (the successful backup) went through Wait 3 sec and never reached No.
    lab.click("run").await?;
    lab.verdict("true").await?;
    wait_for_mark(lab, "Wait 3 sec", "succeeded").await?;
    wait_for_mark(lab, "No", "not-reached").await?;
    wait_for_mark(lab, "Start Backup", "succeeded").await?;
    in_graph(lab, "g[data-state='Wait 3 sec'] .mark-badge-succeeded").await?;
    let end = in_graph(lab, "g.terminal.end").await?;
    check(
        attr(&end, "data-mark").await? == "succeeded",
        "End is marked: the execution succeeded",
    )?;
    let legend = lab.text("graph-panel").await?;
    check(
        legend.contains("Succeeded") && legend.contains("Not reached"),
        format!("the legend names the marks shown: {legend:?}"),
    )?;
    snapshot_graph(lab, "graph_backup_marked").await?;

    // The failing check's run: No is marked failed, Wait 3 sec not reached.
    driver
        .find(By::XPath("//button[contains(., 'reports failure')]"))
        .await
        .map_err(|e| format!("no link to the second check: {e}"))?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    wait_for_mark(lab, "No", "failed").await?;
    wait_for_mark(lab, "Wait 3 sec", "not-reached").await?;
    in_graph(lab, "g[data-state='No'] .mark-badge-failed").await?;
    snapshot_graph(lab, "graph_backup_failed_run").await?;

    // A click chooses a state; so does Enter on a focused box.
    in_graph(lab, "g[data-state='Yes'] text.name")
        .await?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let yes = in_graph(lab, "g[data-state='Yes']").await?;
    yes.wait_until()
        .has_class("highlighted")
        .await
        .map_err(|e| format!("a click on Yes highlights it: {e}"))?;
    // ...and opens it in the inspector of the run shown below.
    let inspector = lab.element("inspector").await?;
    inspector
        .wait_until()
        .has_attribute("data-state", "Yes".to_string())
        .await
        .map_err(|e| format!("the inspector shows Yes: {e}"))?;
    let wait = in_graph(lab, "g[data-state='Wait 3 sec']").await?;
    check(
        attr(&wait, "tabindex").await? == "0",
        "state boxes take the keyboard focus",
    )?;
    driver
        .execute(
            "arguments[0].focus();",
            vec![wait.to_json().map_err(|e| e.to_string())?],
        )
        .await
        .map_err(|e| e.to_string())?;
    driver
        .active_element()
        .await
        .map_err(|e| e.to_string())?
        .send_keys(Key::Enter)
        .await
        .map_err(|e| e.to_string())?;
    wait.wait_until()
        .has_class("highlighted")
        .await
        .map_err(|e| format!("Enter on Wait 3 sec highlights it: {e}"))?;

    // Zoom in, then Fit back to the whole machine.
    let svg = lab.element("graph").await?;
    let fitted = attr(&svg, "viewBox").await?;
    lab.click("graph-zoom-in").await?;
    let zoomed = attr(&svg, "viewBox").await?;
    let width = |view: &str| {
        view.split_whitespace()
            .nth(2)
            .and_then(|w| w.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    check(
        width(&zoomed) < width(&fitted) && width(&zoomed) > 0.0,
        format!("+ zooms in: {fitted} -> {zoomed}"),
    )?;
    lab.click("graph-fit").await?;
    check(
        attr(&svg, "viewBox").await? == fitted,
        "Fit shows the whole machine again",
    )?;
    // The wheel zooms (about the pointer); a drag pans.
    let svg_json = svg.to_json().map_err(|e| e.to_string())?;
    driver
        .execute(
            "const svg = arguments[0]; const r = svg.getBoundingClientRect();
             svg.dispatchEvent(new WheelEvent('wheel', {deltaY: -300, clientX: r.left + r.width / 2,
                 clientY: r.top + r.height / 2, bubbles: true, cancelable: true}));",
            vec![svg_json],
        )
        .await
        .map_err(|e| e.to_string())?;
    let wheeled = attr(&svg, "viewBox").await?;
    check(
        width(&wheeled) < width(&fitted),
        format!("the wheel zooms in: {fitted} -> {wheeled}"),
    )?;
    let x = |view: &str| {
        view.split_whitespace()
            .next()
            .and_then(|x| x.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    driver
        .action_chain()
        .move_to_element_with_offset(&svg, -200, 0)
        .click_and_hold()
        .move_by_offset(120, 0)
        .release()
        .perform()
        .await
        .map_err(|e| e.to_string())?;
    let dragged = attr(&svg, "viewBox").await?;
    check(
        x(&dragged) < x(&wheeled) && width(&dragged) == width(&wheeled),
        format!("dragging right moves the view left: {wheeled} -> {dragged}"),
    )?;
    lab.click("graph-fit").await?;

    // Text that is not JSON: the last valid machine stays drawn, and the panel says so.
    replace_text(&editor, "{\n  \"StartAt\": \"Start Backup\",\n  \"States\": {").await?;
    lab.wait_for_text("graph-stale", "showing the last valid definition")
        .await?;
    for state in STATES {
        in_graph(lab, &format!("g[data-state='{state}']")).await?;
    }
    snapshot_graph(lab, "graph_backup_invalid_json").await?;
    Ok(())
}

const SNAPSHOT_FAILS: &str = r#"{"services": {"lambda": {"functions": {
  "snapshot-database": {"throws": {"error": "SnapshotFailed", "cause": "The disk is full"}},
  "copy-files": {"returns": {"copied": 3}}
}}}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn the_playground_draws_parallel_branches_and_catchers() {
    let lab = Lab::start().await;
    let outcome = playground(&lab).await;
    lab.finish("the_playground_draws_parallel_branches_and_catchers", outcome)
        .await;
}

async fn playground(lab: &Lab) -> Step {
    lab.driver
        .goto(&format!("{}#/playground", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    let parallel = std::fs::read_to_string(repo_root().join("lessons/11-parallel/solution.asl.json"))
        .map_err(|e| e.to_string())?;
    replace_text(&editor, &parallel).await?;
    // The snapshot fails and the copy works: the Parallel fails, and its catcher catches.
    let scenario = lab.element("scenario").await?;
    replace_text(&scenario, SNAPSHOT_FAILS).await?;

    // The branches' states are drawn inside the Parallel's box.
    let outer = in_graph(lab, "g[data-state='Back Up Everything'] rect.box").await?;
    let outer = outer.rect().await.map_err(|e| e.to_string())?;
    for branch in ["Snapshot Database", "Copy Files"] {
        let inner = in_graph(lab, &format!("g[data-state='{branch}'] rect.box")).await?;
        let inner = inner.rect().await.map_err(|e| e.to_string())?;
        check(
            inner.x >= outer.x
                && inner.y >= outer.y
                && inner.x + inner.width <= outer.x + outer.width
                && inner.y + inner.height <= outer.y + outer.height,
            format!("{branch} is drawn inside Back Up Everything: {inner:?} in {outer:?}"),
        )?;
    }
    // The catcher: its own colour and its errors as the label.
    let catch = in_graph(
        lab,
        ".edge.catch[data-from='Back Up Everything'][data-to='Backup Failed'] path",
    )
    .await?;
    let colour = catch.css_value("stroke").await.map_err(|e| e.to_string())?;
    check(
        colour.contains("209, 50, 18"),
        format!("the Catch edge is red: {colour}"),
    )?;
    let label = in_graph(lab, ".edge-label.catch text").await?;
    check(
        svg_text(&label).await? == "States.ALL",
        "the Catch edge is labelled with its errors",
    )?;
    snapshot_graph(lab, "graph_playground_parallel").await?;

    // Run: the Parallel is marked caught, the branch that threw failed, the Fail state failed.
    lab.click("run").await?;
    wait_for_mark(lab, "Back Up Everything", "caught").await?;
    wait_for_mark(lab, "Snapshot Database", "failed").await?;
    wait_for_mark(lab, "Backup Failed", "failed").await?;
    wait_for_mark(lab, "Backup Complete", "not-reached").await?;
    snapshot_graph(lab, "graph_playground_parallel_caught").await?;

    // A reload forgets the run. The saga: a catcher from each step that can fail.
    lab.driver.refresh().await.map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    let saga = std::fs::read_to_string(repo_root().join("lessons/14-saga/solution.asl.json"))
        .map_err(|e| e.to_string())?;
    replace_text(&editor, &saga).await?;
    in_graph(lab, "g[data-state='Order failed']").await?;
    let catches = lab
        .driver
        .find_all(By::Css("#graph .edge.catch"))
        .await
        .map_err(|e| e.to_string())?;
    check(
        catches.len() == 3,
        format!("three Catch edges, not {}", catches.len()),
    )?;
    snapshot_graph(lab, "graph_playground_saga").await?;

    // A polling loop: the edge back to the Wait is drawn going back up.
    replace_text(&editor, POLLING).await?;
    in_graph(
        lab,
        ".edge.back.default[data-from='Job Complete?'][data-to='Wait X Seconds']",
    )
    .await?;
    snapshot_graph(lab, "graph_playground_loop").await?;
    Ok(())
}

const POLLING: &str = r#"{
  "StartAt": "Submit Job",
  "States": {
    "Submit Job": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:submit", "Next": "Wait X Seconds"},
    "Wait X Seconds": {"Type": "Wait", "Seconds": 5, "Next": "Get Job Status"},
    "Get Job Status": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:status", "Next": "Job Complete?"},
    "Job Complete?": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.status", "StringEquals": "FAILED", "Next": "Job Failed"},
        {"Variable": "$.status", "StringEquals": "SUCCEEDED", "Next": "Get Final Job Status"}
      ],
      "Default": "Wait X Seconds"
    },
    "Job Failed": {"Type": "Fail", "Error": "JobFailed"},
    "Get Final Job Status": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:final", "End": true}
  }
}"#;
