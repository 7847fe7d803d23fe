//! Where an expression's variables come from when the caller holds them in place: `$states`
//! and the workflow variables are read where they are, and copied only for the engine.

use serde_json::Value;

use crate::{Bindings, References};

/// What a lookup in a [`Scope`] found.
#[derive(Debug)]
pub enum Lookup<'a> {
    /// The value, where the scope holds it.
    Value(&'a Value),
    /// A value the scope built for this lookup (a part of the Context object, say).
    Owned(Value),
    /// Nothing is there: JSONata's undefined.
    Undefined,
    /// The scope cannot say as JSONata would (`$states` bound to something not an object):
    /// the engine evaluates the expression.
    Unknown,
}

/// The variables an expression sees, read in place. [`crate::Expression::evaluate_in`] reads
/// them through this trait; only when the engine has to evaluate the expression does it ask
/// for [`Scope::bindings`], which copies what the expression names.
pub trait Scope {
    /// `$states.<field>` followed by `keys`, or as much of it as the scope resolves itself: the
    /// lookup and how many of `keys` it consumed (the caller walks the rest). A scope that holds
    /// `field` as a value returns it with 0; one that builds it (the Context object) may go
    /// further down `keys` so as to build only what is read.
    fn states(&self, field: &str, keys: &[String]) -> (Lookup<'_>, usize);

    /// The variable `$name` (not `$states`), when it is bound.
    fn variable(&self, name: &str) -> Option<&Value>;

    /// The bindings for the engine: `$states` and the variables an expression that reads
    /// `references` needs.
    fn bindings(&self, references: &References) -> Bindings;
}

/// [`Bindings`] as a scope: `$states` is the binding named `states`.
impl Scope for Bindings {
    fn states(&self, field: &str, _keys: &[String]) -> (Lookup<'_>, usize) {
        match self.get("states") {
            Some(Value::Object(states)) => match states.get(field) {
                Some(value) => (Lookup::Value(value), 0),
                None => (Lookup::Undefined, 0),
            },
            Some(_) => (Lookup::Unknown, 0),
            None => (Lookup::Undefined, 0),
        }
    }

    fn variable(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }

    fn bindings(&self, _references: &References) -> Bindings {
        self.clone()
    }
}
