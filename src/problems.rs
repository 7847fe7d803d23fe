//! Problems in a text as the editor shows them: a definition's (AWS's validation, worked out in
//! the interpreter's worker) and a JSON document's (syntax only, worked out on the page).

use serde::{Deserialize, Serialize};

/// One problem, at a 1-based line and column (characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// `"error"` or `"warning"`.
    pub severity: String,
    /// AWS's diagnostic code, or `INVALID_JSON` for a JSON document.
    pub code: String,
    /// What is wrong.
    pub message: String,
}

/// A definition's problems, as `StateMachine::from_json_text` reports them (the worker's side:
/// it needs the whole validator, JSONata's parser included).
pub fn definition_problems(text: &str) -> Vec<Problem> {
    let Err(error) = asl::StateMachine::from_json_text(text) else {
        return Vec::new();
    };
    error
        .diagnostics
        .into_iter()
        .map(|d| {
            let position = d.position.unwrap_or(asl::Position { line: 1, column: 1 });
            Problem {
                line: position.line,
                column: position.column,
                severity: match d.severity {
                    asl::diagnostic::Severity::Error => "error",
                    asl::diagnostic::Severity::Warning => "warning",
                }
                .to_string(),
                code: d.code.to_string(),
                message: d.message,
            }
        })
        .collect()
}

/// A JSON document's syntax problem; none for an empty one (Run says what it needs).
pub fn json_problems(text: &str) -> Vec<Problem> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    match asl::parse_json(text) {
        Ok(_) => Vec::new(),
        Err(error) => vec![Problem {
            line: error.position.line,
            column: error.position.column,
            severity: "error".to_string(),
            code: "INVALID_JSON".to_string(),
            message: format!("Not valid JSON: {}", error.message),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::{definition_problems, json_problems};

    #[test]
    fn a_definition_is_checked_by_the_validator_with_aws_codes_and_places() {
        let text = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}\n  }\n}";
        let found = definition_problems(text);
        let missing = found
            .iter()
            .find(|p| p.code == "MISSING_TRANSITION_TARGET")
            .unwrap_or_else(|| panic!("a missing target is reported: {found:?}"));
        assert_eq!(missing.line, 4, "{missing:?}");
        assert_eq!(missing.severity, "error");
    }

    #[test]
    fn a_definition_that_is_not_json_is_reported_where_the_parser_stopped() {
        let found = definition_problems("{\n  \"StartAt\": \"A\",\n}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, "INVALID_JSON_DESCRIPTION");
        assert_eq!(found[0].line, 3);
    }

    #[test]
    fn a_json_document_is_only_checked_for_syntax() {
        assert!(json_problems(r#"{"anything": [1, 2]}"#).is_empty());
        assert!(json_problems("  \n").is_empty(), "empty is left to Run");
        let found = json_problems("{\"a\": }");
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].code.as_str(), found[0].line), ("INVALID_JSON", 1));
        assert!(found[0].message.starts_with("Not valid JSON: "), "{found:?}");
    }
}
