//! JSONPath as Step Functions reads it: `$` for the state's input, `$$` for the Context object.
//!
//! AWS evaluates paths with Jayway JsonPath; error texts follow Jayway's, as
//! they appear in the causes of `States.Runtime` errors.

use serde_json::Value;
use std::fmt;

/// What a path starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// `$`: the effective input of the state.
    Input,
    /// `$$`: the Context object.
    Context,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// `.name` or `['name']`.
    Field(String),
    /// `[3]`; negative counts from the end.
    Index(i64),
    /// `.*` or `[*]`: every member or element.
    Wildcard,
    /// `[start:end:step]`, Python-style bounds.
    Slice {
        /// First index, default 0.
        start: Option<i64>,
        /// One past the last index, default the length.
        end: Option<i64>,
        /// Stride, default 1.
        step: Option<i64>,
    },
    /// `..name`: every `name` member at any depth.
    Descendant(String),
    /// `..*`: every value below.
    DescendantWildcard,
}

/// A parsed JSONPath.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    text: String,
    root: Root,
    segments: Vec<Segment>,
}

/// Why a path matched nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathNotFound {
    /// Jayway's message, such as `No results for path: $['a']`.
    pub message: String,
}

impl Path {
    /// Parses a path; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Path, String> {
        let (root, rest) = if let Some(rest) = text.strip_prefix("$$") {
            (Root::Context, rest)
        } else if let Some(rest) = text.strip_prefix('$') {
            (Root::Input, rest)
        } else {
            return Err(format!("the path '{text}' must start with '$'"));
        };
        let segments = Parser {
            text,
            rest: rest.chars().collect(),
            at: 0,
        }
        .segments()?;
        Ok(Path {
            text: text.to_string(),
            root,
            segments,
        })
    }

    /// The text the path was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the path reads the Context object (`$$`).
    pub fn root(&self) -> Root {
        self.root
    }

    /// The steps after the root.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// A definite path names at most one value; others always yield an array.
    pub fn is_definite(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Field(_) | Segment::Index(_)))
    }

    /// A reference path (as ResultPath needs) names one place by fields and indexes only.
    pub fn is_reference(&self) -> bool {
        self.is_definite()
    }

    /// Evaluates the path against a document: the single value for a
    /// definite path, an array of all matches otherwise.
    pub fn select(&self, document: &Value) -> Result<Value, PathNotFound> {
        if self.is_definite() {
            return self.select_definite(document).cloned();
        }
        let mut current: Vec<&Value> = vec![document];
        for segment in &self.segments {
            let mut next = Vec::new();
            for value in current {
                step(segment, value, &mut next);
            }
            current = next;
        }
        Ok(Value::Array(current.into_iter().cloned().collect()))
    }

    fn select_definite<'v>(&self, document: &'v Value) -> Result<&'v Value, PathNotFound> {
        let mut current = document;
        for (i, segment) in self.segments.iter().enumerate() {
            let found = match (segment, current) {
                (Segment::Field(name), Value::Object(map)) => map.get(name),
                (Segment::Index(index), Value::Array(items)) => {
                    resolve_index(*index, items.len()).and_then(|i| items.get(i))
                }
                _ => None,
            };
            match found {
                Some(value) => current = value,
                None => {
                    let last = i + 1 == self.segments.len();
                    let message = if last {
                        format!("No results for path: {}", normalized(&self.segments))
                    } else {
                        format!("Missing property in path {}", normalized(&self.segments[..=i]))
                    };
                    return Err(PathNotFound { message });
                }
            }
        }
        Ok(current)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Jayway's normalized form of a path, as used in its messages: `$['a'][0]`.
fn normalized(segments: &[Segment]) -> String {
    let mut out = String::from("$");
    for segment in segments {
        match segment {
            Segment::Field(name) => out.push_str(&format!("['{name}']")),
            Segment::Index(index) => out.push_str(&format!("[{index}]")),
            Segment::Wildcard => out.push_str("[*]"),
            Segment::Slice { start, end, .. } => {
                let show = |b: &Option<i64>| b.map(|v| v.to_string()).unwrap_or_default();
                out.push_str(&format!("[{}:{}]", show(start), show(end)));
            }
            Segment::Descendant(name) => out.push_str(&format!("..['{name}']")),
            Segment::DescendantWildcard => out.push_str("..[*]"),
        }
    }
    out
}

