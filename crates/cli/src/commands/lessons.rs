//! `sfn-lab lessons check` and `sfn-lab lessons pack`: the author's tools over tracks, lesson
//! folders and packs, with the same loader and checker as the page.

use lessons::audit::{audit_lesson, audit_track};
use lessons::track::{read_dir, Files, Track, INDEX};
use lessons::{pack, Lesson};
use std::path::Path;
use std::process::ExitCode;

/// Audits every source (default: lessons/) and prints every problem; exit 1 when there is one.
pub fn check(sources: &[String]) -> Result<ExitCode, String> {
    let sources = if sources.is_empty() {
        vec!["lessons".to_string()]
    } else {
        sources.to_vec()
    };
    let mut problems = Vec::new();
    let mut lessons = 0;
    let mut mistakes = 0;
    for source in &sources {
        match audit(Path::new(source)) {
            Ok((count, shipped, found)) => {
                lessons += count;
                mistakes += shipped;
                problems.extend(found.into_iter().map(|p| format!("{source}: {p}")));
            }
            Err(found) => problems.extend(found.into_iter().map(|p| format!("{source}: {p}"))),
        }
    }
    for problem in &problems {
        crate::output::println(&format!("✗ {problem}"));
    }
    crate::output::println(&format!(
        "{} lesson(s), {} mistake(s) checked in {}: {}",
        lessons,
        mistakes,
        sources.join(", "),
        if problems.is_empty() {
            "all good".to_string()
        } else {
            format!("{} problem(s)", problems.len())
        }
    ));
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Audits one source: (lessons, mistakes, problems), or the problems that kept it from loading.
fn audit(source: &Path) -> Result<(usize, usize, Vec<String>), Vec<String>> {
    if source.is_file() {
        let text = std::fs::read_to_string(source).map_err(|e| vec![e.to_string()])?;
        return audited(pack::load(&text)?);
    }
    if source.join("lesson.json").is_file() {
        let lesson = Lesson::load_dir(source).map_err(|e| e.problems)?;
        let problems = audit_lesson(&lesson);
        return Ok((1, lesson.mistakes.len(), problems));
    }
    if source.join(INDEX).is_file() {
        return audited(Track::load(&track_files(source)?)?);
    }
    Err(vec![format!(
        "not a track (no {INDEX}), a lesson folder (no lesson.json) or a pack file"
    )])
}

fn audited(track: Track) -> Result<(usize, usize, Vec<String>), Vec<String>> {
    let lessons = track.lessons().count();
    let mistakes = track.lessons().map(|l| l.mistakes.len()).sum();
    Ok((lessons, mistakes, audit_track(&track)))
}

fn track_files(dir: &Path) -> Result<Files, Vec<String>> {
    read_dir(dir).map_err(|e| vec![format!("cannot read {}: {e}", dir.display())])
}

/// Writes a pack of the track folder `track` to `output`.
pub fn pack(track: &str, output: &str) -> Result<ExitCode, String> {
    let files = track_files(Path::new(track)).map_err(|p| p.join("\n"))?;
    let text = pack::write(&files).map_err(|problems| {
        format!(
            "{track} cannot be packed:\n{}",
            problems
                .iter()
                .map(|p| format!("  - {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    })?;
    std::fs::write(output, &text).map_err(|e| format!("cannot write {output}: {e}"))?;
    let lessons = pack::load(&text).map(|t| t.lessons().count()).unwrap_or(0);
    crate::output::println(&format!("{output}: {lessons} lesson(s), {} bytes", text.len()));
    Ok(ExitCode::SUCCESS)
}
