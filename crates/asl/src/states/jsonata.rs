//! States written in JSONata (`"QueryLanguage": "JSONata"`): Arguments, Output, Assign and
//! Condition as `{% %}` templates over `$states` and the variables, instead of JSONPath's fields.

use super::Target;
use crate::dataflow::jsonata_template::{expression_text, Evaluation, JsonataTemplate, States, StatesReach};
use crate::definition::fields::Transition;
use crate::definition::fields::{kind_of, Fields};
use crate::diagnostic::{codes, Diagnostic};
use crate::error::StepError;
use crate::execution::runner::StateRun;
use crate::execution::runtime::Stop;
use crate::variables::Variables;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// The JSONata fields of a state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JsonataFields {
    /// Arguments: what a Task sends (default: the state's input).
    pub arguments: Option<JsonataTemplate>,
    /// Output: what moves on (default: the result, or the input).
    pub output: Option<JsonataTemplate>,
    /// Assign: variables to set.
    pub assign: Option<JsonataTemplate>,
    /// A Fail state's Error and Cause.
    pub error: Option<JsonataTemplate>,
    /// A Fail state's Cause.
    pub cause: Option<JsonataTemplate>,
    /// A Map state's Items (default: the state's input).
    pub items: Option<JsonataTemplate>,
    /// A Map state's ItemSelector: each item's input.
    pub item_selector: Option<JsonataTemplate>,
    /// A distributed Map's ItemReader Arguments: the Bucket and Key (or Prefix) to read.
    pub item_reader_arguments: Option<JsonataTemplate>,
    /// A distributed Map's ResultWriter Arguments: the Bucket and Prefix to write to.
    pub result_writer_arguments: Option<JsonataTemplate>,
    /// A distributed Map's ItemBatcher BatchInput, added to every batch.
    pub batch_input: Option<JsonataTemplate>,
    /// Fields that are literals in JSONPath given as expressions: Wait's Seconds or Timestamp,
    /// Task's TimeoutSeconds and HeartbeatSeconds, Map's MaxConcurrency and tolerated failures.
    pub literals: Vec<(&'static str, JsonataTemplate)>,
    /// Output and Assign of each catcher, in Catch order.
    pub catchers: Vec<(Option<JsonataTemplate>, Option<JsonataTemplate>)>,
}

/// A Choice state in JSONata: rules are Conditions.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonataChoice {
    /// The rules, in order.
    pub rules: Vec<JsonataRule>,
    /// Where to go when no Condition holds.
    pub default: Option<String>,
}

/// One rule of a JSONata Choice.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonataRule {
    /// The Condition: a boolean expression.
    pub condition: JsonataTemplate,
    /// Where to go when it holds.
    pub next: String,
    /// Output when it holds.
    pub output: Option<JsonataTemplate>,
    /// Variables to set when it holds.
    pub assign: Option<JsonataTemplate>,
}

/// Fields JSONata states cannot have: they are JSONPath's.
const JSONPATH_ONLY: &[&str] = &[
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "ItemsPath",
    "SecondsPath",
    "TimestampPath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "ErrorPath",
    "CausePath",
    "Result",
];

/// The fields that only JSONata states read, removed before the state type's own reader runs.
const JSONATA_ONLY: &[&str] = &["Arguments", "Output", "Assign"];