fn resolve_index(index: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let resolved = if index < 0 { len + index } else { index };
    (0..len).contains(&resolved).then_some(resolved as usize)
}

/// Applies one segment of an indefinite path to one value.
fn step<'v>(segment: &Segment, value: &'v Value, out: &mut Vec<&'v Value>) {
    match (segment, value) {
        (Segment::Field(name), Value::Object(map)) => out.extend(map.get(name)),
        (Segment::Index(index), Value::Array(items)) => {
            out.extend(resolve_index(*index, items.len()).and_then(|i| items.get(i)))
        }
        (Segment::Wildcard, Value::Array(items)) => out.extend(items.iter()),
        (Segment::Wildcard, Value::Object(map)) => out.extend(map.values()),
        (Segment::Slice { start, end, step }, Value::Array(items)) => out.extend(
            slice_indexes(*start, *end, *step, items.len())
                .into_iter()
                .map(|i| &items[i]),
        ),
        (Segment::Descendant(name), _) => descend(value, &mut |v| {
            if let Value::Object(map) = v {
                out.extend(map.get(name));
            }
        }),
        (Segment::DescendantWildcard, _) => {
            let mut all = Vec::new();
            descend(value, &mut |v| match v {
                Value::Object(map) => all.extend(map.values()),
                Value::Array(items) => all.extend(items.iter()),
                _ => {}
            });
            out.extend(all);
        }
        _ => {}
    }
}

/// Visits a value and everything below it, parents first.
fn descend<'v>(value: &'v Value, visit: &mut dyn FnMut(&'v Value)) {
    visit(value);
    match value {
        Value::Object(map) => map.values().for_each(|v| descend(v, visit)),
        Value::Array(items) => items.iter().for_each(|v| descend(v, visit)),
        _ => {}
    }
}

fn slice_indexes(start: Option<i64>, end: Option<i64>, step: Option<i64>, len: usize) -> Vec<usize> {
    let len = len as i64;
    let step = step.unwrap_or(1);
    if step <= 0 {
        return Vec::new();
    }
    let clamp = |bound: i64| {
        if bound < 0 {
            (len + bound).max(0)
        } else {
            bound.min(len)
        }
    };
    let start = clamp(start.unwrap_or(0));
    let end = clamp(end.unwrap_or(len));
    (start..end).step_by(step as usize).map(|i| i as usize).collect()
}

