//! Evaluating parsed expressions against items: conditions, updates and projections.

use super::attribute_value::{Attr, AttrMap, Number};
use super::expression::{Comparator, Condition, DocPath, Operand, SetValue, Step, Update, UpdateOperand};
use std::borrow::Cow;
use std::cmp::Ordering;

const MISSING_ATTRIBUTE: &str =
    "The provided expression refers to an attribute that does not exist in the item";
const WRONG_TYPE: &str = "An operand in the update expression has an incorrect data type";
const INVALID_PATH: &str = "The document path provided in the update expression is invalid for update";

/// The value at a document path.
pub(crate) fn get<'a>(item: &'a AttrMap, path: &DocPath) -> Option<&'a Attr> {
    let (first, rest) = path.0.split_first()?;
    let Step::Name(name) = first else {
        return None;
    };
    let mut current = item.get(name)?;
    for step in rest {
        current = match (step, current) {
            (Step::Name(name), Attr::M(map)) => map.get(name)?,
            (Step::Index(i), Attr::L(list)) => list.get(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

fn get_mut<'a>(item: &'a mut AttrMap, steps: &[Step]) -> Option<&'a mut Attr> {
    let (first, rest) = steps.split_first()?;
    let Step::Name(name) = first else {
        return None;
    };
    let mut current = item.get_mut(name)?;
    for step in rest {
        current = match (step, current) {
            (Step::Name(name), Attr::M(map)) => map.get_mut(name)?,
            (Step::Index(i), Attr::L(list)) => list.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

fn operand<'a>(item: &'a AttrMap, operand: &'a Operand) -> Option<Cow<'a, Attr>> {
    match operand {
        Operand::Path(path) => get(item, path).map(Cow::Borrowed),
        Operand::Value(value) => Some(Cow::Borrowed(value)),
        Operand::Size(path) => get(item, path)
            .and_then(Attr::size)
            .map(|n| Cow::Owned(Attr::N(Number::from_u64(n as u64)))),
    }
}

/// Whether an item (empty when there is none) satisfies a condition.
pub(crate) fn holds(condition: &Condition, item: &AttrMap) -> bool {
    match condition {
        Condition::Compare(left, comparator, right) => {
            let (a, b) = (operand(item, left), operand(item, right));
            match comparator {
                Comparator::Eq => matches!((&a, &b), (Some(a), Some(b)) if a == b),
                Comparator::Ne => !matches!((&a, &b), (Some(a), Some(b)) if a == b),
                ordering => {
                    let order = match (&a, &b) {
                        (Some(a), Some(b)) => a.order(b),
                        _ => None,
                    };
                    match (ordering, order) {
                        (_, None) => false,
                        (Comparator::Lt, Some(o)) => o == Ordering::Less,
                        (Comparator::Le, Some(o)) => o != Ordering::Greater,
                        (Comparator::Gt, Some(o)) => o == Ordering::Greater,
                        (_, Some(o)) => o != Ordering::Less,
                    }
                }
            }
        }
        Condition::Between(value, low, high) => {
            match (operand(item, value), operand(item, low), operand(item, high)) {
                (Some(v), Some(l), Some(h)) => {
                    matches!(v.order(&l), Some(Ordering::Greater | Ordering::Equal))
                        && matches!(v.order(&h), Some(Ordering::Less | Ordering::Equal))
                }
                _ => false,
            }
        }
        Condition::In(value, list) => match operand(item, value) {
            Some(v) => list.iter().any(|o| operand(item, o).is_some_and(|x| x == v)),
            None => false,
        },
        Condition::Exists(path) => get(item, path).is_some(),
        Condition::NotExists(path) => get(item, path).is_none(),
        Condition::Type(path, kind) => match (get(item, path), operand(item, kind)) {
            (Some(value), Some(kind)) => matches!(kind.as_ref(), Attr::S(t) if t == value.type_name()),
            _ => false,
        },
        Condition::BeginsWith(value, prefix) => match (operand(item, value), operand(item, prefix)) {
            (Some(v), Some(p)) => match (v.as_ref(), p.as_ref()) {
                (Attr::S(s), Attr::S(p)) => s.starts_with(p.as_str()),
                (Attr::B(b), Attr::B(p)) => b.starts_with(p),
                _ => false,
            },
            _ => false,
        },
        Condition::Contains(value, member) => match (operand(item, value), operand(item, member)) {
            (Some(v), Some(m)) => match (v.as_ref(), m.as_ref()) {
                (Attr::S(s), Attr::S(m)) => s.contains(m.as_str()),
                (Attr::Ss(set), Attr::S(m)) => set.contains(m),
                (Attr::Ns(set), Attr::N(m)) => set.contains(m),
                (Attr::Bs(set), Attr::B(m)) => set.contains(m),
                (Attr::L(list), m) => list.contains(m),
                _ => false,
            },
            _ => false,
        },
        Condition::And(a, b) => holds(a, item) && holds(b, item),
        Condition::Or(a, b) => holds(a, item) || holds(b, item),
        Condition::Not(a) => !holds(a, item),
    }
}

fn update_operand(item: &AttrMap, operand: &UpdateOperand) -> Result<Attr, String> {
    match operand {
        UpdateOperand::Path(path) => get(item, path)
            .cloned()
            .ok_or_else(|| MISSING_ATTRIBUTE.to_string()),
        UpdateOperand::Value(value) => Ok(value.clone()),
        UpdateOperand::IfNotExists(path, fallback) => match get(item, path) {
            Some(value) => Ok(value.clone()),
            None => update_operand(item, fallback),
        },
        UpdateOperand::ListAppend(a, b) => match (update_operand(item, a)?, update_operand(item, b)?) {
            (Attr::L(mut a), Attr::L(b)) => {
                a.extend(b);
                Ok(Attr::L(a))
            }
            _ => Err(WRONG_TYPE.into()),
        },
    }
}

fn set_value(item: &AttrMap, value: &SetValue) -> Result<Attr, String> {
    let arithmetic = |a: &UpdateOperand, b: &UpdateOperand, plus: bool| -> Result<Attr, String> {
        match (update_operand(item, a)?, update_operand(item, b)?) {
            (Attr::N(a), Attr::N(b)) => {
                let result = if plus { a.add(&b) } else { a.subtract(&b) };
                result.check()?;
                Ok(Attr::N(result))
            }
            _ => Err(WRONG_TYPE.into()),
        }
    };
    match value {
        SetValue::Operand(operand) => update_operand(item, operand),
        SetValue::Plus(a, b) => arithmetic(a, b, true),
        SetValue::Minus(a, b) => arithmetic(a, b, false),
    }
}

/// Writes a value at a path whose parent exists (a list index past the end appends).
fn set_path(item: &mut AttrMap, path: &DocPath, value: Attr) -> Result<(), String> {
    let Some((last, parent)) = path.0.split_last() else {
        return Err(INVALID_PATH.into());
    };
    if parent.is_empty() {
        return match last {
            Step::Name(name) => {
                item.insert(name.clone(), value);
                Ok(())
            }
            Step::Index(_) => Err(INVALID_PATH.into()),
        };
    }
    match (get_mut(item, parent), last) {
        (Some(Attr::M(map)), Step::Name(name)) => {
            map.insert(name.clone(), value);
            Ok(())
        }
        (Some(Attr::L(list)), Step::Index(i)) => {
            match list.get_mut(*i) {
                Some(slot) => *slot = value,
                None => list.push(value),
            }
            Ok(())
        }
        _ => Err(INVALID_PATH.into()),
    }
}

fn remove_path(item: &mut AttrMap, path: &DocPath) {
    let Some((last, parent)) = path.0.split_last() else {
        return;
    };
    if parent.is_empty() {
        if let Step::Name(name) = last {
            item.remove(name);
        }
        return;
    }
    match (get_mut(item, parent), last) {
        (Some(Attr::M(map)), Step::Name(name)) => {
            map.remove(name);
        }
        (Some(Attr::L(list)), Step::Index(i)) if *i < list.len() => {
            list.remove(*i);
        }
        _ => {}
    }
}

/// Applies an update to an item. Every value is computed from the item as it was
/// before the update, as DynamoDB does; key attributes cannot change.
pub(crate) fn apply(update: &Update, item: &AttrMap, key_names: &[&str]) -> Result<AttrMap, String> {
    for path in update.paths() {
        if let Some(key) = path.top().filter(|top| key_names.contains(top)) {
            return Err(format!(
                "One or more parameter values were invalid: Cannot update attribute {key}. This attribute is part of the key"
            ));
        }
    }
    let values: Vec<Attr> = update
        .set
        .iter()
        .map(|(_, value)| set_value(item, value))
        .collect::<Result<_, _>>()?;
    let mut new = item.clone();
    for ((path, _), value) in update.set.iter().zip(values) {
        set_path(&mut new, path, value)?;
    }
    // Later list indexes first, so that each index names the element it named before.
    let mut removals: Vec<&DocPath> = update.remove.iter().collect();
    removals.sort_by(|a, b| b.cmp(a));
    for path in removals {
        remove_path(&mut new, path);
    }
    for (path, value) in &update.add {
        let combined = match (get(&new, path), value) {
            (None, value) => value.clone(),
            (Some(Attr::N(a)), Attr::N(b)) => {
                let sum = a.add(b);
                sum.check()?;
                Attr::N(sum)
            }
            (Some(Attr::Ss(a)), Attr::Ss(b)) => Attr::Ss(union(a, b)),
            (Some(Attr::Ns(a)), Attr::Ns(b)) => Attr::Ns(union(a, b)),
            (Some(Attr::Bs(a)), Attr::Bs(b)) => Attr::Bs(union(a, b)),
            _ => return Err(WRONG_TYPE.into()),
        };
        set_path(&mut new, path, combined)?;
    }
    for (path, value) in &update.delete {
        let remaining = match (get(&new, path), value) {
            (None, _) => continue,
            (Some(Attr::Ss(a)), Attr::Ss(b)) => difference(a, b).map(Attr::Ss),
            (Some(Attr::Ns(a)), Attr::Ns(b)) => difference(a, b).map(Attr::Ns),
            (Some(Attr::Bs(a)), Attr::Bs(b)) => difference(a, b).map(Attr::Bs),
            _ => return Err(WRONG_TYPE.into()),
        };
        match remaining {
            Some(set) => set_path(&mut new, path, set)?,
            None => remove_path(&mut new, path),
        }
    }
    Ok(new)
}

fn union<T: Clone + PartialEq>(a: &[T], b: &[T]) -> Vec<T> {
    let mut out = a.to_vec();
    for x in b {
        if !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// What is left of a set, or `None` when nothing is (DynamoDB then removes the attribute).
fn difference<T: Clone + PartialEq>(a: &[T], b: &[T]) -> Option<Vec<T>> {
    let rest: Vec<T> = a.iter().filter(|x| !b.contains(x)).cloned().collect();
    (!rest.is_empty()).then_some(rest)
}

/// The parts of an item that the paths name, nested as in the item (list elements compacted).
pub(crate) fn project(item: &AttrMap, paths: &[&DocPath]) -> AttrMap {
    let mut out = AttrMap::default();
    for path in paths {
        if let Some(value) = get(item, path) {
            insert_projected(&mut out, &path.0, value.clone());
        }
    }
    out
}

fn insert_projected(out: &mut AttrMap, steps: &[Step], value: Attr) {
    let Some((Step::Name(name), rest)) = steps.split_first() else {
        return;
    };
    if rest.is_empty() {
        out.insert(name.clone(), value);
        return;
    }
    let slot = match (out.get(name), &rest[0]) {
        (Some(Attr::M(_)), Step::Name(_)) | (Some(Attr::L(_)), Step::Index(_)) => out.get_mut(name),
        (_, Step::Name(_)) => {
            out.insert(name.clone(), Attr::M(AttrMap::default()));
            out.get_mut(name)
        }
        (_, Step::Index(_)) => {
            out.insert(name.clone(), Attr::L(Vec::new()));
            out.get_mut(name)
        }
    };
    if let Some(slot) = slot {
        insert_into(slot, rest, value);
    }
}

fn insert_into(container: &mut Attr, steps: &[Step], value: Attr) {
    match container {
        Attr::M(map) => insert_projected(map, steps, value),
        Attr::L(list) => {
            let rest = &steps[1..];
            if rest.is_empty() {
                list.push(value);
                return;
            }
            let mut element = match rest[0] {
                Step::Name(_) => Attr::M(AttrMap::default()),
                Step::Index(_) => Attr::L(Vec::new()),
            };
            insert_into(&mut element, rest, value);
            list.push(element);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::expression::{parse_condition, parse_update, Kind, Substitutions};
    use super::*;
    use serde_json::{json, Value};

    fn item(value: Value) -> AttrMap {
        AttrMap::from_json(value.as_object().unwrap()).unwrap()
    }

    fn check(text: &str, values: Value, on: &AttrMap) -> bool {
        let mut subs = Substitutions::read(None, Some(&values)).unwrap();
        holds(&parse_condition(text, Kind::Condition, &mut subs).unwrap(), on)
    }

    fn update(text: &str, values: Value, on: &AttrMap) -> Result<AttrMap, String> {
        let mut subs = Substitutions::read(None, Some(&values)).unwrap();
        apply(&parse_update(text, &mut subs)?, on, &["id"])
    }

    #[test]
    fn conditions_compare_like_dynamodb() {
        let it = item(
            json!({"id": {"S": "a"}, "qty": {"N": "5"}, "tags": {"SS": ["x", "y"]},
                             "parts": {"L": [{"S": "p"}, {"S": "q"}]}, "title": {"S": "apple pie"}}),
        );
        let v = json!({":three": {"N": "3"}, ":five": {"N": "5.0"}, ":x": {"S": "x"}, ":app": {"S": "app"},
                       ":two": {"N": "2"}, ":q": {"S": "q"}});
        assert!(check("qty > :three AND qty = :five", v.clone(), &it));
        assert!(check("qty BETWEEN :three AND :five", v.clone(), &it));
        assert!(check(
            "contains(tags, :x) AND contains(parts, :q)",
            v.clone(),
            &it
        ));
        assert!(check(
            "begins_with(title, :app) AND size(parts) = :two",
            v.clone(),
            &it
        ));
        assert!(!check("qty < :x", v.clone(), &it), "different types never order");
        assert!(check("absent <> :x AND NOT (absent = :x)", v.clone(), &it));
        assert!(check(
            "attribute_exists(parts[1]) AND attribute_not_exists(parts[2])",
            v.clone(),
            &it
        ));
        assert!(check("qty IN (:two, :five) OR qty = :three", v, &it));
    }

    #[test]
    fn updates_apply_set_remove_add_delete() {
        let it = item(
            json!({"id": {"S": "a"}, "qty": {"N": "5"}, "tags": {"SS": ["x", "y"]},
                             "parts": {"L": [{"S": "p"}, {"S": "q"}, {"S": "r"}]}, "m": {"M": {"k": {"N": "1"}}}}),
        );
        let v = json!({":one": {"N": "1"}, ":zero": {"N": "0"}, ":x": {"SS": ["x"]}, ":z": {"SS": ["z"]},
                       ":l": {"L": [{"S": "s"}]}});
        let new = update(
            "SET qty = qty - :one, hits = if_not_exists(hits, :zero) + :one, parts = list_append(parts, :l), m.k2 = :one \
             REMOVE parts[0] ADD tags :z DELETE tags :x",
            v.clone(),
            &it,
        );
        // parts is both SET and REMOVEd: DynamoDB rejects overlapping paths.
        assert!(new.unwrap_err().contains("overlap"));
        let new = update(
            "SET qty = qty - :one, hits = if_not_exists(hits, :zero) + :one, m.k2 = :one \
             REMOVE parts[0], parts[2] ADD tags :z",
            v.clone(),
            &it,
        )
        .unwrap();
        assert_eq!(
            new.to_json(),
            json!({"id": {"S": "a"}, "qty": {"N": "4"}, "tags": {"SS": ["x", "y", "z"]},
                   "parts": {"L": [{"S": "q"}]}, "m": {"M": {"k": {"N": "1"}, "k2": {"N": "1"}}}, "hits": {"N": "1"}})
        );
        assert!(update("SET id = :one", v.clone(), &it)
            .unwrap_err()
            .contains("part of the key"));
        assert_eq!(
            update("SET qty = nope + :one", v.clone(), &it).unwrap_err(),
            MISSING_ATTRIBUTE
        );
        assert_eq!(
            update("SET a.b = :one", v.clone(), &it).unwrap_err(),
            INVALID_PATH
        );
        assert_eq!(update("ADD tags :one", v, &it).unwrap_err(), WRONG_TYPE);
    }

    #[test]
    fn projections_keep_the_shape() {
        let it = item(
            json!({"id": {"S": "a"}, "m": {"M": {"k": {"N": "1"}, "j": {"N": "2"}}},
                             "l": {"L": [{"S": "p"}, {"S": "q"}]}}),
        );
        let a = DocPath(vec![Step::Name("m".into()), Step::Name("k".into())]);
        let b = DocPath(vec![Step::Name("l".into()), Step::Index(1)]);
        let c = DocPath(vec![Step::Name("nope".into())]);
        assert_eq!(
            project(&it, &[&a, &b, &c]).to_json(),
            json!({"m": {"M": {"k": {"N": "1"}}}, "l": {"L": [{"S": "q"}]}})
        );
    }
}
