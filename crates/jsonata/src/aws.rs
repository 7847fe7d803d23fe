//! AWS Step Functions' additions to JSONata ($partition, $range, $hash, $random, $uuid, $parse)
//! and its changes to the standard library ($eval removed; time and randomness from the caller).

use std::cell::Cell;
use std::rc::Rc;

use jsonata_core::evaluator::{Evaluator, EvaluatorError, HostFnResult};
use jsonata_core::value::JValue;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::arguments;
use crate::env::Random;
use crate::guard::TICK;

/// What the host functions share during one evaluation.
pub(crate) struct HostState {
    pub random: Cell<Random>,
    pub calls: Cell<u64>,
    pub max_calls: u64,
    pub now_millis: i64,
    pub max_sequence_length: usize,
    pub max_value_depth: usize,
}

/// The source of `$now`: JSONata defines `$now(picture, timezone)` as `$fromMillis($millis(), ...)`,
/// and `$millis()` is the caller's clock.
pub(crate) const NOW_SOURCE: &str =
    "function($picture, $timezone){ $fromMillis($millis(), $picture, $timezone) }";

/// Registers on `ev` the AWS functions and the overrides that `wanted` accepts (the ones an
/// expression names: it cannot reach the others, as JSONata cannot call a function by a
/// computed name), and always the call counter.
pub(crate) fn register(
    ev: &mut Evaluator,
    state: &Rc<HostState>,
    wanted: impl Fn(&str) -> bool,
) -> Result<(), EvaluatorError> {
    let s = Rc::clone(state);
    ev.register_fn(TICK, move |args: &[JValue]| tick(args, &s))?;
    if wanted(arguments::ARGUMENTS_CHECK) {
        let max = state.max_sequence_length;
        ev.register_fn(arguments::ARGUMENTS_CHECK, move |args: &[JValue]| {
            arguments::check_arguments(args, max)
        })?;
    }
    if wanted(arguments::RANGE_CHECK) {
        ev.register_fn(arguments::RANGE_CHECK, arguments::check_range_bound)?;
    }
    if wanted("partition") {
        ev.register_fn("partition", partition)?;
    }
    if wanted("range") {
        let s = Rc::clone(state);
        ev.register_fn("range", move |args: &[JValue]| range(args, s.max_sequence_length))?;
    }
    if wanted("hash") {
        ev.register_fn("hash", hash)?;
    }
    if wanted("parse") {
        ev.register_fn("parse", parse)?;
    }
    if wanted("uuid") {
        let s = Rc::clone(state);
        ev.register_fn("uuid", move |args: &[JValue]| uuid(args, &s))?;
    }
    if wanted("random") {
        let s = Rc::clone(state);
        ev.register_fn_override("random", move |args: &[JValue]| random(args, &s))?;
    }
    if wanted("shuffle") {
        let s = Rc::clone(state);
        ev.register_fn_override("shuffle", move |args: &[JValue]| shuffle(args, &s))?;
    }
    if wanted("millis") {
        let s = Rc::clone(state);
        ev.register_fn_override("millis", move |args: &[JValue]| {
            no_args("millis", args)?;
            Ok(JValue::Number(s.now_millis as f64))
        })?;
    }
    if wanted("eval") {
        ev.register_fn_override("eval", |_: &[JValue]| {
            Err(error(
                "T1006",
                "$eval is not available in AWS Step Functions: use $parse to read a JSON string",
            ))
        })?;
    }
    Ok(())
}

fn error(code: &str, message: &str) -> EvaluatorError {
    EvaluatorError::EvaluationError(format!("{code}: {message}"))
}

fn signature_error(function: &str, expected: &str) -> EvaluatorError {
    error(
        "T0410",
        &format!("Arguments of function ${function} do not match its signature: {expected}"),
    )
}

fn no_args(function: &str, args: &[JValue]) -> Result<(), EvaluatorError> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(signature_error(
            function,
            &format!("${function}() takes no arguments"),
        ))
    }
}

