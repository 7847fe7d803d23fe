//! JSONata templates (Arguments, Output, Assign, Condition...): JSON whose strings written as
//! `{% expression %}` are JSONata expressions, evaluated with `$states` and the workflow variables.

use crate::diagnostic::{codes, Diagnostic};
use crate::error::StepError;
use crate::json_source::pointer_token;
use serde_json::{Map, Value};
use std::fmt;
use std::sync::Arc;

/// AWS's error for a JSONata expression that fails or selects nothing where a value is needed.
pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";

/// A parsed expression, shared by clones of the definition, with the parts of `$states` it
/// reads: binding only those spares converting the whole Context object (and the execution's
/// input inside it) for every expression of every state.
#[derive(Clone)]
pub struct Expr(Arc<jsonata::Expression>, Arc<Option<Vec<String>>>);

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{% {} %}}", self.0.source())
    }
}

impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        self.0.source() == other.0.source()
    }
}

/// A JSONata template.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonataTemplate {
    /// Copied as written.
    Literal(Value),
    /// `"{% ... %}"`: the expression's value.
    Expr(Expr),
    /// An object whose members are templates.
    Object(Vec<(String, JsonataTemplate)>),
    /// An array whose elements are templates.
    Array(Vec<JsonataTemplate>),
}

/// What expressions see: `$states` and the workflow variables.
pub struct Evaluation<'a> {
    /// `$states`: input, context, and result or errorOutput where AWS provides them.
    pub states: Value,
    /// The workflow variables.
    pub variables: &'a crate::variables::Variables,
    /// The virtual time, for `$now()` and `$millis()`.
    pub now_millis: i64,
    /// A seed for `$random()` and `$uuid()`.
    pub seed: u64,
}

/// The expression inside `{% %}`, when the string is exactly one (no spaces around, as AWS reads it).
pub fn expression_text(text: &str) -> Option<&str> {
    text.strip_prefix("{%")?.strip_suffix("%}")
}

impl JsonataTemplate {
    /// Compiles a template, adding a diagnostic for each expression that does not parse.
    pub fn parse(value: &Value, pointer: &str, problems: &mut Vec<Diagnostic>) -> JsonataTemplate {
        match value {
            Value::String(text) => match expression_text(text) {
                Some(source) => match jsonata::Expression::parse(source) {
                    Ok(expression) => {
                        JsonataTemplate::Expr(Expr(Arc::new(expression), Arc::new(states_fields(source))))
                    }
                    Err(error) => {
                        problems.push(Diagnostic::error(
                            codes::SCHEMA_VALIDATION_FAILED,
                            pointer,
                            format!("The JSONata expression '{}' is not valid: {error}", source.trim()),
                        ));
                        JsonataTemplate::Literal(Value::Null)
                    }
                },
                None => JsonataTemplate::Literal(value.clone()),
            },
            Value::Object(map) => JsonataTemplate::Object(
                map.iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            JsonataTemplate::parse(v, &format!("{pointer}/{}", pointer_token(k)), problems),
                        )
                    })
                    .collect(),
            ),
            Value::Array(items) => JsonataTemplate::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| JsonataTemplate::parse(v, &format!("{pointer}/{i}"), problems))
                    .collect(),
            ),
            other => JsonataTemplate::Literal(other.clone()),
        }
    }

    /// The expression's text, when the template is one expression.
    pub fn source(&self) -> Option<&str> {
        match self {
            JsonataTemplate::Expr(expr) => Some(expr.0.source()),
            _ => None,
        }
    }

    /// Whether an expression in the template may read `$states.context`.
    pub fn reads_context(&self) -> bool {
        match self {
            JsonataTemplate::Literal(_) => false,
            JsonataTemplate::Expr(Expr(_, fields)) => fields
                .as_ref()
                .as_ref()
                .is_none_or(|f| f.iter().any(|f| f == "context")),
            JsonataTemplate::Object(members) => members.iter().any(|(_, t)| t.reads_context()),
            JsonataTemplate::Array(items) => items.iter().any(JsonataTemplate::reads_context),
        }
    }

    /// Evaluates the template; `field` names it in errors (`Output`, `Output/result`...).
    pub fn evaluate(&self, evaluation: &Evaluation<'_>, field: &str) -> Result<Value, StepError> {
        match self {
            JsonataTemplate::Literal(value) => Ok(value.clone()),
            JsonataTemplate::Expr(Expr(expression, fields)) => {
                let source = expression.source();
                let states = match (fields.as_ref(), &evaluation.states) {
                    (Some(fields), Value::Object(all)) => Value::Object(
                        fields
                            .iter()
                            .filter_map(|f| all.get(f).map(|v| (f.clone(), v.clone())))
                            .collect(),
                    ),
                    _ => evaluation.states.clone(),
                };
                let mut bindings = jsonata::Bindings::new().with("states", states);
                // JSONata cannot name a variable at run time, so one the text does not mention
                // cannot be read.
                for (name, value) in evaluation.variables {
                    if source.contains(&format!("${name}")) {
                        bindings.insert(name, value.clone());
                    }
                }
                let mut env = jsonata::Environment::new(evaluation.now_millis, evaluation.seed);
                let source = source.trim();
                match expression.evaluate(&Value::Null, &bindings, &mut env) {
                    Ok(Some(value)) => Ok(value),
                    Ok(None) => Err(StepError {
                        error: QUERY_EVALUATION_ERROR,
                        detail: format!(
                            "The JSONata expression '{source}' specified for the field '{field}' returned nothing (undefined)."
                        ),
                    }),
                    Err(error) => Err(StepError {
                        error: QUERY_EVALUATION_ERROR,
                        detail: format!(
                            "An error occurred while evaluating the JSONata expression '{source}' specified for the field '{field}': {error}"
                        ),
                    }),
                }
            }
            JsonataTemplate::Object(members) => {
                let mut out = Map::with_capacity(members.len());
                for (key, template) in members {
                    out.insert(
                        key.clone(),
                        template.evaluate(evaluation, &format!("{field}/{key}"))?,
                    );
                }
                Ok(Value::Object(out))
            }
            JsonataTemplate::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, t)| t.evaluate(evaluation, &format!("{field}[{i}]")))
                .collect::<Result<_, _>>()
                .map(Value::Array),
        }
    }
}

/// The fields of `$states` an expression reads (`$states.input`...), or `None` when it uses
/// `$states` some other way (`$keys($states)`), which needs all of it.
fn states_fields(source: &str) -> Option<Vec<String>> {
    let mut fields: Vec<String> = Vec::new();
    for (at, _) in source.match_indices("$states") {
        let rest = source[at + "$states".len()..].strip_prefix('.')?;
        let field: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if field.is_empty() {
            return None;
        }
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    Some(fields)
}
