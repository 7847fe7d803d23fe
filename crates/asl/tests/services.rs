//! The simulated cloud, called directly: every service action, its errors as AWS words them, and snapshots.

use asl::clock::Timestamp;
use asl::history::TaskResource;
use asl::random::Random;
use asl::services::{Behaviour, CallContext, CallError, Cloud};
use asl::StatesError;
use regex::Regex;
use serde_json::{json, Value};

const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";

fn ctx(random: &Random) -> CallContext<'_> {
    CallContext {
        random,
        now: Timestamp::DEFAULT_START,
        region: REGION,
        account: ACCOUNT,
    }
}

fn cloud(world: Value) -> Cloud {
    Cloud::from_world(&world).unwrap_or_else(|errors| panic!("world errors: {errors:#?}"))
}

fn resource(resource_type: &str, action: &str) -> TaskResource {
    TaskResource {
        resource_type: resource_type.into(),
        resource: action.into(),
    }
}

/// Calls `arn:aws:states:::TYPE:ACTION`.
fn call(cloud: &mut Cloud, random: &Random, target: &str, parameters: Value) -> Result<Value, CallError> {
    let (resource_type, action) = target.rsplit_once(':').unwrap_or(("", target));
    cloud.call(&resource(resource_type, action), &parameters, &ctx(random))
}

fn ok(result: Result<Value, CallError>) -> Value {
    result.unwrap_or_else(|e| panic!("expected success, got {e:?}"))
}

