//! The Choice state: picks the next state from rules over its input.
//!
//! The rules are tried in order against the effective input (after
//! InputPath); the first that matches gives the next state, else `Default`.
//! The state's output is its effective input, after OutputPath: a Choice has
//! no Parameters, Result or ResultPath.

pub mod comparison;
pub mod rule;

use super::{Outcome, Target};
use crate::dataflow::input_path::InputPath;
use crate::dataflow::output_path::OutputPath;
use crate::dataflow::Scope;
use crate::definition::fields::{kind_of, Fields, Transition};
use crate::diagnostic::{codes, Diagnostic};
use crate::error::StepError;
use crate::trace::DataFlow;
use crate::variables::Assign;
use rule::Rule;
use serde_json::Value;
use std::sync::Arc;

/// A Choice state's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Selects the part of the raw input the rules look at.
    pub input_path: InputPath,
    /// Selects what moves on.
    pub output_path: OutputPath,
    /// The entries of `Choices`, one per array element, in order.
    pub choices: Vec<Branch>,
    /// Where to go when no rule matches.
    pub default: Option<String>,
    /// Variables to set when no rule matches and Default is taken.
    pub assign: Option<Assign>,
}

/// One entry of `Choices`: a rule and the state it leads to.
///
/// Both parts are present in every machine that passed validation; they are
/// optional only so that a broken entry still keeps its place (and its `Next`
/// still counts as a transition) while the definition's problems are collected.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// The rule, when it is valid.
    pub rule: Option<Rule>,
    /// The state to go to when the rule matches.
    pub next: Option<String>,
    /// Variables to set when the rule matches.
    pub assign: Option<Assign>,
}

const FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "InputPath",
    "OutputPath",
    "Choices",
    "Default",
    "Assign",
];

/// AWS's cause when no rule matches and there is no Default: the state has nowhere to go,
/// which AWS reports as a runtime failure (not `States.NoChoiceMatched`).
const NO_TRANSITION: &str =
    "Failed to transition out of the state. The state does not point to a next state.";

impl Choice {
    /// Reads a Choice state's fields.
    pub fn parse(fields: &mut Fields<'_>) -> Choice {
        // End, Next (outside Choices), Result, ResultPath, Parameters... are all refused here.
        fields.reject_unknown(FIELDS, "a Choice state");
        Choice {
            input_path: fields.input_path(),
            output_path: fields.output_path(),
            choices: read_choices(fields),
            default: fields.string("Default"),
            assign: Assign::read(fields),
        }
    }

    /// Every state this Choice can go to (its rules' `Next` and its `Default`).
    pub fn targets(&self) -> Vec<Target<'_>> {
        let mut targets: Vec<Target<'_>> = self
            .choices
            .iter()
            .enumerate()
            .filter_map(|(i, branch)| {
                branch.next.as_deref().map(|name| Target {
                    field: format!("Choices/{i}/Next"),
                    name,
                })
            })
            .collect();
        targets.extend(self.default.as_deref().map(|name| Target {
            field: "Default".into(),
            name,
        }));
        targets
    }

    /// Evaluates the rules and goes to the first match, or Default. `input` is the raw input,
    /// the `$` of `scope`.
    pub fn run(&self, input: &Arc<Value>, scope: Scope<'_>, flow: &mut DataFlow) -> Outcome {
        match self.decide(input, scope, flow) {
            Ok((output, next)) => Outcome::Exited {
                output,
                transition: Transition::Next(next),
            },
            Err(error) => Outcome::StepFailed(error),
        }
    }

    fn decide(
        &self,
        input: &Arc<Value>,
        scope: Scope<'_>,
        flow: &mut DataFlow,
    ) -> Result<(Arc<Value>, String), StepError> {
        // The input moves on as it came unless InputPath or OutputPath picks a part of it.
        let effective = self.input_path.apply_shared(scope, input)?;
        flow.after_input_path = Some(Arc::clone(&effective));
        let scope = Scope {
            input: &effective,
            ..scope
        };
        let (matched, next) = self.next_state(scope)?;
        flow.matched_rule = matched;
        let next = next.to_string();
        let output = self.output_path.apply_shared(scope, Arc::clone(&effective))?;
        flow.output = Some(Arc::clone(&output));
        Ok((output, next))
    }

    /// The `Next` of the first matching rule, else the Default.
    fn next_state(&self, scope: Scope<'_>) -> Result<(Option<usize>, &str), StepError> {
        for (i, branch) in self.choices.iter().enumerate() {
            if let (Some(rule), Some(next)) = (&branch.rule, &branch.next) {
                if rule.matches(scope)? {
                    return Ok((Some(i), next));
                }
            }
        }
        let default = self
            .default
            .as_deref()
            .ok_or_else(|| StepError::runtime(NO_TRANSITION))?;
        Ok((None, default))
    }

    /// The Assign that applies: the matching rule's, or the state's own when Default was taken.
    pub fn assign_for(&self, matched_rule: Option<usize>) -> Option<&Assign> {
        match matched_rule {
            Some(i) => self.choices.get(i).and_then(|branch| branch.assign.as_ref()),
            None => self.assign.as_ref(),
        }
    }
}

/// Reads `Choices`: a non-empty array of rules, each with a `Next`.
fn read_choices(fields: &mut Fields<'_>) -> Vec<Branch> {
    let pointer = fields.pointer_of("Choices");
    let items = match fields.raw("Choices") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) => {
            fields.problem(
                "Choices",
                "'Choices' must hold at least one rule, such as {\"Variable\": \"$.status\", \
                 \"StringEquals\": \"done\", \"Next\": \"Finish\"}"
                    .to_string(),
            );
            return Vec::new();
        }
        Some(other) => {
            fields.problem(
                "Choices",
                format!(
                    "'Choices' must be an array of Choice rules, not {}",
                    kind_of(other)
                ),
            );
            return Vec::new();
        }
        None => {
            let state = pointer.strip_suffix("/Choices").unwrap_or_default().to_string();
            fields.problems().push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                state,
                "A Choice state is missing the required field 'Choices': an array of rules, each \
                 with the 'Next' state to go to when it matches",
            ));
            return Vec::new();
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let here = format!("{pointer}/{i}");
            let (rule, next) = rule::read(item, &here, true, fields.problems());
            let assign = item
                .as_object()
                .and_then(|map| Assign::read(&mut Fields::new(map, here, fields.problems())));
            Branch { rule, next, assign }
        })
        .collect()
}
