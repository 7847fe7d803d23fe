//! Reading path text: Jayway's grammar, with the features Step Functions
//! refuses reported as errors that say what is wrong and where.

use super::filter::{Expr, Filter, Literal, Number, Op, Operand};
use super::{Root, Segment};

/// How deeply filters may nest parentheses, `!` and inner filters.
const MAX_DEPTH: usize = 64;

/// How many steps a path may have: as many levels as a JSON document the
/// interpreter reads can have (serde_json's limit of 128). No real path comes
/// near it; it keeps a ResultPath from building a value so deeply nested that
/// handling it would exhaust the stack. (Jayway, reading a path with one call
/// per step, has a limit too, from the Java stack.)
const MAX_STEPS: usize = 128;

/// Parses a whole path: its root and its steps.
pub(super) fn parse(text: &str) -> Result<(Root, Option<String>, Vec<Segment>), String> {
    // `$name` starts from a workflow variable: a letter or `_` right after the `$`.
    let variable: Option<String> = text
        .strip_prefix('$')
        .filter(|rest| rest.starts_with(|c: char| c.is_alphabetic() || c == '_'))
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        });
    let (root, skip) = if let Some(name) = &variable {
        (Root::Variable, 1 + name.chars().count())
    } else if text.starts_with("$$") {
        (Root::Context, 2)
    } else if text.starts_with('$') {
        (Root::Input, 1)
    } else {
        return Err(format!("the path '{text}' must start with '$'"));
    };
    // Jayway trims the path before reading it.
    let chars: Vec<char> = text.trim_end().chars().collect();
    let mut parser = Parser {
        text,
        end: chars.len(),
        chars,
        at: skip,
        depth: 0,
    };
    let end = parser.end;
    let segments = parser.steps(end, skip - 1)?;
    Ok((root, variable, segments))
}

struct Parser<'t> {
    text: &'t str,
    chars: Vec<char>,
    /// Where the text ends (after trimming).
    end: usize,
    /// The current position, in characters.
    at: usize,
    depth: usize,
}

