//! Values across the boundary: `serde_json::Value` in, the engine's values inside, JSON out.

use jsonata_core::value::JValue;
use serde_json::{Map, Number, Value};

use crate::JsonataError;

/// JSON into the engine (numbers become `f64`, as in JavaScript).
pub(crate) fn to_engine(value: &Value) -> JValue {
    JValue::from(value.clone())
}

/// A result out of the engine, as JSON.stringify would write it: `None` for undefined; functions
/// are dropped from objects and become `null` in arrays; whole numbers become JSON integers.
pub(crate) fn from_engine(value: &JValue, max_depth: usize) -> Result<Option<Value>, JsonataError> {
    convert(value, max_depth)
}

fn convert(value: &JValue, depth_left: usize) -> Result<Option<Value>, JsonataError> {
    Ok(Some(match value {
        JValue::Undefined | JValue::Lambda(_) | JValue::Builtin { .. } | JValue::Regex { .. } => {
            return Ok(None)
        }
        JValue::Null => Value::Null,
        JValue::Bool(b) => Value::Bool(*b),
        JValue::Number(n) => number(*n)?,
        JValue::String(s) => Value::String(s.to_string()),
        JValue::Array(items) => {
            let depth_left = deeper(depth_left)?;
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter() {
                out.push(convert(item, depth_left)?.unwrap_or(Value::Null));
            }
            Value::Array(out)
        }
        JValue::Object(map) => {
            let depth_left = deeper(depth_left)?;
            let mut out = Map::with_capacity(map.len());
            for (key, item) in map.iter() {
                if let Some(v) = convert(item, depth_left)? {
                    out.insert(key.clone(), v);
                }
            }
            Value::Object(out)
        }
    }))
}

fn deeper(depth_left: usize) -> Result<usize, JsonataError> {
    depth_left.checked_sub(1).ok_or_else(|| {
        JsonataError::new(
            "D1012",
            "The result is nested too deeply (see Limits::max_value_depth)",
        )
    })
}

/// Whole numbers within ±2^53 as integers (`3`, not `3.0`); others as shortest round-trip floats.
pub(crate) fn number(n: f64) -> Result<Value, JsonataError> {
    const SAFE: f64 = 9_007_199_254_740_992.0;
    if n.fract() == 0.0 && n.abs() <= SAFE {
        // Exact: |n| <= 2^53 fits i64 and the value is whole (-0 becomes 0, as JSON.stringify does).
        return Ok(Value::from(n as i64));
    }
    Number::from_f64(n)
        .map(Value::Number)
        .ok_or_else(|| JsonataError::new("D1001", "Number out of range: the result is not a finite number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_json() {
        let v = json!({"a": [1, 2.5, "x", null, true, {"b": []}], "c": -7});
        assert_eq!(from_engine(&to_engine(&v), 100).unwrap(), Some(v));
    }

    #[test]
    fn whole_floats_become_integers() {
        assert_eq!(number(3.0).unwrap(), json!(3));
        assert_eq!(number(-0.0).unwrap(), json!(0));
        assert_eq!(number(1e300).unwrap(), json!(1e300));
        assert_eq!(number(0.1).unwrap(), json!(0.1));
        assert!(number(f64::NAN).is_err());
    }

    #[test]
    fn depth_is_bounded() {
        assert!(from_engine(&to_engine(&json!([[[1]]])), 2).is_err());
        assert!(from_engine(&to_engine(&json!([[[1]]])), 3).is_ok());
    }
}
