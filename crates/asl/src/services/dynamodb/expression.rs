//! DynamoDB's expression languages: condition (and filter and key condition),
//! update and projection expressions, parsed with `#name` and `:value`
//! substitutions resolved, and DynamoDB's validation messages.

use super::attribute_value::Attr;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One step of a document path: an attribute (or map key) name, or a list index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Step {
    Name(String),
    Index(usize),
}

/// A document path such as `order.lines[0].sku`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct DocPath(pub Vec<Step>);

impl DocPath {
    pub fn top(&self) -> Option<&str> {
        match self.0.first() {
            Some(Step::Name(name)) => Some(name),
            _ => None,
        }
    }

    /// Whether one path is the other or inside it.
    pub fn overlaps(&self, other: &DocPath) -> bool {
        let n = self.0.len().min(other.0.len());
        self.0[..n] == other.0[..n]
    }

    /// `[a, b, [0]]`, as overlap errors list a path.
    pub fn as_list(&self) -> String {
        let steps: Vec<String> = self
            .0
            .iter()
            .map(|s| match s {
                Step::Name(n) => n.clone(),
                Step::Index(i) => format!("[{i}]"),
            })
            .collect();
        format!("[{}]", steps.join(", "))
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Name(name) if i == 0 => write!(f, "{name}")?,
                Step::Name(name) => write!(f, ".{name}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A value in a condition: an attribute of the item, a `:value`, or `size(path)`.
#[derive(Debug, Clone)]
pub(crate) enum Operand {
    Path(DocPath),
    Value(Attr),
    Size(DocPath),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A condition expression (also filter and key condition expressions).
#[derive(Debug, Clone)]
pub(crate) enum Condition {
    Compare(Operand, Comparator, Operand),
    Between(Operand, Operand, Operand),
    In(Operand, Vec<Operand>),
    Exists(DocPath),
    NotExists(DocPath),
    Type(DocPath, Operand),
    BeginsWith(Operand, Operand),
    Contains(Operand, Operand),
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
    Not(Box<Condition>),
}

/// A value in a SET action.
#[derive(Debug, Clone)]
pub(crate) enum UpdateOperand {
    Path(DocPath),
    Value(Attr),
    IfNotExists(DocPath, Box<UpdateOperand>),
    ListAppend(Box<UpdateOperand>, Box<UpdateOperand>),
}

#[derive(Debug, Clone)]
pub(crate) enum SetValue {
    Operand(UpdateOperand),
    Plus(UpdateOperand, UpdateOperand),
    Minus(UpdateOperand, UpdateOperand),
}

/// An update expression's actions, by clause.
#[derive(Debug, Clone, Default)]
pub(crate) struct Update {
    pub set: Vec<(DocPath, SetValue)>,
    pub remove: Vec<DocPath>,
    pub add: Vec<(DocPath, Attr)>,
    pub delete: Vec<(DocPath, Attr)>,
}

impl Update {
    /// Every path the update writes, in clause order.
    pub fn paths(&self) -> Vec<&DocPath> {
        self.set
            .iter()
            .map(|(p, _)| p)
            .chain(self.remove.iter())
            .chain(self.add.iter().map(|(p, _)| p))
            .chain(self.delete.iter().map(|(p, _)| p))
            .collect()
    }
}

/// The `ExpressionAttributeNames` and `ExpressionAttributeValues` of a request, and which were used.
pub(crate) struct Substitutions {
    names: BTreeMap<String, String>,
    values: BTreeMap<String, Attr>,
    used_names: BTreeSet<String>,
    used_values: BTreeSet<String>,
}

impl Substitutions {
    /// Reads both maps; the error is DynamoDB's validation message.
    pub fn read(names: Option<&Value>, values: Option<&Value>) -> Result<Substitutions, String> {
        let mut out = Substitutions {
            names: BTreeMap::new(),
            values: BTreeMap::new(),
            used_names: BTreeSet::new(),
            used_values: BTreeSet::new(),
        };
        match names {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                if map.is_empty() {
                    return Err("ExpressionAttributeNames must not be empty".into());
                }
                for (key, name) in map {
                    if !key.starts_with('#') || key.len() < 2 {
                        return Err(format!(
                            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"{key}\""
                        ));
                    }
                    let name = name.as_str().ok_or_else(|| {
                        format!("ExpressionAttributeNames contains invalid value: the value of {key} must be a string")
                    })?;
                    if name.is_empty() {
                        return Err(format!(
                            "ExpressionAttributeNames contains invalid value: Empty attribute name for key {key}"
                        ));
                    }
                    out.names.insert(key.clone(), name.to_string());
                }
            }
            Some(_) => return Err("ExpressionAttributeNames must be a map of names".into()),
        }
        match values {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                if map.is_empty() {
                    return Err("ExpressionAttributeValues must not be empty".into());
                }
                for (key, value) in map {
                    if !key.starts_with(':') || key.len() < 2 {
                        return Err(format!(
                            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"{key}\""
                        ));
                    }
                    let attr = Attr::from_json(value).map_err(|message| {
                        format!("ExpressionAttributeValues contains invalid value: {message} for key {key}")
                    })?;
                    out.values.insert(key.clone(), attr);
                }
            }
            Some(_) => return Err("ExpressionAttributeValues must be a map of attribute values".into()),
        }
        Ok(out)
    }

    pub fn has_values(&self) -> bool {
        !self.values.is_empty()
    }

    pub fn has_names(&self) -> bool {
        !self.names.is_empty()
    }

    /// DynamoDB refuses substitutions that no expression uses.
    pub fn check_all_used(&self) -> Result<(), String> {
        let unused_values: Vec<&String> = self
            .values
            .keys()
            .filter(|k| !self.used_values.contains(*k))
            .collect();
        if !unused_values.is_empty() {
            return Err(format!(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {{{}}}",
                unused_values
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let unused_names: Vec<&String> = self
            .names
            .keys()
            .filter(|k| !self.used_names.contains(*k))
            .collect();
        if !unused_names.is_empty() {
            return Err(format!(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {{{}}}",
                unused_names
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Ok(())
    }
}

/// Which expression parameter is parsed, for messages (`Invalid ConditionExpression: ...`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Condition,
    Filter,
    KeyCondition,
    Update,
    Projection,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Condition => "ConditionExpression",
            Kind::Filter => "FilterExpression",
            Kind::KeyCondition => "KeyConditionExpression",
            Kind::Update => "UpdateExpression",
            Kind::Projection => "ProjectionExpression",
        }
    }
}

pub(crate) fn parse_condition(text: &str, kind: Kind, subs: &mut Substitutions) -> Result<Condition, String> {
    let mut parser = Parser::new(text, kind, subs)?;
    let condition = parser.or()?;
    parser.expect_end()?;
    Ok(condition)
}

pub(crate) fn parse_update(text: &str, subs: &mut Substitutions) -> Result<Update, String> {
    let mut parser = Parser::new(text, Kind::Update, subs)?;
    let update = parser.update()?;
    parser.expect_end()?;
    let paths = update.paths();
    for (i, a) in paths.iter().enumerate() {
        for b in &paths[..i] {
            if a.overlaps(b) {
                return Err(format!(
                    "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite \
                     one of these paths; path one: {}, path two: {}",
                    b.as_list(),
                    a.as_list()
                ));
            }
        }
    }
    Ok(update)
}

pub(crate) fn parse_projection(text: &str, subs: &mut Substitutions) -> Result<Vec<DocPath>, String> {
    let mut parser = Parser::new(text, Kind::Projection, subs)?;
    let mut paths = vec![parser.path()?];
    while parser.eat(&Tok::Comma) {
        paths.push(parser.path()?);
    }
    parser.expect_end()?;
    for (i, a) in paths.iter().enumerate() {
        for b in &paths[..i] {
            if a.overlaps(b) {
                return Err(format!(
                    "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or \
                     rewrite one of these paths; path one: {}, path two: {}",
                    b.as_list(),
                    a.as_list()
                ));
            }
        }
    }
    Ok(paths)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    NameRef(String),
    ValueRef(String),
    Int(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Cmp(Comparator),
    Plus,
    Minus,
    End,
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Ident(s) | Tok::NameRef(s) | Tok::ValueRef(s) | Tok::Int(s) => s.clone(),
            Tok::LParen => "(".into(),
            Tok::RParen => ")".into(),
            Tok::LBracket => "[".into(),
            Tok::RBracket => "]".into(),
            Tok::Comma => ",".into(),
            Tok::Dot => ".".into(),
            Tok::Cmp(c) => match c {
                Comparator::Eq => "=",
                Comparator::Ne => "<>",
                Comparator::Lt => "<",
                Comparator::Le => "<=",
                Comparator::Gt => ">",
                Comparator::Ge => ">=",
            }
            .into(),
            Tok::Plus => "+".into(),
            Tok::Minus => "-".into(),
            Tok::End => "<EOF>".into(),
        }
    }

    fn is_keyword(&self, word: &str) -> bool {
        matches!(self, Tok::Ident(s) if s.eq_ignore_ascii_case(word))
    }
}

/// A token with the byte span it was read from.
type Spanned = (Tok, usize, usize);

struct Parser<'a> {
    text: &'a str,
    kind: Kind,
    tokens: Vec<Spanned>,
    at: usize,
    subs: &'a mut Substitutions,
    /// Nesting of parentheses, NOT and functions, bounded so that no expression exhausts the stack.
    depth: usize,
}

/// DynamoDB's limit on an expression's size, in bytes.
const MAX_EXPRESSION_BYTES: usize = 4096;

/// How deeply the simulation lets expressions nest.
const MAX_DEPTH: usize = 64;

impl<'a> Parser<'a> {
    fn new(text: &'a str, kind: Kind, subs: &'a mut Substitutions) -> Result<Parser<'a>, String> {
        if text.trim().is_empty() {
            return Err(format!(
                "Invalid {}: The expression can not be empty;",
                kind.name()
            ));
        }
        if text.len() > MAX_EXPRESSION_BYTES {
            return Err(format!(
                "Invalid {}: Expression size has exceeded the maximum allowed size; expression size: {}",
                kind.name(),
                text.len()
            ));
        }
        let tokens = tokenize(text).map_err(|(token, start)| {
            format!(
                "Invalid {}: Syntax error; token: \"{token}\", near: \"{}\"",
                kind.name(),
                near(text, start, start + token.len())
            )
        })?;
        Ok(Parser {
            text,
            kind,
            tokens,
            at: 0,
            subs,
            depth: 0,
        })
    }

    fn peek(&self) -> &Tok {
        self.tokens.get(self.at).map(|(t, _, _)| t).unwrap_or(&Tok::End)
    }

    fn peek_at(&self, offset: usize) -> &Tok {
        self.tokens
            .get(self.at + offset)
            .map(|(t, _, _)| t)
            .unwrap_or(&Tok::End)
    }

    fn next(&mut self) -> Tok {
        let token = self.peek().clone();
        self.at = (self.at + 1).min(self.tokens.len());
        token
    }

    fn eat(&mut self, token: &Tok) -> bool {
        if self.peek() == token {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn eat_keyword(&mut self, word: &str) -> bool {
        if self.peek().is_keyword(word) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn invalid(&self, detail: String) -> String {
        format!("Invalid {}: {detail}", self.kind.name())
    }

    /// DynamoDB's syntax error at the current token, quoting the text around it.
    fn syntax_error(&self) -> String {
        let (token, start, end) = match self.tokens.get(self.at) {
            Some((t, s, e)) => (t.text(), *s, *e),
            None => ("<EOF>".to_string(), self.text.len(), self.text.len()),
        };
        let from = self
            .at
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(start, |(_, s, _)| *s);
        let to = self.tokens.get(self.at + 1).map_or(end, |(_, _, e)| *e);
        self.invalid(format!(
            "Syntax error; token: \"{token}\", near: \"{}\"",
            near(self.text, from, to)
        ))
    }

    fn expect(&mut self, token: &Tok) -> Result<(), String> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.syntax_error())
        }
    }

    fn expect_end(&mut self) -> Result<(), String> {
        match self.peek() {
            Tok::End => Ok(()),
            _ => Err(self.syntax_error()),
        }
    }

    fn name(&mut self, key: &str) -> Result<String, String> {
        match self.subs.names.get(key) {
            Some(name) => {
                self.subs.used_names.insert(key.to_string());
                Ok(name.clone())
            }
            None => Err(self.invalid(format!(
                "An expression attribute name used in the document path is not defined; attribute name: {key}"
            ))),
        }
    }

    fn value(&mut self, key: &str) -> Result<Attr, String> {
        match self.subs.values.get(key) {
            Some(value) => {
                let value = value.clone();
                self.subs.used_values.insert(key.to_string());
                Ok(value)
            }
            None => Err(self.invalid(format!(
                "An expression attribute value used in expression is not defined; attribute value: {key}"
            ))),
        }
    }

    fn path(&mut self) -> Result<DocPath, String> {
        let mut steps = vec![Step::Name(self.path_name()?)];
        loop {
            match self.peek() {
                Tok::Dot => {
                    self.at += 1;
                    steps.push(Step::Name(self.path_name()?));
                }
                Tok::LBracket => {
                    self.at += 1;
                    let index = match self.next() {
                        Tok::Int(digits) => digits.parse::<usize>().map_err(|_| self.syntax_error())?,
                        _ => {
                            self.at -= 1;
                            return Err(self.syntax_error());
                        }
                    };
                    self.expect(&Tok::RBracket)?;
                    steps.push(Step::Index(index));
                }
                _ => return Ok(DocPath(steps)),
            }
        }
    }

    fn path_name(&mut self) -> Result<String, String> {
        match self.peek().clone() {
            Tok::Ident(name) => {
                if is_reserved(&name) {
                    return Err(self.invalid(format!(
                        "Attribute name is a reserved keyword; reserved keyword: {name}"
                    )));
                }
                self.at += 1;
                Ok(name)
            }
            Tok::NameRef(key) => {
                self.at += 1;
                self.name(&key)
            }
            _ => Err(self.syntax_error()),
        }
    }

    // Conditions: OR < AND < NOT < comparisons and functions.

    fn or(&mut self) -> Result<Condition, String> {
        let mut left = self.and()?;
        while self.eat_keyword("OR") {
            let right = self.and()?;
            left = Condition::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Condition, String> {
        let mut left = self.not()?;
        while self.eat_keyword("AND") {
            let right = self.not()?;
            left = Condition::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Condition, String> {
        self.nested(|parser| {
            if parser.eat_keyword("NOT") {
                return Ok(Condition::Not(Box::new(parser.not()?)));
            }
            parser.primary()
        })
    }

    /// Runs a step one level deeper, refusing expressions nested beyond [`MAX_DEPTH`].
    fn nested<T>(&mut self, step: impl FnOnce(&mut Self) -> Result<T, String>) -> Result<T, String> {
        if self.depth >= MAX_DEPTH {
            return Err(self.invalid(format!(
                "The expression is nested more than {MAX_DEPTH} levels deep;"
            )));
        }
        self.depth += 1;
        let result = step(self);
        self.depth -= 1;
        result
    }

    fn primary(&mut self) -> Result<Condition, String> {
        if self.eat(&Tok::LParen) {
            let inner = self.or()?;
            self.expect(&Tok::RParen)?;
            return Ok(inner);
        }
        if let (Tok::Ident(function), Tok::LParen) = (self.peek().clone(), self.peek_at(1)) {
            if function != "size" {
                let condition = self.boolean_function(&function)?;
                if matches!(self.peek(), Tok::Cmp(_))
                    || self.peek().is_keyword("BETWEEN")
                    || self.peek().is_keyword("IN")
                {
                    return Err(self.invalid(format!(
                        "The function is not allowed to be used this way in an expression; function: {function}"
                    )));
                }
                return Ok(condition);
            }
        }
        let left = self.operand()?;
        if let Tok::Cmp(comparator) = *self.peek() {
            self.at += 1;
            let right = self.operand()?;
            return Ok(Condition::Compare(left, comparator, right));
        }
        if self.eat_keyword("BETWEEN") {
            let low = self.operand()?;
            if !self.eat_keyword("AND") {
                return Err(self.syntax_error());
            }
            let high = self.operand()?;
            if let (Operand::Value(l), Operand::Value(h)) = (&low, &high) {
                if l.order(h) == Some(std::cmp::Ordering::Greater) {
                    return Err(self.invalid(format!(
                        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; \
                         lower bound operand: AttributeValue: {{{}:{}}}, upper bound operand: AttributeValue: {{{}:{}}}",
                        l.type_name(),
                        shown(l),
                        h.type_name(),
                        shown(h)
                    )));
                }
            }
            return Ok(Condition::Between(left, low, high));
        }
        if self.eat_keyword("IN") {
            self.expect(&Tok::LParen)?;
            let mut list = vec![self.operand()?];
            while self.eat(&Tok::Comma) {
                list.push(self.operand()?);
            }
            self.expect(&Tok::RParen)?;
            return Ok(Condition::In(left, list));
        }
        Err(self.syntax_error())
    }

    fn boolean_function(&mut self, function: &str) -> Result<Condition, String> {
        match function {
            "attribute_exists" | "attribute_not_exists" | "attribute_type" | "begins_with" | "contains" => {}
            "if_not_exists" | "list_append" => {
                return Err(self.invalid(format!(
                    "The function is not allowed in a condition expression; function: {function}"
                )))
            }
            _ => return Err(self.invalid(format!("Invalid function name; function: {function}"))),
        }
        self.at += 2; // name and '('
        let arguments = self.arguments()?;
        let count_error = |_expected: usize| {
            self.invalid(format!(
                "Incorrect number of operands for operator or function; operator or function: {function}, \
                 number of operands: {}",
                arguments.len()
            ))
        };
        let path_of = |operand: &Operand| {
            match operand {
            Operand::Path(path) => Ok(path.clone()),
            other => Err(self.invalid(format!(
                "Incorrect operand type for operator or function; operator or function: {function}, operand type: {}",
                operand_type(other)
            ))),
        }
        };
        match function {
            "attribute_exists" | "attribute_not_exists" => {
                let [operand] = arguments.as_slice() else {
                    return Err(count_error(1));
                };
                let path = path_of(operand)?;
                Ok(if function == "attribute_exists" {
                    Condition::Exists(path)
                } else {
                    Condition::NotExists(path)
                })
            }
            "attribute_type" => {
                let [operand, kind] = arguments.as_slice() else {
                    return Err(count_error(2));
                };
                let path = path_of(operand)?;
                if let Operand::Value(value) = kind {
                    let valid = matches!(value, Attr::S(t) if ["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"].contains(&t.as_str()));
                    if !valid {
                        return Err(self.invalid(format!(
                            "Invalid attribute type name found; type: {}, valid types: {{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}",
                            shown(value)
                        )));
                    }
                }
                Ok(Condition::Type(path, kind.clone()))
            }
            "begins_with" => {
                let [operand, prefix] = arguments.as_slice() else {
                    return Err(count_error(2));
                };
                for argument in [operand, prefix] {
                    if let Operand::Value(value) = argument {
                        if !matches!(value, Attr::S(_) | Attr::B(_)) {
                            return Err(self.invalid(format!(
                                "Incorrect operand type for operator or function; operator or function: begins_with, \
                                 operand type: {}",
                                value.type_name()
                            )));
                        }
                    }
                }
                Ok(Condition::BeginsWith(operand.clone(), prefix.clone()))
            }
            _ => {
                let [operand, member] = arguments.as_slice() else {
                    return Err(count_error(2));
                };
                Ok(Condition::Contains(operand.clone(), member.clone()))
            }
        }
    }

    fn arguments(&mut self) -> Result<Vec<Operand>, String> {
        let mut arguments = vec![self.operand()?];
        while self.eat(&Tok::Comma) {
            arguments.push(self.operand()?);
        }
        self.expect(&Tok::RParen)?;
        Ok(arguments)
    }

    fn operand(&mut self) -> Result<Operand, String> {
        match self.peek().clone() {
            Tok::ValueRef(key) => {
                self.at += 1;
                Ok(Operand::Value(self.value(&key)?))
            }
            Tok::Ident(function) if self.peek_at(1) == &Tok::LParen => {
                if function != "size" {
                    return Err(match function.as_str() {
                        "attribute_exists" | "attribute_not_exists" | "attribute_type" | "begins_with" | "contains" => {
                            self.invalid(format!(
                                "The function is not allowed to be used this way in an expression; function: {function}"
                            ))
                        }
                        "if_not_exists" | "list_append" => self.invalid(format!(
                            "The function is not allowed in a condition expression; function: {function}"
                        )),
                        _ => self.invalid(format!("Invalid function name; function: {function}")),
                    });
                }
                self.at += 2;
                let arguments = self.arguments()?;
                match arguments.as_slice() {
                    [Operand::Path(path)] => Ok(Operand::Size(path.clone())),
                    [other] => Err(self.invalid(format!(
                        "Incorrect operand type for operator or function; operator or function: size, operand type: {}",
                        operand_type(other)
                    ))),
                    _ => Err(self.invalid(format!(
                        "Incorrect number of operands for operator or function; operator or function: size, \
                         number of operands: {}",
                        arguments.len()
                    ))),
                }
            }
            Tok::Ident(_) | Tok::NameRef(_) => Ok(Operand::Path(self.path()?)),
            _ => Err(self.syntax_error()),
        }
    }

    // Update expressions.

    fn update(&mut self) -> Result<Update, String> {
        let mut update = Update::default();
        let mut seen: Vec<String> = Vec::new();
        while self.peek() != &Tok::End {
            let clause = match self.peek() {
                Tok::Ident(word)
                    if ["SET", "REMOVE", "ADD", "DELETE"]
                        .iter()
                        .any(|k| word.eq_ignore_ascii_case(k)) =>
                {
                    word.to_ascii_uppercase()
                }
                _ => return Err(self.syntax_error()),
            };
            if seen.contains(&clause) {
                return Err(self.invalid(format!(
                    "The \"{clause}\" section can only be used once in an update expression;"
                )));
            }
            seen.push(clause.clone());
            self.at += 1;
            loop {
                match clause.as_str() {
                    "SET" => {
                        let path = self.path()?;
                        self.expect(&Tok::Cmp(Comparator::Eq))?;
                        let value = self.set_value()?;
                        update.set.push((path, value));
                    }
                    "REMOVE" => update.remove.push(self.path()?),
                    _ => {
                        let path = self.path()?;
                        let value = match self.next() {
                            Tok::ValueRef(key) => self.value(&key)?,
                            _ => {
                                self.at -= 1;
                                return Err(self.syntax_error());
                            }
                        };
                        let allowed = if clause == "ADD" {
                            matches!(value, Attr::N(_) | Attr::Ss(_) | Attr::Ns(_) | Attr::Bs(_))
                        } else {
                            matches!(value, Attr::Ss(_) | Attr::Ns(_) | Attr::Bs(_))
                        };
                        if !allowed {
                            return Err(self.invalid(format!(
                                "Incorrect operand type for operator or function; operator: {clause}, operand type: {}, \
                                 typeSet: ALLOWED_FOR_{clause}_OPERAND",
                                value.long_type_name()
                            )));
                        }
                        if clause == "ADD" {
                            update.add.push((path, value));
                        } else {
                            update.delete.push((path, value));
                        }
                    }
                }
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        Ok(update)
    }

    fn set_value(&mut self) -> Result<SetValue, String> {
        let left = self.update_operand()?;
        let operator = match self.peek() {
            Tok::Plus => "+",
            Tok::Minus => "-",
            _ => return Ok(SetValue::Operand(left)),
        };
        self.at += 1;
        let right = self.update_operand()?;
        for operand in [&left, &right] {
            if let UpdateOperand::Value(value) = operand {
                if !matches!(value, Attr::N(_)) {
                    return Err(self.invalid(format!(
                        "Incorrect operand type for operator or function; operator or function: {operator}, \
                         operand type: {}",
                        value.long_type_name()
                    )));
                }
            }
        }
        Ok(if operator == "+" {
            SetValue::Plus(left, right)
        } else {
            SetValue::Minus(left, right)
        })
    }

    fn update_operand(&mut self) -> Result<UpdateOperand, String> {
        self.nested(Self::update_operand_inner)
    }

    fn update_operand_inner(&mut self) -> Result<UpdateOperand, String> {
        match self.peek().clone() {
            Tok::ValueRef(key) => {
                self.at += 1;
                Ok(UpdateOperand::Value(self.value(&key)?))
            }
            Tok::Ident(function) if self.peek_at(1) == &Tok::LParen => {
                self.at += 2;
                match function.as_str() {
                    "if_not_exists" => {
                        let path = self.path()?;
                        self.expect(&Tok::Comma)?;
                        let fallback = self.update_operand()?;
                        self.expect(&Tok::RParen)?;
                        Ok(UpdateOperand::IfNotExists(path, Box::new(fallback)))
                    }
                    "list_append" => {
                        let first = self.update_operand()?;
                        self.expect(&Tok::Comma)?;
                        let second = self.update_operand()?;
                        self.expect(&Tok::RParen)?;
                        for operand in [&first, &second] {
                            if let UpdateOperand::Value(value) = operand {
                                if !matches!(value, Attr::L(_)) {
                                    return Err(self.invalid(format!(
                                        "Incorrect operand type for operator or function; operator or function: \
                                         list_append, operand type: {}",
                                        value.long_type_name()
                                    )));
                                }
                            }
                        }
                        Ok(UpdateOperand::ListAppend(Box::new(first), Box::new(second)))
                    }
                    "attribute_exists"
                    | "attribute_not_exists"
                    | "attribute_type"
                    | "begins_with"
                    | "contains"
                    | "size" => Err(self.invalid(format!(
                        "The function is not allowed in an update expression; function: {function}"
                    ))),
                    _ => Err(self.invalid(format!("Invalid function name; function: {function}"))),
                }
            }
            Tok::Ident(_) | Tok::NameRef(_) => Ok(UpdateOperand::Path(self.path()?)),
            _ => Err(self.syntax_error()),
        }
    }
}

fn operand_type(operand: &Operand) -> String {
    match operand {
        Operand::Value(value) => value.type_name().to_string(),
        Operand::Size(_) => "N".into(),
        Operand::Path(_) => "PATH".into(),
    }
}

/// A value as DynamoDB quotes it in messages.
fn shown(value: &Attr) -> String {
    match value
        .to_json()
        .as_object()
        .and_then(|m| m.values().next().cloned())
    {
        Some(Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn near(text: &str, from: usize, to: usize) -> &str {
    text.get(from..to.min(text.len())).unwrap_or(text)
}

/// Splits an expression into tokens with their byte spans; the error is the offending text and where it starts.
fn tokenize(text: &str) -> Result<Vec<Spanned>, (String, usize)> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    let word_end = |from: usize| {
        let mut end = from;
        while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
            end += 1;
        }
        end
    };
    while at < bytes.len() {
        let c = bytes[at];
        let start = at;
        let token = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            b'(' => Tok::LParen,
            b')' => Tok::RParen,
            b'[' => Tok::LBracket,
            b']' => Tok::RBracket,
            b',' => Tok::Comma,
            b'.' => Tok::Dot,
            b'+' => Tok::Plus,
            b'-' => Tok::Minus,
            b'=' => Tok::Cmp(Comparator::Eq),
            b'<' => match bytes.get(at + 1) {
                Some(b'>') => {
                    at += 1;
                    Tok::Cmp(Comparator::Ne)
                }
                Some(b'=') => {
                    at += 1;
                    Tok::Cmp(Comparator::Le)
                }
                _ => Tok::Cmp(Comparator::Lt),
            },
            b'>' => match bytes.get(at + 1) {
                Some(b'=') => {
                    at += 1;
                    Tok::Cmp(Comparator::Ge)
                }
                _ => Tok::Cmp(Comparator::Gt),
            },
            b'#' | b':' => {
                let end = word_end(at + 1);
                if end == at + 1 {
                    return Err((char::from(c).to_string(), at));
                }
                let word = text[at..end].to_string();
                at = end;
                tokens.push((
                    if c == b'#' {
                        Tok::NameRef(word)
                    } else {
                        Tok::ValueRef(word)
                    },
                    start,
                    end,
                ));
                continue;
            }
            c if c.is_ascii_digit() => {
                let mut end = at;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                let word = text[at..end].to_string();
                at = end;
                tokens.push((Tok::Int(word), start, end));
                continue;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = word_end(at);
                let word = text[at..end].to_string();
                at = end;
                tokens.push((Tok::Ident(word), start, end));
                continue;
            }
            _ => {
                let ch = text[at..].chars().next().unwrap_or('?');
                return Err((ch.to_string(), at));
            }
        };
        at += 1;
        tokens.push((token, start, at));
    }
    Ok(tokens)
}

/// Whether a bare name is one of DynamoDB's reserved words (which need `#name` substitutes).
pub(crate) fn is_reserved(name: &str) -> bool {
    RESERVED
        .split_ascii_whitespace()
        .any(|word| word.eq_ignore_ascii_case(name))
}

/// DynamoDB's reserved words (Amazon DynamoDB Developer Guide, "Reserved words in DynamoDB"), sorted.
const RESERVED: &str =
    "ABORT ABSOLUTE ACTION ADD AFTER AGENT AGGREGATE ALL ALLOCATE ALTER ANALYZE AND ANY ARCHIVE ARE ARRAY \
    AS ASC ASCII ASENSITIVE ASSERTION ASYMMETRIC AT ATOMIC ATTACH ATTRIBUTE AUTH AUTHORIZATION AUTHORIZE \
    AUTO AVG BACK BACKUP BASE BATCH BEFORE BEGIN BETWEEN BIGINT BINARY BIT BLOB BLOCK BOOLEAN BOTH \
    BREADTH BUCKET BULK BY BYTE CALL CALLED CALLING CAPACITY CASCADE CASCADED CASE CAST CATALOG CHAR \
    CHARACTER CHECK CLASS CLOB CLOSE CLUSTER CLUSTERED CLUSTERING CLUSTERS COALESCE COLLATE COLLATION \
    COLLECTION COLUMN COLUMNS COMBINE COMMENT COMMIT COMPACT COMPILE COMPRESS CONDITION CONFLICT CONNECT \
    CONNECTION CONSISTENCY CONSISTENT CONSTRAINT CONSTRAINTS CONSTRUCTOR CONSUMED CONTINUE CONVERT COPY \
    CORRESPONDING COUNT COUNTER CREATE CROSS CUBE CURRENT CURSOR CYCLE DATA DATABASE DATE DATETIME DAY \
    DEALLOCATE DEC DECIMAL DECLARE DEFAULT DEFERRABLE DEFERRED DEFINE DEFINED DEFINITION DELETE \
    DELIMITED DEPTH DEREF DESC DESCRIBE DESCRIPTOR DETACH DETERMINISTIC DIAGNOSTICS DIRECTORIES DISABLE \
    DISCONNECT DISTINCT DISTRIBUTE DO DOMAIN DOUBLE DROP DUMP DURATION DYNAMIC EACH ELEMENT ELSE ELSEIF \
    EMPTY ENABLE END EQUAL EQUALS ERROR ESCAPE ESCAPED EVAL EVALUATE EXCEEDED EXCEPT EXCEPTION \
    EXCEPTIONS EXCLUSIVE EXEC EXECUTE EXISTS EXIT EXPLAIN EXPLODE EXPORT EXPRESSION EXTENDED EXTERNAL \
    EXTRACT FAIL FALSE FAMILY FETCH FIELDS FILE FILTER FILTERING FINAL FINISH FIRST FIXED FLATTERN FLOAT \
    FOR FORCE FOREIGN FORMAT FORWARD FOUND FREE FROM FULL FUNCTION FUNCTIONS GENERAL GENERATE GET GLOB \
    GLOBAL GO GOTO GRANT GREATER GROUP GROUPING HANDLER HASH HAVE HAVING HEAP HIDDEN HOLD HOUR \
    IDENTIFIED IDENTITY IF IGNORE IMMEDIATE IMPORT IN INCLUDING INCLUSIVE INCREMENT INCREMENTAL INDEX \
    INDEXED INDEXES INDICATOR INFINITE INITIALLY INLINE INNER INNTER INOUT INPUT INSENSITIVE INSERT \
    INSTEAD INT INTEGER INTERSECT INTERVAL INTO INVALIDATE IS ISOLATION ITEM ITEMS ITERATE JOIN KEY KEYS \
    LAG LANGUAGE LARGE LAST LATERAL LEAD LEADING LEAVE LEFT LENGTH LESS LEVEL LIKE LIMIT LIMITED LINES \
    LIST LOAD LOCAL LOCALTIME LOCALTIMESTAMP LOCATION LOCATOR LOCK LOCKS LOG LOGED LONG LOOP LOWER MAP \
    MATCH MATERIALIZED MAX MAXLEN MEMBER MERGE METHOD METRICS MIN MINUS MINUTE MISSING MOD MODE MODIFIES \
    MODIFY MODULE MONTH MULTI MULTISET NAME NAMES NATIONAL NATURAL NCHAR NCLOB NEW NEXT NO NONE NOT NULL \
    NULLIF NUMBER NUMERIC OBJECT OF OFFLINE OFFSET OLD ON ONLINE ONLY OPAQUE OPEN OPERATOR OPTION OR \
    ORDER ORDINALITY OTHER OTHERS OUT OUTER OUTPUT OVER OVERLAPS OVERRIDE OWNER PAD PARALLEL PARAMETER \
    PARAMETERS PARTIAL PARTITION PARTITIONED PARTITIONS PATH PERCENT PERCENTILE PERMISSION PERMISSIONS \
    PIPE PIPELINED PLAN POOL POSITION PRECISION PREPARE PRESERVE PRIMARY PRIOR PRIVATE PRIVILEGES \
    PROCEDURE PROCESSED PROJECT PROJECTION PROPERTY PROVISIONING PUBLIC PUT QUERY QUIT QUORUM RAISE \
    RANDOM RANGE RANK RAW READ READS REAL REBUILD RECORD RECURSIVE REDUCE REF REFERENCE REFERENCES \
    REFERENCING REGEXP REGION REINDEX RELATIVE RELEASE REMAINDER RENAME REPEAT REPLACE REQUEST RESET \
    RESIGNAL RESOURCE RESPONSE RESTORE RESTRICT RESULT RETURN RETURNING RETURNS REVERSE REVOKE RIGHT \
    ROLE ROLES ROLLBACK ROLLUP ROUTINE ROW ROWS RULE RULES SAMPLE SATISFIES SAVE SAVEPOINT SCAN SCHEMA \
    SCOPE SCROLL SEARCH SECOND SECTION SEGMENT SEGMENTS SELECT SELF SEMI SENSITIVE SEPARATE SEQUENCE \
    SERIALIZABLE SESSION SET SETS SHARD SHARE SHARED SHORT SHOW SIGNAL SIMILAR SIZE SKEWED SMALLINT \
    SNAPSHOT SOME SOURCE SPACE SPACES SPARSE SPECIFIC SPECIFICTYPE SPLIT SQL SQLCODE SQLERROR \
    SQLEXCEPTION SQLSTATE SQLWARNING START STATE STATIC STATUS STORAGE STORE STORED STREAM STRING STRUCT \
    STYLE SUB SUBMULTISET SUBPARTITION SUBSTRING SUBTYPE SUM SUPER SYMMETRIC SYNONYM SYSTEM TABLE \
    TABLESAMPLE TEMP TEMPORARY TERMINATED TEXT THAN THEN THROUGHPUT TIME TIMESTAMP TIMEZONE TINYINT TO \
    TOKEN TOTAL TOUCH TRAILING TRANSACTION TRANSFORM TRANSLATE TRANSLATION TREAT TRIGGER TRIM TRUE \
    TRUNCATE TTL TUPLE TYPE UNDER UNDO UNION UNIQUE UNIT UNKNOWN UNLOGGED UNNEST UNPROCESSED UNSIGNED \
    UNTIL UPDATE UPPER URL USAGE USE USER USERS USING UUID VACUUM VALUE VALUED VALUES VARCHAR VARIABLE \
    VARIANCE VARINT VARYING VIEW VIEWS VIRTUAL VOID WAIT WHEN WHENEVER WHERE WHILE WINDOW WITH WITHIN \
    WITHOUT WORK WRAPPED WRITE YEAR ZONE";

/// Reads the substitutions of a request's parameters.
pub(crate) fn substitutions(parameters: &Map<String, Value>) -> Result<Substitutions, String> {
    Substitutions::read(
        parameters.get("ExpressionAttributeNames"),
        parameters.get("ExpressionAttributeValues"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn subs(names: Value, values: Value) -> Substitutions {
        Substitutions::read(Some(&names), Some(&values)).unwrap()
    }

    #[test]
    fn reserved_words_are_sorted_and_found() {
        let words: Vec<&str> = RESERVED.split_ascii_whitespace().collect();
        assert_eq!(words.len(), 573);
        assert!(words.windows(2).all(|w| w[0] < w[1]));
        assert!(is_reserved("status") && is_reserved("Name") && !is_reserved("orderId"));
    }

    #[test]
    fn parses_conditions_with_precedence_and_substitutions() {
        let mut s = subs(
            json!({"#s": "status"}),
            json!({":a": {"S": "NEW"}, ":n": {"N": "3"}}),
        );
        let c = parse_condition(
            "attribute_not_exists(id) OR #s = :a AND NOT size(parts) > :n",
            Kind::Condition,
            &mut s,
        )
        .unwrap();
        assert!(matches!(c, Condition::Or(_, _)));
        assert!(s.check_all_used().is_ok());
    }

    #[test]
    fn reports_dynamodb_messages() {
        let mut s = subs(json!({"#x": "x"}), json!({":v": {"S": "a"}}));
        let err = |text: &str, s: &mut Substitutions| parse_condition(text, Kind::Condition, s).unwrap_err();
        assert_eq!(
            err("status = :v", &mut s),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"
        );
        assert_eq!(
            err("a = :w", &mut s),
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; \
             attribute value: :w"
        );
        assert_eq!(
            err("#y = :v", &mut s),
            "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; \
             attribute name: #y"
        );
        assert_eq!(
            err("a = ", &mut s),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \""
        );
        assert!(err("exists(a)", &mut s).contains("Invalid function name; function: exists"));
        let mut unused = subs(json!({"#x": "x"}), json!({":v": {"S": "a"}, ":w": {"S": "b"}}));
        parse_condition("#x = :v", Kind::Condition, &mut unused).unwrap();
        assert_eq!(
            unused.check_all_used().unwrap_err(),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"
        );
    }

    #[test]
    fn deep_or_long_expressions_are_refused_not_overflowed() {
        let values = json!({":v": {"N": "1"}});
        let mut s = Substitutions::read(None, Some(&values)).unwrap();
        let deep = format!("{}a = :v{}", "(".repeat(2000), ")".repeat(2000));
        assert!(parse_condition(&deep, Kind::Condition, &mut s)
            .unwrap_err()
            .contains("nested more than"));
        let nots = format!("{}a = :v", "NOT ".repeat(500));
        assert!(parse_condition(&nots, Kind::Condition, &mut s)
            .unwrap_err()
            .contains("nested more than"));
        let appends = format!("SET a = {}:v{}", "list_append(".repeat(200), ", :v)".repeat(200));
        assert!(parse_update(&appends, &mut s)
            .unwrap_err()
            .contains("nested more than"));
        let long = format!("a = :v{}", " OR a = :v".repeat(500));
        assert!(parse_condition(&long, Kind::Condition, &mut s)
            .unwrap_err()
            .contains("Expression size has exceeded"));
        let ok = format!("{}a = :v{}", "(".repeat(20), ")".repeat(20));
        assert!(parse_condition(&ok, Kind::Condition, &mut s).is_ok());
    }

    #[test]
    fn parses_updates_and_rejects_overlaps() {
        let mut s = subs(
            json!({"#c": "count"}),
            json!({":one": {"N": "1"}, ":zero": {"N": "0"}, ":tag": {"SS": ["x"]}}),
        );
        let update = parse_update(
            "SET #c = if_not_exists(#c, :zero) + :one, a.b[2] = :one REMOVE stale ADD tags :tag",
            &mut s,
        )
        .unwrap();
        assert_eq!(update.set.len(), 2);
        assert_eq!(update.remove.len(), 1);
        assert_eq!(update.add.len(), 1);
        let values = |v: Value| Substitutions::read(None, Some(&v)).unwrap();
        let mut s = values(json!({":v": {"N": "1"}}));
        assert!(parse_update("SET a = :v, a.b = :v", &mut s)
            .unwrap_err()
            .contains("overlap"));
        let mut s = values(json!({":v": {"N": "1"}}));
        assert!(parse_update("SET a = :v SET b = :v", &mut s)
            .unwrap_err()
            .contains("only be used once"));
        let mut s = values(json!({":v": {"S": "x"}}));
        assert!(parse_update("SET a = a + :v", &mut s)
            .unwrap_err()
            .contains("operand type: STRING"));
    }
}
