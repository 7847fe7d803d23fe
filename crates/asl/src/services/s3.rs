//! Simulated Amazon S3, reached only through the AWS SDK integration (`arn:aws:states:::aws-sdk:s3:ACTION`).
//!
//! Actions: `putObject` (`Bucket`, `Key`, `Body`, `ContentType`, `Metadata`),
//! `getObject` and `headObject` (`Bucket`, `Key`), `deleteObject`, `listObjectsV2`
//! (`Prefix`, `Delimiter`, `MaxKeys`, `StartAfter`, `ContinuationToken`) and
//! `listObjects` (`Marker` instead of the last two). `getObject` answers the body
//! as text in `Body`.
//!
//! As recorded against AWS, `putObject` stores the **JSON text** of `Body`: an
//! object or list as its compact JSON, and a string *with its quotes*
//! (`"text data"` is stored as the 11 bytes `"text data"`). Objects declared in
//! the world hold exactly the text given.
//!
//! Unknown buckets and keys fail with `S3.NoSuchBucketException` and
//! `S3.NoSuchKeyException` and the AWS SDK's cause text. Readers such as a
//! Distributed Map's ItemReader use [`S3::bucket`], [`S3Bucket::object`] and
//! [`S3Bucket::objects`].

use super::wire::{self};
use super::world::{check_fields, child, entries, expect_object, kind_of, section};
use super::{CallContext, CallError};
use crate::clock::Timestamp;
use crate::error::StatesError;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The content type S3 gives objects stored without one.
const DEFAULT_CONTENT_TYPE: &str = "binary/octet-stream";

/// The buckets of the simulated S3.
#[derive(Debug, Clone, Default)]
pub struct S3 {
    buckets: BTreeMap<String, S3Bucket>,
}

/// One bucket: its objects by key, in key order (as S3 lists them).
#[derive(Debug, Clone, Default)]
pub struct S3Bucket {
    objects: BTreeMap<String, S3Object>,
}

/// One stored object.
#[derive(Debug, Clone, PartialEq)]
pub struct S3Object {
    body: String,
    content_type: String,
    etag: String,
    last_modified: Timestamp,
    metadata: Map<String, Value>,
}

impl S3Object {
    fn new(
        body: String,
        content_type: Option<String>,
        metadata: Map<String, Value>,
        now: Timestamp,
    ) -> S3Object {
        S3Object {
            etag: format!("\"{}\"", wire::md5_hex(body.as_bytes())),
            body,
            content_type: content_type.unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_string()),
            last_modified: now,
            metadata,
        }
    }

    /// The object's content as text.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Its `Content-Type`.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// Its ETag, quoted as S3 writes it: `"d41d8cd98f00b204e9800998ecf8427e"`.
    pub fn etag(&self) -> &str {
        &self.etag
    }

    /// Its size in bytes.
    pub fn size(&self) -> usize {
        self.body.len()
    }

    /// When it was last written.
    pub fn last_modified(&self) -> Timestamp {
        self.last_modified
    }

    /// Its user metadata.
    pub fn metadata(&self) -> &Map<String, Value> {
        &self.metadata
    }
}

impl S3Bucket {
    /// The object stored under `key`.
    pub fn object(&self, key: &str) -> Option<&S3Object> {
        self.objects.get(key)
    }

    /// Every object, in key order.
    pub fn objects(&self) -> impl Iterator<Item = (&str, &S3Object)> {
        self.objects.iter().map(|(key, object)| (key.as_str(), object))
    }

    /// The objects whose keys start with `prefix`, in key order.
    pub fn objects_with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a S3Object)> {
        self.objects
            .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
            .take_while(move |(key, _)| key.starts_with(prefix))
            .map(|(key, object)| (key.as_str(), object))
    }
}

/// Whether a bucket name follows S3's rules: 3 to 63 lower-case letters, digits, '.' and '-',
/// starting and ending with a letter or digit.
fn valid_bucket_name(name: &str) -> bool {
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge_ok(name.chars().next())
        && edge_ok(name.chars().last())
        && !name.contains("..")
}

