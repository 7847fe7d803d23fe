//! DynamoDB's attribute values (`{"S": "x"}`, `{"N": "1"}`, `{"M": {...}}`...) and its decimal numbers.

use super::super::wire;
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

/// One attribute value.
#[derive(Debug, Clone)]
pub(crate) enum Attr {
    S(String),
    N(Number),
    B(Vec<u8>),
    Bool(bool),
    Null,
    M(AttrMap),
    L(Vec<Attr>),
    Ss(Vec<String>),
    Ns(Vec<Number>),
    Bs(Vec<Vec<u8>>),
}

/// Attributes by name, in the order they were written (items and `M` values).
#[derive(Debug, Clone, Default)]
pub(crate) struct AttrMap(Vec<(String, Attr)>);

impl AttrMap {
    pub fn get(&self, name: &str) -> Option<&Attr> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Attr> {
        self.0.iter_mut().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    /// Sets an attribute, keeping its place if it exists.
    pub fn insert(&mut self, name: String, value: Attr) {
        match self.get_mut(&name) {
            Some(slot) => *slot = value,
            None => self.0.push((name, value)),
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Attr> {
        let at = self.0.iter().position(|(n, _)| n == name)?;
        Some(self.0.remove(at).1)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Attr)> {
        self.0.iter().map(|(n, a)| (n, a))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The attribute-value JSON of every attribute: `{"name": {"S": "x"}, ...}`.
    pub fn to_json(&self) -> Value {
        Value::Object(self.0.iter().map(|(n, a)| (n.clone(), a.to_json())).collect())
    }

    /// Reads `{"name": {"S": "x"}, ...}`.
    pub fn from_json(map: &Map<String, Value>) -> Result<AttrMap, String> {
        let mut out = AttrMap::default();
        for (name, value) in map {
            out.insert(name.clone(), Attr::from_json(value)?);
        }
        Ok(out)
    }
}

impl PartialEq for AttrMap {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(n, a)| other.get(n) == Some(a))
    }
}

impl PartialEq for Attr {
    /// Equality as DynamoDB compares: numbers by value, sets and maps without regard to order.
    fn eq(&self, other: &Self) -> bool {
        fn same_set<T: PartialEq>(a: &[T], b: &[T]) -> bool {
            a.len() == b.len() && a.iter().all(|x| b.contains(x))
        }
        match (self, other) {
            (Attr::S(a), Attr::S(b)) => a == b,
            (Attr::N(a), Attr::N(b)) => a == b,
            (Attr::B(a), Attr::B(b)) => a == b,
            (Attr::Bool(a), Attr::Bool(b)) => a == b,
            (Attr::Null, Attr::Null) => true,
            (Attr::M(a), Attr::M(b)) => a == b,
            (Attr::L(a), Attr::L(b)) => a == b,
            (Attr::Ss(a), Attr::Ss(b)) => same_set(a, b),
            (Attr::Ns(a), Attr::Ns(b)) => same_set(a, b),
            (Attr::Bs(a), Attr::Bs(b)) => same_set(a, b),
            _ => false,
        }
    }
}

const TYPES: &str = "S, N, B, BOOL, NULL, M, L, SS, NS, BS";

impl Attr {
    /// DynamoDB's name of the type: `S`, `N`, `SS`...
    pub fn type_name(&self) -> &'static str {
        match self {
            Attr::S(_) => "S",
            Attr::N(_) => "N",
            Attr::B(_) => "B",
            Attr::Bool(_) => "BOOL",
            Attr::Null => "NULL",
            Attr::M(_) => "M",
            Attr::L(_) => "L",
            Attr::Ss(_) => "SS",
            Attr::Ns(_) => "NS",
            Attr::Bs(_) => "BS",
        }
    }

    /// The type as update-expression errors spell it: `STRING`, `NUMBER_SET`...
    pub fn long_type_name(&self) -> &'static str {
        match self {
            Attr::S(_) => "STRING",
            Attr::N(_) => "NUMBER",
            Attr::B(_) => "BINARY",
            Attr::Bool(_) => "BOOLEAN",
            Attr::Null => "NULL",
            Attr::M(_) => "MAP",
            Attr::L(_) => "LIST",
            Attr::Ss(_) => "STRING_SET",
            Attr::Ns(_) => "NUMBER_SET",
            Attr::Bs(_) => "BINARY_SET",
        }
    }

