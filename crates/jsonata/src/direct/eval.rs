//! Runs the direct form over a [`Scope`], borrowing what it reads; `None` gives the expression
//! to the engine.

use serde_json::{Map, Value};

use super::ops::{self, Val};
use super::Node;
use crate::scope::{Lookup, Scope};

pub(super) fn evaluate(root: &Node, scope: &dyn Scope, max_depth: usize) -> Option<Option<Value>> {
    ops::output(eval(root, scope)?, max_depth)
}

fn eval<'a>(node: &'a Node, scope: &'a dyn Scope) -> Option<Val<'a>> {
    Some(match node {
        Node::Literal(value) => Val::Ref(value),
        Node::States { field, keys } => {
            let (lookup, used) = scope.states(field, keys);
            walk(lookup, keys.get(used..)?)?
        }
        // An unbound name may be a function (`$string`) or a binding the engine makes itself
        // (`$now`): the engine knows.
        Node::Variable { name, keys } => walk(Lookup::Value(scope.variable(name)?), keys)?,
        Node::Arithmetic(op, lhs, rhs) => ops::arithmetic(*op, &eval(lhs, scope)?, &eval(rhs, scope)?)?,
        Node::Compare(op, lhs, rhs) => ops::compare(*op, &eval(lhs, scope)?, &eval(rhs, scope)?)?,
        // The engine evaluates the right side only when the left does not decide.
        Node::And(lhs, rhs) => match eval(lhs, scope)?.boolean()? {
            false => Val::Bool(false),
            true => Val::Bool(eval(rhs, scope)?.boolean()?),
        },
        Node::Or(lhs, rhs) => match eval(lhs, scope)?.boolean()? {
            true => Val::Bool(true),
            false => Val::Bool(eval(rhs, scope)?.boolean()?),
        },
        Node::Concat(lhs, rhs) => ops::concat(&eval(lhs, scope)?, &eval(rhs, scope)?)?,
        Node::Negate(operand) => match eval(operand, scope)? {
            Val::Undefined => Val::Undefined,
            value => Val::Num(-value.number()?),
        },
        Node::Condition(condition, then, otherwise) => {
            match (eval(condition, scope)?.boolean()?, otherwise) {
                (true, _) => eval(then, scope)?,
                (false, Some(otherwise)) => eval(otherwise, scope)?,
                (false, None) => Val::Undefined,
            }
        }
        Node::Object(members) => {
            let mut object = Map::with_capacity(members.len());
            for (key, member) in members {
                match eval(member, scope)? {
                    Val::Undefined => {}
                    value => {
                        object.insert(key.clone(), value.into_json()?);
                    }
                }
            }
            Val::Own(Value::Object(object))
        }
        Node::Array(items) => {
            let mut array = Vec::with_capacity(items.len());
            for (item, constructor) in items {
                match eval(item, scope)? {
                    Val::Undefined => {}
                    // A path's array is spliced in (its items appended): left to the engine.
                    value if !constructor && value.is_array() => return None,
                    value => array.push(value.into_json()?),
                }
            }
            Val::Own(Value::Array(array))
        }
        // A variable named like the function hides it (and calling a value is an error).
        Node::Merge(_) | Node::Exists(_) if shadowed(node, scope) => return None,
        Node::Merge(arg) => ops::merge(eval(arg, scope)?)?,
        Node::Exists(arg) => Val::Bool(!matches!(eval(arg, scope)?, Val::Undefined)),
    })
}

fn shadowed(node: &Node, scope: &dyn Scope) -> bool {
    let name = match node {
        Node::Merge(_) => "merge",
        _ => "exists",
    };
    scope.variable(name).is_some()
}

/// Follows `keys` down objects. A missing key is undefined; stepping into anything but an
/// object (an array maps the step over its items, a scalar selects nothing) is the engine's.
fn walk<'a>(lookup: Lookup<'a>, keys: &[String]) -> Option<Val<'a>> {
    match lookup {
        Lookup::Value(value) => walk_ref(value, keys),
        Lookup::Owned(value) => Some(match walk_ref(&value, keys)? {
            Val::Ref(found) => Val::Own(found.clone()),
            _ => Val::Undefined,
        }),
        Lookup::Undefined => Some(Val::Undefined),
        Lookup::Unknown => None,
    }
}

fn walk_ref<'a>(mut value: &'a Value, keys: &[String]) -> Option<Val<'a>> {
    for key in keys {
        match value {
            Value::Object(members) => match member(members, key) {
                Some(member) => value = member,
                None => return Some(Val::Undefined),
            },
            _ => return None,
        }
    }
    Some(Val::Ref(value))
}

/// `members[key]`. Most objects a state reads have a few keys: comparing them costs less than
/// hashing the key (SipHash, as serde_json's maps use).
fn member<'a>(members: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if members.len() <= 8 {
        members.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    } else {
        members.get(key)
    }
}