impl S3 {
    /// The bucket with this name.
    pub fn bucket(&self, name: &str) -> Option<&S3Bucket> {
        self.buckets.get(name)
    }

    /// The names of all buckets, in order.
    pub fn bucket_names(&self) -> impl Iterator<Item = &str> {
        self.buckets.keys().map(String::as_str)
    }

    pub(crate) fn from_world(value: &Value, location: &str, errors: &mut Vec<String>) -> S3 {
        let map = section(value, location, &["buckets"], errors);
        let mut buckets = BTreeMap::new();
        for (name, options) in entries(map, "buckets", location, errors) {
            let here = child(&child(location, "buckets"), name);
            if !valid_bucket_name(name) {
                errors.push(format!(
                    "{here}: a bucket name has 3 to 63 lower-case letters, digits, '.' and '-', \
                     and starts and ends with a letter or digit"
                ));
                continue;
            }
            let mut bucket = S3Bucket::default();
            if let Some(options) = expect_object(options, &here, "an object of bucket options", errors) {
                check_fields(options, &here, "bucket", &["objects"], errors);
                for (key, object) in entries(Some(options), "objects", &here, errors) {
                    let at = child(&child(&here, "objects"), key);
                    if key.is_empty() || key.len() > 1024 {
                        errors.push(format!("{at}: an object key has 1 to 1024 bytes"));
                        continue;
                    }
                    if let Some(object) = read_object(object, &at, errors) {
                        bucket.objects.insert(key.clone(), object);
                    }
                }
            }
            buckets.insert(name.clone(), bucket);
        }
        S3 { buckets }
    }

    /// Runs an action; `None` when the simulation does not have it.
    pub(crate) fn call(
        &mut self,
        action: &str,
        parameters: &Value,
        ctx: &CallContext<'_>,
    ) -> Option<Result<Value, CallError>> {
        let result = match action {
            "putObject" => self.put_object(parameters, ctx),
            "getObject" => self.get_object(parameters, ctx, true),
            "headObject" => self.get_object(parameters, ctx, false),
            "deleteObject" => self.delete_object(parameters, ctx),
            "listObjectsV2" => self.list_objects(parameters, ctx, true),
            "listObjects" => self.list_objects(parameters, ctx, false),
            _ => return None,
        };
        Some(result.map_err(CallError::Failed))
    }

    fn bucket_mut(
        &mut self,
        parameters: &Value,
        ctx: &CallContext<'_>,
    ) -> Result<&mut S3Bucket, StatesError> {
        let name = required(parameters, "Bucket")?;
        self.buckets.get_mut(name).ok_or_else(|| {
            s3_error(
                "NoSuchBucketException",
                404,
                "The specified bucket does not exist",
                ctx,
            )
        })
    }

    fn put_object(&mut self, parameters: &Value, ctx: &CallContext<'_>) -> Result<Value, StatesError> {
        let key = required(parameters, "Key")?.to_string();
        let bucket = self.bucket_mut(parameters, ctx)?;
        let body = match parameters.get("Body") {
            None | Some(Value::Null) => String::new(),
            Some(value) => serde_json::to_string(value).unwrap_or_default(),
        };
        let content_type = super::string_param(parameters, "ContentType").map(str::to_string);
        let metadata = match parameters.get("Metadata") {
            Some(Value::Object(map)) => map.clone(),
            _ => Map::new(),
        };
        let crc = wire::base64(&wire::crc32(body.as_bytes()).to_be_bytes());
        let object = S3Object::new(body, content_type, metadata, ctx.now);
        let etag = object.etag.clone();
        bucket.objects.insert(key, object);
        Ok(json!({
            "ChecksumCRC32": crc,
            "ChecksumType": "FULL_OBJECT",
            "ETag": etag,
            "ServerSideEncryption": "AES256",
        }))
    }

