//! Structure rules: what a learner's definition must (or must not) contain where a lesson teaches a
//! construct — "the state `Wait 3 sec` is a Wait of 3 seconds", "a Task retries States.TaskFailed".

use crate::json_diff::{diff, Strictness};
use serde::Deserialize;
use serde_json::Value;

/// One rule, as lesson.json writes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RuleText {
    /// The state that must exist and match (the matcher's fields are then written beside it).
    #[serde(default)]
    state: Option<String>,
    /// At least one state must match.
    #[serde(default)]
    some_state: Option<Matcher>,
    /// No state may match.
    #[serde(default)]
    no_state: Option<Matcher>,
    /// Why the lesson asks for this; shown when the rule fails.
    #[serde(default)]
    why: Option<String>,
    #[serde(default, rename = "type")]
    state_type: Option<String>,
    #[serde(default)]
    with: Option<Value>,
    #[serde(default)]
    has: Vec<String>,
    #[serde(default)]
    lacks: Vec<String>,
    #[serde(default)]
    resource: Option<String>,
    #[serde(default)]
    retries: Option<RetryNeed>,
    #[serde(default)]
    catches: Option<String>,
    #[serde(default)]
    catches_to: Option<String>,
    #[serde(default)]
    assigns: Option<String>,
    #[serde(default)]
    reads: Option<String>,
}

/// What a state must be like; every field given must hold.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Matcher {
    /// The state's `Type`.
    #[serde(default, rename = "type")]
    pub state_type: Option<String>,
    /// Fields with these values (objects compared by inclusion).
    #[serde(default)]
    pub with: Option<Value>,
    /// Fields that must be present.
    #[serde(default)]
    pub has: Vec<String>,
    /// Fields that must be absent.
    #[serde(default)]
    pub lacks: Vec<String>,
    /// Text the `Resource` must contain.
    #[serde(default)]
    pub resource: Option<String>,
    /// A Retrier it must have.
    #[serde(default)]
    pub retries: Option<RetryNeed>,
    /// An error a Catcher must cover.
    #[serde(default)]
    pub catches: Option<String>,
    /// Where that Catcher must go.
    #[serde(default)]
    pub catches_to: Option<String>,
    /// A variable it must assign.
    #[serde(default)]
    pub assigns: Option<String>,
    /// Text one of its string values must contain.
    #[serde(default)]
    pub reads: Option<String>,
}

/// A Retrier a state must have.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RetryNeed {
    /// An error its ErrorEquals must cover.
    pub error: String,
    /// The least MaxAttempts (AWS's default is 3).
    #[serde(default)]
    pub at_least: Option<u64>,
    /// BackoffRate must be above this (AWS's default is 2.0).
    #[serde(default)]
    pub backoff_rate_above: Option<f64>,
    /// JitterStrategy must be this (`FULL`).
    #[serde(default)]
    pub jitter: Option<String>,
}

/// Which states a rule is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// The state of this name must exist and match.
    Named(String),
    /// Some state must match.
    Some,
    /// No state may match.
    None,
}

/// A rule, read and checked for sense.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Which states.
    pub scope: Scope,
    /// What they must be like.
    pub matcher: Matcher,
    /// Why the lesson asks.
    pub why: Option<String>,
}

/// How a rule fared on a definition.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RuleOutcome {
    /// The rule in words: "the state `Wait 3 sec` is a Wait with Seconds = 3".
    pub description: String,
    /// Whether it holds.
    pub passed: bool,
    /// What was found instead, then why it matters.
    pub problem: Option<String>,
}

impl RuleText {
    /// The rule, or what is wrong with how it is written.
    pub fn read(self) -> Result<Rule, String> {
        let inline = Matcher {
            state_type: self.state_type,
            with: self.with,
            has: self.has,
            lacks: self.lacks,
            resource: self.resource,
            retries: self.retries,
            catches: self.catches,
            catches_to: self.catches_to,
            assigns: self.assigns,
            reads: self.reads,
        };
        let (scope, matcher) = match (self.state, self.some_state, self.no_state) {
            (Some(name), None, None) => (Scope::Named(name), inline),
            (None, Some(matcher), None) if inline == Matcher::default() => (Scope::Some, matcher),
            (None, None, Some(matcher)) if inline == Matcher::default() => (Scope::None, matcher),
            (None, None, None) => return Err("a rule needs one of 'state', 'someState' or 'noState'".into()),
            (None, _, _) => {
                return Err(
                    "matcher fields go inside 'someState' or 'noState'; beside them only 'why' is allowed"
                        .into(),
                )
            }
            _ => return Err("a rule takes only one of 'state', 'someState' or 'noState'".into()),
        };
        if matcher == Matcher::default() && !matches!(scope, Scope::Named(_)) {
            return Err("the matcher is empty: give at least one of type, with, has, lacks, resource, retries, catches, assigns, reads".into());
        }
        if matcher.catches_to.is_some() && matcher.catches.is_none() {
            return Err("'catchesTo' needs 'catches'".into());
        }
        if matches!(&matcher.with, Some(w) if !w.is_object()) {
            return Err("'with' must be an object of fields and values".into());
        }
        Ok(Rule {
            scope,
            matcher,
            why: self.why,
        })
    }
}

