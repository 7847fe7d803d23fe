//! The one error type of the facade: a JSONata error code, a message and, for syntax errors, a position.

use std::fmt;

/// An error from parsing or evaluating a JSONata expression.
///
/// `code` is JSONata's own error code where the engine gives one (`S0202` for a syntax error,
/// `T2001` for a wrong operand type, `D3030` for a failed cast, ...). Errors raised by the limits
/// of this crate and by AWS's extra functions use codes listed in `docs/jsonata.md`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonataError {
    code: String,
    message: String,
    position: Option<usize>,
}

impl JsonataError {
    /// An error with a code and a message (without the `CODE: ` prefix).
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        JsonataError {
            code: code.into(),
            message: message.into(),
            position: None,
        }
    }

    /// The same error, with the character offset (0-based, in `char`s) where it was found.
    pub fn at(mut self, position: usize) -> Self {
        self.position = Some(position);
        self
    }

    /// The JSONata error code, such as `S0202`, `T2001` or `D3030`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The message, without the code.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// For a syntax error, the character offset (0-based, counted in `char`s) where parsing stopped.
    pub fn position(&self) -> Option<usize> {
        self.position
    }

    /// Splits an engine message of the form `CODE: text` (or plain text, which gets `fallback`).
    pub(crate) fn from_engine_message(message: &str, fallback: &str) -> Self {
        match split_code(message) {
            Some((code, rest)) => JsonataError::new(normalise_code(code), rest),
            None => JsonataError::new(fallback, message.trim()),
        }
    }
}

/// JSONata-js reports runaway recursion as U1001 (its test suite's depth guard); the engine uses
/// D1011 when a depth limit is configured. One code for one meaning.
fn normalise_code(code: &str) -> &str {
    if code == "D1011" {
        "U1001"
    } else {
        code
    }
}

/// `("T2001", "rest")` for `"T2001: rest"`: one capital letter, four digits, a colon.
fn split_code(message: &str) -> Option<(&str, &str)> {
    let bytes = message.as_bytes();
    let coded = bytes.len() >= 6
        && bytes[0].is_ascii_uppercase()
        && bytes[1..5].iter().all(u8::is_ascii_digit)
        && bytes[5] == b':';
    coded.then(|| (&message[..5], message[6..].trim_start()))
}

impl fmt::Display for JsonataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(position) = self.position {
            write!(f, " (at character {position})")?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonataError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_coded_messages() {
        let e = JsonataError::from_engine_message("T2001: The left side is not a number", "X");
        assert_eq!(
            (e.code(), e.message()),
            ("T2001", "The left side is not a number")
        );
        let e = JsonataError::from_engine_message("Invalid number: 1e999", "S0102");
        assert_eq!((e.code(), e.message()), ("S0102", "Invalid number: 1e999"));
        let e = JsonataError::from_engine_message("D1011: Stack overflow", "X");
        assert_eq!(e.code(), "U1001");
    }

    #[test]
    fn displays_code_message_and_position() {
        let e = JsonataError::new("S0202", "Expected ]").at(4);
        assert_eq!(e.to_string(), "S0202: Expected ] (at character 4)");
    }
}
