//! States written in JSONata: Output, Assign, Arguments, Condition, Catch and Fail as `{% %}`
//! expressions over `$states` and the variables.

mod common;
use common::{event_types, problems, run_mocked, run_text};
use serde_json::json;

/// As the CLI and the page's worker: JSONata evaluations metered for their byte limits.
#[global_allocator]
static ALLOCATOR: jsonata::BudgetAllocator = jsonata::BudgetAllocator::system();

#[test]
fn pass_output_and_assign_read_states_input_and_set_variables() {
    let result = run_text(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Total", "States": {
            "Total": {"Type": "Pass", "Assign": {"count": "{% $count($states.input.items) %}"},
                      "Output": {"sum": "{% $sum($states.input.items) %}"}, "Next": "Report"},
            "Report": {"Type": "Pass", "Output": "{% 'items: ' & $count & ', sum: ' & $states.input.sum %}", "End": true}}}"#,
        json!({"items": [1, 2, 3]}),
    );
    assert_eq!(result.output, Some(json!("items: 3, sum: 6")));
    let exited = result.events[2].to_json();
    assert_eq!(
        exited["stateExitedEventDetails"]["assignedVariables"],
        json!({"count": "3"})
    );
    assert_eq!(
        result.trace[0].flow.assigned.as_deref(),
        Some(&json!({"count": 3}))
    );
    // The inspector's view of the variables: none before the first state, then what it left.
    assert_eq!(result.trace[0].flow.variables_before, None);
    assert_eq!(
        result.trace[0].flow.variables_after.as_deref(),
        Some(&json!({"count": 3}))
    );
    assert_eq!(
        result.trace[1].flow.variables_before.as_deref(),
        Some(&json!({"count": 3}))
    );
    assert_eq!(result.trace[1].flow.variables_after, None);
}

#[test]
fn choice_takes_the_first_condition_that_holds_with_its_output() {
    let definition = r#"{"QueryLanguage": "JSONata", "StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Output": {"path": "default"}, "Choices": [
            {"Condition": "{% $states.input.IsBackupSuccessful %}", "Next": "Done", "Output": {"path": "ok"}, "Assign": {"ok": true}}
        ], "Default": "Done"},
        "Done": {"Type": "Succeed"}}}"#;
    let ok = run_text(definition, json!({"IsBackupSuccessful": true}));
    assert_eq!(ok.output, Some(json!({"path": "ok"})));
    assert_eq!(ok.trace[0].flow.matched_rule, Some(0));
    let not_ok = run_text(definition, json!({"IsBackupSuccessful": false}));
    assert_eq!(not_ok.output, Some(json!({"path": "default"})));
    assert_eq!(not_ok.trace[0].flow.matched_rule, None);
}

#[test]
fn a_condition_that_is_not_a_boolean_fails_with_query_evaluation_error() {
    let result = run_text(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Check", "States": {
            "Check": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n %}", "Next": "Done"}]},
            "Done": {"Type": "Succeed"}}}"#,
        json!({"n": 3}),
    );
    assert_eq!(result.error.as_deref(), Some("States.QueryEvaluationError"));
    assert!(
        result.cause.as_deref().unwrap_or_default().contains("Choices/0"),
        "{:?}",
        result.cause
    );
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "ChoiceStateEntered",
            "EvaluationFailed",
            "ExecutionFailed"
        ]
    );
}

#[test]
fn fail_error_and_cause_are_expressions() {
    let result = run_text(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Stop", "States": {
            "Stop": {"Type": "Fail", "Error": "{% 'Backup.' & $states.input.kind %}", "Cause": "disk full"}}}"#,
        json!({"kind": "Failed"}),
    );
    assert_eq!(result.error.as_deref(), Some("Backup.Failed"));
    assert_eq!(result.cause.as_deref(), Some("disk full"));
}

#[test]
fn task_arguments_result_and_catcher_output() {
    let definition = r#"{"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Arguments": {"FunctionName": "backup", "Payload": {"db": "{% $states.input.db %}"}},
                 "Output": "{% $states.result.Payload %}",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed",
                            "Output": {"why": "{% $states.errorOutput.Error %}", "db": "{% $states.input.db %}"},
                            "Assign": {"failedDb": "{% $states.input.db %}"}}],
                 "Next": "Done"},
        "Failed": {"Type": "Pass", "Output": {"why": "{% $states.input.why %}", "db": "{% $failedDb %}"}, "End": true},
        "Done": {"Type": "Succeed"}}}"#;
    let ok = run_mocked(
        definition,
        json!({"db": "orders"}),
        json!({"Call": [{"Return": {"Payload": {"saved": 12}}}]}),
    );
    assert_eq!(ok.output, Some(json!({"saved": 12})));
    let failed = run_mocked(
        definition,
        json!({"db": "orders"}),
        json!({"Call": [{"Throw": {"Error": "Disk.Full", "Cause": "no space"}}]}),
    );
    assert_eq!(failed.output, Some(json!({"why": "Disk.Full", "db": "orders"})));
}

