//! Bringing what a browser holds up to the current schema when the lab starts: version 1 keys
//! are moved to version 2, values the lab did not write are set aside (never dropped), and what
//! a newer lab wrote is left alone; then what is set aside or left alone is reported.

use super::safe_store::SafeStore;
use super::schema::{read_json, read_text, version_of, KeptRecord, Key, LessonProgress, Version, VERSION};
use std::collections::BTreeMap;

/// One change to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Write `value` under `to`; once it is written, remove `then_remove`.
    Write {
        /// The key written.
        to: String,
        /// Its value.
        value: String,
        /// The key the value came from, removed only once the write went through.
        then_remove: Option<String>,
    },
    /// Remove a key whose value is already where it belongs.
    Remove(String),
}

/// What the lab found in storage that it cannot use, and keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A value the lab set aside.
    Kept {
        /// Where it is kept.
        key: String,
        /// Where it was, why, and the value.
        record: KeptRecord,
    },
    /// A key a newer version of the lab wrote: left as it is.
    Newer {
        /// The key.
        key: String,
        /// Its schema version.
        version: u32,
    },
    /// A key under `sfn-lab/` that no version of the lab writes (or a kept value that cannot be
    /// read): left as it is.
    Unknown {
        /// The key.
        key: String,
    },
}

/// The steps that bring `entries` (every key and value in storage) to the current schema.
pub fn plan(entries: &BTreeMap<String, String>) -> Vec<Step> {
    let mut planner = Planner {
        after: entries.clone(),
        steps: Vec::new(),
    };
    // Current keys first: a version 1 key is then compared with what stays of version 2.
    for (key, value) in entries {
        if let Version::Numbered(VERSION, _) = version_of(key) {
            planner.check_current(key, value);
        }
    }
    for (key, value) in entries {
        if let Version::Numbered(1, rest) = version_of(key) {
            planner.migrate_v1(key, rest, value);
        }
    }
    planner.steps
}

/// Carries out `plan` on `store`: a value leaves its key only once its new key holds it.
pub fn migrate(store: &mut SafeStore) {
    let entries = entries(store);
    for step in plan(&entries) {
        match step {
            Step::Write {
                to,
                value,
                then_remove,
            } => {
                if store.set(&to, &value).is_ok() {
                    if let Some(from) = then_remove {
                        store.remove(&from);
                    }
                }
            }
            Step::Remove(key) => store.remove(&key),
        }
    }
}

/// Every key of the lab's in `store`, with its value.
pub fn entries(store: &SafeStore) -> BTreeMap<String, String> {
    store
        .keys()
        .into_iter()
        .filter(|key| version_of(key) != Version::Foreign)
        .filter_map(|key| Some((key.clone(), store.get(&key)?)))
        .collect()
}

/// What in `entries` the lab keeps without using it, in key order.
pub fn findings(entries: &BTreeMap<String, String>) -> Vec<Finding> {
    entries
        .iter()
        .filter_map(|(key, value)| match version_of(key) {
            Version::Foreign => None,
            Version::Numbered(VERSION, _) => match Key::parse(key) {
                Some(Key::Kept(_)) => Some(match read_json::<KeptRecord>(value, "a value set aside") {
                    Ok(record) => Finding::Kept {
                        key: key.clone(),
                        record,
                    },
                    Err(_) => Finding::Unknown { key: key.clone() },
                }),
                Some(_) => None,
                None => Some(Finding::Unknown { key: key.clone() }),
            },
            Version::Numbered(version, _) if version > VERSION => Some(Finding::Newer {
                key: key.clone(),
                version,
            }),
            // Version 1 keys still here could not be moved (storage full): they are read again
            // on the next start; any other version is none the lab ever wrote.
            Version::Numbered(1, _) => None,
            Version::Numbered(..) | Version::Unversioned => Some(Finding::Unknown { key: key.clone() }),
        })
        .collect()
}

/// A free key to keep `original`'s value under: `kept/<original>`, else `kept/<original>~2`...
pub fn kept_key(taken: impl Fn(&str) -> bool, original: &str) -> String {
    let first = Key::Kept(original.to_string()).to_string();
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|n| Key::Kept(format!("{original}~{n}")).to_string())
        .find(|key| !taken(key))
        .unwrap_or(first)
}

struct Planner {
    /// The store as it will be after the steps so far.
    after: BTreeMap<String, String>,
    steps: Vec<Step>,
}

