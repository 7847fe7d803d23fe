//! JSONPath as Step Functions reads it: `$` for the state's input, `$$` for the Context object.
//!
//! AWS evaluates paths with Jayway JsonPath (its error texts, such as
//! `No results for path: $['a']`, appear in the causes of `States.Runtime`
//! errors), so this module follows Jayway's grammar and results, narrowed to
//! what the Step Functions developer guide says is supported:
//!
//! - dot and bracket members: `$.a.b`, `$['a b']`, `$["a"]`, `$.abc.['def ghi']`. A
//!   dot-notation name runs to the next `.`, `[` or `(`, so `$.delivery-partner` is
//!   one name; it may not hold a space;
//! - several members merge into one object, at the end of a path only:
//!   `$['a','b']` gives `{"a": …, "b": …}`; before another step it fails at run
//!   time with Jayway's "Multi properties can only be used as path leafs";
//! - indexes `[0]`, `[-1]`, unions `[0,2]` (32-bit, as in Java), slices `[1:3]`,
//!   `[:2]`, `[-2:]` with Jayway's bounds (no step: `[0:4:2]` is `[0:4]`),
//!   wildcards `.*` and `[*]`, deep scans `..name`, `..*`, `..[…]`;
//! - filters `[?(@.price > 10 && @.tag == 'x')]`, `[?(@.isbn)]`, `[?(!@.isbn)]`
//!   with `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&` (binding tighter than `||`), `!`
//!   and parentheses; literals are numbers, `'…'` or `"…"` strings, `true`,
//!   `false` and `null`. As AWS documents, `@` only matches objects: a filter
//!   never selects a number, string, boolean, null or array element.
//!
//! What AWS documents as unsupported is refused when the path is parsed, with
//! the reason and the position: filtering by regular expression (`=~`), the
//! lexical operators (`in`, `nin`, `subsetof`, `anyof`, `noneof`, `size`,
//! `empty`, `contains`), and filters that reference another value (`$` inside a
//! filter, or a path on both sides of a comparison).
//!
//! Path functions such as `.length()` are accepted, as AWS accepts them in a
//! definition, but never find anything: the state fails the way it does on AWS
//! ("could not be found in the input").
//!
//! A *definite* path (names, single indexes, a final multi-name merge) yields one
//! value or fails with Jayway's message; any other path yields an array of every
//! match, possibly empty, and never fails for a missing value.
//!
//! Hostile paths give errors, not crashes: a path has at most 128 steps,
//! filters nest at most 64 levels, and an evaluation that would visit millions
//! of values (`$..*..*..*…`) stops with an error.
//!
//! Jayway's quirks are kept: `!` before a compared path is ignored (`!@.a == 1`
//! is `@.a == 1`); inside a filter a path runs to a space, so `@.a&&@.b` is the
//! member `a&&@` then `b`; a number and a string compare by text (`'7' > 10`);
//! and a deep scan followed by an index hands every element of every array to
//! the next step (`$..[0].x` reads `x` from all elements).

mod evaluate;
mod filter;
mod parser;

pub use filter::Filter;

use serde_json::Value;
use std::fmt;

/// What a path starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// `$`: the effective input of the state.
    Input,
    /// `$$`: the Context object.
    Context,
    /// `$name`: a workflow variable (its name is [`Path::variable`]).
    Variable,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// `.name` or `['name']`.
    Field(String),
    /// `['a','b']`: at the end of a path, one object holding those members that exist.
    Fields(Vec<String>),
    /// `[3]`; negative counts from the end.
    Index(i64),
    /// `[0,2]`: several indexes, in the order written.
    Indexes(Vec<i64>),
    /// `.*` or `[*]`: every member or element.
    Wildcard,
    /// `[start:end]`. `[start:]` and `[:end]` count negative bounds from the end;
    /// `[start:end]` does not adjust its bounds but resolves each index it walks
    /// through, as Jayway does (`[1:-1]` is empty, `[-2:2]` on three elements gives 1, 2, 0, 1).
    Slice {
        /// First index; negative counts from the end.
        start: Option<i64>,
        /// One past the last index; negative counts from the end.
        end: Option<i64>,
        /// A third part as written; Jayway, and so AWS, ignores it.
        step: Option<i64>,
    },
    /// `..name`: every `name` member at any depth.
    Descendant(String),
    /// `..*`: every value below.
    DescendantWildcard,
    /// `..[…]` with an index, union, slice, several names or a filter: that step at any depth.
    DescendantSegment(Box<Segment>),
    /// `[?(…)]`: the elements (or the object itself) the filter accepts.
    Filter(Filter),
    /// `.length()` and Jayway's other path functions: accepted, never matching.
    Function(String),
}

impl Segment {
    /// Whether Jayway counts this step as naming at most one value.
    fn is_definite(&self, last: bool) -> bool {
        match self {
            Segment::Field(_) | Segment::Index(_) | Segment::Function(_) => true,
            Segment::Fields(_) => last,
            _ => false,
        }
    }
}

/// A parsed JSONPath.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    text: String,
    root: Root,
    variable: Option<String>,
    segments: Vec<Segment>,
}

/// Why a path matched nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathNotFound {
    /// Jayway's message, such as `No results for path: $['a']`, or which limit was reached.
    pub message: String,
    /// True when the path stopped at one of the lab's limits on its work, rather than finding
    /// nothing: the state's cause then says so instead of AWS's "could not be found".
    pub limit: bool,
}