/// Reads a JSONata state's own fields and returns the rest for the state type's reader.
pub fn read(
    state_type: &str,
    map: &Map<String, Value>,
    pointer: &str,
    problems: &mut Vec<Diagnostic>,
) -> (JsonataFields, Map<String, Value>) {
    let mut rest = map.clone();
    for field in JSONPATH_ONLY {
        if map.contains_key(*field) {
            problems.push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                format!("{pointer}/{field}"),
                format!(
                    "The field '{field}' is a JSONPath field and cannot be used in a JSONata state; \
                     use Arguments, Output and Assign with {{% %}} expressions"
                ),
            ));
            rest.remove(*field);
        }
    }
    // Only the Output and Assign of a state that has a result can read `$states.result`.
    let has_result = matches!(state_type, "Task" | "Parallel" | "Map");
    let reach = |name: &str| match name {
        "Output" | "Assign" if has_result => StatesReach::Result,
        _ => StatesReach::Input,
    };
    let template = |name: &str, problems: &mut Vec<Diagnostic>| {
        map.get(name)
            .map(|v| JsonataTemplate::parse(v, &format!("{pointer}/{name}"), reach(name), problems))
    };
    let assign = map
        .get("Assign")
        .map(|v| parse_assign(v, &format!("{pointer}/Assign"), reach("Assign"), problems));
    let mut fields = JsonataFields {
        arguments: template("Arguments", problems),
        output: template("Output", problems),
        assign,
        ..JsonataFields::default()
    };
    // Arguments go to a Task's service or a Parallel's branches; a Fail state ends the run with
    // its Error and Cause only, and neither it nor a Succeed state assigns variables.
    let refused: &[&str] = match state_type {
        "Task" | "Parallel" => &[],
        "Fail" => &["Arguments", "Output", "Assign"],
        "Succeed" => &["Arguments", "Assign"],
        _ => &["Arguments"],
    };
    for field in refused.iter().filter(|f| map.contains_key(**f)) {
        problems.push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            format!("{pointer}/{field}"),
            format!("A {state_type} state has no {field}"),
        ));
    }
    for field in JSONATA_ONLY {
        rest.remove(*field);
    }
    if state_type == "Fail" {
        fields.error = template("Error", problems);
        fields.cause = template("Cause", problems);
        rest.remove("Error");
        rest.remove("Cause");
    }
    // An expression stands where the state type's reader expects a literal: it gets a
    // placeholder of the right type, so that reader still checks the field's presence.
    let placeholders: &[(&'static str, Value)] = &match state_type {
        "Wait" => vec![
            ("Seconds", json!(0)),
            ("Timestamp", json!("1970-01-01T00:00:00Z")),
        ],
        "Task" => vec![
            ("TimeoutSeconds", json!(crate::states::task::MAX_TIMEOUT_SECONDS)),
            ("HeartbeatSeconds", json!(1)),
        ],
        "Map" => vec![
            ("MaxConcurrency", json!(0)),
            ("ToleratedFailureCount", json!(0)),
            ("ToleratedFailurePercentage", json!(0)),
        ],
        _ => Vec::new(),
    };
    for (name, placeholder) in placeholders {
        let Some(Value::String(text)) = map.get(*name) else {
            continue;
        };
        if expression_text(text).is_none() {
            continue;
        }
        let Some(parsed) = template(name, problems) else {
            continue;
        };
        fields.literals.push((name, parsed));
        rest.insert((*name).into(), placeholder.clone());
    }
    if state_type == "Map" {
        fields.items = template("Items", problems);
        fields.item_selector = template("ItemSelector", problems);
        rest.remove("Items");
        rest.remove("ItemSelector");
        read_distributed_parts(pointer, &mut fields, &mut rest, problems);
    }
    if let Some(Value::Array(catchers)) = map.get("Catch") {
        let mut cleaned = Vec::new();
        for (i, catcher) in catchers.iter().enumerate() {
            let here = format!("{pointer}/Catch/{i}");
            let mut catcher = catcher.clone();
            let parsed = match catcher.as_object_mut() {
                Some(object) => {
                    let output = object.remove("Output").map(|v| {
                        JsonataTemplate::parse(
                            &v,
                            &format!("{here}/Output"),
                            StatesReach::ErrorOutput,
                            problems,
                        )
                    });
                    let assign = object.remove("Assign").map(|v| {
                        parse_assign(&v, &format!("{here}/Assign"), StatesReach::ErrorOutput, problems)
                    });
                    (output, assign)
                }
                None => (None, None),
            };
            fields.catchers.push(parsed);
            cleaned.push(catcher);
        }
        rest.insert("Catch".into(), Value::Array(cleaned));
    }
    (fields, rest)
}

/// A distributed Map's ItemReader and ResultWriter take `Arguments` in JSONata (`Parameters`
/// in JSONPath), and its ItemBatcher a JSONata BatchInput. They are read here; the rest of
/// each part goes on to the Map reader, with an empty Parameters where Arguments were.
fn read_distributed_parts(
    pointer: &str,
    fields: &mut JsonataFields,
    rest: &mut Map<String, Value>,
    problems: &mut Vec<Diagnostic>,
) {
    fields.item_reader_arguments = take_arguments(rest, "ItemReader", pointer, problems);
    fields.result_writer_arguments = take_arguments(rest, "ResultWriter", pointer, problems);
    fields.batch_input = take_template(rest, "ItemBatcher", "BatchInput", pointer, problems);
}

