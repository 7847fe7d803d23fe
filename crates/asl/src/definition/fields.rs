//! Reading a state's JSON object field by field, collecting every problem instead of stopping at the first.

use crate::dataflow::input_path::InputPath;
use crate::dataflow::output_path::OutputPath;
use crate::dataflow::parameters::Parameters;
use crate::dataflow::payload_template::Template;
use crate::dataflow::result_path::ResultPath;
use crate::dataflow::result_selector::ResultSelector;
use crate::diagnostic::{codes, Diagnostic};
use crate::json_source::pointer_token;
use crate::jsonpath::Path;
use serde_json::{Map, Value};

/// How a state goes on after it succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// `"Next": "Name"`.
    Next(String),
    /// `"End": true`.
    End,
}

/// A number given in the definition or read from the input at run time.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueOrPath {
    /// Written in the definition.
    Value(i64),
    /// Read from the state's effective input.
    Path(Path),
}

/// One JSON object being read, with the pointer of each field for diagnostics.
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    pointer: String,
    problems: &'a mut Vec<Diagnostic>,
    jsonata: bool,
}

impl<'a> Fields<'a> {
    /// Starts reading `map`, found at `pointer`.
    pub fn new(map: &'a Map<String, Value>, pointer: String, problems: &'a mut Vec<Diagnostic>) -> Self {
        Fields {
            map,
            pointer,
            problems,
            jsonata: false,
        }
    }

    /// The JSON pointer of a field of this object.
    pub fn pointer_of(&self, name: &str) -> String {
        format!("{}/{}", self.pointer, pointer_token(name))
    }

