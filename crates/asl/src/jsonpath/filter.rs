//! Filter expressions, `[?(…)]`: what they hold and how Jayway compares values.

use super::evaluate::{self, Budget};
use super::{definite, Segment};
use serde_json::Value;
use std::cmp::Ordering;

/// A parsed filter, `[?(@.price < 10 && @.category == 'fiction')]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub(super) text: String,
    pub(super) expr: Expr,
}

impl Filter {
    /// The filter as written, brackets included.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the filter accepts a value as `@`. As AWS documents, `@` only
    /// matches objects: other values are never accepted.
    pub(super) fn accepts(&self, item: &Value, budget: &Budget) -> bool {
        item.is_object() && self.expr.holds(item, budget)
    }
}

/// A boolean expression inside a filter.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    /// `a || b || …`
    Or(Vec<Expr>),
    /// `a && b && …`
    And(Vec<Expr>),
    /// `!(…)`
    Not(Box<Expr>),
    /// `@.a` (the value exists, whatever it is) or `!@.a` (it does not).
    Exists { path: Vec<Segment>, expected: bool },
    /// `left op right`.
    Compare { left: Operand, op: Op, right: Operand },
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operand {
    /// A path from `@`; empty for `@` itself.
    Path(Vec<Segment>),
    /// A literal written in the filter.
    Literal(Literal),
}

/// A literal in a filter.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Literal {
    Null,
    Bool(bool),
    /// A number, with its text (Jayway keeps numbers as decimals).
    Number(Number),
    String(String),
}

/// A number as Jayway's `BigDecimal` would compare it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Number {
    /// Exact when the number is an integer that fits.
    integer: Option<i128>,
    float: f64,
    /// The text `toString()` gives, for comparisons with strings.
    text: String,
}

impl Number {
    /// Reads a literal the way `new BigDecimal(text)` does; `None` if it is not a number.
    pub(super) fn parse(text: &str) -> Option<Number> {
        let body = text.strip_prefix(['-', '+']).unwrap_or(text);
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(at) => (&body[..at], Some(&body[at + 1..])),
            None => (body, None),
        };
        let (whole, fraction) = match mantissa.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (mantissa, None),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let ok = digits(whole)
            && fraction.is_none_or(digits)
            && (whole.len() + fraction.map_or(0, str::len)) > 0
            && exponent.is_none_or(|e| {
                let e = e.strip_prefix(['-', '+']).unwrap_or(e);
                !e.is_empty() && digits(e)
            });
        if !ok {
            return None;
        }
        let float: f64 = text.parse().ok().or_else(|| {
            // Rust does not read "5." or ".5" with an exponent the same way; retry padded.
            let padded = text.replace(".e", ".0e").replace(".E", ".0E");
            padded.parse().ok()
        })?;
        let integer = if fraction.is_none() && exponent.is_none() {
            text.parse::<i128>().ok()
        } else {
            None
        };
        Some(Number {
            integer,
            float,
            text: java_decimal_text(text.starts_with('-'), whole, fraction, exponent)?,
        })
    }

    fn from_json(number: &serde_json::Number) -> Number {
        let text = number.to_string();
        match Number::parse(&text) {
            Some(parsed) => parsed,
            None => Number {
                integer: None,
                float: number.as_f64().unwrap_or(f64::NAN),
                text,
            },
        }
    }

    fn compare(&self, other: &Number) -> Option<Ordering> {
        match (self.integer, other.integer) {
            (Some(a), Some(b)) => Some(a.cmp(&b)),
            _ => self.float.partial_cmp(&other.float),
        }
    }
}

