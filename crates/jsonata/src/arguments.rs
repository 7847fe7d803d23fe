//! Checks on the arguments of the engine's builtins that would panic, overflow or build unbounded
//! values: date-time pictures with very wide components (`$fromMillis(0, '[Y,64]')` divides by
//! zero inside the engine), milliseconds and time zones that overflow its arithmetic, roman
//! numerals of huge numbers, `$substring` positions that wrap, and `$pad` widths in the billions
//! (one call builds the whole string).
//!
//! The checks run before the builtin: `guard::instrument` rewrites each call
//! `$f(a0, ..., an)` into `($sfn-lab:0 := a0; ...; sfn-lab:arguments('f', $sfn-lab:0, ...);
//! $f($sfn-lab:0, ...))`, so each argument is evaluated once, in order, and the check sees all of
//! them. A partial application (`$f(?, 'I')`) and a reference to the function as a value
//! (`$g := $fromMillis`) become lambdas whose body is such a checked call. Each bound of a range
//! (`[a..b]`) goes through a check of its own.

use jsonata_core::ast::{AstNode, BinaryOp};
use jsonata_core::evaluator::{EvaluatorError, HostFnResult};
use jsonata_core::value::JValue;

/// The check on a builtin's arguments. Like `guard::TICK`, no expression can write this name.
pub(crate) const ARGUMENTS_CHECK: &str = "sfn-lab:arguments";

/// The check on each bound of a range (`[a..b]`).
pub(crate) const RANGE_CHECK: &str = "sfn-lab:range-bound";

/// The largest bound a range takes: 2^53, past which numbers are no longer whole. jsonata-core
/// turns bounds into 64-bit integers and computes `end - start + 1`: with bounds beyond ±2^63
/// that wraps to a small size, and the range then fills memory.
const MAX_RANGE_BOUND: f64 = 9_007_199_254_740_992.0;

/// The widest a date-time component may be written: enough for any real use, and far from the
/// engine's limits.
const MAX_COMPONENT_WIDTH: u64 = 64;
/// The most digits a year may be written with: the engine computes the year modulo 10^digits in a
/// 64-bit integer, which overflows past 18.
const MAX_YEAR_DIGITS: u64 = 18;
/// The milliseconds JavaScript's `Date` holds (±100,000,000 days): past them the engine's
/// conversion to a 64-bit integer saturates and its time-zone shift overflows.
const MAX_MILLIS: f64 = 8.64e15;
/// The largest number written in roman numerals: a million `M`s. Past it the string grows by a
/// character per thousand (`1e12` would be a gigabyte, built in one call).
const MAX_ROMAN: f64 = 1e9;
/// The most letters `$parseInteger(s, 'a')` reads: 26^14 overflows a 64-bit integer.
const MAX_LETTERS: usize = 13;

/// Builtins whose calls are checked, with their arity.
const CHECKED: [(&str, usize); 7] = [
    ("fromMillis", 3),
    ("toMillis", 2),
    ("formatInteger", 2),
    ("parseInteger", 2),
    ("now", 2),
    ("pad", 3),
    ("substring", 3),
];

/// The arity of `name` if its calls are checked.
pub(crate) fn arity_of(name: &str) -> Option<usize> {
    CHECKED.iter().find(|(n, _)| *n == name).map(|&(_, a)| a)
}

/// Whether an expression reading `references` calls the check (it names a checked builtin).
pub(crate) fn needed_by(references: &crate::References) -> bool {
    CHECKED.iter().any(|(n, _)| references.mentions(n))
}

fn local(i: usize) -> String {
    format!("sfn-lab:{i}")
}

/// `$name(args)` checked: a block binding each argument, the check, then the call. A call with a
/// placeholder (`$name(?, x)`) becomes `function($p){ <checked call> }`.
pub(crate) fn checked_call(name: &str, mut args: Vec<AstNode>) -> AstNode {
    let holes: Vec<String> = args
        .iter_mut()
        .enumerate()
        .filter(|(_, a)| matches!(a, AstNode::Placeholder))
        .map(|(i, a)| {
            let param = format!("sfn-lab:p{i}");
            *a = AstNode::Variable(param.clone());
            param
        })
        .collect();
    let call = block_call(name, args);
    if holes.is_empty() {
        return call;
    }
    lambda(holes, call)
}

