//! Simulated Amazon DynamoDB: tables with key schemas and items in DynamoDB's attribute-value JSON.
//!
//! Through `arn:aws:states:::dynamodb:ACTION` and `arn:aws:states:::aws-sdk:dynamodb:ACTION`:
//! - `putItem` (`Item`, `ConditionExpression`, `ReturnValues` `NONE`/`ALL_OLD`),
//! - `getItem` (`Key`, `ProjectionExpression`, `ConsistentRead`),
//! - `updateItem` (`Key`, `UpdateExpression` with `SET` (`a + :v`, `a - :v`,
//!   `if_not_exists`, `list_append`), `REMOVE`, `ADD`, `DELETE`, `ConditionExpression`,
//!   `ReturnValues` `NONE`/`ALL_OLD`/`UPDATED_OLD`/`ALL_NEW`/`UPDATED_NEW`),
//! - `deleteItem` (`Key`, `ConditionExpression`, `ReturnValues`),
//! - and through the SDK integration only, `scan` and `query` (`KeyConditionExpression`,
//!   `FilterExpression`, `ProjectionExpression`, `Limit`, `ExclusiveStartKey`,
//!   `ScanIndexForward`, `Select: COUNT`).
//!
//! Expressions take `ExpressionAttributeNames` and `ExpressionAttributeValues`;
//! bare reserved words, undefined or unused substitutions, overlapping paths and
//! syntax errors are refused with DynamoDB's messages. Errors are named as Step
//! Functions names them: `DynamoDB.ConditionalCheckFailedException`,
//! `DynamoDB.ResourceNotFoundException`, `DynamoDB.AmazonDynamoDBException`
//! (validation) from the optimized integration, and `DynamoDb.…`
//! (`DynamoDb.DynamoDbException` for validation) from the SDK integration.

mod attribute_value;
mod evaluate;
mod expression;

use super::wire::{self, Dialect, ServiceError, ServiceNames};
use super::world::{check_fields, child, entries, expect_object, kind_of, section};
use super::{CallContext, CallError};
use attribute_value::{Attr, AttrMap, Number};
use expression::{substitutions, Kind, Substitutions};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const NAMES: ServiceNames = ServiceNames {
    v1_prefix: "DynamoDB",
    v1_service: "AmazonDynamoDBv2",
    v1_fallback: "AmazonDynamoDBException",
    v2_prefix: "DynamoDb",
    v2_service: "DynamoDb",
    v2_fallback: "DynamoDbException",
};

/// The actions the simulation has (`scan` and `query` only through the SDK integration).
pub(crate) const ACTIONS: [&str; 6] = ["putItem", "getItem", "updateItem", "deleteItem", "scan", "query"];

/// The tables of the world.
#[derive(Debug, Clone, Default)]
pub(crate) struct DynamoDb {
    tables: BTreeMap<String, Table>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyType {
    S,
    N,
    B,
}

impl KeyType {
    fn name(self) -> &'static str {
        match self {
            KeyType::S => "S",
            KeyType::N => "N",
            KeyType::B => "B",
        }
    }
}

/// A key attribute's value, ordered as DynamoDB orders sort keys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum KeyPart {
    S(String),
    N(Number),
    B(Vec<u8>),
}

type ItemKey = (KeyPart, Option<KeyPart>);

#[derive(Debug, Clone)]
struct Table {
    /// The partition key, then the sort key if any.
    key: Vec<(String, KeyType)>,
    items: BTreeMap<ItemKey, AttrMap>,
}

/// Why a request failed.
enum Failure {
    Validation(String),
    ConditionalCheckFailed,
    ResourceNotFound,
    Unsupported(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Validation(message)
    }
}

type Outcome = Result<Map<String, Value>, Failure>;

const LEGACY: [(&str, &str); 7] = [
    ("Expected", "ConditionExpression"),
    ("ConditionalOperator", "ConditionExpression"),
    ("AttributeUpdates", "UpdateExpression"),
    ("AttributesToGet", "ProjectionExpression"),
    ("ScanFilter", "FilterExpression"),
    ("QueryFilter", "FilterExpression"),
    ("KeyConditions", "KeyConditionExpression"),
];

