//! A call's evaluated arguments and the checks the functions make on them (count, type, integer range).

use super::java::TooDeep;
use super::parser::Arg;
use super::Function;
use serde_json::{Map, Value};

/// Why a function refused its arguments: the reason after the call's text in
/// the cause, such as "Invalid arguments in States.MathAdd".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub String);

/// The evaluated arguments of one call.
pub struct Args<'c> {
    /// The function being called, for error texts.
    pub function: Function,
    /// The arguments as written (Format looks at where a value came from).
    pub written: &'c [Arg],
    /// The values, in order.
    pub values: Vec<Value>,
}

impl Args<'_> {
    /// AWS's one reason for every bad count, type or range.
    pub fn invalid(&self) -> Failure {
        Failure(format!("Invalid arguments in {}", self.function.name()))
    }

    /// Refuses anything but exactly `n` arguments.
    pub fn expect_count(&self, n: usize) -> Result<(), Failure> {
        self.expect_count_between(n, n)
    }

    /// Refuses fewer than `min` or more than `max` arguments.
    pub fn expect_count_between(&self, min: usize, max: usize) -> Result<(), Failure> {
        if (min..=max).contains(&self.values.len()) {
            Ok(())
        } else {
            Err(self.invalid())
        }
    }

    /// The value at `index`.
    pub fn value(&self, index: usize) -> Result<&Value, Failure> {
        self.values.get(index).ok_or_else(|| self.invalid())
    }

    /// A string argument.
    pub fn string(&self, index: usize) -> Result<&str, Failure> {
        self.value(index)?.as_str().ok_or_else(|| self.invalid())
    }

    /// An array argument.
    pub fn array(&self, index: usize) -> Result<&Vec<Value>, Failure> {
        self.value(index)?.as_array().ok_or_else(|| self.invalid())
    }

    /// An object argument.
    pub fn object(&self, index: usize) -> Result<&Map<String, Value>, Failure> {
        self.value(index)?.as_object().ok_or_else(|| self.invalid())
    }

    /// An integer argument the way Java's `Number.intValue()` reads a double:
    /// the fraction is dropped (AWS gives `States.ArrayGetItem($.a, 1.2)` the
    /// item at 1). Values outside 32 bits are refused.
    pub fn truncated_int(&self, index: usize) -> Result<i32, Failure> {
        let value = self.value(index)?;
        let Value::Number(n) = value else {
            return Err(self.invalid());
        };
        let whole = match n.as_i64() {
            Some(i) => i as f64,
            None => n.as_f64().map(f64::trunc).ok_or_else(|| self.invalid())?,
        };
        to_i32(whole).ok_or_else(|| self.invalid())
    }

    /// An integer argument the way Java's `Math.round` reads a double: to the
    /// nearest integer, halves toward positive infinity (the recordings show
    /// `States.MathAdd(-1.5, 0)` is -1 and `States.MathAdd(1.5, 0)` is 2).
    pub fn rounded_int(&self, index: usize) -> Result<i32, Failure> {
        let value = self.value(index)?;
        let Value::Number(n) = value else {
            return Err(self.invalid());
        };
        let whole = match n.as_i64() {
            Some(i) => i as f64,
            None => java_round(n.as_f64().ok_or_else(|| self.invalid())?),
        };
        to_i32(whole).ok_or_else(|| self.invalid())
    }

    /// Maps a too-deep value to the usual refusal.
    pub fn deep<T>(&self, result: Result<T, TooDeep>) -> Result<T, Failure> {
        result.map_err(|_| self.invalid())
    }
}

fn to_i32(whole: f64) -> Option<i32> {
    (whole.is_finite() && whole >= f64::from(i32::MIN) && whole <= f64::from(i32::MAX))
        .then_some(whole as i32)
}

/// `Math.round(double)`: floor(x + 1/2) computed without the rounding error
/// of adding 0.5 first.
fn java_round(x: f64) -> f64 {
    let floor = x.floor();
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

#[cfg(test)]
mod tests {
    use super::java_round;

    #[test]
    fn rounding_matches_java_math_round() {
        for (x, rounded) in [
            (1.49, 1.0),
            (1.5, 2.0),
            (2.5, 3.0),
            (-0.5, 0.0),
            (-1.5, -1.0),
            (-1.51, -2.0),
            (-2.5, -2.0),
            (0.49999999999999994, 0.0),
        ] {
            assert_eq!(java_round(x), rounded, "{x}");
        }
    }
}
