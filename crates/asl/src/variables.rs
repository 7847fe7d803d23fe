//! Workflow variables: values that `Assign` stores and later states read as `$name`.

use crate::dataflow::payload_template::Template;
use crate::dataflow::Scope;
use crate::definition::fields::{kind_of, Fields};
use crate::diagnostic::{codes, Diagnostic};
use crate::error::StepError;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The variables in scope, by name.
pub type Variables = BTreeMap<String, Value>;

/// The most one variable may hold, as JSON text (AWS: 256 KiB).
pub const MAX_VARIABLE_BYTES: usize = 256 * 1024;
/// The most one `Assign` may set in all (AWS: 256 KiB).
pub const MAX_ASSIGN_BYTES: usize = 256 * 1024;
/// The most all of an execution's variables may hold together (AWS: 10 MiB).
pub const MAX_STORED_BYTES: usize = 10 * 1024 * 1024;
/// The longest variable name (AWS: 80 characters).
pub const MAX_NAME_CHARS: usize = 80;

/// Why a name cannot be a variable's, or `None` when it can: AWS takes Unicode identifiers
/// (a first character that starts identifiers, then characters that continue them), at most
/// 80 characters, and reserves `states`.
pub fn name_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let identifier =
        chars.next().is_some_and(unicode_ident::is_xid_start) && chars.all(unicode_ident::is_xid_continue);
    if !identifier {
        Some(format!(
            "'{name}' cannot be a variable name: a name starts with a letter and goes on with \
             letters, digits or '_' (Unicode identifier rules)"
        ))
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some(format!(
            "The variable name '{name}' is longer than {MAX_NAME_CHARS} characters"
        ))
    } else if name == "states" {
        Some("'states' cannot be a variable name: it is reserved for $states".to_string())
    } else {
        None
    }
}

/// Checks an `Assign` field (JSONPath or JSONata) at `pointer`: an object whose names can be
/// variables'. Adds a diagnostic for each problem; false when it is not an object at all.
pub fn check_assign(assign: &Value, pointer: &str, problems: &mut Vec<Diagnostic>) -> bool {
    let Value::Object(members) = assign else {
        problems.push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            pointer,
            format!(
                "'Assign' must be an object of variable names and values, not {}",
                kind_of(assign)
            ),
        ));
        return false;
    };
    for name in members.keys() {
        let bare = name.strip_suffix(".$").unwrap_or(name);
        if let Some(problem) = name_problem(bare) {
            let here = format!("{pointer}/{}", crate::json_source::pointer_token(name));
            problems.push(Diagnostic::error(codes::SCHEMA_VALIDATION_FAILED, here, problem));
        }
    }
    true
}

/// Sets `values` on a chain's variables, all at once, within AWS's size limits; a value over
/// a limit fails the state with `States.DataLimitExceeded` and sets nothing.
/// `sizes` holds the size of each stored variable, so that checking the total does not
/// measure every variable again at each Assign.
pub(crate) fn store(
    variables: &RefCell<Variables>,
    sizes: &RefCell<BTreeMap<String, usize>>,
    values: &Variables,
) -> Result<(), StepError> {
    let limit = |detail: String| StepError {
        error: crate::error::names::DATA_LIMIT_EXCEEDED,
        detail,
    };
    let mut assigned = 0;
    let mut new_sizes = Vec::with_capacity(values.len());
    for (name, value) in values {
        let size = crate::dataflow::json_len(value);
        new_sizes.push((name.clone(), size));
        if size > MAX_VARIABLE_BYTES {
            return Err(limit(format!(
                "The value assigned to the variable '{name}' is {size} bytes, more than the \
                 {MAX_VARIABLE_BYTES} bytes (256 KiB) a variable can hold."
            )));
        }
        assigned += size;
    }
    if assigned > MAX_ASSIGN_BYTES {
        return Err(limit(format!(
            "The values of this Assign are {assigned} bytes together, more than the \
             {MAX_ASSIGN_BYTES} bytes (256 KiB) one Assign can set."
        )));
    }
    let mut sizes = sizes.borrow_mut();
    let kept: usize = sizes
        .iter()
        .filter(|(name, _)| !values.contains_key(*name))
        .map(|(_, size)| size)
        .sum();
    if kept + assigned > MAX_STORED_BYTES {
        return Err(limit(format!(
            "The variables would hold {} bytes together, more than the {MAX_STORED_BYTES} \
             bytes (10 MiB) an execution can store.",
            kept + assigned
        )));
    }
    sizes.extend(new_sizes);
    variables
        .borrow_mut()
        .extend(values.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(())
}

/// A state's `Assign` field (JSONPath states): a payload template of new variable values.
#[derive(Debug, Clone, PartialEq)]
pub struct Assign(pub Template);

impl Assign {
    /// Reads `Assign` from a state, a Choice rule or a catcher, when present.
    pub fn read(fields: &mut Fields<'_>) -> Option<Assign> {
        let value = fields.raw("Assign")?;
        let pointer = fields.pointer_of("Assign");
        if !check_assign(value, &pointer, fields.problems()) {
            return None;
        }
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