    /// Records a schema problem at a field.
    pub fn problem(&mut self, name: &str, message: String) {
        let location = self.pointer_of(name);
        self.problems.push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            location,
            message,
        ));
    }

    /// Records a problem with any code at a field.
    pub fn problem_with(&mut self, code: &'static str, name: &str, message: String) {
        let location = self.pointer_of(name);
        self.problems.push(Diagnostic::error(code, location, message));
    }

    /// The diagnostics collected so far, for nested readers.
    pub fn problems(&mut self) -> &mut Vec<Diagnostic> {
        self.problems
    }

    /// Whether the field is present (even as `null`).
    pub fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// The raw value of a field.
    pub fn raw(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name)
    }

    /// An optional string field.
    pub fn string(&mut self, name: &str) -> Option<String> {
        match self.map.get(name)? {
            Value::String(text) => Some(text.clone()),
            other => {
                self.problem(
                    name,
                    format!("The field '{name}' must be a string, not {}", kind_of(other)),
                );
                None
            }
        }
    }

    /// A string field that must be present.
    pub fn required_string(&mut self, name: &str, owner: &str) -> Option<String> {
        if !self.has(name) {
            let location = self.pointer.clone();
            self.problems.push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                location,
                format!("{owner} is missing the required field '{name}'"),
            ));
            return None;
        }
        self.string(name)
    }

    /// An optional non-negative integer field.
    pub fn unsigned(&mut self, name: &str) -> Option<u64> {
        let value = self.map.get(name)?;
        match value.as_u64() {
            Some(n) => Some(n),
            None => {
                self.problem(
                    name,
                    format!("The field '{name}' must be a non-negative integer, not {value}"),
                );
                None
            }
        }
    }

    /// A path field: a JSONPath, or `null` when `nullable`. Absent means `None`.
    fn path_or_null(&mut self, name: &str, reference: bool) -> Option<Option<Path>> {
        match self.map.get(name)? {
            Value::Null => Some(None),
            Value::String(text) => match Path::parse(text) {
                Ok(path) if reference && !path.is_reference() => {
                    self.problem_with(
                        codes::INVALID_REFERENCE_PATH,
                        name,
                        format!("The field '{name}' must be a reference path (fields and indexes only, no wildcards, slices or filters): '{text}'"),
                    );
                    None
                }
                Ok(path) => Some(Some(path)),
                Err(why) => {
                    self.problem_with(
                        codes::INVALID_JSON_PATH,
                        name,
                        format!("The field '{name}' is not a valid JSONPath: {why}"),
                    );
                    None
                }
            },
            other => {
                self.problem(
                    name,
                    format!(
                        "The field '{name}' must be a JSONPath string or null, not {}",
                        kind_of(other)
                    ),
                );
                None
            }
        }
    }

    /// A path field that may not be `null` (ErrorPath, SecondsPath...).
    pub fn path(&mut self, name: &str) -> Option<Path> {
        if self.map.get(name).is_some_and(Value::is_null) {
            self.problem(
                name,
                format!("The field '{name}' must be a JSONPath string, not null"),
            );
            return None;
        }
        self.path_or_null(name, false).flatten()
    }

    /// InputPath, defaulting to `$`.
    pub fn input_path(&mut self) -> InputPath {
        match self.path_or_null("InputPath", false) {
            None => InputPath::default(),
            Some(None) => InputPath::Discard,
            Some(Some(path)) => InputPath::Path(path),
        }
    }

    /// OutputPath, defaulting to `$`.
    pub fn output_path(&mut self) -> OutputPath {
        match self.path_or_null("OutputPath", false) {
            None => OutputPath::default(),
            Some(None) => OutputPath::Discard,
            Some(Some(path)) => OutputPath::Path(path),
        }
    }

    /// ResultPath, defaulting to `$`; must be a reference path.
    pub fn result_path(&mut self) -> ResultPath {
        match self.path_or_null("ResultPath", true) {
            None => ResultPath::default(),
            Some(None) => ResultPath::Discard,
            Some(Some(path)) => ResultPath::Path(path),
        }
    }

    /// Parameters, when present: a payload template.
    pub fn parameters(&mut self) -> Option<Parameters> {
        let value = self.map.get("Parameters")?;
        let pointer = self.pointer_of("Parameters");
        Some(Parameters(Template::parse(value, &pointer, self.problems)))
    }

    /// ResultSelector, when present: a payload template applied to the result.
    pub fn result_selector(&mut self) -> Option<ResultSelector> {
        let value = self.map.get("ResultSelector")?;
        let pointer = self.pointer_of("ResultSelector");
        if !value.is_object() {
            self.problem(
                "ResultSelector",
                format!(
                    "The field 'ResultSelector' must be an object, not {}",
                    kind_of(value)
                ),
            );
            return None;
        }
        Some(ResultSelector(Template::parse(value, &pointer, self.problems)))
    }

    /// An optional number field (integer or not).
    pub fn number(&mut self, name: &str) -> Option<f64> {
        let value = self.map.get(name)?;
        match value.as_f64() {
            Some(n) => Some(n),
            None => {
                self.problem(
                    name,
                    format!("The field '{name}' must be a number, not {}", kind_of(value)),
                );
                None
            }
        }
    }

    /// An optional integer field within `min..=max`.
    pub fn integer_in(&mut self, name: &str, min: i64, max: i64) -> Option<i64> {
        let value = self.map.get(name)?;
        match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.problem(
                    name,
                    format!("The field '{name}' must be an integer from {min} to {max}, not {value}"),
                );
                None
            }
        }
    }

    /// An optional boolean field.
    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        let value = self.map.get(name)?;
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                self.problem(
                    name,
                    format!("The field '{name}' must be true or false, not {}", kind_of(other)),
                );
                None
            }
        }
    }

    /// A field that may be given directly (`TimeoutSeconds`) or as a path (`TimeoutSecondsPath`), never both.
    pub fn value_or_path(&mut self, name: &str, min: i64, max: i64) -> Option<ValueOrPath> {
        let path_name = format!("{name}Path");
        if self.has(name) && self.has(&path_name) {
            self.problem(
                &path_name,
                format!("A state cannot have both '{name}' and '{path_name}'; keep one"),
            );
        }
        if let Some(path) = self.path(&path_name) {
            return Some(ValueOrPath::Path(path));
        }
        self.integer_in(name, min, max).map(ValueOrPath::Value)
    }

    /// Reads an optional array of objects (Retry, Catch...), handing each element to `read`
    /// with its own field reader, its index and whether it is the last one.
    pub fn objects<T>(
        &mut self,
        name: &str,
        what: &str,
        mut read: impl FnMut(&mut Fields<'_>, usize, bool) -> T,
    ) -> Vec<T> {
        let Some(value) = self.map.get(name) else {
            return Vec::new();
        };
        let Value::Array(items) = value else {
            self.problem(
                name,
                format!("'{name}' must be an array of {what}s, not {}", kind_of(value)),
            );
            return Vec::new();
        };
        let base = self.pointer_of(name);
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let pointer = format!("{base}/{i}");
            let Value::Object(map) = item else {
                self.problems.push(Diagnostic::error(
                    codes::SCHEMA_VALIDATION_FAILED,
                    pointer,
                    format!("A {what} must be an object"),
                ));
                continue;
            };
            let mut fields = Fields::new(map, pointer, self.problems);
            out.push(read(&mut fields, i, i + 1 == items.len()));
        }
        out
    }

    /// The JSON pointer of this object.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// Whether the states read here default to JSONata (the machine's QueryLanguage).
    pub fn jsonata_default(&self) -> bool {
        self.jsonata
    }

    /// Sets the query language the states read here default to.
    pub fn with_jsonata_default(mut self, jsonata: bool) -> Self {
        self.jsonata = jsonata;
        self
    }

    /// QueryLanguage: whether this object uses JSONata (its own field, else the default).
    pub fn query_language(&mut self) -> bool {
        match self.map.get("QueryLanguage") {
            None => self.jsonata,
            Some(Value::String(language)) if language == "JSONPath" => false,
            Some(Value::String(language)) if language == "JSONata" => true,
            Some(other) => {
                self.problem(
                    "QueryLanguage",
                    format!("QueryLanguage must be \"JSONPath\" or \"JSONata\", not {other}"),
                );
                self.jsonata
            }
        }
    }

    /// Next or End: exactly one of them.
    pub fn transition(&mut self) -> Transition {
        let next = self.string("Next");
        let end = match self.map.get("End") {
            None => false,
            Some(Value::Bool(end)) => *end,
            Some(other) => {
                self.problem(
                    "End",
                    format!("The field 'End' must be true or false, not {other}"),
                );
                false
            }
        };
        match (next, end) {
            (Some(_), true) => {
                self.problem(
                    "End",
                    "A state cannot have both 'Next' and 'End': true; keep one".into(),
                );
                Transition::End
            }
            (Some(next), false) => Transition::Next(next),
            (None, true) => Transition::End,
            (None, false) => {
                if !self.has("Next") {
                    let location = self.pointer.clone();
                    self.problems.push(Diagnostic::error(
                        codes::SCHEMA_VALIDATION_FAILED,
                        location,
                        "This state needs either 'Next' (the state to go to) or 'End': true".to_string(),
                    ));
                }
                Transition::End
            }
        }
    }

    /// Reports every field not in `allowed`.
    pub fn reject_unknown(&mut self, allowed: &[&str], owner: &str) {
        let unknown: Vec<String> = self
            .map
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()) && *k != "QueryLanguage")
            .cloned()
            .collect();
        for key in unknown {
            self.problem(
                &key,
                format!(
                    "The field '{key}' is not supported by {owner}; the allowed fields are {}",
                    allowed.join(", ")
                ),
            );
        }
    }
}

/// The JSON type of a value, in words.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