fn failed(result: Result<Value, CallError>) -> StatesError {
    match result {
        Err(CallError::Failed(error)) => error,
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn unsupported(result: Result<Value, CallError>) -> String {
    match result {
        Err(CallError::Unsupported(message)) => message,
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

fn assert_cause(error: &StatesError, name: &str, pattern: &str) {
    assert_eq!(error.name(), name, "{error:?}");
    let cause = error.cause.as_deref().unwrap_or_default();
    let regex = Regex::new(&format!("^(?s:{pattern})$")).unwrap();
    assert!(
        regex.is_match(cause),
        "cause {cause:?} does not match {pattern:?}"
    );
}

const UUID: &str = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

// ---------------------------------------------------------------- the world

#[test]
fn the_documented_world_example_loads() {
    let world = json!({
      "comment": "free text, ignored",
      "lambda": {"functions": {
        "backup": {"random": [
          {"weight": 1, "returns": {"IsBackupSuccessful": true}},
          {"weight": 1, "throws": {"error": "Exception", "cause": "Backup simulation failed."}}
        ]},
        "charge": {"sequence": [
          {"throws": {"error": "Lambda.TooManyRequestsException"}},
          {"template": {"orderId.$": "$.orderId", "charged": true}}
        ]},
        "echo": {"echo": true}
      }},
      "sqs": {"queues": {"approvals": {}, "orders.fifo": {"contentBasedDeduplication": true}}},
      "sns": {"topics": {"alerts": {"subscribers": [
        "manager@example.com",
        {"protocol": "sqs", "endpoint": "approvals", "rawMessageDelivery": true}
      ]}}},
      "dynamodb": {"tables": {
        "Orders": {"key": "orderId", "items": [{"orderId": {"S": "o-1"}, "total": {"N": "42"}}]},
        "Inventory": {"key": {"sku": "S"}, "items": [{"sku": {"S": "apple"}, "stock": {"N": "5"}}]},
        "Events": {"key": {"pk": "S", "ts": "N"}}
      }},
      "s3": {"buckets": {"invoices": {"objects": {
        "readme.txt": "plain text body",
        "orders.json": {"json": [{"id": 1}, {"id": 2}]},
        "report.csv": {"body": "id,total\n1,42\n", "contentType": "text/csv"}
      }}}},
      "eventbridge": {"buses": {"orders": {}}}
    });
    let cloud = cloud(world);
    assert!(cloud.has_function("backup"));
    assert!(cloud.has_function("arn:aws:lambda:eu-west-1:111122223333:function:charge:prod"));
    assert!(!cloud.has_function("nope"));
    let snapshot = cloud.snapshot();
    assert_eq!(
        snapshot["sqs"]["queues"]["orders.fifo"]["url"],
        "https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo"
    );
    assert_eq!(
        snapshot["dynamodb"]["tables"]["Events"]["key"],
        json!({"pk": "S", "ts": "N"})
    );
    assert_eq!(
        snapshot["s3"]["buckets"]["invoices"]["objects"]["orders.json"]["body"],
        "[{\"id\":1},{\"id\":2}]"
    );
    let bucket = cloud.s3().bucket("invoices").unwrap();
    assert_eq!(bucket.object("report.csv").unwrap().content_type(), "text/csv");
    assert_eq!(
        bucket.objects().map(|(k, _)| k).collect::<Vec<_>>(),
        ["orders.json", "readme.txt", "report.csv"]
    );
    assert_eq!(snapshot["eventbridge"]["buses"].as_object().unwrap().len(), 2);
}

#[test]
fn an_empty_world_is_the_default_cloud() {
    let empty = Cloud::from_world(&json!({})).unwrap().snapshot();
    assert_eq!(empty, Cloud::default().snapshot());
    assert_eq!(Cloud::from_world(&Value::Null).unwrap().snapshot(), empty);
    assert_eq!(empty["lambda"], json!({"functions": {}}));
    assert_eq!(empty["eventbridge"]["buses"]["default"]["events"], json!([]));
}

#[test]
fn every_problem_in_a_world_is_reported_where_it_is() {
    let errors = Cloud::from_world(&json!({
        "lamda": {},
        "lambda": {"functions": {"backup": {"retrns": 1}, "bad name": {"returns": 1}, "two": {"returns": 1, "echo": true}}},
        "sqs": {"queues": {"orders": {"fifo": true}, "plain": {"contentBasedDeduplication": true}}},
        "sns": {"topics": {"alerts": {"subscribers": ["arn:aws:sqs:us-east-1:1:missing", "nobody", {"protocol": "lambda", "endpoint": "f"}]}}},
        "dynamodb": {"tables": {"Orders": {"items": []}, "T1": {"key": "id"},
                                "Stock": {"key": {"sku": "X"}},
                                "Dup": {"key": "id", "items": [{"id": {"S": "a"}}, {"id": {"S": "a"}}, {"x": {"S": "b"}}]}}},
        "s3": {"buckets": {"Bad_Bucket": {}, "good": {"objects": {"a.json": {"body": {"x": 1}}}}}},
        "eventbridge": {"buses": {"default": {}}}
    }))
    .unwrap_err();
    let expected = [
        "world: unknown section field 'lamda' (did you mean 'lambda'?)",
        "lambda.functions.backup: unknown behaviour field 'retrns' (did you mean 'returns'?)",
        "lambda.functions[\"bad name\"]: a function name has 1 to 64 letters, digits, '-' and '_'",
        "lambda.functions.two: a behaviour has exactly one of",
        "sqs.queues.orders: unknown queue field 'fifo'",
        "sqs.queues.plain.contentBasedDeduplication: only FIFO queues",
        "sns.topics.alerts.subscribers[0]: the world has no queue 'arn:aws:sqs:us-east-1:1:missing'",
        "sns.topics.alerts.subscribers[1]: 'nobody' is not an e-mail address",
        "sns.topics.alerts.subscribers[2]: 'lambda' subscriptions are not simulated",
        "dynamodb.tables.Orders.key: a table needs a key",
        "dynamodb.tables.T1: a table name has 3 to 255 characters",
        "dynamodb.tables.Stock.key.sku: a key attribute's type is \"S\", \"N\" or \"B\"",
        "dynamodb.tables.Dup.items[1]: another item has the same key",
        "dynamodb.tables.Dup.items[2]: One or more parameter values were invalid: Missing the key id in the item",
        "s3.buckets.Bad_Bucket: a bucket name has 3 to 63 lower-case letters",
        "s3.buckets.good.objects[\"a.json\"].body: must be text, found an object (use 'json' to store a JSON value)",
        "eventbridge.buses.default: the default bus always exists",
    ];
    for prefix in expected {
        assert!(
            errors.iter().any(|e| e.starts_with(prefix)),
            "missing {prefix:?} in {errors:#?}"
        );
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
}

// ---------------------------------------------------------------- behaviours

#[test]
fn behaviours_read_and_answer() {
    let random = Random::new(1);
    let mut fixed = Behaviour::from_value(&json!({"returns": {"ok": true}}), "w").unwrap();
    assert_eq!(fixed.respond(&json!({}), &ctx(&random)), Ok(json!({"ok": true})));

    let mut thrower = Behaviour::from_value(&json!({"throws": {"error": "E", "cause": "why"}}), "w").unwrap();
    assert_eq!(
        thrower.respond(&json!({}), &ctx(&random)),
        Err(StatesError::new("E", "why"))
    );
    let mut short = Behaviour::from_value(&json!({"throws": "Only.Name"}), "w").unwrap();
    let error = short.respond(&json!({}), &ctx(&random)).unwrap_err();
    assert_eq!((error.name(), error.cause.as_deref()), ("Only.Name", None));

    let mut sequence = Behaviour::from_value(
        &json!({"sequence": [{"throws": "Busy"}, {"returns": 1}, {"returns": 2}]}),
        "w",
    )
    .unwrap();
    let answers: Vec<_> = (0..5)
        .map(|_| sequence.respond(&json!(null), &ctx(&random)))
        .collect();
    assert_eq!(answers[0].as_ref().unwrap_err().name(), "Busy");
    assert_eq!(
        &answers[1..],
        &[Ok(json!(1)), Ok(json!(2)), Ok(json!(2)), Ok(json!(2))],
        "the last one repeats"
    );

    let mut template = Behaviour::from_value(
        &json!({"template": {"id.$": "$.order.id", "fixed": [1, {"all.$": "$"}]}}),
        "w",
    )
    .unwrap();
    assert_eq!(
        template.respond(&json!({"order": {"id": 7}}), &ctx(&random)),
        Ok(json!({"id": 7, "fixed": [1, {"all": {"order": {"id": 7}}}]}))
    );
    let missing = template.respond(&json!({}), &ctx(&random)).unwrap_err();
    assert_eq!(missing.name(), "KeyError");

    let mut echo = Behaviour::from_value(&json!({"echo": true}), "w").unwrap();
    assert_eq!(echo.respond(&json!([1, 2]), &ctx(&random)), Ok(json!([1, 2])));

    for (bad, message) in [
        (json!({}), "w: a behaviour needs one of"),
        (json!(3), "w: expected a behaviour, found a number"),
        (json!({"sequence": []}), "w.sequence: must be a non-empty list"),
        (
            json!({"random": [{"weight": 0, "returns": 1}]}),
            "w.random[0].weight: must be a positive number",
        ),
        (json!({"throws": {"cause": "x"}}), "w.throws: needs 'error'"),
        (
            json!({"template": {"a.$": "$$.Execution"}}),
            "w.template[\"a.$\"]: a function sees only its input",
        ),
        (json!({"echo": false}), "w.echo: must be true"),
        (
            json!({"returns": 1, "weight": 2}),
            "w: unknown behaviour field 'weight'",
        ),
    ] {
        let errors = Behaviour::from_value(&bad, "w").unwrap_err();
        assert!(errors.iter().any(|e| e.starts_with(message)), "{bad}: {errors:?}");
    }
}

#[test]
fn random_behaviours_follow_the_seed_and_the_weights() {
    let spec = json!({"random": [
        {"weight": 1, "returns": {"IsBackupSuccessful": true}},
        {"weight": 1, "throws": {"error": "Exception", "cause": "Backup simulation failed."}}
    ]});
    let outcomes = |seed: u64| -> Vec<bool> {
        let random = Random::new(seed);
        let mut behaviour = Behaviour::from_value(&spec, "backup").unwrap();
        (0..200)
            .map(|_| behaviour.respond(&json!({}), &ctx(&random)).is_ok())
            .collect()
    };
    let first = outcomes(42);
    assert_eq!(first, outcomes(42), "the same seed gives the same run");
    let successes = first.iter().filter(|ok| **ok).count();
    assert!((70..130).contains(&successes), "about half succeed: {successes}");

    let random = Random::new(3);
    let mut never = Behaviour::from_value(
        &json!({"random": [{"weight": 1000, "returns": 1}, {"weight": 0.001, "returns": 2}]}),
        "w",
    )
    .unwrap();
    let twos = (0..100)
        .filter(|_| never.respond(&json!({}), &ctx(&random)) == Ok(json!(2)))
        .count();
    assert!(twos <= 1);
}

// ---------------------------------------------------------------- Lambda

fn lambda_world() -> Cloud {
    cloud(json!({"lambda": {"functions": {
        "echo": {"echo": true},
        "fails": {"throws": {"error": "Exception", "cause": "Some exception was raised."}},
        "custom": {"throws": {"error": "CustomException", "stackTrace": ["  File \"/var/task/handler.py\", line 9"]}},
        "throttled": {"sequence": [{"throws": {"error": "Lambda.TooManyRequestsException"}}, {"returns": "fine"}]},
        "backup": {"random": [
            {"weight": 1, "returns": {"IsBackupSuccessful": true}},
            {"weight": 1, "throws": {"error": "Exception", "cause": "Backup simulation failed."}}
        ]}
    }}}))
}

#[test]
fn lambda_invoke_answers_the_sdk_response() {
    let random = Random::new(1);
    let mut cloud = lambda_world();
    let result = ok(call(
        &mut cloud,
        &random,
        "lambda:invoke",
        json!({"FunctionName": "echo", "Payload": {"a": [1, 2]}}),
    ));
    let keys: Vec<&str> = result.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "ExecutedVersion",
            "Payload",
            "SdkHttpMetadata",
            "SdkResponseMetadata",
            "StatusCode"
        ]
    );
    assert_eq!(result["ExecutedVersion"], "$LATEST");
    assert_eq!(result["Payload"], json!({"a": [1, 2]}));
    assert_eq!(result["StatusCode"], 200);
    let http = &result["SdkHttpMetadata"];
    assert_eq!(http["HttpStatusCode"], 200);
    // The Python runtime's JSON: {"a": [1, 2]}
    assert_eq!(http["HttpHeaders"]["Content-Length"], "13");
    assert_eq!(http["AllHttpHeaders"]["Content-Length"], json!(["13"]));
    assert_eq!(http["HttpHeaders"]["Content-Type"], "application/json");
    assert_eq!(http["HttpHeaders"]["Date"], "Mon, 01 Jan 2024 00:00:00 GMT");
    assert_eq!(http["HttpHeaders"]["X-Amz-Executed-Version"], "$LATEST");
    let request_id = result["SdkResponseMetadata"]["RequestId"].as_str().unwrap();
    assert!(Regex::new(&format!("^{UUID}$")).unwrap().is_match(request_id));
    assert_eq!(http["HttpHeaders"]["x-amzn-RequestId"], request_id);
    let header_names: Vec<&str> = http["HttpHeaders"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        header_names,
        [
            "Connection",
            "Content-Length",
            "Content-Type",
            "Date",
            "X-Amz-Executed-Version",
            "x-amzn-Remapped-Content-Length",
            "x-amzn-RequestId",
            "X-Amzn-Trace-Id"
        ],
        "sorted without regard to case, as recorded"
    );
}

#[test]
fn lambda_invoke_reads_payloads_and_function_names_as_aws_does() {
    let random = Random::new(1);
    let mut cloud = lambda_world();
    // As recorded: a string payload is the JSON text sent; a null payload sends {}.
    for (payload, expected, length) in [
        (json!("\"HelloWorld\""), json!("HelloWorld"), "12"),
        (json!("0.0"), json!(0.0), "3"),
        (json!("[]"), json!([]), "2"),
        (json!(null), json!({}), "2"),
        (json!(true), json!(true), "4"),
    ] {
        let result = ok(call(
            &mut cloud,
            &random,
            "lambda:invoke",
            json!({"FunctionName": "echo", "Payload": payload}),
        ));
        assert_eq!(result["Payload"], expected);
        assert_eq!(result["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"], length);
    }
    let not_json = failed(call(
        &mut cloud,
        &random,
        "lambda:invoke",
        json!({"FunctionName": "echo", "Payload": "hello"}),
    ));
    assert_cause(
        &not_json,
        "Lambda.InvalidRequestContentException",
        "Could not parse request body into json: .*\\(Service: AWSLambda; Status Code: 400; Error Code: \
         InvalidRequestContentException; Request ID: .*; Proxy: null\\)",
    );
    for name in [
        "echo:7",
        "123456789012:function:echo:7",
        "arn:aws:lambda:us-east-1:123456789012:function:echo:7",
    ] {
        let result = ok(call(
            &mut cloud,
            &random,
            "lambda:invoke",
            json!({"FunctionName": name, "Payload": {}}),
        ));
        assert_eq!(result["ExecutedVersion"], "7", "{name}");
    }
    let aliased = ok(call(
        &mut cloud,
        &random,
        "lambda:invoke",
        json!({"FunctionName": "echo", "Qualifier": "prod", "LogType": "Tail"}),
    ));
    assert_eq!(aliased["ExecutedVersion"], "$LATEST");
    assert!(aliased["LogResult"].as_str().is_some_and(|l| !l.is_empty()));
    let event = ok(call(
        &mut cloud,
        &random,
        "lambda:invoke",
        json!({"FunctionName": "echo", "InvocationType": "Event"}),
    ));
    assert_eq!(
        (event["StatusCode"].clone(), event["Payload"].clone()),
        (json!(202), json!(""))
    );
    let dry = ok(call(
        &mut cloud,
        &random,
        "lambda:invoke",
        json!({"FunctionName": "echo", "InvocationType": "DryRun"}),
    ));
    assert_eq!(dry["StatusCode"], 204);

    let missing = failed(call(
        &mut cloud,
        &random,
        "lambda:invoke",
        json!({"FunctionName": "nope"}),
    ));
    assert_cause(
        &missing,
        "Lambda.ResourceNotFoundException",
        &format!(
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope \\(Service: AWSLambda; Status Code: 404; \
             Error Code: ResourceNotFoundException; Request ID: {UUID}; Proxy: null\\)"
        ),
    );
    let no_name = failed(call(&mut cloud, &random, "lambda:invoke", json!({"Payload": {}})));
    assert_eq!(no_name.name(), "Lambda.AWSLambdaException");
    let bad_name = failed(call(
        &mut cloud,
        &random,
        "lambda:invoke",
        json!({"FunctionName": "a b"}),
    ));
    assert!(bad_name
        .cause
        .unwrap()
        .starts_with("1 validation error detected: Value 'a b' at 'functionName'"));
}

#[test]
fn lambda_function_errors_carry_the_error_report() {
    let random = Random::new(1);
    let mut cloud = lambda_world();
    // lambda:invoke: Step Functions' compact JSON, as recorded.
    let error = failed(call(
        &mut cloud,
        &random,
        "lambda:invoke",
        json!({"FunctionName": "fails"}),
    ));
    assert_cause(
        &error,
        "Exception",
        &format!(
            r#"\{{"errorMessage":"Some exception was raised.","errorType":"Exception","requestId":"{UUID}","stackTrace":\[\]\}}"#
        ),
    );
    // The function-ARN form: the Python runtime's JSON, as recorded.
    let arn = "arn:aws:lambda:us-east-1:111111111111:function:custom";
    let error = failed(cloud.invoke_function(arn, &json!({}), &ctx(&random)));
    assert_cause(
        &error,
        "CustomException",
        &format!(
            r#"\{{"errorMessage": "", "errorType": "CustomException", "requestId": "{UUID}", "stackTrace": \["  File \\"/var/task/handler.py\\", line 9"\]\}}"#
        ),
    );
    // A behaviour throwing Lambda.* is the Lambda service failing; the next call succeeds.
    let throttled = failed(call(
        &mut cloud,
        &random,
        "lambda:invoke",
        json!({"FunctionName": "throttled"}),
    ));
    assert_cause(
        &throttled,
        "Lambda.TooManyRequestsException",
        "Rate Exceeded. \\(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: .*; Proxy: null\\)",
    );
    assert_eq!(
        ok(call(
            &mut cloud,
            &random,
            "lambda:invoke",
            json!({"FunctionName": "throttled"})
        ))["Payload"],
        "fine"
    );
    // The function-ARN form returns the payload itself.
    let echoed = ok(cloud.invoke_function(
        "arn:aws:lambda:us-east-1:123456789012:function:echo",
        &json!({"x": 1}),
        &ctx(&random),
    ));
    assert_eq!(echoed, json!({"x": 1}));
    // The function ARN as a Task resource names it in history events.
    let by_resource = cloud.call(
        &resource("lambda", "arn:aws:lambda:us-east-1:123456789012:function:echo"),
        &json!({"y": 2}),
        &ctx(&random),
    );
    assert_eq!(by_resource, Ok(json!({"y": 2})));
    let unknown = failed(cloud.invoke_function(
        "arn:aws:lambda:us-east-1:123456789012:function:ghost",
        &json!({}),
        &ctx(&random),
    ));
    assert_eq!(unknown.name(), "Lambda.ResourceNotFoundException");

    let invocations = &cloud.snapshot()["lambda"]["functions"];
    assert_eq!(
        invocations["fails"]["invocations"][0]["error"],
        json!({"errorType": "Exception", "errorMessage": "Some exception was raised."})
    );
    assert_eq!(invocations["echo"]["invocations"][0]["via"], "function ARN");
    assert_eq!(
        invocations["throttled"]["invocations"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn the_backup_lambda_succeeds_about_half_the_time() {
    let random = Random::new(7);
    let mut cloud = lambda_world();
    let mut successes = 0;
    for _ in 0..100 {
        match call(
            &mut cloud,
            &random,
            "lambda:invoke",
            json!({"FunctionName": "backup", "Payload": {}}),
        ) {
            Ok(result) => {
                assert_eq!(result["Payload"], json!({"IsBackupSuccessful": true}));
                successes += 1;
            }
            Err(CallError::Failed(error)) => {
                assert_eq!(error.name(), "Exception");
                let report: Value = serde_json::from_str(error.cause.as_deref().unwrap()).unwrap();
                assert_eq!(report["errorMessage"], "Backup simulation failed.");
            }
            Err(other) => panic!("{other:?}"),
        }
    }
    assert!((30..70).contains(&successes), "{successes}");
}

// ---------------------------------------------------------------- SQS

fn queue_url(name: &str) -> String {
    format!("https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}")
}

#[test]
fn sqs_send_message_keeps_the_message_for_the_learner() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({"sqs": {"queues": {"approvals": {}}}}));
    let result = ok(call(
        &mut cloud,
        &random,
        "sqs:sendMessage",
        json!({"QueueUrl": queue_url("approvals"), "MessageBody": "hello"}),
    ));
    assert_eq!(result["MD5OfMessageBody"], "5d41402abc4b2a76b9719d911017c592");
    assert!(Regex::new(&format!("^{UUID}$"))
        .unwrap()
        .is_match(result["MessageId"].as_str().unwrap()));
    // {"MD5OfMessageBody":"<32>","MessageId":"<36>"} is 106 bytes, as recorded.
    assert_eq!(result["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"], "106");
    assert_eq!(
        result["SdkHttpMetadata"]["HttpHeaders"]["Content-Type"],
        "application/x-amz-json-1.0"
    );

    // A waitForTaskToken message: the body is an object, sent as its JSON text; a
    // learner (or the lab) reads the token back out of the queue.
    let with_token = ok(call(
        &mut cloud,
        &random,
        "sqs:sendMessage",
        json!({
            "QueueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/approvals",
            "MessageBody": {"Message": "approve?", "TaskToken": "AQCEAAAAKgAAAA-token"},
            "MessageAttributes": {"kind": {"DataType": "String", "StringValue": "approval"}}
        }),
    ));
    assert!(with_token["MD5OfMessageAttributes"]
        .as_str()
        .is_some_and(|m| m.len() == 32));
    assert_eq!(
        with_token["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"],
        "166"
    );
    let snapshot = cloud.snapshot();
    let messages = snapshot["sqs"]["queues"]["approvals"]["messages"]
        .as_array()
        .unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["body"], "hello");
    assert_eq!(
        messages[1]["body"],
        r#"{"Message":"approve?","TaskToken":"AQCEAAAAKgAAAA-token"}"#
    );
    let body: Value = serde_json::from_str(messages[1]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["TaskToken"], "AQCEAAAAKgAAAA-token");
    assert_eq!(messages[1]["messageId"], with_token["MessageId"]);
    assert_eq!(messages[1]["sentAt"], "2024-01-01T00:00:00.000Z");
    assert_eq!(messages[1]["attributes"]["SentTimestamp"], "1704067200000");
    assert_eq!(
        messages[1]["messageAttributes"]["kind"]["StringValue"],
        "approval"
    );
}

#[test]
fn sqs_fifo_queues_need_groups_and_deduplicate() {
    let random = Random::new(1);
    let mut cloud = cloud(
        json!({"sqs": {"queues": {"orders.fifo": {}, "auto.fifo": {"contentBasedDeduplication": true}}}}),
    );
    let no_group = failed(call(
        &mut cloud,
        &random,
        "sqs:sendMessage",
        json!({"QueueUrl": queue_url("orders.fifo"), "MessageBody": "x"}),
    ));
    assert_cause(
        &no_group,
        "SQS.AmazonSQSException",
        "The request must contain the parameter MessageGroupId. \\(Service: AmazonSQS; Status Code: 400; \
         Error Code: MissingParameter; Request ID: .*; Proxy: null\\)",
    );
    let no_dedup = failed(call(
        &mut cloud,
        &random,
        "sqs:sendMessage",
        json!({"QueueUrl": queue_url("orders.fifo"), "MessageBody": "x", "MessageGroupId": "g"}),
    ));
    assert!(no_dedup
        .cause
        .unwrap()
        .starts_with("The queue should either have ContentBasedDeduplication enabled"));
    let send = |cloud: &mut Cloud, body: &str| {
        ok(call(
            cloud,
            &random,
            "sqs:sendMessage",
            json!({"QueueUrl": queue_url("auto.fifo"), "MessageBody": body, "MessageGroupId": "g"}),
        ))
    };
    let first = send(&mut cloud, "a");
    let again = send(&mut cloud, "a");
    let other = send(&mut cloud, "b");
    assert_eq!(
        first["MessageId"], again["MessageId"],
        "a duplicate within five minutes is the same message"
    );
    assert_eq!(first["SequenceNumber"], again["SequenceNumber"]);
    let (s1, s2) = (
        first["SequenceNumber"].as_str().unwrap(),
        other["SequenceNumber"].as_str().unwrap(),
    );
    assert_eq!(s1.len(), 20);
    assert!(s2 > s1);
    let messages = &cloud.snapshot()["sqs"]["queues"]["auto.fifo"]["messages"];
    assert_eq!(messages.as_array().unwrap().len(), 2);
    assert_eq!(messages[0]["attributes"]["MessageGroupId"], "g");
}

#[test]
fn sqs_errors_as_aws_words_them() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({"sqs": {"queues": {"approvals": {}}}}));
    let missing_body = failed(call(
        &mut cloud,
        &random,
        "sqs:sendMessage",
        json!({"QueueUrl": queue_url("approvals"), "MessageBody": null}),
    ));
    // Recorded against AWS.
    assert_cause(
        &missing_body,
        "SQS.AmazonSQSException",
        "The request must contain the parameter MessageBody. \\(Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; \
         Request ID: .*; Proxy: null\\)",
    );
    let no_queue = failed(call(
        &mut cloud,
        &random,
        "sqs:sendMessage",
        json!({"QueueUrl": queue_url("nope"), "MessageBody": "x"}),
    ));
    assert_cause(
        &no_queue,
        "SQS.QueueDoesNotExistException",
        "The specified queue does not exist. \\(Service: AmazonSQS; Status Code: 400; Error Code: \
         AWS.SimpleQueueService.NonExistentQueue; Request ID: .*; Proxy: null\\)",
    );
    let sdk = failed(call(
        &mut cloud,
        &random,
        "aws-sdk:sqs:sendMessage",
        json!({"QueueUrl": queue_url("nope"), "MessageBody": "x"}),
    ));
    assert_cause(
        &sdk,
        "Sqs.QueueDoesNotExistException",
        "The specified queue does not exist. \\(Service: Sqs, Status Code: 400, Request ID: .*\\)",
    );
    let no_host = failed(call(
        &mut cloud,
        &random,
        "sqs:sendMessage",
        json!({"QueueUrl": "no-such-queue-73e08fde", "MessageBody": "x"}),
    ));
    // Recorded against AWS.
    assert_eq!(
        no_host,
        StatesError::new(
            "SQS.SdkClientException",
            "Unable to execute HTTP request: no-such-queue-73e08fde: Name or service not known"
        )
    );
    let bad_attribute = failed(call(
        &mut cloud,
        &random,
        "sqs:sendMessage",
        json!({"QueueUrl": queue_url("approvals"), "MessageBody": "x", "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "abc"}}}),
    ));
    assert!(bad_attribute
        .cause
        .unwrap()
        .starts_with("Can't cast the value of message (user) attribute 'n' to a number."));
    let sdk_ok = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:sqs:sendMessage",
        json!({"QueueUrl": queue_url("approvals"), "MessageBody": "x"}),
    ));
    assert!(
        sdk_ok.get("SdkHttpMetadata").is_none(),
        "the SDK integration adds no HTTP metadata"
    );
}

// ---------------------------------------------------------------- SNS

#[test]
fn sns_publish_delivers_to_every_subscriber() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({
        "sqs": {"queues": {"audit": {}, "raw": {}}},
        "sns": {"topics": {"approvals": {"subscribers": [
            "manager@example.com",
            "arn:aws:sqs:us-east-1:123456789012:audit",
            {"protocol": "sqs", "endpoint": "raw", "rawMessageDelivery": true},
            "https://hooks.example.com/approve"
        ]}}}
    }));
    let topic = "arn:aws:sns:us-east-1:123456789012:approvals";
    let result = ok(call(
        &mut cloud,
        &random,
        "sns:publish",
        json!({"TopicArn": topic, "Message": {"orderId": "o-1", "TaskToken": "tok"}, "Subject": "Approve order o-1",
               "MessageAttributes": {"priority": {"DataType": "String", "StringValue": "high"}}}),
    ));
    let http = &result["SdkHttpMetadata"]["HttpHeaders"];
    assert_eq!(http["Content-Length"], "294", "SNS's XML response, as recorded");
    assert_eq!(http["Content-Type"], "text/xml");
    let snapshot = cloud.snapshot();
    let published = &snapshot["sns"]["topics"]["approvals"]["messages"][0];
    assert_eq!(published["messageId"], result["MessageId"]);
    assert_eq!(published["message"], r#"{"orderId":"o-1","TaskToken":"tok"}"#);
    let deliveries = published["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 4);
    assert_eq!(
        deliveries[0],
        json!({"protocol": "email", "endpoint": "manager@example.com", "subject": "Approve order o-1",
               "body": r#"{"orderId":"o-1","TaskToken":"tok"}"#})
    );
    // The queue received SNS's notification envelope; the raw subscriber the message itself.
    let audit = &snapshot["sqs"]["queues"]["audit"]["messages"][0];
    let envelope: Value = serde_json::from_str(audit["body"].as_str().unwrap()).unwrap();
    assert_eq!(envelope["Type"], "Notification");
    assert_eq!(envelope["TopicArn"], topic);
    assert_eq!(envelope["Message"], r#"{"orderId":"o-1","TaskToken":"tok"}"#);
    assert_eq!(
        envelope["MessageAttributes"]["priority"],
        json!({"Type": "String", "Value": "high"})
    );
    assert_eq!(audit["attributes"]["SenderId"], "sns:approvals");
    let raw = &snapshot["sqs"]["queues"]["raw"]["messages"][0];
    assert_eq!(raw["body"], r#"{"orderId":"o-1","TaskToken":"tok"}"#);
    assert_eq!(raw["messageAttributes"]["priority"]["StringValue"], "high");

    let structured = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:sns:publish",
        json!({"TopicArn": topic, "MessageStructure": "json", "Message": r#"{"default": "d", "email": "for e-mail"}"#}),
    ));
    assert!(structured.get("SdkHttpMetadata").is_none());
    let second = &cloud.snapshot()["sns"]["topics"]["approvals"]["messages"][1];
    assert_eq!(second["deliveries"][0]["body"], "for e-mail");
    assert_eq!(second["deliveries"][0]["subject"], "AWS Notification Message");
    assert_eq!(second["deliveries"][2]["body"], "d");

    let sms = ok(call(
        &mut cloud,
        &random,
        "sns:publish",
        json!({"PhoneNumber": "+15555550100", "Message": "hi"}),
    ));
    assert_eq!(cloud.snapshot()["sns"]["sms"][0]["messageId"], sms["MessageId"]);
}

#[test]
fn sns_errors_as_recorded_against_aws() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({"sns": {"topics": {"plain": {}, "orders.fifo": {}}}}));
    let fifo = "arn:aws:sns:us-east-1:123456789012:orders.fifo";
    let no_group = failed(call(
        &mut cloud,
        &random,
        "sns:publish",
        json!({"TopicArn": fifo, "Message": {"Message": "HelloWorld!"}}),
    ));
    assert_cause(
        &no_group,
        "SNS.InvalidParameterException",
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics \\(Service: AmazonSNS; Status Code: 400; \
         Error Code: InvalidParameter; Request ID: .*; Proxy: null\\)",
    );
    let grouped = ok(call(
        &mut cloud,
        &random,
        "sns:publish",
        json!({"TopicArn": fifo, "Message": {"Message": "HelloWorld!"}, "MessageGroupId": "a-group", "MessageDeduplicationId": "dedup-1"}),
    ));
    assert_eq!(
        grouped["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"], "352",
        "as recorded"
    );
    assert_eq!(grouped["SequenceNumber"].as_str().map(str::len), Some(20));
    let again = ok(call(
        &mut cloud,
        &random,
        "sns:publish",
        json!({"TopicArn": fifo, "Message": "other text", "MessageGroupId": "a-group", "MessageDeduplicationId": "dedup-1"}),
    ));
    assert_eq!(
        again["MessageId"], grouped["MessageId"],
        "deduplicated within five minutes"
    );
    assert_eq!(
        cloud.snapshot()["sns"]["topics"]["orders.fifo"]["messages"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let gone = failed(call(
        &mut cloud,
        &random,
        "sns:publish",
        json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:gone", "Message": "x"}),
    ));
    assert_cause(
        &gone,
        "SNS.NotFoundException",
        "Topic does not exist \\(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: .*; Proxy: null\\)",
    );
    let no_message = failed(call(
        &mut cloud,
        &random,
        "sns:publish",
        json!({"TopicArn": "arn:aws:sns:us-east-1:1:plain"}),
    ));
    assert_eq!(no_message.name(), "SNS.AmazonSNSException");
    let sdk = failed(call(
        &mut cloud,
        &random,
        "aws-sdk:sns:publish",
        json!({"TopicArn": "arn:aws:sns:us-east-1:1:gone", "Message": "x"}),
    ));
    assert_cause(
        &sdk,
        "Sns.NotFoundException",
        "Topic does not exist \\(Service: Sns, Status Code: 404, Request ID: .*\\)",
    );
}

// ---------------------------------------------------------------- DynamoDB

#[test]
fn dynamodb_sdk_calls_answer_as_recorded() {
    // The recorded put/update/get sequence of AWS_SDK_DYNAMODB_PUT_UPDATE_GET_ITEM.
    let random = Random::new(1);
    let mut cloud = cloud(json!({"dynamodb": {"tables": {"sfn_test_table": {"key": "id"}}}}));
    let table = "sfn_test_table";
    let put = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:putItem",
        json!({"TableName": table, "Item": {"data": {"S": "HelloWorld"}, "id": {"S": "id1"}}}),
    ));
    assert_eq!(put, json!({}));
    let update = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:updateItem",
        json!({"TableName": table, "Key": {"id": {"S": "id1"}}, "UpdateExpression": "set S=:r",
               "ExpressionAttributeValues": {":r": {"S": "HelloWorldUpdated"}}, "ReturnValues": "UPDATED_NEW"}),
    ));
    assert_eq!(update, json!({"Attributes": {"S": {"S": "HelloWorldUpdated"}}}));
    let get = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:getItem",
        json!({"TableName": table, "Key": {"id": {"S": "id1"}}}),
    ));
    assert_eq!(
        get,
        json!({"Item": {"S": {"S": "HelloWorldUpdated"}, "data": {"S": "HelloWorld"}, "id": {"S": "id1"}}})
    );
    let delete = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:deleteItem",
        json!({"TableName": table, "Key": {"id": {"S": "id1"}}}),
    ));
    assert_eq!(delete, json!({}));
    let gone = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:getItem",
        json!({"TableName": table, "Key": {"id": {"S": "id1"}}}),
    ));
    assert_eq!(gone, json!({}));
}