impl DynamoDb {
    pub(crate) fn from_world(value: &Value, location: &str, errors: &mut Vec<String>) -> DynamoDb {
        let map = section(value, location, &["tables"], errors);
        let mut tables = BTreeMap::new();
        for (name, options) in entries(map, "tables", location, errors) {
            let here = child(&child(location, "tables"), name);
            if let Err(message) = check_table_name(name) {
                errors.push(format!("{here}: {message}"));
                continue;
            }
            let Some(options) = expect_object(options, &here, "an object with 'key' and 'items'", errors)
            else {
                continue;
            };
            check_fields(options, &here, "table", &["key", "items"], errors);
            let Some(key) = read_key_schema(options.get("key"), &child(&here, "key"), errors) else {
                continue;
            };
            let mut table = Table {
                key,
                items: BTreeMap::new(),
            };
            let items = match options.get("items") {
                None => &[][..],
                Some(Value::Array(items)) => items.as_slice(),
                Some(other) => {
                    errors.push(format!(
                        "{here}.items: expected a list of items, found {}",
                        kind_of(other)
                    ));
                    &[][..]
                }
            };
            for (i, item) in items.iter().enumerate() {
                let at = format!("{here}.items[{i}]");
                let parsed = match item {
                    Value::Object(map) => AttrMap::from_json(map),
                    other => Err(format!(
                        "expected an item in attribute-value JSON, found {}",
                        kind_of(other)
                    )),
                };
                let keyed = parsed.and_then(|item| match table.key_of_item(&item) {
                    Ok(key) => Ok((key, item)),
                    Err(Failure::Validation(message)) => Err(message),
                    Err(_) => Err("the item has no key".into()),
                });
                match keyed {
                    Ok((key, item)) => {
                        if table.items.insert(key, item).is_some() {
                            errors.push(format!("{at}: another item has the same key"));
                        }
                    }
                    Err(message) => errors.push(format!("{at}: {message}")),
                }
            }
            tables.insert(name.clone(), table);
        }
        DynamoDb { tables }
    }

    pub(crate) fn call(
        &mut self,
        dialect: Dialect,
        action: &str,
        parameters: &Value,
        ctx: &CallContext<'_>,
    ) -> Result<Value, CallError> {
        let request_id = wire::dynamodb_request_id(ctx);
        let empty = Map::new();
        let parameters = parameters.as_object().unwrap_or(&empty);
        let outcome = match LEGACY.iter().find(|(name, _)| parameters.contains_key(*name)) {
            Some((legacy, modern)) => Err(Failure::Unsupported(format!(
                "the simulated DynamoDB does not support the legacy parameter '{legacy}'; use {modern}"
            ))),
            None => match action {
                "putItem" => self.put_item(parameters),
                "getItem" => self.get_item(parameters),
                "updateItem" => self.update_item(parameters),
                "deleteItem" => self.delete_item(parameters),
                "scan" => self.scan_or_query(parameters, false),
                _ => self.scan_or_query(parameters, true),
            },
        };
        let fail = |exception: Option<&str>, code: &str, message: &str| {
            CallError::Failed(NAMES.error(
                dialect,
                &ServiceError {
                    exception,
                    code,
                    status: 400,
                    message,
                },
                &request_id,
            ))
        };
        match outcome {
            Ok(response) => Ok(finish(dialect, response, &request_id, ctx)),
            Err(Failure::Validation(message)) => Err(fail(None, "ValidationException", &message)),
            Err(Failure::ConditionalCheckFailed) => Err(fail(
                Some("ConditionalCheckFailedException"),
                "ConditionalCheckFailedException",
                "The conditional request failed",
            )),
            Err(Failure::ResourceNotFound) => Err(fail(
                Some("ResourceNotFoundException"),
                "ResourceNotFoundException",
                "Requested resource not found",
            )),
            Err(Failure::Unsupported(message)) => Err(CallError::Unsupported(message)),
        }
    }

    fn table(&self, name: &str) -> Result<&Table, Failure> {
        self.tables.get(name).ok_or(Failure::ResourceNotFound)
    }

    fn table_mut(&mut self, name: &str) -> Result<&mut Table, Failure> {
        self.tables.get_mut(name).ok_or(Failure::ResourceNotFound)
    }