impl Path {
    /// Parses a path; the error says what is wrong with it and where (a 0-based
    /// character position in the path).
    pub fn parse(text: &str) -> Result<Path, String> {
        let (root, variable, segments) = parser::parse(text)?;
        Ok(Path {
            text: text.to_string(),
            root,
            variable,
            segments,
        })
    }

    /// The workflow variable a `$name...` path starts from.
    pub fn variable(&self) -> Option<&str> {
        self.variable.as_deref()
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

    /// Whether this is `$`, which selects the whole input as it is.
    pub fn is_input_root(&self) -> bool {
        self.root == Root::Input && self.segments.is_empty()
    }

    /// A definite path names at most one value; others always yield an array.
    pub fn is_definite(&self) -> bool {
        definite(&self.segments)
    }

    /// A reference path (as ResultPath needs) names one place by fields and indexes only.
    pub fn is_reference(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Field(_) | Segment::Index(_)))
    }

    /// The name of the path function the path ends with (`length` for
    /// `$.items.length()`), which Step Functions does not evaluate.
    pub fn function(&self) -> Option<&str> {
        match self.segments.last() {
            Some(Segment::Function(name)) => Some(name),
            _ => None,
        }
    }

    /// Evaluates the path against a document: the single value for a
    /// definite path, an array of all matches otherwise.
    pub fn select(&self, document: &Value) -> Result<Value, PathNotFound> {
        let budget = evaluate::Budget::new();
        let selected = if self.is_definite() {
            evaluate::definite(&self.segments, document, &budget).map(|v| v.into_owned())
        } else {
            let found = evaluate::indefinite(&self.segments, document, &budget)?;
            if !evaluate::copies_fit(&found) {
                return Err(PathNotFound {
                    message: format!(
                        "The path '{}' selects more than {} values in all to copy",
                        self.text,
                        evaluate::COPY_LIMIT
                    ),
                    limit: true,
                });
            }
            Ok(Value::Array(found.into_iter().map(|v| v.into_owned()).collect()))
        };
        if budget.exhausted() {
            return Err(PathNotFound {
                message: format!("The path '{}' visits too many values to evaluate", self.text),
                limit: true,
            });
        }
        selected
    }
}

impl Path {
    /// What a definite path's steps after the first `skip` find in `document`, when they find
    /// something; `None` otherwise, and for indefinite paths. Reading `$$.Map.Item.Value.x`
    /// from the item itself gives what reading it from the Context object gives, without
    /// building that object (errors are left to [`Path::select`], which names the whole path).
    pub(crate) fn select_below(&self, skip: usize, document: &Value) -> Option<Value> {
        let rest = self.segments.get(skip..)?;
        if !self.is_definite() {
            return None;
        }
        let budget = evaluate::Budget::new();
        let found = evaluate::definite(rest, document, &budget).ok()?;
        (!budget.exhausted()).then(|| found.into_owned())
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether steps name at most one value (Jayway's "definite path").
fn definite(segments: &[Segment]) -> bool {
    let count = segments.len();
    segments
        .iter()
        .enumerate()
        .all(|(i, s)| s.is_definite(i + 1 == count))
}

/// Jayway's normalized form of steps, as used in its messages: `$['a'][0]`.
fn normalized(segments: &[Segment]) -> String {
    let mut out = String::from("$");
    for segment in segments {
        push_normalized(&mut out, segment);
    }
    out
}

fn push_normalized(out: &mut String, segment: &Segment) {
    match segment {
        Segment::Field(name) => out.push_str(&format!("['{name}']")),
        Segment::Fields(names) => {
            let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
            out.push_str(&format!("[{}]", quoted.join(", ")));
        }
        Segment::Index(index) => out.push_str(&format!("[{index}]")),
        Segment::Indexes(indexes) => {
            let list: Vec<String> = indexes.iter().map(i64::to_string).collect();
            out.push_str(&format!("[{}]", list.join(",")));
        }
        Segment::Wildcard => out.push_str("[*]"),
        Segment::Slice { start, end, .. } => {
            let show = |b: &Option<i64>| b.map(|v| v.to_string()).unwrap_or_default();
            out.push_str(&format!("[{}:{}]", show(start), show(end)));
        }
        Segment::Descendant(name) => out.push_str(&format!("..['{name}']")),
        Segment::DescendantWildcard => out.push_str("..[*]"),
        Segment::DescendantSegment(inner) => {
            out.push_str("..");
            push_normalized(out, inner);
        }
        Segment::Filter(filter) => out.push_str(filter.text()),
        Segment::Function(name) => out.push_str(&format!("['{name}()']")),
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

    #[test]
    fn definiteness_follows_jayway() {
        let definite = |p: &str| Path::parse(p).unwrap().is_definite();
        assert!(definite("$.a[0].b"));
        assert!(definite("$['a','b']"));
        assert!(definite("$.a.length()"));
        assert!(!definite("$['a','b'].c"));
        assert!(!definite("$.a[0,1]"));
        assert!(!definite("$.a[?(@.b)]"));
        assert!(!definite("$..a"));
        assert!(!definite("$.a[1:]"));
    }
}
