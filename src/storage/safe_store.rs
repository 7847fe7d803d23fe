//! A key-value store that never loses a write: what the store refuses (full, disabled) stays in
//! memory and in a spare store (the tab's session storage, which survives a reload), is read
//! back in its place, and is saved again on every later write until the store takes it.

use super::schema::Key;
use std::collections::BTreeMap;
use std::fmt;

/// Why a store refused a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The store is full (the browser's quota is reached).
    Full,
    /// The browser gives the page no storage (disabled, or a private window that refuses it).
    Unavailable,
    /// Any other refusal, as the browser words it.
    Refused(String),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Full => write!(f, "this browser's storage for the lab is full"),
            SaveError::Unavailable => write!(f, "this browser does not let the lab keep anything"),
            SaveError::Refused(why) => write!(f, "the browser refused to save ({why})"),
        }
    }
}

/// Where values are kept: the browser's local storage, or memory in tests.
pub trait Store {
    /// The value under `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key`.
    fn set(&mut self, key: &str, value: &str) -> Result<(), SaveError>;
    /// Forgets `key`.
    fn remove(&mut self, key: &str);
    /// Every key.
    fn keys(&self) -> Vec<String>;
}

/// A store that keeps what it could not save.
pub struct SafeStore {
    store: Box<dyn Store>,
    /// Where unsaved writes wait across a reload, if the browser gives one.
    spare: Option<Box<dyn Store>>,
    /// Writes the store refused, by key, in the order of keys.
    unsaved: BTreeMap<String, String>,
    /// Why the last refused write was refused.
    failure: Option<SaveError>,
}

impl SafeStore {
    /// Opens `store`, taking back the writes a previous page left unsaved in `spare`, and tries
    /// to save them now.
    pub fn open(store: Box<dyn Store>, spare: Option<Box<dyn Store>>) -> SafeStore {
        let unsaved = spare
            .as_ref()
            .and_then(|s| s.get(&Key::Unsaved.to_string()))
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let mut opened = SafeStore {
            store,
            spare,
            unsaved,
            failure: None,
        };
        opened.flush();
        opened
    }

    /// The value under `key`: an unsaved write first, else the store's.
    pub fn get(&self, key: &str) -> Option<String> {
        self.unsaved.get(key).cloned().or_else(|| self.store.get(key))
    }

    /// Stores `value` under `key`; when the store refuses, the value is kept unsaved (and read
    /// back in its place) and the refusal is returned.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SaveError> {
        match self.store.set(key, value) {
            Ok(()) => {
                if self.unsaved.remove(key).is_some() || !self.unsaved.is_empty() {
                    // A write went through: there may be room for the others now.
                    self.flush();
                }
                Ok(())
            }
            Err(error) => {
                self.unsaved.insert(key.to_string(), value.to_string());
                self.failure = Some(error.clone());
                self.keep_spare();
                Err(error)
            }
        }
    }

    /// Forgets `key`, saved or not.
    pub fn remove(&mut self, key: &str) {
        self.store.remove(key);
        if self.unsaved.remove(key).is_some() {
            self.keep_spare();
        }
    }

    /// Every key, saved or not, in order.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = self.store.keys();
        keys.extend(self.unsaved.keys().cloned());
        keys.sort();
        keys.dedup();
        keys
    }

    /// Tries to save every unsaved write again.
    pub fn flush(&mut self) {
        let before = self.unsaved.len();
        let waiting = std::mem::take(&mut self.unsaved);
        for (key, value) in waiting {
            if let Err(error) = self.store.set(&key, &value) {
                self.failure = Some(error);
                self.unsaved.insert(key, value);
            }
        }
        if self.unsaved.is_empty() {
            self.failure = None;
        }
        if before > 0 {
            self.keep_spare();
        }
    }

    /// How many writes wait unsaved.
    pub fn unsaved(&self) -> usize {
        self.unsaved.len()
    }

    /// Why writes wait unsaved, if they do.
    pub fn failure(&self) -> Option<&SaveError> {
        self.failure.as_ref().filter(|_| !self.unsaved.is_empty())
    }

    /// Mirrors the unsaved writes into the spare store, so a reload in this tab finds them.
    fn keep_spare(&mut self) {
        let Some(spare) = self.spare.as_mut() else { return };
        let key = Key::Unsaved.to_string();
        if self.unsaved.is_empty() {
            spare.remove(&key);
        } else if let Ok(text) = serde_json::to_string(&self.unsaved) {
            // The spare can be full too: memory still holds the writes.
            let _ = spare.set(&key, &text);
        }
    }
}