    fn put_item(&mut self, p: &Map<String, Value>) -> Outcome {
        let table_name = required(p, &[("TableName", "tableName"), ("Item", "item")])?;
        let returns = return_values(p, &["NONE", "ALL_OLD"])?;
        let item = AttrMap::from_json(p.get("Item").and_then(Value::as_object).ok_or_else(|| {
            Failure::Validation(
                "One or more parameter values were invalid: Item must be a map of attributes".into(),
            )
        })?)?;
        let mut subs = substitutions(p)?;
        let condition = parse_condition(p, &mut subs, Kind::Condition, "ConditionExpression")?;
        check_substitutions(&subs, &["ConditionExpression"], p)?;
        let table = self.table_mut(table_name)?;
        let key = table.key_of_item(&item)?;
        let old = table.items.get(&key);
        if let Some(condition) = &condition {
            if !evaluate::holds(condition, old.unwrap_or(&AttrMap::default())) {
                return Err(Failure::ConditionalCheckFailed);
            }
        }
        let old = table.items.insert(key, item);
        let mut response = Map::new();
        if let (Some(old), "ALL_OLD") = (old, returns) {
            response.insert("Attributes".into(), old.to_json());
        }
        Ok(response)
    }

    fn get_item(&mut self, p: &Map<String, Value>) -> Outcome {
        let table_name = required(p, &[("TableName", "tableName"), ("Key", "key")])?;
        let key_value = key_param(p)?;
        let mut subs = substitutions(p)?;
        if subs.has_values() {
            return Err(Failure::Validation(
                "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"
                    .into(),
            ));
        }
        let projection = match p.get("ProjectionExpression").and_then(Value::as_str) {
            Some(text) => Some(expression::parse_projection(text, &mut subs)?),
            None => None,
        };
        check_substitutions(&subs, &["ProjectionExpression"], p)?;
        let table = self.table(table_name)?;
        let key = table.key_of_key(&key_value)?;
        let mut response = Map::new();
        if let Some(item) = table.items.get(&key) {
            let shown = match &projection {
                Some(paths) => evaluate::project(item, &paths.iter().collect::<Vec<_>>()),
                None => item.clone(),
            };
            response.insert("Item".into(), shown.to_json());
        }
        Ok(response)
    }

    fn update_item(&mut self, p: &Map<String, Value>) -> Outcome {
        let table_name = required(p, &[("TableName", "tableName"), ("Key", "key")])?;
        let returns = return_values(p, &["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"])?;
        let key_value = key_param(p)?;
        let mut subs = substitutions(p)?;
        let update = match p.get("UpdateExpression").and_then(Value::as_str) {
            Some(text) => Some(expression::parse_update(text, &mut subs)?),
            None => None,
        };
        let condition = parse_condition(p, &mut subs, Kind::Condition, "ConditionExpression")?;
        check_substitutions(&subs, &["UpdateExpression", "ConditionExpression"], p)?;
        let table = self.table_mut(table_name)?;
        let key = table.key_of_key(&key_value)?;
        let old = table.items.get(&key).cloned();
        if let Some(condition) = &condition {
            if !evaluate::holds(condition, old.as_ref().unwrap_or(&AttrMap::default())) {
                return Err(Failure::ConditionalCheckFailed);
            }
        }
        let base = old.clone().unwrap_or_else(|| key_value.clone());
        let key_names: Vec<&str> = table.key.iter().map(|(n, _)| n.as_str()).collect();
        let new = match &update {
            Some(update) => evaluate::apply(update, &base, &key_names)?,
            None => base,
        };
        let paths = update.as_ref().map(|u| u.paths()).unwrap_or_default();
        let attributes = match returns {
            "ALL_OLD" => old.clone(),
            "UPDATED_OLD" => old.as_ref().map(|o| evaluate::project(o, &paths)),
            "ALL_NEW" => Some(new.clone()),
            "UPDATED_NEW" => Some(evaluate::project(&new, &paths)),
            _ => None,
        };
        table.items.insert(key, new);
        let mut response = Map::new();
        if let Some(attributes) = attributes.filter(|a| !a.is_empty()) {
            response.insert("Attributes".into(), attributes.to_json());
        }
        Ok(response)
    }

    fn delete_item(&mut self, p: &Map<String, Value>) -> Outcome {
        let table_name = required(p, &[("TableName", "tableName"), ("Key", "key")])?;
        let returns = return_values(p, &["NONE", "ALL_OLD"])?;
        let key_value = key_param(p)?;
        let mut subs = substitutions(p)?;
        let condition = parse_condition(p, &mut subs, Kind::Condition, "ConditionExpression")?;
        check_substitutions(&subs, &["ConditionExpression"], p)?;
        let table = self.table_mut(table_name)?;
        let key = table.key_of_key(&key_value)?;
        if let Some(condition) = &condition {
            if !evaluate::holds(condition, table.items.get(&key).unwrap_or(&AttrMap::default())) {
                return Err(Failure::ConditionalCheckFailed);
            }
        }
        let old = table.items.remove(&key);
        let mut response = Map::new();
        if let (Some(old), "ALL_OLD") = (old, returns) {
            response.insert("Attributes".into(), old.to_json());
        }
        Ok(response)
    }