/// Every state of a definition, nested ones (Parallel branches, Map processors) included.
pub fn all_states(definition: &Value) -> Vec<(&str, &Value)> {
    let mut out = Vec::new();
    collect_states(definition, &mut out);
    out
}

fn collect_states<'a>(graph: &'a Value, out: &mut Vec<(&'a str, &'a Value)>) {
    let Some(states) = graph.get("States").and_then(Value::as_object) else {
        return;
    };
    for (name, state) in states {
        out.push((name.as_str(), state));
        for branch in state
            .get("Branches")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect_states(branch, out);
        }
        for key in ["ItemProcessor", "Iterator"] {
            if let Some(processor) = state.get(key) {
                collect_states(processor, out);
            }
        }
    }
}

impl Matcher {
    /// The matcher in words, after "a state" / "the state `X` is": "a Task that retries ...".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let noun = match &self.state_type {
            Some(t) => format!("a {t}"),
            None => "a state".to_string(),
        };
        if let Some(Value::Object(with)) = &self.with {
            let fields: Vec<String> = with.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            parts.push(format!("with {}", fields.join(", ")));
        }
        if !self.has.is_empty() {
            parts.push(format!("that has {}", self.has.join(" and ")));
        }
        if !self.lacks.is_empty() {
            parts.push(format!("without {}", self.lacks.join(" or ")));
        }
        if let Some(resource) = &self.resource {
            parts.push(format!("whose Resource contains `{resource}`"));
        }
        if let Some(retry) = &self.retries {
            let mut text = format!("that retries {}", retry.error);
            if let Some(least) = retry.at_least {
                text.push_str(&format!(" at least {least} times"));
            }
            if let Some(rate) = retry.backoff_rate_above {
                text.push_str(&format!(" with a BackoffRate above {rate}"));
            }
            if let Some(jitter) = &retry.jitter {
                text.push_str(&format!(" and JitterStrategy {jitter}"));
            }
            parts.push(text);
        }
        if let Some(error) = &self.catches {
            let mut text = format!("that catches {error}");
            if let Some(next) = &self.catches_to {
                text.push_str(&format!(" and goes to `{next}`"));
            }
            parts.push(text);
        }
        if let Some(variable) = &self.assigns {
            parts.push(format!("that assigns the variable `{variable}`"));
        }
        if let Some(text) = &self.reads {
            parts.push(format!("that reads `{text}`"));
        }
        if parts.is_empty() {
            noun
        } else {
            format!("{noun} {}", parts.join(", "))
        }
    }

    /// Why `state` does not match, one reason per unmet part; empty when it matches.
    pub fn mismatches(&self, state: &Value) -> Vec<String> {
        let mut reasons = Vec::new();
        let actual_type = state
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or("state without a Type");
        if let Some(wanted) = &self.state_type {
            if actual_type != wanted {
                reasons.push(format!("it is a {actual_type}"));
            }
        }
        if let Some(with) = &self.with {
            for difference in diff(with, state, Strictness::Includes) {
                let field = difference.path.trim_start_matches("$.").trim_start_matches('$');
                reasons.push(match difference.actual {
                    Some(actual) => format!("its {field} is {actual}"),
                    None => format!("it has no {field}"),
                });
            }
        }
        for field in &self.has {
            if state.get(field).is_none() {
                reasons.push(format!("it has no {field}"));
            }
        }
        for field in &self.lacks {
            if state.get(field).is_some() {
                reasons.push(format!("it has a {field}"));
            }
        }
        if let Some(wanted) = &self.resource {
            let resource = state.get("Resource").and_then(Value::as_str);
            if !resource.is_some_and(|r| r.contains(wanted.as_str())) {
                reasons.push(match resource {
                    Some(r) => format!("its Resource is `{r}`"),
                    None => "it has no Resource".to_string(),
                });
            }
        }
        if let Some(need) = &self.retries {
            if let Some(reason) = retry_mismatch(need, state) {
                reasons.push(reason);
            }
        }
        if let Some(error) = &self.catches {
            let catchers = list(state, "Catch");
            let covering: Vec<&Value> = catchers.iter().filter(|c| covers(c, error)).copied().collect();
            match (&self.catches_to, covering.first()) {
                (_, None) => reasons.push(format!("no Catcher covers {error}")),
                (Some(next), Some(first)) if !covering.iter().any(|c| next_of(c) == Some(next)) => {
                    let went = next_of(first).unwrap_or("nowhere");
                    reasons.push(format!("its Catcher for {error} goes to `{went}`"));
                }
                _ => {}
            }
        }
        if let Some(variable) = &self.assigns {
            if !assigns(state, variable) {
                reasons.push(format!("it assigns no variable `{variable}`"));
            }
        }
        if let Some(text) = &self.reads {
            if !mentions(state, text) {
                reasons.push(format!("`{text}` appears nowhere in it"));
            }
        }
        reasons
    }
}

fn next_of(handler: &Value) -> Option<&str> {
    handler.get("Next").and_then(Value::as_str)
}