struct Parser<'t> {
    text: &'t str,
    rest: Vec<char>,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.rest.get(self.at).copied()
    }

    fn error(&self, what: &str) -> String {
        format!("the path '{}' is not valid: {what}", self.text)
    }

    fn segments(mut self) -> Result<Vec<Segment>, String> {
        let mut segments = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                '.' => {
                    self.at += 1;
                    if self.peek() == Some('.') {
                        self.at += 1;
                        segments.push(match self.peek() {
                            Some('*') => {
                                self.at += 1;
                                Segment::DescendantWildcard
                            }
                            Some('[') => match self.bracket()? {
                                Segment::Field(name) => Segment::Descendant(name),
                                Segment::Wildcard => Segment::DescendantWildcard,
                                _ => return Err(self.error("'..' must be followed by a name")),
                            },
                            _ => Segment::Descendant(self.name()?),
                        });
                    } else if self.peek() == Some('*') {
                        self.at += 1;
                        segments.push(Segment::Wildcard);
                    } else {
                        segments.push(Segment::Field(self.name()?));
                    }
                }
                '[' => segments.push(self.bracket()?),
                other => return Err(self.error(&format!("unexpected '{other}'"))),
            }
        }
        Ok(segments)
    }

    /// A dot-notation member name: everything up to the next '.' or '['.
    fn name(&mut self) -> Result<String, String> {
        let start = self.at;
        while matches!(self.peek(), Some(c) if c != '.' && c != '[') {
            self.at += 1;
        }
        if self.at == start {
            return Err(self.error("a name is missing after '.'"));
        }
        let name: String = self.rest[start..self.at].iter().collect();
        if name.contains(['(', ')', ' ']) {
            return Err(self.error(&format!(
                "'{name}' is not supported here (functions and filters come later)"
            )));
        }
        Ok(name)
    }

    fn bracket(&mut self) -> Result<Segment, String> {
        self.at += 1; // '['
        let segment = match self.peek() {
            Some(quote @ ('\'' | '"')) => {
                self.at += 1;
                let mut name = String::new();
                loop {
                    match self.peek() {
                        None => return Err(self.error("a quoted name is not closed")),
                        Some('\\') => {
                            self.at += 1;
                            name.extend(self.peek());
                            self.at += 1;
                        }
                        Some(c) if c == quote => {
                            self.at += 1;
                            break;
                        }
                        Some(c) => {
                            name.push(c);
                            self.at += 1;
                        }
                    }
                }
                Segment::Field(name)
            }
            Some('*') => {
                self.at += 1;
                Segment::Wildcard
            }
            Some('?') => return Err(self.error("filter expressions are not supported yet")),
            _ => {
                let start = self.at;
                while matches!(self.peek(), Some(c) if c != ']') {
                    self.at += 1;
                }
                if self.peek().is_none() {
                    return Err(self.error("a '[' is not closed by ']'"));
                }
                let inner: String = self.rest[start..self.at].iter().collect();
                self.index_or_slice(inner.trim())?
            }
        };
        if self.peek() != Some(']') {
            return Err(self.error("a '[' is not closed by ']'"));
        }
        self.at += 1;
        Ok(segment)
    }

    fn index_or_slice(&self, inner: &str) -> Result<Segment, String> {
        let number = |part: &str| -> Result<Option<i64>, String> {
            let part = part.trim();
            if part.is_empty() {
                return Ok(None);
            }
            part.parse::<i64>()
                .map(Some)
                .map_err(|_| self.error(&format!("'{part}' is not an array index")))
        };
        if inner.contains(':') {
            let parts: Vec<&str> = inner.split(':').collect();
            if parts.len() > 3 {
                return Err(self.error("a slice has at most three parts"));
            }
            return Ok(Segment::Slice {
                start: number(parts[0])?,
                end: number(parts[1])?,
                step: match parts.get(2) {
                    Some(part) => number(part)?,
                    None => None,
                },
            });
        }
        match number(inner)? {
            Some(index) => Ok(Segment::Index(index)),
            None => Err(self.error("empty brackets")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn select(path: &str, doc: &Value) -> Result<Value, PathNotFound> {
        Path::parse(path).unwrap().select(doc)
    }

    #[test]
    fn dot_and_bracket_notation_reach_the_same_value() {
        let doc = json!({"a": {"b c": [10, 20, 30]}});
        assert_eq!(select("$.a['b c'][1]", &doc).unwrap(), json!(20));
        assert_eq!(select("$['a'][\"b c\"][-1]", &doc).unwrap(), json!(30));
        assert_eq!(select("$", &doc).unwrap(), doc);
    }

    #[test]
    fn indefinite_paths_always_give_arrays() {
        let doc = json!({"items": [{"v": 1}, {"v": 2}, {"v": 3}], "empty": []});
        assert_eq!(select("$.items[*].v", &doc).unwrap(), json!([1, 2, 3]));
        assert_eq!(select("$.items[1:].v", &doc).unwrap(), json!([2, 3]));
        assert_eq!(select("$.items[:1]", &doc).unwrap(), json!([{"v": 1}]));
        assert_eq!(select("$..v", &doc).unwrap(), json!([1, 2, 3]));
        assert_eq!(select("$.empty[*]", &doc).unwrap(), json!([]));
        assert_eq!(select("$.missing[*]", &doc).unwrap(), json!([]));
    }

    #[test]
    fn missing_values_use_jayway_messages() {
        let doc = json!({"int-literal": 0});
        assert_eq!(
            select("$.NoSuchInputPath", &doc).unwrap_err().message,
            "No results for path: $['NoSuchInputPath']"
        );
        assert_eq!(
            select("$.no.such.path", &json!({})).unwrap_err().message,
            "Missing property in path $['no']"
        );
    }

    #[test]
    fn bad_paths_are_rejected_with_a_reason() {
        assert!(Path::parse("a.b").unwrap_err().contains("must start with '$'"));
        assert!(Path::parse("$.a[").unwrap_err().contains("not closed"));
        assert!(Path::parse("$.").unwrap_err().contains("name is missing"));
        assert!(Path::parse("$$.Execution.Id").unwrap().root() == Root::Context);
    }
}