#[test]
fn dynamodb_optimized_calls_add_http_metadata() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({"dynamodb": {"tables": {"Orders": {"key": "id"}}}}));
    let put = ok(call(
        &mut cloud,
        &random,
        "dynamodb:putItem",
        json!({"TableName": "Orders", "Item": {"id": {"S": "o-1"}}}),
    ));
    let headers = &put["SdkHttpMetadata"]["HttpHeaders"];
    assert_eq!(headers["Content-Length"], "2");
    assert_eq!(
        headers["x-amz-crc32"], "2745614147",
        "the CRC-32 of {{}}, as recorded"
    );
    let request_id = put["SdkResponseMetadata"]["RequestId"].as_str().unwrap();
    assert!(Regex::new("^[A-Z0-9]{52}$").unwrap().is_match(request_id));
    let get = ok(call(
        &mut cloud,
        &random,
        "dynamodb:getItem",
        json!({"TableName": "Orders", "Key": {"id": {"S": "o-1"}}}),
    ));
    assert_eq!(get["Item"], json!({"id": {"S": "o-1"}}));
    let keys: Vec<&str> = get.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["Item", "SdkHttpMetadata", "SdkResponseMetadata"]);
}

#[test]
fn dynamodb_errors_as_recorded_against_aws() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({"dynamodb": {"tables": {"Orders": {"key": "id"}}}}));
    let null_item = json!({"TableName": "no_such_sfn_test_table", "Key": null, "Item": null});
    assert_cause(
        &failed(call(&mut cloud, &random, "dynamodb:putItem", null_item.clone())),
        "DynamoDB.AmazonDynamoDBException",
        "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null \
         \\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException; Request ID: [A-Z0-9]{52}; Proxy: null\\)",
    );
    assert_cause(
        &failed(call(&mut cloud, &random, "aws-sdk:dynamodb:putItem", null_item)),
        "DynamoDb.DynamoDbException",
        "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null \
         \\(Service: DynamoDb, Status Code: 400, Request ID: [A-Z0-9]{52}\\)",
    );
    let no_table = json!({"TableName": "no_such_sfn_test_table", "Item": {"data": {"S": "HelloWorld"}, "id": {"S": "id1"}}});
    assert_cause(
        &failed(call(&mut cloud, &random, "dynamodb:putItem", no_table.clone())),
        "DynamoDB.ResourceNotFoundException",
        "Requested resource not found \\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; \
         Request ID: .*; Proxy: null\\)",
    );
    assert_eq!(
        failed(call(&mut cloud, &random, "aws-sdk:dynamodb:putItem", no_table)).name(),
        "DynamoDb.ResourceNotFoundException"
    );

    let validation = |cloud: &mut Cloud, action: &str, parameters: Value| -> String {
        let error = failed(call(cloud, &random, action, parameters));
        assert_eq!(error.name(), "DynamoDB.AmazonDynamoDBException", "{error:?}");
        let cause = error.cause.unwrap_or_default();
        cause.split(" (Service:").next().unwrap_or_default().to_string()
    };
    assert_eq!(
        validation(
            &mut cloud,
            "dynamodb:putItem",
            json!({"TableName": "Orders", "Item": {"total": {"N": "1"}}})
        ),
        "One or more parameter values were invalid: Missing the key id in the item"
    );
    assert_eq!(
        validation(
            &mut cloud,
            "dynamodb:putItem",
            json!({"TableName": "Orders", "Item": {"id": {"N": "1"}}})
        ),
        "One or more parameter values were invalid: Type mismatch for key id expected: S actual: N"
    );
    assert_eq!(
        validation(
            &mut cloud,
            "dynamodb:getItem",
            json!({"TableName": "Orders", "Key": {"id": {"S": "a"}, "x": {"S": "b"}}})
        ),
        "The provided key element does not match the schema"
    );
    assert_eq!(
        validation(&mut cloud, "dynamodb:putItem", json!({"TableName": "Orders", "Item": {"id": {"S": ""}}})),
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id"
    );
    assert_eq!(
        validation(
            &mut cloud,
            "dynamodb:putItem",
            json!({"TableName": "Orders", "Item": {"id": {"S": "a"}, "n": {"N": "abc"}}})
        ),
        "The parameter cannot be converted to a numeric value: abc"
    );
    assert_eq!(
        validation(
            &mut cloud,
            "dynamodb:putItem",
            json!({"TableName": "Orders", "Item": {"id": {"S": "a"}}, "ConditionExpression": "status = :s",
                   "ExpressionAttributeValues": {":s": {"S": "NEW"}}})
        ),
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"
    );
    assert_eq!(
        validation(
            &mut cloud,
            "dynamodb:putItem",
            json!({"TableName": "Orders", "Item": {"id": {"S": "a"}}, "ConditionExpression": "attribute_not_exists(id)",
                   "ExpressionAttributeValues": {":s": {"S": "NEW"}}})
        ),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:s}"
    );
    assert_eq!(
        validation(
            &mut cloud,
            "dynamodb:putItem",
            json!({"TableName": "Orders", "Item": {"id": {"S": "a"}}, "ExpressionAttributeValues": {":s": {"S": "NEW"}}})
        ),
        "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"
    );
    assert_eq!(
        validation(
            &mut cloud,
            "dynamodb:updateItem",
            json!({"TableName": "Orders", "Key": {"id": {"S": "a"}}, "UpdateExpression": "SET id = :v",
                   "ExpressionAttributeValues": {":v": {"S": "b"}}})
        ),
        "One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key"
    );
    assert_eq!(
        validation(
            &mut cloud,
            "dynamodb:putItem",
            json!({"TableName": "Orders", "Item": {"id": {"S": "a"}}, "ReturnValues": "ALL_NEW"})
        ),
        "ReturnValues can only be ALL_OLD or NONE"
    );
    assert_eq!(
        validation(
            &mut cloud,
            "dynamodb:putItem",
            json!({"TableName": "Orders", "Item": {"id": {"S": "a"}, "s": {"SS": []}}})
        ),
        "One or more parameter values were invalid: An string set  may not be empty"
    );
    let legacy = unsupported(call(
        &mut cloud,
        &random,
        "dynamodb:putItem",
        json!({"TableName": "Orders", "Item": {}, "Expected": {}}),
    ));
    assert!(
        legacy.contains("legacy parameter 'Expected'; use ConditionExpression"),
        "{legacy}"
    );
}