/// `function($a1, ..., $an){ <checked call> }`: the builtin as a value, checked like a direct call.
pub(crate) fn checked_lambda(name: &str, arity: usize) -> AstNode {
    let params: Vec<String> = (1..=arity).map(|i| format!("sfn-lab:a{i}")).collect();
    let args = params.iter().map(|p| AstNode::Variable(p.clone())).collect();
    lambda(params, block_call(name, args))
}

fn lambda(params: Vec<String>, body: AstNode) -> AstNode {
    AstNode::Lambda {
        params,
        body: Box::new(body),
        signature: None,
        thunk: false,
    }
}

fn block_call(name: &str, args: Vec<AstNode>) -> AstNode {
    let count = args.len();
    let mut items: Vec<AstNode> = args
        .into_iter()
        .enumerate()
        .map(|(i, arg)| AstNode::Binary {
            op: BinaryOp::ColonEqual,
            lhs: Box::new(AstNode::Variable(local(i))),
            rhs: Box::new(arg),
        })
        .collect();
    let locals = || (0..count).map(|i| AstNode::Variable(local(i)));
    items.push(AstNode::Function {
        name: ARGUMENTS_CHECK.to_string(),
        args: std::iter::once(AstNode::String(name.to_string()))
            .chain(locals())
            .collect(),
        is_builtin: true,
    });
    items.push(AstNode::Function {
        name: name.to_string(),
        args: locals().collect(),
        is_builtin: true,
    });
    AstNode::Block(items)
}

fn error(message: String) -> EvaluatorError {
    EvaluatorError::EvaluationError(format!("D3138: {message}"))
}

/// `b` wrapped in the range-bound check.
pub(crate) fn checked_range_bound(b: AstNode) -> AstNode {
    AstNode::Function {
        name: RANGE_CHECK.to_string(),
        args: vec![b],
        is_builtin: true,
    }
}

/// The range-bound check: a number beyond ±2^53 fails; any value passes unchanged otherwise
/// (the engine reports a bound that is not a whole number itself).
pub(crate) fn check_range_bound(args: &[JValue]) -> HostFnResult {
    let value = args.first().cloned().unwrap_or(JValue::Undefined);
    match value {
        JValue::Number(n) if n.abs() > MAX_RANGE_BOUND => Err(error(format!(
            "The range operator takes whole numbers between -2^53 and 2^53; a bound is {n}"
        ))),
        _ => Ok(value),
    }
}

/// The check: `args` is the builtin's name, then its arguments as the call passes them.
/// `max_width` is the widest `$pad` may make a string.
pub(crate) fn check_arguments(args: &[JValue], max_width: usize) -> HostFnResult {
    let arg = |i: usize| args.get(i).unwrap_or(&JValue::Undefined);
    let JValue::String(name) = arg(0) else {
        return Ok(JValue::Undefined);
    };
    let problem = match &**name {
        "fromMillis" => millis_problem(arg(1))
            .or_else(|| picture_arg_problem(arg(2)))
            .or_else(|| timezone_problem(arg(3))),
        "now" => picture_arg_problem(arg(1)).or_else(|| timezone_problem(arg(2))),
        "toMillis" => picture_arg_problem(arg(2)).or_else(|| letters_in_timestamp_problem(arg(1), arg(2))),
        "formatInteger" => roman_problem(arg(1), arg(2)),
        "parseInteger" => letters_problem(arg(1), arg(2)),
        "pad" => width_problem(arg(2), max_width),
        "substring" => [arg(2), arg(3)].into_iter().find_map(|n| match n {
            // jsonata-core adds start and length as 64-bit integers.
            JValue::Number(n) if n.abs() > MAX_RANGE_BOUND => Some(format!(
                "$substring takes a start and a length between -2^53 and 2^53; one is {n}"
            )),
            _ => None,
        }),
        _ => None,
    };
    problem.map_or(Ok(JValue::Undefined), |p| Err(error(p)))
}

