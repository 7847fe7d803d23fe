//! Checks on the arguments of the engine's builtins that would panic or build unbounded values:
//! date-time pictures with very wide components (`$fromMillis(0, '[Y,64]')` divides by zero inside
//! the engine), and `$pad` widths in the billions (one call builds the whole string at once).
//!
//! The checks run before the builtin: `guard::instrument` wraps each argument of a call to one of
//! these functions in a call to a check, which returns the argument unchanged or fails, and
//! replaces a reference to the function as a value (`$f := $fromMillis`) with a lambda that calls
//! it the same checked way.

use jsonata_core::ast::AstNode;
use jsonata_core::evaluator::{EvaluatorError, HostFnResult};
use jsonata_core::value::JValue;

/// The check on a picture argument. Like `guard::TICK`, no expression can write this name.
pub(crate) const PICTURE_CHECK: &str = "sfn-lab:picture";
/// The check on a `$pad` width.
pub(crate) const WIDTH_CHECK: &str = "sfn-lab:width";

/// The widest a date-time component may be written: enough for any real use, and far from the
/// engine's limits.
const MAX_COMPONENT_WIDTH: u64 = 64;
/// The most digits a year may be written with: the engine computes the year modulo 10^digits in a
/// 64-bit integer, which overflows past 18.
const MAX_YEAR_DIGITS: u64 = 18;

/// Builtins whose string arguments are checked as date-time pictures, with their arity.
const PICTURE_FUNCTIONS: [(&str, usize); 5] = [
    ("fromMillis", 3),
    ("toMillis", 2),
    ("formatInteger", 2),
    ("parseInteger", 2),
    ("now", 2),
];

/// The check wrapped around the arguments of a call to `name`, if any, and the function's arity.
pub(crate) fn check_for(name: &str) -> Option<(&'static str, usize)> {
    if name == "pad" {
        return Some((WIDTH_CHECK, 3));
    }
    PICTURE_FUNCTIONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, arity)| (PICTURE_CHECK, arity))
}

/// Whether an expression reading `references` calls the checks (it names a checked builtin).
pub(crate) fn needed_by(references: &crate::References) -> bool {
    references.mentions("pad") || PICTURE_FUNCTIONS.iter().any(|(n, _)| references.mentions(n))
}

/// `arg` wrapped in a call to `check` (a placeholder `?` stays as it is, so partial application
/// still works: the check then runs on the later call's arguments only through the lambda form).
pub(crate) fn wrap(check: &str, arg: AstNode) -> AstNode {
    if matches!(arg, AstNode::Placeholder) {
        return arg;
    }
    AstNode::Function {
        name: check.to_string(),
        args: vec![arg],
        is_builtin: true,
    }
}

/// `function($a1, ..., $an){ $name(check($a1), ..., check($an)) }`: the builtin as a value,
/// checked like a direct call.
pub(crate) fn checked_lambda(name: &str, check: &str, arity: usize) -> AstNode {
    let params: Vec<String> = (1..=arity).map(|i| format!("sfn-lab:a{i}")).collect();
    let args = params
        .iter()
        .map(|p| wrap(check, AstNode::Variable(p.clone())))
        .collect();
    AstNode::Lambda {
        params,
        body: Box::new(AstNode::Function {
            name: name.to_string(),
            args,
            is_builtin: true,
        }),
        signature: None,
        thunk: false,
    }
}

fn error(message: String) -> EvaluatorError {
    EvaluatorError::EvaluationError(format!("D3138: {message}"))
}

/// The picture check: a string is checked as a date-time picture (other strings, such as the
/// timestamp `$toMillis` reads, have no `[...]` markers and pass); any other value passes.
pub(crate) fn check_picture(args: &[JValue]) -> HostFnResult {
    let value = args.first().cloned().unwrap_or(JValue::Undefined);
    if let JValue::String(picture) = &value {
        picture_problem(picture).map_or(Ok(()), |p| Err(error(p)))?;
    }
    Ok(value)
}

/// The width check: a number wider than `max` characters fails; any other value passes.
pub(crate) fn check_width(args: &[JValue], max: usize) -> HostFnResult {
    let value = args.first().cloned().unwrap_or(JValue::Undefined);
    if let JValue::Number(n) = value {
        if n.abs() > max as f64 {
            return Err(error(format!(
                "$pad makes strings of at most {max} characters; the width asked is {n}"
            )));
        }
    }
    Ok(value)
}

/// What is wrong with a picture's markers (`[Y0001]`, `[D,2-2]`), if anything.
fn picture_problem(picture: &str) -> Option<String> {
    let mut rest = picture;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        if let Some(literal) = after.strip_prefix('[') {
            rest = literal; // `[[` is a literal bracket
            continue;
        }
        let Some(close) = after.find(']') else {
            return None; // an unclosed marker is the engine's error to report
        };
        let marker: String = after[..close].chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(problem) = marker_problem(&marker) {
            return Some(problem);
        }
        rest = &after[close + 1..];
    }
    None
}

fn marker_problem(marker: &str) -> Option<String> {
    let component = marker.chars().next()?;
    let (presentation, width) = match marker.rfind(',') {
        Some(comma) => (&marker[..comma], &marker[comma + 1..]),
        None => (marker, ""),
    };
    let digits = presentation
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '#')
        .count() as u64;
    let widest = width
        .split('-')
        .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
        // A number too long to parse is as wide as it gets.
        .map(|w| w.parse::<u64>().unwrap_or(u64::MAX))
        .max()
        .unwrap_or(0)
        .max(digits);
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
