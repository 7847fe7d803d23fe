//! The direct evaluator's values and operators, each written after jsonata-core's own (its
//! `compiled_arithmetic`, `compiled_equal`, `compiled_ordered_cmp`, concatenation, `$merge`).
//! Whatever those would turn into an error, or decide by a rule not copied here, gives up.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use super::{Arith, Compare};
use crate::convert;

/// A value met during a direct evaluation: borrowed from the scope or the expression when it
/// can be, built otherwise.
pub(super) enum Val<'a> {
    /// JSONata's undefined.
    Undefined,
    /// A number computed here (always finite).
    Num(f64),
    /// A boolean computed here.
    Bool(bool),
    /// A value read in place.
    Ref(&'a Value),
    /// A value built here.
    Own(Value),
}

impl Val<'_> {
    fn json(&self) -> Option<&Value> {
        match self {
            Val::Ref(value) => Some(value),
            Val::Own(value) => Some(value),
            _ => None,
        }
    }

    pub(super) fn number(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            _ => self.json()?.as_number()?.as_f64(),
        }
    }

    pub(super) fn boolean(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            _ => self.json()?.as_bool(),
        }
    }

    pub(super) fn is_array(&self) -> bool {
        self.json().is_some_and(Value::is_array)
    }

    /// As JSON, not yet normalised (see [`output`]); `None` for undefined.
    pub(super) fn into_json(self) -> Option<Value> {
        match self {
            Val::Undefined => None,
            Val::Num(n) => convert::number(n).ok(),
            Val::Bool(b) => Some(Value::Bool(b)),
            Val::Ref(value) => within_budget().then(|| value.clone()),
            Val::Own(value) => Some(value),
        }
    }
}

/// The result as the facade writes the engine's: numbers through `f64` (`1.0` is `1`, integers
/// past 2^53 become floats), nested at most `max_depth` deep (deeper is the engine's D1012).
pub(super) fn output(value: Val<'_>, max_depth: usize) -> Option<Option<Value>> {
    within_budget().then_some(())?;
    Some(Some(match value {
        Val::Undefined => return Some(None),
        Val::Num(n) => convert::number(n).ok()?,
        Val::Bool(b) => Value::Bool(b),
        // A clone copies objects' hash tables as they are; rebuilding them would hash every key.
        Val::Ref(value) => normalise(value.clone(), max_depth)?,
        Val::Own(value) => normalise(value, max_depth)?,
    }))
}

fn normalise(mut value: Value, depth_left: usize) -> Option<Value> {
    normalise_in_place(&mut value, depth_left)?;
    Some(value)
}

fn normalise_in_place(value: &mut Value, depth_left: usize) -> Option<()> {
    match value {
        Value::Number(n) => *value = number(n)?,
        Value::Array(items) => {
            let depth_left = depth_left.checked_sub(1)?;
            for item in items {
                normalise_in_place(item, depth_left)?;
            }
        }
        Value::Object(members) => {
            let depth_left = depth_left.checked_sub(1)?;
            for member in members.values_mut() {
                normalise_in_place(member, depth_left)?;
            }
        }
        _ => {}
    }
    Some(())
}

/// Whether the evaluation is still within its byte budgets (see `crate::budget`): checked
/// before each copy, so that past a limit the engine takes over (and reports it).
fn within_budget() -> bool {
    !crate::budget::exceeded()
}

/// A JSON number as the engine returns it: integers within ±2^53 as they are, others through f64.
fn number(n: &Number) -> Option<Value> {
    const SAFE: u64 = 1 << 53;
    let exact = match (n.as_i64(), n.as_u64()) {
        (Some(i), _) => i.unsigned_abs() <= SAFE,
        (None, Some(u)) => u <= SAFE,
        _ => false,
    };
    if exact {
        return Some(Value::Number(n.clone()));
    }
    convert::number(n.as_f64()?).ok()
}

/// `+ - * / %` on two numbers with a finite result; the rest (undefined, non-numbers, Infinity
/// and NaN, which the engine reports at some later step) is the engine's.
pub(super) fn arithmetic<'a>(op: Arith, lhs: &Val<'_>, rhs: &Val<'_>) -> Option<Val<'a>> {
    let (a, b) = (lhs.number()?, rhs.number()?);
    let n = match op {
        Arith::Add => a + b,
        Arith::Subtract => a - b,
        Arith::Multiply => a * b,
        Arith::Divide => a / b,
        Arith::Modulo => a % b,
    };
    n.is_finite().then_some(Val::Num(n))
}