#[test]
fn dynamodb_conditions_fail_with_conditional_check_failed() {
    let random = Random::new(1);
    let mut cloud = cloud(
        json!({"dynamodb": {"tables": {"Orders": {"key": "id", "items": [{"id": {"S": "o-1"}, "status": {"S": "NEW"}}]}}}}),
    );
    let put_again = json!({"TableName": "Orders", "Item": {"id": {"S": "o-1"}}, "ConditionExpression": "attribute_not_exists(id)"});
    assert_cause(
        &failed(call(&mut cloud, &random, "dynamodb:putItem", put_again.clone())),
        "DynamoDB.ConditionalCheckFailedException",
        "The conditional request failed \\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: \
         ConditionalCheckFailedException; Request ID: [A-Z0-9]{52}; Proxy: null\\)",
    );
    assert_cause(
        &failed(call(&mut cloud, &random, "aws-sdk:dynamodb:putItem", put_again)),
        "DynamoDb.ConditionalCheckFailedException",
        "The conditional request failed \\(Service: DynamoDb, Status Code: 400, Request ID: [A-Z0-9]{52}\\)",
    );
    let cancel = json!({"TableName": "Orders", "Key": {"id": {"S": "o-1"}}, "ConditionExpression": "#s = :new",
                        "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":new": {"S": "NEW"}},
                        "ReturnValues": "ALL_OLD"});
    let deleted = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:deleteItem",
        cancel.clone(),
    ));
    assert_eq!(
        deleted,
        json!({"Attributes": {"id": {"S": "o-1"}, "status": {"S": "NEW"}}})
    );
    assert_eq!(
        failed(call(&mut cloud, &random, "aws-sdk:dynamodb:deleteItem", cancel)).name(),
        "DynamoDb.ConditionalCheckFailedException"
    );
}