    fn scan_or_query(&mut self, p: &Map<String, Value>, query: bool) -> Outcome {
        let table_name = required(p, &[("TableName", "tableName")])?;
        if p.contains_key("IndexName") {
            return Err(Failure::Unsupported(
                "the simulated DynamoDB has no secondary indexes: query or scan the table itself".into(),
            ));
        }
        let mut subs = substitutions(p)?;
        let key_condition = if query {
            match p.get("KeyConditionExpression").and_then(Value::as_str) {
                Some(text) => Some(expression::parse_condition(text, Kind::KeyCondition, &mut subs)?),
                None => {
                    return Err(Failure::Validation(
                        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."
                            .into(),
                    ))
                }
            }
        } else {
            None
        };
        let filter = parse_condition(p, &mut subs, Kind::Filter, "FilterExpression")?;
        let projection = match p.get("ProjectionExpression").and_then(Value::as_str) {
            Some(text) => Some(expression::parse_projection(text, &mut subs)?),
            None => None,
        };
        check_substitutions(
            &subs,
            &[
                "KeyConditionExpression",
                "FilterExpression",
                "ProjectionExpression",
            ],
            p,
        )?;
        let limit = match p.get("Limit") {
            None | Some(Value::Null) => None,
            Some(value) => match value.as_u64() {
                Some(n) if n >= 1 => Some(n as usize),
                _ => {
                    return Err(Failure::Validation(format!(
                    "1 validation error detected: Value '{value}' at 'limit' failed to satisfy constraint: \
                         Member must have value greater than or equal to 1"
                )))
                }
            },
        };
        let count_only = match p.get("Select").and_then(Value::as_str) {
            None | Some("ALL_ATTRIBUTES") => false,
            Some("COUNT") => true,
            Some(other) => {
                return Err(Failure::Unsupported(format!(
                    "the simulated DynamoDB supports Select ALL_ATTRIBUTES and COUNT, not {other}"
                )))
            }
        };
        let forward = p.get("ScanIndexForward").and_then(Value::as_bool).unwrap_or(true);
        let table = self.table(table_name)?;
        let partition = match &key_condition {
            Some(condition) => Some(table.partition_of_query(condition)?),
            None => None,
        };
        let start = match p.get("ExclusiveStartKey") {
            None | Some(Value::Null) => None,
            Some(Value::Object(map)) => Some(table.key_of_key(&AttrMap::from_json(map)?)?),
            Some(_) => return Err(Failure::Validation("The provided starting key is invalid".into())),
        };
        let mut candidates: Vec<(&ItemKey, &AttrMap)> = table
            .items
            .iter()
            .filter(|(key, _)| partition.as_ref().is_none_or(|p| &key.0 == p))
            .collect();
        if !forward {
            candidates.reverse();
        }
        if let Some(start) = &start {
            match candidates.iter().position(|(key, _)| *key == start) {
                Some(at) => candidates.drain(..=at),
                None => candidates.drain(..0),
            };
        }
        let mut items = Vec::new();
        let mut scanned = 0;
        let mut last = None;
        for (key, item) in &candidates {
            if limit.is_some_and(|l| scanned >= l) {
                break;
            }
            if let Some(condition) = &key_condition {
                if !evaluate::holds(condition, item) {
                    continue;
                }
            }
            scanned += 1;
            last = Some(*key);
            if filter.as_ref().is_none_or(|f| evaluate::holds(f, item)) {
                items.push(match &projection {
                    Some(paths) => evaluate::project(item, &paths.iter().collect::<Vec<_>>()),
                    None => (*item).clone(),
                });
            }
        }
        let more = limit.is_some_and(|l| scanned >= l)
            && candidates
                .iter()
                .skip_while(|(key, _)| Some(*key) != last)
                .skip(1)
                .any(|(_, item)| key_condition.as_ref().is_none_or(|c| evaluate::holds(c, item)));
        let mut response = Map::new();
        response.insert("Count".into(), json!(items.len()));
        if !count_only {
            response.insert(
                "Items".into(),
                json!(items.iter().map(AttrMap::to_json).collect::<Vec<_>>()),
            );
        }
        if let (true, Some(last)) = (more, last) {
            if let Some(item) = table.items.get(last) {
                let names: Vec<&str> = table.key.iter().map(|(n, _)| n.as_str()).collect();
                let key: Map<String, Value> = item
                    .iter()
                    .filter(|(n, _)| names.contains(&n.as_str()))
                    .map(|(n, a)| (n.clone(), a.to_json()))
                    .collect();
                response.insert("LastEvaluatedKey".into(), Value::Object(key));
            }
        }
        response.insert("ScannedCount".into(), json!(scanned));
        Ok(response)
    }

