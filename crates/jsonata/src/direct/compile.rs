//! From jsonata-core's syntax tree to the direct form: only the terms whose meaning the direct
//! evaluator mirrors; anything else (functions but `$merge` and `$exists`, filters, wildcards,
//! bindings, lambdas, the context item, ...) leaves the whole expression to the engine.

use jsonata_core::ast::{AstNode, BinaryOp, PathStep, UnaryOp};
use serde_json::Value;

use super::{Arith, Compare, Node};

/// Deepest tree compiled. Deeper expressions (`1+1+...` hundreds of times) are the engine's, whose
/// recursion is bounded (`Limits::max_depth`); the direct evaluator's is bounded by this.
const MAX_DEPTH: usize = 64;

pub(super) fn node(ast: &AstNode) -> Option<Node> {
    term(ast, MAX_DEPTH)
}

fn term(ast: &AstNode, depth_left: usize) -> Option<Node> {
    let d = depth_left.checked_sub(1)?;
    Some(match ast {
        AstNode::String(s) => Node::Literal(Value::String(s.clone())),
        // A literal beyond f64 (`1e400`) is the engine's to report.
        AstNode::Number(n) => Node::Literal(crate::convert::number(*n).ok()?),
        AstNode::Boolean(b) => Node::Literal(Value::Bool(*b)),
        AstNode::Null => Node::Literal(Value::Null),
        // `$` (the context item) and `$states` alone are the engine's.
        AstNode::Variable(name) if name.is_empty() || name == "states" => return None,
        AstNode::Variable(name) => Node::Variable {
            name: name.clone(),
            keys: Vec::new(),
        },
        AstNode::Path { steps } => path(steps)?,
        AstNode::Binary { op, lhs, rhs } => binary(*op, term(lhs, d)?, term(rhs, d)?)?,
        AstNode::Unary {
            op: UnaryOp::Negate,
            operand,
        } => Node::Negate(Box::new(term(operand, d)?)),
        AstNode::Conditional {
            condition,
            then_branch,
            else_branch,
        } => Node::Condition(
            Box::new(term(condition, d)?),
            Box::new(term(then_branch, d)?),
            match else_branch {
                Some(other) => Some(Box::new(term(other, d)?)),
                None => None,
            },
        ),
        // `(a)`: a block of one expression is that expression.
        AstNode::Block(items) if items.len() == 1 => term(&items[0], d)?,
        AstNode::Object(pairs) => {
            let mut members: Vec<(String, Node)> = Vec::with_capacity(pairs.len());
            for (key, value) in pairs {
                let AstNode::String(key) = key else {
                    return None;
                };
                // A key given twice is an error (D1009) the engine reports.
                if members.iter().any(|(k, _)| k == key) {
                    return None;
                }
                members.push((key.clone(), term(value, d)?));
            }
            Node::Object(members)
        }
        AstNode::Array(items) => Node::Array(
            items
                .iter()
                .map(|item| Some((term(item, d)?, matches!(item, AstNode::Array(_)))))
                .collect::<Option<_>>()?,
        ),
        AstNode::Function {
            name,
            args,
            is_builtin: true,
        } if args.len() == 1 => match name.as_str() {
            "merge" => Node::Merge(Box::new(term(&args[0], d)?)),
            "exists" => Node::Exists(Box::new(term(&args[0], d)?)),
            _ => return None,
        },
        _ => return None,
    })
}

/// `$name.key.key...` with plain names only (no filters, bindings or other stages).
fn path(steps: &[PathStep]) -> Option<Node> {
    let (first, rest) = steps.split_first()?;
    if !plain(first) {
        return None;
    }
    let AstNode::Variable(name) = &first.node else {
        return None;
    };
    let mut keys = Vec::with_capacity(rest.len());
    for step in rest {
        match &step.node {
            AstNode::Name(key) if plain(step) => keys.push(key.clone()),
            _ => return None,
        }
    }
    match name.as_str() {
        "" => None,
        "states" => {
            let (field, keys) = keys.split_first()?;
            Some(Node::States {
                field: field.clone(),
                keys: keys.to_vec(),
            })
        }
        _ => Some(Node::Variable {
            name: name.clone(),
            keys,
        }),
    }
}

fn plain(step: &PathStep) -> bool {
    step.stages.is_empty()
        && step.focus.is_none()
        && step.index_var.is_none()
        && step.ancestor_label.is_none()
        && !step.is_tuple
        && !step.inner_tuple
}

fn binary(op: BinaryOp, lhs: Node, rhs: Node) -> Option<Node> {
    let (lhs, rhs) = (Box::new(lhs), Box::new(rhs));
    Some(match op {
        BinaryOp::Add => Node::Arithmetic(Arith::Add, lhs, rhs),
        BinaryOp::Subtract => Node::Arithmetic(Arith::Subtract, lhs, rhs),
        BinaryOp::Multiply => Node::Arithmetic(Arith::Multiply, lhs, rhs),
        BinaryOp::Divide => Node::Arithmetic(Arith::Divide, lhs, rhs),
        BinaryOp::Modulo => Node::Arithmetic(Arith::Modulo, lhs, rhs),
        BinaryOp::Equal => Node::Compare(Compare::Equal, lhs, rhs),
        BinaryOp::NotEqual => Node::Compare(Compare::NotEqual, lhs, rhs),
        BinaryOp::LessThan => Node::Compare(Compare::Less, lhs, rhs),
        BinaryOp::LessThanOrEqual => Node::Compare(Compare::LessOrEqual, lhs, rhs),
        BinaryOp::GreaterThan => Node::Compare(Compare::Greater, lhs, rhs),
        BinaryOp::GreaterThanOrEqual => Node::Compare(Compare::GreaterOrEqual, lhs, rhs),
        BinaryOp::And => Node::And(lhs, rhs),
        BinaryOp::Or => Node::Or(lhs, rhs),
        BinaryOp::Concatenate => Node::Concat(lhs, rhs),
        _ => return None,
    })
}
