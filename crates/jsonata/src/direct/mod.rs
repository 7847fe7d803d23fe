//! The direct evaluator: a small tree for the expressions Step Functions definitions write most
//! (paths below `$states` and variables, arithmetic, comparisons, constructors, `$merge`), read
//! in place from a [`Scope`] with no engine set-up. It never decides a case it does not mirror
//! exactly: it gives up, and the engine evaluates the expression, errors and all.

mod compile;
mod eval;
mod ops;
#[cfg(test)]
mod tests;

use jsonata_core::ast::AstNode;
use serde_json::Value;

use crate::scope::Scope;

/// An expression the direct evaluator can run (see `compile` for what it covers).
#[derive(Debug)]
pub(crate) struct Direct {
    root: Node,
}

/// The terms of the direct form.
#[derive(Debug)]
enum Node {
    /// A literal (number, string, boolean, null).
    Literal(Value),
    /// `$states.field.key...`
    States { field: String, keys: Vec<String> },
    /// `$name.key...`
    Variable { name: String, keys: Vec<String> },
    /// `a + b`, `a - b`, `a * b`, `a / b`, `a % b`
    Arithmetic(Arith, Box<Node>, Box<Node>),
    /// `a = b`, `a != b`, `a < b`, `a <= b`, `a > b`, `a >= b`
    Compare(Compare, Box<Node>, Box<Node>),
    /// `a and b`
    And(Box<Node>, Box<Node>),
    /// `a or b`
    Or(Box<Node>, Box<Node>),
    /// `a & b`
    Concat(Box<Node>, Box<Node>),
    /// `-a`
    Negate(Box<Node>),
    /// `c ? a : b` and `c ? a`
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    /// `{"key": value, ...}` with literal keys, none twice.
    Object(Vec<(String, Node)>),
    /// `[item, ...]`; each item says whether it is itself an array constructor.
    Array(Vec<(Node, bool)>),
    /// `$merge(arg)`
    Merge(Box<Node>),
    /// `$exists(arg)`
    Exists(Box<Node>),
}

#[derive(Debug, Clone, Copy)]
enum Arith {
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

#[derive(Debug, Clone, Copy)]
enum Compare {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Direct {
    /// The direct form of `ast` (the tree as parsed, before the facade instruments it), or
    /// `None` when the expression uses anything it does not cover.
    pub(crate) fn compile(ast: &AstNode) -> Option<Direct> {
        compile::node(ast).map(|root| Direct { root })
    }

    /// Evaluates with no context item, as Step Functions does. `None` means "the engine must
    /// decide"; `Some(None)` is JSONata's undefined. Results are JSON as the facade writes the
    /// engine's, nested at most `max_depth` deep.
    pub(crate) fn evaluate(&self, scope: &dyn Scope, max_depth: usize) -> Option<Option<Value>> {
        eval::evaluate(&self.root, scope, max_depth)
    }
}