/// The call counter at the top of every user function: `args` is the call's weight (see
/// `guard::call_weight`), then the function's arguments.
fn tick(args: &[JValue], state: &HostState) -> HostFnResult {
    let (weight, args) = match args.split_first() {
        Some((JValue::Number(w), rest)) => (*w as u64, rest),
        _ => (1, args),
    };
    // A value nested thousands deep can only be built by recursion, one call at a time, and
    // would overflow the stack when the engine drops it: stop it while it grows, as it passes
    // through a call.
    if args
        .iter()
        .any(|arg| spine_depth(arg, state.max_value_depth) > state.max_value_depth)
    {
        return Err(error(
            "U1001",
            &format!("A value is nested deeper than {} levels", state.max_value_depth),
        ));
    }
    let calls = state.calls.get().saturating_add(weight);
    state.calls.set(calls);
    if calls > state.max_calls {
        return Err(error(
            "D1012",
            &format!(
                "Evaluation stopped after {} function calls (a call of a function with a signature counts as {}). Check for a non-terminating recursive function",
                state.max_calls,
                crate::guard::SIGNED_CALL_WEIGHT
            ),
        ));
    }
    Ok(JValue::Undefined)
}

/// The nesting depth of `value` along one path (at each level, the first array or object among
/// the first and last few children), up to `limit + 1`. Cheap (bounded by `limit` levels and
/// nine children a level) and catches the usual way a deep value is built, a recursion that
/// wraps its accumulator; it is not a full depth measure.
fn spine_depth(value: &JValue, limit: usize) -> usize {
    let mut depth = 0;
    let mut current = value;
    loop {
        let next = match current {
            JValue::Array(items) => {
                let n = items.len();
                items
                    .iter()
                    .take(8)
                    .chain(items.iter().skip(n.max(8) - 1))
                    .find(|v| is_container(v))
            }
            JValue::Object(map) => {
                let n = map.len();
                map.values()
                    .take(8)
                    .chain(map.values().skip(n.max(8) - 1))
                    .find(|v| is_container(v))
            }
            _ => return depth,
        };
        depth += 1;
        match next {
            Some(child) if depth <= limit => current = child,
            _ => return depth,
        }
    }
}

fn is_container(value: &JValue) -> bool {
    matches!(value, JValue::Array(_) | JValue::Object(_))
}

/// The items of an argument that JSONata treats as an array (a single value is an array of one).
fn items(value: &JValue) -> Vec<JValue> {
    match value {
        JValue::Array(items) => items.iter().cloned().collect(),
        JValue::Undefined => Vec::new(),
        other => vec![other.clone()],
    }
}

/// A whole number, or `None`.
fn integer(value: &JValue) -> Option<f64> {
    match value {
        JValue::Number(n) if n.is_finite() && n.fract() == 0.0 => Some(*n),
        _ => None,
    }
}

/// `$partition(array, size)`: the array cut into arrays of `size` items; the last may be shorter.
/// (AWS: the JSONata counterpart of `States.ArrayPartition`.)
fn partition(args: &[JValue]) -> HostFnResult {
    let expected = "$partition(array, size) with a whole size of at least 1";
    let [array, size] = args else {
        return Err(signature_error("partition", expected));
    };
    if array.is_undefined() {
        return Ok(JValue::Undefined);
    }
    if array.is_function() {
        return Err(signature_error("partition", expected));
    }
    let size = match integer(size) {
        Some(n) if n >= 1.0 => n,
        _ => return Err(signature_error("partition", expected)),
    };
    let items = items(array);
    // `size as usize` saturates for sizes beyond usize; `chunks` needs at least 1, ensured above.
    let chunks = items
        .chunks((size as usize).max(1))
        .map(|chunk| JValue::array(chunk.to_vec()))
        .collect();
    Ok(JValue::array(chunks))
}

/// `$range(start, end, step)`: `start`, `start + step`, ... up to and including `end`.
/// (AWS: the JSONata counterpart of `States.ArrayRange`.) Empty when `step` leads away from `end`.
fn range(args: &[JValue], max_len: usize) -> HostFnResult {
    let expected = "$range(start, end, step) with whole numbers and a step other than 0";
    let [start, end, step] = args else {
        return Err(signature_error("range", expected));
    };
    let (Some(start), Some(end), Some(step)) = (integer(start), integer(end), integer(step)) else {
        return Err(signature_error("range", expected));
    };
    if step == 0.0 {
        return Err(signature_error("range", expected));
    }
    let count = ((end - start) / step).floor() + 1.0;
    if count <= 0.0 {
        return Ok(JValue::array(Vec::new()));
    }
    if count > max_len as f64 {
        return Err(error(
            "D2014",
            &format!("The size of the sequence allocated by $range exceeds the maximum of {max_len}"),
        ));
    }
    let count = count as usize;
    Ok(JValue::array(
        (0..count)
            .map(|i| JValue::Number(start + step * i as f64))
            .collect(),
    ))
}

