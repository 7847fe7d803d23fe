//! Intrinsic functions (`States.Format('{}', $.x)` and the other 17): parsing and evaluation.
//!
//! AWS checks the syntax of a call when the state machine is created (unknown
//! names, bad escapes, unbalanced parentheses, nesting deeper than 10) and
//! everything else (argument counts, types, ranges) only when the call runs.
//! Run-time failures are `States.Runtime` errors whose detail names the call:
//! "There was an error while evaluating the intrinsic function: <call>. <reason>".

mod arguments;
mod array;
pub(crate) mod encoding;
mod hash;
mod java;
mod json;
mod math;
mod parser;
mod string;
mod uuid;

use crate::dataflow::Scope;
use crate::error::StepError;
use arguments::{Args, Failure};
use serde_json::Value;

pub use parser::MAX_NESTING;

/// A parsed intrinsic function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Intrinsic {
    call: parser::Call,
}

impl Intrinsic {
    /// Parses a call such as `States.Format('Hello {}', $.name)`; the error
    /// says what is wrong with the syntax.
    pub fn parse(text: &str) -> Result<Intrinsic, String> {
        parser::parse(text).map(|call| Intrinsic { call })
    }

    /// The text the call was parsed from.
    pub fn text(&self) -> &str {
        &self.call.text
    }

    /// Evaluates the call: its arguments first, then the function.
    pub fn evaluate(&self, scope: Scope<'_>) -> Result<Value, StepError> {
        self.call.evaluate(scope)
    }
}

/// The eighteen functions of the States language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `States.Format(template, args...)`.
    Format,
    /// `States.StringToJson(text)`.
    StringToJson,
    /// `States.JsonToString(value)`.
    JsonToString,
    /// `States.Array(values...)`.
    Array,
    /// `States.ArrayPartition(array, size)`.
    ArrayPartition,
    /// `States.ArrayContains(array, value)`.
    ArrayContains,
    /// `States.ArrayRange(start, end, step)`.
    ArrayRange,
    /// `States.ArrayGetItem(array, index)`.
    ArrayGetItem,
    /// `States.ArrayLength(array)`.
    ArrayLength,
    /// `States.ArrayUnique(array)`.
    ArrayUnique,
    /// `States.Base64Encode(text)`.
    Base64Encode,
    /// `States.Base64Decode(text)`.
    Base64Decode,
    /// `States.Hash(data, algorithm)`.
    Hash,
    /// `States.JsonMerge(left, right, false)`.
    JsonMerge,
    /// `States.MathRandom(start, end[, seed])`.
    MathRandom,
    /// `States.MathAdd(a, b)`.
    MathAdd,
    /// `States.StringSplit(text, delimiters)`.
    StringSplit,
    /// `States.UUID()`.
    Uuid,
}

impl Function {
    const ALL: [Function; 18] = [
        Function::Format,
        Function::StringToJson,
        Function::JsonToString,
        Function::Array,
        Function::ArrayPartition,
        Function::ArrayContains,
        Function::ArrayRange,
        Function::ArrayGetItem,
        Function::ArrayLength,
        Function::ArrayUnique,
        Function::Base64Encode,
        Function::Base64Decode,
        Function::Hash,
        Function::JsonMerge,
        Function::MathRandom,
        Function::MathAdd,
        Function::StringSplit,
        Function::Uuid,
    ];

    /// The full name, such as `States.Format`.
    pub fn name(self) -> &'static str {
        match self {
            Function::Format => "States.Format",
            Function::StringToJson => "States.StringToJson",
            Function::JsonToString => "States.JsonToString",
            Function::Array => "States.Array",
            Function::ArrayPartition => "States.ArrayPartition",
            Function::ArrayContains => "States.ArrayContains",
            Function::ArrayRange => "States.ArrayRange",
            Function::ArrayGetItem => "States.ArrayGetItem",
            Function::ArrayLength => "States.ArrayLength",
            Function::ArrayUnique => "States.ArrayUnique",
            Function::Base64Encode => "States.Base64Encode",
            Function::Base64Decode => "States.Base64Decode",
            Function::Hash => "States.Hash",
            Function::JsonMerge => "States.JsonMerge",
            Function::MathRandom => "States.MathRandom",
            Function::MathAdd => "States.MathAdd",
            Function::StringSplit => "States.StringSplit",
            Function::Uuid => "States.UUID",
        }
    }

    /// The function with this full name; names are case-sensitive, as in AWS.
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl parser::Call {
    /// Evaluates the arguments, then applies the function. A failure inside a
    /// nested call is reported with that call's text, as AWS does.
    fn evaluate(&self, scope: Scope<'_>) -> Result<Value, StepError> {
        let mut values = Vec::with_capacity(self.args.len());
        for arg in &self.args {
            let value = match arg {
                parser::Arg::Call(inner) => inner.evaluate(scope)?,
                parser::Arg::Literal(value) => value.clone(),
                parser::Arg::Text { value, .. } => Value::String(value.clone()),
                parser::Arg::Path(path) => scope.read(path).map_err(|e| {
                    if e.limit {
                        return self.failure(Failure(format!(
                            "The JsonPath argument for the field '{path}' was stopped at a limit: {}",
                            e.message
                        )));
                    }
                    let searched = scope.searched_text(path);
                    self.failure(Failure(format!(
                        "The JsonPath argument for the field '{path}' could not be found in the input '{searched}'"
                    )))
                })?,
            };
            values.push(value);
        }
        let args = Args {
            function: self.function,
            written: &self.args,
            values,
        };
        self.apply(&args, scope).map_err(|failure| self.failure(failure))
    }

    fn apply(&self, args: &Args<'_>, scope: Scope<'_>) -> Result<Value, Failure> {
        match self.function {
            Function::Format => string::format(args),
            Function::StringToJson => json::string_to_json(args),
            Function::JsonToString => json::json_to_string(args),
            Function::Array => Ok(Value::Array(args.values.clone())),
            Function::ArrayPartition => array::partition(args),
            Function::ArrayContains => array::contains(args),
            Function::ArrayRange => array::range(args),
            Function::ArrayGetItem => array::get_item(args),
            Function::ArrayLength => array::length(args),
            Function::ArrayUnique => array::unique(args),
            Function::Base64Encode => encoding::base64_encode(args),
            Function::Base64Decode => encoding::base64_decode(args),
            Function::Hash => hash::hash(args),
            Function::JsonMerge => json::merge(args),
            Function::MathRandom => math::random(args, scope.random),
            Function::MathAdd => math::add(args),
            Function::StringSplit => string::split(args),
            Function::Uuid => uuid::uuid(args, scope.random),
        }
    }

    fn failure(&self, failure: Failure) -> StepError {
        StepError::runtime(format!(
            "There was an error while evaluating the intrinsic function: {}. {}",
            self.text, failure.0
        ))
    }
}