fn picture_arg_problem(picture: &JValue) -> Option<String> {
    match picture {
        JValue::String(p) => picture_problem(p),
        _ => None,
    }
}

fn millis_problem(millis: &JValue) -> Option<String> {
    match millis {
        JValue::Number(n) if n.abs() > MAX_MILLIS => Some(format!(
            "$fromMillis takes milliseconds between -8.64e15 and 8.64e15 (the dates JavaScript \
             holds); the number given is {n}"
        )),
        _ => None,
    }
}

/// A time zone is `±HHMM`: more digits overflow the engine's shift.
fn timezone_problem(timezone: &JValue) -> Option<String> {
    let JValue::String(zone) = timezone else {
        return None;
    };
    let digits = zone
        .trim_start_matches(['+', '-'])
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    (digits > 4).then(|| format!("A time zone is written ±HHMM; '{zone}' has {digits} digits"))
}

fn roman_problem(value: &JValue, picture: &JValue) -> Option<String> {
    let (JValue::Number(n), JValue::String(p)) = (value, picture) else {
        return None;
    };
    (matches!(p.trim(), "I" | "i") && n.abs() > MAX_ROMAN).then(|| {
        format!("Roman numerals are written for numbers up to 1e9 (a million M's); the number given is {n}")
    })
}

fn letters_problem(text: &JValue, picture: &JValue) -> Option<String> {
    let (JValue::String(t), JValue::String(p)) = (text, picture) else {
        return None;
    };
    let letters = t.chars().count();
    if matches!(p.trim(), "a" | "A") && letters > MAX_LETTERS {
        return Some(format!("$parseInteger reads at most {MAX_LETTERS} letters (more overflow a 64-bit integer); the text has {letters}"));
    }
    // An ordinal's suffix (`1st`) is cut off as two bytes: a text ending in a wider character
    // would be cut inside it.
    let ordinal = p
        .rsplit_once(';')
        .is_some_and(|(_, modifier)| modifier.starts_with('o'));
    if ordinal && !t.is_ascii() {
        return Some(format!(
            "$parseInteger reads ordinals ('21st') in ASCII; the text holds '{}'",
            t.chars().find(|c| !c.is_ascii()).unwrap_or_default()
        ));
    }
    // Digits of another script (`'###١'`): jsonata-core shifts every character read by that
    // script's zero, and panics on one below it (an ASCII letter, a space or a separator).
    let foreign_digits = p.chars().any(|c| !c.is_ascii() && c.is_numeric());
    let other = t.chars().find(|c| c.is_ascii() || !c.is_numeric());
    match other {
        Some(c) if foreign_digits => Some(format!(
            "$parseInteger with a picture in the digits of another script reads only those digits; the text holds '{c}'"
        )),
        _ => None,
    }
}

fn width_problem(width: &JValue, max: usize) -> Option<String> {
    match width {
        JValue::Number(n) if n.abs() > max as f64 => Some(format!(
            "$pad makes strings of at most {max} characters; the width asked is {n}"
        )),
        _ => None,
    }
}

/// What is wrong with a picture's markers (`[Y0001]`, `[D,2-2]`), if anything.
fn picture_problem(picture: &str) -> Option<String> {
    markers(picture).find_map(|marker| marker_problem(&marker))
}

/// The markers of a picture (`[Y0001]` gives `Y0001`), without their spaces, as jsonata-core
/// reads them: `[[` is a literal bracket, and an unclosed marker ends the list (it is the
/// engine's error to report).
fn markers(picture: &str) -> impl Iterator<Item = String> + '_ {
    let mut rest = picture;
    std::iter::from_fn(move || loop {
        let open = rest.find('[')?;
        let after = &rest[open + 1..];
        if let Some(literal) = after.strip_prefix('[') {
            rest = literal;
            continue;
        }
        let close = after.find(']')?;
        rest = &after[close + 1..];
        return Some(after[..close].chars().filter(|c| !c.is_whitespace()).collect());
    })
}

