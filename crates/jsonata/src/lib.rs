//! JSONata for sfn-lab: parse once, evaluate against JSON with variables, AWS Step Functions'
//! extra functions, a caller-provided clock and randomness, and limits on the work done.
//!
//! ```
//! use jsonata::{Bindings, Environment, Expression};
//! use serde_json::json;
//!
//! let expr = Expression::parse("$sum($states.input.items.price) & ' at ' & $now()").unwrap();
//! let bindings = Bindings::new().with("states", json!({"input": {"items": [{"price": 2}, {"price": 3}]}}));
//! let mut env = Environment::new(1_700_000_000_000, 42); // virtual clock, random seed
//! let result = expr.evaluate(&json!({}), &bindings, &mut env).unwrap();
//! assert_eq!(result, Some(json!("5 at 2023-11-14T22:13:20.000Z")));
//!
//! // Undefined is not null: AWS reports "returned nothing (undefined)".
//! let nothing = Expression::parse("$states.input.missing").unwrap();
//! assert_eq!(nothing.evaluate(&json!({}), &bindings, &mut env).unwrap(), None);
//! ```
//!
//! The engine behind the facade is `jsonata-core` (see `docs/jsonata.md` for why); nothing of it
//! appears in this API, so it can be replaced without changing callers.
// Unsafe code only in the counting allocator (budget.rs), which must implement `GlobalAlloc`.
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod arguments;
mod aws;
mod budget;
mod convert;
mod direct;
mod env;
mod error;
mod guard;
mod references;
mod scope;

use std::cell::Cell;
use std::rc::Rc;

use jsonata_core::ast::AstNode;
use jsonata_core::evaluator::{Context, Evaluator, EvaluatorError, EvaluatorOptions};
use jsonata_core::value::JValue;
use serde_json::Value;

pub use budget::BudgetAllocator;
pub use env::{Bindings, Environment, Limits, Random};
pub use error::JsonataError;
pub use references::{References, StatesField};
pub use scope::{Lookup, Scope};

/// A parsed JSONata expression (the text between `{%` and `%}`), ready to evaluate many times.
#[derive(Debug)]
pub struct Expression {
    source: String,
    ast: AstNode,
    /// The definition of `$now` (see `aws::NOW_SOURCE`), parsed once with the expression.
    now_ast: AstNode,
    /// What the expression reads from outside itself.
    references: References,
    /// Whether the source may hold a range (`[a..b]`), whose bounds are checked (a `..` in a
    /// string also counts: registering the check for nothing costs little).
    ranges: bool,
    /// The direct form, when the expression is one the direct evaluator covers.
    direct: Option<direct::Direct>,
}

impl Expression {
    /// Parses `source` with the default [`Limits`]. A syntax error carries JSONata's code (`S0201`,
    /// `S0202`, ...) and the character position where parsing stopped.
    pub fn parse(source: &str) -> Result<Expression, JsonataError> {
        Self::parse_with_limits(source, &Limits::default())
    }

    /// Parses `source`, rejecting sources beyond `limits` (length, bracket nesting).
    pub fn parse_with_limits(source: &str, limits: &Limits) -> Result<Expression, JsonataError> {
        guard::check_source(source, limits)?;
        let mut ast = guard::parse(source)?;
        let references = References::of(&ast);
        let direct = direct::Direct::compile(&ast);
        guard::instrument(&mut ast);
        let mut now_ast = guard::parse(aws::NOW_SOURCE)?;
        guard::instrument(&mut now_ast);
        Ok(Expression {
            source: source.to_string(),
            ast,
            now_ast,
            references,
            ranges: source.contains(".."),
            direct,
        })
    }

    /// The source text this expression was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The variables, `$states` fields and top-level names the expression reads.
    pub fn references(&self) -> &References {
        &self.references
    }

    /// Evaluates against `input` (JSONata's context `$`), with `bindings` as variables.
    /// `Ok(None)` is JSONata's *undefined*: the expression selected nothing.
    pub fn evaluate(
        &self,
        input: &Value,
        bindings: &Bindings,
        env: &mut Environment,
    ) -> Result<Option<Value>, JsonataError> {
        self.evaluate_input(Some(input), bindings, env)
    }

