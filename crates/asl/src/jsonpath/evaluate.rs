//! Evaluating parsed steps against a document, with Jayway's results and messages.

use super::{normalized, PathNotFound, Segment};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::cell::Cell;

/// How many values one evaluation may visit before it gives up. Paths such as
/// `$..*..*..*` grow with the power of the document's size; this keeps them finite.
const WORK_LIMIT: usize = 5_000_000;

/// The work left to one evaluation, shared by its filters.
pub(super) struct Budget {
    left: Cell<usize>,
}

impl Budget {
    pub(super) fn new() -> Budget {
        Budget {
            left: Cell::new(WORK_LIMIT),
        }
    }

    /// Takes `n` units; false once the budget is spent.
    fn spend(&self, n: usize) -> bool {
        let left = self.left.get();
        self.left.set(left.saturating_sub(n));
        left >= n
    }

    pub(super) fn exhausted(&self) -> bool {
        self.left.get() == 0
    }
}

/// How many values the matches of one evaluation may hold in all, counted node by node. A deep
/// scan over a small document can match the same deep values many times over (`$..a..a..a` over
/// 60 levels matches ~36,000 subtrees of up to 60 levels): the visits are cheap, the copies are not.
pub(super) const COPY_LIMIT: usize = 1_000_000;

/// Whether copying `found` stays within [`COPY_LIMIT`] nodes (counted without copying, and only
/// until the limit is reached).
pub(super) fn copies_fit(found: &[Cow<'_, Value>]) -> bool {
    let mut left = COPY_LIMIT;
    let mut stack: Vec<&Value> = found.iter().map(|v| v.as_ref()).collect();
    while let Some(value) = stack.pop() {
        if left == 0 {
            return false;
        }
        left -= 1;
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    true
}

/// A definite path: the one value it names, or Jayway's reason it names none.
pub(super) fn definite<'v>(
    segments: &[Segment],
    document: &'v Value,
    budget: &Budget,
) -> Result<Cow<'v, Value>, PathNotFound> {
    let mut current = document;
    for (i, segment) in segments.iter().enumerate() {
        budget.spend(1);
        let last = i + 1 == segments.len();
        let found = match (segment, current) {
            (Segment::Field(name), Value::Object(map)) => member(map, name),
            (Segment::Index(index), Value::Array(items)) => {
                resolve_index(*index, items.len()).and_then(|i| items.get(i))
            }
            (Segment::Fields(names), Value::Object(map)) if last => {
                return Ok(Cow::Owned(merge(names, map)));
            }
            _ => None,
        };
        match found {
            Some(value) => current = value,
            None => return Err(missing(segments, i)),
        }
    }
    Ok(Cow::Borrowed(current))
}

/// Jayway's message for a definite path whose step `i` found nothing: a missing
/// member on the way is named, anything else reports the whole path.
fn missing(segments: &[Segment], i: usize) -> PathNotFound {
    let last = i + 1 == segments.len();
    let message = match &segments[i] {
        Segment::Field(_) if !last => format!("Missing property in path {}", normalized(&segments[..=i])),
        _ => format!("No results for path: {}", normalized(segments)),
    };
    PathNotFound {
        message,
        limit: false,
    }
}

/// An indefinite path: every match, in Jayway's order. Missing values are
/// skipped; the only failure is a multi-name step that is not the last.
pub(super) fn indefinite<'v>(
    segments: &[Segment],
    document: &'v Value,
    budget: &Budget,
) -> Result<Vec<Cow<'v, Value>>, PathNotFound> {
    walk(segments, document, Mode::Lenient, budget)
}

/// Jayway's existence check for an indefinite path: false when a step meets an
/// object without the member it names.
pub(super) fn indefinite_exists(segments: &[Segment], document: &Value, budget: &Budget) -> bool {
    walk(segments, document, Mode::RequireMembers, budget).is_ok()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Lenient,
    RequireMembers,
}

fn walk<'v>(
    segments: &[Segment],
    document: &'v Value,
    mode: Mode,
    budget: &Budget,
) -> Result<Vec<Cow<'v, Value>>, PathNotFound> {
    let mut current: Vec<&'v Value> = vec![document];
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let mut next: Vec<Cow<'v, Value>> = Vec::new();
        let mut context = Step {
            segments: &segments[..=i],
            last,
            mode,
            budget,
            out: &mut next,
        };
        for value in &current {
            if budget.exhausted() {
                return Ok(Vec::new());
            }
            context.apply(segment, value)?;
        }
        if last {
            return Ok(next);
        }
        // Only a final step builds new values (a merge); the others borrow.
        current = next
            .into_iter()
            .filter_map(|v| match v {
                Cow::Borrowed(v) => Some(v),
                Cow::Owned(_) => None,
            })
            .collect();
    }
    Ok(current.into_iter().map(Cow::Borrowed).collect())
}