    pub(crate) fn snapshot(&self) -> Value {
        let tables: Map<String, Value> = self
            .tables
            .iter()
            .map(|(name, table)| {
                let key: Map<String, Value> = table
                    .key
                    .iter()
                    .map(|(n, t)| (n.clone(), json!(t.name())))
                    .collect();
                let items: Vec<Value> = table.items.values().map(AttrMap::to_json).collect();
                (name.clone(), json!({ "key": key, "items": items }))
            })
            .collect();
        json!({ "tables": tables })
    }
}

impl Table {
    fn key_part(&self, name: &str, kind: KeyType, value: &Attr) -> Result<KeyPart, Failure> {
        let part = match (kind, value) {
            (KeyType::S, Attr::S(s)) => KeyPart::S(s.clone()),
            (KeyType::N, Attr::N(n)) => KeyPart::N(n.clone()),
            (KeyType::B, Attr::B(b)) => KeyPart::B(b.clone()),
            _ => {
                return Err(Failure::Validation(format!(
                    "One or more parameter values were invalid: Type mismatch for key {name} expected: {} actual: {}",
                    kind.name(),
                    value.type_name()
                )))
            }
        };
        if matches!(&part, KeyPart::S(s) if s.is_empty()) || matches!(&part, KeyPart::B(b) if b.is_empty()) {
            return Err(Failure::Validation(format!(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain \
                 an empty {} value. Key: {name}",
                if kind == KeyType::S { "string" } else { "binary" }
            )));
        }
        Ok(part)
    }

    /// The key of a whole item (PutItem).
    fn key_of_item(&self, item: &AttrMap) -> Result<ItemKey, Failure> {
        let mut parts = Vec::new();
        for (name, kind) in &self.key {
            let value = item.get(name).ok_or_else(|| {
                Failure::Validation(format!(
                    "One or more parameter values were invalid: Missing the key {name} in the item"
                ))
            })?;
            parts.push(self.key_part(name, *kind, value)?);
        }
        let mut parts = parts.into_iter();
        let partition = parts.next().ok_or(Failure::ResourceNotFound)?;
        Ok((partition, parts.next()))
    }

    /// The key a `Key` parameter names: exactly the key attributes.
    fn key_of_key(&self, key: &AttrMap) -> Result<ItemKey, Failure> {
        let mismatch = || Failure::Validation("The provided key element does not match the schema".into());
        if key.len() != self.key.len() {
            return Err(mismatch());
        }
        for (name, kind) in &self.key {
            let value = key.get(name).ok_or_else(mismatch)?;
            let matches = matches!(
                (kind, value),
                (KeyType::S, Attr::S(_)) | (KeyType::N, Attr::N(_)) | (KeyType::B, Attr::B(_))
            );
            if !matches {
                return Err(mismatch());
            }
        }
        self.key_of_item(key)
    }

