//! The comparison operators of Choice rules: what each name means, and how JSON values compare under it.
//!
//! AWS never converts types here: a string is not compared as a number, nor
//! a number as a boolean. When either side has the wrong type the comparison
//! is simply false, and the rule does not match.

use crate::timestamp::{self, Instant};
use serde_json::{Number, Value};
use std::cmp::Ordering;

/// The type a comparison works on: the first word of its operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `String...`: text, ordered like Java's `String.compareTo` (by UTF-16 code units).
    String,
    /// `Numeric...`: numbers, integers and decimals alike (`1` equals `1.0`).
    Numeric,
    /// `BooleanEquals`: `true` or `false`.
    Boolean,
    /// `Timestamp...`: RFC 3339 timestamps, ordered in time.
    Timestamp,
}

/// How the two sides must relate: the rest of the operator's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// `...Equals`.
    Equals,
    /// `...LessThan`.
    LessThan,
    /// `...GreaterThan`.
    GreaterThan,
    /// `...LessThanEquals`.
    LessThanEquals,
    /// `...GreaterThanEquals`.
    GreaterThanEquals,
}

/// What an `Is...` operator tests about the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeTest {
    /// `IsPresent`: the path names a value (even `null`).
    Present,
    /// `IsNull`: the value is `null`.
    Null,
    /// `IsNumeric`: the value is a number.
    Numeric,
    /// `IsString`: the value is a string.
    String,
    /// `IsBoolean`: the value is `true` or `false`.
    Boolean,
    /// `IsTimestamp`: the value is a string holding an RFC 3339 timestamp.
    Timestamp,
}

/// The meaning of a comparison operator's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `StringEquals`, `NumericLessThanPath`, `TimestampGreaterThanEquals`...
    Compare {
        /// The type both sides must have.
        kind: Kind,
        /// How the Variable must relate to the other side.
        relation: Relation,
        /// Whether the other side is a path into the input (`...Path`) rather than a literal.
        path: bool,
    },
    /// `StringMatches`: a pattern with `*` wildcards.
    Matches,
    /// `IsPresent`, `IsNull`, `IsNumeric`, `IsString`, `IsBoolean`, `IsTimestamp`.
    Is(TypeTest),
}

const KINDS: &[(&str, Kind)] = &[
    ("String", Kind::String),
    ("Numeric", Kind::Numeric),
    ("Boolean", Kind::Boolean),
    ("Timestamp", Kind::Timestamp),
];

const RELATIONS: &[(&str, Relation)] = &[
    ("Equals", Relation::Equals),
    ("LessThan", Relation::LessThan),
    ("GreaterThan", Relation::GreaterThan),
    ("LessThanEquals", Relation::LessThanEquals),
    ("GreaterThanEquals", Relation::GreaterThanEquals),
];

const TYPE_TESTS: &[(&str, TypeTest)] = &[
    ("IsPresent", TypeTest::Present),
    ("IsNull", TypeTest::Null),
    ("IsNumeric", TypeTest::Numeric),
    ("IsString", TypeTest::String),
    ("IsBoolean", TypeTest::Boolean),
    ("IsTimestamp", TypeTest::Timestamp),
];

impl Operator {
    /// The operator a field name stands for, if it is one.
    pub fn from_name(name: &str) -> Option<Operator> {
        if name == "StringMatches" {
            return Some(Operator::Matches);
        }
        if let Some((_, test)) = TYPE_TESTS.iter().find(|(n, _)| *n == name) {
            return Some(Operator::Is(*test));
        }
        let (base, path) = match name.strip_suffix("Path") {
            Some(base) => (base, true),
            None => (name, false),
        };
        let (kind, rest) = KINDS
            .iter()
            .find_map(|(word, kind)| base.strip_prefix(word).map(|rest| (*kind, rest)))?;
        let (_, relation) = RELATIONS.iter().find(|(word, _)| *word == rest)?;
        // Booleans only have BooleanEquals and BooleanEqualsPath: they have no order.
        if kind == Kind::Boolean && *relation != Relation::Equals {
            return None;
        }
        Some(Operator::Compare {
            kind,
            relation: *relation,
            path,
        })
    }

    /// Every operator name, for suggestions when a name is misspelt.
    pub fn all_names() -> Vec<String> {
        let mut names: Vec<String> = TYPE_TESTS.iter().map(|(n, _)| n.to_string()).collect();
        names.push("StringMatches".into());
        for (kind_word, kind) in KINDS {
            for (relation_word, relation) in RELATIONS {
                if *kind == Kind::Boolean && *relation != Relation::Equals {
                    continue;
                }
                names.push(format!("{kind_word}{relation_word}"));
                names.push(format!("{kind_word}{relation_word}Path"));
            }
        }
        names
    }
}

impl Relation {
    fn holds(self, ordering: Ordering) -> bool {
        match self {
            Relation::Equals => ordering == Ordering::Equal,
            Relation::LessThan => ordering == Ordering::Less,
            Relation::GreaterThan => ordering == Ordering::Greater,
            Relation::LessThanEquals => ordering != Ordering::Greater,
            Relation::GreaterThanEquals => ordering != Ordering::Less,
        }
    }
}

