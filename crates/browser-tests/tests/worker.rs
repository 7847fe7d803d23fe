//! The interpreter's Web Worker in headless Chromium: a machine that would run for minutes is
//! stopped from the page, which stays responsive and runs again; and the page's own wasm does
//! not carry the interpreter, which only the worker loads.

use browser_tests::lab::{check, dist, editor_text, replace_text, Lab, Step};
use std::time::{Duration, Instant};

/// A distributed Map of 2,000 children, each looping 6,000 times: minutes of work (the native
/// CLI takes over 20 s), ended only by Stop.
const RUNAWAY: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "Every item", "States": {
  "Every item": {"Type": "Map", "Items": "{% [1..2000] %}",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
      "StartAt": "Count", "States": {
        "Count": {"Type": "Pass", "Assign": {"n": "{% ($exists($n) ? $n : 0) + 1 %}"}, "Next": "Again?"},
        "Again?": {"Type": "Choice", "Choices": [{"Condition": "{% $n < 6000 %}", "Next": "Count"}], "Default": "Done"},
        "Done": {"Type": "Succeed"}}},
    "End": true}}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_runaway_machine_is_stopped_and_the_page_runs_again() {
    let lab = Lab::start().await;
    let outcome = runaway(&lab).await;
    lab.finish("a_runaway_machine_is_stopped_and_the_page_runs_again", outcome)
        .await;
}

async fn runaway(lab: &Lab) -> Step {
    lab.driver
        .goto(&format!("{}#/playground", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    replace_text(&editor, RUNAWAY).await?;
    lab.click("run").await?;
    let stop = lab.element("stop").await?;
    lab.wait_for_text("run-status", "Running").await?;
    // The page answers while the worker works: a script round trip stays short, and the
    // editor still reads.
    let started = Instant::now();
    let held = editor_text(&editor).await?;
    let answered = started.elapsed();
    check(
        held == RUNAWAY,
        "the editor still holds the machine while it runs",
    )?;
    check(
        answered < Duration::from_secs(2),
        format!("the page answered a script within 2 s while the machine ran, not {answered:?}"),
    )?;
    let still_running = lab.text("run-status").await?;
    check(
        still_running.contains("Running"),
        format!("the machine was still running when the page answered: {still_running:?}"),
    )?;
    lab.snapshot("worker-running").await;
    stop.click().await.map_err(|e| e.to_string())?;
    let halted = lab.verdict("false").await?;
    check(
        halted.contains("You stopped the run"),
        format!("the page says the run was stopped: {halted:?}"),
    )?;
    check(
        editor_text(&editor).await? == RUNAWAY,
        "Stop leaves the learner's text as it was",
    )?;
    lab.snapshot("worker-stopped").await;

    // A fresh worker runs the next machine.
    let small = RUNAWAY
        .replace("[1..2000]", "[1..3]")
        .replace("$n < 6000", "$n < 4");
    replace_text(&editor, &small).await?;
    lab.click("run").await?;
    let status = lab.wait_for_text("result-status", "SUCCEEDED").await?;
    check(
        status.contains("SUCCEEDED"),
        format!("the next run succeeded: {status}"),
    )
}

#[test]
fn the_page_wasm_leaves_the_interpreter_to_the_worker() {
    let dist = dist();
    let read = |name: &str| {
        std::fs::read(dist.join(name)).unwrap_or_else(|e| panic!("{name} in {}: {e}", dist.display()))
    };
    let page_name = std::fs::read_dir(&dist)
        .expect("dist/ lists")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with("sfn-lab-web-") && name.ends_with("_bg.wasm"))
        .expect("the page's wasm is in dist/");
    let page = read(&page_name);
    let worker = read("sfn-lab-worker_bg.wasm");
    let holds = |wasm: &[u8], text: &str| wasm.windows(text.len()).any(|w| w == text.as_bytes());
    // JSONata's error codes and the interpreter's own causes (the lessons' text, which the page
    // does carry, names AWS's error names, so those cannot tell).
    for text in [
        "T0410",
        "D3001",
        "An error occurred while executing the state",
        "The JSONPath",
    ] {
        assert!(holds(&worker, text), "the worker carries {text}");
        assert!(
            !holds(&page, text),
            "the page's wasm carries {text}: it links the interpreter"
        );
    }
    assert!(
        page.len() * 2 < worker.len() + page.len(),
        "the page's wasm ({} bytes) is the smaller part ({} bytes in the worker's)",
        page.len(),
        worker.len()
    );
}