/// `BigDecimal.toString()` of a decimal read from its parts: `5e0` is `5`,
/// `1.50` stays `1.50`, `1e3` is `1E+3`, `0.0000001` is `1E-7`.
fn java_decimal_text(
    negative: bool,
    whole: &str,
    fraction: Option<&str>,
    exponent: Option<&str>,
) -> Option<String> {
    let fraction = fraction.unwrap_or("");
    let exponent: i64 = match exponent {
        Some(e) => e.parse().ok()?,
        None => 0,
    };
    let digits = format!("{whole}{fraction}");
    let coefficient = match digits.trim_start_matches('0') {
        "" => "0",
        significant => significant,
    };
    let scale = i64::try_from(fraction.len()).ok()? - exponent;
    let length = i64::try_from(coefficient.len()).ok()?;
    let adjusted = length - 1 - scale;
    let mut out = String::new();
    if negative && coefficient != "0" {
        out.push('-');
    }
    if scale >= 0 && adjusted >= -6 {
        let scale = usize::try_from(scale).ok()?;
        if scale == 0 {
            out.push_str(coefficient);
        } else if coefficient.len() > scale {
            let (int, frac) = coefficient.split_at(coefficient.len() - scale);
            out.push_str(&format!("{int}.{frac}"));
        } else {
            out.push_str(&format!(
                "0.{}{coefficient}",
                "0".repeat(scale - coefficient.len())
            ));
        }
    } else {
        let (first, rest) = coefficient.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        if adjusted != 0 {
            out.push_str(&format!("E{}{adjusted}", if adjusted > 0 { "+" } else { "" }));
        }
    }
    Some(out)
}

/// A value as a comparison sees it.
enum Seen<'v> {
    /// The path found nothing.
    Undefined,
    Null,
    Bool(bool),
    Number(Number),
    Str(&'v str),
    /// An object or array, or the list an indefinite path found.
    Json(std::borrow::Cow<'v, Value>),
}

impl Expr {
    fn holds(&self, item: &Value, budget: &Budget) -> bool {
        match self {
            Expr::Or(parts) => parts.iter().any(|p| p.holds(item, budget)),
            Expr::And(parts) => parts.iter().all(|p| p.holds(item, budget)),
            Expr::Not(inner) => !inner.holds(item, budget),
            Expr::Exists { path, expected } => exists(path, item, budget) == *expected,
            Expr::Compare { left, op, right } => {
                compare(&see(left, item, budget), *op, &see(right, item, budget))
            }
        }
    }
}

/// Whether a path from `@` finds something. Like Jayway's existence check, an
/// indefinite path exists unless it meets a missing member.
fn exists(path: &[Segment], item: &Value, budget: &Budget) -> bool {
    if definite(path) {
        evaluate::definite(path, item, budget).is_ok()
    } else {
        evaluate::indefinite_exists(path, item, budget)
    }
}

fn see<'v>(operand: &'v Operand, item: &'v Value, budget: &Budget) -> Seen<'v> {
    match operand {
        Operand::Literal(Literal::Null) => Seen::Null,
        Operand::Literal(Literal::Bool(b)) => Seen::Bool(*b),
        Operand::Literal(Literal::Number(n)) => Seen::Number(n.clone()),
        Operand::Literal(Literal::String(s)) => Seen::Str(s),
        Operand::Path(path) if definite(path) => match evaluate::definite(path, item, budget) {
            Ok(std::borrow::Cow::Borrowed(value)) => seen_value(value),
            Ok(owned) => Seen::Json(owned),
            Err(_) => Seen::Undefined,
        },
        Operand::Path(path) => match evaluate::indefinite(path, item, budget) {
            Ok(found) => Seen::Json(std::borrow::Cow::Owned(Value::Array(
                found.into_iter().map(|v| v.into_owned()).collect(),
            ))),
            Err(_) => Seen::Undefined,
        },
    }
}

fn seen_value(value: &Value) -> Seen<'_> {
    match value {
        Value::Null => Seen::Null,
        Value::Bool(b) => Seen::Bool(*b),
        Value::Number(n) => Seen::Number(Number::from_json(n)),
        Value::String(s) => Seen::Str(s),
        other => Seen::Json(std::borrow::Cow::Borrowed(other)),
    }
}

