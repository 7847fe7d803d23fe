//! The JSON intrinsics: StringToJson, JsonToString (compact, numbers as Jackson writes them) and JsonMerge.

use super::arguments::{Args, Failure};
use super::java::{number_text, TooDeep};
use crate::value_text::{self, Style};
use serde_json::Value;

/// `States.StringToJson(text)`. Blank text gives null, as on AWS.
pub fn string_to_json(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(1)?;
    let text = args.string(0)?.trim();
    if text.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(&integer_minus_zero_as_zero(text)).map_err(|_| args.invalid())
}

/// serde_json reads the integer `-0` as the double -0.0, while Jackson reads
/// it as the integer 0 (AWS answers `0` for `States.StringToJson('-0')`), so
/// such tokens are rewritten first. Strings are skipped; `-0.0` is left alone.
fn integer_minus_zero_as_zero(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("-0") {
        return text.into();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped, mut copied) = (false, false, 0);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'-'
            && bytes.get(i + 1) == Some(&b'0')
            && !matches!(bytes.get(i + 2), Some(b'.' | b'e' | b'E' | b'0'..=b'9'))
        {
            // Copy up to the sign and leave the sign out.
            out.push_str(&text[copied..i]);
            copied = i + 1;
        }
    }
    out.push_str(&text[copied..]);
    out.into()
}

/// `States.JsonToString(value)`: compact JSON text (`{"a":1,"b":[]}`).
pub fn json_to_string(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(1)?;
    Ok(Value::String(args.deep(to_jackson_text(args.value(0)?))?))
}

/// `States.JsonMerge(left, right, deep)`: a shallow merge where `right` wins.
/// Only deep mode `true` is refused; AWS takes any other third value as shallow.
pub fn merge(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(3)?;
    let left = args.object(0)?;
    let right = args.object(1)?;
    if args.value(2)? == &Value::Bool(true) {
        return Err(args.invalid());
    }
    let mut merged = left.clone();
    for (key, value) in right {
        merged.insert(key.clone(), value.clone());
    }
    Ok(Value::Object(merged))
}

/// Compact JSON as Jackson writes it: doubles through `Double.toString`
/// (`1.0E20`), control characters as `\uXXXX` with uppercase hex.
pub fn to_jackson_text(value: &Value) -> Result<String, TooDeep> {
    const JACKSON: Style = Style {
        item_separator: ",",
        key_separator: ":",
        number: |n, out| out.push_str(&number_text(n)),
        string: |s, out| value_text::write_quoted(s, out, |c| (c as u32) < 0x20, true),
    };
    let mut out = String::new();
    value_text::write(value, &JACKSON, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::to_jackson_text;
    use serde_json::json;

    #[test]
    fn compact_like_jackson() {
        let v = json!({"Arg1": 1, "Arg2": [], "f": 1e20, "g": 1.5, "s": "a\"b\u{1}\n"});
        assert_eq!(
            to_jackson_text(&v).unwrap(),
            r#"{"Arg1":1,"Arg2":[],"f":1.0E20,"g":1.5,"s":"a\"b\u0001\n"}"#
        );
    }
}
