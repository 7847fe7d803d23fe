//! The author's audit behind `sfn-lab lessons check`: a lesson proves it teaches what it says —
//! its solution passes, its starter fails, and each shipped mistake fails with its documented message.

use crate::check::{check, Verdict};
use crate::lesson::Lesson;
use crate::track::Track;

/// The least number of mistakes a lesson ships.
pub const MIN_MISTAKES: usize = 3;
/// The least number of checks, so a hard-coded answer cannot pass.
pub const MIN_CHECKS: usize = 2;

/// Every problem of one lesson, each starting with its folder.
pub fn audit_lesson(lesson: &Lesson) -> Vec<String> {
    let mut problems = Vec::new();
    let mut say = |text: String| problems.push(format!("{}: {text}", lesson.folder));
    if lesson.instructions.trim().is_empty() {
        say("instructions.md is empty".into());
    }
    if lesson.hints.is_empty() {
        say("lesson.json: give at least one hint".into());
    }
    if lesson.concepts.is_empty() {
        say("lesson.json: list the 'concepts' the lesson teaches".into());
    }
    match lesson.minutes {
        None => say("lesson.json: say how many 'minutes' the lesson takes".into()),
        Some(m) if !(5..=15).contains(&m) => {
            say(format!("lesson.json: 'minutes' is {m}; a lesson takes 5 to 15"))
        }
        Some(_) => {}
    }
    if lesson.checks.len() < MIN_CHECKS {
        say(format!(
            "lesson.json: {} check(s); give at least {MIN_CHECKS} with different inputs so a hard-coded answer fails",
            lesson.checks.len()
        ));
    }
    if lesson.mistakes.len() < MIN_MISTAKES {
        say(format!(
            "lesson.json: {} mistake(s); ship at least {MIN_MISTAKES}",
            lesson.mistakes.len()
        ));
    }
    let solution = check(lesson, &lesson.solution);
    if !solution.passed() {
        say(format!(
            "the solution fails: {}",
            solution.explanations().join(" | ")
        ));
    }
    if check(lesson, &lesson.starter).passed() {
        say("the starter already passes every check".into());
    }
    for mistake in &lesson.mistakes {
        let verdict = check(lesson, &mistake.definition);
        if verdict.passed() {
            say(format!(
                "{} passes every check, but it is a mistake",
                mistake.file
            ));
        } else if !mentions(&verdict, &mistake.message, mistake.fails.as_deref()) {
            let place = match mistake.fails.as_deref() {
                Some("definition") => " in a failed rule about the definition".to_string(),
                Some(title) => format!(" in the failed check \"{title}\""),
                None => String::new(),
            };
            say(format!(
                "{}: the verdict does not say \"{}\"{place}; it says: {}",
                mistake.file,
                mistake.message,
                verdict.explanations().join(" | ")
            ));
        }
    }
    problems
}

/// Whether the verdict says `message`: anywhere, or where `fails` points (a check's title, or
/// `definition` for the structure rules), so a mistake proves it fails for the reason it documents.
fn mentions(verdict: &Verdict, message: &str, fails: Option<&str>) -> bool {
    let says = |line: &String| line.contains(message);
    match (verdict, fails) {
        (_, None) | (Verdict::Invalid(_), Some(_)) => verdict.explanations().iter().any(says),
        (Verdict::Ran(report), Some("definition")) => {
            report.rules.iter().filter_map(|r| r.problem.as_ref()).any(says)
        }
        (Verdict::Ran(report), Some(title)) => report
            .checks
            .iter()
            .filter(|c| c.title == title && !c.passed)
            .any(|c| c.problems.iter().chain(c.why.iter()).any(says)),
    }
}

/// Every problem of a track's lessons.
pub fn audit_track(track: &Track) -> Vec<String> {
    let mut problems = Vec::new();
    for section in &track.sections {
        if section.lessons.is_empty() {
            problems.push(format!(
                "track.json: the section '{}' has no lessons",
                section.title
            ));
        }
    }
    problems.extend(track.lessons().flat_map(audit_lesson));
    problems
}
