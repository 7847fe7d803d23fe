//! The instructor's table: a class's progress files as one row per learner and one column per
//! lesson (passed, attempts), each learner's work one click away, and the table as CSV.

use crate::progress::{KnownLesson, LessonEntry, ProgressFile};
use std::collections::BTreeMap;

/// A lesson column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The lesson's id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// A learner's row.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerRow {
    /// The name in their file (or the file's name when they typed none).
    pub name: String,
    /// The files read for them.
    pub files: Vec<String>,
    /// When their latest file was exported.
    pub exported: Option<String>,
    /// Their work, by lesson id.
    pub lessons: BTreeMap<String, LessonEntry>,
}

impl LearnerRow {
    /// How many lessons they passed.
    pub fn passed(&self) -> usize {
        self.lessons.values().filter(|l| l.passed).count()
    }
}

/// The class.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassTable {
    /// Every lesson known or met in a file, the track's order first.
    pub columns: Vec<Column>,
    /// The learners, by name.
    pub learners: Vec<LearnerRow>,
}

impl ClassTable {
    /// An empty class over the `known` lessons.
    pub fn new(known: &[KnownLesson]) -> ClassTable {
        ClassTable {
            columns: known
                .iter()
                .map(|k| Column {
                    id: k.id.clone(),
                    title: k.title.clone(),
                })
                .collect(),
            learners: Vec::new(),
        }
    }

    /// Adds a learner's file (`file_name`: where it came from). A second file for the same name
    /// (a later export, or the same file again) is merged into their row: passes add up,
    /// attempts and time take the larger count, and the later export's work is shown.
    pub fn add(&mut self, file_name: &str, file: ProgressFile) {
        for entry in &file.lessons {
            if !self.columns.iter().any(|c| c.id == entry.id) {
                self.columns.push(Column {
                    id: entry.id.clone(),
                    title: entry.title.clone().unwrap_or_else(|| entry.id.clone()),
                });
            }
        }
        let name = match file.learner.trim() {
            "" => file_name.trim_end_matches(".json").to_string(),
            name => name.to_string(),
        };
        let lessons: BTreeMap<String, LessonEntry> =
            file.lessons.into_iter().map(|l| (l.id.clone(), l)).collect();
        let same = |row: &LearnerRow| row.name.to_lowercase() == name.to_lowercase();
        match self.learners.iter_mut().find(|row| same(row)) {
            None => {
                self.learners.push(LearnerRow {
                    name,
                    files: vec![file_name.to_string()],
                    exported: file.exported,
                    lessons,
                });
                self.learners.sort_by_key(|row| row.name.to_lowercase());
            }
            Some(row) => {
                let newer = match (&row.exported, &file.exported) {
                    (Some(old), Some(new)) => new >= old,
                    _ => true,
                };
                if !row.files.iter().any(|f| f == file_name) {
                    row.files.push(file_name.to_string());
                }
                for (id, entry) in lessons {
                    let merged = match row.lessons.remove(&id) {
                        None => entry,
                        Some(old) => merge(old, entry, newer),
                    };
                    row.lessons.insert(id, merged);
                }
                if newer {
                    row.exported = file.exported;
                }
            }
        }
    }

    /// The columns some learner started, in order (all of them when nobody started any).
    pub fn shown_columns(&self) -> Vec<&Column> {
        let started: Vec<&Column> = self
            .columns
            .iter()
            .filter(|c| {
                self.learners
                    .iter()
                    .any(|row| row.lessons.get(&c.id).is_some_and(LessonEntry::started))
            })
            .collect();
        if started.is_empty() {
            self.columns.iter().collect()
        } else {
            started
        }
    }

    /// The table as CSV (RFC 4180): a learner per row; per lesson shown, passed (yes/no, empty when
    /// not started), attempts and minutes.
    pub fn to_csv(&self) -> String {
        let columns = self.shown_columns();
        let mut header = vec!["Learner".to_string(), "Lessons passed".to_string()];
        for c in &columns {
            header.push(format!("{}: passed", c.title));
            header.push(format!("{}: attempts", c.title));
            header.push(format!("{}: minutes", c.title));
        }
        let mut lines = vec![csv_line(&header)];
        for row in &self.learners {
            let mut cells = vec![row.name.clone(), row.passed().to_string()];
            for c in &columns {
                match row.lessons.get(&c.id).filter(|l| l.started()) {
                    Some(l) => {
                        cells.push(if l.passed { "yes" } else { "no" }.into());
                        cells.push(l.attempts.to_string());
                        cells.push(l.seconds.div_ceil(60).to_string());
                    }
                    None => cells.extend([String::new(), "0".into(), "0".into()]),
                }
            }
            lines.push(csv_line(&cells));
        }
        lines.join("\r\n") + "\r\n"
    }
}

