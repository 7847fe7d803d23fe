//! A saga across DynamoDB tables: reserve stock, charge, confirm the order — and when a step
//! fails, undo what was done, in reverse, with Catch and compensating writes.

mod common;
use asl::scenario::Scenario;
use asl::{run, RunOptions};
use common::machine;
use serde_json::json;

const SAGA: &str = r##"{
  "Comment": "Order saga with compensations",
  "StartAt": "Create order",
  "States": {
    "Create order": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
      "Parameters": {"TableName": "Orders", "Item": {"orderId": {"S.$": "$.orderId"}, "status": {"S": "PENDING"}}},
      "ResultPath": null, "Next": "Reserve stock"},
    "Reserve stock": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
      "Parameters": {"TableName": "Inventory", "Key": {"sku": {"S.$": "$.sku"}},
        "UpdateExpression": "SET stock = stock - :q", "ConditionExpression": "stock >= :q",
        "ExpressionAttributeValues": {":q": {"N.$": "States.Format('{}', $.quantity)"}}},
      "ResultPath": null,
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Cancel order"}],
      "Next": "Charge"},
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
      "Parameters": {"TableName": "Payments", "Item": {"orderId": {"S.$": "$.orderId"}, "amount": {"N.$": "States.Format('{}', $.amount)"}},
        "ConditionExpression": "attribute_not_exists(orderId)"},
      "ResultPath": null,
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Release stock"}],
      "Next": "Confirm order"},
    "Confirm order": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
      "Parameters": {"TableName": "Orders", "Key": {"orderId": {"S.$": "$.orderId"}},
        "UpdateExpression": "SET #s = :s", "ExpressionAttributeNames": {"#s": "status"},
        "ExpressionAttributeValues": {":s": {"S": "CONFIRMED"}}},
      "ResultPath": null, "End": true},
    "Release stock": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
      "Parameters": {"TableName": "Inventory", "Key": {"sku": {"S.$": "$.sku"}},
        "UpdateExpression": "SET stock = stock + :q",
        "ExpressionAttributeValues": {":q": {"N.$": "States.Format('{}', $.quantity)"}}},
      "ResultPath": null, "Next": "Cancel order"},
    "Cancel order": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:deleteItem",
      "Parameters": {"TableName": "Orders", "Key": {"orderId": {"S.$": "$.orderId"}}},
      "ResultPath": null, "Next": "Order failed"},
    "Order failed": {"Type": "Fail", "Error": "OrderFailed", "Cause": "The order was rolled back"}
  }
}"##;

fn shop(paid_already: bool) -> RunOptions {
    let payments = if paid_already {
        json!([{"orderId": {"S": "o-1"}, "amount": {"N": "1"}}])
    } else {
        json!([])
    };
    let mut options = RunOptions::default();
    Scenario::from_value(&json!({"services": {"dynamodb": {"tables": {
        "Orders": {"key": "orderId"},
        "Inventory": {"key": "sku", "items": [{"sku": {"S": "apple"}, "stock": {"N": "5"}}]},
        "Payments": {"key": "orderId", "items": payments}
    }}}}))
    .unwrap()
    .apply_to(&mut options);
    options
}

fn stock(result: &asl::ExecutionResult) -> serde_json::Value {
    result.services["dynamodb"]["tables"]["Inventory"]["items"][0]["stock"].clone()
}

#[test]
fn the_happy_path_writes_every_table() {
    let result = run(
        &machine(SAGA),
        json!({"orderId": "o-1", "sku": "apple", "quantity": 2, "amount": 30}),
        &shop(false),
    );
    assert_eq!(result.status.as_str(), "SUCCEEDED", "{:?}", result.cause);
    let tables = &result.services["dynamodb"]["tables"];
    assert_eq!(tables["Orders"]["items"][0]["status"], json!({"S": "CONFIRMED"}));
    assert_eq!(stock(&result), json!({"N": "3"}));
    assert_eq!(tables["Payments"]["items"][0]["amount"], json!({"N": "30"}));
}

#[test]
fn too_little_stock_cancels_the_order() {
    let result = run(
        &machine(SAGA),
        json!({"orderId": "o-1", "sku": "apple", "quantity": 9, "amount": 30}),
        &shop(false),
    );
    assert_eq!(result.error.as_deref(), Some("OrderFailed"));
    assert_eq!(
        result.states_entered(),
        ["Create order", "Reserve stock", "Cancel order", "Order failed"]
    );
    assert_eq!(
        result.services["dynamodb"]["tables"]["Orders"]["items"],
        json!([])
    );
    assert_eq!(stock(&result), json!({"N": "5"}));
    let caught = result
        .trace
        .iter()
        .find(|r| r.name == "Reserve stock")
        .and_then(|r| r.caught.clone())
        .unwrap();
    assert_eq!(caught.error, "DynamoDB.ConditionalCheckFailedException");
}

#[test]
fn a_failed_payment_releases_the_stock_then_cancels() {
    let result = run(
        &machine(SAGA),
        json!({"orderId": "o-1", "sku": "apple", "quantity": 2, "amount": 30}),
        &shop(true),
    );
    assert_eq!(result.error.as_deref(), Some("OrderFailed"));
    assert_eq!(
        result.states_entered(),
        [
            "Create order",
            "Reserve stock",
            "Charge",
            "Release stock",
            "Cancel order",
            "Order failed"
        ]
    );
    assert_eq!(stock(&result), json!({"N": "5"}), "the reservation was undone");
    assert_eq!(
        result.services["dynamodb"]["tables"]["Orders"]["items"],
        json!([])
    );
}
