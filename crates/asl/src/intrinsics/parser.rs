//! The syntax of an intrinsic call: `States.Name(arg, ...)` with string, number, boolean, null, path and nested-call arguments.

use super::Function;
use crate::jsonpath::Path;
use serde_json::Value;

/// How deep calls may nest inside one field; AWS documents "up to 10".
pub const MAX_NESTING: usize = 10;

/// One call: the function, its arguments, and its source text for error messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Which function is called.
    pub function: Function,
    /// The arguments in order.
    pub args: Vec<Arg>,
    /// The call as written, `States.Name(...)`.
    pub text: String,
}

/// One argument as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A number, `true`, `false` or `null`.
    Literal(Value),
    /// A quoted string. `raw` keeps the escapes because States.Format must
    /// tell an escaped `\{` from a placeholder brace.
    Text {
        /// The string with its escapes resolved.
        value: String,
        /// The text between the quotes, escapes included.
        raw: String,
    },
    /// `$.x` (the input) or `$$.x` (the Context object).
    Path(Path),
    /// A nested intrinsic call.
    Call(Box<Call>),
}

/// Parses a whole field value, which must be exactly one call.
pub fn parse(text: &str) -> Result<Call, String> {
    let mut parser = Parser { text, at: 0 };
    let call = parser.call(1)?;
    parser.skip_spaces();
    if parser.at < text.len() {
        return Err(parser.error("unexpected text after the closing ')'"));
    }
    Ok(call)
}

struct Parser<'t> {
    text: &'t str,
    /// Byte offset of the next character.
    at: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// An error that points at the current character (1-based, in characters).
    fn error(&self, what: &str) -> String {
        let column = self.text[..self.at].chars().count() + 1;
        format!("the intrinsic function call is not valid at character {column}: {what}")
    }

    /// `States.Name(args)`; `depth` is 1 for the outermost call.
    fn call(&mut self, depth: usize) -> Result<Call, String> {
        if depth > MAX_NESTING {
            return Err(self.error(&format!(
                "intrinsic functions can be nested at most {MAX_NESTING} deep"
            )));
        }
        let start = self.at;
        if !self.rest().starts_with("States.") {
            return Err(self.error("expected an intrinsic function such as 'States.Format('"));
        }
        let name_len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
            .unwrap_or(self.rest().len());
        let text = self.text;
        let name = &text[self.at..self.at + name_len];
        let Some(function) = Function::from_name(name) else {
            return Err(self.error(&format!("'{name}' is not an intrinsic function")));
        };
        self.at += name_len;
        if self.peek() != Some('(') {
            return Err(self.error(&format!("'(' must follow '{name}'")));
        }
        self.bump();
        let mut args = Vec::new();
        self.skip_spaces();
        if self.peek() == Some(')') {
            self.bump();
        } else {
            loop {
                self.skip_spaces();
                args.push(self.argument(depth)?);
                self.skip_spaces();
                match self.bump() {
                    Some(',') => continue,
                    Some(')') => break,
                    Some(other) => {
                        self.at -= other.len_utf8();
                        return Err(self.error(&format!("expected ',' or ')' but found '{other}'")));
                    }
                    None => return Err(self.error(&format!("the call to {name} is not closed by ')'"))),
                }
            }
        }
        Ok(Call {
            function,
            args,
            text: self.text[start..self.at].to_string(),
        })
    }

    fn argument(&mut self, depth: usize) -> Result<Arg, String> {
        match self.peek() {
            None => Err(self.error("an argument is missing")),
            Some('\'') => self.string(),
            Some('$') => self.path(),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some('S') if self.rest().starts_with("States.") => Ok(Arg::Call(Box::new(self.call(depth + 1)?))),
            Some(',') | Some(')') => Err(self.error("an argument is missing")),
            Some(_) => {
                for (word, value) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    if let Some(after) = self.rest().strip_prefix(word) {
                        if after.chars().next().is_none_or(ends_token) {
                            self.at += word.len();
                            return Ok(Arg::Literal(value));
                        }
                    }
                }
                let token: String = self.rest().chars().take_while(|c| !ends_token(*c)).collect();
                Err(self.error(&format!(
                    "'{token}' is not an argument (use a quoted string, a number, true, false, null, a path or an intrinsic function)"
                )))
            }
        }
    }

    /// A single-quoted string; only `\'`, `\{`, `\}` and `\\` may follow a backslash.
    fn string(&mut self) -> Result<Arg, String> {
        self.bump(); // the opening quote
        let start = self.at;
        let mut value = String::new();
        loop {
            match self.bump() {
                None => {
                    self.at = start - 1;
                    return Err(self.error("a string literal is not closed by '"));
                }
                Some('\'') => break,
                Some('\\') => match self.bump() {
                    Some(c @ ('\'' | '{' | '}' | '\\')) => value.push(c),
                    Some(other) => {
                        self.at -= other.len_utf8() + 1;
                        return Err(self.error(&format!(
                            "'\\{other}' is not an escape; only \\', \\{{, \\}} and \\\\ are"
                        )));
                    }
                    None => {
                        self.at -= 1;
                        return Err(self.error("a backslash ends the text without escaping anything"));
                    }
                },
                Some(c) => value.push(c),
            }
        }
        let raw = self.text[start..self.at - 1].to_string();
        Ok(Arg::Text { value, raw })
    }

    /// A JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Result<Arg, String> {
        let start = self.at;
        let token: String = self.rest().chars().take_while(|c| !ends_token(*c)).collect();
        if !is_json_number(&token) {
            return Err(self.error(&format!("'{token}' is not a number")));
        }
        let value: Value = serde_json::from_str(&token)
            .map_err(|_| self.error(&format!("the number '{token}' is out of range")))?;
        self.at = start + token.len();
        Ok(Arg::Literal(value))
    }

    /// A path runs to the next ',' or ')' outside brackets and quotes.
    fn path(&mut self) -> Result<Arg, String> {
        let start = self.at;
        let mut brackets = 0usize;
        let mut quote: Option<char> = None;
        while let Some(c) = self.peek() {
            match quote {
                Some(q) => {
                    if c == '\\' {
                        self.bump();
                    } else if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    '\'' | '"' if brackets > 0 => quote = Some(c),
                    '[' => brackets += 1,
                    ']' => brackets = brackets.saturating_sub(1),
                    ',' | ')' if brackets == 0 => break,
                    c if c.is_whitespace() && brackets == 0 => break,
                    _ => {}
                },
            }
            self.bump();
        }
        let text = &self.text[start..self.at];
        Path::parse(text).map(Arg::Path).map_err(|why| {
            self.at = start;
            self.error(&why)
        })
    }
}