/// An operand of a comparison, before it is checked.
enum Value {
    /// A path from `@`, and whether `!` came before it.
    Path {
        steps: Vec<Segment>,
        negated: bool,
    },
    Literal(Literal),
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied().filter(|_| self.at < self.end)
    }

    fn peek_at(&self, at: usize) -> Option<char> {
        self.chars.get(at).copied().filter(|_| at < self.end)
    }

    fn error(&self, at: usize, what: &str) -> String {
        format!("the path '{}' is not valid: {what} (at position {at})", self.text)
    }

    /// Filters count only spaces as blanks, like Jayway.
    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.at += 1;
        }
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(self.at + i) == Some(c))
    }

    /// The steps after a root (`$`, `$$` or `@` at `root_at`), up to `end`.
    fn steps(&mut self, end: usize, root_at: usize) -> Result<Vec<Segment>, String> {
        let outer_end = self.end;
        self.end = end;
        let result = self.steps_within(root_at);
        self.end = outer_end;
        result
    }

    fn steps_within(&mut self, root_at: usize) -> Result<Vec<Segment>, String> {
        let mut steps = Vec::new();
        if let Some(c) = self.peek() {
            if c != '.' && c != '[' {
                return Err(self.error(
                    self.at,
                    &format!("expected '.' or '[' after '{}', not '{c}'", self.chars[root_at]),
                ));
            }
        }
        while let Some(c) = self.peek() {
            let step_at = self.at;
            if matches!(steps.last(), Some(Segment::Function(_))) {
                return Err(self.error(self.at, "a path function such as length() can only end a path"));
            }
            let step = match c {
                '.' if self.peek_at(self.at + 1) == Some('.') => self.descendant()?,
                '.' => {
                    self.at += 1;
                    match self.peek() {
                        None => {
                            return Err(self.error(
                                self.at,
                                "a name is missing after '.' (a path cannot end with '.')",
                            ))
                        }
                        Some('*') => {
                            self.at += 1;
                            Segment::Wildcard
                        }
                        Some('[') => self.bracket()?,
                        Some(_) => self.name_or_function()?,
                    }
                }
                '[' => self.bracket()?,
                '*' => {
                    self.at += 1;
                    Segment::Wildcard
                }
                ' ' => return Err(self.error(self.at, "unexpected space between the steps of a path")),
                // Jayway reads a name straight after a step: `$['a']b` is `$['a'].b`.
                _ => self.name_or_function()?,
            };
            steps.push(step);
            if steps.len() > MAX_STEPS {
                return Err(self.error(step_at, &format!("a path can have at most {MAX_STEPS} steps")));
            }
        }
        Ok(steps)
    }

    /// `..name`, `..*` or `..[…]`.
    fn descendant(&mut self) -> Result<Segment, String> {
        self.at += 2;
        match self.peek() {
            None => Err(self.error(
                self.at,
                "a name is missing after '..' (a path cannot end with '..')",
            )),
            Some('.') => Err(self.error(self.at, "'...' is not valid; use '..' for a deep scan")),
            Some('*') => {
                self.at += 1;
                Ok(Segment::DescendantWildcard)
            }
            Some('[') => Ok(match self.bracket()? {
                Segment::Field(name) => Segment::Descendant(name),
                Segment::Wildcard => Segment::DescendantWildcard,
                other => Segment::DescendantSegment(Box::new(other)),
            }),
            Some(_) => {
                let at = self.at;
                match self.name_or_function()? {
                    Segment::Field(name) => Ok(Segment::Descendant(name)),
                    _ => Err(self.error(at, "a path function cannot follow '..'")),
                }
            }
        }
    }

    /// A dot-notation name, running to the next '.', '[' or '('; `name()` is a path function.
    fn name_or_function(&mut self) -> Result<Segment, String> {
        let start = self.at;
        while let Some(c) = self.peek() {
            match c {
                '.' | '[' | '(' => break,
                ' ' => return Err(self.error(
                    self.at,
                    "a name in dot notation cannot hold a space; use bracket notation such as ['my name']",
                )),
                _ => self.at += 1,
            }
        }
        if self.at == start {
            return Err(self.error(start, "a name is missing"));
        }
        let name: String = self.chars[start..self.at].iter().collect();
        if self.peek() != Some('(') {
            return Ok(Segment::Field(name));
        }
        let open = self.at;
        self.at += 1;
        self.skip_spaces();
        match self.peek() {
            Some(')') => {
                self.at += 1;
                Ok(Segment::Function(name))
            }
            None => Err(self.error(open, &format!("the '(' of the function '{name}' is not closed"))),
            Some(_) => Err(self.error(
                open,
                &format!("the function '{name}' takes arguments, which Step Functions does not support"),
            )),
        }
    }

    /// A bracket step: `['a']`, `['a','b']`, `[*]`, `[0]`, `[0,1]`, `[1:2]` or `[?(…)]`.
    fn bracket(&mut self) -> Result<Segment, String> {
        let open = self.at;
        self.at += 1;
        self.skip_spaces();
        match self.peek() {
            Some(quote @ ('\'' | '"')) => self.quoted_names(open, quote),
            Some('*') => {
                self.at += 1;
                self.skip_spaces();
                self.close_bracket(open, "'*'")?;
                Ok(Segment::Wildcard)
            }
            Some('?') => self.filter(open),
            Some(c) if c.is_ascii_digit() || c == '-' || c == ':' => self.indexes_or_slice(open),
            Some(']') => Err(self.error(open, "empty brackets '[]'")),
            None => Err(self.error(open, "a '[' is not closed by ']'")),
            Some(c) => Err(self.error(
                self.at,
                &format!("'{c}' cannot start a bracket step; write a quoted name, an index, a slice, '*' or a filter '?(…)'"),
            )),
        }
    }

    fn close_bracket(&mut self, open: usize, after: &str) -> Result<(), String> {
        match self.peek() {
            Some(']') => {
                self.at += 1;
                Ok(())
            }
            None => Err(self.error(open, "a '[' is not closed by ']'")),
            Some(c) => Err(self.error(self.at, &format!("expected ']' after {after}, not '{c}'"))),
        }
    }

    /// `['a']` or `['a', 'b']`, with Jayway's escapes.
    fn quoted_names(&mut self, open: usize, quote: char) -> Result<Segment, String> {
        let mut names = Vec::new();
        loop {
            let start = self.at;
            self.at += 1;
            let mut raw = String::new();
            loop {
                match self.peek() {
                    None => return Err(self.error(start, &format!("a quoted name is not closed by {quote}"))),
                    Some('\\') => {
                        raw.push('\\');
                        self.at += 1;
                        if let Some(c) = self.peek() {
                            raw.push(c);
                            self.at += 1;
                        }
                    }
                    Some(c) if c == quote => {
                        self.at += 1;
                        break;
                    }
                    Some(c) => {
                        raw.push(c);
                        self.at += 1;
                    }
                }
            }
            names.push(unescape(&raw));
            self.skip_spaces();
            match self.peek() {
                Some(',') => {
                    self.at += 1;
                    self.skip_spaces();
                    if self.peek() != Some(quote) {
                        return Err(
                            self.error(self.at, &format!("expected a name quoted with {quote} after ','"))
                        );
                    }
                }
                Some(']') => {
                    self.at += 1;
                    break;
                }
                None => return Err(self.error(open, "a '[' is not closed by ']'")),
                Some(c) => {
                    return Err(self.error(
                        self.at,
                        &format!("expected ',' or ']' after a quoted name, not '{c}'"),
                    ))
                }
            }
        }
        Ok(if names.len() == 1 {
            Segment::Field(names.remove(0))
        } else {
            Segment::Fields(names)
        })
    }

    /// `[0]`, `[-1]`, `[0,2]`, `[1:3]`, `[:2]`, `[-2:]`: Jayway's 32-bit indexes.
    fn indexes_or_slice(&mut self, open: usize) -> Result<Segment, String> {
        let Some(close) = (self.at..self.end).find(|&i| self.chars[i] == ']') else {
            return Err(self.error(open, "a '[' is not closed by ']'"));
        };
        let inner: String = self.chars[open + 1..close].iter().collect();
        let inner = inner.trim_matches(' ');
        if let Some(bad) = inner
            .chars()
            .find(|c| !(c.is_ascii_digit() || matches!(c, '-' | ',' | ':' | ' ')))
        {
            return Err(self.error(
                open,
                &format!(
                    "'[{inner}]' is not an index, a list of indexes or a slice ('{bad}' is not allowed)"
                ),
            ));
        }
        let int = |part: &str| -> Result<i64, String> {
            let value: i64 = part
                .parse()
                .map_err(|_| self.error(open, &format!("'{part}' is not an array index")))?;
            if i32::try_from(value).is_err() {
                return Err(self.error(
                    open,
                    &format!("the index {part} is out of range (indexes are 32-bit)"),
                ));
            }
            Ok(value)
        };
        let segment = if inner.contains(':') {
            if inner.contains(' ') {
                return Err(self.error(open, &format!("a slice cannot hold spaces: '[{inner}]'")));
            }
            let parts: Vec<&str> = inner.split(':').collect();
            let bound = |part: Option<&&str>| match part {
                None | Some(&"") => Ok(None),
                Some(p) => int(p).map(Some),
            };
            let start = bound(parts.first())?;
            let end = bound(parts.get(1))?;
            if start.is_none() && end.is_none() {
                return Err(self.error(open, &format!("the slice '[{inner}]' needs a start or an end")));
            }
            // Jayway reads only the first two parts; a step is allowed and ignored.
            let step = parts.get(2).and_then(|p| p.parse::<i64>().ok());
            Segment::Slice { start, end, step }
        } else {
            let indexes = inner
                .split(',')
                .map(|part| int(part.trim_matches(' ')))
                .collect::<Result<Vec<i64>, String>>()?;
            match indexes.as_slice() {
                [single] => Segment::Index(*single),
                _ => Segment::Indexes(indexes),
            }
        };
        self.at = close + 1;
        Ok(segment)
    }

    /// `[?(…)]`, the outer parentheses matching.
    fn filter(&mut self, open: usize) -> Result<Segment, String> {
        self.enter(open)?;
        self.at += 1; // '?'
        self.skip_spaces();
        if self.peek() != Some('(') {
            return Err(self.error(
                self.at,
                "a filter is written [?(condition)]: '(' is missing after '?'",
            ));
        }
        let group = self.at;
        self.at += 1;
        let expr = self.or()?;
        self.skip_spaces();
        match self.peek() {
            Some(')') => self.at += 1,
            None => return Err(self.error(group, "the filter's '(' is not closed by ')'")),
            Some(c) => {
                return Err(self.error(
                    self.at,
                    &format!("expected '&&', '||' or ')' in the filter, not '{c}'"),
                ))
            }
        }
        self.skip_spaces();
        match self.peek() {
            Some(']') => self.at += 1,
            None => return Err(self.error(open, "a '[' is not closed by ']'")),
            Some(c) => {
                return Err(self.error(
                    self.at,
                    &format!("expected ']' after the filter's closing ')', not '{c}'"),
                ))
            }
        }
        self.leave();
        Ok(Segment::Filter(Filter {
            text: self.chars[open..self.at].iter().collect(),
            expr,
        }))
    }

    fn enter(&mut self, at: usize) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(at, "the filter is nested too deeply"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// `a || b`: the loosest binding.
    fn or(&mut self) -> Result<Expr, String> {
        let mut parts = vec![self.and()?];
        loop {
            self.skip_spaces();
            if !self.starts_with("||") {
                break;
            }
            self.at += 2;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    /// `a && b`: binds tighter than `||`.
    fn and(&mut self) -> Result<Expr, String> {
        let mut parts = vec![self.unary()?];
        loop {
            self.skip_spaces();
            if !self.starts_with("&&") {
                break;
            }
            self.at += 2;
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    /// `!condition`, `(condition)` or a comparison.
    fn unary(&mut self) -> Result<Expr, String> {
        self.skip_spaces();
        let start = self.at;
        self.enter(start)?;
        let expr = match self.peek() {
            Some('!') => {
                self.at += 1;
                self.skip_spaces();
                if matches!(self.peek(), Some('@' | '$')) {
                    // `!@.a`: a negated existence check, read with its path.
                    self.at = start;
                    self.relation()?
                } else {
                    Expr::Not(Box::new(self.unary()?))
                }
            }
            Some('(') => {
                self.at += 1;
                let inner = self.or()?;
                self.skip_spaces();
                match self.peek() {
                    Some(')') => self.at += 1,
                    None => return Err(self.error(start, "a '(' in the filter is not closed by ')'")),
                    Some(c) => {
                        return Err(self.error(self.at, &format!("expected '&&', '||' or ')', not '{c}'")))
                    }
                }
                inner
            }
            _ => self.relation()?,
        };
        self.leave();
        Ok(expr)
    }

    /// `value [op value]`: an existence check or a comparison.
    fn relation(&mut self) -> Result<Expr, String> {
        self.skip_spaces();
        let left_at = self.at;
        let left = self.value()?;
        self.skip_spaces();
        let ends = self.peek().is_none_or(|c| c == ')') || self.starts_with("&&") || self.starts_with("||");
        if ends {
            return match left {
                Value::Path { steps, negated } => Ok(Expr::Exists {
                    path: steps,
                    expected: !negated,
                }),
                Value::Literal(_) => Err(self.error(
                    left_at,
                    "a filter condition needs a path from '@', such as @.price > 10 or @.isbn",
                )),
            };
        }
        let op_at = self.at;
        let op = self.operator()?;
        self.skip_spaces();
        let right = self.value()?;
        if matches!(left, Value::Path { .. }) && matches!(right, Value::Path { .. }) {
            return Err(self.error(
                op_at,
                "Step Functions does not support filters that compare two values of the document; compare a path with a literal",
            ));
        }
        // `!` before a compared path changes nothing in Jayway.
        let operand = |v: Value| match v {
            Value::Path { steps, .. } => Operand::Path(steps),
            Value::Literal(l) => Operand::Literal(l),
        };
        Ok(Expr::Compare {
            left: operand(left),
            op,
            right: operand(right),
        })
    }

    fn operator(&mut self) -> Result<Op, String> {
        let start = self.at;
        let symbol = |c: char| matches!(c, '<' | '>' | '=' | '~' | '!');
        let word = if self.peek().is_some_and(symbol) {
            while self.peek().is_some_and(symbol) {
                self.at += 1;
            }
            self.chars[start..self.at].iter().collect::<String>()
        } else {
            while self.peek().is_some_and(|c| c != ' ' && c != ')') {
                self.at += 1;
            }
            self.chars[start..self.at].iter().collect::<String>()
        };
        match word.as_str() {
            "==" => Ok(Op::Eq),
            "!=" => Ok(Op::Ne),
            "<" => Ok(Op::Lt),
            "<=" => Ok(Op::Le),
            ">" => Ok(Op::Gt),
            ">=" => Ok(Op::Ge),
            "=~" => Err(self.error(
                start,
                "Step Functions does not support filtering by regular expression (=~)",
            )),
            "===" | "!==" => Err(self.error(
                start,
                &format!("'{word}' is not supported; use {}", &word[..2]),
            )),
            "in" | "nin" | "subsetof" | "anyof" | "noneof" | "size" | "empty" | "contains" | "all"
            | "matches" | "type" => Err(self.error(
                start,
                &format!("Step Functions does not support lexical operators such as '{word}'; use ==, !=, <, <=, > or >="),
            )),
            _ => Err(self.error(
                start,
                &format!("expected a comparison (==, !=, <, <=, >, >=), '&&', '||' or ')', not '{word}'"),
            )),
        }
    }

    /// A path from `@` or a literal.
    fn value(&mut self) -> Result<Value, String> {
        self.skip_spaces();
        let start = self.at;
        match self.peek() {
            None => Err(self.error(start, "a value is missing")),
            Some('@') => self.relative_path(false),
            Some('!') => {
                self.at += 1;
                self.skip_spaces();
                match self.peek() {
                    Some('@') => self.relative_path(true),
                    Some('$') => Err(self.root_reference(self.at)),
                    _ => Err(self.error(
                        start,
                        "'!' must come before a path such as !@.name or a condition",
                    )),
                }
            }
            Some('$') => Err(self.root_reference(start)),
            Some(quote @ ('\'' | '"')) => self.string(quote).map(|s| Value::Literal(Literal::String(s))),
            Some('/') => Err(self.error(
                start,
                "Step Functions does not support filtering by regular expression",
            )),
            Some('[' | '{') => Err(self.error(
                start,
                "array and object literals are not supported in Step Functions filters",
            )),
            Some(c) if c.is_ascii_digit() || c == '-' || c == '.' => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | 'e' | 'E'))
                {
                    self.at += 1;
                }
                let text: String = self.chars[start..self.at].iter().collect();
                match Number::parse(&text) {
                    Some(n) => Ok(Value::Literal(Literal::Number(n))),
                    None => Err(self.error(start, &format!("'{text}' is not a number"))),
                }
            }
            Some(_) => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, ' ' | ')' | '<' | '>' | '=' | '!' | '~' | '&' | '|'))
                {
                    self.at += 1;
                }
                let word: String = self.chars[start..self.at].iter().collect();
                match word.as_str() {
                    "true" => Ok(Value::Literal(Literal::Bool(true))),
                    "false" => Ok(Value::Literal(Literal::Bool(false))),
                    "null" => Ok(Value::Literal(Literal::Null)),
                    "" => Err(self.error(start, "a value is missing")),
                    _ => Err(self.error(
                        start,
                        &format!("'{word}' is not a value; quote text ('{word}') or write a number, true, false or null"),
                    )),
                }
            }
        }
    }

    fn root_reference(&self, at: usize) -> String {
        self.error(
            at,
            "Step Functions does not support filters that reference another value of the document ('$'); use '@' for the current item",
        )
    }

    /// A quoted string, with Jayway's escapes.
    fn string(&mut self, quote: char) -> Result<String, String> {
        let start = self.at;
        self.at += 1;
        let mut raw = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error(start, &format!("a string is not closed by {quote}"))),
                Some('\\') => {
                    raw.push('\\');
                    self.at += 1;
                    if let Some(c) = self.peek() {
                        raw.push(c);
                        self.at += 1;
                    }
                }
                Some(c) if c == quote => {
                    self.at += 1;
                    return Ok(unescape(&raw));
                }
                Some(c) => {
                    raw.push(c);
                    self.at += 1;
                }
            }
        }
    }

    /// `@…` inside a filter. Like Jayway, the path runs to a space, a
    /// comparison character or a ')' that does not close a function call.
    fn relative_path(&mut self, negated: bool) -> Result<Value, String> {
        let root = self.at;
        let mut i = root + 1;
        while let Some(c) = self.peek_at(i) {
            match c {
                '[' => i = self.matching_bracket(i)? + 1,
                ' ' | '<' | '>' | '=' | '~' | '!' => break,
                ')' if !self.closes_function(root, i) => break,
                _ => i += 1,
            }
        }
        self.at = root + 1;
        let steps = self.steps(i, root)?;
        self.at = i;
        Ok(Value::Path { steps, negated })
    }

    /// Whether the ')' at `i` closes `name(` of a path function begun after `root`.
    fn closes_function(&self, root: usize, i: usize) -> bool {
        let mut j = i;
        while j > root + 1 && self.chars[j - 1] == ' ' {
            j -= 1;
        }
        j > root + 1 && self.chars[j - 1] == '(' && self.chars[root..j - 1].contains(&'.')
    }

    /// The ']' matching the '[' at `open`, skipping quoted text.
    fn matching_bracket(&self, open: usize) -> Result<usize, String> {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut i = open;
        while let Some(c) = self.peek_at(i) {
            match quote {
                Some(q) => {
                    if c == '\\' {
                        i += 1;
                    } else if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    '\'' | '"' => quote = Some(c),
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(i);
                        }
                    }
                    _ => {}
                },
            }
            i += 1;
        }
        Err(self.error(open, "a '[' is not closed by ']'"))
    }
}

