//! The code editor (CodeMirror, bundled from npm) as a learner uses it: line numbers, the
//! validator's diagnostics at their line as you type, Ctrl+Enter runs, Format document, undo,
//! search, Tab that indents but lets the keyboard leave (Esc then Tab), and text kept over a reload.

use browser_tests::lab::{check, dist, editor_text, replace_text, repo_root, type_text, Lab, Step};
use std::path::Path;
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

/// Typed key by key: a Pass state with neither Next nor End (AWS: SCHEMA_VALIDATION_FAILED).
const NO_END: &str = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}"#;

/// A Next to a state that does not exist, on line 6 (AWS: MISSING_TRANSITION_TARGET).
const MISSING_TARGET: &str = "{\n  \"StartAt\": \"Greet\",\n  \"States\": {\n    \"Greet\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"Nowhere\"\n    }\n  }\n}\n";

/// Hello, Pass's solution on one line.
const COMPACT: &str = r#"{"Comment":"Greet a new user","StartAt":"Greet","States":{"Greet":{"Type":"Pass","Parameters":{"greeting":"Hello","name.$":"$.user.first","plan.$":"$.plan"},"End":true}}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_learner_edits_with_diagnostics_keys_format_and_undo() {
    let lab = Lab::start().await;
    let outcome = lesson_editor(&lab).await;
    lab.finish("a_learner_edits_with_diagnostics_keys_format_and_undo", outcome)
        .await;
}