/// Two files' work on one lesson as one.
fn merge(old: LessonEntry, new: LessonEntry, new_is_later: bool) -> LessonEntry {
    let (later, earlier) = if new_is_later { (new, old) } else { (old, new) };
    LessonEntry {
        passed: later.passed || earlier.passed,
        attempts: later.attempts.max(earlier.attempts),
        seconds: later.seconds.max(earlier.seconds),
        definition: later.definition.or(earlier.definition),
        before_reset: later.before_reset.or(earlier.before_reset),
        verdict: later.verdict.or(earlier.verdict),
        ..later
    }
}

/// One CSV line: fields with a comma, quote or line break are quoted; a field a spreadsheet would
/// take for a formula (`=`, `+`, `-`, `@` first) starts with `'`, since names are typed by learners.
fn csv_line(cells: &[String]) -> String {
    cells
        .iter()
        .map(|cell| {
            let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{cell}")
            } else {
                cell.clone()
            };
            if cell.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", cell.replace('"', "\"\""))
            } else {
                cell
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{FORMAT, VERSION};

    fn file(learner: &str, exported: &str, lessons: Vec<LessonEntry>) -> ProgressFile {
        ProgressFile {
            format: FORMAT.into(),
            version: VERSION,
            learner: learner.into(),
            exported: Some(exported.into()),
            lessons,
            playground: BTreeMap::new(),
        }
    }

    fn entry(id: &str, passed: bool, attempts: u32, definition: &str) -> LessonEntry {
        LessonEntry {
            id: id.into(),
            passed,
            attempts,
            seconds: 90,
            definition: Some(definition.into()),
            ..LessonEntry::default()
        }
    }

    fn known() -> Vec<KnownLesson> {
        [
            ("hello-pass", "Hello, Pass"),
            ("choice", "Choice"),
            ("wait", "Wait"),
        ]
        .iter()
        .map(|(id, title)| KnownLesson {
            id: id.to_string(),
            title: title.to_string(),
            starter_digest: String::new(),
        })
        .collect()
    }

    #[test]
    fn learners_are_rows_and_started_lessons_are_columns() {
        let mut class = ClassTable::new(&known());
        class.add(
            "grace.json",
            file(
                "Grace",
                "2024-05-01T10:00:00Z",
                vec![entry("choice", false, 4, "g")],
            ),
        );
        class.add(
            "ada.json",
            file(
                "Ada",
                "2024-05-01T10:00:00Z",
                vec![
                    entry("hello-pass", true, 2, "a"),
                    entry("pack/saga", true, 1, "s"),
                ],
            ),
        );
        let names: Vec<&str> = class.learners.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Ada", "Grace"]);
        let shown: Vec<&str> = class.shown_columns().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(shown, ["hello-pass", "choice", "pack/saga"]);
        assert_eq!(class.learners[0].passed(), 2);
    }

    #[test]
    fn a_second_file_for_a_learner_merges_into_their_row() {
        let mut class = ClassTable::new(&known());
        class.add(
            "ada-2.json",
            file(
                "Ada",
                "2024-05-02T10:00:00Z",
                vec![entry("choice", false, 5, "new")],
            ),
        );
        class.add(
            "ada-1.json",
            file(
                "ada",
                "2024-05-01T10:00:00Z",
                vec![entry("choice", true, 3, "old")],
            ),
        );
        class.add(
            "ada-1.json",
            file(
                "ada",
                "2024-05-01T10:00:00Z",
                vec![entry("choice", true, 3, "old")],
            ),
        );
        assert_eq!(class.learners.len(), 1);
        let row = &class.learners[0];
        assert_eq!(row.files, ["ada-2.json", "ada-1.json"]);
        let choice = &row.lessons["choice"];
        assert!(choice.passed && choice.attempts == 5);
        assert_eq!(
            choice.definition.as_deref(),
            Some("new"),
            "the later export's work"
        );
    }

    #[test]
    fn the_table_is_written_as_csv() {
        let mut class = ClassTable::new(&known());
        class.add(
            "x.json",
            file("=HYPERLINK(\"x\")", "t", vec![entry("hello-pass", true, 2, "a")]),
        );
        class.add(
            "b.json",
            file("Smith, Bo", "t", vec![entry("choice", false, 1, "b")]),
        );
        let csv = class.to_csv();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Learner,Lessons passed,\"Hello, Pass: passed\",\"Hello, Pass: attempts\",\"Hello, Pass: minutes\",\
             Choice: passed,Choice: attempts,Choice: minutes"
        );
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"x\"\")\",1,yes,2,2,,0,0");
        assert_eq!(lines[2], "\"Smith, Bo\",0,,0,0,no,1,2");
        assert_eq!(lines[3], "");
    }
}
