//! ItemReader: a distributed Map's items from an S3 object (JSON, JSON Lines, CSV) or an S3 listing.

use crate::dataflow::payload_template::Template;
use crate::definition::fields::{kind_of, Fields};
use crate::diagnostic::{codes, Diagnostic};
use crate::error::StepError;
use crate::execution::runner::StateRun;
use crate::execution::runtime::Stop;
use crate::history::TaskResource;
use crate::services::CallError;
use serde_json::{Map, Value};

/// What the reader reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// `arn:aws:states:::s3:getObject`: one object, parsed as `Format`.
    Object(Format),
    /// `arn:aws:states:::s3:listObjectsV2`: one item per object in the listing.
    Listing,
}

/// How an object's text becomes items.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    /// A JSON array.
    Json,
    /// One JSON value per line.
    JsonLines,
    /// Rows of comma-separated values, as objects keyed by the header.
    Csv {
        /// The header, or `None` when it is the object's first row.
        headers: Option<Vec<String>>,
    },
}

/// A distributed Map's ItemReader.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemReader {
    /// What to read.
    pub source: Source,
    /// Bucket, Key or Prefix: a template over the state's input.
    pub parameters: Template,
    /// ReaderConfig.MaxItems.
    pub max_items: Option<usize>,
}

impl ItemReader {
    /// Reads the ItemReader field, if present.
    pub fn parse(fields: &mut Fields<'_>) -> Option<ItemReader> {
        let value = fields.raw("ItemReader")?;
        let pointer = fields.pointer_of("ItemReader");
        let Value::Object(map) = value else {
            fields.problem(
                "ItemReader",
                format!("'ItemReader' must be an object, not {}", kind_of(value)),
            );
            return None;
        };
        let config = map
            .get("ReaderConfig")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let problem = |fields: &mut Fields<'_>, at: &str, message: String| {
            fields.problems().push(Diagnostic::error(
                codes::SCHEMA_VALIDATION_FAILED,
                format!("{pointer}/{at}"),
                message,
            ));
        };
        let source = match map.get("Resource").and_then(Value::as_str) {
            Some("arn:aws:states:::s3:listObjectsV2") => Source::Listing,
            Some("arn:aws:states:::s3:getObject") => {
                Source::Object(match config.get("InputType").and_then(Value::as_str) {
                    None | Some("JSON") => Format::Json,
                    Some("JSONL") => Format::JsonLines,
                    Some("CSV") => Format::Csv {
                        headers: match config.get("CSVHeaderLocation").and_then(Value::as_str) {
                            Some("GIVEN") => Some(
                                config
                                    .get("CSVHeaders")
                                    .and_then(Value::as_array)
                                    .map(|h| {
                                        h.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
                                    })
                                    .unwrap_or_default(),
                            ),
                            _ => None,
                        },
                    },
                    Some(other) => {
                        problem(
                            fields,
                            "ReaderConfig/InputType",
                            format!("InputType must be JSON, JSONL or CSV, not '{other}'"),
                        );
                        Format::Json
                    }
                })
            }
            other => {
                problem(
                    fields,
                    "Resource",
                    format!(
                        "ItemReader's Resource must be arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2, not {}",
                        other.map_or("nothing".to_string(), |r| format!("'{r}'"))
                    ),
                );
                Source::Listing
            }
        };
        let parameters = match map.get("Parameters") {
            Some(parameters) => {
                Template::parse(parameters, &format!("{pointer}/Parameters"), fields.problems())
            }
            None => {
                problem(
                    fields,
                    "Parameters",
                    "ItemReader needs Parameters with the Bucket (and Key or Prefix)".into(),
                );
                Template::Literal(Value::Null)
            }
        };
        let max_items = config.get("MaxItems").and_then(Value::as_u64).map(|n| n as usize);
        Some(ItemReader {
            source,
            parameters,
            max_items,
        })
    }

    /// Reads the items from simulated S3, with Parameters evaluated over the state's input.
    pub fn read(&self, run: &StateRun<'_>, input: &Value) -> Result<Vec<Value>, Stop> {
        let parameters = run
            .with_scope(input, |s| self.parameters.evaluate(s))
            .map_err(|e| run.fail(e))?;
        self.read_with(run, &parameters)
    }

    /// Reads the items from simulated S3 with the given Bucket, Key or Prefix (a JSONata
    /// state's evaluated Arguments).
    pub fn read_with(&self, run: &StateRun<'_>, parameters: &Value) -> Result<Vec<Value>, Stop> {
        let action = match self.source {
            Source::Object(_) => "getObject",
            Source::Listing => "listObjectsV2",
        };
        let response = call_s3(run, action, parameters)?;
        let mut items = match &self.source {
            Source::Listing => response
                .get("Contents")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            Source::Object(format) => {
                let body = response.get("Body").and_then(Value::as_str).unwrap_or_default();
                parse_items(body, format).map_err(|why| {
                    run.fail(StepError {
                        error: "States.ItemReaderFailed",
                        detail: why,
                    })
                })?
            }
        };
        if let Some(max) = self.max_items {
            items.truncate(max);
        }
        Ok(items)
    }
}

