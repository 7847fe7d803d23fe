//! What the simulated services share on the wire: request ids, HTTP metadata,
//! error causes in the AWS SDKs' formats, checksums and text encodings.
//!
//! Step Functions calls the optimized integrations (`arn:aws:states:::sqs:sendMessage`)
//! through the AWS SDK for Java 1.x and the AWS SDK integrations
//! (`arn:aws:states:::aws-sdk:s3:putObject`) through the 2.x SDK; the two word
//! their errors differently, and only the optimized ones add `SdkHttpMetadata`.

use super::CallContext;
use crate::clock::Timestamp;
use crate::error::StatesError;
use crate::value_text::{self, Style};
use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

/// Which Step Functions integration made the call: its SDK decides error names and causes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// An optimized integration (`arn:aws:states:::dynamodb:putItem`): AWS SDK for Java 1.x.
    Optimized,
    /// An AWS SDK integration (`arn:aws:states:::aws-sdk:dynamodb:putItem`): AWS SDK for Java 2.x.
    Sdk,
}

/// How one service's errors are named in each dialect.
pub(crate) struct ServiceNames {
    /// Error prefix of the optimized integration, such as `DynamoDB`.
    pub v1_prefix: &'static str,
    /// Service name in 1.x causes, such as `AmazonDynamoDBv2`.
    pub v1_service: &'static str,
    /// The 1.x exception for error codes the SDK does not model, such as `AmazonDynamoDBException`.
    pub v1_fallback: &'static str,
    /// Error prefix of the AWS SDK integration, such as `DynamoDb`.
    pub v2_prefix: &'static str,
    /// Service name in 2.x causes, such as `DynamoDb`.
    pub v2_service: &'static str,
    /// The 2.x exception for error codes the SDK does not model, such as `DynamoDbException`.
    pub v2_fallback: &'static str,
}

/// An error a service answered with.
pub(crate) struct ServiceError<'a> {
    /// The modeled exception (`ConditionalCheckFailedException`), or `None` when the SDK
    /// reports the code as its generic service exception.
    pub exception: Option<&'a str>,
    /// The error code on the wire (`ValidationException`, `AWS.SimpleQueueService.NonExistentQueue`).
    pub code: &'a str,
    /// The HTTP status.
    pub status: u16,
    /// The service's message.
    pub message: &'a str,
}

impl ServiceNames {
    /// The Step Functions error for a service error, with the SDK's cause text.
    pub fn error(&self, dialect: Dialect, error: &ServiceError<'_>, request_id: &str) -> StatesError {
        match dialect {
            Dialect::Optimized => StatesError::new(
                format!(
                    "{}.{}",
                    self.v1_prefix,
                    error.exception.unwrap_or(self.v1_fallback)
                ),
                format!(
                    "{} (Service: {}; Status Code: {}; Error Code: {}; Request ID: {}; Proxy: null)",
                    error.message, self.v1_service, error.status, error.code, request_id
                ),
            ),
            Dialect::Sdk => StatesError::new(
                format!(
                    "{}.{}",
                    self.v2_prefix,
                    error.exception.unwrap_or(self.v2_fallback)
                ),
                format!(
                    "{} (Service: {}, Status Code: {}, Request ID: {})",
                    error.message, self.v2_service, error.status, request_id
                ),
            ),
        }
    }

    /// A client-side failure (`SdkClientException`): no HTTP answer, so no request id.
    pub fn client_error(&self, dialect: Dialect, message: &str) -> StatesError {
        let prefix = match dialect {
            Dialect::Optimized => self.v1_prefix,
            Dialect::Sdk => self.v2_prefix,
        };
        StatesError::new(format!("{prefix}.SdkClientException"), message)
    }
}

/// A request id as most services print it: a version 4 UUID.
pub(crate) fn uuid(ctx: &CallContext<'_>) -> String {
    ctx.random.uuid_v4()
}

/// `count` random characters from `alphabet`.
pub(crate) fn random_chars(ctx: &CallContext<'_>, alphabet: &[u8], count: usize) -> String {
    let span = alphabet.len() as i64;
    (0..count)
        .map(|_| {
            let i = ctx.random.range_i64(0, span) as usize;
            alphabet.get(i).copied().map(char::from).unwrap_or('0')
        })
        .collect()
}

/// DynamoDB's request id: 52 characters of upper-case letters and digits.
pub(crate) fn dynamodb_request_id(ctx: &CallContext<'_>) -> String {
    random_chars(ctx, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 52)
}

/// S3's request id: 16 upper-case hexadecimal digits.
pub(crate) fn s3_request_id(ctx: &CallContext<'_>) -> String {
    random_chars(ctx, b"0123456789ABCDEF", 16)
}

/// S3's extended request id (`x-amz-id-2`): base64 of 57 random bytes.
pub(crate) fn s3_extended_request_id(ctx: &CallContext<'_>) -> String {
    let bytes: Vec<u8> = (0..57).map(|_| ctx.random.range_i64(0, 256) as u8).collect();
    base64(&bytes)
}

/// The `SdkHttpMetadata` and `SdkResponseMetadata` the 1.x SDK adds to a response:
/// `headers` in the order AWS lists them in `AllHttpHeaders` (each value as a
/// one-element list), and sorted without regard to case in `HttpHeaders`.
pub(crate) fn add_sdk_metadata(
    response: &mut Map<String, Value>,
    headers: &[(&str, String)],
    request_id: &str,
) {
    let mut all = Map::new();
    for (name, value) in headers {
        all.insert((*name).to_string(), json!([value]));
    }
    let mut sorted: Vec<&(&str, String)> = headers.iter().collect();
    sorted.sort_by_key(|(name, _)| name.to_ascii_lowercase());
    let mut plain = Map::new();
    for (name, value) in sorted {
        plain.insert((*name).to_string(), json!(value));
    }
    response.insert(
        "SdkHttpMetadata".into(),
        json!({"AllHttpHeaders": all, "HttpHeaders": plain, "HttpStatusCode": 200}),
    );
    response.insert("SdkResponseMetadata".into(), json!({"RequestId": request_id}));
}