/// A store in memory with a size limit, as local storage has (key and value lengths counted).
#[cfg(test)]
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    /// What it holds.
    pub values: std::rc::Rc<std::cell::RefCell<BTreeMap<String, String>>>,
    /// Its size limit; `None`: unlimited.
    pub quota: Option<usize>,
}

#[cfg(test)]
impl MemoryStore {
    /// An empty store holding at most `quota` characters.
    pub fn with_quota(quota: usize) -> MemoryStore {
        MemoryStore {
            quota: Some(quota),
            ..MemoryStore::default()
        }
    }

    fn size_without(&self, key: &str) -> usize {
        self.values
            .borrow()
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

#[cfg(test)]
impl Store for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.values.borrow().get(key).cloned()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), SaveError> {
        if self
            .quota
            .is_some_and(|quota| self.size_without(key) + key.len() + value.len() > quota)
        {
            return Err(SaveError::Full);
        }
        self.values.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        self.values.borrow_mut().remove(key);
    }

    fn keys(&self) -> Vec<String> {
        self.values.borrow().keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_write_is_read_back_kept_in_the_spare_and_saved_when_there_is_room() {
        let local = MemoryStore::with_quota(60);
        let session = MemoryStore::default();
        let mut store = SafeStore::open(Box::new(local.clone()), Some(Box::new(session.clone())));
        store.set("a", "small").expect("fits");
        let big = "x".repeat(80);
        assert_eq!(store.set("b", &big), Err(SaveError::Full));
        assert_eq!(store.get("b").as_deref(), Some(big.as_str()));
        assert_eq!(store.unsaved(), 1);
        assert_eq!(store.failure(), Some(&SaveError::Full));
        assert!(session
            .get(&Key::Unsaved.to_string())
            .is_some_and(|t| t.contains(&big)));

        // A reload in the same tab: the unsaved write is still there.
        let reopened = SafeStore::open(Box::new(local.clone()), Some(Box::new(session.clone())));
        assert_eq!(reopened.get("b").as_deref(), Some(big.as_str()));
        assert!(reopened.keys().contains(&"b".to_string()));

        // Room is made: the next write saves the waiting one too.
        let mut roomy = local.clone();
        roomy.quota = None;
        let mut store = SafeStore::open(Box::new(roomy), Some(Box::new(session.clone())));
        assert_eq!(store.unsaved(), 0, "opening saves what waits when it fits");
        assert_eq!(local.get("b").as_deref(), Some(big.as_str()));
        assert!(session.get(&Key::Unsaved.to_string()).is_none());
        store.set("c", "1").expect("fits");
        assert_eq!(store.failure(), None);
    }

    #[test]
    fn without_any_storage_writes_stay_in_memory() {
        struct Disabled;
        impl Store for Disabled {
            fn get(&self, _: &str) -> Option<String> {
                None
            }
            fn set(&mut self, _: &str, _: &str) -> Result<(), SaveError> {
                Err(SaveError::Unavailable)
            }
            fn remove(&mut self, _: &str) {}
            fn keys(&self) -> Vec<String> {
                Vec::new()
            }
        }
        let mut store = SafeStore::open(Box::new(Disabled), None);
        assert_eq!(store.set("k", "v"), Err(SaveError::Unavailable));
        assert_eq!(store.get("k").as_deref(), Some("v"));
        store.remove("k");
        assert_eq!(store.get("k"), None);
        assert_eq!(store.failure(), None, "nothing waits once it is removed");
    }
}
