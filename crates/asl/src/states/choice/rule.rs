//! Choice rules: reading them with every problem located, and evaluating them against a state's input.

use super::comparison::{self, Kind, Operator, Pattern, Relation, TypeTest};
use crate::dataflow::Scope;
use crate::definition::fields::{kind_of, Fields};
use crate::diagnostic::{codes, Diagnostic};
use crate::error::StepError;
use crate::jsonpath::Path;
use crate::timestamp;
use serde_json::{Map, Value};

/// A Choice rule: a test of the input, or a combination of rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// `"And": [...]`: every rule matches (stops at the first that does not).
    And(Vec<Rule>),
    /// `"Or": [...]`: some rule matches (stops at the first that does).
    Or(Vec<Rule>),
    /// `"Not": {...}`: the rule does not match.
    Not(Box<Rule>),
    /// `"Variable"` with one comparison operator.
    Test(Test),
}

/// `"Variable": "$.x"` with one comparison operator.
#[derive(Debug, Clone, PartialEq)]
pub struct Test {
    /// The path of the value tested.
    pub variable: Path,
    /// What is checked about it.
    pub check: Check,
}

/// What a rule checks about its Variable.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// `"IsNull": true` and the other `Is...` operators: the type test must give `expected`.
    Is {
        /// Which test.
        test: TypeTest,
        /// The operator's boolean: `false` asks for the opposite.
        expected: bool,
    },
    /// `"StringMatches": "log-*"`.
    Matches(Pattern),
    /// `"NumericLessThan": 3`, `"StringEqualsPath": "$.other"`...
    Compare {
        /// The type both sides must have.
        kind: Kind,
        /// How the Variable must relate to the other side.
        relation: Relation,
        /// The other side.
        operand: Operand,
    },
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A literal from the definition, already checked to have the right type.
    Value(Value),
    /// `...Path`: a value read from the input (or the Context object) when the rule runs.
    Path(Path),
}

/// Why a rule cannot be evaluated: a path names nothing.
fn invalid_path(path: &Path) -> StepError {
    StepError::runtime(format!(
        "Invalid path '{path}': The choice state's condition path references an invalid value."
    ))
}

