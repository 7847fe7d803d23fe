//! The instructor view in headless Chromium: three generated progress files become a table of
//! who passed which lesson, in how many attempts; a learner's definition, verdict and graph open
//! from a cell; the table downloads as CSV. And forty files at once, timed.

mod common;

use browser_tests::lab::{check, repo_root, Lab, Step};
use common::{audit, capture_downloads, downloaded};
use serde_json::{json, Value};
use std::path::PathBuf;
use thirtyfour::prelude::*;

/// The built-in lessons as (folder, id, title, solution, a mistake), in the track's order.
fn lessons() -> Vec<(String, lessons::Lesson, String)> {
    lessons::builtin::track()
        .expect("the built-in track loads")
        .sections
        .into_iter()
        .flat_map(|s| s.lessons)
        .map(|lesson| {
            let folder = repo_root().join("lessons").join(&lesson.folder).join("mistakes");
            let mistake = std::fs::read_dir(&folder)
                .ok()
                .and_then(|mut entries| entries.next())
                .and_then(|e| e.ok())
                .and_then(|e| std::fs::read_to_string(e.path()).ok())
                .unwrap_or_else(|| lesson.starter.clone());
            (lesson.folder.clone(), lesson, mistake)
        })
        .collect()
}

/// A verdict as progress files keep it, from the checker's own.
fn summary(verdict: &lessons::Verdict) -> Value {
    match verdict {
        lessons::Verdict::Invalid(error) => json!({
            "passed": false,
            "invalid": error.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>(),
        }),
        lessons::Verdict::Ran(report) => json!({
            "passed": verdict.passed(),
            "rules": report.rules.iter().map(|r| json!({"title": r.description, "passed": r.passed, "problems": r.problem.iter().collect::<Vec<_>>()})).collect::<Vec<_>>(),
            "checks": report.checks.iter().map(|c| json!({"title": c.title, "passed": c.passed, "problems": c.problems})).collect::<Vec<_>>(),
        }),
    }
}

/// A learner's progress file: `work[i]` is lesson i's (attempts, solved); lessons past the end
/// are not started.
fn progress_file(learner: &str, work: &[(u32, bool)]) -> String {
    let entries: Vec<Value> = lessons()
        .into_iter()
        .enumerate()
        .map(|(i, (_, lesson, mistake))| match work.get(i) {
            None => {
                json!({"id": lesson.id, "title": lesson.title, "passed": false, "attempts": 0, "seconds": 0})
            }
            Some((attempts, solved)) => {
                let definition = if *solved { &lesson.solution } else { &mistake };
                let verdict = lessons::check(&lesson, definition);
                json!({
                    "id": lesson.id, "title": lesson.title, "passed": solved, "attempts": attempts,
                    "seconds": 60 * attempts, "definition": definition, "verdict": summary(&verdict),
                })
            }
        })
        .collect();
    json!({
        "format": "sfn-lab-progress", "version": 1, "learner": learner,
        "exported": "2026-05-04T10:00:00.000Z", "lessons": entries,
    })
    .to_string()
}

/// Writes the files into a fresh folder and returns their paths.
fn write_files(tag: &str, files: &[(String, String)]) -> Step<Vec<PathBuf>> {
    let dir = std::env::temp_dir().join(format!("sfn-lab-e2e-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    files
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| e.to_string())?;
            Ok(path)
        })
        .collect()
}