#[test]
fn an_expression_that_selects_nothing_says_which_field() {
    let result = run_text(
        r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
            "P": {"Type": "Pass", "Output": {"x": "{% $states.input.missing %}"}, "End": true}}}"#,
        json!({}),
    );
    assert_eq!(result.error.as_deref(), Some("States.QueryEvaluationError"));
    let cause = result.cause.unwrap_or_default();
    assert!(
        cause.contains("'Output/x'") && cause.contains("returned nothing"),
        "{cause}"
    );
}

#[test]
fn jsonpath_fields_and_bad_expressions_are_reported_where_they_are() {
    assert_eq!(
        problems(
            r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                "P": {"Type": "Pass", "ResultPath": "$.x", "Output": "{% $states.input.( %}", "End": true}}}"#
        ),
        [
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/P/ResultPath".to_string()
            ),
            (
                "SCHEMA_VALIDATION_FAILED".to_string(),
                "/States/P/Output".to_string()
            ),
        ]
    );
}

#[test]
fn states_result_and_error_output_are_refused_where_they_do_not_exist() {
    let definition = r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"Payload": "{% $states.result %}"},
              "Output": "{% $states.errorOutput %}",
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P",
                         "Output": "{% $states.result %}",
                         "Assign": {"why": "{% $states.errorOutput.Cause %}"}}],
              "Next": "P"},
        "P": {"Type": "Pass", "Output": {"r": "{% $states.result %}"}, "End": true}}}"#;
    let found: Vec<String> = problems(definition).into_iter().map(|(_, at)| at).collect();
    assert_eq!(
        found,
        [
            "/States/T/Arguments/Payload",
            "/States/T/Output",
            "/States/T/Catch/0/Output",
            "/States/P/Output/r"
        ]
    );
    let messages = asl::StateMachine::from_json_text(definition)
        .unwrap_err()
        .to_string();
    assert!(messages.contains("reads $states.result, which exists only in the Output and Assign of a Task, Parallel or Map state"), "{messages}");
    assert!(
        messages
            .contains("reads $states.errorOutput, which exists only in the Output and Assign of a catcher"),
        "{messages}"
    );
    // Where they exist, and in string literals, they are fine.
    assert!(problems(
        r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"Payload": "{% '$states.result' %}"},
              "Output": "{% $states.result.Payload %}", "Assign": {"r": "{% $states.result %}"},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P", "Output": "{% $states.errorOutput %}"}],
              "Next": "P"},
        "P": {"Type": "Pass", "End": true}}}"#
    )
    .is_empty());
}

#[test]
fn names_read_at_the_top_level_are_refused_with_what_to_write_instead() {
    let definition = r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass", "Output": {"phone": "{% phone %}", "all": "{% $ %}",
              "fine": "{% $states.input.items[price > 3].name %}"}, "End": true}}}"#;
    let found = common::diagnostics(definition);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "/States/P/Output/phone");
    assert!(
        found[0].1.contains("reads 'phone' at the top level")
            && found[0].1.ends_with("as $states.input.phone")
    );
    assert_eq!(found[1].0, "/States/P/Output/all");
    assert!(found[1].1.ends_with("as $states.input"));
}

#[test]
fn wait_seconds_and_timestamp_can_be_expressions() {
    let definition = r#"{"QueryLanguage": "JSONata", "StartAt": "Pause", "States": {
        "Pause": {"Type": "Wait", "Seconds": "{% $states.input.delay * 2 %}", "Output": "{% $states.context.State.EnteredTime %}", "Next": "Until"},
        "Until": {"Type": "Wait", "Timestamp": "{% $states.input %}", "Assign": {"woke": "{% $now() %}"}, "Next": "Done"},
        "Done": {"Type": "Pass", "Output": "{% $woke %}", "End": true}}}"#;
    let result = run_text(definition, json!({"delay": 1.5}));
    let entered = result.events[1].timestamp;
    let exited = result.events[2].timestamp;
    assert_eq!(exited.0 - entered.0, 3000, "{:?}", event_types(&result));
    assert!(
        result.output.as_ref().and_then(|o| o.as_str()).is_some(),
        "{:?}",
        result.output
    );
    let bad = run_text(
        definition.replace("$states.input.delay * 2", "'soon'").as_str(),
        json!({}),
    );
    assert_eq!(bad.error.as_deref(), Some("States.QueryEvaluationError"));
    assert!(bad
        .cause
        .unwrap_or_default()
        .contains("The Seconds field must be a whole number"));
}