    /// Reads one attribute value; the error is DynamoDB's validation message.
    pub fn from_json(value: &Value) -> Result<Attr, String> {
        let map =
            match value {
                Value::Object(map) => map,
                _ => return Err(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
                        .into(),
                ),
            };
        let known: Vec<(&String, &Value)> = map
            .iter()
            .filter(|(k, v)| TYPES.split(", ").any(|t| t == k.as_str()) && !v.is_null())
            .collect();
        let (kind, inner) =
            match known.as_slice() {
                [one] => *one,
                [] => return Err(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
                        .into(),
                ),
                _ => return Err(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of \
                            the supported datatypes"
                        .into(),
                ),
            };
        let string = |v: &Value| -> Result<String, String> {
            v.as_str().map(str::to_string).ok_or_else(|| {
                format!("Supplied AttributeValue has an invalid {kind} value: expected a string, found {v}")
            })
        };
        let list = |v: &Value| -> Result<Vec<Value>, String> {
            v.as_array().cloned().ok_or_else(|| {
                format!("Supplied AttributeValue has an invalid {kind} value: expected a list")
            })
        };
        let binary = |text: &str| -> Result<Vec<u8>, String> {
            wire::base64_decode(text).ok_or_else(|| format!("Invalid Base64 value: {text}"))
        };
        let empty_set = |what: &str| {
            format!("One or more parameter values were invalid: An {what} set  may not be empty")
        };
        Ok(match kind.as_str() {
            "S" => Attr::S(string(inner)?),
            "N" => Attr::N(Number::parse(&string(inner)?)?),
            "B" => Attr::B(binary(&string(inner)?)?),
            "BOOL" => Attr::Bool(
                inner
                    .as_bool()
                    .ok_or("Supplied AttributeValue has an invalid BOOL value: expected true or false")?,
            ),
            "NULL" => match inner {
                Value::Bool(true) => Attr::Null,
                _ => {
                    return Err(
                        "One or more parameter values were invalid: Null attribute value types must have the value of true"
                            .into(),
                    )
                }
            },
            "M" => Attr::M(AttrMap::from_json(
                inner
                    .as_object()
                    .ok_or("Supplied AttributeValue has an invalid M value: expected an object")?,
            )?),
            "L" => Attr::L(list(inner)?.iter().map(Attr::from_json).collect::<Result<_, _>>()?),
            "SS" => {
                let items: Vec<String> = list(inner)?.iter().map(string).collect::<Result<_, _>>()?;
                if items.is_empty() {
                    return Err(empty_set("string"));
                }
                check_duplicates(&items, |s| s.clone())?;
                Attr::Ss(items)
            }
            "NS" => {
                let texts: Vec<String> = list(inner)?.iter().map(string).collect::<Result<_, _>>()?;
                if texts.is_empty() {
                    return Err(empty_set("number"));
                }
                let items: Vec<Number> = texts.iter().map(|t| Number::parse(t)).collect::<Result<_, _>>()?;
                check_duplicates(&items, |n| n.to_string())?;
                Attr::Ns(items)
            }
            _ => {
                let texts: Vec<String> = list(inner)?.iter().map(string).collect::<Result<_, _>>()?;
                if texts.is_empty() {
                    return Err(empty_set("binary"));
                }
                let items: Vec<Vec<u8>> = texts.iter().map(|t| binary(t)).collect::<Result<_, _>>()?;
                check_duplicates(&items, |b| wire::base64(b))?;
                Attr::Bs(items)
            }
        })
    }