/// Jayway's unescaping of quoted names and strings: `\n`, `\t`, `\uXXXX`…;
/// any other escaped character stands for itself.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            None => out.push('\\'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                match u32::from_str_radix(&hex, 16) {
                    Ok(unit) if hex.len() == 4 => {
                        for _ in 0..4 {
                            chars.next();
                        }
                        out.push(decode_unit(unit, &mut chars));
                    }
                    _ => out.push('u'),
                }
            }
            Some(other) => out.push(other),
        }
    }
    out
}

/// A UTF-16 unit from `\uXXXX`, joined with a following `\uXXXX` low surrogate.
fn decode_unit(unit: u32, chars: &mut std::iter::Peekable<std::str::Chars>) -> char {
    if (0xD800..0xDC00).contains(&unit) {
        let rest: String = chars.clone().take(6).collect();
        if let Some(low) = rest
            .strip_prefix("\\u")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
        {
            if rest.len() == 6 && (0xDC00..0xE000).contains(&low) {
                for _ in 0..6 {
                    chars.next();
                }
                let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                return char::from_u32(code).unwrap_or('\u{FFFD}');
            }
        }
    }
    char::from_u32(unit).unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_jayway() {
        assert_eq!(unescape(r"a\'b"), "a'b");
        assert_eq!(unescape(r"a\\b"), r"a\b");
        assert_eq!(unescape(r"\n\t"), "\n\t");
        assert_eq!(unescape(r"\u00e9"), "é");
        assert_eq!(unescape(r"\ud83d\ude00"), "😀");
        assert_eq!(unescape(r"\ud83d"), "\u{FFFD}");
        assert_eq!(unescape(r"\uZZ"), "uZZ");
        assert_eq!(unescape(r"end\"), r"end\");
    }
}
