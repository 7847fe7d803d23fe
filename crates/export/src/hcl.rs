//! Writing HCL: quoted strings with Terraform's escapes, heredocs, and JSON values as HCL
//! expressions (the argument of `jsonencode`), markers becoming Terraform expressions.

use crate::reference::{Piece, Refs};
use serde_json::Value;

/// How a reference reads in Terraform.
pub(crate) enum Expr {
    /// An expression on its own: `aws_lambda_function.backup.arn`.
    Bare(String),
    /// Template text, `${...}` included: `arn:${local.partition}:states:...`.
    Template(String),
}

/// Text inside a quoted string or a heredoc: `${` and `%{` would start interpolations.
fn escape_template(text: &str) -> String {
    text.replace("${", "$${").replace("%{", "%%{")
}

/// Text inside a quoted string.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' => out += "\\\\",
            '"' => out += "\\\"",
            '\n' => out += "\\n",
            '\r' => out += "\\r",
            '\t' => out += "\\t",
            c if c.is_control() => out += &format!("\\u{:04x}", c as u32),
            c => out.push(c),
        }
    }
    escape_template(&out)
}

/// A quoted string holding `text` as it is.
pub(crate) fn string(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// An indented heredoc holding `text` as it is (`<<-` strips the indentation).
pub(crate) fn heredoc(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    let body: String = escape_template(text)
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_string()
            } else {
                format!("{pad}{line}\n")
            }
        })
        .collect();
    format!("<<-CODE\n{body}{}CODE", " ".repeat(indent))
}

/// A string with markers: a bare expression when it is one reference, else a template.
fn marked(text: &str, refs: &Refs, expr: &dyn Fn(usize) -> Expr) -> String {
    let pieces = refs.pieces(text);
    if let [Piece::Ref(index)] = pieces.as_slice() {
        return match expr(*index) {
            Expr::Bare(bare) => bare,
            Expr::Template(template) => format!("\"{template}\""),
        };
    }
    let inner: String = pieces
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => escape(text),
            Piece::Ref(index) => match expr(index) {
                Expr::Bare(bare) => format!("${{{bare}}}"),
                Expr::Template(template) => template,
            },
        })
        .collect();
    format!("\"{inner}\"")
}

/// A JSON value as an HCL expression, indented by `indent` spaces after its first line.
pub(crate) fn value(value: &Value, indent: usize, refs: &Refs, expr: &dyn Fn(usize) -> Expr) -> String {
    let pad = " ".repeat(indent + 2);
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(text) => marked(text, refs, expr),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) && items.len() <= 4 => {
            let items: Vec<String> = items.iter().map(|i| self::value(i, indent, refs, expr)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Array(items) => {
            let items: String = items
                .iter()
                .map(|i| format!("{pad}{},\n", self::value(i, indent + 2, refs, expr)))
                .collect();
            format!("[\n{items}{}]", " ".repeat(indent))
        }
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Object(map) => {
            let entries: String = map
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{pad}{} = {}\n",
                        string(k),
                        self::value(v, indent + 2, refs, expr)
                    )
                })
                .collect();
            format!("{{\n{entries}{}}}", " ".repeat(indent))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_keep_their_text_and_markers_become_expressions() {
        assert_eq!(string("a \"b\"\n${c} %{d} $.e"), r#""a \"b\"\n$${c} %%{d} $.e""#);
        let mut refs = Refs::default();
        let marker = refs.marker(crate::reference::Reference::SyncRule);
        let expr = |_| Expr::Bare("aws_x.y.arn".into());
        assert_eq!(value(&json!(marker.clone()), 0, &refs, &expr), "aws_x.y.arn");
        assert_eq!(
            value(&json!(format!("{marker}:*")), 0, &refs, &expr),
            "\"${aws_x.y.arn}:*\""
        );
        let object = value(&json!({"A b": [1, {"c": null}]}), 0, &refs, &expr);
        assert_eq!(
            object,
            "{\n  \"A b\" = [\n    1,\n    {\n      \"c\" = null\n    },\n  ]\n}"
        );
        assert_eq!(heredoc("x\n\ny", 2), "<<-CODE\n    x\n\n    y\n  CODE");
    }
}