impl Rule {
    /// Whether the rule matches the state's effective input.
    ///
    /// Fails when a path names nothing, except under `IsPresent`, whose
    /// purpose is to ask exactly that.
    pub fn matches(&self, scope: Scope<'_>) -> Result<bool, StepError> {
        match self {
            Rule::And(rules) => {
                for rule in rules {
                    if !rule.matches(scope)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Rule::Or(rules) => {
                for rule in rules {
                    if rule.matches(scope)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Rule::Not(rule) => Ok(!rule.matches(scope)?),
            Rule::Test(test) => test.matches(scope),
        }
    }
}

impl Test {
    fn matches(&self, scope: Scope<'_>) -> Result<bool, StepError> {
        let found = scope.read(&self.variable).ok();
        if let Check::Is {
            test: TypeTest::Present,
            expected,
        } = self.check
        {
            return Ok(found.is_some() == expected);
        }
        let value = found.ok_or_else(|| invalid_path(&self.variable))?;
        Ok(match &self.check {
            Check::Is { test, expected } => comparison::is(*test, &value) == *expected,
            Check::Matches(pattern) => value.as_str().is_some_and(|text| pattern.matches(text)),
            Check::Compare {
                kind,
                relation,
                operand: Operand::Value(literal),
            } => comparison::compare(*kind, *relation, &value, literal),
            Check::Compare {
                kind,
                relation,
                operand: Operand::Path(path),
            } => {
                let other = scope.read(path).map_err(|_| invalid_path(path))?;
                comparison::compare(*kind, *relation, &value, &other)
            }
        })
    }
}

/// The fields a rule may have besides its operator.
const RULE_FIELDS: &[&str] = &["Variable", "Next", "Comment", "Assign"];
const COMBINATORS: &[&str] = &["And", "Or", "Not"];

/// Reads the rule at `pointer`; a top-level rule (directly in Choices) also gives its `Next`.
///
/// Every problem is added to `problems`; the rule is `None` when it has any.
pub fn read(
    value: &Value,
    pointer: &str,
    top_level: bool,
    problems: &mut Vec<Diagnostic>,
) -> (Option<Rule>, Option<String>) {
    let Value::Object(map) = value else {
        problems.push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            pointer,
            format!("A Choice rule must be an object, not {}", kind_of(value)),
        ));
        return (None, None);
    };
    let mut reader = RuleReader {
        map,
        pointer,
        fields: Fields::new(map, pointer.to_string(), problems),
        misspelt_operator: false,
    };
    let operators = reader.operators();
    let next = reader.next(top_level);
    reader.fields.string("Comment");
    let rule = match operators.as_slice() {
        // A misspelt operator was reported already; "no operator" would only repeat it.
        [] if reader.misspelt_operator => None,
        [] => {
            reader.problem_here(
                "This Choice rule has no operator: give it a \"Variable\" and one comparison \
                 (such as \"StringEquals\", \"NumericGreaterThan\" or \"IsPresent\"), or one of \
                 \"And\", \"Or\", \"Not\""
                    .to_string(),
            );
            None
        }
        [operator] => reader.rule(operator),
        several => {
            reader.problem_here(format!(
                "A Choice rule takes exactly one operator, but this one has {}; split it into \
                 several rules combined with \"And\" or \"Or\"",
                several
                    .iter()
                    .map(|name| format!("'{name}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            None
        }
    };
    (rule, next)
}

struct RuleReader<'a, 'p> {
    map: &'a Map<String, Value>,
    pointer: &'p str,
    fields: Fields<'a>,
    /// Whether a field that looks like a misspelt operator was reported.
    misspelt_operator: bool,
}

impl RuleReader<'_, '_> {
    /// A problem with the rule as a whole, located at the rule.
    fn problem_here(&mut self, message: String) {
        self.fields.problems().push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            self.pointer,
            message,
        ));
    }

    /// The operator fields, in the order written; reports every field that is not allowed.
    fn operators(&mut self) -> Vec<String> {
        let mut operators = Vec::new();
        for key in self.map.keys() {
            if COMBINATORS.contains(&key.as_str()) || Operator::from_name(key).is_some() {
                operators.push(key.clone());
            } else if !RULE_FIELDS.contains(&key.as_str()) {
                let hint = match suggestion(key) {
                    Some(name) => {
                        let is_operator =
                            COMBINATORS.contains(&name.as_str()) || Operator::from_name(&name).is_some();
                        self.misspelt_operator |= is_operator;
                        format!(" (did you mean '{name}'?)")
                    }
                    None => String::new(),
                };
                self.fields.problem(
                    key,
                    format!(
                        "The field '{key}' is not allowed in a Choice rule{hint}. A rule holds a \"Variable\" \
                         with one comparison operator, or one of \"And\", \"Or\", \"Not\"; plus \"Next\" \
                         at the top level and an optional \"Comment\""
                    ),
                );
            }
        }
        operators
    }

    /// Next: required on a top-level rule, forbidden inside And, Or and Not.
    fn next(&mut self, top_level: bool) -> Option<String> {
        if top_level {
            if !self.fields.has("Next") {
                self.problem_here(
                    "This Choice rule is missing the required field 'Next': the state to go to when it matches"
                        .to_string(),
                );
            }
            self.fields.string("Next")
        } else {
            if self.fields.has("Next") {
                self.fields.problem(
                    "Next",
                    "Only the rules directly in \"Choices\" have 'Next'; rules inside \"And\", \"Or\" \
                     or \"Not\" must not"
                        .to_string(),
                );
            }
            None
        }
    }

    /// The rule for its single operator.
    fn rule(&mut self, operator: &str) -> Option<Rule> {
        match operator {
            "And" | "Or" => {
                self.no_variable(operator);
                let rules = self.rule_list(operator)?;
                Some(if operator == "And" {
                    Rule::And(rules)
                } else {
                    Rule::Or(rules)
                })
            }
            "Not" => {
                self.no_variable(operator);
                let value = self.map.get(operator)?;
                if !value.is_object() {
                    self.fields.problem(
                        operator,
                        format!(
                            "The value of 'Not' must be a single Choice rule (an object), not {}",
                            kind_of(value)
                        ),
                    );
                    return None;
                }
                let pointer = self.fields.pointer_of(operator);
                let (rule, _) = read(value, &pointer, false, self.fields.problems());
                Some(Rule::Not(Box::new(rule?)))
            }
            name => {
                let variable = self.variable(name);
                let check = self.check(name);
                Some(Rule::Test(Test {
                    variable: variable?,
                    check: check?,
                }))
            }
        }
    }

    fn no_variable(&mut self, operator: &str) {
        if self.fields.has("Variable") {
            self.fields.problem(
                "Variable",
                format!(
                    "An \"{operator}\" rule takes no 'Variable': put it in each of the rules it combines"
                ),
            );
        }
    }

    /// The non-empty array of rules of And or Or.
    fn rule_list(&mut self, operator: &str) -> Option<Vec<Rule>> {
        let value = self.map.get(operator)?;
        let items = match value {
            Value::Array(items) if !items.is_empty() => items,
            other => {
                let what = match other {
                    Value::Array(_) => "an empty array".to_string(),
                    other => kind_of(other).to_string(),
                };
                self.fields.problem(
                    operator,
                    format!(
                        "The value of '{operator}' must be a non-empty array of Choice rules, not {what}"
                    ),
                );
                return None;
            }
        };
        let base = self.fields.pointer_of(operator);
        let mut rules = Vec::new();
        let mut complete = true;
        for (i, item) in items.iter().enumerate() {
            match read(item, &format!("{base}/{i}"), false, self.fields.problems()) {
                (Some(rule), _) => rules.push(rule),
                (None, _) => complete = false,
            }
        }
        complete.then_some(rules)
    }

    /// The Variable of a comparison: a reference path, required.
    fn variable(&mut self, operator: &str) -> Option<Path> {
        if !self.fields.has("Variable") {
            self.problem_here(format!(
                "This Choice rule is missing the required field 'Variable': the path of the value \
                 that '{operator}' tests, such as \"$.status\""
            ));
            return None;
        }
        self.reference_path("Variable")
    }

    /// A field holding a reference path (`Variable` and the `...Path` operators).
    fn reference_path(&mut self, name: &str) -> Option<Path> {
        let value = self.map.get(name)?;
        let Value::String(text) = value else {
            self.fields.problem(
                name,
                format!(
                    "The value of '{name}' must be a JSONPath string, not {}",
                    kind_of(value)
                ),
            );
            return None;
        };
        match Path::parse(text) {
            Ok(path) if path.is_reference() => Some(path),
            Ok(_) => {
                self.fields.problem_with(
                    codes::INVALID_REFERENCE_PATH,
                    name,
                    format!(
                        "The value of '{name}' must be a reference path (fields and indexes only, no \
                         wildcards, slices or filters): '{text}'"
                    ),
                );
                None
            }
            Err(why) => {
                self.fields.problem_with(
                    codes::INVALID_JSON_PATH,
                    name,
                    format!("The value of '{name}' is not a valid JSONPath: {why}"),
                );
                None
            }
        }
    }

    /// The operator's value, checked against the type the operator needs.
    fn check(&mut self, name: &str) -> Option<Check> {
        let operator = Operator::from_name(name)?;
        let value = self.map.get(name)?;
        match operator {
            Operator::Is(test) => match value {
                Value::Bool(expected) => Some(Check::Is {
                    test,
                    expected: *expected,
                }),
                other => self.wrong_type(name, "true or false", other),
            },
            Operator::Matches => match value {
                Value::String(text) => Some(Check::Matches(Pattern::new(text))),
                other => self.wrong_type(name, "a string", other),
            },
            Operator::Compare {
                kind,
                relation,
                path: true,
            } => Some(Check::Compare {
                kind,
                relation,
                operand: Operand::Path(self.reference_path(name)?),
            }),
            Operator::Compare {
                kind,
                relation,
                path: false,
            } => {
                let fits = match (kind, value) {
                    (Kind::String, Value::String(_))
                    | (Kind::Numeric, Value::Number(_))
                    | (Kind::Boolean, Value::Bool(_)) => true,
                    (Kind::Timestamp, Value::String(text)) => {
                        if !timestamp::is_timestamp(text) {
                            self.fields.problem(
                                name,
                                format!(
                                    "The value of '{name}' must be an RFC 3339 timestamp such as \
                                     \"2016-03-14T01:59:00Z\" (an uppercase T, and an uppercase Z or an \
                                     offset such as +01:00), not '{text}'"
                                ),
                            );
                            return None;
                        }
                        true
                    }
                    _ => false,
                };
                if !fits {
                    let wanted = match kind {
                        Kind::String => "a string",
                        Kind::Numeric => "a number",
                        Kind::Boolean => "true or false",
                        Kind::Timestamp => "a timestamp string",
                    };
                    return self.wrong_type(name, wanted, value);
                }
                Some(Check::Compare {
                    kind,
                    relation,
                    operand: Operand::Value(value.clone()),
                })
            }
        }
    }

    fn wrong_type(&mut self, name: &str, wanted: &str, value: &Value) -> Option<Check> {
        // A common slip: a path written where a literal belongs.
        let path_form = format!("{name}Path");
        let hint = match value {
            Value::String(text) if text.starts_with('$') && Operator::from_name(&path_form).is_some() => {
                format!("; to compare with a value read from the input, use '{path_form}'")
            }
            _ => String::new(),
        };
        self.fields.problem(
            name,
            format!(
                "The value of '{name}' must be {wanted}, not {}{hint}",
                kind_of(value)
            ),
        );
        None
    }
}

/// The known field closest to a misspelt one, if any is close enough.
fn suggestion(field: &str) -> Option<String> {
    let mut known = Operator::all_names();
    known.extend(RULE_FIELDS.iter().chain(COMBINATORS).map(|s| s.to_string()));
    crate::suggest::closest(field, known.iter().map(String::as_str), |_| 2).map(str::to_string)
}
