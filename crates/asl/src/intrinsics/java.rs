//! How the Java service behind Step Functions turns values into text and hash codes, which shows in intrinsic results.
//!
//! AWS converts JSON to plain Java objects (String, Integer, Long, Double,
//! Boolean, List, Map) before most intrinsics run, so `States.Format` prints
//! `{a=1, b=[x]}` for an object and `1.0E20` for a big double, and
//! `States.ArrayUnique` returns its values in `HashSet` order.

use serde_json::{Number, Value};

use crate::value_text::{self, Style};
pub use crate::value_text::{TooDeep, MAX_DEPTH};

/// Java's `String.valueOf` of the value's Java object: strings bare, `null`,
/// lists as `[a, b]`, maps as `{k=v, k2=v2}`.
pub fn to_java_string(value: &Value) -> Result<String, TooDeep> {
    const JAVA: Style = Style {
        item_separator: ", ",
        key_separator: "=",
        number: |n, out| out.push_str(&number_text(n)),
        string: |s, out| out.push_str(s),
    };
    let mut out = String::new();
    value_text::write(value, &JAVA, &mut out)?;
    Ok(out)
}

/// A JSON number as Java prints it: integers as written, doubles with
/// `Double.toString` (`1.0`, `1.0E20`, `1.0E-4`).
pub fn number_text(n: &Number) -> String {
    match (n.as_i64(), n.as_u64(), n.as_f64()) {
        (Some(i), _, _) => i.to_string(),
        (None, Some(u), _) => u.to_string(),
        (None, None, Some(f)) => double_to_string(f),
        (None, None, None) => n.to_string(),
    }
}

/// Java's `Double.toString`: the shortest digits that round-trip, in plain
/// notation for 10^-3 <= |x| < 10^7 and `d.dddE±n` otherwise.
pub fn double_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Rust's `{:e}` gives the same shortest round-trip digits, as "d.ddde-n".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if x < 0.0 { "-" } else { "" };
    if (-3..7).contains(&exponent) {
        let text = if exponent >= 0 {
            let point = exponent as usize + 1;
            let int_part: String = digits.chars().chain(std::iter::repeat('0')).take(point).collect();
            let frac_part = digits.get(point..).unwrap_or("");
            let frac_part = if frac_part.is_empty() { "0" } else { frac_part };
            format!("{int_part}.{frac_part}")
        } else {
            let zeros = "0".repeat((-exponent - 1) as usize);
            format!("0.{zeros}{digits}")
        };
        format!("{sign}{text}")
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let rest = if rest.is_empty() { "0" } else { rest };
        format!("{sign}{first}.{rest}E{exponent}")
    }
}

/// The length Java reports for a string: UTF-16 code units.
pub fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// `hashCode()` of the value's Java object; `null` hashes to 0 as in `HashMap`.
pub fn hash_code(value: &Value) -> Result<i32, TooDeep> {
    hash_at(value, 0)
}

fn hash_at(value: &Value, depth: usize) -> Result<i32, TooDeep> {
    if depth > MAX_DEPTH {
        return Err(TooDeep);
    }
    Ok(match value {
        Value::Null => 0,
        Value::Bool(true) => 1231,
        Value::Bool(false) => 1237,
        Value::Number(n) => number_hash(n),
        Value::String(s) => string_hash(s),
        Value::Array(items) => {
            let mut h: i32 = 1;
            for item in items {
                h = h.wrapping_mul(31).wrapping_add(hash_at(item, depth + 1)?);
            }
            h
        }
        Value::Object(map) => {
            let mut h: i32 = 0;
            for (key, item) in map {
                h = h.wrapping_add(string_hash(key) ^ hash_at(item, depth + 1)?);
            }
            h
        }
    })
}

/// `String.hashCode`: s[0]*31^(n-1) + ... over UTF-16 units, wrapping.
pub fn string_hash(text: &str) -> i32 {
    text.encode_utf16()
        .fold(0i32, |h, unit| h.wrapping_mul(31).wrapping_add(i32::from(unit)))
}

fn number_hash(n: &Number) -> i32 {
    let long_hash = |v: i64| (v ^ ((v as u64) >> 32) as i64) as i32;
    if let Some(i) = n.as_i64() {
        // Jackson makes an Integer when the value fits, a Long otherwise.
        return match i32::try_from(i) {
            Ok(small) => small,
            Err(_) => long_hash(i),
        };
    }
    if let Some(u) = n.as_u64() {
        return long_hash(u as i64);
    }
    let bits = n.as_f64().unwrap_or(0.0).to_bits();
    (bits ^ (bits >> 32)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn doubles_print_like_java() {
        let cases = [
            (1.1, "1.1"),
            (1.0, "1.0"),
            (100.0, "100.0"),
            (1234567.0, "1234567.0"),
            (12345678.0, "1.2345678E7"),
            (0.001, "0.001"),
            (0.0001, "1.0E-4"),
            (1e20, "1.0E20"),
            (-2.5, "-2.5"),
            (123.456, "123.456"),
            (1.5e-7, "1.5E-7"),
        ];
        for (x, text) in cases {
            assert_eq!(double_to_string(x), text, "{x}");
        }
    }

    #[test]
    fn values_print_like_java_collections() {
        let v = json!({"Arg1": 1, "Arg2": [], "s": "x", "n": null, "l": [1.5, true, {"a": "b"}]});
        assert_eq!(
            to_java_string(&v).unwrap(),
            "{Arg1=1, Arg2=[], s=x, n=null, l=[1.5, true, {a=b}]}"
        );
    }

    #[test]
    fn hash_codes_match_java() {
        assert_eq!(string_hash("a"), 97);
        assert_eq!(
            string_hash("HelloWorld"),
            "HelloWorld"
                .bytes()
                .fold(0i32, |h, b| h.wrapping_mul(31).wrapping_add(b as i32))
        );
        assert_eq!(hash_code(&json!([1, 2])).unwrap(), 994);
        assert_eq!(hash_code(&json!([2, 1])).unwrap(), 1024);
        assert_eq!(hash_code(&json!(true)).unwrap(), 1231);
        // Double.hashCode(1.5): bits 0x3FF8000000000000 -> 0x3FF80000.
        assert_eq!(hash_code(&json!(1.5)).unwrap(), 0x3FF8_0000);
    }
}