/// Whether `left` relates to `right` as asked; false when either side is not of `kind`.
pub fn compare(kind: Kind, relation: Relation, left: &Value, right: &Value) -> bool {
    let ordering = match (kind, left, right) {
        (Kind::String, Value::String(a), Value::String(b)) => Some(java_string_order(a, b)),
        (Kind::Numeric, Value::Number(a), Value::Number(b)) => numeric_order(a, b),
        (Kind::Boolean, Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Kind::Timestamp, Value::String(a), Value::String(b)) => {
            match (Instant::parse(a), Instant::parse(b)) {
                (Some(a), Some(b)) => Some(a.cmp(&b)),
                _ => None,
            }
        }
        _ => None,
    };
    ordering.is_some_and(|ordering| relation.holds(ordering))
}

/// Whether a present value passes a type test (`IsPresent` is decided before a value is read).
pub fn is(test: TypeTest, value: &Value) -> bool {
    match test {
        TypeTest::Present => true,
        TypeTest::Null => value.is_null(),
        TypeTest::Numeric => value.is_number(),
        TypeTest::String => value.is_string(),
        TypeTest::Boolean => value.is_boolean(),
        TypeTest::Timestamp => value.as_str().is_some_and(timestamp::is_timestamp),
    }
}

/// AWS runs on Java, whose strings order by UTF-16 code units; this differs from
/// Rust's code-point order only between U+E000..U+FFFF and characters above U+FFFF.
fn java_string_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Integers compare exactly, whatever their size; anything with a fraction or
/// an exponent compares as a double, so `1` equals `1.0`.
fn numeric_order(a: &Number, b: &Number) -> Option<Ordering> {
    let integer = |n: &Number| n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
    match (integer(a), integer(b)) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// A `StringMatches` pattern: text where `*` stands for any run of characters.
///
/// `\*` is a literal asterisk and `\\` a literal backslash (written `"\\*"`
/// and `"\\\\"` in JSON); nothing else is special.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Char(char),
    AnyRun,
}

impl Pattern {
    /// Reads a pattern; every string is one.
    pub fn new(text: &str) -> Pattern {
        let mut tokens = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.peek() {
                    Some(&escaped @ ('*' | '\\')) => {
                        chars.next();
                        tokens.push(Token::Char(escaped));
                    }
                    // A backslash before anything else stands for itself.
                    _ => tokens.push(Token::Char('\\')),
                },
                '*' => tokens.push(Token::AnyRun),
                c => tokens.push(Token::Char(c)),
            }
        }
        Pattern { tokens }
    }

    /// Whether the whole of `text` matches.
    ///
    /// Greedy matching that, on a mismatch, lets the last `*` take one more
    /// character: quadratic at worst, never exponential.
    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        let (mut p, mut t) = (0, 0);
        let mut last_star: Option<(usize, usize)> = None;
        while let Some(&c) = text.get(t) {
            match self.tokens.get(p) {
                Some(Token::Char(expected)) if *expected == c => {
                    p += 1;
                    t += 1;
                }
                Some(Token::AnyRun) => {
                    last_star = Some((p, t));
                    p += 1;
                }
                _ => match last_star {
                    Some((star, taken)) => {
                        last_star = Some((star, taken + 1));
                        p = star + 1;
                        t = taken + 1;
                    }
                    None => return false,
                },
            }
        }
        self.tokens
            .get(p..)
            .unwrap_or_default()
            .iter()
            .all(|token| *token == Token::AnyRun)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_operator_name_reads_back() {
        let names = Operator::all_names();
        assert_eq!(names.len(), 39);
        assert!(names.iter().all(|n| Operator::from_name(n).is_some()));
        for bad in [
            "BooleanLessThan",
            "StringMatchesPath",
            "Numeric",
            "IsPresentPath",
            "stringequals",
        ] {
            assert_eq!(Operator::from_name(bad), None, "{bad}");
        }
        assert_eq!(
            Operator::from_name("NumericGreaterThanEqualsPath"),
            Some(Operator::Compare {
                kind: Kind::Numeric,
                relation: Relation::GreaterThanEquals,
                path: true
            })
        );
    }

    #[test]
    fn numbers_compare_across_integer_and_decimal() {
        let eq = |a: Value, b: Value| compare(Kind::Numeric, Relation::Equals, &a, &b);
        assert!(eq(json!(1), json!(1.0)));
        assert!(eq(json!(0), json!(-0.0)));
        assert!(!eq(json!(9007199254740993u64), json!(9007199254740992u64)));
        assert!(eq(json!(u64::MAX), json!(u64::MAX)));
        assert!(compare(
            Kind::Numeric,
            Relation::LessThan,
            &json!(-1),
            &json!(u64::MAX)
        ));
        assert!(!eq(json!("1"), json!(1)));
    }

    #[test]
    fn strings_order_like_java() {
        let lt = |a: &str, b: &str| compare(Kind::String, Relation::LessThan, &json!(a), &json!(b));
        assert!(lt("A", "AB"));
        assert!(lt("B", "a"));
        // U+FF21 (one UTF-16 unit, 0xFF21) sorts after U+1F600 (surrogates 0xD83D...) in Java.
        assert!(lt("😀", "Ａ"));
    }

    #[test]
    fn wildcards_match_any_run() {
        let m = |p: &str, t: &str| Pattern::new(p).matches(t);
        assert!(m("log-*.txt", "log-2024.txt"));
        assert!(m("*", ""));
        assert!(m("a*b*c", "abbbc"));
        assert!(!m("a*b*c", "abbb"));
        assert!(m("*.log", "x.log.log"));
        assert!(!m("foo", "foobar"));
        assert!(m(r"star\*", "star*"));
        assert!(!m(r"star\*", "starry"));
        assert!(m(r"back\\*", r"back\slash"));
        assert!(m(r"a\b", r"a\b"));
        assert!(m("**a**", "bab"));
    }
}