/// The keys of an object in alphabetical order, as the 1.x SDK's results serialize.
pub(crate) fn alphabetical(map: Map<String, Value>) -> Value {
    let mut entries: Vec<(String, Value)> = map.into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Value::Object(entries.into_iter().collect())
}

/// An HTTP `Date` header: `Mon, 01 Jan 2024 00:00:00 GMT`.
pub(crate) fn http_date(now: Timestamp) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let iso = now.to_iso8601();
    let day_number = now.0.div_euclid(86_400_000);
    let weekday = DAYS[day_number.rem_euclid(7) as usize];
    // 2024-01-01T00:00:00.000Z
    let (year, month, day, time) = (
        iso.get(0..4).unwrap_or("1970"),
        iso.get(5..7).and_then(|m| m.parse::<usize>().ok()).unwrap_or(1),
        iso.get(8..10).unwrap_or("01"),
        iso.get(11..19).unwrap_or("00:00:00"),
    );
    let month = MONTHS.get(month.wrapping_sub(1)).copied().unwrap_or("Jan");
    format!("{weekday}, {day} {month} {year} {time} GMT")
}

/// An ISO 8601 time to the second, as S3 and EventBridge print times: `2024-01-01T00:00:00Z`.
pub(crate) fn iso_seconds(now: Timestamp) -> String {
    let iso = now.to_iso8601();
    format!("{}Z", iso.get(0..19).unwrap_or("1970-01-01T00:00:00"))
}

/// The CRC-32 (IEEE) of some bytes.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// The MD5 digest of some bytes in lower-case hexadecimal.
pub(crate) fn md5_hex(bytes: &[u8]) -> String {
    hex(&Md5::digest(bytes))
}

/// Lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Standard base64 with padding (the same encoder as `States.Base64Encode`).
pub(crate) use crate::intrinsics::encoding::encode as base64;

/// Decodes standard base64 (padding optional); `None` when the text is not base64.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // A lone sixth of a byte cannot end valid base64.
    (bits < 6).then_some(out)
}

/// JSON text as Python's `json.dumps` writes it (`", "` and `": "` separators,
/// non-ASCII escaped, floats as `repr`): how a Python Lambda function's result
/// and error travel, and so their lengths and causes.
pub(crate) fn python_json(value: &Value) -> String {
    const PYTHON: Style = Style {
        item_separator: ", ",
        key_separator: ": ",
        number: |n, out| match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (None, Some(u), _) => out.push_str(&u.to_string()),
            (None, None, Some(f)) => out.push_str(&python_float(f)),
            _ => out.push_str(&n.to_string()),
        },
        string: |s, out| value_text::write_quoted(s, out, |c| (c as u32) < 0x20 || (c as u32) > 0x7E, false),
    };
    let mut out = String::new();
    match value_text::write(value, &PYTHON, &mut out) {
        Ok(()) => out,
        // Deeper than any payload Step Functions accepts: the length no longer matters.
        Err(_) => serde_json::to_string(value).unwrap_or_default(),
    }
}

/// Python's `repr` of a float: the shortest round-trip digits, in exponent form
/// below 1e-4 and from 1e16 (`1e-05`, `1e+16`), with `.0` on whole numbers.
fn python_float(f: f64) -> String {
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN".into()
        } else if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let text = format!("{f:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let (whole, fraction) = if point <= 0 {
            (
                "0".to_string(),
                format!("{}{digits}", "0".repeat(point.unsigned_abs() as usize)),
            )
        } else if point as usize >= digits.len() {
            (
                format!("{digits}{}", "0".repeat(point as usize - digits.len())),
                String::new(),
            )
        } else {
            (
                digits[..point as usize].to_string(),
                digits[point as usize..].to_string(),
            )
        };
        let fraction = if fraction.is_empty() {
            "0".to_string()
        } else {
            fraction
        };
        format!("{sign}{whole}.{fraction}")
    } else {
        let mantissa = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{exp_sign}{:02}", exponent.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_and_encodings() {
        assert_eq!(crc32(b"{}"), 2_745_614_147);
        assert_eq!(base64(&crc32(b"\"text data\"").to_be_bytes()), "KUmHvQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64_decode("YWI="), Some(b"ab".to_vec()));
        assert_eq!(base64_decode("YWI"), Some(b"ab".to_vec()));
        assert_eq!(base64_decode("Y"), None);
        assert_eq!(md5_hex(b"0"), "cfcd208495d565ef66e7dff9f98764da");
        assert_eq!(
            http_date(Timestamp::DEFAULT_START),
            "Mon, 01 Jan 2024 00:00:00 GMT"
        );
        assert_eq!(iso_seconds(Timestamp::DEFAULT_START), "2024-01-01T00:00:00Z");
    }

    #[test]
    fn python_json_matches_json_dumps() {
        let value = json!({"a": [1, 2.5, 0.0, 1e16, 0.00001, -3.0], "é": "x\"\n", "b": null});
        assert_eq!(
            python_json(&value),
            r#"{"a": [1, 2.5, 0.0, 1e+16, 1e-05, -3.0], "\u00e9": "x\"\n", "b": null}"#
        );
        assert_eq!(python_json(&json!(123.456)), "123.456");
        assert_eq!(python_json(&json!(1.5e300)), "1.5e+300");
        assert_eq!(python_json(&json!("😀")), r#""\ud83d\ude00""#);
    }
}