/// Characters that end an unquoted token.
fn ends_token(c: char) -> bool {
    c == ',' || c == ')' || c == '(' || c.is_whitespace()
}

fn is_json_number(token: &str) -> bool {
    let bytes = token.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let from = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - from
    };
    if bytes.first() == Some(&b'-') {
        i += 1;
    }
    let int_start = i;
    let int_digits = digits(&mut i);
    if int_digits == 0 || (int_digits > 1 && bytes[int_start] == b'0') {
        return false;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arguments_of_every_kind() {
        let call = parse("States.Array('a\\'b', -1.5e2, true, null, $.x, States.UUID())").unwrap();
        assert_eq!(call.function, Function::Array);
        assert_eq!(
            call.args[0],
            Arg::Text {
                value: "a'b".into(),
                raw: "a\\'b".into()
            }
        );
        assert_eq!(call.args[1], Arg::Literal(json!(-150.0)));
        assert_eq!(call.args[2], Arg::Literal(json!(true)));
        assert_eq!(call.args[3], Arg::Literal(json!(null)));
        assert!(matches!(call.args[4], Arg::Path(_)));
        assert!(matches!(&call.args[5], Arg::Call(c) if c.text == "States.UUID()"));
    }

    #[test]
    fn numbers_follow_json_grammar() {
        for good in ["0", "-0", "12", "1.5", "1e3", "1E-3", "-2.5e+4"] {
            assert!(is_json_number(good), "{good}");
        }
        for bad in ["", "-", "01", "1.", ".5", "1e", "1.2.3", "+1", "0x1"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn paths_may_hold_commas_and_parentheses_inside_brackets() {
        let call = parse("States.Array($['a,b)'], $.c)").unwrap();
        assert_eq!(call.args.len(), 2);
    }

    #[test]
    fn nesting_is_limited() {
        let nested = |n: usize| format!("{}1{}", "States.Array(".repeat(n), ")".repeat(n));
        assert!(parse(&nested(MAX_NESTING)).is_ok());
        assert!(parse(&nested(MAX_NESTING + 1))
            .unwrap_err()
            .contains("nested at most"));
        // Far deeper input fails the same way instead of exhausting the stack.
        assert!(parse(&nested(100_000)).is_err());
    }
}
