//! Guards around the engine: source checks before parsing, syntax-error positions, and the
//! call counter that bounds run time without a clock.

use std::collections::BTreeSet;

use jsonata_core::ast::{AstNode, BinaryOp, Stage};
use jsonata_core::parser;

use crate::{arguments, JsonataError, Limits};

/// The name of the host function counting user-function calls. It cannot be written in an
/// expression (`:` is not a name character), so no expression can call or shadow it.
pub(crate) const TICK: &str = "sfn-lab:tick";

/// What a call of a function with a signature (`function($x)<n:n>{...}`) counts toward
/// `Limits::max_function_calls`: jsonata-core checks the arguments against the signature by
/// building a regular expression at every call, about 20 µs against 1 µs for a plain call, so
/// 100,000 such calls took 2 s.
pub(crate) const SIGNED_CALL_WEIGHT: u64 = 20;

/// Rejects sources longer or more deeply bracketed than the limits allow, before the parser
/// (which recurses on nesting) sees them.
pub(crate) fn check_source(source: &str, limits: &Limits) -> Result<(), JsonataError> {
    if source.len() > limits.max_expression_len {
        return Err(JsonataError::new(
            "S0001",
            format!(
                "The expression is longer than {} bytes",
                limits.max_expression_len
            ),
        ));
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    // The name before the current character (across spaces), whether each open `(` holds a
    // function's parameters, and whether the last `)` closed them: a signature may follow.
    let (mut word, mut in_word) = (String::new(), false);
    let mut parameters: Vec<bool> = Vec::new();
    let mut after_parameters = false;
    let mut chars = source.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            if c == '\\' && q != '`' {
                chars.next();
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if after_parameters && !c.is_whitespace() {
            after_parameters = false;
            if c == '<' {
                check_signature(&mut chars, i)?;
                continue;
            }
        }
        if c.is_alphanumeric() || c == '_' {
            if !in_word {
                word.clear();
            }
            word.push(c);
            in_word = true;
        } else {
            in_word = false;
            if !c.is_whitespace() && c != '(' {
                word.clear();
            }
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '/' if chars.peek().map(|&(_, n)| n) == Some('*') => {
                // A comment: skip to its end (an unclosed one is the parser's error to report).
                chars.next();
                let mut prev = ' ';
                for (_, n) in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            '(' | '[' | '{' => {
                if c == '(' {
                    parameters.push(word == "function" || word == "λ");
                    word.clear();
                }
                depth += 1;
                if depth > limits.max_nesting {
                    return Err(JsonataError::new(
                        "S0002",
                        format!(
                            "The expression nests brackets deeper than {} levels",
                            limits.max_nesting
                        ),
                    )
                    .at(i));
                }
            }
            ')' | ']' | '}' => {
                if c == ')' {
                    after_parameters = parameters.pop() == Some(true);
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Reads a function signature (`<n-n:n>`, after its `<`) and refuses a character that is not
/// ASCII: every type symbol is, and jsonata-core's signature parser slices the text by character
/// counts, which panics inside a multi-byte character.
fn check_signature(
    chars: &mut impl Iterator<Item = (usize, char)>,
    start: usize,
) -> Result<(), JsonataError> {
    let mut depth = 1usize;
    for (_, c) in chars {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            _ if !c.is_ascii() => {
                return Err(JsonataError::new(
                    "S0201",
                    format!("The function signature holds '{c}', which is not a type symbol"),
                )
                .at(start));
            }
            _ => {}
        }
        if depth == 0 {
            break;
        }
    }
    Ok(())
}

/// Parses, giving a syntax error the position where the parser stopped: the length of the longest
/// prefix that is still a valid beginning of an expression (one that fails only because it ends).
pub(crate) fn parse(source: &str) -> Result<AstNode, JsonataError> {
    match parser::parse(source) {
        Ok(ast) => Ok(ast),
        Err(e) => {
            // "Invalid syntax: T1006: ..." carries a code inside the variant's prefix.
            let message = e.to_string();
            let message = message.strip_prefix("Invalid syntax: ").unwrap_or(&message);
            let error = JsonataError::from_engine_message(message, fallback_code(&e));
            Err(error.at(error_position(source)))
        }
    }
}

fn fallback_code(e: &parser::ParserError) -> &'static str {
    match e {
        parser::ParserError::InvalidNumber(_) => "S0102",
        parser::ParserError::UnclosedComment => "S0106",
        _ => "S0201",
    }
}

/// True when `prefix` parses, or fails only for running out of input.
fn is_valid_start(prefix: &str) -> bool {
    match parser::parse(prefix) {
        Ok(_) => true,
        Err(e) => {
            let message = e.to_string();
            matches!(
                e,
                parser::ParserError::UnexpectedEnd | parser::ParserError::UnclosedComment
            ) || ["S0203", "S0207", "S0101", "S0105"]
                .iter()
                .any(|code| message.starts_with(code))
        }
    }
}

/// Binary search over character boundaries (a parse error in a prefix stays an error in every
/// longer prefix, except for the "ran out of input" kinds, which `is_valid_start` accepts).
fn error_position(source: &str) -> usize {
    let boundaries: Vec<usize> = source
        .char_indices()
        .map(|(i, _)| i)
        .chain([source.len()])
        .collect();
    let (mut lo, mut hi) = (0usize, boundaries.len() - 1);
    if is_valid_start(source) {
        return hi;
    }
    // Invariant: the prefix of `lo` chars is a valid start; the prefix of `hi` chars is not.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if is_valid_start(&source[..boundaries[mid]]) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    // The offending character is the last one of the shortest invalid prefix; back up over
    // the rest of its token to point at the token's start.
    let chars: Vec<char> = source.chars().collect();
    let mut start = hi.saturating_sub(1);
    while start > 0 && is_name_char(chars[start - 1]) && is_name_char(chars[start]) {
        start -= 1;
    }
    start
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Rewrites a parsed expression before it runs. Every user-defined function counts its calls:
/// `function($a, $b){ body }` becomes `function($a, $b){ ($tick(weight, $a, $b); body) }`, where the tick
/// fails once the call budget is spent or an argument is nested too deeply (the body stays in
/// tail position, so tail calls are still optimised). Calls of the builtins `arguments` checks go
/// through its check, and so do the bounds of ranges. A name the expression binds itself
/// (`$pad := 5`, a parameter `$substring`) is the expression's, not the builtin, and is left alone.
pub(crate) fn instrument(ast: &mut AstNode) {
    let mut bound = BTreeSet::new();
    bound_names(ast, &mut bound);
    instrument_node(ast, &bound);
}

/// The variable names `node` binds anywhere: assigned with `:=`, a function's parameters, a path
/// step's `@$focus` and `#$index`.
fn bound_names(node: &mut AstNode, bound: &mut BTreeSet<String>) {
    match node {
        AstNode::Lambda { params, .. } => bound.extend(params.iter().cloned()),
        AstNode::Binary {
            op: BinaryOp::ColonEqual,
            lhs,
            ..
        } => {
            if let AstNode::Variable(name) = lhs.as_ref() {
                bound.insert(name.clone());
            }
        }
        AstNode::Path { steps } => {
            for step in steps.iter() {
                bound.extend(step.focus.iter().chain(&step.index_var).cloned());
                bound.extend(step.stages.iter().filter_map(|stage| match stage {
                    Stage::Index(name) => Some(name.clone()),
                    _ => None,
                }));
            }
        }
        _ => {}
    }
    for_each_child(node, &mut |child| bound_names(child, bound));
}

fn instrument_node(node: &mut AstNode, bound: &BTreeSet<String>) {
    let checked = |name: &str| !bound.contains(name) && arguments::arity_of(name).is_some();
    let mut recurse = |child: &mut AstNode| instrument_node(child, bound);
    match node {
        AstNode::Lambda {
            body,
            params,
            signature,
            ..
        } => {
            recurse(body);
            let inner = std::mem::replace(body.as_mut(), AstNode::Null);
            let weight = if signature.is_some() {
                SIGNED_CALL_WEIGHT
            } else {
                1
            };
            let args = std::iter::once(AstNode::Number(weight as f64))
                .chain(params.iter().map(|p| AstNode::Variable(p.clone())))
                .collect();
            let tick = AstNode::Function {
                name: TICK.to_string(),
                args,
                is_builtin: true,
            };
            **body = AstNode::Block(vec![tick, inner]);
        }
        AstNode::Variable(name) => {
            // A checked builtin taken as a value (`$f := $fromMillis`) is called checked too.
            if let Some(arity) = arguments::arity_of(name).filter(|_| checked(name)) {
                *node = arguments::checked_lambda(name, arity);
            }
        }
        AstNode::Binary { lhs, rhs, op } => {
            // The name assigned to is not a reference.
            if *op != BinaryOp::ColonEqual {
                recurse(lhs);
            }
            // `x ~> $f(a)` calls `$f(x, a)`: checked, it is that call.
            if let (
                BinaryOp::ChainPipe,
                AstNode::Function {
                    name,
                    args,
                    is_builtin: true,
                },
            ) = (&*op, rhs.as_mut())
            {
                if checked(name) {
                    args.iter_mut().for_each(&mut recurse);
                    let name = name.clone();
                    let mut all = vec![std::mem::replace(lhs.as_mut(), AstNode::Null)];
                    all.append(args);
                    *node = arguments::checked_call(&name, all);
                    return;
                }
            }
            recurse(rhs);
            if *op == BinaryOp::Range {
                for bound in [lhs, rhs] {
                    let inner = std::mem::replace(bound.as_mut(), AstNode::Null);
                    **bound = arguments::checked_range_bound(inner);
                }
            }
        }
        AstNode::Function {
            args,
            name,
            is_builtin,
        } => {
            args.iter_mut().for_each(&mut recurse);
            // `substring(x)` without `$` is not the builtin (JSONata says T1006/T1007).
            if *is_builtin && checked(name) {
                let (name, args) = (name.clone(), std::mem::take(args));
                *node = arguments::checked_call(&name, args);
            }
        }
        _ => for_each_child(node, &mut recurse),
    }
}

/// Calls `f` on each expression directly inside `node`: the one walk over the syntax tree that
/// `bound_names` and `instrument_node` share.
fn for_each_child(node: &mut AstNode, f: &mut impl FnMut(&mut AstNode)) {
    match node {
        AstNode::String(_)
        | AstNode::Name(_)
        | AstNode::Number(_)
        | AstNode::Boolean(_)
        | AstNode::Null
        | AstNode::Undefined
        | AstNode::Placeholder
        | AstNode::Regex { .. }
        | AstNode::ParentVariable(_)
        | AstNode::Wildcard
        | AstNode::Descendant
        | AstNode::Parent(_)
        | AstNode::Variable(_) => {}
        AstNode::Lambda { body, .. } => f(body),
        AstNode::Path { steps } => {
            for step in steps {
                f(&mut step.node);
                for stage in &mut step.stages {
                    if let Stage::Filter(expr) = stage {
                        f(expr);
                    }
                }
            }
        }
        AstNode::Binary { lhs, rhs, .. } => {
            f(lhs);
            f(rhs);
        }
        AstNode::Unary { operand, .. } => f(operand),
        AstNode::Function { args, .. } => args.iter_mut().for_each(f),
        AstNode::Call { procedure, args } => {
            f(procedure);
            args.iter_mut().for_each(f);
        }
        AstNode::Array(items) | AstNode::Block(items) | AstNode::ArrayGroup(items) => {
            items.iter_mut().for_each(f)
        }
        AstNode::Object(pairs) => pairs.iter_mut().for_each(|(k, v)| {
            f(k);
            f(v);
        }),
        AstNode::ObjectTransform { input, pattern } => {
            f(input);
            pattern.iter_mut().for_each(|(k, v)| {
                f(k);
                f(v);
            });
        }
        AstNode::Conditional {
            condition,
            then_branch,
            else_branch,
        } => {
            f(condition);
            f(then_branch);
            if let Some(e) = else_branch {
                f(e);
            }
        }
        AstNode::FunctionApplication(inner) => f(inner),
        AstNode::Sort { input, terms } => {
            f(input);
            terms.iter_mut().for_each(|(t, _)| f(t));
        }
        AstNode::Transform {
            location,
            update,
            delete,
        } => {
            f(location);
            f(update);
            if let Some(d) = delete {
                f(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_point_at_the_offending_token() {
        let pos = |s: &str| parse(s).unwrap_err().position();
        assert_eq!(pos("a.b ]"), Some(4));
        assert_eq!(pos("(1 + 2"), Some(6));
        assert_eq!(pos("foo bar"), Some(4));
        assert_eq!(pos("[1, 2,, 3]"), Some(6));
    }

    #[test]
    fn nesting_is_bounded() {
        let limits = Limits::default();
        let deep = "(".repeat(limits.max_nesting + 1);
        assert_eq!(check_source(&deep, &limits).unwrap_err().code(), "S0002");
        let quoted = format!("'{}'", "(".repeat(limits.max_nesting + 1));
        assert!(check_source(&quoted, &limits).is_ok());
        let commented = format!("/* {} */ 1", "[".repeat(limits.max_nesting + 1));
        assert!(check_source(&commented, &limits).is_ok());
    }
}