/// A saga across three tables: place the order, charge it, reserve stock; when
/// stock runs out the conditional update fails and the earlier steps are undone.
#[test]
fn a_saga_across_tables_compensates_after_a_conditional_failure() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({"dynamodb": {"tables": {
        "Orders": {"key": "orderId"},
        "Payments": {"key": {"orderId": "S", "paymentId": "S"}},
        "Inventory": {"key": "sku", "items": [{"sku": {"S": "apple"}, "stock": {"N": "5"}}]}
    }}}));
    let mut run = |order: &str, quantity: u32| -> Result<(), StatesError> {
        let n = |v: u32| json!({"N": v.to_string()});
        ok(call(
            &mut cloud,
            &random,
            "dynamodb:putItem",
            json!({"TableName": "Orders", "Item": {"orderId": {"S": order}, "status": {"S": "PENDING"}, "quantity": n(quantity)},
                   "ConditionExpression": "attribute_not_exists(orderId)"}),
        ));
        ok(call(
            &mut cloud,
            &random,
            "dynamodb:putItem",
            json!({"TableName": "Payments", "Item": {"orderId": {"S": order}, "paymentId": {"S": "p-1"}, "amount": n(quantity * 3),
                   "state": {"S": "CHARGED"}}}),
        ));
        let reserve = call(
            &mut cloud,
            &random,
            "dynamodb:updateItem",
            json!({"TableName": "Inventory", "Key": {"sku": {"S": "apple"}},
                   "UpdateExpression": "SET stock = stock - :q, reserved = if_not_exists(reserved, :zero) + :q",
                   "ConditionExpression": "stock >= :q",
                   "ExpressionAttributeValues": {":q": n(quantity), ":zero": n(0)},
                   "ReturnValues": "UPDATED_NEW"}),
        );
        match reserve {
            Ok(result) => {
                assert!(result["Attributes"]["stock"]["N"].is_string());
                ok(call(
                    &mut cloud,
                    &random,
                    "dynamodb:updateItem",
                    json!({"TableName": "Orders", "Key": {"orderId": {"S": order}}, "UpdateExpression": "SET #s = :done",
                           "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":done": {"S": "CONFIRMED"}}}),
                ));
                Ok(())
            }
            Err(CallError::Failed(error)) => {
                // Compensate: refund the payment, cancel the order.
                ok(call(
                    &mut cloud,
                    &random,
                    "dynamodb:updateItem",
                    json!({"TableName": "Payments", "Key": {"orderId": {"S": order}, "paymentId": {"S": "p-1"}},
                           "UpdateExpression": "SET #st = :refunded", "ConditionExpression": "#st = :charged",
                           "ExpressionAttributeNames": {"#st": "state"},
                           "ExpressionAttributeValues": {":refunded": {"S": "REFUNDED"}, ":charged": {"S": "CHARGED"}}}),
                ));
                ok(call(
                    &mut cloud,
                    &random,
                    "dynamodb:deleteItem",
                    json!({"TableName": "Orders", "Key": {"orderId": {"S": order}}}),
                ));
                Err(error)
            }
            Err(other) => panic!("{other:?}"),
        }
    };
    assert_eq!(run("o-1", 3), Ok(()));
    let error = run("o-2", 3).unwrap_err();
    assert_eq!(error.name(), "DynamoDB.ConditionalCheckFailedException");

    let tables = &cloud.snapshot()["dynamodb"]["tables"];
    assert_eq!(
        tables["Orders"]["items"],
        json!([{"orderId": {"S": "o-1"}, "status": {"S": "CONFIRMED"}, "quantity": {"N": "3"}}])
    );
    assert_eq!(
        tables["Inventory"]["items"],
        json!([{"sku": {"S": "apple"}, "stock": {"N": "2"}, "reserved": {"N": "3"}}])
    );
    let payments = tables["Payments"]["items"].as_array().unwrap();
    let states: Vec<(&str, &str)> = payments
        .iter()
        .map(|p| {
            (
                p["orderId"]["S"].as_str().unwrap(),
                p["state"]["S"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(states, [("o-1", "CHARGED"), ("o-2", "REFUNDED")]);
}

#[test]
fn dynamodb_update_expressions_cover_set_remove_add_delete() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({"dynamodb": {"tables": {"Carts": {"key": "id", "items": [
        {"id": {"S": "c"}, "skus": {"SS": ["a", "b"]}, "notes": {"L": [{"S": "x"}]}, "total": {"N": "1.5"}}
    ]}}}}));
    let result = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:updateItem",
        json!({"TableName": "Carts", "Key": {"id": {"S": "c"}},
               "UpdateExpression": "SET notes = list_append(notes, :more), #t = #t + :price ADD visits :one DELETE skus :a REMOVE gone",
               "ExpressionAttributeNames": {"#t": "total"},
               "ExpressionAttributeValues": {":more": {"L": [{"S": "y"}]}, ":price": {"N": "0.25"},
                                             ":one": {"N": "1"}, ":a": {"SS": ["a"]}},
               "ReturnValues": "ALL_NEW"}),
    ));
    assert_eq!(
        result["Attributes"],
        json!({"id": {"S": "c"}, "skus": {"SS": ["b"]}, "notes": {"L": [{"S": "x"}, {"S": "y"}]}, "total": {"N": "1.75"},
               "visits": {"N": "1"}})
    );
    let created = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:updateItem",
        json!({"TableName": "Carts", "Key": {"id": {"S": "new"}}, "UpdateExpression": "SET n = if_not_exists(n, :zero) + :one",
               "ExpressionAttributeValues": {":zero": {"N": "0"}, ":one": {"N": "1"}}, "ReturnValues": "ALL_OLD"}),
    ));
    assert_eq!(created, json!({}), "no old item, no attributes");
    let wrong = failed(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:updateItem",
        json!({"TableName": "Carts", "Key": {"id": {"S": "c"}}, "UpdateExpression": "SET #t = absent + :one",
               "ExpressionAttributeNames": {"#t": "total"}, "ExpressionAttributeValues": {":one": {"N": "1"}}}),
    ));
    assert_cause(
        &wrong,
        "DynamoDb.DynamoDbException",
        "The provided expression refers to an attribute that does not exist in the item \\(Service: DynamoDb, .*\\)",
    );
    let projected = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:getItem",
        json!({"TableName": "Carts", "Key": {"id": {"S": "c"}}, "ProjectionExpression": "#t, notes[1]",
               "ExpressionAttributeNames": {"#t": "total"}}),
    ));
    assert_eq!(
        projected,
        json!({"Item": {"total": {"N": "1.75"}, "notes": {"L": [{"S": "y"}]}}})
    );
}