impl Planner {
    fn check_current(&mut self, key: &str, value: &str) {
        match Key::parse(key) {
            None => self.aside(key, value, "a key this version of the lab does not write".into()),
            // Kept values are reported; unsaved writes live in session storage, not here.
            Some(Key::Kept(_) | Key::Unsaved) => {}
            Some(known) => {
                if let Err(why) = known.check(value) {
                    self.aside(key, value, why.to_string());
                }
            }
        }
    }

    fn migrate_v1(&mut self, key: &str, rest: &str, value: &str) {
        let moved = if let Some(id) = rest.strip_prefix("passed/") {
            read_json::<bool>(value, "a passed mark").map(|passed| {
                let target = Key::Progress(id.to_string()).to_string();
                let mut progress = self
                    .after
                    .get(&target)
                    .and_then(|v| read_json::<LessonProgress>(v, "").ok())
                    .unwrap_or_default();
                progress.passed |= passed;
                (target, serde_json::to_string(&progress).unwrap_or_default(), true)
            })
        } else {
            let target = if let Some(id) = rest.strip_prefix("draft-before-reset/") {
                Key::BeforeReset(id.to_string())
            } else if let Some(id) = rest.strip_prefix("draft/") {
                Key::Draft(id.to_string())
            } else {
                Key::Text(rest.to_string())
            };
            // Version 1 stored texts as JSON strings, as version 2 does.
            read_text(value).map(|_| (target.to_string(), value.to_string(), false))
        };
        match moved {
            Err(why) => self.aside(key, value, format!("{why} (a version 1 key)")),
            Ok((target, _, _)) if target.ends_with('/') => {
                self.aside(key, value, "a version 1 key with no name".into())
            }
            Ok((target, new_value, _)) if self.after.get(&target) == Some(&new_value) => {
                self.after.remove(key);
                self.steps.push(Step::Remove(key.to_string()));
            }
            Ok((target, _, false)) if self.after.contains_key(&target) => self.aside(
                key,
                value,
                "an older copy (version 1) that differs from the current one".into(),
            ),
            Ok((target, new_value, _)) => {
                self.after.remove(key);
                self.after.insert(target.clone(), new_value.clone());
                self.steps.push(Step::Write {
                    to: target,
                    value: new_value,
                    then_remove: Some(key.to_string()),
                });
            }
        }
    }

