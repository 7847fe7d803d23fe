//! JSON values written as other languages print them (Java's `toString`, Jackson, Python's
//! `json.dumps`): one walk over the value, with each language's separators, numbers and strings.

use serde_json::{Number, Value};
use std::fmt::Write;

/// How deep a value may be for the recursive helpers here; deeper values are
/// refused instead of risking the stack.
pub const MAX_DEPTH: usize = 512;

/// A value nested deeper than [`MAX_DEPTH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep;

/// What differs from one language's printing of a value to another's.
pub struct Style {
    /// Between array items and between object members.
    pub item_separator: &'static str,
    /// Between a member's key and its value.
    pub key_separator: &'static str,
    /// Writes a number.
    pub number: fn(&Number, &mut String),
    /// Writes a string, as a value and as a key.
    pub string: fn(&str, &mut String),
}

/// Writes `value` in `style`; `null` and booleans are written as in JSON by every language here.
pub fn write(value: &Value, style: &Style, out: &mut String) -> Result<(), TooDeep> {
    write_at(value, style, out, 0)
}

fn write_at(value: &Value, style: &Style, out: &mut String, depth: usize) -> Result<(), TooDeep> {
    if depth > MAX_DEPTH {
        return Err(TooDeep);
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => (style.number)(n, out),
        Value::String(s) => (style.string)(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(style.item_separator);
                }
                write_at(item, style, out, depth + 1)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(style.item_separator);
                }
                (style.string)(key, out);
                out.push_str(style.key_separator);
                write_at(item, style, out, depth + 1)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// Writes `text` as a quoted JSON string: `"`, `\` and the usual control characters with their
/// short escapes, and the characters `escaped` accepts as `\uXXXX` (UTF-16 units, in upper or
/// lower case hex).
pub fn write_quoted(text: &str, out: &mut String, escaped: impl Fn(char) -> bool, upper_hex: bool) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if escaped(c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = if upper_hex {
                        write!(out, "\\u{unit:04X}")
                    } else {
                        write!(out, "\\u{unit:04x}")
                    };
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
