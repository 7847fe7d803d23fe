//! Simulated AWS Lambda: functions whose [`Behaviour`] decides what each invocation returns or raises.
//!
//! Two ways in, as in Step Functions:
//! - `arn:aws:states:::lambda:invoke` with `FunctionName` (name, `name:qualifier`,
//!   full or partial ARN), `Payload`, `Qualifier`, `InvocationType`
//!   (`RequestResponse`, `Event`, `DryRun`), `LogType`: the result is Lambda's
//!   response as the Java SDK returns it (`ExecutedVersion`, `Payload`,
//!   `SdkHttpMetadata`, `SdkResponseMetadata`, `StatusCode`).
//! - the function's ARN as the Task resource: the result is the payload itself.
//!
//! A function error becomes the Task error named by its error type, with Lambda's
//! error report (`{"errorMessage", "errorType", "requestId", "stackTrace"}`) as the
//! cause: compact JSON from `lambda:invoke`, and as the Python runtime writes it
//! (`", "` separators) from the function-ARN form, as recorded against AWS. A
//! behaviour that throws an error named `Lambda.*` (`Lambda.TooManyRequestsException`,
//! `Lambda.ServiceException`...) stands for the Lambda service failing: the cause is
//! then the SDK's error text.

use super::behaviour::{Behaviour, Thrown};
use super::wire::{self, Dialect, ServiceError, ServiceNames};
use super::world::{child, entries, section};
use super::{CallContext, CallError};
use crate::clock::Timestamp;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const NAMES: ServiceNames = ServiceNames {
    v1_prefix: "Lambda",
    v1_service: "AWSLambda",
    v1_fallback: "AWSLambdaException",
    v2_prefix: "Lambda",
    v2_service: "Lambda",
    v2_fallback: "LambdaException",
};

/// The functions of the world and what happened to them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lambda {
    functions: BTreeMap<String, Function>,
}

#[derive(Debug, Clone)]
struct Function {
    behaviour: Behaviour,
    invocations: Vec<Invocation>,
}

#[derive(Debug, Clone)]
struct Invocation {
    at: Timestamp,
    request_id: String,
    via: &'static str,
    invocation_type: String,
    version: String,
    payload: Value,
    /// `None` for a dry run, which does not run the function.
    outcome: Option<Result<Value, Thrown>>,
}

/// A function reference: a name with an optional qualifier, and the region and account of an ARN.
struct FunctionRef {
    name: String,
    qualifier: Option<String>,
    region: Option<String>,
    account: Option<String>,
}

impl FunctionRef {
    /// Reads `name`, `name:qualifier`, `ACCOUNT:function:name[:qualifier]` or
    /// `arn:aws:lambda:REGION:ACCOUNT:function:name[:qualifier]`.
    fn parse(text: &str) -> Option<FunctionRef> {
        let parts: Vec<&str> = text.split(':').collect();
        let (region, account, rest) = match parts.as_slice() {
            ["arn", partition, "lambda", region, account, "function", rest @ ..]
                if partition.starts_with("aws") =>
            {
                (Some(*region), Some(*account), rest)
            }
            [account, "function", rest @ ..] => (None, Some(*account), rest),
            rest => (None, None, rest),
        };
        let (name, qualifier) = match rest {
            [name] => (*name, None),
            [name, qualifier] => (*name, Some(*qualifier)),
            _ => return None,
        };
        let name_ok = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let qualifier_ok = qualifier.is_none_or(|q| {
            q == "$LATEST"
                || (!q.is_empty()
                    && q.len() <= 128
                    && q.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        });
        let account_ok = account.is_none_or(|a| a.len() == 12 && a.chars().all(|c| c.is_ascii_digit()));
        (name_ok && qualifier_ok && account_ok).then(|| FunctionRef {
            name: name.to_string(),
            qualifier: qualifier.map(str::to_string),
            region: region.map(str::to_string),
            account: account.map(str::to_string),
        })
    }

    /// The ARN Lambda names in its messages.
    fn arn(&self, ctx: &CallContext<'_>) -> String {
        let mut arn = format!(
            "arn:aws:lambda:{}:{}:function:{}",
            self.region.as_deref().unwrap_or(ctx.region),
            self.account.as_deref().unwrap_or(ctx.account),
            self.name
        );
        if let Some(qualifier) = &self.qualifier {
            arn.push(':');
            arn.push_str(qualifier);
        }
        arn
    }

    /// `$LATEST`, or the version a numeric qualifier names (aliases run `$LATEST`).
    fn executed_version(&self) -> String {
        match &self.qualifier {
            Some(q) if q.chars().all(|c| c.is_ascii_digit()) => q.clone(),
            _ => "$LATEST".into(),
        }
    }
}

impl Lambda {
    pub(crate) fn from_world(value: &Value, location: &str, errors: &mut Vec<String>) -> Lambda {
        let map = section(value, location, &["functions"], errors);
        let mut functions = BTreeMap::new();
        for (name, behaviour) in entries(map, "functions", location, errors) {
            let here = child(&child(location, "functions"), name);
            let valid_name = !name.is_empty()
                && name.len() <= 64
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid_name {
                errors.push(format!(
                    "{here}: a function name has 1 to 64 letters, digits, '-' and '_'"
                ));
                continue;
            }
            match Behaviour::from_value(behaviour, &here) {
                Ok(behaviour) => {
                    functions.insert(
                        name.clone(),
                        Function {
                            behaviour,
                            invocations: Vec::new(),
                        },
                    );
                }
                Err(problems) => errors.extend(problems),
            }
        }
        Lambda { functions }
    }