    /// The partition a query's key condition selects; checks that the condition has DynamoDB's shape.
    fn partition_of_query(&self, condition: &expression::Condition) -> Result<KeyPart, Failure> {
        use expression::{Comparator, Condition, Operand};
        let mut parts = Vec::new();
        fn flatten<'a>(c: &'a Condition, out: &mut Vec<&'a Condition>) -> Result<(), Failure> {
            match c {
                Condition::And(a, b) => {
                    flatten(a, out)?;
                    flatten(b, out)
                }
                Condition::Or(_, _) => Err(Failure::Validation(
                    "Invalid operator used in KeyConditionExpression: OR".into(),
                )),
                Condition::Not(_) => Err(Failure::Validation(
                    "Invalid operator used in KeyConditionExpression: NOT".into(),
                )),
                other => {
                    out.push(other);
                    Ok(())
                }
            }
        }
        flatten(condition, &mut parts)?;
        let on_key = |operand: &Operand| match operand {
            Operand::Path(path) if path.0.len() == 1 => path.top().map(str::to_string),
            _ => None,
        };
        let (partition_name, partition_type) = self.key[0].clone();
        let mut partition = None;
        let mut sort_conditions = 0;
        for part in &parts {
            let (name, value) = match part {
                Condition::Compare(a, comparator, Operand::Value(v)) => {
                    if *comparator == Comparator::Ne {
                        return Err(Failure::Validation(
                            "Unsupported operator on KeyConditionExpression: operator: <>".into(),
                        ));
                    }
                    (on_key(a), (*comparator == Comparator::Eq).then_some(v))
                }
                Condition::Between(a, Operand::Value(_), Operand::Value(_))
                | Condition::BeginsWith(a, Operand::Value(_)) => (on_key(a), None),
                _ => return Err(Failure::Validation("Query key condition not supported".into())),
            };
            let Some(name) = name else {
                return Err(Failure::Validation("Query key condition not supported".into()));
            };
            if name == partition_name {
                match value {
                    Some(v) if partition.is_none() => {
                        partition = Some(self.key_part(&name, partition_type, v)?);
                    }
                    _ => return Err(Failure::Validation("Query key condition not supported".into())),
                }
            } else if self.key.get(1).is_some_and(|(n, _)| *n == name) {
                sort_conditions += 1;
            } else {
                return Err(Failure::Validation(format!(
                    "Query condition missed key schema element: {}",
                    self.key.get(1).map_or(&partition_name, |(n, _)| n)
                )));
            }
        }
        if sort_conditions > 1 || parts.len() > 2 {
            return Err(Failure::Validation(
                "Conditions can be of length 1 or 2 only".into(),
            ));
        }
        partition.ok_or(Failure::Validation(format!(
            "Query condition missed key schema element: {partition_name}"
        )))
    }
}

fn check_table_name(name: &str) -> Result<(), String> {
    if name.len() < 3 || name.len() > 255 {
        return Err("a table name has 3 to 255 characters".into());
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Err("a table name has only letters, digits, '_', '.' and '-'".into());
    }
    Ok(())
}

/// `"id"`, `["pk", "sk"]` (type `S`) or `{"pk": "S", "sk": "N"}`.
fn read_key_schema(
    value: Option<&Value>,
    location: &str,
    errors: &mut Vec<String>,
) -> Option<Vec<(String, KeyType)>> {
    let named: Vec<(String, String)> = match value {
        None => {
            errors.push(format!(
                "{location}: a table needs a key: the partition key's name, or {{\"name\": \"S\"|\"N\"|\"B\", ...}}"
            ));
            return None;
        }
        Some(Value::String(name)) => vec![(name.clone(), "S".into())],
        Some(Value::Array(names)) => names
            .iter()
            .map(|n| (n.as_str().unwrap_or_default().to_string(), "S".to_string()))
            .collect(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(n, t)| (n.clone(), t.as_str().unwrap_or_default().to_string()))
            .collect(),
        Some(other) => {
            errors.push(format!(
                "{location}: expected a key name, list or object, found {}",
                kind_of(other)
            ));
            return None;
        }
    };
    if named.is_empty() || named.len() > 2 {
        errors.push(format!(
            "{location}: a key has a partition key and at most one sort key"
        ));
        return None;
    }
    let mut key = Vec::new();
    for (name, kind) in named {
        if name.is_empty() {
            errors.push(format!("{location}: key attribute names are non-empty strings"));
            return None;
        }
        let kind = match kind.as_str() {
            "S" => KeyType::S,
            "N" => KeyType::N,
            "B" => KeyType::B,
            other => {
                errors.push(format!(
                    "{location}.{name}: a key attribute's type is \"S\", \"N\" or \"B\", not {other:?}"
                ));
                return None;
            }
        };
        key.push((name, kind));
    }
    if key.len() == 2 && key[0].0 == key[1].0 {
        errors.push(format!("{location}: the partition and sort keys must differ"));
        return None;
    }
    Some(key)
}