#[test]
fn dynamodb_scan_and_query_through_the_sdk_integration() {
    let random = Random::new(1);
    let item = |pk: &str, ts: u32, kind: &str| json!({"pk": {"S": pk}, "ts": {"N": ts.to_string()}, "kind": {"S": kind}});
    let mut cloud = cloud(
        json!({"dynamodb": {"tables": {"Events": {"key": {"pk": "S", "ts": "N"}, "items": [
            item("a", 10, "x"), item("a", 2, "y"), item("a", 30, "x"), item("b", 1, "x")
        ]}}}}),
    );
    let query = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:query",
        json!({"TableName": "Events", "KeyConditionExpression": "pk = :a AND ts > :one",
               "FilterExpression": "kind = :x", "ExpressionAttributeValues": {":a": {"S": "a"}, ":one": {"N": "1"}, ":x": {"S": "x"}},
               "ScanIndexForward": false}),
    ));
    let times: Vec<&str> = query["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["ts"]["N"].as_str().unwrap())
        .collect();
    assert_eq!(times, ["30", "10"], "sort key order, reversed, filtered");
    assert_eq!(
        (query["Count"].clone(), query["ScannedCount"].clone()),
        (json!(2), json!(3))
    );

    let page = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:scan",
        json!({"TableName": "Events", "Limit": 2}),
    ));
    assert_eq!(page["Count"], 2);
    assert_eq!(
        page["LastEvaluatedKey"],
        json!({"pk": {"S": "a"}, "ts": {"N": "10"}})
    );
    let rest = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:scan",
        json!({"TableName": "Events", "ExclusiveStartKey": page["LastEvaluatedKey"].clone()}),
    ));
    assert_eq!(rest["Count"], 2);
    assert!(rest.get("LastEvaluatedKey").is_none());

    let bad = failed(call(
        &mut cloud,
        &random,
        "aws-sdk:dynamodb:query",
        json!({"TableName": "Events", "KeyConditionExpression": "ts = :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}),
    ));
    assert!(bad
        .cause
        .unwrap()
        .starts_with("Query condition missed key schema element: pk"));
    let optimized = unsupported(call(
        &mut cloud,
        &random,
        "dynamodb:scan",
        json!({"TableName": "Events"}),
    ));
    assert!(
        optimized.contains("putItem, getItem, updateItem and deleteItem"),
        "{optimized}"
    );
}

// ---------------------------------------------------------------- S3

#[test]
fn s3_put_and_get_objects_as_recorded() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({"s3": {"buckets": {"invoices": {"objects": {"file_key": "text data"}}}}}));
    // Recorded against AWS: the Body's JSON text is stored, quotes and all.
    for (body, etag, crc) in [
        (json!("text data"), "2b5df3712557f503a9977a8ea893b2c9", "KUmHvQ=="),
        (
            json!({"Dict": "Value"}),
            "49e31cee5aec8faf3345893addb14346",
            "hnEfWw==",
        ),
        (
            json!(["List", "Data"]),
            "6b23860357f6e63a0272b7f1143a663a",
            "1F2MPA==",
        ),
        (json!(false), "68934a3e9455fa72420237eb05902327", "K81oMA=="),
        (json!(0), "cfcd208495d565ef66e7dff9f98764da", "9NvfIQ=="),
    ] {
        let put = ok(call(
            &mut cloud,
            &random,
            "aws-sdk:s3:putObject",
            json!({"Bucket": "invoices", "Key": "file-key", "Body": body}),
        ));
        assert_eq!(
            put,
            json!({"ChecksumCRC32": crc, "ChecksumType": "FULL_OBJECT", "ETag": format!("\"{etag}\""), "ServerSideEncryption": "AES256"})
        );
    }
    let get = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:s3:getObject",
        json!({"Bucket": "invoices", "Key": "file_key"}),
    ));
    assert_eq!(
        get,
        json!({"AcceptRanges": "bytes", "ContentLength": 9, "ContentType": "binary/octet-stream",
               "ETag": "\"332eec544317a6d340b8e77da7fe54ad\"", "LastModified": "2024-01-01T00:00:00Z", "Metadata": {},
               "ServerSideEncryption": "AES256", "Body": "text data"})
    );
    let head = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:s3:headObject",
        json!({"Bucket": "invoices", "Key": "file-key"}),
    ));
    assert_eq!(head["ContentLength"], 1);
    assert!(head.get("Body").is_none());
    assert_eq!(
        cloud
            .s3()
            .bucket("invoices")
            .unwrap()
            .object("file-key")
            .unwrap()
            .body(),
        "0"
    );
    ok(call(
        &mut cloud,
        &random,
        "aws-sdk:s3:deleteObject",
        json!({"Bucket": "invoices", "Key": "file-key"}),
    ));
    assert!(cloud
        .s3()
        .bucket("invoices")
        .unwrap()
        .object("file-key")
        .is_none());

    let no_key = failed(call(
        &mut cloud,
        &random,
        "aws-sdk:s3:getObject",
        json!({"Bucket": "invoices", "Key": "no_such_key.json"}),
    ));
    assert_cause(
        &no_key,
        "S3.NoSuchKeyException",
        "The specified key does not exist. \\(Service: S3, Status Code: 404, Request ID: [0-9A-F]{16}, Extended Request ID: [A-Za-z0-9+/=]{76}\\)",
    );
    let no_bucket = failed(call(
        &mut cloud,
        &random,
        "aws-sdk:s3:listObjects",
        json!({"Bucket": "someNonexistentBucketName"}),
    ));
    assert_cause(
        &no_bucket,
        "S3.NoSuchBucketException",
        "The specified bucket does not exist \\(Service: S3, Status Code: 404, Request ID: .*, Extended Request ID: .*\\)",
    );
    let optimized = unsupported(call(&mut cloud, &random, "s3:putObject", json!({})));
    assert!(
        optimized.contains("arn:aws:states:::aws-sdk:s3:putObject"),
        "{optimized}"
    );
}

