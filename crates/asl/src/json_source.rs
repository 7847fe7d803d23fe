//! JSON text with positions: parse with line/column errors, and find where a JSON pointer sits.

use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// A line and column in source text, both 1-based; columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Text that is not valid JSON, with where the parser stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonSyntaxError {
    /// What is wrong, in serde_json's words without its position suffix.
    pub message: String,
    /// Where the problem was found.
    pub position: Position,
}

impl fmt::Display for JsonSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at {}: {}", self.position, self.message)
    }
}

impl std::error::Error for JsonSyntaxError {}

/// Parses JSON text, reporting syntax errors with their line and column.
pub fn parse_json(text: &str) -> Result<Value, JsonSyntaxError> {
    serde_json::from_str(text).map_err(|err| {
        let full = err.to_string();
        // serde_json appends " at line L column C"; the position is reported apart.
        let message = match full.rfind(" at line ") {
            Some(cut) => full[..cut].to_string(),
            None => full,
        };
        JsonSyntaxError {
            message,
            position: Position {
                line: err.line().max(1),
                column: err.column().max(1),
            },
        }
    })
}

/// Positions of every value in a JSON text, keyed by JSON pointer (RFC 6901).
///
/// Object members are located at their key, so an editor can underline the
/// field name; array elements and the root at the value itself.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    positions: HashMap<String, Position>,
    duplicates: Vec<DuplicateKey>,
}

/// A key written twice in the same object: JSON parsers keep only the last one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// JSON pointer of the object that holds it.
    pub object: String,
    /// The repeated key.
    pub key: String,
    /// Where the second occurrence is.
    pub position: Position,
}

impl SourceMap {
    /// Maps a text that [`parse_json`] accepted. On other text it maps what it can.
    pub fn new(text: &str) -> SourceMap {
        let mut scanner = Scanner {
            chars: text.chars().collect(),
            at: 0,
            line: 1,
            column: 1,
            map: HashMap::new(),
            duplicates: Vec::new(),
        };
        scanner.value(String::new(), None);
        SourceMap {
            positions: scanner.map,
            duplicates: scanner.duplicates,
        }
    }

    /// Every key written more than once in the same object.
    pub fn duplicate_keys(&self) -> &[DuplicateKey] {
        &self.duplicates
    }

    /// Where the value at `pointer` is, or the nearest enclosing value that exists.
    pub fn locate(&self, pointer: &str) -> Option<Position> {
        let mut current = pointer;
        loop {
            if let Some(position) = self.positions.get(current) {
                return Some(*position);
            }
            let cut = current.rfind('/')?;
            current = &current[..cut];
        }
    }
}

/// Escapes one reference token of a JSON pointer.
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

struct Scanner {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
    map: HashMap<String, Position>,
    duplicates: Vec<DuplicateKey>,
}

impl Scanner {
    fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    /// Scans one value; `key_position` is where its member key started, if any.
    fn value(&mut self, pointer: String, key_position: Option<Position>) {
        self.skip_space();
        let here = self.position();
        self.map
            .entry(pointer.clone())
            .or_insert(key_position.unwrap_or(here));
        match self.peek() {
            Some('{') => self.object(pointer),
            Some('[') => self.array(pointer),
            Some('"') => {
                self.string();
            }
            Some(_) => {
                while matches!(self.peek(), Some(c) if !matches!(c, ',' | '}' | ']' | ' ' | '\t' | '\n' | '\r'))
                {
                    self.bump();
                }
            }
            None => {}
        }
    }

    fn object(&mut self, pointer: String) {
        self.bump();
        let mut seen = std::collections::HashSet::new();
        loop {
            self.skip_space();
            match self.peek() {
                Some('"') => {
                    let key_position = self.position();
                    let key = self.string();
                    if !seen.insert(key.clone()) {
                        self.duplicates.push(DuplicateKey {
                            object: pointer.clone(),
                            key: key.clone(),
                            position: key_position,
                        });
                    }
                    self.skip_space();
                    if self.peek() == Some(':') {
                        self.bump();
                    }
                    let child = format!("{pointer}/{}", pointer_token(&key));
                    self.value(child, Some(key_position));
                    self.skip_space();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
                Some('}') => {
                    self.bump();
                    return;
                }
                Some(_) => {
                    self.bump();
                }
                None => return,
            }
        }
    }

    fn array(&mut self, pointer: String) {
        self.bump();
        let mut index = 0usize;
        loop {
            self.skip_space();
            match self.peek() {
                Some(']') => {
                    self.bump();
                    return;
                }
                None => return,
                Some(_) => {
                    let start = self.at;
                    self.value(format!("{pointer}/{index}"), None);
                    index += 1;
                    self.skip_space();
                    // Skip the separator, or one stray character so the scan always advances.
                    if self.peek() == Some(',') || self.at == start {
                        self.bump();
                    }
                }
            }
        }
    }

    /// Scans a string literal and returns its decoded text.
    fn string(&mut self) -> String {
        let mut text = String::new();
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => match self.bump() {
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some('r') => text.push('\r'),
                    Some('b') => text.push('\u{8}'),
                    Some('f') => text.push('\u{c}'),
                    Some('u') => {
                        let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                        let unit = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                        text.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                    }
                    Some(other) => text.push(other),
                    None => break,
                },
                other => text.push(other),
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = parse_json("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!(err.position, Position { line: 3, column: 7 });
        assert_eq!(err.message, "expected `:`");
    }

    #[test]
    fn duplicate_keys_are_found() {
        let map = SourceMap::new("{\"States\": {\"A\": 1, \"B\": 2, \"A\": 3}}");
        assert_eq!(
            map.duplicate_keys(),
            [DuplicateKey {
                object: "/States".into(),
                key: "A".into(),
                position: Position { line: 1, column: 29 }
            }]
        );
    }

    #[test]
    fn members_are_located_at_their_keys() {
        let text =
            "{\n  \"States\": {\n    \"A/B\": { \"Type\": \"Pass\" }\n  },\n  \"L\": [1, {\"x\": 2}]\n}";
        let map = SourceMap::new(text);
        assert_eq!(map.locate(""), Some(Position { line: 1, column: 1 }));
        assert_eq!(map.locate("/States"), Some(Position { line: 2, column: 3 }));
        assert_eq!(
            map.locate("/States/A~1B/Type"),
            Some(Position { line: 3, column: 14 })
        );
        assert_eq!(map.locate("/L/1/x"), Some(Position { line: 5, column: 13 }));
        // A missing field falls back to the object that should hold it.
        assert_eq!(
            map.locate("/States/A~1B/Next"),
            Some(Position { line: 3, column: 5 })
        );
    }
}
