//! Base64Encode and Base64Decode over the UTF-8 bytes of a string of at most 10,000 characters.
//!
//! Written out here rather than taken from a crate: the encoder is a few
//! lines, and the decoder must be as lenient as AWS's, which skips characters
//! outside the alphabet, stops at the first `=`, and decodes unpadded tails
//! (`'abc'`, `' YWJjZA== '` and `'ab==cd'` all decode on AWS).

use super::arguments::{Args, Failure};
use super::java::utf16_len;
use serde_json::Value;

/// AWS's limit on the input of both functions, in (UTF-16) characters.
pub const MAX_INPUT_CHARS: usize = 10_000;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `States.Base64Encode(text)`: standard alphabet, padded.
pub fn base64_encode(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(1)?;
    let text = args.string(0)?;
    if utf16_len(text) > MAX_INPUT_CHARS {
        return Err(args.invalid());
    }
    Ok(Value::String(encode(text.as_bytes())))
}

/// `States.Base64Decode(text)`: bytes that are not UTF-8 become U+FFFD.
pub fn base64_decode(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(1)?;
    let text = args.string(0)?;
    if utf16_len(text) > MAX_INPUT_CHARS {
        return Err(args.invalid());
    }
    let bytes = decode(text);
    Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
}

/// Standard base64 with padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The 6-bit value of a Base64 character; the URL-safe `-` and `_` count too.
fn sextet(c: char) -> Option<u32> {
    match c {
        'A'..='Z' => Some(c as u32 - 'A' as u32),
        'a'..='z' => Some(c as u32 - 'a' as u32 + 26),
        '0'..='9' => Some(c as u32 - '0' as u32 + 52),
        '+' | '-' => Some(62),
        '/' | '_' => Some(63),
        _ => None,
    }
}

fn decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut bits: u32 = 0;
    let mut count = 0;
    for c in text.chars() {
        if c == '=' {
            break;
        }
        let Some(value) = sextet(c) else { continue };
        bits = (bits << 6) | value;
        count += 1;
        if count == 4 {
            out.extend_from_slice(&[(bits >> 16) as u8, (bits >> 8) as u8, bits as u8]);
            bits = 0;
            count = 0;
        }
    }
    // A dangling single character carries too few bits for a byte and is dropped.
    match count {
        2 => out.push((bits >> 4) as u8),
        3 => out.extend_from_slice(&[(bits >> 10) as u8, (bits >> 2) as u8]),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn round_trips_and_padding() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("Data to encode", "RGF0YSB0byBlbmNvZGU="),
            ("✓", "4pyT"),
            ("🚀", "8J+agA=="),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded), plain.as_bytes());
        }
    }

    #[test]
    fn decoding_is_lenient_like_aws() {
        assert_eq!(decode(" YWJjZA== "), b"abcd");
        assert_eq!(decode("YWJj\nZA=="), b"abcd");
        assert_eq!(decode("abc"), vec![0x69, 0xb7]);
        assert_eq!(decode("ab==cd"), vec![0x69]);
    }
}
