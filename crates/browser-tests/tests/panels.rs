//! What a run shows, in headless Chromium: the state inspector (each data-flow step, a Choice's
//! rule, a Map's iterations), the history table (virtual time, details, the saved file), the
//! simulated services as tables, and each check's own execution in a lesson.

use browser_tests::lab::{check, replace_text, Lab, Step};
use serde_json::Value;
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_learner_inspects_the_backup_run_its_history_and_each_check() {
    let lab = Lab::start().await;
    let outcome = backup(&lab).await;
    lab.finish(
        "a_learner_inspects_the_backup_run_its_history_and_each_check",
        outcome,
    )
    .await;
}

async fn backup(lab: &Lab) -> Step {
    lab.open_lesson_with_solution("backup-workflow", "06-backup-workflow")
        .await?;
    lab.click("run").await?;
    lab.verdict("true").await?;

    // The Task: its input and each data-flow step, as the TestState API names them.
    click_css(lab, "#states-visited button[data-state='Start Backup']").await?;
    lab.wait_for_text("inspector", "Start Backup").await?;
    let steps = step_texts(lab).await?;
    let names: Vec<&str> = steps.iter().map(|(k, _)| k.as_str()).collect();
    check(
        names == ["input", "afterInputPath", "result", "afterResultPath", "output"],
        format!("the Task's data-flow steps, in order: {names:?}"),
    )?;
    check(
        steps[0].1.contains("{}"),
        format!("the Task's input is the execution's: {:?}", steps[0].1),
    )?;
    check(
        steps[2].1.contains("\"IsBackupSuccessful\": true"),
        format!(
            "the Task's result is what the function returned: {:?}",
            steps[2].1
        ),
    )?;

    // The Choice says which rule matched and where it went.
    click_css(lab, "#states-visited button[data-state='Backup Successful?']").await?;
    let choice = lab.wait_for_text("inspector", "matched").await?;
    check(
        choice.contains("Rule Choices[0] matched → Yes"),
        format!("the Choice's matching rule and next state: {choice:?}"),
    )?;

    // The Wait: entered at once, left 3 seconds of virtual time later.
    click_css(lab, "#states-visited button[data-state='Wait 3 sec']").await?;
    let wait = lab.wait_for_text("inspector", "Inspector: Wait 3 sec").await?;
    check(
        wait.contains("entered +0.000 s") && wait.contains("left +3.000 s"),
        format!("the Wait's virtual times: {wait:?}"),
    )?;
    check(
        wait.contains("Next: Backup Success!"),
        format!("the state after the Wait: {wait:?}"),
    )?;
    let steps = step_texts(lab).await?;
    check(
        steps.first().map(|(k, _)| k.as_str()) == Some("input")
            && steps.last().map(|(k, _)| k.as_str()) == Some("output"),
        format!("the Wait's input and output are shown: {steps:?}"),
    )?;
    scroll_to(lab, "inspector").await?;
    lab.snapshot("panels_inspector_wait").await;

    // The history: one row per event, with the virtual time since the start.
    let rows = history_rows(lab).await?;
    let row = |event_type: &str| {
        rows.iter()
            .find(|r| r.get(1).is_some_and(|t| t.ends_with(event_type)))
            .cloned()
            .unwrap_or_default()
    };
    check(
        row("WaitStateEntered").get(2).map(String::as_str) == Some("Wait 3 sec")
            && row("WaitStateEntered").get(3).map(String::as_str) == Some("+0.000 s"),
        format!("the Wait is entered at the start: {:?}", row("WaitStateEntered")),
    )?;
    check(
        row("WaitStateExited").get(3).map(String::as_str) == Some("+3.000 s"),
        format!("the Wait is left 3 s later: {:?}", row("WaitStateExited")),
    )?;
    check(
        row("ExecutionSucceeded").get(3).map(String::as_str) == Some("+3.000 s"),
        format!(
            "the execution ends 3 s after it started: {:?}",
            row("ExecutionSucceeded")
        ),
    )?;
    check(
        row("LambdaFunctionScheduled").get(2).map(String::as_str) == Some("Start Backup"),
        format!(
            "a Lambda event belongs to its Task: {:?}",
            row("LambdaFunctionScheduled")
        ),
    )?;

    // A row opens on its details.
    let id = row("LambdaFunctionSucceeded")
        .first()
        .cloned()
        .ok_or("no LambdaFunctionSucceeded row")?;
    click_css(lab, &format!("#event-{id}")).await?;
    let details = lab
        .wait_for_text(
            &format!("event-{id}-details"),
            "lambdaFunctionSucceededEventDetails",
        )
        .await?;
    check(
        details.contains("\"IsBackupSuccessful\": true"),
        format!("the event's output is shown as JSON: {details:?}"),
    )?;
    scroll_to(lab, "history").await?;
    lab.snapshot("panels_history").await;

    // "Save history" downloads GetExecutionHistory's shape, made in the page.
    let saved = saved_history(lab).await?;
    let events = saved["events"].as_array().cloned().unwrap_or_default();
    check(
        events.len() == rows.len()
            && events.first().map(|e| e["type"].clone()) == Some("ExecutionStarted".into()),
        format!(
            "the saved file holds every event: {} of {}",
            events.len(),
            rows.len()
        ),
    )?;
    check(
        events
            .iter()
            .any(|e| e["type"] == "WaitStateExited" && e["timestamp"] == "2024-01-01T00:00:03.000Z"),
        "the saved events keep their timestamps",
    )?;

    // Each check shows its own execution: the second one ends in No, without the Wait.
    let second = lab
        .driver
        .query(By::Css("#check-1 button.check-link"))
        .first()
        .await
        .map_err(|e| e.to_string())?;
    let title = second.text().await.map_err(|e| e.to_string())?;
    second.click().await.map_err(|e| e.to_string())?;
    let visited = lab.wait_for_text("states-visited", "No").await?;
    check(
        !visited.contains("Wait 3 sec"),
        format!("the second check's run did not wait: {visited:?}"),
    )?;
    // The Fail state gives a Cause and no Error: the cause is shown.
    let error = lab.text("result-error").await?;
    check(
        error == "Backup Failed",
        format!("the Fail state's cause: {error:?}"),
    )?;
    let heading = lab
        .driver
        .find(By::Css("section.execution h2"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    check(
        heading.contains(&title),
        format!("the execution shown is the clicked check's ({title:?}): {heading:?}"),
    )?;
    let inspector = lab
        .wait_for_text("inspector", "did not run in this execution")
        .await?;
    check(
        inspector.contains("Wait 3 sec"),
        format!("the inspector keeps its state and says it did not run: {inspector:?}"),
    )?;
    scroll_to(lab, "check-1").await?;
    lab.snapshot("panels_second_check").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_approval_example_shows_its_queue_message_in_a_table() {
    let lab = Lab::start().await;
    let outcome = approval(&lab).await;
    lab.finish("the_approval_example_shows_its_queue_message_in_a_table", outcome)
        .await;
}

async fn approval(lab: &Lab) -> Step {
    lab.run_example("approval-workflow").await?;
    lab.wait_for_text("result-status", "RUNNING").await?;
    let cells = table_cells(lab, "#service-sqs tr.sqs-message").await?;
    check(cells.len() == 1, format!("one message in the queue: {cells:?}"))?;
    let message = &cells[0];
    check(
        message.get(1).is_some_and(|body| {
            body.contains("\"MessageTitle\": \"Processing Order, approve / reject to proceed.\"")
                && body.contains("\"TaskToken\"")
        }),
        format!("the message body, pretty-printed, with the task token: {message:?}"),
    )?;
    check(
        message.get(2).map(String::as_str) == Some("orders"),
        format!("the FIFO message's group: {message:?}"),
    )?;
    check(
        message.get(3).map(String::as_str) == Some("2024-01-01\n00:00:00.000Z"),
        format!("when it was sent: {message:?}"),
    )?;
    let queue = lab.text("service-sqs").await?;
    check(
        queue.contains("orders.fifo") && queue.contains("FIFO") && queue.contains("1 message"),
        format!("the queue's heading: {queue:?}"),
    )?;
    let lambda = table_cells(lab, "#service-lambda tr.lambda-invocation").await?;
    check(
        lambda.len() == 1
            && lambda[0]
                .get(2)
                .is_some_and(|r| r.contains("\"IsOrderProcessed\": true")),
        format!("the function's invocation and what it returned: {lambda:?}"),
    )?;
    scroll_to(lab, "services").await?;
    lab.snapshot("panels_services_approval").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_map_iteration_opens_in_the_inspector() {
    let lab = Lab::start().await;
    let outcome = map(&lab).await;
    lab.finish("a_map_iteration_opens_in_the_inspector", outcome)
        .await;
}

async fn map(lab: &Lab) -> Step {
    lab.run_example("map-invoices").await?;
    lab.wait_for_text("result-status", "SUCCEEDED").await?;
    click_css(lab, "#states-visited button[data-state='Invoice per line']").await?;
    let inspector = lab.wait_for_text("inspector", "Iterations (3)").await?;
    let steps = step_texts(lab).await?;
    let names: Vec<&str> = steps.iter().map(|(k, _)| k.as_str()).collect();
    check(
        names.contains(&"afterItemsPath") && names.contains(&"afterItemSelector"),
        format!("the Map's item steps are shown: {names:?} in {inspector:?}"),
    )?;

    // The second iteration: closed at first, then its states with their input and output.
    let iteration = lab
        .driver
        .query(By::Css("#inspector details.group"))
        .all_from_selector()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .nth(1)
        .ok_or("no second iteration")?;
    let closed = iteration.text().await.map_err(|e| e.to_string())?;
    check(
        closed.contains("Iteration 1") && closed.contains("SUCCEEDED") && !closed.contains("Punch cards"),
        format!("the iteration is listed, closed: {closed:?}"),
    )?;
    iteration
        .find(By::Tag("summary"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let open = iteration.text().await.map_err(|e| e.to_string())?;
    check(
        open.contains("Generate PDF")
            && open.contains("Store PDF")
            && open.contains("\"product\": \"Punch cards\""),
        format!("the open iteration shows its states and its item: {open:?}"),
    )?;
    let iteration_id = iteration
        .attr("id")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    scroll_to(lab, &iteration_id).await?;
    lab.snapshot("panels_map_iteration").await;

    // A state inside the Map: each of its runs says which iteration it ran in.
    iteration
        .find(By::Css("button.state-link[data-state='Generate PDF']"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let inner = lab.wait_for_text("inspector", "Inspector: Generate PDF").await?;
    for i in 0..3 {
        check(
            inner.contains(&format!("Run {} of 3", i + 1))
                && inner.contains(&format!("Invoice per line › iteration {i}")),
            format!("run {} of Generate PDF is in iteration {i}: {inner:?}", i + 1),
        )?;
    }

    // The history says which iteration an event belongs to; the bucket holds the three PDFs.
    let rows = history_rows(lab).await?;
    check(
        rows.iter().any(|r| {
            r.get(1).is_some_and(|t| t.ends_with("TaskStateEntered"))
                && r.get(2)
                    .is_some_and(|s| s.contains("Store PDF") && s.contains("iteration 2"))
        }),
        format!("a state's events name their iteration: {rows:?}"),
    )?;
    let objects = table_cells(lab, "#service-s3 tr.s3-object").await?;
    let keys: Vec<&str> = objects
        .iter()
        .filter_map(|o| o.first().map(String::as_str))
        .collect();
    check(
        keys == ["o-200/line-1.pdf", "o-200/line-2.pdf", "o-200/line-3.pdf"],
        format!("the bucket's objects: {keys:?}"),
    )?;
    let bodies = table_cells(lab, "#service-s3 tr.s3-object-body").await?;
    check(
        objects[1].get(2).map(String::as_str) == Some("application/pdf")
            && bodies
                .get(1)
                .and_then(|b| b.first())
                .is_some_and(|b| b.contains("\"product\": \"Punch cards\"")),
        format!(
            "an object's content type and body: {:?} {:?}",
            objects[1],
            bodies.get(1)
        ),
    )?;
    scroll_to(lab, "history").await?;
    lab.snapshot("panels_map_history").await;
    scroll_to(lab, "service-s3").await?;
    lab.snapshot("panels_services_s3").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_parallel_s_branches_retries_and_catches_show_in_the_inspector() {
    let lab = Lab::start().await;
    let outcome = parallel(&lab).await;
    lab.finish(
        "a_parallel_s_branches_retries_and_catches_show_in_the_inspector",
        outcome,
    )
    .await;
}

/// Branch 1 retries a function that fails twice; branch 2 catches a function that always fails.
const PARALLEL: &str = r#"{"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
  {"StartAt": "Flaky", "States": {"Flaky": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
    "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "BackoffRate": 2, "MaxAttempts": 3}], "End": true}}},
  {"StartAt": "Broken", "States": {"Broken": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:broken",
    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recovered"}], "End": true},
    "Recovered": {"Type": "Pass", "End": true}}}]}}}"#;

const PARALLEL_SCENARIO: &str = r#"{"services": {"lambda": {"functions": {
  "flaky": {"sequence": [{"throws": {"error": "Busy", "cause": "try later"}}, {"throws": "Busy"}, {"returns": {"ok": true}}]},
  "broken": {"throws": {"error": "Broken", "cause": "always"}}}}}}"#;

async fn parallel(lab: &Lab) -> Step {
    lab.run_example("first-steps").await?;
    replace_text(&lab.element("editor").await?, PARALLEL).await?;
    replace_text(&lab.element("input").await?, "{}").await?;
    replace_text(&lab.element("scenario").await?, PARALLEL_SCENARIO).await?;
    lab.click("run").await?;
    lab.wait_for_text("result-status", "SUCCEEDED").await?;

    click_css(lab, "#states-visited button[data-state='Both']").await?;
    let both = lab.wait_for_text("inspector", "Branches (2)").await?;
    check(
        both.contains("Branch 1, from Flaky") && both.contains("Branch 2, from Broken"),
        format!("the branches, named by their first state: {both:?}"),
    )?;

    click_css(lab, "#states-visited button[data-state='Flaky']").await?;
    let flaky = lab.wait_for_text("inspector", "Retries").await?;
    check(
        flaky.contains("Both › branch 1 (from Flaky)") && flaky.contains("left +3.000 s"),
        format!("the retried task ran in branch 1 and ended after 1 + 2 s of retries: {flaky:?}"),
    )?;
    let retries = table_cells(lab, "#inspector table.retries tbody tr").await?;
    let columns = |r: &Vec<String>| (r[0].clone(), r[1].clone(), r[3].clone());
    check(
        retries.iter().map(columns).collect::<Vec<_>>()
            == [
                ("1".into(), "Busy".into(), "1 s".into()),
                ("2".into(), "Busy".into(), "2 s".into()),
            ]
            && retries[0][2].contains("\"errorMessage\": \"try later\""),
        format!("each retry's attempt, error, cause (the Lambda error, as JSON) and delay: {retries:?}"),
    )?;
    scroll_to(lab, "inspector").await?;
    lab.snapshot("panels_retries").await;

    click_css(lab, "#states-visited button[data-state='Broken']").await?;
    let broken = lab.wait_for_text("inspector", "Caught").await?;
    check(
        broken.contains("Caught Broken by Catch[0] → Recovered") && broken.contains("always"),
        format!("the caught error, its cause and where it went: {broken:?}"),
    )?;
    // Its next state, as a link: the inspector follows it.
    click_css(
        lab,
        "#inspector .caught button.state-link[data-state='Recovered']",
    )
    .await?;
    let recovered = lab.wait_for_text("inspector", "Inspector: Recovered").await?;
    check(
        recovered.contains("\"Error\": \"Broken\""),
        format!("the catcher's state received the error at its ResultPath: {recovered:?}"),
    )
}

/// Scrolls the element with this id to the top of the window, for the screenshots.
async fn scroll_to(lab: &Lab, id: &str) -> Step {
    lab.driver
        .execute(
            "document.getElementById(arguments[0])?.scrollIntoView({block: 'start'});",
            vec![Value::String(id.to_string())],
        )
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Clicks the first element matching `css`.
async fn click_css(lab: &Lab, css: &str) -> Step {
    lab.driver
        .query(By::Css(css))
        .first()
        .await
        .map_err(|e| format!("nothing matches {css}: {e}"))?
        .click()
        .await
        .map_err(|e| e.to_string())
}

/// The inspector's data-flow steps of its first run: (TestState key, text).
async fn step_texts(lab: &Lab) -> Step<Vec<(String, String)>> {
    let found = lab
        .driver
        .execute(
            "const run = document.querySelector('#inspector .state-run');
             return run ? [...run.querySelectorAll(':scope > table.dataflow tr.step')]
                 .map(r => [r.dataset.step, r.querySelector('td').innerText]) : [];",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let pairs: Vec<(String, String)> = found.convert().map_err(|e| e.to_string())?;
    check(!pairs.is_empty(), "the inspector shows data-flow steps")?;
    Ok(pairs)
}

/// The visible text of each cell of the rows matching `css`.
async fn table_cells(lab: &Lab, css: &str) -> Step<Vec<Vec<String>>> {
    lab.driver
        .query(By::Css(css))
        .first()
        .await
        .map_err(|e| format!("no row matches {css}: {e}"))?;
    lab.driver
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map(r => [...r.cells].map(c => c.innerText.trim()));",
            vec![Value::String(css.to_string())],
        )
        .await
        .map_err(|e| e.to_string())?
        .convert()
        .map_err(|e| e.to_string())
}

/// The history table's rows: id, type, state, elapsed.
async fn history_rows(lab: &Lab) -> Step<Vec<Vec<String>>> {
    let rows = table_cells(lab, "#history tr.event").await?;
    // The type cell starts with the row's ▸ toggle.
    Ok(rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| c.trim_start_matches(['▸', '▾']).trim().to_string())
                .collect()
        })
        .collect())
}

/// Clicks "Save history" and reads the file the page offered, from its Blob URL.
async fn saved_history(lab: &Lab) -> Step<Value> {
    // The download itself goes to the browser: record which link the page clicked instead.
    lab.driver
        .execute(
            "window.__saved = [];
             HTMLAnchorElement.prototype.click = function () {
                 window.__saved.push({href: this.href, download: this.download});
             };",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    lab.click("save-history").await?;
    let saved = lab
        .driver
        .execute(
            "const s = window.__saved[0];
             if (!s) return null;
             return fetch(s.href).then(r => r.text()).then(text => ({href: s.href, download: s.download, text}));",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let saved = saved.json().clone();
    check(
        saved["href"].as_str().is_some_and(|h| h.starts_with("blob:"))
            && saved["download"] == "execution-history.json",
        format!("the page offered a Blob URL to download: {saved}"),
    )?;
    serde_json::from_str(saved["text"].as_str().unwrap_or_default())
        .map_err(|e| format!("the saved history is not JSON: {e}"))
}