#[test]
fn s3_lists_objects_with_prefixes_delimiters_and_pages() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({"s3": {"buckets": {"data": {"objects": {
        "a.csv": "1", "logs/2024/01.txt": "x", "logs/2024/02.txt": "y", "logs/readme": "z", "b.json": {"json": {"k": 1}}
    }}}}}));
    let top = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:s3:listObjectsV2",
        json!({"Bucket": "data", "Delimiter": "/"}),
    ));
    let keys: Vec<&str> = top["Contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["Key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["a.csv", "b.json"]);
    assert_eq!(top["CommonPrefixes"], json!([{"Prefix": "logs/"}]));
    assert_eq!(top["KeyCount"], 3);
    assert_eq!(top["Contents"][1]["Size"], 7);

    let logs = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:s3:listObjectsV2",
        json!({"Bucket": "data", "Prefix": "logs/", "Delimiter": "/"}),
    ));
    assert_eq!(logs["CommonPrefixes"], json!([{"Prefix": "logs/2024/"}]));
    assert_eq!(logs["Contents"][0]["Key"], "logs/readme");

    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut parameters = json!({"Bucket": "data", "MaxKeys": 2});
        if let Some(token) = &token {
            parameters["ContinuationToken"] = json!(token);
        }
        let page = ok(call(&mut cloud, &random, "aws-sdk:s3:listObjectsV2", parameters));
        seen.extend(
            page["Contents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["Key"].as_str().unwrap().to_string()),
        );
        match page["NextContinuationToken"].as_str() {
            Some(next) => {
                assert_eq!(page["IsTruncated"], true);
                token = Some(next.to_string());
            }
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "a.csv",
            "b.json",
            "logs/2024/01.txt",
            "logs/2024/02.txt",
            "logs/readme"
        ]
    );
    let bucket = cloud.s3().bucket("data").unwrap();
    assert_eq!(bucket.objects_with_prefix("logs/2024/").count(), 2);
}

// ---------------------------------------------------------------- EventBridge