    fn get_object(
        &mut self,
        parameters: &Value,
        ctx: &CallContext<'_>,
        with_body: bool,
    ) -> Result<Value, StatesError> {
        let key = required(parameters, "Key")?.to_string();
        let bucket = self.bucket_mut(parameters, ctx)?;
        let object = bucket.objects.get(&key).ok_or_else(|| {
            s3_error(
                "NoSuchKeyException",
                404,
                "The specified key does not exist.",
                ctx,
            )
        })?;
        let mut response = json!({
            "AcceptRanges": "bytes",
            "ContentLength": object.size(),
            "ContentType": object.content_type,
            "ETag": object.etag,
            "LastModified": wire::iso_seconds(object.last_modified),
            "Metadata": object.metadata,
            "ServerSideEncryption": "AES256",
        });
        if with_body {
            response["Body"] = json!(object.body);
        }
        Ok(response)
    }

    fn delete_object(&mut self, parameters: &Value, ctx: &CallContext<'_>) -> Result<Value, StatesError> {
        let key = required(parameters, "Key")?.to_string();
        let bucket = self.bucket_mut(parameters, ctx)?;
        bucket.objects.remove(&key);
        Ok(json!({}))
    }

    fn list_objects(
        &mut self,
        parameters: &Value,
        ctx: &CallContext<'_>,
        v2: bool,
    ) -> Result<Value, StatesError> {
        let name = required(parameters, "Bucket")?.to_string();
        let bucket = self.bucket_mut(parameters, ctx)?;
        let prefix = super::string_param(parameters, "Prefix").unwrap_or("");
        let delimiter = super::string_param(parameters, "Delimiter").filter(|d| !d.is_empty());
        let max_keys = match parameters.get("MaxKeys") {
            None | Some(Value::Null) => 1000,
            Some(value) => value
                .as_u64()
                .ok_or_else(|| {
                    s3_error(
                        "S3Exception",
                        400,
                        "Provided max-keys not an integer or within integer range",
                        ctx,
                    )
                })?
                .min(1000) as usize,
        };
        let continuation = if v2 {
            super::string_param(parameters, "ContinuationToken")
        } else {
            None
        };
        let after = match continuation {
            Some(token) => Some(
                wire::base64_decode(token)
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .ok_or_else(|| {
                        s3_error(
                            "S3Exception",
                            400,
                            "The continuation token provided is incorrect",
                            ctx,
                        )
                    })?,
            ),
            None if v2 => super::string_param(parameters, "StartAfter").map(str::to_string),
            None => super::string_param(parameters, "Marker").map(str::to_string),
        };

        let mut contents = Vec::new();
        let mut common: Vec<String> = Vec::new();
        let mut last = None;
        let mut truncated = false;
        for (key, object) in bucket.objects_with_prefix(prefix) {
            if after.as_deref().is_some_and(|a| key <= a) {
                continue;
            }
            let rolled = delimiter.and_then(|d| {
                key[prefix.len()..]
                    .find(d)
                    .map(|at| key[..prefix.len() + at + d.len()].to_string())
            });
            if let Some(group) = &rolled {
                if common.last() == Some(group)
                    || after.as_deref().is_some_and(|a| a.starts_with(group.as_str()))
                {
                    continue;
                }
            }
            if contents.len() + common.len() >= max_keys {
                truncated = true;
                break;
            }
            match rolled {
                Some(group) => {
                    last = Some(group.clone());
                    common.push(group);
                }
                None => {
                    last = Some(key.to_string());
                    let mut entry = json!({
                        "ETag": object.etag,
                        "Key": key,
                        "LastModified": wire::iso_seconds(object.last_modified),
                        "Size": object.size(),
                        "StorageClass": "STANDARD",
                    });
                    if v2 {
                        entry["ChecksumAlgorithm"] = json!(["CRC32"]);
                        entry["ChecksumType"] = json!("FULL_OBJECT");
                    }
                    contents.push(entry);
                }
            }
        }

        let mut response = Map::new();
        if !common.is_empty() {
            let prefixes: Vec<Value> = common.iter().map(|p| json!({ "Prefix": p })).collect();
            response.insert("CommonPrefixes".into(), json!(prefixes));
        }
        if !contents.is_empty() {
            response.insert("Contents".into(), json!(contents));
        }
        if let (true, Some(token)) = (v2, continuation) {
            response.insert("ContinuationToken".into(), json!(token));
        }
        if let Some(d) = delimiter {
            response.insert("Delimiter".into(), json!(d));
        }
        response.insert("IsTruncated".into(), json!(truncated));
        if v2 {
            response.insert("KeyCount".into(), json!(contents.len() + common.len()));
        } else {
            response.insert("Marker".into(), json!(after.clone().unwrap_or_default()));
        }
        response.insert("MaxKeys".into(), json!(max_keys));
        response.insert("Name".into(), json!(name));
        if truncated {
            if let Some(last) = &last {
                if v2 {
                    response.insert(
                        "NextContinuationToken".into(),
                        json!(wire::base64(last.as_bytes())),
                    );
                } else if delimiter.is_some() {
                    response.insert("NextMarker".into(), json!(last));
                }
            }
        }
        response.insert("Prefix".into(), json!(prefix));
        if v2 {
            if let Some(start) = super::string_param(parameters, "StartAfter") {
                response.insert("StartAfter".into(), json!(start));
            }
        }
        Ok(wire::alphabetical(response))
    }