/// A scalar operand of a comparison; arrays, objects and undefined are the engine's.
enum Scalar<'v> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'v str),
}

fn scalar<'v>(value: &'v Val<'_>) -> Option<Scalar<'v>> {
    Some(match value {
        Val::Num(n) => Scalar::Num(*n),
        Val::Bool(b) => Scalar::Bool(*b),
        _ => match value.json()? {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => Scalar::Num(n.as_f64()?),
            Value::String(s) => Scalar::Str(s),
            _ => return None,
        },
    })
}

pub(super) fn compare<'a>(op: Compare, lhs: &Val<'_>, rhs: &Val<'_>) -> Option<Val<'a>> {
    let (a, b) = (scalar(lhs)?, scalar(rhs)?);
    // Numbers with numbers and strings with strings (by their UTF-8 bytes, as the engine's
    // `str` comparison); any other pair is the engine's error (T2009, T2010).
    let order = || match (&a, &b) {
        (Scalar::Num(x), Scalar::Num(y)) => x.partial_cmp(y),
        (Scalar::Str(x), Scalar::Str(y)) => Some(x.cmp(y)),
        _ => None,
    };
    let equal = match (&a, &b) {
        (Scalar::Null, Scalar::Null) => true,
        (Scalar::Bool(x), Scalar::Bool(y)) => x == y,
        (Scalar::Num(x), Scalar::Num(y)) => x == y,
        (Scalar::Str(x), Scalar::Str(y)) => x == y,
        _ => false,
    };
    Some(Val::Bool(match op {
        Compare::Equal => equal,
        Compare::NotEqual => !equal,
        Compare::Less => order()?.is_lt(),
        Compare::LessOrEqual => order()?.is_le(),
        Compare::Greater => order()?.is_gt(),
        Compare::GreaterOrEqual => order()?.is_ge(),
    }))
}

/// `a & b`: strings as they are, undefined as nothing, and the scalars whose `$string` is plain
/// (booleans, null, whole numbers under 10^15); other numbers and structures are the engine's.
pub(super) fn concat<'a>(lhs: &Val<'_>, rhs: &Val<'_>) -> Option<Val<'a>> {
    within_budget().then_some(())?;
    let (a, b) = (text(lhs)?, text(rhs)?);
    let mut out = String::with_capacity(a.len() + b.len());
    out.push_str(&a);
    out.push_str(&b);
    Some(Val::Own(Value::String(out)))
}

fn text<'v>(value: &'v Val<'_>) -> Option<Cow<'v, str>> {
    if let Val::Undefined = value {
        return Some(Cow::Borrowed(""));
    }
    Some(match scalar(value)? {
        Scalar::Str(s) => Cow::Borrowed(s),
        Scalar::Null => Cow::Borrowed("null"),
        Scalar::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
        Scalar::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => Cow::Owned((n as i64).to_string()),
        Scalar::Num(_) => return None,
    })
}

/// `$merge(array of objects)`: later keys win, keeping the place of their first appearance.
/// The first object is taken (or cloned) whole, its hash table with it.
pub(super) fn merge(arg: Val<'_>) -> Option<Val<'static>> {
    within_budget().then_some(())?;
    let objects: Vec<Cow<'_, Map<String, Value>>> = match arg {
        Val::Own(Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(members) => Some(Cow::Owned(members)),
                _ => None,
            })
            .collect::<Option<_>>()?,
        Val::Ref(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_object().map(Cow::Borrowed))
            .collect::<Option<_>>()?,
        _ => return None,
    };
    let mut objects = objects.into_iter();
    let mut out = objects.next().map(Cow::into_owned).unwrap_or_default();
    for members in objects {
        match members {
            Cow::Owned(members) => out.extend(members),
            Cow::Borrowed(members) => out.extend(members.iter().map(|(k, v)| (k.clone(), v.clone()))),
        }
    }
    Some(Val::Own(Value::Object(out)))
}
