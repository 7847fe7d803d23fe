//! Writes each built-in lesson's content (instructions and hints as HTML, the checks' inputs) to
//! `DIR/<id>.json`, where the page fetches it when the lesson opens. Trunk runs it as a pre_build
//! hook with DIR in the bundle (Trunk.toml); the page carries only the track's index (build.rs).

use lessons::shown::ShownTrack;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: lesson-contents DIR");
        return ExitCode::from(2);
    };
    let track = match lessons::builtin::track_to_show() {
        Ok(track) => track,
        Err(problems) => {
            eprintln!("The built-in lessons do not load:");
            problems.iter().for_each(|problem| eprintln!("  - {problem}"));
            return ExitCode::FAILURE;
        }
    };
    let (_, contents) = ShownTrack::from(&track).without_content();
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{} cannot be made: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    for (id, content) in &contents {
        let path = dir.join(format!("{id}.json"));
        let text = serde_json::to_string(content).expect("a lesson's content is JSON");
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{} cannot be written: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    println!("lesson-contents: {} lessons in {}", contents.len(), dir.display());
    ExitCode::SUCCESS
}