/// An ItemReader's or ResultWriter's Arguments, with an empty Parameters left in their place.
fn take_arguments(
    rest: &mut Map<String, Value>,
    part: &str,
    pointer: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<JsonataTemplate> {
    let object = rest.get_mut(part)?.as_object_mut()?;
    if object.contains_key("Parameters") {
        problems.push(Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            format!("{pointer}/{part}/Parameters"),
            format!("In a JSONata state, {part} takes 'Arguments', not the JSONPath field 'Parameters'"),
        ));
    }
    let arguments = take_template(rest, part, "Arguments", pointer, problems)?;
    rest[part]["Parameters"] = json!({});
    Some(arguments)
}

/// Takes `part.field` out of the fields left for the Map reader, as a template.
fn take_template(
    rest: &mut Map<String, Value>,
    part: &str,
    field: &str,
    pointer: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<JsonataTemplate> {
    let value = rest.get_mut(part)?.as_object_mut()?.remove(field)?;
    let here = format!("{pointer}/{part}/{field}");
    Some(JsonataTemplate::parse(
        &value,
        &here,
        StatesReach::Input,
        problems,
    ))
}

/// An Assign field (of a state, a Choice rule or a catcher): an object whose names are
/// variable names and whose values are templates.
fn parse_assign(
    value: &Value,
    pointer: &str,
    reach: StatesReach,
    problems: &mut Vec<Diagnostic>,
) -> JsonataTemplate {
    crate::variables::check_assign(value, pointer, problems);
    JsonataTemplate::parse(value, pointer, reach, problems)
}

/// Reads a JSONata Choice state.
pub fn read_choice(fields: &mut Fields<'_>) -> JsonataChoice {
    fields.reject_unknown(
        &["Type", "Comment", "Choices", "Default"],
        "a JSONata Choice state",
    );
    let pointer = fields.pointer_of("Choices");
    let mut rules = Vec::new();
    match fields.raw("Choices") {
        Some(Value::Array(items)) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                let here = format!("{pointer}/{i}");
                let Some(map) = item.as_object() else {
                    fields.problems().push(Diagnostic::error(
                        codes::SCHEMA_VALIDATION_FAILED,
                        here,
                        "A Choice rule must be an object",
                    ));
                    continue;
                };
                let mut rule = Fields::new(map, here.clone(), fields.problems());
                rule.reject_unknown(
                    &["Condition", "Next", "Output", "Assign", "Comment"],
                    "a JSONata Choice rule",
                );
                let next = rule.required_string("Next", "A Choice rule").unwrap_or_default();
                let condition = match map.get("Condition") {
                    Some(value) => {
                        let here = format!("{here}/Condition");
                        JsonataTemplate::parse(value, &here, StatesReach::Input, rule.problems())
                    }
                    None => {
                        rule.problem_with(
                            codes::SCHEMA_VALIDATION_FAILED,
                            "Condition",
                            "A JSONata Choice rule needs a 'Condition', such as \"{% $states.input.ok %}\""
                                .into(),
                        );
                        JsonataTemplate::Literal(Value::Bool(false))
                    }
                };
                let output = map.get("Output").map(|v| {
                    JsonataTemplate::parse(v, &format!("{here}/Output"), StatesReach::Input, rule.problems())
                });
                let assign = map
                    .get("Assign")
                    .map(|v| parse_assign(v, &format!("{here}/Assign"), StatesReach::Input, rule.problems()));
                rules.push(JsonataRule {
                    condition,
                    next,
                    output,
                    assign,
                });
            }
        }
        other => fields.problem(
            "Choices",
            format!(
                "'Choices' must be a non-empty array of rules, not {}",
                other.map_or("nothing", kind_of)
            ),
        ),
    }
    JsonataChoice {
        rules,
        default: fields.string("Default"),
    }
}

impl JsonataChoice {
    /// Every state this Choice can go to.
    pub fn targets(&self) -> Vec<Target<'_>> {
        let mut targets: Vec<Target<'_>> = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, rule)| Target {
                field: format!("Choices/{i}/Next"),
                name: &rule.next,
            })
            .collect();
        targets.extend(self.default.as_deref().map(|name| Target {
            field: "Default".into(),
            name,
        }));
        targets
    }

    /// The first rule whose Condition holds, else Default: its index, its next state, and
    /// its Output and Assign (the state's own for Default).
    pub fn decide<'a>(&'a self, evaluation: &Evaluation<'_>) -> Result<(Option<usize>, &'a str), StepError> {
        for (i, rule) in self.rules.iter().enumerate() {
            match rule
                .condition
                .evaluate(evaluation, &format!("Choices/{i}/Condition"))?
            {
                Value::Bool(true) => return Ok((Some(i), &rule.next)),
                Value::Bool(false) => {}
                other => {
                    return Err(StepError {
                        error: crate::dataflow::jsonata_template::QUERY_EVALUATION_ERROR,
                        detail: format!("The Condition of Choices/{i} must give a boolean, not {other}"),
                    })
                }
            }
        }
        match &self.default {
            Some(default) => Ok((None, default)),
            None => Err(StepError::runtime(
                "Failed to transition out of the state. The state does not point to a next state.",
            )),
        }
    }
}