fn call_s3(run: &StateRun<'_>, action: &str, parameters: &Value) -> Result<Value, Stop> {
    let rt = run.rt;
    let ctx = rt.call_context();
    let resource = TaskResource {
        resource_type: "aws-sdk:s3".into(),
        resource: action.into(),
    };
    let outcome = rt.cloud.borrow_mut().call(&resource, parameters, &ctx);
    outcome.map_err(|error| {
        let why = match error {
            CallError::Failed(e) => format!("{}: {}", e.name(), e.cause.as_deref().unwrap_or_default()),
            CallError::Unsupported(why) => why,
        };
        run.fail(StepError {
            error: "States.ItemReaderFailed",
            detail: format!("The ItemReader could not read S3: {why}"),
        })
    })
}

/// Turns an object's text into items.
pub fn parse_items(body: &str, format: &Format) -> Result<Vec<Value>, String> {
    match format {
        Format::Json => match serde_json::from_str::<Value>(body) {
            Ok(Value::Array(items)) => Ok(items),
            Ok(other) => Err(format!("the object holds {}, not a JSON array", kind_of(&other))),
            Err(e) => Err(format!("the object is not JSON: {e}")),
        },
        Format::JsonLines => body
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(i, line)| {
                serde_json::from_str(line).map_err(|e| format!("line {} is not JSON: {e}", i + 1))
            })
            .collect(),
        Format::Csv { headers } => {
            let mut rows = csv_rows(body).into_iter();
            let headers = match headers {
                Some(headers) => headers.clone(),
                None => rows
                    .next()
                    .ok_or("the CSV object is empty: it has no header row")?,
            };
            Ok(rows
                .map(|row| {
                    let mut item = Map::new();
                    for (i, name) in headers.iter().enumerate() {
                        item.insert(
                            name.clone(),
                            Value::String(row.get(i).cloned().unwrap_or_default()),
                        );
                    }
                    Value::Object(item)
                })
                .collect())
        }
    }
}

/// Splits CSV text into rows of fields (RFC 4180 quoting; CRLF or LF line ends).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (other, _) => field.push(other),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_rows_become_objects_keyed_by_the_header() {
        let items = parse_items(
            "id,name\r\n1,\"Lovelace, Ada\"\n2,\"say \"\"hi\"\"\"\n",
            &Format::Csv { headers: None },
        )
        .unwrap();
        assert_eq!(
            items,
            vec![
                json!({"id": "1", "name": "Lovelace, Ada"}),
                json!({"id": "2", "name": "say \"hi\""})
            ]
        );
    }

    #[test]
    fn json_lines_and_arrays() {
        assert_eq!(
            parse_items("{\"a\":1}\n\n{\"a\":2}\n", &Format::JsonLines).unwrap(),
            vec![json!({"a": 1}), json!({"a": 2})]
        );
        assert!(parse_items("{\"a\":1}", &Format::Json)
            .unwrap_err()
            .contains("not a JSON array"));
    }
}