/// Picks `paths` in the instructor view's file input at once.
async fn import(lab: &Lab, paths: &[PathBuf]) -> Step {
    let joined: Vec<String> = paths.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    lab.element("instructor-import")
        .await?
        .send_keys(joined.join("\n"))
        .await
        .map_err(|e| format!("choosing the files: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_instructor_view_shows_a_class_opens_a_learner_s_work_and_exports_csv() {
    let lab = Lab::start().await;
    let outcome = class_of_three(&lab).await;
    lab.finish(
        "the_instructor_view_shows_a_class_opens_a_learner_s_work_and_exports_csv",
        outcome,
    )
    .await;
}

async fn class_of_three(lab: &Lab) -> Step {
    let files = vec![
        (
            "ada.json".to_string(),
            progress_file(
                "Ada Lovelace",
                &[(1, true), (2, true), (3, true), (1, true), (2, true)],
            ),
        ),
        (
            "grace.json".to_string(),
            progress_file("Grace Hopper", &[(1, true), (4, false), (2, true)]),
        ),
        ("linus.json".to_string(), progress_file("Linus", &[(6, false)])),
        (
            "notes.json".to_string(),
            "{\"not\": \"a progress file\"}".to_string(),
        ),
    ];
    let paths = write_files("class", &files)?;

    // The lessons page leads there.
    lab.driver.goto(&lab.home()).await.map_err(|e| e.to_string())?;
    lab.click("instructor-link").await?;
    let url = lab.driver.current_url().await.map_err(|e| e.to_string())?;
    check(
        url.as_str().ends_with("#/instructor"),
        format!("the instructor view has its address: {url}"),
    )?;
    import(lab, &paths).await?;
    let status = lab.wait_for_text("instructor-status", "3 learners").await?;
    check(
        status.contains("4 files"),
        format!("the status counts files: {status}"),
    )?;
    let problems = lab.text("instructor-problems").await?;
    check(
        problems.contains("notes.json is not a progress file"),
        format!("a file that is no progress file is named: {problems}"),
    )?;

    let rows = table_rows(lab).await?;
    check(rows.len() == 4, format!("a header and three learners: {rows:?}"))?;
    check(
        rows[1][0].starts_with("Ada Lovelace") && rows[1][1] == "5/5",
        format!("Ada passed the five lessons started: {:?}", rows[1]),
    )?;
    check(
        rows[2][0].starts_with("Grace Hopper") && rows[2][1] == "2/5" && compact(&rows[2][3]) == "✗4",
        format!("Grace failed lesson 2 after 4 attempts: {:?}", rows[2]),
    )?;
    check(
        rows[3][0].starts_with("Linus") && compact(&rows[3][2]) == "✗6" && rows[3][3] == "·",
        format!("Linus started lesson 1 only: {:?}", rows[3]),
    )?;

    // Grace's lesson 2: the verdict with its problems, the definition, the graph.
    let grace_row = lab
        .driver
        .find_all(By::Css("#instructor-table tbody tr"))
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .nth(1)
        .ok_or("no second row")?;
    grace_row
        .find_all(By::Css("button.cell-link"))
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .nth(1)
        .ok_or("no second cell for Grace")?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let detail = lab.wait_for_text("instructor-detail", "Grace Hopper").await?;
    check(
        detail.contains("Not passed yet") && detail.contains("4 attempts") && detail.contains("✗"),
        format!("the detail says how Grace's lesson went: {detail}"),
    )?;
    let definition = lab.text("instructor-definition").await?;
    check(
        definition.contains("StartAt"),
        format!("the final definition is shown: {definition}"),
    )?;
    let states = lab
        .driver
        .find_all(By::Css("#instructor-detail #graph [data-state]"))
        .await
        .map_err(|e| e.to_string())?;
    check(!states.is_empty(), "the definition is drawn as a graph")?;
    // The table at the top of the window, the learner's work under it.
    lab.driver
        .execute(
            "document.getElementById('instructor-table').scrollIntoView();",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    lab.snapshot("instructor_view").await;
    audit(lab, "the instructor view with a learner's work open").await?;

    // The table as CSV.
    capture_downloads(lab).await?;
    lab.click("instructor-csv").await?;
    let (name, csv) = downloaded(lab, 0).await?;
    let lines: Vec<&str> = csv.lines().collect();
    check(
        name == "sfn-lab-class.csv" && lines.len() == 4,
        format!("a CSV with a header and three learners: {name}: {csv}"),
    )?;
    check(
        lines[0].starts_with("Learner,Lessons passed,\"Hello, Pass: passed\",\"Hello, Pass: attempts\"")
            && lines[1].starts_with("Ada Lovelace,5,yes,1,1,yes,2,2")
            && lines[2].starts_with("Grace Hopper,2,yes,1,1,no,4,4"),
        format!("the CSV has the table's figures: {csv}"),
    )?;
    let _ = std::fs::remove_dir_all(paths[0].parent().unwrap_or(&paths[0]));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn forty_progress_files_import_at_once() {
    let lab = Lab::start().await;
    let outcome = forty(&lab).await;
    lab.finish("forty_progress_files_import_at_once", outcome).await;
}

async fn forty(lab: &Lab) -> Step {
    // Every learner worked on all 18 lessons, so each file carries 18 definitions and verdicts.
    let work: Vec<(u32, bool)> = (0..18).map(|i| (1 + i % 4, i % 3 != 2)).collect();
    let one = progress_file("Learner", &work);
    let files: Vec<(String, String)> = (1..=40)
        .map(|n| {
            let text = one.replacen(
                "\"learner\":\"Learner\"",
                &format!("\"learner\":\"Learner {n:02}\""),
                1,
            );
            (format!("learner-{n:02}.json"), text)
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let paths = write_files("forty", &files)?;
    lab.driver
        .goto(&format!("{}#/instructor", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    import(lab, &paths).await?;
    let status = lab.wait_for_text("instructor-status", "40 learners").await?;
    let measured = lab
        .driver
        .execute(
            "const m = performance.getEntriesByName('sfn-lab:class-import', 'measure');
             return m.length ? m[m.length - 1].duration : null;",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let measured = measured.json().as_f64();
    // Reported, not asserted: a timing depends on the machine.
    println!(
        "40 progress files ({} KB in all): read, merged and shown in {} ms (page measure); status: {status}",
        bytes / 1024,
        measured.map_or("?".into(), |ms| format!("{ms:.0}"))
    );
    let rows = table_rows(lab).await?;
    let _ = std::fs::remove_dir_all(paths[0].parent().unwrap_or(&paths[0]));
    check(
        rows.len() == 41,
        format!("a header and 40 learners: {}", rows.len()),
    )?;
    check(measured.is_some(), "the page measured the import")
}

/// A cell's text without spaces.
fn compact(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The instructor table's cells, row by row (header first).
async fn table_rows(lab: &Lab) -> Step<Vec<Vec<String>>> {
    let rows: Vec<Vec<String>> = lab
        .driver
        .execute(
            "return [...document.querySelectorAll('#instructor-table tr')].map(tr =>
                 [...tr.children].map(c => c.innerText.replace(/\\s+/g, ' ').trim()));",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?
        .convert()
        .map_err(|e| e.to_string())?;
    Ok(rows)
}
