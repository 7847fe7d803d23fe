//! Finding what a definition uses: every kind of reference, nested where AWS allows it, in
//! JSONPath and JSONata, merged with what the scenario declares.

use export::{Access, Inventory, KeySource, Kind, Spec};
use serde_json::json;

fn inventory(definition: serde_json::Value, scenario: Option<serde_json::Value>) -> Inventory {
    Inventory::from_value(&definition, scenario.as_ref()).expect("a state machine")
}

fn names(inventory: &Inventory, kind: Kind) -> Vec<String> {
    inventory
        .resources()
        .filter(|r| r.kind == kind)
        .map(|r| r.name.clone())
        .collect()
}

fn task(resource: &str, parameters: serde_json::Value) -> serde_json::Value {
    json!({"Type": "Task", "Resource": resource, "Parameters": parameters, "End": true})
}

#[test]
fn resources_are_found_in_parallel_branches_and_map_processors() {
    let definition = json!({
        "StartAt": "Both",
        "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Snapshot", "States": {"Snapshot": {"Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:snapshot", "End": true}}},
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true, "ItemProcessor": {
                "StartAt": "Inner", "States": {"Inner": {"Type": "Parallel", "End": true, "Branches": [
                    {"StartAt": "Store", "States": {"Store": task("arn:aws:states:::aws-sdk:s3:putObject",
                        json!({"Bucket": "invoices", "Key.$": "$.key", "Body.$": "$"}))}}]}}}}}},
            {"StartAt": "Old", "States": {"Old": {"Type": "Map", "End": true, "Iterator": {
                "StartAt": "Count", "States": {"Count": task("arn:aws:states:::dynamodb:updateItem",
                    json!({"TableName": "Counters", "Key": {"pk": {"S.$": "$.id"}, "n": {"N": "1"}}}))}}}}}
        ]}}
    });
    let found = inventory(definition, None);
    assert_eq!(names(&found, Kind::Function), ["snapshot"]);
    assert_eq!(names(&found, Kind::Bucket), ["invoices"]);
    assert_eq!(names(&found, Kind::Table), ["Counters"]);
    let store = &found.resource(Kind::Bucket, "invoices").unwrap().uses[0];
    assert_eq!(store.state, "Both > Each > Inner > Store");
    assert_eq!(store.access, [Access::ObjectAction("s3:PutObject".into())]);
    let Spec::Table { key, key_source, .. } = &found.resource(Kind::Table, "Counters").unwrap().spec else {
        panic!("a table");
    };
    assert_eq!(*key_source, KeySource::Definition, "the Key names the key schema");
    assert_eq!((key[0].name.as_str(), key[1].kind.as_str()), ("pk", "N"));
    let allowed: Vec<String> = found.allowed_actions().into_iter().collect();
    assert_eq!(
        allowed,
        ["dynamodb:UpdateItem", "lambda:InvokeFunction", "s3:PutObject"]
    );
}

#[test]
fn jsonata_arguments_and_jsonpath_parameters_name_resources_alike() {
    let definition = json!({
        "QueryLanguage": "JSONata",
        "StartAt": "Invoke",
        "States": {
            "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Publish",
                "Arguments": {"FunctionName": "arn:aws:lambda:eu-west-1:111122223333:function:backup:prod",
                              "Payload": "{% $states.input %}"}},
            "Publish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Dynamic",
                "QueryLanguage": "JSONPath",
                "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message.$": "$.text"}},
            "Dynamic": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true,
                "Arguments": {"QueueUrl": "{% $states.input.queue %}", "MessageBody": "hi"}}
        }
    });
    let found = inventory(definition, None);
    assert_eq!(names(&found, Kind::Function), ["backup"]);
    assert_eq!(names(&found, Kind::Topic), ["alerts"]);
    assert!(
        names(&found, Kind::Queue).is_empty(),
        "a queue chosen at run time is not created"
    );
    assert!(
        found
            .notes()
            .iter()
            .any(|n| n.contains("\"Dynamic\"") && n.contains("QueueUrl chosen at run time")),
        "{:?}",
        found.notes()
    );
    assert!(
        found
            .notes()
            .iter()
            .any(|n| n.contains("as prod: the stub has no such version or alias")),
        "{:?}",
        found.notes()
    );
    let allowed: Vec<String> = found.allowed_actions().into_iter().collect();
    assert_eq!(allowed, ["lambda:InvokeFunction", "sns:Publish"]);
}