/// `$states` for an expression of this state.
pub fn states<'a>(
    run: &'a StateRun<'_>,
    input: &'a Value,
    result: Option<&'a Value>,
    error_output: Option<&'a Value>,
    task_token: Option<&'a str>,
) -> States<'a> {
    let mut context = run.context();
    context.task_token = task_token;
    States {
        input,
        result,
        error_output,
        context,
    }
}

/// Output and Assign of a JSONata state that succeeded, both from the same `$states`;
/// the new variables are set on the state's chain and recorded in the data flow. The output is
/// `None` when the state has no Output.
pub fn finish(
    run: &StateRun<'_>,
    output: Option<&JsonataTemplate>,
    assign: Option<&JsonataTemplate>,
    states: States<'_>,
    flow: &mut crate::trace::DataFlow,
) -> Result<Option<Value>, Stop> {
    // Every expression sees the variables from before the state; the new ones are set after.
    let (output, assign) = with_evaluation(run, states, |evaluation| {
        Ok::<_, StepError>((
            evaluate(output, evaluation, "Output")?,
            evaluate(assign, evaluation, "Assign")?,
        ))
    })
    .map_err(|e| run.fail(e))?;
    if let Some(Value::Object(values)) = assign {
        let values: Variables = values.into_iter().collect();
        run.thread.assign(&values).map_err(|e| run.fail(e))?;
        flow.assigned = Some(Arc::new(Value::Object(values.into_iter().collect())));
    }
    Ok(output)
}

/// A template's value, when the field is there.
pub fn evaluate(
    template: Option<&JsonataTemplate>,
    evaluation: &Evaluation<'_>,
    field: &str,
) -> Result<Option<Value>, StepError> {
    template.map(|t| t.evaluate(evaluation, field)).transpose()
}

/// Runs `body` with the evaluation context of the state's expressions over `states`. The
/// variables stay borrowed only while it runs, so that the state can set new ones after.
pub fn with_evaluation<T>(
    run: &StateRun<'_>,
    states: States<'_>,
    body: impl FnOnce(&Evaluation<'_>) -> T,
) -> T {
    let variables = run.thread.vars.borrow();
    body(&evaluation(run, states, &variables))
}

/// The evaluation context of a state's expressions.
fn evaluation<'v>(run: &StateRun<'_>, states: States<'v>, variables: &'v Variables) -> Evaluation<'v> {
    Evaluation {
        states,
        variables,
        now_millis: run.rt.now().0,
        seed: run.rt.random.next_u64(),
    }
}

/// Runs a JSONata Pass, Succeed, Fail or Choice state: its Output and Assign (or a Fail
/// state's Error and Cause) over `$states.input`. `None` for the state types that run elsewhere.
pub fn run_simple(
    run: &StateRun<'_>,
    kind: &super::StateKind,
    fields: &JsonataFields,
    input: &Arc<Value>,
    flow: &mut crate::trace::DataFlow,
) -> Option<Result<(Arc<Value>, Transition), Stop>> {
    use super::StateKind;
    let states = states(run, input, None, None, None);
    let result = match kind {
        StateKind::Pass(_) | StateKind::Succeed(_) => {
            let transition = match kind {
                StateKind::Pass(pass) => pass.transition.clone(),
                _ => Transition::End,
            };
            finish(run, fields.output.as_ref(), fields.assign.as_ref(), states, flow)
                .map(|output| (shared_or(output, input), transition))
        }
        StateKind::Fail(_) => return Some(Err(fail(run, fields, states))),
        StateKind::JsonataChoice(choice) => {
            let decided = with_evaluation(run, states, |evaluation| choice.decide(evaluation));
            let (rule, next) = match decided {
                Ok(decided) => decided,
                Err(error) => return Some(Err(run.fail(error))),
            };
            flow.matched_rule = rule;
            let (output, assign) = match rule.and_then(|i| choice.rules.get(i)) {
                Some(rule) => (
                    rule.output.as_ref().or(fields.output.as_ref()),
                    rule.assign.as_ref().or(fields.assign.as_ref()),
                ),
                None => (fields.output.as_ref(), fields.assign.as_ref()),
            };
            finish(run, output, assign, states, flow)
                .map(|output| (shared_or(output, input), Transition::Next(next.to_string())))
        }
        _ => return None,
    };
    Some(result)
}