    pub(crate) fn has_function(&self, name_or_arn: &str) -> bool {
        FunctionRef::parse(name_or_arn).is_some_and(|f| self.functions.contains_key(&f.name))
    }

    /// `arn:aws:states:::lambda:invoke`.
    pub(crate) fn invoke_integration(
        &mut self,
        parameters: &Value,
        ctx: &CallContext<'_>,
    ) -> Result<Value, CallError> {
        let request_id = wire::uuid(ctx);
        let fail = |exception: Option<&str>, code: &str, status: u16, message: &str| {
            CallError::Failed(NAMES.error(
                Dialect::Optimized,
                &ServiceError {
                    exception,
                    code,
                    status,
                    message,
                },
                &request_id,
            ))
        };
        let invocation_type = match parameters.get("InvocationType") {
            None | Some(Value::Null) => "RequestResponse".to_string(),
            Some(Value::String(t)) if matches!(t.as_str(), "RequestResponse" | "Event" | "DryRun") => {
                t.clone()
            }
            Some(other) => {
                return Err(fail(
                    None,
                    "ValidationException",
                    400,
                    &format!(
                        "1 validation error detected: Value '{}' at 'invocationType' failed to satisfy \
                         constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
                        super::text_of(other)
                    ),
                ))
            }
        };
        let name_text = match parameters.get("FunctionName") {
            None | Some(Value::Null) => {
                return Err(fail(
                    None,
                    "ValidationException",
                    400,
                    "1 validation error detected: Value null at 'functionName' failed to satisfy \
                     constraint: Member must not be null",
                ))
            }
            Some(value) => super::text_of(value),
        };
        let mut function = FunctionRef::parse(&name_text).ok_or_else(|| {
            fail(
                None,
                "ValidationException",
                400,
                &format!(
                    "1 validation error detected: Value '{name_text}' at 'functionName' failed to \
                     satisfy constraint: Member must satisfy regular expression pattern: \
                     (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{{2}}(-gov)?-[a-z]+-\\d{{1}}:)?(\\d{{12}}:)?\
                     (function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"
                ),
            )
        })?;
        if let Some(qualifier) = super::string_param(parameters, "Qualifier") {
            if function.qualifier.as_deref().is_some_and(|q| q != qualifier) {
                return Err(fail(
                    Some("InvalidParameterValueException"),
                    "InvalidParameterValueException",
                    400,
                    "The derived qualifier from the function name does not match the specified qualifier.",
                ));
            }
            function.qualifier = Some(qualifier.to_string());
        }
        if !self.functions.contains_key(&function.name) {
            return Err(fail(
                Some("ResourceNotFoundException"),
                "ResourceNotFoundException",
                404,
                &format!("Function not found: {}", function.arn(ctx)),
            ));
        }
        let payload = match parameters.get("Payload") {
            None | Some(Value::Null) => json!({}),
            Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                Ok(value) => value,
                Err(_) => {
                    let token: String = text.chars().take_while(|c| !c.is_whitespace()).take(50).collect();
                    return Err(fail(
                        Some("InvalidRequestContentException"),
                        "InvalidRequestContentException",
                        400,
                        &format!(
                            "Could not parse request body into json: Could not parse payload into json: \
                             Unrecognized token '{token}': was expecting (JSON String, Number, Array, \
                             Object or token 'null', 'true' or 'false')"
                        ),
                    ));
                }
            },
            Some(other) => other.clone(),
        };
        let version = function.executed_version();
        let outcome = if invocation_type == "DryRun" {
            None
        } else {
            Some(self.run(&function.name, &payload, ctx))
        };
        self.record(
            &function.name,
            Invocation {
                at: ctx.now,
                request_id: request_id.clone(),
                via: "lambda:invoke",
                invocation_type: invocation_type.clone(),
                version: version.clone(),
                payload,
                outcome: outcome.clone(),
            },
        );

