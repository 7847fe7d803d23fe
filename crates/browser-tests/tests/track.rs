//! Every lesson of the built-in track, in the page: a learner pastes one of the lesson's common
//! mistakes and reads its documented message, then types the solution and passes.

use browser_tests::lab::{check, replace_text, type_text, Lab, Step};
use lessons::{builtin, Verdict};

#[tokio::test(flavor = "multi_thread")]
async fn every_lesson_is_completed_by_typing_and_shows_a_mistakes_message() {
    let lab = Lab::start().await;
    let outcome = scenario(&lab).await;
    lab.finish(
        "every_lesson_is_completed_by_typing_and_shows_a_mistakes_message",
        outcome,
    )
    .await;
}

async fn scenario(lab: &Lab) -> Step {
    let track = builtin::track().map_err(|problems| problems.join("\n"))?;
    lab.driver.goto(&lab.home()).await.map_err(|e| e.to_string())?;
    let list = lab.text("lessons").await?;
    for section in &track.sections {
        check(
            list.to_lowercase().contains(&section.title.to_lowercase()),
            format!("the lesson list shows the section {:?}: {list:?}", section.title),
        )?;
    }
    lab.snapshot("track_lesson_list").await;
    let mut completed = 0;
    for lesson in track.lessons() {
        // A mistake the checker runs (not one the validator refuses), so its message is one the
        // verdict panel shows as a sentence.
        let mistake = lesson
            .mistakes
            .iter()
            .find(|m| matches!(lessons::check(lesson, &m.definition), Verdict::Ran(_)))
            .ok_or(format!("{}: no mistake that runs", lesson.id))?;
        let editor = lab.open_lesson(&lesson.id).await?;

        replace_text(&editor, &mistake.definition).await?;
        lab.click("run").await?;
        let verdict = lab.verdict("false").await?;
        // The page shows `quoted` names as code, without the backticks.
        check(
            verdict.contains(&mistake.message.replace('`', "")),
            format!(
                "{}: after pasting {}, the verdict should say {:?}; it says {verdict:?}",
                lesson.id, mistake.file, mistake.message
            ),
        )?;

        if lesson.id == "backup-workflow" {
            lab.snapshot("track_backup_mistake_verdict").await;
        }

        // The solution is typed key by key, on one line: the editor indents after Enter, so a
        // document typed with its own indentation would be indented twice.
        let solution: serde_json::Value =
            serde_json::from_str(&lesson.solution).map_err(|e| e.to_string())?;
        type_text(&editor, &solution.to_string()).await?;
        lab.click("run").await?;
        let verdict = lab.verdict("true").await?;
        check(
            verdict.contains("Lesson passed"),
            format!("{}: the solution should pass: {verdict:?}", lesson.id),
        )?;
        completed += 1;
    }
    check(completed >= 16, format!("only {completed} lessons completed"))
}