fn list<'a>(state: &'a Value, field: &str) -> Vec<&'a Value> {
    state
        .get(field)
        .and_then(Value::as_array)
        .map(|items| items.iter().collect())
        .unwrap_or_default()
}

/// Whether a Retrier or Catcher handles `error` as AWS matches errors: it names it, or
/// `States.ALL`, or `States.TaskFailed`, which covers every error but `States.Timeout`.
fn covers(handler: &Value, error: &str) -> bool {
    handler
        .get("ErrorEquals")
        .and_then(Value::as_array)
        .is_some_and(|names| {
            names.iter().filter_map(Value::as_str).any(|name| {
                name == error
                    || name == "States.ALL"
                    || (name == "States.TaskFailed" && error != "States.Timeout" && error != "States.ALL")
            })
        })
}

fn retry_mismatch(need: &RetryNeed, state: &Value) -> Option<String> {
    let retriers = list(state, "Retry");
    let Some(retrier) = retriers.iter().find(|r| covers(r, &need.error)) else {
        return Some(format!("no Retrier covers {}", need.error));
    };
    let attempts = retrier.get("MaxAttempts").and_then(Value::as_u64).unwrap_or(3);
    let rate = retrier.get("BackoffRate").and_then(Value::as_f64).unwrap_or(2.0);
    let jitter = retrier
        .get("JitterStrategy")
        .and_then(Value::as_str)
        .unwrap_or("NONE");
    let mut wrong = Vec::new();
    if let Some(least) = need.at_least {
        if attempts < least {
            wrong.push(format!("MaxAttempts is {attempts}"));
        }
    }
    if let Some(above) = need.backoff_rate_above {
        if rate <= above {
            wrong.push(format!("BackoffRate is {rate}"));
        }
    }
    if let Some(wanted) = &need.jitter {
        if jitter != wanted {
            wrong.push(format!("JitterStrategy is {jitter}"));
        }
    }
    (!wrong.is_empty()).then(|| format!("its Retrier for {}: {}", need.error, wrong.join(", ")))
}

/// Whether the state, one of its Choice rules or one of its Catchers assigns `variable`.
fn assigns(state: &Value, variable: &str) -> bool {
    let has = |holder: &Value| holder.get("Assign").and_then(|a| a.get(variable)).is_some();
    has(state) || list(state, "Choices").into_iter().any(has) || list(state, "Catch").into_iter().any(has)
}

/// Whether `text` occurs in a string anywhere in `value` (keys included, for `"customer.$"`).
fn mentions(value: &Value, text: &str) -> bool {
    match value {
        Value::String(s) => s.contains(text),
        Value::Array(items) => items.iter().any(|v| mentions(v, text)),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains(text) || mentions(v, text)),
        _ => false,
    }
}

impl Rule {
    /// The rule in words.
    pub fn describe(&self) -> String {
        match &self.scope {
            Scope::Named(name) => format!("the state `{name}` is {}", self.matcher.describe()),
            Scope::Some => format!("some state is {}", self.matcher.describe()),
            Scope::None => format!("no state is {}", self.matcher.describe()),
        }
    }

    /// Checks the rule on a definition's JSON.
    pub fn check(&self, definition: &Value) -> RuleOutcome {
        let states = all_states(definition);
        let problem = match &self.scope {
            Scope::Named(name) => match states.iter().find(|(n, _)| n == name) {
                None => Some(format!(
                    "the state `{name}` should be {}, but there is no state `{name}`",
                    self.matcher.describe()
                )),
                Some((_, state)) => {
                    let reasons = self.matcher.mismatches(state);
                    (!reasons.is_empty()).then(|| {
                        format!(
                            "the state `{name}` should be {}, but {}",
                            self.matcher.describe(),
                            reasons.join("; ")
                        )
                    })
                }
            },
            Scope::Some => {
                if states.iter().any(|(_, s)| self.matcher.mismatches(s).is_empty()) {
                    None
                } else {
                    // The states of the wanted type say what they lack, so the learner sees the nearest miss.
                    let near: Vec<String> = states
                        .iter()
                        .filter(|(_, s)| {
                            self.matcher.state_type.is_none()
                                || s.get("Type").and_then(Value::as_str) == self.matcher.state_type.as_deref()
                        })
                        .take(3)
                        .map(|(n, s)| format!("`{n}`: {}", self.matcher.mismatches(s).join("; ")))
                        .collect();
                    let mut text = format!(
                        "the machine should have {}, but no state is",
                        self.matcher.describe()
                    );
                    if !near.is_empty() {
                        text.push_str(&format!(" ({})", near.join("; ")));
                    }
                    Some(text)
                }
            }
            Scope::None => states
                .iter()
                .find(|(_, s)| self.matcher.mismatches(s).is_empty())
                .map(|(n, _)| format!("no state should be {}, but `{n}` is", self.matcher.describe())),
        };
        RuleOutcome {
            description: self.describe(),
            passed: problem.is_none(),
            problem: problem.map(|p| match &self.why {
                Some(why) => format!("{p}: {why}"),
                None => p,
            }),
        }
    }
}