/// `$toMillis` reads a component written in letters (`[XA]`) as a base-26 number in a 64-bit
/// integer: more than 13 letters in a row in the timestamp would overflow it.
fn letters_in_timestamp_problem(timestamp: &JValue, picture: &JValue) -> Option<String> {
    let (JValue::String(t), JValue::String(p)) = (timestamp, picture) else {
        return None;
    };
    let in_letters = markers(p).any(|m| m.get(1..2).is_some_and(|pres| pres == "a" || pres == "A"));
    let longest = t
        .split(|c: char| !c.is_ascii_alphabetic())
        .map(str::len)
        .max()
        .unwrap_or(0);
    (in_letters && longest > MAX_LETTERS).then(|| {
        format!("$toMillis reads at most {MAX_LETTERS} letters for a component written in letters; the timestamp has {longest} in a row")
    })
}

fn marker_problem(marker: &str) -> Option<String> {
    let component = marker.chars().next()?;
    // jsonata-core slices the marker after its first byte, up to its last comma: a marker that
    // starts with a comma or a non-ASCII character panics there.
    if component == ',' || !component.is_ascii() {
        return Some(format!(
            "The picture's [{marker}] does not start with a component letter (Y, M, D, H, m, s, ...)"
        ));
    }
    let (presentation, width) = match marker.rfind(',') {
        Some(comma) => (&marker[..comma], &marker[comma + 1..]),
        None => (marker, ""),
    };
    // jsonata-core expects fractional seconds to be digits and panics when they are names.
    if component == 'f' && presentation[1..].starts_with(['n', 'N']) {
        return Some(format!(
            "The picture's [{marker}] asks for fractional seconds as names; they are written with digits ([f001])"
        ));
    }
    let digits = presentation
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '#')
        .count() as u64;
    // jsonata-core widens the mandatory digits to the minimum width, then adds the optional
    // (`#`) ones: the digits plus the widest width bounds what it computes.
    let widest = width
        .split('-')
        .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
        // A number too long to parse is as wide as it gets.
        .map(|w| w.parse::<u64>().unwrap_or(u64::MAX))
        .max()
        .map_or(digits, |w| w.saturating_add(digits));
    let max = if component == 'Y' {
        MAX_YEAR_DIGITS
    } else {
        MAX_COMPONENT_WIDTH
    };
    (widest > max).then(|| {
        format!("The picture's [{marker}] is {widest} characters wide; the lab takes at most {max} for this component")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_markers_are_found() {
        assert!(picture_problem("[Y,64]").is_some());
        assert!(picture_problem("[Y9,999]").is_some());
        assert!(picture_problem("[Y9999999999999999999]").is_some());
        assert!(picture_problem("[D,99999999999999999999999]").is_some());
        assert!(picture_problem("[M01]-[D,1-65]").is_some());
        // Found by fuzz/jsonata_expression: jsonata-core slices these out of bounds.
        assert!(picture_problem("[FNn ,]D[, [fDD1o] _MNn]").is_some());
        assert!(picture_problem("[é]").is_some());
        assert!(picture_problem("Week: [w][fnox  N]").is_some());
        // Found by a storm of random pictures: 18 wide plus three optional digits.
        assert!(picture_problem("[Y#,##0,18][mc,*][wW,-]").is_some());
    }

    #[test]
    fn ordinary_pictures_pass() {
        for ok in [
            "[Y0001]-[M01]-[D01]",
            "[H01]:[m01]:[s01].[f001]",
            "[Y,18]",
            "[[Y,64]]",
            "[FNn], [D1o] [MNn] [Y]",
            "2020-01-01T00:00:00Z",
            "[D,*-64]",
        ] {
            assert_eq!(picture_problem(ok), None, "{ok}");
        }
    }
}
