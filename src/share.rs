//! Share links: the playground's definition, input and scenario, compressed into the link's hash
//! (`#/playground?share=...`), so nothing reaches a server. Compression is the browser's own
//! (CompressionStream, deflate-raw), so the page carries no compressor.

use js_sys::{Array, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStream, ReadableWritablePair, Response};

// The Compression Streams API, which web-sys only offers behind its unstable-APIs flag.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// The query parameter that carries a shared playground.
pub const PARAM: &str = "share";

/// What a share link holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// The definition's text.
    #[serde(rename = "d")]
    pub definition: String,
    /// The execution input's text.
    #[serde(rename = "i")]
    pub input: String,
    /// The scenario's text.
    #[serde(rename = "s", default)]
    pub scenario: String,
}

/// The link's hash for `shared`: `#/playground?share=<deflate-raw, base64url>`.
pub async fn hash_for(shared: &Shared) -> Result<String, String> {
    let json = serde_json::to_string(shared).map_err(|e| e.to_string())?;
    let compressed = through(json.as_bytes(), Direction::Compress).await?;
    Ok(format!("#/playground?{PARAM}={}", base64url_encode(&compressed)))
}

/// What a link's `share` value holds, or why it cannot be read.
pub async fn read(code: &str) -> Result<Shared, String> {
    let broken = |why: String| format!("This share link is damaged ({why}): ask for it again.");
    let bytes = base64url_decode(code).ok_or_else(|| broken("not base64url".into()))?;
    let json = through(&bytes, Direction::Decompress).await.map_err(broken)?;
    serde_json::from_slice(&json).map_err(|e| broken(e.to_string()))
}

enum Direction {
    Compress,
    Decompress,
}

/// Runs bytes through the browser's (de)compression stream.
async fn through(bytes: &[u8], direction: Direction) -> Result<Vec<u8>, String> {
    let js = |e: JsValue| crate::js_error::js_error_text(&e);
    let parts = Array::of1(&Uint8Array::from(bytes).into());
    let blob = Blob::new_with_u8_array_sequence(&parts).map_err(js)?;
    let stream: ReadableStream = blob.stream();
    // Both stream kinds are a {readable, writable} pair, which is what pipeThrough takes.
    let pair: ReadableWritablePair = match direction {
        Direction::Compress => CompressionStream::new("deflate-raw")
            .map_err(js)?
            .unchecked_into(),
        Direction::Decompress => DecompressionStream::new("deflate-raw")
            .map_err(js)?
            .unchecked_into(),
    };
    let piped = stream.pipe_through(&pair);
    let response = Response::new_with_opt_readable_stream(Some(&piped)).map_err(js)?;
    let buffer = JsFuture::from(response.array_buffer().map_err(js)?)
        .await
        .map_err(js)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5): nothing to escape in a link.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The bytes of [`base64url_encode`]'s text; `None` for anything else.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let value = ALPHABET.iter().position(|a| a == c)? as u32;
            n |= value << (18 - 6 * i);
        }
        out.extend((0..chunk.len() - 1).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length_and_byte() {
        let bytes: Vec<u8> = (0..=255).collect();
        for len in 0..bytes.len() {
            let text = base64url_encode(&bytes[..len]);
            assert!(!text.contains(['+', '/', '=']), "{text}");
            assert_eq!(
                base64url_decode(&text).as_deref(),
                Some(&bytes[..len]),
                "length {len}"
            );
        }
        assert_eq!(base64url_encode(b"Man"), "TWFu");
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
    }

    #[test]
    fn damaged_codes_are_refused() {
        assert_eq!(base64url_decode("abcde"), None);
        assert_eq!(base64url_decode("ab*d"), None);
    }

    #[test]
    fn the_payload_uses_short_keys() {
        let shared = Shared {
            definition: "{}".into(),
            input: "{}".into(),
            scenario: String::new(),
        };
        assert_eq!(
            serde_json::to_string(&shared).unwrap(),
            r#"{"d":"{}","i":"{}","s":""}"#
        );
    }
}
