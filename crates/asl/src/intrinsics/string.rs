//! The string intrinsics: Format and StringSplit.

use super::arguments::{Args, Failure};
use super::parser::Arg;
use super::{java, json, Function};
use serde_json::Value;

/// One part of a Format template.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Placeholder,
}

/// `States.Format(template, values...)`: each `{}` takes the next value.
///
/// Values print as Java prints them (strings bare, objects as `{k=v}`), except
/// a nested StringToJson result, which AWS keeps as a JSON node and prints as
/// JSON text.
pub fn format(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count_between(1, usize::MAX)?;
    // A literal template keeps its escapes so that `\{` stays a brace.
    let template = match args.written.first() {
        Some(Arg::Text { raw, .. }) => raw.as_str(),
        _ => args.string(0)?,
    };
    let pieces = parse_template(template)
        .map_err(|why| Failure(format!("Invalid template in {}: {why}", Function::Format.name())))?;
    let placeholders = pieces.iter().filter(|p| **p == Piece::Placeholder).count();
    if placeholders != args.values.len() - 1 {
        return Err(args.invalid());
    }
    let mut out = String::new();
    let mut next = 1;
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(&text),
            Piece::Placeholder => {
                let value = args.value(next)?;
                let from_string_to_json = matches!(args.written.get(next), Some(Arg::Call(c)) if c.function == Function::StringToJson);
                let text = if from_string_to_json {
                    args.deep(json::to_jackson_text(value))?
                } else {
                    args.deep(java::to_java_string(value))?
                };
                out.push_str(&text);
                next += 1;
            }
        }
    }
    Ok(Value::String(out))
}

/// Splits a template into text and `{}` placeholders; `\{`, `\}`, `\'` and
/// `\\` stand for the character itself.
fn parse_template(template: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&next @ ('{' | '}' | '\\' | '\'')) => {
                    text.push(next);
                    chars.next();
                }
                // A path-sourced template may hold any backslash; keep it.
                _ => text.push('\\'),
            },
            '{' => {
                if chars.next() != Some('}') {
                    return Err("matching '}' not found for '{'.".into());
                }
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Placeholder);
            }
            '}' => return Err("matching '{' not found for '}'.".into()),
            other => text.push(other),
        }
    }
    pieces.push(Piece::Text(text));
    Ok(pieces)
}

/// `States.StringSplit(text, delimiters)`: splits at every character of
/// `delimiters` and drops empty pieces, like Java's `StringTokenizer` (the
/// recordings show `"a,,,b"` giving `["a", "b"]`).
pub fn split(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(2)?;
    let text = args.string(0)?;
    let delimiters = args.string(1)?;
    Ok(Value::Array(
        text.split(|c: char| delimiters.contains(c))
            .filter(|piece| !piece.is_empty())
            .map(|piece| Value::String(piece.to_string()))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_know_escapes_and_unbalanced_braces() {
        assert_eq!(
            parse_template("a {} b").unwrap(),
            vec![
                Piece::Text("a ".into()),
                Piece::Placeholder,
                Piece::Text(" b".into())
            ]
        );
        assert_eq!(
            parse_template("\\{\\}\\\\").unwrap(),
            vec![Piece::Text("{}\\".into())]
        );
        assert!(parse_template("Hello {").unwrap_err().contains("'}' not found"));
        assert!(parse_template("Hello {{}}").is_err());
        assert!(parse_template("}").unwrap_err().contains("'{' not found"));
    }
}