/// Checks required parameters (null or missing ones are listed as DynamoDB lists
/// validation errors) and the table name; answers the table name.
fn required<'a>(p: &'a Map<String, Value>, names: &[(&str, &str)]) -> Result<&'a str, Failure> {
    let mut problems = Vec::new();
    for (parameter, member) in names {
        if p.get(*parameter).is_none_or(Value::is_null) {
            problems.push(format!(
                "Value null at '{member}' failed to satisfy constraint: Member must not be null"
            ));
        }
    }
    let table = p.get("TableName").and_then(Value::as_str);
    if let Some(table) = table {
        if table.len() < 3 {
            problems.push(format!(
                "Value '{table}' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"
            ));
        } else if !table
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            problems.push(format!(
                "Value '{table}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression \
                 pattern: [a-zA-Z0-9_.-]+"
            ));
        }
    }
    match (problems.len(), table) {
        (0, Some(table)) => Ok(table),
        (0, None) => Err(Failure::Validation("TableName must be a string".into())),
        (1, _) => Err(Failure::Validation(format!(
            "1 validation error detected: {}",
            problems[0]
        ))),
        (n, _) => Err(Failure::Validation(format!(
            "{n} validation errors detected: {}",
            problems.join("; ")
        ))),
    }
}

fn key_param(p: &Map<String, Value>) -> Result<AttrMap, Failure> {
    match p.get("Key") {
        Some(Value::Object(map)) => Ok(AttrMap::from_json(map)?),
        _ => Err(Failure::Validation(
            "The provided key element does not match the schema".into(),
        )),
    }
}

fn return_values<'a>(p: &'a Map<String, Value>, allowed: &[&str]) -> Result<&'a str, Failure> {
    const ALL: [&str; 5] = ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"];
    match p.get("ReturnValues") {
        None | Some(Value::Null) => Ok("NONE"),
        Some(Value::String(value)) if allowed.contains(&value.as_str()) => Ok(value),
        Some(Value::String(value)) if ALL.contains(&value.as_str()) => Err(Failure::Validation(
            "ReturnValues can only be ALL_OLD or NONE".into(),
        )),
        Some(other) => Err(Failure::Validation(format!(
            "1 validation error detected: Value '{}' at 'returnValues' failed to satisfy constraint: Member must \
             satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
            super::text_of(other)
        ))),
    }
}

fn parse_condition(
    p: &Map<String, Value>,
    subs: &mut Substitutions,
    kind: Kind,
    parameter: &str,
) -> Result<Option<expression::Condition>, Failure> {
    match p.get(parameter) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(expression::parse_condition(text, kind, subs)?)),
        Some(_) => Err(Failure::Validation(format!("{parameter} must be a string"))),
    }
}

/// Substitutions need an expression to be used in, and every one must be used.
fn check_substitutions(
    subs: &Substitutions,
    expressions: &[&str],
    p: &Map<String, Value>,
) -> Result<(), Failure> {
    let none_given = expressions.iter().all(|e| p.get(*e).is_none_or(Value::is_null));
    if none_given && (subs.has_values() || subs.has_names()) {
        let which = if subs.has_values() {
            "ExpressionAttributeValues"
        } else {
            "ExpressionAttributeNames"
        };
        let null = match expressions {
            [one] => format!("{one} is null"),
            [rest @ .., last] => format!("{} and {last} are null", rest.join(", ")),
            [] => String::new(),
        };
        return Err(Failure::Validation(format!(
            "{which} can only be specified when using expressions: {null}"
        )));
    }
    subs.check_all_used().map_err(Failure::Validation)
}

/// The result: the optimized integration adds the HTTP metadata of DynamoDB's JSON response.
fn finish(
    dialect: Dialect,
    mut response: Map<String, Value>,
    request_id: &str,
    ctx: &CallContext<'_>,
) -> Value {
    if dialect == Dialect::Optimized {
        let body = serde_json::to_string(&response).unwrap_or_default();
        let headers = [
            ("Server", "Server".to_string()),
            ("Connection", "keep-alive".to_string()),
            ("x-amzn-RequestId", request_id.to_string()),
            ("x-amz-crc32", wire::crc32(body.as_bytes()).to_string()),
            ("Content-Length", body.len().to_string()),
            ("Date", wire::http_date(ctx.now)),
            ("Content-Type", "application/x-amz-json-1.0".to_string()),
        ];
        wire::add_sdk_metadata(&mut response, &headers, request_id);
    }
    wire::alphabetical(response)
}
