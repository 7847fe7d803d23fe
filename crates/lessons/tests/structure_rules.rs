//! Structure rules: each matcher field, the three scopes, nested states, and failures that
//! explain themselves in the lesson's terms.

use lessons::structure::{Rule, RuleText};
use serde_json::{json, Value};

fn rule(text: Value) -> Rule {
    serde_json::from_value::<RuleText>(text)
        .expect("the rule parses")
        .read()
        .expect("the rule makes sense")
}

fn problem(rule_text: Value, definition: Value) -> Option<String> {
    rule(rule_text).check(&definition).problem
}

fn backup(wait: Value) -> Value {
    json!({"StartAt": "Start Backup", "States": {
        "Start Backup": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:backup",
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "No"}], "Next": "Wait 3 sec"},
        "Wait 3 sec": wait,
        "No": {"Type": "Fail", "Cause": "Backup Failed"}}})
}

#[test]
fn a_named_state_must_exist_with_its_type_and_fields() {
    let wait3 = json!({"state": "Wait 3 sec", "type": "Wait", "with": {"Seconds": 3},
        "why": "the published workflow waits 3 seconds"});
    assert_eq!(
        problem(
            wait3.clone(),
            backup(json!({"Type": "Wait", "Seconds": 3, "End": true}))
        ),
        None
    );
    assert_eq!(
        problem(wait3.clone(), backup(json!({"Type": "Pass", "End": true}))).unwrap(),
        "the state `Wait 3 sec` should be a Wait with Seconds = 3, but it is a Pass; it has no Seconds: \
         the published workflow waits 3 seconds"
    );
    assert_eq!(
        problem(wait3.clone(), backup(json!({"Type": "Wait", "Seconds": 0, "End": true}))).unwrap(),
        "the state `Wait 3 sec` should be a Wait with Seconds = 3, but its Seconds is 0: the published workflow waits 3 seconds"
    );
    assert!(problem(
        wait3,
        json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})
    )
    .unwrap()
    .starts_with(
        "the state `Wait 3 sec` should be a Wait with Seconds = 3, but there is no state `Wait 3 sec`"
    ));
}

#[test]
fn retries_need_the_error_the_attempts_and_the_backoff() {
    let need = json!({"someState": {"type": "Task",
        "retries": {"error": "States.TaskFailed", "atLeast": 2, "backoffRateAbove": 1}}});
    let definition = backup(json!({"Type": "Wait", "Seconds": 3, "End": true}));
    assert_eq!(
        problem(need.clone(), definition.clone()).unwrap(),
        "the machine should have a Task that retries States.TaskFailed at least 2 times with a BackoffRate above 1, \
         but no state is (`Start Backup`: its Retrier for States.TaskFailed: MaxAttempts is 1)"
    );
    let mut good = definition.clone();
    good["States"]["Start Backup"]["Retry"] =
        json!([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 4, "BackoffRate": 1.5}]);
    assert_eq!(
        problem(need.clone(), good.clone()),
        None,
        "States.ALL covers States.TaskFailed"
    );
    good["States"]["Start Backup"]["Retry"][0]["BackoffRate"] = json!(1);
    assert!(problem(need.clone(), good.clone())
        .unwrap()
        .contains("BackoffRate is 1"));
    // AWS's defaults: MaxAttempts 3, BackoffRate 2.0.
    good["States"]["Start Backup"]["Retry"] = json!([{"ErrorEquals": ["States.TaskFailed"]}]);
    assert_eq!(problem(need, good), None);
}

#[test]
fn catches_and_where_they_go() {
    let definition = backup(json!({"Type": "Wait", "Seconds": 3, "End": true}));
    assert_eq!(
        problem(
            json!({"someState": {"catches": "States.ALL"}}),
            definition.clone()
        ),
        None
    );
    assert_eq!(
        problem(
            json!({"state": "Start Backup", "catches": "States.ALL", "catchesTo": "Failure"}),
            definition.clone()
        )
        .unwrap(),
        "the state `Start Backup` should be a state that catches States.ALL and goes to `Failure`, \
         but its Catcher for States.ALL goes to `No`"
    );
    assert_eq!(
        problem(json!({"state": "Wait 3 sec", "catches": "States.Timeout"}), definition).unwrap(),
        "the state `Wait 3 sec` should be a state that catches States.Timeout, but no Catcher covers States.Timeout"
    );
}

#[test]
fn no_state_may_match_a_forbidden_shape() {
    let hard_coded =
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"total": 30}, "End": true}}});
    assert_eq!(
        problem(json!({"noState": {"type": "Pass", "has": ["Result"]}, "why": "a fixed Result is a hard-coded answer"}), hard_coded).unwrap(),
        "no state should be a Pass that has Result, but `P` is: a fixed Result is a hard-coded answer"
    );
}

#[test]
fn nested_states_in_branches_and_processors_count() {
    let nested = json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemProcessor": {"StartAt": "Render", "States": {"Render": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke", "Assign": {"customer": "{% $states.input.c %}"},
            "Arguments": {"Payload": "{% $customer %}"}, "End": true}}}}}});
    for text in [
        json!({"state": "Render", "resource": "lambda:invoke"}),
        json!({"someState": {"assigns": "customer"}}),
        json!({"someState": {"reads": "$customer"}}),
        json!({"someState": {"type": "Map", "has": ["ItemProcessor"], "lacks": ["Iterator"]}}),
    ] {
        assert_eq!(problem(text.clone(), nested.clone()), None, "{text}");
    }
    assert_eq!(
        problem(json!({"someState": {"assigns": "total"}}), nested).unwrap(),
        "the machine should have a state that assigns the variable `total`, but no state is \
         (`Each`: it assigns no variable `total`; `Render`: it assigns no variable `total`)"
    );
}

#[test]
fn badly_written_rules_are_refused_with_a_reason() {
    let read = |text: Value| {
        serde_json::from_value::<RuleText>(text)
            .map_err(|e| e.to_string())
            .and_then(|t| t.read())
    };
    assert!(read(json!({"why": "x"})).unwrap_err().contains("needs one of"));
    assert!(read(json!({"someState": {"type": "Pass"}, "type": "Wait"}))
        .unwrap_err()
        .contains("go inside"));
    assert!(read(json!({"someState": {"catchesTo": "X"}}))
        .unwrap_err()
        .contains("'catchesTo' needs 'catches'"));
    assert!(read(json!({"someState": {"typo": 1}}))
        .unwrap_err()
        .contains("unknown field `typo`"));
}
