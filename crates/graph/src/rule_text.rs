//! A Choice rule as one line of text: `$.IsBackupSuccessful == true`, `And(…)`, a JSONata Condition.

use serde_json::{Map, Value};

/// The comparison operators, by the suffix of their name, with the symbol shown.
const COMPARISONS: &[(&str, &str)] = &[
    ("LessThanEquals", "<="),
    ("GreaterThanEquals", ">="),
    ("LessThan", "<"),
    ("GreaterThan", ">"),
    ("Equals", "=="),
];

/// The type tests, with what they say when true and when false.
const TESTS: &[(&str, &str, &str)] = &[
    ("IsNull", "is null", "is not null"),
    ("IsPresent", "is present", "is not present"),
    ("IsNumeric", "is numeric", "is not numeric"),
    ("IsString", "is a string", "is not a string"),
    ("IsBoolean", "is a boolean", "is not a boolean"),
    ("IsTimestamp", "is a timestamp", "is not a timestamp"),
];

/// The whole rule as text; "?" for what cannot be read.
pub(crate) fn describe(rule: &Value) -> String {
    let Some(rule) = rule.as_object() else {
        return "?".to_string();
    };
    if let Some(condition) = rule.get("Condition") {
        return condition_text(condition);
    }
    for (combinator, joined) in [("And", true), ("Or", true), ("Not", false)] {
        match (rule.get(combinator), joined) {
            (Some(Value::Array(rules)), true) => {
                let inner: Vec<String> = rules.iter().map(describe).collect();
                return format!("{combinator}({})", inner.join(", "));
            }
            (Some(inner), false) => return format!("Not({})", describe(inner)),
            _ => {}
        }
    }
    comparison(rule)
}

/// `Variable op value`, or the variable and a type test.
fn comparison(rule: &Map<String, Value>) -> String {
    let variable = rule.get("Variable").and_then(Value::as_str).unwrap_or("?");
    for (operator, value) in rule {
        if let Some((_, when_true, when_false)) = TESTS.iter().find(|(name, ..)| name == operator) {
            let test = if value == &Value::Bool(false) {
                when_false
            } else {
                when_true
            };
            return format!("{variable} {test}");
        }
        if let Some(pattern) = operator.strip_suffix("Matches") {
            if pattern == "String" {
                return format!("{variable} matches {}", literal(value));
            }
        }
        let (name, is_path) = match operator.strip_suffix("Path") {
            Some(name) => (name, true),
            None => (operator.as_str(), false),
        };
        if !["String", "Numeric", "Boolean", "Timestamp"]
            .iter()
            .any(|t| name.starts_with(t))
        {
            continue;
        }
        if let Some((_, symbol)) = COMPARISONS.iter().find(|(suffix, _)| name.ends_with(suffix)) {
            let value = match (is_path, value) {
                (true, Value::String(path)) => path.clone(),
                _ => literal(value),
            };
            return format!("{variable} {symbol} {value}");
        }
    }
    match rule.get("Variable") {
        Some(_) => format!("{variable} ?"),
        None => "?".to_string(),
    }
}

/// A JSONata Condition without its `{% %}`, or a literal.
fn condition_text(condition: &Value) -> String {
    match condition {
        Value::String(text) => {
            let inner = text.trim();
            let inner = inner
                .strip_prefix("{%")
                .and_then(|rest| rest.strip_suffix("%}"))
                .unwrap_or(inner);
            // Line breaks in a long expression would break the one-line label.
            inner.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        other => literal(other),
    }
}

/// A value as JSON text.
fn literal(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "?".to_string())
}

#[cfg(test)]
mod tests {
    use super::describe;
    use serde_json::json;

    #[test]
    fn comparisons_read_as_expressions() {
        let rule = json!({"Variable": "$.IsBackupSuccessful", "BooleanEquals": true, "Next": "Yes"});
        assert_eq!(describe(&rule), "$.IsBackupSuccessful == true");
        let rule = json!({"Variable": "$.n", "NumericGreaterThanEqualsPath": "$.limit"});
        assert_eq!(describe(&rule), "$.n >= $.limit");
        let rule = json!({"Variable": "$.s", "StringEquals": "PENDING"});
        assert_eq!(describe(&rule), "$.s == \"PENDING\"");
        let rule = json!({"Variable": "$.s", "StringMatches": "log-*"});
        assert_eq!(describe(&rule), "$.s matches \"log-*\"");
        let rule = json!({"Variable": "$.x", "IsPresent": false});
        assert_eq!(describe(&rule), "$.x is not present");
    }

    #[test]
    fn combinators_and_jsonata() {
        let rule = json!({"And": [
            {"Variable": "$.a", "NumericLessThan": 3},
            {"Not": {"Variable": "$.b", "IsNull": true}}
        ]});
        assert_eq!(describe(&rule), "And($.a < 3, Not($.b is null))");
        let rule = json!({"Condition": "{%  $states.input.ok\n and true %}"});
        assert_eq!(describe(&rule), "$states.input.ok and true");
        assert_eq!(describe(&json!({"Variable": "$.a", "Nope": 1})), "$.a ?");
        assert_eq!(describe(&json!(3)), "?");
    }
}