    pub(crate) fn snapshot(&self) -> Value {
        let buckets: Map<String, Value> = self
            .buckets
            .iter()
            .map(|(name, bucket)| {
                let objects: Map<String, Value> = bucket
                    .objects
                    .iter()
                    .map(|(key, object)| {
                        let mut entry = json!({
                            "body": object.body,
                            "contentType": object.content_type,
                            "etag": object.etag,
                            "size": object.size(),
                            "lastModified": object.last_modified.to_iso8601(),
                        });
                        if !object.metadata.is_empty() {
                            entry["metadata"] = Value::Object(object.metadata.clone());
                        }
                        (key.clone(), entry)
                    })
                    .collect();
                (name.clone(), json!({ "objects": objects }))
            })
            .collect();
        json!({ "buckets": buckets })
    }
}

fn read_object(value: &Value, location: &str, errors: &mut Vec<String>) -> Option<S3Object> {
    let now = Timestamp::DEFAULT_START;
    match value {
        Value::String(body) => Some(S3Object::new(body.clone(), None, Map::new(), now)),
        other => {
            let map = expect_object(other, location, "the object's text or {\"body\": ...}", errors)?;
            check_fields(
                map,
                location,
                "object",
                &["body", "json", "contentType", "metadata"],
                errors,
            );
            let body = match (map.get("body"), map.get("json")) {
                (Some(Value::String(body)), None) => body.clone(),
                (None, Some(value)) => serde_json::to_string(value).unwrap_or_default(),
                (Some(other), None) => {
                    errors.push(format!(
                        "{location}.body: must be text, found {} (use 'json' to store a JSON value)",
                        kind_of(other)
                    ));
                    return None;
                }
                _ => {
                    errors.push(format!(
                        "{location}: needs exactly one of 'body' (text) and 'json' (any JSON value)"
                    ));
                    return None;
                }
            };
            let content_type = match map.get("contentType") {
                None => None,
                Some(Value::String(t)) => Some(t.clone()),
                Some(_) => {
                    errors.push(format!("{location}.contentType: must be a string"));
                    None
                }
            };
            let metadata = match map.get("metadata") {
                None => Map::new(),
                Some(Value::Object(m)) if m.values().all(Value::is_string) => m.clone(),
                Some(_) => {
                    errors.push(format!("{location}.metadata: must be an object of strings"));
                    Map::new()
                }
            };
            Some(S3Object::new(body, content_type, metadata, now))
        }
    }
}

fn required<'a>(parameters: &'a Value, name: &str) -> Result<&'a str, StatesError> {
    super::string_param(parameters, name)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            StatesError::new(
                "S3.SdkClientException",
                format!("Parameter '{name}' must not be null or empty."),
            )
        })
}

/// An S3 error as the AWS SDK for Java 2.x words it, with both request ids.
fn s3_error(exception: &str, status: u16, message: &str, ctx: &CallContext<'_>) -> StatesError {
    StatesError::new(
        format!("S3.{exception}"),
        format!(
            "{message} (Service: S3, Status Code: {status}, Request ID: {}, Extended Request ID: {})",
            wire::s3_request_id(ctx),
            wire::s3_extended_request_id(ctx)
        ),
    )
}