async fn lesson_editor(lab: &Lab) -> Step {
    let driver = &lab.driver;
    let editor = lab.open_lesson("hello-pass").await?;

    // Line numbers.
    let gutter = driver
        .find(By::Css(".cm-lineNumbers"))
        .await
        .map_err(|e| format!("no line numbers: {e}"))?;
    let numbers = gutter.text().await.map_err(|e| e.to_string())?;
    check(
        gutter.is_displayed().await.unwrap_or(false) && numbers.starts_with("1\n2\n3"),
        format!("the line numbers are shown: {numbers:?}"),
    )?;

    // Typed key by key: the validator's diagnostic, with AWS's code, where the state is.
    type_text(&editor, NO_END).await?;
    let problems = lab
        .wait_for_text("editor-problems", "SCHEMA_VALIDATION_FAILED")
        .await?;
    check(
        problems.contains("line 1, column 29") && problems.contains("needs either 'Next'"),
        format!("the problem is placed and explained: {problems:?}"),
    )?;
    lint_range_on_line(lab, 1, "\"A\"").await?;

    // On a later line: the mark sits on that line, with its gutter marker and hover tooltip.
    replace_text(&editor, MISSING_TARGET).await?;
    let problems = lab
        .wait_for_text("editor-problems", "MISSING_TRANSITION_TARGET")
        .await?;
    check(
        problems.contains("line 6, column 7"),
        format!("the missing target is placed on line 6: {problems:?}"),
    )?;
    let mark = lint_range_on_line(lab, 6, "\"Next\"").await?;
    driver
        .find(By::Css(".cm-gutter-lint .cm-lint-marker-error"))
        .await
        .map_err(|e| format!("no lint marker in the gutter: {e}"))?;
    driver
        .action_chain()
        .move_to_element_center(&mark)
        .perform()
        .await
        .map_err(|e| e.to_string())?;
    let tooltip = driver
        .query(By::Css(".cm-tooltip-lint"))
        .first()
        .await
        .map_err(|e| format!("no tooltip on hover: {e}"))?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    check(
        tooltip.contains("MISSING_TRANSITION_TARGET") && tooltip.contains("'Nowhere'"),
        format!("the tooltip shows AWS's code and message: {tooltip:?}"),
    )?;
    lab.snapshot("editor_diagnostics").await;

    // Ctrl+Enter runs, and inserts nothing.
    let solution = std::fs::read_to_string(repo_root().join("lessons/01-hello-pass/solution.asl.json"))
        .map_err(|e| e.to_string())?;
    replace_text(&editor, &solution).await?;
    editor
        .send_keys(Key::Control + Key::Enter)
        .await
        .map_err(|e| e.to_string())?;
    let verdict = lab.verdict("true").await?;
    check(
        verdict.contains("Lesson passed"),
        format!("Ctrl+Enter ran the lesson: {verdict:?}"),
    )?;
    check(
        editor_text(&editor).await? == solution,
        "Ctrl+Enter left the text as it was",
    )?;
    wait_for_no_problem(lab, "editor-problems", "a valid definition shows no problem").await?;

    // Format document (the button), undo, and the key (Shift+Alt+F).
    let formatted = solution.trim_end();
    replace_text(&editor, COMPACT).await?;
    lab.click("editor-format").await?;
    wait_for_editor_text(&editor, formatted, "the button formats the document").await?;
    lab.snapshot("editor_formatted").await;
    editor
        .send_keys(Key::Control + "z")
        .await
        .map_err(|e| e.to_string())?;
    wait_for_editor_text(&editor, COMPACT, "Ctrl+Z undoes the formatting").await?;
    editor
        .send_keys(Key::Shift + Key::Alt + "f")
        .await
        .map_err(|e| e.to_string())?;
    wait_for_editor_text(&editor, formatted, "Shift+Alt+F formats the document").await?;
    type_text(&editor, "{").await?;
    lab.click("editor-format").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    check(
        editor_text(&editor).await? == "{",
        "text that is not JSON is left as it is",
    )?;
    editor
        .send_keys(Key::Control + "z")
        .await
        .map_err(|e| e.to_string())?;
    wait_for_editor_text(&editor, formatted, "Ctrl+Z undoes the typing").await?;

    // Search: Ctrl+F opens the search panel, Escape closes it.
    editor
        .send_keys(Key::Control + "f")
        .await
        .map_err(|e| e.to_string())?;
    let field = driver
        .query(By::Css(".cm-search input[name=search]"))
        .first()
        .await
        .map_err(|e| format!("Ctrl+F opened no search panel: {e}"))?;
    field.send_keys("user").await.map_err(|e| e.to_string())?;
    driver
        .query(By::Css(".cm-searchMatch"))
        .first()
        .await
        .map_err(|e| format!("the search marks no match: {e}"))?;
    lab.snapshot("editor_search").await;
    field.send_keys(Key::Escape).await.map_err(|e| e.to_string())?;
    driver
        .query(By::Css(".cm-search"))
        .wait_until_gone()
        .await
        .map_err(|e| format!("Escape leaves the search panel open: {e}"))?;

    // Tab indents and keeps the focus; Escape then Tab leaves the editor for the next control.
    editor.click().await.map_err(|e| e.to_string())?;
    editor.send_keys(Key::Tab).await.map_err(|e| e.to_string())?;
    check(
        focused_id(lab).await? == "editor",
        "Tab alone stays in the editor",
    )?;
    let indented = editor_text(&editor).await?;
    check(
        indented != formatted && indented.replace(' ', "") == formatted.replace(' ', ""),
        format!("Tab indented: {indented:?}"),
    )?;
    editor
        .send_keys(Key::Control + "z")
        .await
        .map_err(|e| e.to_string())?;
    wait_for_editor_text(&editor, formatted, "Ctrl+Z undoes the indent").await?;
    editor.send_keys(Key::Escape).await.map_err(|e| e.to_string())?;
    editor.send_keys(Key::Tab).await.map_err(|e| e.to_string())?;
    let focused = focused_id(lab).await?;
    check(
        focused == "editor-format",
        format!("Esc then Tab moves the focus to the next control, not to #{focused}"),
    )?;
    check(
        editor_text(&editor).await? == formatted,
        "Esc then Tab changed nothing in the text",
    )?;

    // The text survives a reload.
    driver.refresh().await.map_err(|e| e.to_string())?;
    let editor = lab.element("editor").await?;
    check(
        editor_text(&editor).await? == formatted,
        "the editor text survives a reload",
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_playgrounds_json_editors_check_syntax_only_and_run_with_ctrl_enter() {
    let lab = Lab::start().await;
    let outcome = playground_editors(&lab).await;
    lab.finish(
        "the_playgrounds_json_editors_check_syntax_only_and_run_with_ctrl_enter",
        outcome,
    )
    .await;
}

async fn playground_editors(lab: &Lab) -> Step {
    lab.driver
        .goto(&format!("{}#/playground", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let input = lab.element("input").await?;
    let original = editor_text(&input).await?;

    // Not a definition: any JSON is fine, only syntax is checked.
    replace_text(&input, "{\"StartAt\": 1,\n  \"x\": }").await?;
    let problems = lab.wait_for_text("input-problems", "INVALID_JSON").await?;
    check(
        problems.contains("line 2") && !problems.contains("SCHEMA_VALIDATION_FAILED"),
        format!("the input's syntax error is placed, nothing else: {problems:?}"),
    )?;
    lab.snapshot("editor_playground_input").await;
    replace_text(&input, "{\"StartAt\": 1}").await?;
    wait_for_no_problem(lab, "input-problems", "the problem goes once the input is JSON").await?;

    // Ctrl+Enter runs from the input editor too.
    replace_text(&input, &original).await?;
    input
        .send_keys(Key::Control + Key::Enter)
        .await
        .map_err(|e| e.to_string())?;
    let status = lab.wait_for_text("result-status", "").await?;
    check(
        !status.is_empty(),
        "Ctrl+Enter in the input editor ran the machine",
    )
}

/// The diagnostic's mark on `line` (1-based), which underlines `token`.
async fn lint_range_on_line(lab: &Lab, line: usize, token: &str) -> Step<WebElement> {
    let lines = lab
        .driver
        .query(By::Css(".cm-content .cm-line"))
        .all_from_selector_required()
        .await
        .map_err(|e| e.to_string())?;
    let row = lines
        .get(line - 1)
        .ok_or(format!("the editor shows fewer than {line} lines"))?;
    let mark = row
        .query(By::Css(".cm-lintRange-error"))
        .first()
        .await
        .map_err(|e| format!("no diagnostic mark on line {line}: {e}"))?;
    let marked = mark.text().await.map_err(|e| e.to_string())?;
    check(
        marked == token,
        format!("the mark on line {line} underlines {token}, not {marked:?}"),
    )?;
    Ok(mark)
}

#[tokio::test(flavor = "multi_thread")]
async fn codemirror_arrives_after_the_first_render_and_keeps_what_was_typed() {
    // A bundle whose editor file is missing at first, as on a slow or dropped connection.
    let bundle = std::env::temp_dir().join(format!("sfn-lab-late-editor-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&bundle);
    std::fs::create_dir_all(&bundle).expect("a temporary folder");
    let mut editor_file = None;
    for entry in std::fs::read_dir(dist()).expect("dist/ lists") {
        let path = entry.expect("an entry").path();
        if !path.is_file() {
            continue;
        }
        let name = path.file_name().expect("a name").to_owned();
        if name.to_string_lossy().starts_with("cm-editor-") {
            editor_file = Some((name, std::fs::read(&path).expect("the editor file")));
        } else {
            std::fs::copy(&path, bundle.join(&name)).expect("a copy of the bundle");
        }
    }
    let (name, bytes) = editor_file.expect("dist/ has the CodeMirror bundle (cm-editor-*.js)");
    let lab = Lab::start_serving(bundle.clone()).await;
    let outcome = late_editor(&lab, &bundle.join(name), &bytes).await;
    let _ = std::fs::remove_dir_all(&bundle);
    lab.finish(
        "codemirror_arrives_after_the_first_render_and_keeps_what_was_typed",
        outcome,
    )
    .await;
}

async fn late_editor(lab: &Lab, editor_file: &Path, bytes: &[u8]) -> Step {
    // Without CodeMirror the lesson shows, with a textarea to type in.
    lab.driver
        .goto(&format!("{}#/lesson/hello-pass", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    lab.element("reset").await?;
    let failed = Instant::now();
    while !page_flag(lab, "window.SfnEditorFailed === true").await? {
        if failed.elapsed() > Duration::from_secs(10) {
            return Err("the page never noticed that the editor's file is missing".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let textarea = lab.element("editor").await?;
    check(
        textarea.tag_name().await.map_err(|e| e.to_string())? == "textarea",
        "without CodeMirror the editor is a textarea",
    )?;
    type_text(&textarea, COMPACT).await?;

    // The file arrives (here: it is put back and loaded as the page loads it); the textarea turns
    // into CodeMirror holding what was typed, with the keyboard still in it.
    std::fs::write(editor_file, bytes).map_err(|e| e.to_string())?;
    lab.driver
        .execute(
            "const later = document.getElementById('cm-editor-later');
             const script = document.createElement('script');
             script.src = later.getAttribute('src');
             script.onload = () => window.dispatchEvent(new Event('sfn-editor-ready'));
             document.head.appendChild(script);",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let arrived = Instant::now();
    while !page_flag(lab, "!!document.querySelector('.cm-content#editor')").await? {
        if arrived.elapsed() > Duration::from_secs(10) {
            return Err("the textarea never turned into CodeMirror".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let editor = lab.element("editor").await?;
    check(
        editor_text(&editor).await? == COMPACT,
        "CodeMirror holds the text typed into the textarea",
    )?;
    check(
        page_flag(lab, "!!document.activeElement.closest('.cm-editor')").await?,
        "the keyboard is in CodeMirror, as it was in the textarea",
    )?;
    lab.click("run").await?;
    lab.verdict("true").await?;
    Ok(())
}

/// A JavaScript condition on the page.
async fn page_flag(lab: &Lab, condition: &str) -> Step<bool> {
    lab.driver
        .execute(&format!("return {condition};"), vec![])
        .await
        .map_err(|e| e.to_string())?
        .convert()
        .map_err(|e| e.to_string())
}

/// The id of the focused element.
async fn focused_id(lab: &Lab) -> Step<String> {
    let active = lab.driver.active_element().await.map_err(|e| e.to_string())?;
    Ok(active.id().await.map_err(|e| e.to_string())?.unwrap_or_default())
}

/// Waits up to 5 s for the list of problems with this id to be empty (the check runs once typing pauses).
async fn wait_for_no_problem(lab: &Lab, id: &str, what: &str) -> Step {
    let start = Instant::now();
    loop {
        let problems = lab.text(id).await?;
        if problems.is_empty() {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(5) {
            return Err(format!("{what}: #{id} shows {problems:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits up to 5 s for the editor to hold exactly `text`.
async fn wait_for_editor_text(editor: &WebElement, text: &str, what: &str) -> Step {
    let start = Instant::now();
    loop {
        let now = editor_text(editor).await?;
        if now == text {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(5) {
            return Err(format!("{what}: the editor holds {now:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
