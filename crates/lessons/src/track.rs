//! A track: an index (track.json) that orders lesson folders into sections, loaded from a map of
//! files — the built-in lessons, a folder on disk, or a pack — with every problem reported at once.

use crate::lesson::{Lesson, LessonError, Validation};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A track's files by path relative to its root (`track.json`, `06-backup-workflow/lesson.json`).
pub type Files = BTreeMap<String, String>;

/// The index file's name.
pub const INDEX: &str = "track.json";

/// A loaded track.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    /// Its title.
    pub title: String,
    /// Its sections, in order.
    pub sections: Vec<Section>,
}

/// A titled run of lessons.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Its title.
    pub title: String,
    /// Its lessons, in order.
    pub lessons: Vec<Lesson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexText {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
    title: String,
    sections: Vec<SectionText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionText {
    title: String,
    lessons: Vec<String>,
}

impl Track {
    /// Loads a track from its files: the index, then every lesson it lists.
    pub fn load(files: &Files) -> Result<Track, Vec<String>> {
        Track::load_checked(files, Validation::Full)
    }

    /// [`Track::load`], checking each lesson as far as `validation` says.
    pub fn load_checked(files: &Files, validation: Validation) -> Result<Track, Vec<String>> {
        let mut problems = Vec::new();
        let index = match files.get(INDEX) {
            None => {
                return Err(vec![format!(
                    "{INDEX} is missing: a track needs an index of its lessons"
                )])
            }
            Some(text) => match serde_json::from_str::<IndexText>(text) {
                Ok(index) => index,
                Err(err) => return Err(vec![format!("{INDEX}: {err}")]),
            },
        };
        let folders: BTreeSet<&str> = files
            .keys()
            .filter_map(|path| path.split_once('/').map(|(folder, _)| folder))
            .collect();
        let mut listed = BTreeSet::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut sections = Vec::new();
        for section in index.sections {
            let mut lessons = Vec::new();
            for folder in section.lessons {
                if !listed.insert(folder.clone()) {
                    problems.push(format!("{INDEX}: '{folder}' is listed twice"));
                    continue;
                }
                if !folders.contains(folder.as_str()) {
                    problems.push(format!(
                        "{INDEX}: '{folder}' is listed, but there is no such lesson folder"
                    ));
                    continue;
                }
                let read = |name: &str| files.get(&format!("{folder}/{name}")).cloned();
                match Lesson::load_checked(&folder, read, validation) {
                    Ok(lesson) => {
                        if let Some(other) = ids.insert(lesson.id.clone(), folder.clone()) {
                            problems.push(format!(
                                "{folder}/lesson.json: the id '{}' is already the id of {other}",
                                lesson.id
                            ));
                        }
                        lessons.push(lesson);
                    }
                    Err(LessonError {
                        folder,
                        problems: found,
                    }) => {
                        problems.extend(found.into_iter().map(|p| format!("{folder}/{p}")));
                    }
                }
            }
            sections.push(Section {
                title: section.title,
                lessons,
            });
        }
        for folder in folders.difference(&listed.iter().map(String::as_str).collect()) {
            problems.push(format!(
                "{INDEX}: the lesson folder '{folder}' is not listed in any section"
            ));
        }
        if problems.is_empty() {
            Ok(Track {
                title: index.title,
                sections,
            })
        } else {
            Err(problems)
        }
    }

    /// Every lesson, in order.
    pub fn lessons(&self) -> impl Iterator<Item = &Lesson> {
        self.sections.iter().flat_map(|s| s.lessons.iter())
    }

    /// Every lesson, in order, owned.
    pub fn into_lessons(self) -> Vec<Lesson> {
        self.sections.into_iter().flat_map(|s| s.lessons).collect()
    }
}

/// Reads a track folder from disk: the index and every file in its lesson folders (hidden files
/// and files beside the index, such as a README, are left out).
pub fn read_dir(root: &Path) -> std::io::Result<Files> {
    let mut files = Files::new();
    if let Ok(index) = std::fs::read_to_string(root.join(INDEX)) {
        files.insert(INDEX.to_string(), index);
    }
    let mut folders: Vec<_> = std::fs::read_dir(root)?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    folders.sort_by_key(|e| e.file_name());
    for folder in folders {
        read_below(&folder.path(), &folder.file_name().to_string_lossy(), &mut files)?;
    }
    Ok(files)
}

fn read_below(dir: &Path, prefix: &str, files: &mut Files) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)?.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = format!("{prefix}/{name}");
        if entry.path().is_dir() {
            read_below(&entry.path(), &path, files)?;
        } else {
            files.insert(path, std::fs::read_to_string(entry.path())?);
        }
    }
    Ok(())
}
