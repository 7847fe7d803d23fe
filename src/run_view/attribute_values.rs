//! DynamoDB attribute values (`{"S": "Ada"}`, `{"N": "42"}`) shown plainly, as the console's item table shows them.

use serde_json::{Map, Value};

/// The plain JSON an attribute value stands for: `{"S": "Ada"}` → `"Ada"`, `{"N": "42"}` → `42`,
/// `{"M": {...}}` → an object, `{"SS": [...]}` → an array. Anything else is returned as it is.
pub fn plain(attribute: &Value) -> Value {
    let Some((kind, inner)) = attribute
        .as_object()
        .filter(|map| map.len() == 1)
        .and_then(|map| map.iter().next())
    else {
        return attribute.clone();
    };
    match (kind.as_str(), inner) {
        ("S" | "B" | "BOOL", value) => value.clone(),
        ("N", Value::String(text)) => number(text),
        ("NULL", _) => Value::Null,
        ("M", Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), plain(v)))
                .collect::<Map<_, _>>(),
        ),
        ("L", Value::Array(items)) => Value::Array(items.iter().map(plain).collect()),
        ("NS", Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|n| n.as_str().map(number).unwrap_or_else(|| n.clone()))
                .collect(),
        ),
        ("SS" | "BS", Value::Array(items)) => Value::Array(items.clone()),
        _ => attribute.clone(),
    }
}

/// A DynamoDB number as a JSON number when JSON can hold it exactly, else as its text.
fn number(text: &str) -> Value {
    serde_json::from_str::<serde_json::Number>(text)
        .ok()
        .filter(|n| n.to_string() == text)
        .map(Value::Number)
        .unwrap_or_else(|| Value::String(text.to_string()))
}

/// What a table cell shows: strings as they are, everything else as compact JSON.
pub fn cell_text(attribute: &Value) -> String {
    match plain(attribute) {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attribute_values_read_plainly() {
        assert_eq!(cell_text(&json!({"S": "Ada"})), "Ada");
        assert_eq!(cell_text(&json!({"N": "42"})), "42");
        assert_eq!(cell_text(&json!({"N": "4.50"})), "4.50");
        assert_eq!(cell_text(&json!({"BOOL": true})), "true");
        assert_eq!(cell_text(&json!({"NULL": true})), "null");
        assert_eq!(
            cell_text(&json!({"M": {"city": {"S": "Paris"}, "zip": {"N": "75001"}}})),
            r#"{"city":"Paris","zip":75001}"#
        );
        assert_eq!(cell_text(&json!({"L": [{"S": "a"}, {"N": "1"}]})), r#"["a",1]"#);
        assert_eq!(cell_text(&json!({"SS": ["x", "y"]})), r#"["x","y"]"#);
        assert_eq!(cell_text(&json!({"NS": ["1", "2"]})), "[1,2]");
        assert_eq!(cell_text(&json!({"B": "AAE="})), "AAE=");
        // Not an attribute value: shown as the JSON it is.
        assert_eq!(cell_text(&json!({"a": 1, "b": 2})), r#"{"a":1,"b":2}"#);
    }
}