#[test]
fn eventbridge_put_events_logs_events_and_reports_failed_entries() {
    let random = Random::new(1);
    let mut cloud = cloud(json!({"eventbridge": {"buses": {"orders": {}}}}));
    // The recorded base case: Detail as text and as an object.
    let result = ok(call(
        &mut cloud,
        &random,
        "events:putEvents",
        json!({"Entries": [
            {"Detail": "{\"Message\": \"HelloWorld0\"}", "DetailType": "detail_type", "Source": "some.source"},
            {"Detail": {"Message": "HelloWorld1"}, "DetailType": "detail_type", "Source": "some.source", "EventBusName": "orders"}
        ]}),
    ));
    assert_eq!(result["FailedEntryCount"], 0);
    let ids: Vec<&str> = result["Entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["EventId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    // Recorded: a detail that is not a JSON object fails the Task with the response as cause.
    let mixed = failed(call(
        &mut cloud,
        &random,
        "events:putEvents",
        json!({"Entries": [
            {"Detail": "{\"Message\": \"HelloWorld0\"}", "DetailType": "detail_type", "Source": "some.source"},
            {"Detail": "\"jsonstring\"", "DetailType": "detail_type", "Source": "some.source"}
        ]}),
    ));
    assert_eq!(mixed.name(), "EventBridge.FailedEntry");
    let cause: Value = serde_json::from_str(mixed.cause.as_deref().unwrap()).unwrap();
    assert_eq!(cause["FailedEntryCount"], 1);
    assert_eq!(
        cause["Entries"][1],
        json!({"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."})
    );
    assert!(cause["Entries"][0]["EventId"].is_string());
    // The SDK integration answers failed entries without failing.
    let sdk = ok(call(
        &mut cloud,
        &random,
        "aws-sdk:eventbridge:putEvents",
        json!({"Entries": [{"Detail": "{}", "Source": "s"}, {"Detail": "{}", "DetailType": "t", "Source": "s", "EventBusName": "ghost"}]}),
    ));
    assert_eq!(sdk["FailedEntryCount"], 2);
    assert_eq!(
        sdk["Entries"][0],
        json!({"ErrorCode": "InvalidArgument", "ErrorMessage": "Parameter DetailType is not valid. Reason: DetailType is a required argument."})
    );
    assert_eq!(sdk["Entries"][1]["ErrorCode"], "ResourceNotFoundException");

    let snapshot = cloud.snapshot();
    let default_events = snapshot["eventbridge"]["buses"]["default"]["events"]
        .as_array()
        .unwrap();
    assert_eq!(
        default_events.len(),
        2,
        "the good entry of the failed call was still put"
    );
    assert_eq!(default_events[0]["id"], ids[0]);
    assert_eq!(default_events[0]["detail"], json!({"Message": "HelloWorld0"}));
    assert_eq!(default_events[0]["detail-type"], "detail_type");
    assert_eq!(default_events[0]["account"], ACCOUNT);
    assert_eq!(
        snapshot["eventbridge"]["buses"]["orders"]["events"][0]["detail"],
        json!({"Message": "HelloWorld1"})
    );
    let too_many = failed(call(
        &mut cloud,
        &random,
        "events:putEvents",
        json!({"Entries": []}),
    ));
    assert_eq!(too_many.name(), "EventBridge.AmazonEventBridgeException");
}

// ---------------------------------------------------------------- everything else

#[test]
fn unsupported_resources_say_what_is_supported() {
    let random = Random::new(1);
    let mut cloud = Cloud::default();
    let message = unsupported(call(&mut cloud, &random, "ecs:runTask", json!({})));
    assert!(message.contains("arn:aws:states:::ecs:runTask"), "{message}");
    assert!(
        message.contains("sqs:sendMessage") && message.contains("aws-sdk:s3:putObject"),
        "{message}"
    );
    let action = unsupported(call(&mut cloud, &random, "sqs:receiveMessage", json!({})));
    assert!(action.contains("it supports sendMessage"), "{action}");
    let s3 = unsupported(call(&mut cloud, &random, "aws-sdk:s3:copyObject", json!({})));
    assert!(s3.contains("putObject, getObject"), "{s3}");
}

#[test]
fn the_same_seed_gives_the_same_cloud() {
    let run = || {
        let random = Random::new(99);
        let mut cloud = lambda_world();
        let mut queue = Cloud::from_world(&json!({"sqs": {"queues": {"q": {}}}})).unwrap();
        for _ in 0..5 {
            let _ = call(
                &mut cloud,
                &random,
                "lambda:invoke",
                json!({"FunctionName": "backup"}),
            );
            let _ = call(
                &mut queue,
                &random,
                "sqs:sendMessage",
                json!({"QueueUrl": queue_url("q"), "MessageBody": "m"}),
            );
        }
        (cloud.snapshot(), queue.snapshot())
    };
    assert_eq!(run(), run());
}

#[test]
fn no_input_makes_a_service_panic() {
    let random = Random::new(5);
    let mut cloud = cloud(json!({
        "lambda": {"functions": {"f": {"echo": true}}},
        "sqs": {"queues": {"q": {}, "q.fifo": {}}},
        "sns": {"topics": {"t": {"subscribers": ["a@example.com"]}}},
        "dynamodb": {"tables": {"Tab": {"key": {"pk": "S", "sk": "N"}}}},
        "s3": {"buckets": {"bkt": {}}},
    }));
    let strange = [
        json!(null),
        json!(1),
        json!("text"),
        json!([]),
        json!({}),
        json!({"": null}),
        json!({"x": {"y": [1, {"z": null}]}}),
        json!("\u{0}\u{ffff}"),
        json!(-1.5e300),
    ];
    let fields = [
        "FunctionName",
        "Payload",
        "QueueUrl",
        "MessageBody",
        "MessageAttributes",
        "DelaySeconds",
        "MessageGroupId",
        "TopicArn",
        "Message",
        "MessageStructure",
        "Subject",
        "TableName",
        "Item",
        "Key",
        "UpdateExpression",
        "ConditionExpression",
        "ExpressionAttributeNames",
        "ExpressionAttributeValues",
        "ReturnValues",
        "ProjectionExpression",
        "KeyConditionExpression",
        "Limit",
        "ExclusiveStartKey",
        "Bucket",
        "Prefix",
        "Delimiter",
        "MaxKeys",
        "ContinuationToken",
        "Body",
        "Entries",
        "InvocationType",
        "Qualifier",
    ];
    let expressions = [
        "",
        "(",
        ")",
        "a =",
        "#",
        ":",
        "a.b[",
        "a[99999999999999999999]",
        "SET",
        "SET a = a + + b",
        "REMOVE a,",
        "attribute_exists(",
        "size(a) BETWEEN :v AND",
        "NOT NOT NOT a = :v",
        "a IN ()",
        "é = :v",
    ];
    let targets = [
        "lambda:invoke",
        "sqs:sendMessage",
        "sns:publish",
        "dynamodb:putItem",
        "dynamodb:getItem",
        "dynamodb:updateItem",
        "dynamodb:deleteItem",
        "aws-sdk:dynamodb:scan",
        "aws-sdk:dynamodb:query",
        "aws-sdk:s3:putObject",
        "aws-sdk:s3:getObject",
        "aws-sdk:s3:listObjectsV2",
        "aws-sdk:s3:listObjects",
        "events:putEvents",
        "aws-sdk:eventbridge:putEvents",
    ];
    let base = json!({"FunctionName": "f", "QueueUrl": queue_url("q.fifo"), "TopicArn": "arn:aws:sns:us-east-1:1:t",
                      "TableName": "Tab", "Bucket": "bkt", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}},
                      "ExpressionAttributeValues": {":v": {"N": "1"}}});
    for target in targets {
        for field in fields {
            for value in &strange {
                let mut parameters = base.clone();
                parameters[field] = value.clone();
                let _ = call(&mut cloud, &random, target, parameters);
            }
        }
        for text in expressions {
            for field in [
                "UpdateExpression",
                "ConditionExpression",
                "ProjectionExpression",
                "KeyConditionExpression",
                "FilterExpression",
            ] {
                let mut parameters = base.clone();
                parameters[field] = json!(text);
                let _ = call(&mut cloud, &random, target, parameters);
            }
        }
        let _ = call(&mut cloud, &random, target, json!("not an object"));
    }
    for arn in [
        "",
        ":",
        "arn:aws:lambda:::function:",
        "arn:aws:lambda:r:123456789012:function:f:1:2",
    ] {
        let _ = cloud.invoke_function(arn, &json!(null), &ctx(&random));
    }
    for world in [
        json!([]),
        json!("x"),
        json!({"lambda": []}),
        json!({"dynamodb": {"tables": {"Tab": {"key": [1, 2, 3]}}}}),
    ] {
        assert!(Cloud::from_world(&world).is_err(), "{world}");
    }
}