    fn aside(&mut self, key: &str, value: &str, reason: String) {
        let to = kept_key(|k| self.after.contains_key(k), key);
        let record = KeptRecord {
            key: key.to_string(),
            reason,
            value: value.to_string(),
        };
        let record = serde_json::to_string(&record).unwrap_or_default();
        self.after.remove(key);
        self.after.insert(to.clone(), record.clone());
        self.steps.push(Step::Write {
            to,
            value: record,
            then_remove: Some(key.to_string()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::safe_store::{MemoryStore, Store};
    use super::super::schema::text_value;
    use super::*;

    fn store_with(pairs: &[(&str, &str)]) -> (MemoryStore, SafeStore) {
        let memory = MemoryStore::default();
        for (k, v) in pairs {
            memory.values.borrow_mut().insert(k.to_string(), v.to_string());
        }
        let store = SafeStore::open(Box::new(memory.clone()), None);
        (memory, store)
    }

    #[test]
    fn version_1_keys_move_to_version_2() {
        let draft = text_value("{\"StartAt\": \"A\"}");
        let (memory, mut store) = store_with(&[
            ("sfn-lab/v1/draft/hello-pass", &draft),
            ("sfn-lab/v1/draft/pack/hello-pass", "\"pack text\""),
            ("sfn-lab/v1/draft-before-reset/hello-pass", "\"old\""),
            ("sfn-lab/v1/passed/hello-pass", "true"),
            ("sfn-lab/v1/playground/definition", "\"{}\""),
            ("sfn-lab/v1/pack/current", "\"\""),
            ("someone-else", "untouched"),
        ]);
        migrate(&mut store);
        let values = memory.values.borrow().clone();
        let expected: BTreeMap<String, String> = [
            ("sfn-lab/v2/draft/hello-pass", draft.as_str()),
            ("sfn-lab/v2/draft/pack/hello-pass", "\"pack text\""),
            ("sfn-lab/v2/before-reset/hello-pass", "\"old\""),
            (
                "sfn-lab/v2/progress/hello-pass",
                "{\"passed\":true,\"attempts\":0,\"seconds\":0}",
            ),
            ("sfn-lab/v2/text/playground/definition", "\"{}\""),
            ("sfn-lab/v2/text/pack/current", "\"\""),
            ("someone-else", "untouched"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(values, expected);
        assert!(findings(&entries(&store)).is_empty());
        // Starting again changes nothing.
        assert!(plan(&entries(&store)).is_empty());
    }

    #[test]
    fn what_the_lab_did_not_write_is_set_aside_and_reported() {
        let (memory, mut store) = store_with(&[
            ("sfn-lab/v2/draft/hello-pass", "{\"StartAt\": \"raw\"}"),
            ("sfn-lab/v2/progress/choice", "yes"),
            ("sfn-lab/v2/mystery", "\"?\""),
            ("sfn-lab/v1/draft/wait", "not json"),
            ("sfn-lab/v9/draft/hello-pass", "whatever v9 writes"),
            ("sfn-lab/settings", "{}"),
        ]);
        migrate(&mut store);
        let values = memory.values.borrow().clone();
        assert!(!values.contains_key("sfn-lab/v2/draft/hello-pass"));
        assert_eq!(
            values.get("sfn-lab/v9/draft/hello-pass").map(String::as_str),
            Some("whatever v9 writes"),
            "a newer version's key is left alone"
        );
        let found = findings(&entries(&store));
        let kept: Vec<(&str, &str)> = found
            .iter()
            .filter_map(|f| match f {
                Finding::Kept { record, .. } => Some((record.key.as_str(), record.value.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            kept,
            vec![
                ("sfn-lab/v1/draft/wait", "not json"),
                ("sfn-lab/v2/draft/hello-pass", "{\"StartAt\": \"raw\"}"),
                ("sfn-lab/v2/mystery", "\"?\""),
                ("sfn-lab/v2/progress/choice", "yes"),
            ]
        );
        assert!(found.contains(&Finding::Newer {
            key: "sfn-lab/v9/draft/hello-pass".into(),
            version: 9
        }));
        assert!(found.contains(&Finding::Unknown {
            key: "sfn-lab/settings".into()
        }));
    }

    #[test]
    fn a_version_1_copy_that_differs_from_version_2_is_kept_and_passes_merge() {
        let (memory, mut store) = store_with(&[
            ("sfn-lab/v1/draft/x", "\"old\""),
            ("sfn-lab/v2/draft/x", "\"new\""),
            ("sfn-lab/v1/draft/y", "\"same\""),
            ("sfn-lab/v2/draft/y", "\"same\""),
            ("sfn-lab/v1/passed/x", "true"),
            (
                "sfn-lab/v2/progress/x",
                "{\"passed\":false,\"attempts\":4,\"seconds\":60}",
            ),
            (
                "sfn-lab/v2/kept/sfn-lab/v1/draft/x",
                "{\"key\":\"k\",\"reason\":\"r\",\"value\":\"v\"}",
            ),
        ]);
        migrate(&mut store);
        let values = memory.values.borrow().clone();
        assert_eq!(values["sfn-lab/v2/draft/x"], "\"new\"");
        assert_eq!(values["sfn-lab/v2/draft/y"], "\"same\"");
        assert!(!values.contains_key("sfn-lab/v1/draft/y"));
        let kept: KeptRecord =
            serde_json::from_str(&values["sfn-lab/v2/kept/sfn-lab/v1/draft/x~2"]).expect("a record");
        assert_eq!(kept.value, "\"old\"");
        assert_eq!(
            values["sfn-lab/v2/progress/x"],
            "{\"passed\":true,\"attempts\":4,\"seconds\":60}"
        );
    }

    #[test]
    fn a_move_that_does_not_fit_leaves_the_old_key_in_place() {
        let memory = MemoryStore::with_quota(70);
        memory
            .values
            .borrow_mut()
            .insert("sfn-lab/v1/draft/x".into(), text_value(&"t".repeat(30)));
        let mut store = SafeStore::open(Box::new(memory.clone()), None);
        migrate(&mut store);
        assert!(memory.get("sfn-lab/v1/draft/x").is_some(), "not removed");
        assert_eq!(
            store.get("sfn-lab/v2/draft/x"),
            Some(text_value(&"t".repeat(30))),
            "read back from the unsaved writes"
        );
        assert!(store.failure().is_some());
    }
}
