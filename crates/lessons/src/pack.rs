//! Packs: a track in one self-contained JSON file that an instructor hosts next to the bundle or
//! hands out, loaded by the page without recompiling.
//!
//! ```json
//! { "format": "sfn-lab-pack", "version": 1, "title": "Workshop",
//!   "files": { "track.json": "...", "01-hello/lesson.json": "...", "01-hello/mistakes/a.asl.json": "..." } }
//! ```

use crate::track::{Files, Track, INDEX};
use serde_json::{json, Value};

/// The `format` a pack declares.
pub const FORMAT: &str = "sfn-lab-pack";
/// The pack version this lab writes and reads.
pub const VERSION: u64 = 1;

/// Makes a pack of a track's files (the track must load).
pub fn write(files: &Files) -> Result<String, Vec<String>> {
    let track = Track::load(files)?;
    let listed: Vec<String> = track.lessons().map(|l| format!("{}/", l.folder)).collect();
    let packed: serde_json::Map<String, Value> = files
        .iter()
        .filter(|(path, _)| path.as_str() == INDEX || listed.iter().any(|folder| path.starts_with(folder)))
        .map(|(path, text)| (path.clone(), Value::String(text.clone())))
        .collect();
    let pack = json!({ "format": FORMAT, "version": VERSION, "title": track.title, "files": packed });
    serde_json::to_string_pretty(&pack).map_err(|e| vec![e.to_string()])
}

/// Reads a pack's files, or says why it is not a pack this lab can read.
pub fn read(text: &str) -> Result<Files, Vec<String>> {
    let value: Value = serde_json::from_str(text).map_err(|e| vec![format!("the pack is not JSON: {e}")])?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(vec![format!(
            "this is not an sfn-lab pack: its \"format\" should be \"{FORMAT}\" (make one with `sfn-lab lessons pack DIR -o FILE`)"
        )]);
    }
    match value.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(newer) if newer > VERSION => {
            return Err(vec![format!(
                "the pack has version {newer}, newer than this lab reads ({VERSION}): update the lab"
            )])
        }
        _ => return Err(vec![format!("the pack's \"version\" should be {VERSION}")]),
    }
    let Some(entries) = value.get("files").and_then(Value::as_object) else {
        return Err(vec!["the pack has no \"files\" object".into()]);
    };
    let mut files = Files::new();
    let mut problems = Vec::new();
    for (path, text) in entries {
        match text.as_str() {
            Some(text) if !path.split('/').any(|part| part == ".." || part.is_empty()) => {
                files.insert(path.clone(), text.to_string());
            }
            Some(_) => problems.push(format!("files: '{path}' is not a path inside the pack")),
            None => problems.push(format!("files: '{path}' must be the file's text")),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Loads a pack as a track: every problem of the pack and of its lessons at once.
pub fn load(text: &str) -> Result<Track, Vec<String>> {
    Track::load(&read(text)?)
}
