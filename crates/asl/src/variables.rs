//! Workflow variables: values that `Assign` stores and later states read as `$name`.

use crate::dataflow::payload_template::Template;
use crate::dataflow::Scope;
use crate::definition::fields::{kind_of, Fields};
use crate::error::StepError;
use serde_json::Value;
use std::collections::BTreeMap;

/// The variables in scope, by name.
pub type Variables = BTreeMap<String, Value>;

/// A state's `Assign` field (JSONPath states): a payload template of new variable values.
#[derive(Debug, Clone, PartialEq)]
pub struct Assign(pub Template);

impl Assign {
    /// Reads `Assign` from a state, a Choice rule or a catcher, when present.
    pub fn read(fields: &mut Fields<'_>) -> Option<Assign> {
        let value = fields.raw("Assign")?;
        if !value.is_object() {
            fields.problem(
                "Assign",
                format!(
                    "'Assign' must be an object of variable names and values, not {}",
                    kind_of(value)
                ),
            );
            return None;
        }
        for name in value.as_object().into_iter().flat_map(|m| m.keys()) {
            let bare = name.strip_suffix(".$").unwrap_or(name);
            let valid = bare.starts_with(|c: char| c.is_alphabetic() || c == '_')
                && bare.chars().all(|c| c.is_alphanumeric() || c == '_');
            if !valid || bare == "states" {
                fields.problem(
                    "Assign",
                    format!("'{bare}' cannot be a variable name: use letters, digits and '_', starting with a letter (and not the reserved 'states')"),
                );
            }
        }
        let pointer = fields.pointer_of("Assign");
        Some(Assign(Template::parse(value, &pointer, fields.problems())))
    }

    /// The new values, all computed from the variables as they were before the state.
    pub fn evaluate(&self, scope: Scope<'_>) -> Result<Variables, StepError> {
        match self.0.evaluate(scope)? {
            Value::Object(map) => Ok(map.into_iter().collect()),
            _ => Ok(Variables::new()),
        }
    }
}
