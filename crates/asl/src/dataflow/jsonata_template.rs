//! JSONata templates (Arguments, Output, Assign, Condition...): JSON whose strings written as
//! `{% expression %}` are JSONata expressions, evaluated with `$states` and the workflow variables.

use crate::context::StateContext;
use crate::diagnostic::{codes, Diagnostic};
use crate::error::StepError;
use crate::json_source::pointer_token;
use serde_json::{Map, Value};
use std::fmt;
use std::sync::Arc;

/// AWS's error for a JSONata expression that fails or selects nothing where a value is needed.
pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";

/// A parsed expression, shared by clones of the definition. It knows the parts of `$states`
/// and the variables it reads: binding only those spares converting the whole Context object
/// (and the execution's input inside it) for every expression of every state.
#[derive(Clone)]
pub struct Expr(Arc<jsonata::Expression>);

/// Which parts of `$states` a field may read, beyond `input` and `context` (always there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatesReach {
    /// Only the input and the Context object.
    Input,
    /// Also `$states.result`: the Output and Assign of a Task, Parallel or Map state.
    Result,
    /// Also `$states.errorOutput`: the Output and Assign of a catcher.
    ErrorOutput,
}

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

/// What `$states` holds while one state runs. Each part is copied into an expression's
/// `$states` only when the expression reads it: a Map's ItemSelector that reads
/// `$states.context.Map.Item` copies neither the state's input nor the execution's.
#[derive(Clone, Copy)]
pub struct States<'a> {
    /// The state's input.
    pub input: &'a Value,
    /// The result of a Task, Parallel or Map state, for its Output and Assign.
    pub result: Option<&'a Value>,
    /// The error output, for a catcher's Output and Assign.
    pub error_output: Option<&'a Value>,
    /// The Context object's parts.
    pub context: StateContext<'a>,
}

/// What expressions see: `$states` and the workflow variables.
pub struct Evaluation<'a> {
    /// `$states`: input, context, and result or errorOutput where AWS provides them.
    pub states: States<'a>,
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
    /// Compiles a template, adding a diagnostic for each expression that does not parse or that
    /// reads what the field cannot see (`reach`), as AWS refuses such definitions.
    pub fn parse(
        value: &Value,
        pointer: &str,
        reach: StatesReach,
        problems: &mut Vec<Diagnostic>,
    ) -> JsonataTemplate {
        match value {
            Value::String(text) => match expression_text(text) {
                Some(source) => match jsonata::Expression::parse(source) {
                    Ok(expression) => {
                        check_references(&expression, pointer, reach, problems);
                        JsonataTemplate::Expr(Expr(Arc::new(expression)))
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
                            JsonataTemplate::parse(
                                v,
                                &format!("{pointer}/{}", pointer_token(k)),
                                reach,
                                problems,
                            ),
                        )
                    })
                    .collect(),
            ),
            Value::Array(items) => JsonataTemplate::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| JsonataTemplate::parse(v, &format!("{pointer}/{i}"), reach, problems))
                    .collect(),
            ),
            other => JsonataTemplate::Literal(other.clone()),
        }
    }

    /// The expression's text, when the template is one expression.
    pub fn source(&self) -> Option<&str> {
        match self {
            JsonataTemplate::Expr(Expr(expression)) => Some(expression.source()),
            _ => None,
        }
    }

    /// Evaluates the template; `field` names it in errors (`Output`, `Output/result`...).
    pub fn evaluate(&self, evaluation: &Evaluation<'_>, field: &str) -> Result<Value, StepError> {
        self.evaluate_at(evaluation, &FieldName::Field(field))
    }

    fn evaluate_at(&self, evaluation: &Evaluation<'_>, field: &FieldName<'_>) -> Result<Value, StepError> {
        match self {
            JsonataTemplate::Literal(value) => Ok(value.clone()),
            JsonataTemplate::Expr(Expr(expression)) => {
                let mut env = jsonata::Environment::new(evaluation.now_millis, evaluation.seed);
                let source = || expression.source().trim();
                match expression.evaluate_in(evaluation, &mut env) {
                    Ok(Some(value)) => Ok(value),
                    Ok(None) => Err(StepError {
                        error: QUERY_EVALUATION_ERROR,
                        detail: format!(
                            "The JSONata expression '{}' specified for the field '{field}' returned nothing (undefined).",
                            source()
                        ),
                    }),
                    Err(error) => Err(StepError {
                        error: QUERY_EVALUATION_ERROR,
                        detail: format!(
                            "An error occurred while evaluating the JSONata expression '{}' specified for the field '{field}': {error}",
                            source()
                        ),
                    }),
                }
            }
            JsonataTemplate::Object(members) => {
                let mut out = Map::with_capacity(members.len());
                for (key, template) in members {
                    let value = template.evaluate_at(evaluation, &FieldName::Member(field, key))?;
                    out.insert(key.clone(), value);
                }
                Ok(Value::Object(out))
            }
            JsonataTemplate::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, t)| t.evaluate_at(evaluation, &FieldName::Item(field, i)))
                .collect::<Result<_, _>>()
                .map(Value::Array),
        }
    }
}

/// Where a template sits in its field, as errors name it (`Output/result`, `Output[0]`): spelled
/// out only when an error is reported, not for every member of every evaluation.
enum FieldName<'a> {
    Field(&'a str),
    Member(&'a FieldName<'a>, &'a str),
    Item(&'a FieldName<'a>, usize),
}

impl fmt::Display for FieldName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldName::Field(name) => f.write_str(name),
            FieldName::Member(parent, key) => write!(f, "{parent}/{key}"),
            FieldName::Item(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Adds a diagnostic for each part of `$states` the field cannot see and for each name read at
/// the top level, where an expression has no context item and so always selects nothing.
fn check_references(
    expression: &jsonata::Expression,
    pointer: &str,
    reach: StatesReach,
    problems: &mut Vec<Diagnostic>,
) {
    let references = expression.references();
    let source = expression.source().trim();
    let mut problem = |message: String| {
        problems.push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            pointer,
            message,
        ));
    };
    let fields = references.states_fields().unwrap_or_default();
    if fields.contains(&"result") && reach != StatesReach::Result {
        problem(format!(
            "The JSONata expression '{source}' reads $states.result, which exists only in the \
             Output and Assign of a Task, Parallel or Map state"
        ));
    }
    if fields.contains(&"errorOutput") && reach != StatesReach::ErrorOutput {
        problem(format!(
            "The JSONata expression '{source}' reads $states.errorOutput, which exists only in \
             the Output and Assign of a catcher (in Catch)"
        ));
    }
    for name in &references.top_level {
        let instead = match name.as_str() {
            "$" | "$$" => "$states.input".to_string(),
            field => format!("$states.input.{field}"),
        };
        problem(format!(
            "The JSONata expression '{source}' reads '{name}' at the top level, which is not \
             supported: expressions have no context item, so it would select nothing. \
             Read the state's input as {instead}"
        ));
    }
}