/// A state's Output when it has one, else its input as it came (shared, not copied).
fn shared_or(output: Option<Value>, input: &Arc<Value>) -> Arc<Value> {
    output.map_or_else(|| Arc::clone(input), Arc::new)
}

/// A JSONata Fail state's error: Error and Cause are expressions or text.
fn fail(run: &StateRun<'_>, fields: &JsonataFields, states: States<'_>) -> Stop {
    with_evaluation(run, states, |evaluation| fail_with(run, fields, evaluation))
}

fn fail_with(run: &StateRun<'_>, fields: &JsonataFields, evaluation: &Evaluation<'_>) -> Stop {
    let text = |template: Option<&JsonataTemplate>, field: &str| -> Result<Option<String>, StepError> {
        match template {
            None => Ok(None),
            Some(template) => match template.evaluate(evaluation, field)? {
                Value::String(text) => Ok(Some(text)),
                other => Err(StepError {
                    error: crate::dataflow::jsonata_template::QUERY_EVALUATION_ERROR,
                    detail: format!("The field '{field}' must give a string, not {other}"),
                }),
            },
        }
    };
    match (
        text(fields.error.as_ref(), "Error"),
        text(fields.cause.as_ref(), "Cause"),
    ) {
        (Ok(error), Ok(cause)) => Stop::Error(crate::error::StatesError { error, cause }),
        (Err(problem), _) | (_, Err(problem)) => run.fail(problem),
    }
}

/// A catcher's Output and Assign, over `$states.errorOutput` (the default output).
pub fn catch(
    run: &StateRun<'_>,
    fields: &JsonataFields,
    index: usize,
    input: &Value,
    error_output: Value,
    flow: &mut crate::trace::DataFlow,
) -> Result<Value, Stop> {
    let (output, assign) = fields
        .catchers
        .get(index)
        .map_or((None, None), |(o, a)| (o.as_ref(), a.as_ref()));
    let states = states(run, input, None, Some(&error_output), None);
    let output = finish(run, output, assign, states, flow)?;
    Ok(output.unwrap_or(error_output))
}

/// A count given as an expression (MaxConcurrency, TimeoutSeconds...): a non-negative integer,
/// also when JSONata gives it as a float.
pub fn evaluate_count(
    template: &JsonataTemplate,
    evaluation: &Evaluation<'_>,
    field: &str,
) -> Result<u64, StepError> {
    let value = template.evaluate(evaluation, field)?;
    value
        .as_u64()
        .or_else(|| {
            value
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        })
        .ok_or_else(|| StepError {
            error: crate::dataflow::jsonata_template::QUERY_EVALUATION_ERROR,
            detail: format!("The field '{field}' must be a non-negative integer, not {value}"),
        })
}

/// The end of a JSONata state that succeeded: Output (default: the result, else the input)
/// and Assign over `$states`, recorded in the data flow.
pub fn conclude(
    run: &StateRun<'_>,
    fields: &JsonataFields,
    input: &Value,
    result: Option<Value>,
    flow: &mut crate::trace::DataFlow,
) -> Result<Value, Stop> {
    // The data flow shares the result: it is copied only when it is the state's output.
    let result = result.map(Arc::new);
    flow.result = result.clone();
    let states = states(run, input, result.as_deref(), None, None);
    let output = finish(run, fields.output.as_ref(), fields.assign.as_ref(), states, flow)?;
    Ok(output.unwrap_or_else(|| result.map_or_else(|| input.clone(), Arc::unwrap_or_clone)))
}

/// A Task's or Parallel's Arguments (default: the state's input), recorded in the data flow.
pub fn arguments(
    run: &StateRun<'_>,
    fields: &JsonataFields,
    evaluation: &Evaluation<'_>,
    input: &Value,
    flow: &mut crate::trace::DataFlow,
) -> Result<Value, Stop> {
    let Some(template) = &fields.arguments else {
        return Ok(input.clone());
    };
    let arguments = template
        .evaluate(evaluation, "Arguments")
        .map_err(|e| run.fail(e))?;
    flow.after_arguments = Some(Arc::new(arguments.clone()));
    Ok(arguments)
}
