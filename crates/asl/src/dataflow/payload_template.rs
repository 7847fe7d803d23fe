//! Payload templates (Parameters, ResultSelector, ItemSelector): JSON whose `"key.$"` fields are filled from paths.

use super::Scope;
use crate::diagnostic::{codes, Diagnostic};
use crate::error::StepError;
use crate::intrinsics::Intrinsic;
use crate::json_source::pointer_token;
use crate::jsonpath::Path;
use serde_json::{Map, Value};

/// A compiled payload template.
#[derive(Debug, Clone, PartialEq)]
pub enum Template {
    /// Copied to the output as written.
    Literal(Value),
    /// An object whose members are templates themselves.
    Object(Vec<Member>),
    /// An array whose elements are templates themselves.
    Array(Vec<Template>),
}

/// One member of an object template.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key in the output (without `.$`).
    pub key: String,
    /// How the value is made.
    pub value: MemberValue,
}

/// Where a member's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum MemberValue {
    /// A nested template.
    Template(Template),
    /// `"key.$": "$.path"`: the value at a path of the input or Context object.
    Path {
        /// The field as written, with `.$`, for error messages.
        field: String,
        /// The path to read.
        path: Path,
    },
    /// `"key.$": "States.Format(...)"`: the result of an intrinsic function call.
    Intrinsic(Intrinsic),
}

impl Template {
    /// Compiles a template, adding a diagnostic for each bad `.$` field.
    pub fn parse(value: &Value, pointer: &str, problems: &mut Vec<Diagnostic>) -> Template {
        match value {
            Value::Object(map) => Template::Object(
                map.iter()
                    .map(|(key, value)| {
                        let here = format!("{pointer}/{}", pointer_token(key));
                        parse_member(key, value, &here, problems)
                    })
                    .collect(),
            ),
            Value::Array(items) => Template::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| Template::parse(item, &format!("{pointer}/{i}"), problems))
                    .collect(),
            ),
            other => Template::Literal(other.clone()),
        }
    }

    /// Fills the template from a scope.
    pub fn evaluate(&self, scope: Scope<'_>) -> Result<Value, StepError> {
        match self {
            Template::Literal(value) => Ok(value.clone()),
            Template::Array(items) => items
                .iter()
                .map(|t| t.evaluate(scope))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            Template::Object(members) => {
                let mut out = Map::with_capacity(members.len());
                for member in members {
                    let value = match &member.value {
                        MemberValue::Template(template) => template.evaluate(scope)?,
                        MemberValue::Path { field, path } => scope.read(path).map_err(|e| {
                            if e.limit {
                                return StepError::runtime(format!(
                                    "The JSONPath '{path}' specified for the field '{field}' was stopped at a limit: {}",
                                    e.message
                                ));
                            }
                            let searched = scope.searched_text(path);
                            StepError::runtime(format!(
                                "The JSONPath '{path}' specified for the field '{field}' could not be found in the input '{searched}'"
                            ))
                        })?,
                        MemberValue::Intrinsic(intrinsic) => intrinsic.evaluate(scope)?,
                    };
                    out.insert(member.key.clone(), value);
                }
                Ok(Value::Object(out))
            }
        }
    }
}

fn parse_member(key: &str, value: &Value, pointer: &str, problems: &mut Vec<Diagnostic>) -> Member {
    let Some(stripped) = key.strip_suffix(".$") else {
        return Member {
            key: key.to_string(),
            value: MemberValue::Template(Template::parse(value, pointer, problems)),
        };
    };
    let invalid = |problems: &mut Vec<Diagnostic>, why: String| {
        problems.push(Diagnostic::error(codes::SCHEMA_VALIDATION_FAILED, pointer, why));
        Member {
            key: stripped.to_string(),
            value: MemberValue::Template(Template::Literal(Value::Null)),
        }
    };
    let Value::String(text) = value else {
        return invalid(
            problems,
            format!("The value for the field '{key}' must be a STRING that contains a JSONPath or an intrinsic function, not {value}"),
        );
    };
    // AWS reads a value as an intrinsic call when it does not start with '$';
    // the call's syntax is checked now, its arguments when it runs.
    if text.starts_with("States.") {
        return match Intrinsic::parse(text) {
            Ok(intrinsic) => Member {
                key: stripped.to_string(),
                value: MemberValue::Intrinsic(intrinsic),
            },
            Err(why) => invalid(
                problems,
                format!("The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call: {why}"),
            ),
        };
    }
    match Path::parse(text) {
        Ok(path) => Member {
            key: stripped.to_string(),
            value: MemberValue::Path { field: key.to_string(), path },
        },
        Err(why) => invalid(
            problems,
            format!("The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call: {why}"),
        ),
    }
}