        let mut response = Map::new();
        let mut headers: Vec<(&str, String)> = Vec::new();
        let log_tail = super::string_param(parameters, "LogType") == Some("Tail");
        let log = wire::base64(
            format!(
                "START RequestId: {request_id} Version: {version}\nEND RequestId: {request_id}\n\
                 REPORT RequestId: {request_id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\t\
                 Memory Size: 128 MB\tMax Memory Used: 40 MB\t\n"
            )
            .as_bytes(),
        );
        let body = match (invocation_type.as_str(), outcome) {
            ("RequestResponse", Some(Ok(result))) => {
                let text = wire::python_json(&result);
                response.insert("ExecutedVersion".into(), json!(version));
                response.insert("Payload".into(), result);
                response.insert("StatusCode".into(), json!(200));
                if log_tail {
                    response.insert("LogResult".into(), json!(log));
                    headers.push(("X-Amz-Log-Result", log.clone()));
                }
                headers.push(("X-Amz-Executed-Version", version.clone()));
                text
            }
            ("RequestResponse", Some(Err(thrown))) => {
                return Err(CallError::Failed(function_error(thrown, &request_id, false)))
            }
            (kind, _) => {
                response.insert("Payload".into(), json!(""));
                response.insert(
                    "StatusCode".into(),
                    json!(if kind == "Event" { 202 } else { 204 }),
                );
                String::new()
            }
        };
        let trace = format!(
            "root=1-{:08x}-{};parent={};sampled=0",
            ctx.now.0.div_euclid(1000),
            wire::random_chars(ctx, b"0123456789abcdef", 24),
            wire::random_chars(ctx, b"0123456789abcdef", 16)
        );
        headers.extend([
            ("x-amzn-Remapped-Content-Length", "0".to_string()),
            ("Connection", "keep-alive".to_string()),
            ("x-amzn-RequestId", request_id.clone()),
            ("Content-Length", body.len().to_string()),
            ("Date", wire::http_date(ctx.now)),
            ("X-Amzn-Trace-Id", trace),
            ("Content-Type", "application/json".to_string()),
        ]);
        wire::add_sdk_metadata(&mut response, &headers, &request_id);
        Ok(wire::alphabetical(response))
    }

    /// A Task whose resource is the function's ARN: the payload in, the result out.
    pub(crate) fn invoke_by_arn(
        &mut self,
        arn: &str,
        payload: &Value,
        ctx: &CallContext<'_>,
    ) -> Result<Value, CallError> {
        let request_id = wire::uuid(ctx);
        let function = FunctionRef::parse(arn).filter(|f| self.functions.contains_key(&f.name));
        let Some(function) = function else {
            let shown = FunctionRef::parse(arn).map_or_else(|| arn.to_string(), |f| f.arn(ctx));
            return Err(CallError::Failed(NAMES.error(
                Dialect::Optimized,
                &ServiceError {
                    exception: Some("ResourceNotFoundException"),
                    code: "ResourceNotFoundException",
                    status: 404,
                    message: &format!("Function not found: {shown}"),
                },
                &request_id,
            )));
        };
        let outcome = self.run(&function.name, payload, ctx);
        self.record(
            &function.name,
            Invocation {
                at: ctx.now,
                request_id: request_id.clone(),
                via: "function ARN",
                invocation_type: "RequestResponse".into(),
                version: function.executed_version(),
                payload: payload.clone(),
                outcome: Some(outcome.clone()),
            },
        );
        outcome.map_err(|thrown| CallError::Failed(function_error(thrown, &request_id, true)))
    }

    fn run(&mut self, name: &str, payload: &Value, ctx: &CallContext<'_>) -> Result<Value, Thrown> {
        match self.functions.get_mut(name) {
            Some(function) => function.behaviour.outcome(payload, ctx),
            None => Ok(Value::Null),
        }
    }

