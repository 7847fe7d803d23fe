//! Names the engine keeps as `&'static str` (state types, diagnostic codes), read back from JSON.

use crate::diagnostic::codes;
use serde::{Deserialize, Deserializer};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// Every name the engine writes into these fields.
static KNOWN: &[&str] = &[
    "Pass",
    "Task",
    "Choice",
    "Wait",
    "Succeed",
    "Fail",
    "Parallel",
    "Map",
    codes::INVALID_JSON_DESCRIPTION,
    codes::SCHEMA_VALIDATION_FAILED,
    codes::MISSING_TRANSITION_TARGET,
    codes::DUPLICATE_STATE_NAME,
    codes::MISSING_END_STATE,
    codes::UNREACHABLE_STATE,
    codes::INVALID_JSON_PATH,
    codes::INVALID_REFERENCE_PATH,
    codes::UNSUPPORTED_FEATURE,
];

/// A `&'static str` under another name: serde borrows fields spelled `&str` from the input,
/// which a name read from a message cannot be.
pub type StaticName = &'static str;

thread_local! {
    /// Names outside [`KNOWN`], each kept once, so reading the same name again costs nothing more.
    static OTHERS: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
}

/// The `&'static str` equal to `name`.
pub(crate) fn intern(name: &str) -> &'static str {
    if let Some(known) = KNOWN.iter().find(|known| **known == name) {
        return known;
    }
    OTHERS.with(|others| {
        let mut others = others.borrow_mut();
        if let Some(kept) = others.get(name) {
            return *kept;
        }
        // Bounded by the distinct names ever read: a name the engine never writes is rare.
        let kept: &'static str = Box::leak(name.to_owned().into_boxed_str());
        others.insert(kept);
        kept
    })
}

/// serde's `deserialize_with` for a `&'static str` field.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    let name = String::deserialize(deserializer)?;
    Ok(intern(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_name_is_the_engine_s_own_and_another_is_kept_once() {
        assert_eq!(intern("Choice"), "Choice");
        let before = OTHERS.with(|others| others.borrow().len());
        intern("Choice");
        let after = OTHERS.with(|others| others.borrow().len());
        assert_eq!(before, after, "a known name is not kept again");
        let first = intern("SOMETHING_NEW");
        assert_eq!(first, "SOMETHING_NEW");
        assert!(std::ptr::eq(first, intern("SOMETHING_NEW")));
    }
}