    /// The attribute-value JSON: `{"S": "x"}`, numbers in DynamoDB's canonical text.
    pub fn to_json(&self) -> Value {
        match self {
            Attr::S(s) => json!({ "S": s }),
            Attr::N(n) => json!({ "N": n.to_string() }),
            Attr::B(b) => json!({ "B": wire::base64(b) }),
            Attr::Bool(b) => json!({ "BOOL": b }),
            Attr::Null => json!({ "NULL": true }),
            Attr::M(m) => json!({ "M": m.to_json() }),
            Attr::L(l) => json!({ "L": l.iter().map(Attr::to_json).collect::<Vec<_>>() }),
            Attr::Ss(s) => json!({ "SS": s }),
            Attr::Ns(n) => json!({ "NS": n.iter().map(Number::to_string).collect::<Vec<_>>() }),
            Attr::Bs(b) => json!({ "BS": b.iter().map(|b| wire::base64(b)).collect::<Vec<_>>() }),
        }
    }

    /// How `<`, `>`, `BETWEEN` order two values: numbers, strings and binaries
    /// of the same type; `None` for anything else.
    pub fn order(&self, other: &Attr) -> Option<Ordering> {
        match (self, other) {
            (Attr::N(a), Attr::N(b)) => Some(a.cmp(b)),
            (Attr::S(a), Attr::S(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (Attr::B(a), Attr::B(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// What `size()` measures: characters of a string, bytes of a binary,
    /// members of a set, list or map; `None` for other types.
    pub fn size(&self) -> Option<usize> {
        match self {
            Attr::S(s) => Some(s.chars().count()),
            Attr::B(b) => Some(b.len()),
            Attr::Ss(s) => Some(s.len()),
            Attr::Ns(n) => Some(n.len()),
            Attr::Bs(b) => Some(b.len()),
            Attr::L(l) => Some(l.len()),
            Attr::M(m) => Some(m.len()),
            _ => None,
        }
    }
}

fn check_duplicates<T>(items: &[T], show: impl Fn(&T) -> String) -> Result<(), String> {
    let shown: Vec<String> = items.iter().map(&show).collect();
    for (i, item) in shown.iter().enumerate() {
        if shown[..i].contains(item) {
            return Err(format!(
                "One or more parameter values were invalid: Input collection [{}] contains duplicates.",
                shown.join(", ")
            ));
        }
    }
    Ok(())
}

/// A DynamoDB number: up to 38 significant decimal digits, magnitude from 1E-130 to below 1E+126.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Number {
    negative: bool,
    /// Significant digits, most significant first, without leading or trailing zeros; empty for zero.
    digits: Vec<u8>,
    /// The value is `digits × 10^exponent`.
    exponent: i64,
}

impl Number {
    pub fn zero() -> Number {
        Number {
            negative: false,
            digits: Vec::new(),
            exponent: 0,
        }
    }

    pub fn from_u64(n: u64) -> Number {
        Number::normalized(false, n.to_string().bytes().map(|b| b - b'0').collect(), 0)
    }

    /// Reads a number as DynamoDB accepts it (`-1.5`, `3e2`, `.5`); the error is DynamoDB's message.
    pub fn parse(text: &str) -> Result<Number, String> {
        let invalid = || format!("The parameter cannot be converted to a numeric value: {text}");
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], Some(&rest[at + 1..])),
            None => (rest, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !digits_ok(whole) || !digits_ok(fraction) {
            return Err(invalid());
        }
        let exponent: i64 = match exponent {
            None => 0,
            Some(e) => {
                let body = e.strip_prefix(['+', '-']).unwrap_or(e);
                if body.is_empty() || !digits_ok(body) {
                    return Err(invalid());
                }
                // Far beyond DynamoDB's range either way; clamp to keep the arithmetic small.
                e.parse::<i64>()
                    .unwrap_or(if e.starts_with('-') { -100_000 } else { 100_000 })
                    .clamp(-100_000, 100_000)
            }
        };
        let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).map(|b| b - b'0').collect();
        let number = Number::normalized(negative, digits, exponent - fraction.len() as i64);
        number.check()?;
        Ok(number)
    }

    fn normalized(negative: bool, mut digits: Vec<u8>, mut exponent: i64) -> Number {
        let leading = digits.iter().take_while(|d| **d == 0).count();
        digits.drain(..leading);
        while digits.last() == Some(&0) {
            digits.pop();
            exponent += 1;
        }
        if digits.is_empty() {
            return Number::zero();
        }
        Number {
            negative,
            digits,
            exponent,
        }
    }

    /// DynamoDB's limits on precision and magnitude.
    pub fn check(&self) -> Result<(), String> {
        if self.digits.is_empty() {
            return Ok(());
        }
        if self.digits.len() > 38 {
            return Err("Attempting to store more than 38 significant digits".into());
        }
        let magnitude = self.exponent + self.digits.len() as i64 - 1;
        if magnitude > 125 {
            return Err(
                "Number overflow. Attempting to store a number with magnitude larger than supported range"
                    .into(),
            );
        }
        if magnitude < -130 {
            return Err(
                "Number underflow. Attempting to store a number with magnitude smaller than supported range"
                    .into(),
            );
        }
        Ok(())
    }

    pub fn negated(&self) -> Number {
        let mut n = self.clone();
        n.negative = !n.negative && !n.digits.is_empty();
        n
    }

    /// The exact sum.
    pub fn add(&self, other: &Number) -> Number {
        let exponent = self.exponent.min(other.exponent);
        let scaled = |n: &Number| {
            let mut digits = n.digits.clone();
            digits.extend(std::iter::repeat_n(0, (n.exponent - exponent) as usize));
            digits
        };
        let (a, b) = (scaled(self), scaled(other));
        if self.negative == other.negative {
            return Number::normalized(self.negative, add_magnitudes(&a, &b), exponent);
        }
        match compare_magnitudes(&a, &b) {
            Ordering::Equal => Number::zero(),
            Ordering::Greater => Number::normalized(self.negative, subtract_magnitudes(&a, &b), exponent),
            Ordering::Less => Number::normalized(other.negative, subtract_magnitudes(&b, &a), exponent),
        }
    }

    pub fn subtract(&self, other: &Number) -> Number {
        self.add(&other.negated())
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        let sign = |n: &Number| match (n.digits.is_empty(), n.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        match sign(self).cmp(&sign(other)) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
        if self.digits.is_empty() {
            return Ordering::Equal;
        }
        let magnitude = |n: &Number| n.exponent + n.digits.len() as i64;
        let by_magnitude = magnitude(self).cmp(&magnitude(other)).then_with(|| {
            let length = self.digits.len().max(other.digits.len());
            let digit = |n: &Number, i: usize| n.digits.get(i).copied().unwrap_or(0);
            (0..length)
                .map(|i| digit(self, i).cmp(&digit(other, i)))
                .find(|o| *o != Ordering::Equal)
                .unwrap_or(Ordering::Equal)
        });
        if self.negative {
            by_magnitude.reverse()
        } else {
            by_magnitude
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Number {
    /// The plain decimal text DynamoDB answers with: `100`, `-0.05`, `1.5`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.digits.is_empty() {
            return f.write_str("0");
        }
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let sign = if self.negative { "-" } else { "" };
        if self.exponent >= 0 {
            write!(f, "{sign}{digits}{}", "0".repeat(self.exponent as usize))
        } else {
            let point = digits.len() as i64 + self.exponent;
            if point > 0 {
                let (whole, fraction) = digits.split_at(point as usize);
                write!(f, "{sign}{whole}.{fraction}")
            } else {
                write!(f, "{sign}0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
            }
        }
    }
}

fn compare_magnitudes(a: &[u8], b: &[u8]) -> Ordering {
    let strip = |d: &[u8]| -> usize { d.iter().take_while(|x| **x == 0).count() };
    let (a, b) = (&a[strip(a)..], &b[strip(b)..]);
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn add_magnitudes(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let (mut i, mut j, mut carry) = (a.len(), b.len(), 0u8);
    while i > 0 || j > 0 || carry > 0 {
        let x = if i > 0 { a[i - 1] } else { 0 };
        let y = if j > 0 { b[j - 1] } else { 0 };
        let sum = x + y + carry;
        out.push(sum % 10);
        carry = sum / 10;
        i = i.saturating_sub(1);
        j = j.saturating_sub(1);
    }
    out.reverse();
    out
}

/// `a - b` for `a >= b`.
fn subtract_magnitudes(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len());
    let (mut i, mut j, mut borrow) = (a.len(), b.len(), 0i8);
    while i > 0 {
        let x = a[i - 1] as i8;
        let y = if j > 0 { b[j - 1] as i8 } else { 0 };
        let mut difference = x - y - borrow;
        borrow = 0;
        if difference < 0 {
            difference += 10;
            borrow = 1;
        }
        out.push(difference as u8);
        i -= 1;
        j = j.saturating_sub(1);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        Number::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn numbers_print_canonically() {
        for (input, shown) in [
            ("1.50", "1.5"),
            ("0100", "100"),
            ("1e2", "100"),
            ("-0.0050", "-0.005"),
            ("-0", "0"),
            (".5", "0.5"),
            ("12.", "12"),
            ("1.23E+1", "12.3"),
        ] {
            assert_eq!(n(input).to_string(), shown, "{input}");
        }
        for bad in ["", "abc", "1.2.3", "--1", "1e", "NaN", "Infinity", " 1", "0x10"] {
            assert!(Number::parse(bad).is_err(), "{bad}");
        }
        assert!(Number::parse("1e126").is_err());
        assert!(Number::parse("1e-131").is_err());
        assert!(Number::parse(&"1".repeat(39)).is_err());
    }

    #[test]
    fn numbers_add_and_compare_exactly() {
        assert_eq!(n("0.1").add(&n("0.2")).to_string(), "0.3");
        assert_eq!(n("5").subtract(&n("7")).to_string(), "-2");
        assert_eq!(n("-5").add(&n("5")).to_string(), "0");
        assert_eq!(n("99.99").add(&n("0.01")).to_string(), "100");
        assert_eq!(n("1e20").add(&n("1")).to_string(), "100000000000000000001");
        assert!(n("-10") < n("-9"));
        assert!(n("0.001") < n("0.01"));
        assert!(n("2") > n("10").subtract(&n("9")));
        assert_eq!(n("1.0").cmp(&n("1")), Ordering::Equal);
    }

    #[test]
    fn attribute_values_round_trip_and_validate() {
        let value = json!({"M": {"a": {"L": [{"N": "1.0"}, {"NULL": true}]}, "s": {"SS": ["x", "y"]}}});
        let attr = Attr::from_json(&value).unwrap();
        assert_eq!(
            attr.to_json(),
            json!({"M": {"a": {"L": [{"N": "1"}, {"NULL": true}]}, "s": {"SS": ["x", "y"]}}})
        );
        assert!(Attr::from_json(&json!({})).unwrap_err().contains("is empty"));
        assert!(Attr::from_json(&json!({"S": "a", "N": "1"}))
            .unwrap_err()
            .contains("more than one"));
        assert!(Attr::from_json(&json!({"SS": []}))
            .unwrap_err()
            .contains("may not be empty"));
        assert!(Attr::from_json(&json!({"NS": ["1", "1.0"]}))
            .unwrap_err()
            .contains("duplicates"));
        assert_eq!(
            Attr::from_json(&json!({"SS": ["a", "b"]})),
            Attr::from_json(&json!({"SS": ["b", "a"]}))
        );
    }
}
