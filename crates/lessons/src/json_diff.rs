//! Differences between an expected and an actual JSON value, as paths a learner can read.

use serde_json::Value;
use std::fmt;

/// One place where two JSON values differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Where, as a JSONPath such as `$.user.name` or `$.items[2]`.
    pub path: String,
    /// The value wanted there, `None` when nothing should be there.
    pub expected: Option<Value>,
    /// The value found there, `None` when it is missing.
    pub actual: Option<Value>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.expected, &self.actual) {
            (Some(expected), None) => write!(f, "{} is missing; expected {expected}", self.path),
            (None, Some(actual)) => write!(f, "{} should not be there (it is {actual})", self.path),
            (Some(expected), Some(actual)) => {
                write!(f, "{} is {actual}; expected {expected}", self.path)
            }
            (None, None) => write!(f, "{} differs", self.path),
        }
    }
}

/// How strictly objects are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Same fields, same values, everywhere.
    Exact,
    /// Every expected field must be there with its value; extra fields are fine.
    Includes,
}

/// Every difference between `expected` and `actual`. Numbers compare by
/// value and type (`1` and `1.0` differ, as in AWS's outputs); key order never matters.
pub fn diff(expected: &Value, actual: &Value, strictness: Strictness) -> Vec<Difference> {
    let mut out = Vec::new();
    walk("$".to_string(), expected, actual, strictness, &mut out);
    out
}

fn walk(path: String, expected: &Value, actual: &Value, strictness: Strictness, out: &mut Vec<Difference>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => {
            for (key, want_value) in want {
                let child = format!("{path}{}", member(key));
                match have.get(key) {
                    Some(have_value) => walk(child, want_value, have_value, strictness, out),
                    None => out.push(Difference {
                        path: child,
                        expected: Some(want_value.clone()),
                        actual: None,
                    }),
                }
            }
            if strictness == Strictness::Exact {
                for (key, have_value) in have {
                    if !want.contains_key(key) {
                        out.push(Difference {
                            path: format!("{path}{}", member(key)),
                            expected: None,
                            actual: Some(have_value.clone()),
                        });
                    }
                }
            }
        }
        (Value::Array(want), Value::Array(have)) if want.len() == have.len() => {
            for (i, (w, h)) in want.iter().zip(have).enumerate() {
                walk(format!("{path}[{i}]"), w, h, strictness, out);
            }
        }
        _ if expected == actual => {}
        _ => out.push(Difference {
            path,
            expected: Some(expected.clone()),
            actual: Some(actual.clone()),
        }),
    }
}

/// `.name` for simple keys, `['odd key']` for the rest.
fn member(key: &str) -> String {
    let simple = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if simple {
        format!(".{key}")
    } else {
        format!("['{}']", key.replace('\'', "\\'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_values_have_no_differences_whatever_the_key_order() {
        let a = json!({"a": 1, "b": [1, {"c": true}]});
        let b = json!({"b": [1, {"c": true}], "a": 1});
        assert!(diff(&a, &b, Strictness::Exact).is_empty());
    }

    #[test]
    fn reports_each_difference_with_its_path() {
        let want = json!({"name": "Ada", "plan": "free", "tags": [1, 2]});
        let have = json!({"name": "Bob", "tags": [1, 3], "extra": 1});
        let found: Vec<String> = diff(&want, &have, Strictness::Exact)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            vec![
                "$.name is \"Bob\"; expected \"Ada\"",
                "$.plan is missing; expected \"free\"",
                "$.tags[1] is 3; expected 2",
                "$.extra should not be there (it is 1)",
            ]
        );
        assert_eq!(diff(&want, &have, Strictness::Includes).len(), 3);
    }

    #[test]
    fn integers_and_floats_differ() {
        assert_eq!(diff(&json!(1), &json!(1.0), Strictness::Exact).len(), 1);
    }
}