/// `$hash(value, algorithm)`: the hex digest of a string with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.
/// (AWS: the JSONata counterpart of `States.Hash`.)
fn hash(args: &[JValue]) -> HostFnResult {
    let expected = "$hash(string, algorithm) with algorithm MD5, SHA-1, SHA-256, SHA-384 or SHA-512";
    let [value, algorithm] = args else {
        return Err(signature_error("hash", expected));
    };
    if value.is_undefined() {
        return Ok(JValue::Undefined);
    }
    let (Some(text), Some(algorithm)) = (value.as_str(), algorithm.as_str()) else {
        return Err(signature_error("hash", expected));
    };
    let bytes = text.as_bytes();
    let digest = match algorithm {
        "MD5" => hex(&Md5::digest(bytes)),
        "SHA-1" => hex(&Sha1::digest(bytes)),
        "SHA-256" => hex(&Sha256::digest(bytes)),
        "SHA-384" => hex(&Sha384::digest(bytes)),
        "SHA-512" => hex(&Sha512::digest(bytes)),
        other => {
            return Err(error(
                "D3137",
                &format!(
                    "$hash: unsupported algorithm {other:?}; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"
                ),
            ))
        }
    };
    Ok(JValue::from(digest))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// `$parse(jsonString)`: the JSON value a string holds. (AWS: replaces `$eval` for this use.)
fn parse(args: &[JValue]) -> HostFnResult {
    let expected = "$parse(string) with a JSON text";
    let [value] = args else {
        return Err(signature_error("parse", expected));
    };
    if value.is_undefined() {
        return Ok(JValue::Undefined);
    }
    let Some(text) = value.as_str() else {
        return Err(signature_error("parse", expected));
    };
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => Ok(JValue::from(json)),
        Err(e) => Err(error(
            "D3140",
            &format!("$parse: the string is not valid JSON ({e})"),
        )),
    }
}

/// `$random([seed])`: a number in [0, 1). With a seed, the same number for the same seed
/// (AWS's addition); without one, the next number of the caller's random source.
fn random(args: &[JValue], state: &HostState) -> HostFnResult {
    match args {
        [] => {
            let mut r = state.random.get();
            let x = r.next_f64();
            state.random.set(r);
            Ok(JValue::Number(x))
        }
        [seed] => {
            let seed = match seed {
                JValue::Number(n) if n.is_finite() => n.to_bits(),
                JValue::String(s) => fnv1a(s.as_bytes()),
                _ => {
                    return Err(signature_error(
                        "random",
                        "$random([seed]) with a number or string seed",
                    ))
                }
            };
            Ok(JValue::Number(Random::new(seed).next_f64()))
        }
        _ => Err(signature_error("random", "$random([seed])")),
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `$uuid()`: a version 4 UUID from the caller's random source.
fn uuid(args: &[JValue], state: &HostState) -> HostFnResult {
    no_args("uuid", args)?;
    let mut r = state.random.get();
    let (hi, lo) = (r.next_u64(), r.next_u64());
    state.random.set(r);
    let hi = (hi & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000; // version 4
    let lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000; // RFC 4122 variant
    Ok(JValue::from(format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )))
}

/// `$shuffle(array)`: standard JSONata, shuffled with the caller's random source (Fisher–Yates).
fn shuffle(args: &[JValue], state: &HostState) -> HostFnResult {
    let [array] = args else {
        return Err(signature_error("shuffle", "$shuffle(array)"));
    };
    if array.is_undefined() {
        return Ok(JValue::Undefined);
    }
    let mut items = items(array);
    let mut r = state.random.get();
    for i in (1..items.len()).rev() {
        let j = r.below(i + 1);
        items.swap(i, j);
    }
    state.random.set(r);
    Ok(JValue::array(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spine_depth_follows_containers() {
        let v = JValue::from(serde_json::json!([1, {"a": 2, "b": [[3]]}]));
        assert_eq!(spine_depth(&v, 10), 4);
        assert_eq!(spine_depth(&v, 2), 3);
        assert_eq!(spine_depth(&JValue::from(1i64), 2), 0);
        let wide = JValue::from(serde_json::json!([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, [[1]]]));
        assert_eq!(spine_depth(&wide, 10), 3, "the last child is looked at too");
    }

    #[test]
    fn hex_digests() {
        assert_eq!(hex(&Md5::digest(b"")), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn uuid_has_version_and_variant() {
        let state = HostState {
            random: Cell::new(Random::new(7)),
            calls: Cell::new(0),
            max_calls: 10,
            now_millis: 0,
            max_sequence_length: 10,
            max_value_depth: 10,
        };
        let u = uuid(&[], &state).unwrap();
        let u = u.as_str().unwrap();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!("89ab".contains(&u[19..20]));
    }
}