#[test]
fn map_items_item_selector_and_output_are_expressions() {
    let result = run_text(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Each", "States": {
            "Each": {"Type": "Map", "Items": "{% $states.input.orders %}", "MaxConcurrency": "{% 1 %}",
                     "ItemSelector": {"id": "{% $states.context.Map.Item.Value %}", "at": "{% $states.context.Map.Item.Index %}"},
                     "ItemProcessor": {"StartAt": "Label", "States": {
                         "Label": {"Type": "Pass", "Output": "{% $states.input.id & '#' & $states.input.at %}", "End": true}}},
                     "Output": {"labels": "{% $states.result %}"}, "End": true}}}"#,
        json!({"orders": ["a", "b"]}),
    );
    assert_eq!(result.output, Some(json!({"labels": ["a#0", "b#1"]})));
    assert_eq!(
        result
            .trace
            .last()
            .map(|r| r.flow.after_item_selector.as_deref().cloned()),
        Some(Some(json!([{"id": "a", "at": 0}, {"id": "b", "at": 1}])))
    );
}

#[test]
fn map_items_that_are_not_an_array_fail_as_aws_words_it() {
    let result = run_text(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Each", "States": {
            "Each": {"Type": "Map", "Items": "{% $states.input.orders %}",
                     "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
        json!({"orders": {"a": 1}}),
    );
    assert_eq!(result.error.as_deref(), Some("States.QueryEvaluationError"));
    assert!(result.cause.clone().unwrap_or_default().ends_with(
        "The JSONata expression '$states.input.orders' specified for the field 'Items' returned an unexpected result type. \
         Expected 'array', but was 'object' for value: {\"a\":1}"
    ));
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "EvaluationFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
}

#[test]
fn parallel_arguments_go_to_every_branch_and_output_reads_the_results() {
    let result = run_text(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Both", "States": {
            "Both": {"Type": "Parallel", "Arguments": {"n": "{% $states.input.n + 1 %}"},
                     "Branches": [
                         {"StartAt": "Double", "States": {"Double": {"Type": "Pass", "Output": "{% $states.input.n * 2 %}", "End": true}}},
                         {"StartAt": "Square", "States": {"Square": {"Type": "Pass", "Output": "{% $states.input.n * $states.input.n %}", "End": true}}}],
                     "Output": "{% $sum($states.result) %}", "Assign": {"parts": "{% $states.result %}"}, "End": true}}}"#,
        json!({"n": 2}),
    );
    assert_eq!(result.output, Some(json!(15)));
    let both = result.trace.last().expect("the Parallel state's record");
    assert_eq!(both.flow.after_arguments.as_deref(), Some(&json!({"n": 3})));
    assert_eq!(both.flow.assigned.as_deref(), Some(&json!({"parts": [6, 9]})));
}