    /// Evaluates with no context item (as Step Functions does), reading `$states` and the
    /// variables from `scope` in place. Most expressions of a definition are paths, arithmetic
    /// and constructors, which the direct evaluator runs without setting up the engine or
    /// copying what they read; any other expression, and any case the direct evaluator does
    /// not mirror exactly (errors included), is evaluated by the engine over
    /// [`Scope::bindings`], so results and errors are the engine's either way.
    pub fn evaluate_in(
        &self,
        scope: &dyn Scope,
        env: &mut Environment,
    ) -> Result<Option<Value>, JsonataError> {
        if let Some(result) = self.evaluate_direct(scope, env) {
            return Ok(result);
        }
        let bindings = scope.bindings(&self.references);
        self.evaluate(&Value::Null, &bindings, env)
    }

    /// The direct evaluator's result, or `None` when the engine must evaluate the expression.
    fn evaluate_direct(&self, scope: &dyn Scope, env: &Environment) -> Option<Option<Value>> {
        let direct = self.direct.as_ref()?;
        let limits = &env.limits;
        // Metered as the engine is: copies of large values (`[$big, $big, ...]`) or long
        // concatenations past a limit give up, and the engine reports the limit.
        let metered = budget::Metered::start(limits.max_bytes_built, limits.max_bytes_held);
        let result = direct.evaluate(scope, limits.max_value_depth)?;
        metered.exceeded().is_none().then_some(result)
    }

    /// Like [`Expression::evaluate`], where `None` makes the input itself undefined.
    pub fn evaluate_input(
        &self,
        input: Option<&Value>,
        bindings: &Bindings,
        env: &mut Environment,
    ) -> Result<Option<Value>, JsonataError> {
        let limits = &env.limits;
        let metered = budget::Metered::start(limits.max_bytes_built, limits.max_bytes_held);
        let state = Rc::new(aws::HostState {
            random: Cell::new(env.random),
            calls: Cell::new(0),
            max_calls: limits.max_function_calls,
            now_millis: env.now_millis,
            max_sequence_length: limits.max_sequence_length,
            max_value_depth: limits.max_value_depth,
        });
        let options = EvaluatorOptions {
            max_stack_depth: Some(limits.max_depth),
            max_sequence_length: Some(limits.max_sequence_length),
            cancel: Some(metered.token()),
            ..EvaluatorOptions::default()
        };

        let mut context = Context::new();
        for (name, value) in bindings.iter() {
            context.bind(name.to_string(), convert::to_engine(value));
        }
        // `$now` as a function of `$millis`, unless the caller binds `$now` itself; made only
        // for expressions that name it, as making it costs a second evaluator.
        if bindings.get("now").is_none() && self.references.mentions("now") {
            context.bind("now".to_string(), now_function(&self.now_ast, &state, &options)?);
        }

        let mut ev = Evaluator::with_options(context, options);
        // `$now` calls `$millis` where it is called, so naming one needs both.
        let refs = &self.references;
        let checked = arguments::needed_by(refs);
        let wanted = |name: &str| {
            refs.mentions(name)
                || (name == "millis" && refs.mentions("now"))
                || (checked && name == arguments::ARGUMENTS_CHECK)
                || (self.ranges && name == arguments::RANGE_CHECK)
        };
        aws::register(&mut ev, &state, wanted).map_err(engine_error)?;
        let data = input.map(convert::to_engine).unwrap_or(JValue::Undefined);
        let result = ev.evaluate(&self.ast, &data);
        env.random = state.random.get();
        let value = result
            .map_err(engine_error)
            .and_then(|value| convert::from_engine(&value, limits.max_value_depth));
        // The engine may finish its last step after the allocator cancelled it, or report the
        // cancellation as its own U1003: either way the limit is the reason.
        match metered.exceeded() {
            Some(exceeded) => Err(JsonataError::new("D1012", budget::message(exceeded))),
            None => value,
        }
    }
}

/// The lambda bound to `$now` (see `aws::NOW_SOURCE`), made by evaluating its definition.
fn now_function(
    ast: &AstNode,
    state: &Rc<aws::HostState>,
    options: &EvaluatorOptions,
) -> Result<JValue, JsonataError> {
    let mut ev = Evaluator::with_options(Context::new(), options.clone());
    aws::register(&mut ev, state, |name| {
        name == "millis" || name == arguments::ARGUMENTS_CHECK
    })
    .map_err(engine_error)?;
    ev.evaluate(ast, &JValue::Undefined).map_err(engine_error)
}

fn engine_error(e: EvaluatorError) -> JsonataError {
    let fallback = match e {
        EvaluatorError::TypeError(_) => "T0410",
        EvaluatorError::ReferenceError(_) => "T1005",
        _ => "D3000",
    };
    JsonataError::from_engine_message(e.message(), fallback)
}

#[cfg(test)]
mod tests;