#[test]
fn callbacks_and_nested_executions_are_named_and_refused_to_express() {
    let definition = json!({
        "StartAt": "Ask",
        "States": {
            "Ask": task("arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                json!({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals.fifo",
                       "MessageBody": {"token.$": "$$.Task.Token"}})),
            "Child": task("arn:aws:states:::states:startExecution.sync:2",
                json!({"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Doubler"})),
            "Emit": task("arn:aws:states:::events:putEvents",
                json!({"Entries": [{"Detail": {}, "EventBusName": "arn:aws:events:us-east-1:1:event-bus/orders"},
                                   {"Detail": {}}]}))
        }
    });
    let scenario = json!({"stateMachines": {"Doubler": {"StartAt": "Get", "States": {
        "Get": task("arn:aws:states:::dynamodb:getItem", json!({"TableName": "Numbers", "Key": {"n": {"N.$": "$.n"}}}))}}}});
    let found = inventory(definition, Some(scenario));
    let queue = found
        .resource(Kind::Queue, "approvals.fifo")
        .expect("named from its URL");
    assert!(queue.fifo());
    assert_eq!(queue.uses[0].call, "sqs:sendMessage.waitForTaskToken");
    let child = found
        .resource(Kind::StateMachine, "Doubler")
        .expect("named from its ARN");
    assert!(matches!(&child.spec, Spec::StateMachine(m) if !m.stub));
    assert_eq!(child.uses[0].access, [Access::StartExecution { sync: true }]);
    let numbers = &found
        .resource(Kind::Table, "Numbers")
        .expect("the child's table")
        .uses[0];
    assert_eq!(numbers.machine.as_deref(), Some("Doubler"));
    assert_eq!(names(&found, Kind::EventBus), ["default", "orders"]);
    assert!(!found.resource(Kind::EventBus, "default").unwrap().created());
    let allowed = found.allowed_actions();
    for action in [
        "states:StartExecution",
        "states:DescribeExecution",
        "events:PutRule",
        "dynamodb:GetItem",
    ] {
        assert!(allowed.contains(action), "{action} in {allowed:?}");
    }
    assert_eq!(
        found.express_problems().len(),
        2,
        "{:?}",
        found.express_problems()
    );
    let options = export::Options {
        workflow: export::WorkflowType::Express,
        ..export::Options::default()
    };
    let refused = export::render(&found, &options, export::Format::Terraform).unwrap_err();
    assert!(refused
        .to_string()
        .contains("\"Ask\" uses arn:aws:states:::sqs:sendMessage.waitForTaskToken"));
}

#[test]
fn the_scenario_adds_what_it_declares_and_distributed_maps_run_the_machine_itself() {
    let definition = json!({
        "StartAt": "All",
        "States": {"All": {"Type": "Map", "End": true,
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                           "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                           "Parameters": {"Bucket": "jobs", "Key.$": "$.key"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results"}}}}
    });
    let scenario = json!({"services": {
        "lambda": {"functions": {"unused": {"echo": true}}},
        "dynamodb": {"tables": {"Events": {"key": {"pk": "S", "ts": "N"}, "items": [{"pk": {"S": "a"}, "ts": {"N": "1"}}]}}},
        "s3": {"buckets": {"jobs": {"objects": {"a.csv": "id\n1\n", "b.json": {"json": [1]}}}}}
    }});
    let found = inventory(definition, Some(scenario));
    assert_eq!(names(&found, Kind::Bucket), ["jobs", "results"]);
    assert!(found
        .resource(Kind::Function, "unused")
        .is_some_and(|f| f.declared && f.uses.is_empty()));
    let Spec::Table { key, items, .. } = &found.resource(Kind::Table, "Events").unwrap().spec else {
        panic!("a table");
    };
    assert_eq!((key.len(), items.len()), (2, 1));
    let Spec::Bucket { objects } = &found.resource(Kind::Bucket, "jobs").unwrap().spec else {
        panic!("a bucket");
    };
    assert_eq!(objects[1].content_type.as_deref(), Some("application/json"));
    assert_eq!(found.map_runs(), ["All"]);
    let allowed = found.allowed_actions();
    for action in [
        "states:StartExecution",
        "s3:GetObject",
        "s3:PutObject",
        "s3:AbortMultipartUpload",
    ] {
        assert!(allowed.contains(action), "{action} in {allowed:?}");
    }
    assert!(
        !allowed.iter().any(|a| a.starts_with("lambda:")),
        "an unused function is not allowed"
    );
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let not_json = Inventory::discover("{\"StartAt\": ", None).unwrap_err();
    assert!(
        matches!(not_json, export::ExportError::DefinitionNotJson { line: 1, .. }),
        "{not_json}"
    );
    let no_states = Inventory::discover("{\"StartAt\": \"A\"}", None).unwrap_err();
    assert_eq!(
        no_states.to_string(),
        "the definition is not a state machine: it has no States"
    );
    let scenario = json!({"services": {"sqs": {"queues": []}}});
    let bad_scenario = Inventory::from_value(&json!({"States": {}}), Some(&scenario)).unwrap_err();
    assert_eq!(
        bad_scenario.to_string(),
        "the scenario is not a lab scenario: services.sqs.queues must be a JSON object"
    );
    let options = export::Options {
        name: "Bad_Name".into(),
        ..export::Options::default()
    };
    let bad_name = export::export("{\"States\": {}}", None, &options, export::Format::AwsCli).unwrap_err();
    assert!(
        bad_name
            .to_string()
            .starts_with("the name 'Bad_Name' cannot prefix"),
        "{bad_name}"
    );
}