/// One step applied to the values the previous steps found.
struct Step<'a, 'v> {
    /// The steps so far, this one included (for messages).
    segments: &'a [Segment],
    last: bool,
    mode: Mode,
    budget: &'a Budget,
    out: &'a mut Vec<Cow<'v, Value>>,
}

impl<'v> Step<'_, 'v> {
    fn push(&mut self, value: &'v Value) {
        if self.budget.spend(1) {
            self.out.push(Cow::Borrowed(value));
        }
    }

    fn apply(&mut self, segment: &Segment, value: &'v Value) -> Result<(), PathNotFound> {
        match segment {
            Segment::Field(name) => self.field(name, value)?,
            Segment::Fields(names) => {
                if let Value::Object(map) = value {
                    if !self.last {
                        return Err(PathNotFound {
                            message: format!(
                                "Multi properties can only be used as path leafs: {}",
                                normalized(self.segments)
                            ),
                            limit: false,
                        });
                    }
                    if self.mode == Mode::RequireMembers && !names.iter().all(|n| map.contains_key(n)) {
                        return Err(self.absent());
                    }
                    if self.budget.spend(names.len()) {
                        self.out.push(Cow::Owned(merge(names, map)));
                    }
                }
            }
            Segment::Index(index) => self.indexes(std::slice::from_ref(index), value),
            Segment::Indexes(indexes) => self.indexes(indexes, value),
            Segment::Wildcard => match value {
                Value::Object(map) => map.values().for_each(|v| self.push(v)),
                Value::Array(items) => items.iter().for_each(|v| self.push(v)),
                _ => {}
            },
            Segment::Slice { start, end, .. } => {
                if let Value::Array(items) = value {
                    for i in slice_indexes(*start, *end, items.len()) {
                        self.push(&items[i]);
                    }
                }
            }
            Segment::Filter(filter) => match value {
                // Jayway tests an object itself.
                Value::Object(_) if filter.accepts(value, self.budget) => self.push(value),
                Value::Array(items) => {
                    for item in items {
                        if filter.accepts(item, self.budget) {
                            self.push(item);
                        }
                    }
                }
                _ => {}
            },
            // Step Functions does not evaluate path functions: nothing is found.
            Segment::Function(_) => {}
            Segment::Descendant(name) => self.scan(Target::Name(name), value)?,
            Segment::DescendantWildcard => self.scan(Target::Step(&Segment::Wildcard), value)?,
            Segment::DescendantSegment(inner) => self.scan(Target::Step(inner), value)?,
        }
        Ok(())
    }

    fn field(&mut self, name: &str, value: &'v Value) -> Result<(), PathNotFound> {
        if let Value::Object(map) = value {
            match member(map, name) {
                Some(found) => self.push(found),
                None if self.mode == Mode::RequireMembers => return Err(self.absent()),
                None => {}
            }
        }
        Ok(())
    }

    fn absent(&self) -> PathNotFound {
        PathNotFound {
            message: format!("Missing property in path {}", normalized(self.segments)),
            limit: false,
        }
    }

    fn indexes(&mut self, indexes: &[i64], value: &'v Value) {
        if let Value::Array(items) = value {
            for index in indexes {
                if let Some(i) = resolve_index(*index, items.len()) {
                    self.push(&items[i]);
                }
            }
        }
    }

    /// Jayway's deep scan: every object and array below `start`, itself
    /// included, parents first. A matching object gets the target step; a
    /// matching array gets it when it ends the path, and otherwise hands its
    /// elements straight to the next step (Jayway skips the target there, so
    /// `$..[0].a` reads `a` from every element of every array).
    fn scan(&mut self, target: Target, start: &'v Value) -> Result<(), PathNotFound> {
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            if !self.budget.spend(1) {
                return Ok(());
            }
            match node {
                Value::Object(map) => {
                    if target.matches(node, self.last, self.budget) {
                        match target {
                            Target::Name(name) => self.field(name, node)?,
                            Target::Step(step) => self.apply(step, node)?,
                        }
                    }
                    stack.extend(map.values().rev());
                }
                Value::Array(items) => {
                    if target.matches(node, self.last, self.budget) {
                        match target {
                            Target::Step(step) if self.last => self.apply(step, node)?,
                            _ => items.iter().for_each(|v| self.push(v)),
                        }
                    }
                    stack.extend(items.iter().rev());
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// What a deep scan looks for.
#[derive(Clone, Copy)]
enum Target<'s> {
    Name(&'s str),
    Step(&'s Segment),
}

impl Target<'_> {
    /// Jayway's scan predicates: which nodes the target step is applied to.
    fn matches(&self, node: &Value, last: bool, budget: &Budget) -> bool {
        match self {
            Target::Name(name) => node.as_object().is_some_and(|m| m.contains_key(*name)),
            Target::Step(step) => match step {
                Segment::Field(name) => node.as_object().is_some_and(|m| m.contains_key(name)),
                Segment::Fields(names) if last => node
                    .as_object()
                    .is_some_and(|m| names.iter().all(|n| m.contains_key(n))),
                Segment::Fields(_) => node.is_object(),
                Segment::Index(_) | Segment::Indexes(_) | Segment::Slice { .. } => node.is_array(),
                Segment::Wildcard => true,
                Segment::Filter(filter) => filter.accepts(node, budget),
                _ => false,
            },
        }
    }
}

/// The members of an object that `['a','b']` names, in the order written.
fn merge(names: &[String], map: &Map<String, Value>) -> Value {
    let mut merged = Map::new();
    for name in names {
        if let Some(value) = map.get(name) {
            merged.insert(name.clone(), value.clone());
        }
    }
    Value::Object(merged)
}

/// Most objects in a state's JSON have a handful of members, for which comparing the names in
/// order is cheaper than hashing the one looked for (serde_json's maps hash with SipHash).
const SCANNED_MEMBERS: usize = 8;

/// An object's member by name.
pub(crate) fn member<'v>(map: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    if map.len() <= SCANNED_MEMBERS {
        // Names are unique in a map: the first match is the member.
        map.iter().find_map(|(key, value)| (key == name).then_some(value))
    } else {
        map.get(name)
    }
}

fn resolve_index(index: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let resolved = if index < 0 { len + index } else { index };
    (0..len).contains(&resolved).then_some(resolved as usize)
}

/// The indexes Jayway's slice visits, in order. `[from:]` and `[:to]` count
/// negative bounds from the end; `[from:to]` does not adjust its bounds and
/// resolves each index it walks through, so `[-2:2]` on `[a, b, c]` gives `b, c, a, b`
/// and `[1:-1]` gives nothing.
fn slice_indexes(start: Option<i64>, end: Option<i64>, len: usize) -> Vec<usize> {
    let Ok(len) = i64::try_from(len) else {
        return Vec::new();
    };
    let range = |from: i64, to: i64| (from.max(0)..to.min(len)).map(|i| i as usize);
    match (start, end) {
        (Some(from), None) => {
            let from = if from < 0 { len + from } else { from };
            range(from, len).collect()
        }
        (None, Some(to)) => {
            let to = if to < 0 { len + to } else { to };
            range(0, to).collect()
        }
        (Some(from), Some(to)) => {
            let to = to.min(len);
            if from >= to || len == 0 {
                return Vec::new();
            }
            // Negative indexes first (from `len + from`), then the others.
            let negatives = range(len + from, len + to.min(0));
            let positives = range(from, to);
            negatives.chain(positives).collect()
        }
        (None, None) => (0..len).map(|i| i as usize).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_follow_jayway() {
        assert_eq!(slice_indexes(Some(1), None, 3), vec![1, 2]);
        assert_eq!(slice_indexes(Some(-2), None, 3), vec![1, 2]);
        assert_eq!(slice_indexes(Some(-10), None, 3), vec![0, 1, 2]);
        assert_eq!(slice_indexes(Some(5), None, 3), Vec::<usize>::new());
        assert_eq!(slice_indexes(None, Some(2), 3), vec![0, 1]);
        assert_eq!(slice_indexes(None, Some(-1), 3), vec![0, 1]);
        assert_eq!(slice_indexes(None, Some(-5), 3), Vec::<usize>::new());
        assert_eq!(slice_indexes(None, Some(99), 3), vec![0, 1, 2]);
        assert_eq!(slice_indexes(Some(0), Some(2), 3), vec![0, 1]);
        assert_eq!(slice_indexes(Some(1), Some(-1), 3), Vec::<usize>::new());
        assert_eq!(slice_indexes(Some(-2), Some(2), 3), vec![1, 2, 0, 1]);
        assert_eq!(slice_indexes(Some(-3), Some(-1), 3), vec![0, 1]);
        assert_eq!(slice_indexes(Some(-10), Some(1), 3), vec![0, 1, 2, 0]);
        assert_eq!(
            slice_indexes(Some(i64::from(i32::MIN)), Some(i64::from(i32::MAX)), 2),
            vec![0, 1, 0, 1]
        );
        assert_eq!(slice_indexes(Some(0), Some(2), 0), Vec::<usize>::new());
    }

    #[test]
    fn indexes_count_from_the_end() {
        assert_eq!(resolve_index(-1, 3), Some(2));
        assert_eq!(resolve_index(-4, 3), None);
        assert_eq!(resolve_index(3, 3), None);
        assert_eq!(resolve_index(i64::MIN, 3), None);
    }
}
