//! The stub Lambda functions: Node.js handlers that answer as the scenario's behaviours made the
//! simulated functions answer (`returns`, `throws`, `echo`, `template`, `sequence`, `random`).

use crate::names;
use serde_json::Value;

/// The runtime of every stub.
pub(crate) const RUNTIME: &str = "nodejs22.x";
/// The handler of every stub: `exports.handler` in `index.js`.
pub(crate) const HANDLER: &str = "index.handler";

/// A few words on what a stub does, for the generated files' comments.
pub(crate) fn describe(behaviour: Option<&Value>) -> String {
    let Some(behaviour) = behaviour else {
        return "not in the scenario: returns its input".into();
    };
    let json = |value: &Value| names::shorten(&value.to_string(), 60);
    if let Some(value) = behaviour.get("returns") {
        return format!("returns {}", json(value));
    }
    if let Some(thrown) = behaviour.get("throws") {
        let error = thrown.get("error").unwrap_or(thrown);
        return format!("throws {}", error.as_str().unwrap_or("an error"));
    }
    if behaviour.get("echo").is_some() {
        return "returns its input".into();
    }
    if behaviour.get("template").is_some() {
        return "returns a template filled from its input".into();
    }
    let steps = |field| match behaviour.get(field) {
        Some(Value::Array(steps)) => steps.iter().map(|s| describe(Some(s))).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    let sequence = steps("sequence");
    if !sequence.is_empty() {
        return format!("answers in turn: {} (the last repeats)", sequence.join("; then "));
    }
    let random = steps("random");
    if !random.is_empty() {
        return format!("answers at random: {}", random.join(", or "));
    }
    "returns null".into()
}

/// The stub's `index.js`. A fixed answer or the input is one line; anything else carries a
/// small interpreter of the behaviour, so that the stub fails, retries and branches as the
/// simulated function did (a sequence counts invocations per warm instance).
pub(crate) fn handler(name: &str, behaviour: Option<&Value>) -> String {
    let header = format!(
        "// A stub of the simulated Lambda function \"{}\" (sfn-lab export): {}.\n",
        names::one_line(name),
        names::one_line(&describe(behaviour))
    );
    let body = match behaviour {
        None => "exports.handler = async (event) => event;\n".to_string(),
        Some(b) if b.get("echo").is_some() && b.as_object().is_some_and(|m| m.len() == 1) => {
            "exports.handler = async (event) => event;\n".to_string()
        }
        Some(b) if b.get("returns").is_some() && b.as_object().is_some_and(|m| m.len() == 1) => {
            format!("exports.handler = async () => ({});\n", b["returns"])
        }
        Some(b) => format!("const behaviour = {b};\n{INTERPRETER}"),
    };
    header + &body
}

/// Answers an invocation as a behaviour says. No template literals: the code goes into
/// Terraform heredocs and shell heredocs unchanged.
const INTERPRETER: &str = r#"let invocations = 0;
const select = (path, input) => {
  let value = input;
  for (const step of path.slice(1).match(/\.[^.[\]]+|\[\d+\]/g) || []) {
    value = value == null ? undefined : value[step[0] === "." ? step.slice(1) : Number(step.slice(1, -1))];
    if (value === undefined) {
      const error = new Error("The path " + path + " selects nothing in the input");
      error.name = "KeyError";
      throw error;
    }
  }
  return value;
};
const fill = (template, input) => Array.isArray(template) ? template.map((t) => fill(t, input))
  : template !== null && typeof template === "object"
    ? Object.fromEntries(Object.entries(template).map(([key, value]) =>
      key.endsWith(".$") && typeof value === "string" ? [key.slice(0, -2), select(value, input)] : [key, fill(value, input)]))
    : template;
const answer = (b, input, n) => {
  if ("returns" in b) return b.returns;
  if ("throws" in b) {
    const thrown = typeof b.throws === "string" ? { error: b.throws } : b.throws;
    const error = new Error(thrown.cause || "");
    error.name = thrown.error; // Step Functions matches ErrorEquals against the error's name
    throw error;
  }
  if (b.echo) return input;
  if ("template" in b) return fill(b.template, input);
  if (b.sequence) return answer(b.sequence[Math.min(n, b.sequence.length - 1)], input, n);
  const options = b.random || [];
  let point = Math.random() * options.reduce((sum, o) => sum + (o.weight ?? 1), 0);
  for (const option of options) {
    point -= option.weight ?? 1;
    if (point < 0) return answer(option, input, n);
  }
  return options.length ? answer(options[options.length - 1], input, n) : null;
};
exports.handler = async (event) => answer(behaviour, event, invocations++);
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_fixed_answer_is_one_line_and_the_rest_carries_the_interpreter() {
        let returns = handler("backup", Some(&json!({"returns": {"ok": true}})));
        assert!(
            returns.ends_with("exports.handler = async () => ({\"ok\":true});\n"),
            "{returns}"
        );
        assert!(handler("x", None).contains("async (event) => event"));
        let random = json!({"random": [{"returns": 1}, {"throws": {"error": "Exception"}}]});
        let code = handler("backup", Some(&random));
        assert!(code.contains("const behaviour = {\"random\"") && code.contains("error.name = thrown.error"));
        assert!(!code.contains("${") && !code.contains('`'));
        assert_eq!(
            describe(Some(&random)),
            "answers at random: returns 1, or throws Exception"
        );
    }
}