/// Jayway's evaluators for `==`, `!=`, `<`, `<=`, `>` and `>=`.
fn compare(left: &Seen, op: Op, right: &Seen) -> bool {
    match op {
        Op::Eq => equal(left, right),
        Op::Ne => !equal(left, right),
        Op::Lt => order(left, right).is_some_and(Ordering::is_lt),
        Op::Le => order(left, right).is_some_and(Ordering::is_le),
        Op::Gt => order(left, right).is_some_and(Ordering::is_gt),
        Op::Ge => order(left, right).is_some_and(Ordering::is_ge),
    }
}

/// Jayway's `equals`: a number and a string can be equal (`5 == '5'`), each
/// side converting the other to its own kind; nothing equals a missing value.
fn equal(left: &Seen, right: &Seen) -> bool {
    match (left, right) {
        (Seen::Null, Seen::Null) => true,
        (Seen::Bool(a), Seen::Bool(b)) => a == b,
        (Seen::Number(a), Seen::Number(b)) => a.compare(b) == Some(Ordering::Equal),
        (Seen::Str(a), Seen::Str(b)) => a == b,
        // A number reads the string as a decimal…
        (Seen::Number(a), Seen::Str(b)) => {
            Number::parse(b).is_some_and(|b| a.compare(&b) == Some(Ordering::Equal))
        }
        // …and a string compares with the number's text.
        (Seen::Str(a), Seen::Number(b)) => *a == b.text,
        (Seen::Json(a), Seen::Json(b)) => a == b,
        _ => false,
    }
}

/// Jayway's ordering: numbers by value, strings by UTF-16 code units, a
/// string and a number by text; anything else does not compare.
fn order(left: &Seen, right: &Seen) -> Option<Ordering> {
    match (left, right) {
        (Seen::Number(a), Seen::Number(b)) => a.compare(b),
        (Seen::Str(a), Seen::Str(b)) => Some(java_compare(a, b)),
        (Seen::Str(a), Seen::Number(b)) => Some(java_compare(a, &b.text)),
        (Seen::Number(a), Seen::Str(b)) => Some(java_compare(&a.text, b)),
        _ => None,
    }
}

/// `String.compareTo`: UTF-16 code unit order.
fn java_compare(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_big_decimal() {
        for good in ["5", "-5", "1.5", ".5", "5.", "1e3", "1E-3", "-0.0", "+2"] {
            assert!(Number::parse(good).is_some(), "{good}");
        }
        for bad in ["", "-", ".", "e3", "1e", "1.2.3", "abc", "1 2", "0x10"] {
            assert!(Number::parse(bad).is_none(), "{bad}");
        }
        let five = Number::parse("5").unwrap();
        assert_eq!(
            five.compare(&Number::parse("5.0").unwrap()),
            Some(Ordering::Equal)
        );
        assert_eq!(
            five.compare(&Number::parse("5e0").unwrap()),
            Some(Ordering::Equal)
        );
    }

    #[test]
    fn numbers_print_like_big_decimal() {
        let text = |t: &str| Number::parse(t).unwrap().text;
        assert_eq!(text("5"), "5");
        assert_eq!(text("5e0"), "5");
        assert_eq!(text("1.50"), "1.50");
        assert_eq!(text("1e3"), "1E+3");
        assert_eq!(text("12.5e1"), "125");
        assert_eq!(text("0.0000001"), "1E-7");
        assert_eq!(text("0.000001"), "0.000001");
        assert_eq!(text("-0.0"), "0.0");
        assert_eq!(text("-12"), "-12");
        assert_eq!(text(".5"), "0.5");
        assert_eq!(text("007"), "7");
        assert_eq!(text("10e1"), "1.0E+2");
    }

    #[test]
    fn strings_order_by_utf16_units() {
        // U+FF5E sorts before U+1F600 by code point, after it by UTF-16 unit.
        assert_eq!(java_compare("\u{FF5E}", "\u{1F600}"), Ordering::Greater);
        assert_eq!(java_compare("a", "b"), Ordering::Less);
    }
}