#[test]
fn distributed_maps_read_and_write_s3_with_arguments() {
    let definition = common::machine(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Setup", "States": {
          "Setup": {"Type": "Pass", "Assign": {"region": "eu"}, "Next": "M"},
          "M": {"Type": "Map", "MaxConcurrency": "{% $states.input.workers %}", "ToleratedFailureCount": 1,
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                           "Arguments": {"Bucket": "invoices", "Key": "{% $states.input.key %}"}},
            "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"month": "{% $states.input.month %}"}},
            "ItemSelector": {"batch": "{% $states.context.Map.Item.Value %}", "at": "{% $states.context.Map.Item.Index %}"},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Count",
                "States": {"Count": {"Type": "Pass", "End": true,
                    "Output": {"n": "{% $count($states.input.batch.Items) %}", "month": "{% $states.input.batch.BatchInput.month %}",
                               "at": "{% $states.input.at %}", "region": "{% $exists($region) ? $region : 'unseen' %}"}}}},
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Arguments": {"Bucket": "results", "Prefix": "{% 'runs/' & $region %}"}},
            "Output": {"manifest": "{% $states.result.ResultWriterDetails.Key %}"},
            "End": true}}}"#,
    );
    let mut options = asl::RunOptions::default();
    asl::scenario::Scenario::from_value(&json!({"services": {"s3": {"buckets": {
        "invoices": {"objects": {"march.csv": "id,total\n1,10\n2,20\n3,30\n"}},
        "results": {}
    }}}}))
    .unwrap()
    .apply_to(&mut options);
    let result = asl::run(
        &definition,
        json!({"key": "march.csv", "month": "March", "workers": 2}),
        &options,
    );
    assert_eq!(result.status.as_str(), "SUCCEEDED", "{:?}", result.cause);
    let manifest = result.output.unwrap()["manifest"].as_str().unwrap().to_string();
    assert!(
        manifest.starts_with("runs/eu/") && manifest.ends_with("/manifest.json"),
        "{manifest}"
    );
    let objects = &result.services["s3"]["buckets"]["results"]["objects"];
    let body = objects[&manifest.replace("manifest.json", "SUCCEEDED_0.json")]["body"]
        .as_str()
        .unwrap_or_else(|| panic!("{objects}"));
    let records: serde_json::Value = serde_json::from_str(body).unwrap();
    // Three rows in batches of two; each child execution sees its batch, the BatchInput and
    // its index, but not the parent's variables (AWS: a distributed Map's children cannot).
    let outputs: Vec<serde_json::Value> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| serde_json::from_str(r["Output"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(
        outputs,
        [
            json!({"n": 2, "month": "March", "at": 0, "region": "unseen"}),
            json!({"n": 1, "month": "March", "at": 1, "region": "unseen"})
        ]
    );
    // Parameters are JSONPath's: a JSONata distributed Map is told to use Arguments.
    let wrong = r#"{"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#;
    assert_eq!(
        problems(wrong),
        [(
            "SCHEMA_VALIDATION_FAILED".to_string(),
            "/States/M/ItemReader/Parameters".to_string()
        )]
    );
}

#[test]
fn the_jsonata_backup_example_succeeds_or_fails_with_the_lambda_message() {
    let folder = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/backup-workflow-jsonata"
    );
    let read = |file: &str| std::fs::read_to_string(format!("{folder}/{file}")).expect("the example's files");
    let machine =
        asl::StateMachine::from_json_text(&read("definition.asl.json")).expect("a valid definition");
    let input: serde_json::Value = serde_json::from_str(&read("input.json")).expect("JSON input");
    let scenario: serde_json::Value = serde_json::from_str(&read("scenario.json")).expect("JSON scenario");
    let mut outcomes = std::collections::BTreeSet::new();
    for seed in 0..8 {
        let mut options = asl::RunOptions {
            seed,
            ..asl::RunOptions::default()
        };
        asl::scenario::Scenario::from_value(&scenario)
            .expect("a valid scenario")
            .apply_to(&mut options);
        let result = asl::run(&machine, input.clone(), &options);
        match result.error.as_deref() {
            None => assert_eq!(
                result.output.as_ref().map(|o| o["database"].clone()),
                Some(json!("orders"))
            ),
            Some(error) => {
                assert_eq!(error, "Backup.Failed");
                assert_eq!(
                    result.cause.as_deref(),
                    Some("Backup Failed: Backup simulation failed.")
                );
            }
        }
        outcomes.insert(result.error.is_some());
    }
    assert_eq!(
        outcomes.len(),
        2,
        "eight seeds should show both the success and the failure"
    );
}

#[test]
fn fields_a_state_type_does_not_have_are_refused_in_jsonata_too() {
    let locations: Vec<String> = problems(
        r#"{"QueryLanguage": "JSONata", "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 1, "Arguments": {}, "Next": "S"},
        "S": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "Done"}], "Default": "F"},
        "Done": {"Type": "Succeed", "Output": {"ok": true}, "Assign": {"a": 1}},
        "F": {"Type": "Fail", "Error": "E", "Output": "{% 1 %}", "Assign": {"b": 2}}}}"#,
    )
    .into_iter()
    .map(|(_, at)| at)
    .collect();
    assert_eq!(
        locations,
        [
            "/States/W/Arguments",
            "/States/Done/Assign",
            "/States/F/Output",
            "/States/F/Assign"
        ]
    );
}

#[test]
fn hostile_expressions_fail_the_state_with_the_limit_named() {
    // Issue 13: the first panicked inside the engine's date code (exit 134, a dead page); the
    // others ran for seconds and took gigabytes.
    for (expression, limit) in [
        ("$fromMillis(0, '[Y,64]')", "D3138"),
        ("$length($pad('', 1000000000, 'a'))", "D3138"),
        ("$count([1..1000].[1..1000000])", "MiB of values"),
        ("$sum([1..10000].($sum([1..1000000])))", "MiB of values in all"),
    ] {
        let definition = json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
            "Type": "Pass", "Output": format!("{{% {expression} %}}"), "End": true}}});
        let result = run_text(&definition.to_string(), json!({}));
        assert_eq!(result.status.as_str(), "FAILED", "{expression}");
        assert_eq!(result.error.as_deref(), Some("States.QueryEvaluationError"));
        let cause = result.cause.unwrap();
        assert!(cause.contains(limit), "{expression}: {cause}");
    }
}
