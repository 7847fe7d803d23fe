//! Tracks and packs: the index orders the lessons and must match the folders; a pack carries a
//! whole track in one file and loads back to the same lessons; every problem is listed at once.

use lessons::audit::audit_track;
use lessons::track::{read_dir, Files, Track};
use lessons::{builtin, pack};

fn files(entries: &[(&str, &str)]) -> Files {
    entries
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

#[test]
fn the_built_in_track_packs_and_loads_back_to_the_same_lessons() {
    let text = pack::write(&builtin::files()).expect("the built-in track packs");
    let from_pack = pack::load(&text).expect("the pack loads");
    let built_in = builtin::track().expect("the track loads");
    assert_eq!(from_pack, built_in);
    assert!(audit_track(&from_pack).is_empty());
}

#[test]
fn the_folder_on_disk_reads_as_the_embedded_track() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let on_disk = Track::load(&read_dir(&root).expect("lessons/ reads")).expect("the track loads");
    assert_eq!(on_disk, builtin::track().expect("the track loads"));
}

#[test]
fn an_index_that_disagrees_with_the_folders_lists_every_problem() {
    let hello = builtin::files();
    let lesson_files: Vec<(String, String)> = hello
        .iter()
        .filter(|(path, _)| path.starts_with("01-hello-pass/"))
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    let mut track: Files = lesson_files.iter().cloned().collect();
    // The same lesson again under another folder: a duplicate id.
    track.extend(
        lesson_files
            .iter()
            .map(|(p, t)| (p.replace("01-hello-pass", "02-copy"), t.clone())),
    );
    track.extend(
        lesson_files
            .iter()
            .map(|(p, t)| (p.replace("01-hello-pass", "03-unlisted"), t.clone())),
    );
    track.insert(
        "track.json".into(),
        r#"{"title": "T", "sections": [{"title": "S", "lessons": ["01-hello-pass", "02-copy", "01-hello-pass", "09-ghost"]}]}"#.into(),
    );
    let problems = Track::load(&track).expect_err("the index is wrong");
    assert_eq!(
        problems,
        vec![
            "02-copy/lesson.json: the id 'hello-pass' is already the id of 01-hello-pass",
            "track.json: '01-hello-pass' is listed twice",
            "track.json: '09-ghost' is listed, but there is no such lesson folder",
            "track.json: the lesson folder '03-unlisted' is not listed in any section",
        ]
    );
}

#[test]
fn a_broken_lesson_in_a_pack_is_reported_with_its_file() {
    let track = files(&[
        (
            "track.json",
            r#"{"title": "T", "sections": [{"title": "S", "lessons": ["01-x"]}]}"#,
        ),
        (
            "01-x/lesson.json",
            r#"{"id": "x", "title": "X", "summary": "S", "checks": [], "colour": 1}"#,
        ),
        ("01-x/starter.asl.json", "{not json"),
    ]);
    let problems = Track::load(&track).expect_err("broken");
    let all = problems.join("\n");
    for expected in [
        "01-x/instructions.md is missing",
        "01-x/solution.asl.json is missing",
        "01-x/lesson.json: unknown field `colour`",
        "01-x/starter.asl.json:",
    ] {
        assert!(all.contains(expected), "missing '{expected}' in:\n{all}");
    }
}

#[test]
fn what_is_not_a_pack_says_why() {
    assert!(pack::read("[1, 2]").unwrap_err()[0].contains("its \"format\" should be \"sfn-lab-pack\""));
    assert!(pack::read("{oops").unwrap_err()[0].starts_with("the pack is not JSON"));
    let newer = r#"{"format": "sfn-lab-pack", "version": 9, "files": {}}"#;
    assert!(pack::read(newer).unwrap_err()[0].contains("newer than this lab reads"));
    let escape = r#"{"format": "sfn-lab-pack", "version": 1, "files": {"../etc/passwd": "x", "a/b": 3}}"#;
    assert_eq!(
        pack::read(escape).unwrap_err(),
        vec![
            "files: '../etc/passwd' is not a path inside the pack",
            "files: 'a/b' must be the file's text",
        ]
    );
    let no_index = r#"{"format": "sfn-lab-pack", "version": 1, "files": {}}"#;
    assert!(pack::load(no_index).unwrap_err()[0].starts_with("track.json is missing"));
}
