//! States.Hash: MD5, SHA-1, SHA-256, SHA-384 or SHA-512 of a value's text, as lowercase hex.

use super::arguments::{Args, Failure};
use super::java::{to_java_string, utf16_len};
use md5::Md5;
use serde_json::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// AWS's limit on the data to hash, in (UTF-16) characters.
pub const MAX_INPUT_CHARS: usize = 10_000;

/// `States.Hash(data, algorithm)`. Data that is not a string is hashed as its
/// Java text (AWS hashes `123` and `{}` rather than refusing them); the
/// algorithm name must match exactly.
pub fn hash(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(2)?;
    let data = args.deep(to_java_string(args.value(0)?))?;
    let algorithm = args.string(1)?;
    if utf16_len(&data) > MAX_INPUT_CHARS {
        return Err(args.invalid());
    }
    let bytes = data.as_bytes();
    let digest = match algorithm {
        "MD5" => Md5::digest(bytes).to_vec(),
        "SHA-1" => Sha1::digest(bytes).to_vec(),
        "SHA-256" => Sha256::digest(bytes).to_vec(),
        "SHA-384" => Sha384::digest(bytes).to_vec(),
        "SHA-512" => Sha512::digest(bytes).to_vec(),
        _ => return Err(args.invalid()),
    };
    Ok(Value::String(digest.iter().map(|b| format!("{b:02x}")).collect()))
}
