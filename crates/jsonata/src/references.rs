//! What an expression reads from outside itself: workflow variables, the fields of `$states`,
//! and names read at the top level, where Step Functions gives expressions no context item.

use jsonata_core::ast::{AstNode, Stage};

/// The outside values an expression names, found by walking its syntax tree once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    /// Every `$name` the expression reads, `states` excluded, in order of first appearance.
    /// Names bound inside the expression (`$x := ...`, lambda parameters) may appear too.
    pub variables: Vec<String>,
    /// Every function called by name (`$now()` calls `now`), in order of first appearance.
    pub functions: Vec<String>,
    /// The fields of `$states` read as `$states.field...`, with the keys read below each;
    /// `None` when `$states` is used some other way (`$keys($states)`), which needs all of it.
    pub states: Option<Vec<StatesField>>,
    /// Names read from the context item at the top level (`phone` in `{% phone %}`), with `$`
    /// for the context item itself and `$$` for the root. Step Functions evaluates expressions
    /// with no context item, so these always select nothing.
    pub top_level: Vec<String>,
}

/// One field of `$states` an expression reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatesField {
    /// `input`, `result`, `errorOutput` or `context`.
    pub name: String,
    /// The keys read below it (`customer` in `$states.input.customer`); `None` when the field
    /// is used some other way (`$states.input` alone), which needs all of it.
    pub keys: Option<Vec<String>>,
}

impl References {
    /// Walks `ast`, the expression's tree as parsed.
    pub(crate) fn of(ast: &AstNode) -> References {
        let mut walk = References {
            states: Some(Vec::new()),
            ..References::default()
        };
        walk.node(ast, Focus::TopLevel);
        walk
    }

    /// The names of the fields of `$states` read, or `None` when all of `$states` may be read.
    pub fn states_fields(&self) -> Option<Vec<&str>> {
        let fields = self.states.as_ref()?;
        Some(fields.iter().map(|f| f.name.as_str()).collect())
    }

    /// The keys read below `$states.field`, or `None` when all of it may be read.
    pub fn keys_of(&self, field: &str) -> Option<&[String]> {
        self.states
            .as_ref()?
            .iter()
            .find(|f| f.name == field)
            .and_then(|f| f.keys.as_deref())
    }

    /// Whether the expression names `name`, as a variable or a function it calls.
    pub fn mentions(&self, name: &str) -> bool {
        self.variables.iter().chain(&self.functions).any(|n| n == name)
    }

    /// Whether the expression reads `$states.field` (or all of `$states`).
    pub fn reads_states_field(&self, field: &str) -> bool {
        self.states
            .as_ref()
            .is_none_or(|fields| fields.iter().any(|f| f.name == field))
    }

    fn node(&mut self, node: &AstNode, focus: Focus) {
        match node {
            AstNode::Variable(name) => match name.as_str() {
                "" => self.top_level_name(focus, "$"),
                "states" => self.states = None,
                _ => push_new(&mut self.variables, name),
            },
            AstNode::ParentVariable(name) if name.is_empty() => self.top_level_name(focus, "$$"),
            AstNode::Name(name) => self.top_level_name(focus, name),
            AstNode::Path { steps } => {
                for (i, step) in steps.iter().enumerate() {
                    // Only the first step reads the context the path starts from; later steps,
                    // filters and bindings read what the step before them produced.
                    let step_focus = if i == 0 { focus } else { Focus::Nested };
                    let states_field = match (i, &step.node, steps.get(1).map(|s| &s.node)) {
                        (0, AstNode::Variable(v), Some(AstNode::Name(field))) if v == "states" => Some(field),
                        _ => None,
                    };
                    match states_field {
                        Some(field) => self.states_path(field, steps),
                        None => self.node(&step.node, step_focus),
                    }
                    for stage in &step.stages {
                        if let Stage::Filter(filter) = stage {
                            self.node(filter, Focus::Nested);
                        }
                    }
                }
            }
            AstNode::Binary { lhs, rhs, .. } => {
                self.node(lhs, focus);
                self.node(rhs, focus);
            }
            AstNode::Unary { operand, .. } => self.node(operand, focus),
            AstNode::Function { name, args, .. } => {
                push_new(&mut self.functions, name);
                args.iter().for_each(|a| self.node(a, focus));
            }
            AstNode::Call { procedure, args } => {
                self.node(procedure, focus);
                args.iter().for_each(|a| self.node(a, focus));
            }
            // A lambda's body reads the context the lambda was defined in.
            AstNode::Lambda { body, .. } => self.node(body, focus),
            AstNode::Array(items) | AstNode::Block(items) => {
                items.iter().for_each(|item| self.node(item, focus))
            }
            AstNode::ArrayGroup(items) => items.iter().for_each(|item| self.node(item, Focus::Nested)),
            AstNode::Object(pairs) => pairs.iter().for_each(|(key, value)| {
                self.node(key, focus);
                self.node(value, focus);
            }),
            AstNode::ObjectTransform { input, pattern } => {
                self.node(input, focus);
                pattern.iter().for_each(|(key, value)| {
                    self.node(key, Focus::Nested);
                    self.node(value, Focus::Nested);
                });
            }
            AstNode::Conditional {
                condition,
                then_branch,
                else_branch,
            } => {
                self.node(condition, focus);
                self.node(then_branch, focus);
                if let Some(other) = else_branch {
                    self.node(other, focus);
                }
            }
            AstNode::FunctionApplication(body) => self.node(body, Focus::Nested),
            AstNode::Sort { input, terms } => {
                self.node(input, focus);
                terms.iter().for_each(|(term, _)| self.node(term, Focus::Nested));
            }
            // A transform is a function of the object it is applied to.
            AstNode::Transform {
                location,
                update,
                delete,
            } => {
                self.node(location, Focus::Nested);
                self.node(update, Focus::Nested);
                if let Some(delete) = delete {
                    self.node(delete, Focus::Nested);
                }
            }
            _ => {}
        }
    }

    /// Notes a `$states.field...` path: the field, and the key it reads below it (its third step).
    fn states_path(&mut self, field: &str, steps: &[jsonata_core::ast::PathStep]) {
        let Some(fields) = &mut self.states else {
            return;
        };
        let key = match (steps.get(1), steps.get(2).map(|s| &s.node)) {
            (Some(step), Some(AstNode::Name(key)))
                if step.stages.is_empty() && step.focus.is_none() && step.index_var.is_none() =>
            {
                Some(key)
            }
            _ => None,
        };
        let entry = match fields.iter().position(|f| f.name == field) {
            Some(i) => &mut fields[i],
            None => {
                fields.push(StatesField {
                    name: field.to_string(),
                    keys: Some(Vec::new()),
                });
                fields.last_mut().expect("just pushed")
            }
        };
        match (key, entry.keys.as_mut()) {
            (Some(key), Some(keys)) => push_new(keys, key),
            (None, _) => entry.keys = None,
            (Some(_), None) => {}
        }
    }

    fn top_level_name(&mut self, focus: Focus, name: &str) {
        if focus == Focus::TopLevel {
            push_new(&mut self.top_level, name);
        }
    }
}

/// Whether a node reads the expression's own context item or a value met on the way.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Focus {
    TopLevel,
    Nested,
}

fn push_new(list: &mut Vec<String>, name: &str) {
    if !list.iter().any(|n| n == name) {
        list.push(name.to_string());
    }
}