    fn record(&mut self, name: &str, invocation: Invocation) {
        if let Some(function) = self.functions.get_mut(name) {
            function.invocations.push(invocation);
        }
    }

    pub(crate) fn snapshot(&self, region: &str, account: &str) -> Value {
        let functions: Map<String, Value> = self
            .functions
            .iter()
            .map(|(name, function)| {
                let invocations: Vec<Value> = function
                    .invocations
                    .iter()
                    .map(|i| {
                        let mut entry = json!({
                            "requestId": i.request_id,
                            "time": i.at.to_iso8601(),
                            "via": i.via,
                            "invocationType": i.invocation_type,
                            "executedVersion": i.version,
                            "payload": i.payload,
                        });
                        match &i.outcome {
                            Some(Ok(result)) => entry["result"] = result.clone(),
                            Some(Err(thrown)) => {
                                entry["error"] = json!({
                                    "errorType": thrown.error,
                                    "errorMessage": thrown.cause.clone().unwrap_or_default(),
                                })
                            }
                            None => {}
                        }
                        entry
                    })
                    .collect();
                (
                    name.clone(),
                    json!({
                        "arn": format!("arn:aws:lambda:{region}:{account}:function:{name}"),
                        "invocations": invocations,
                    }),
                )
            })
            .collect();
        json!({ "functions": functions })
    }
}

/// The Task error of a failed invocation. `python` picks the Python runtime's
/// JSON for the cause (function-ARN form) over Step Functions' compact JSON.
fn function_error(thrown: Thrown, request_id: &str, python: bool) -> crate::error::StatesError {
    if let Some(service_error) = thrown.error.strip_prefix("Lambda.") {
        return lambda_service_error(service_error, thrown.cause.as_deref(), request_id);
    }
    let report = json!({
        "errorMessage": thrown.cause.unwrap_or_default(),
        "errorType": thrown.error,
        "requestId": request_id,
        "stackTrace": thrown.stack_trace,
    });
    let cause = if python {
        wire::python_json(&report)
    } else {
        serde_json::to_string(&report).unwrap_or_default()
    };
    crate::error::StatesError::new(thrown.error, cause)
}

/// An error of the Lambda service itself, as a behaviour throwing `Lambda.<name>` asks for.
fn lambda_service_error(name: &str, message: Option<&str>, request_id: &str) -> crate::error::StatesError {
    match name {
        "Unknown" => crate::error::StatesError::new(
            "Lambda.Unknown",
            message
                .unwrap_or("The cause could not be determined because Lambda did not return an error type."),
        ),
        "SdkClientException" => crate::error::StatesError::new(
            "Lambda.SdkClientException",
            message.unwrap_or("Unable to execute HTTP request: Connection reset"),
        ),
        _ => {
            let (status, default_message) = match name {
                "TooManyRequestsException" => (429, "Rate Exceeded."),
                "ResourceNotFoundException" => (404, "Function not found"),
                "ServiceException" => (500, "An error occurred and the request cannot be processed."),
                "ResourceConflictException" => (409, "The operation cannot be performed at this time."),
                n if n.starts_with("EC2") || n.starts_with("ENI") || n.starts_with("Subnet") => {
                    (502, "Lambda was unable to set up the function's network.")
                }
                "AWSLambdaException" => (400, "The request is not valid."),
                _ => (400, "The request is not valid."),
            };
            let exception = (name != "AWSLambdaException").then_some(name);
            NAMES.error(
                Dialect::Optimized,
                &ServiceError {
                    exception,
                    code: exception.unwrap_or("ValidationException"),
                    status,
                    message: message.unwrap_or(default_message),
                },
                request_id,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FunctionRef;

    #[test]
    fn reads_every_function_name_form() {
        let read = |text: &str| FunctionRef::parse(text).map(|f| (f.name, f.qualifier));
        assert_eq!(read("backup"), Some(("backup".into(), None)));
        assert_eq!(read("backup:prod"), Some(("backup".into(), Some("prod".into()))));
        assert_eq!(
            read("123456789012:function:backup"),
            Some(("backup".into(), None))
        );
        assert_eq!(
            read("arn:aws:lambda:eu-west-1:123456789012:function:backup:$LATEST"),
            Some(("backup".into(), Some("$LATEST".into())))
        );
        assert_eq!(read("arn:aws:lambda:eu-west-1:123456789012:function:"), None);
        assert_eq!(read("back up"), None);
        assert_eq!(read("a:b:c"), None);
    }
}
