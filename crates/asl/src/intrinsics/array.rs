//! The array intrinsics: ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength and ArrayUnique.

use super::arguments::{Args, Failure};
use super::java;
use serde_json::Value;
use std::collections::HashMap;

/// AWS's cap on the items States.ArrayRange may make.
pub const MAX_RANGE_ITEMS: i64 = 1000;

/// `States.ArrayPartition(array, size)`: chunks of `size`, the last maybe shorter.
pub fn partition(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(2)?;
    let items = args.array(0)?;
    let size = args.truncated_int(1)?;
    if size < 1 {
        return Err(args.invalid());
    }
    Ok(Value::Array(
        items
            .chunks(size as usize)
            .map(|chunk| Value::Array(chunk.to_vec()))
            .collect(),
    ))
}

/// `States.ArrayContains(array, value)`. AWS compares the Java text of the
/// values (the recordings' mirror cases show `true` matching `"true"` and
/// `{a:1, b:2}` not matching `{b:2, a:1}`), so that is what is compared here.
pub fn contains(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(2)?;
    let items = args.array(0)?;
    let wanted = args.deep(java::to_java_string(args.value(1)?))?;
    for item in items {
        if args.deep(java::to_java_string(item))? == wanted {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// `States.ArrayRange(start, end, step)`: both ends included, at most 1000 items.
pub fn range(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(3)?;
    let start = i64::from(args.truncated_int(0)?);
    let end = i64::from(args.truncated_int(1)?);
    let step = i64::from(args.truncated_int(2)?);
    if step == 0 {
        return Err(args.invalid());
    }
    // Count before building, so a huge range costs nothing.
    let count = if (step > 0 && end < start) || (step < 0 && end > start) {
        0
    } else {
        (end - start) / step + 1
    };
    if count > MAX_RANGE_ITEMS {
        return Err(args.invalid());
    }
    Ok(Value::Array(
        (0..count).map(|i| Value::from(start + i * step)).collect(),
    ))
}

/// `States.ArrayGetItem(array, index)`. AWS gives null for any index into an
/// empty array, and refuses an out-of-range index otherwise.
pub fn get_item(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(2)?;
    let items = args.array(0)?;
    let index = args.truncated_int(1)?;
    if items.is_empty() {
        return Ok(Value::Null);
    }
    usize::try_from(index)
        .ok()
        .and_then(|i| items.get(i))
        .cloned()
        .ok_or_else(|| args.invalid())
}

/// `States.ArrayLength(array)`.
pub fn length(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(1)?;
    Ok(Value::from(args.array(0)?.len()))
}

/// `States.ArrayUnique(array)`. AWS builds a Java `HashSet` from the array, so
/// the result comes in hash-bucket order, not first-seen order (it answers
/// `[false, true]` for `[true, false, true]`); this reproduces that order.
pub fn unique(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(1)?;
    let items = args.array(0)?;
    let mut kept: Vec<(i32, &Value)> = Vec::new();
    // Equal values have equal hashes, so only same-hash values are compared.
    let mut by_hash: HashMap<i32, Vec<&Value>> = HashMap::new();
    for item in items {
        let hash = args.deep(java::hash_code(item))?;
        let same_hash = by_hash.entry(hash).or_default();
        if same_hash.contains(&item) {
            continue;
        }
        same_hash.push(item);
        kept.push((hash, item));
    }
    // `new HashSet<>(collection)` sizes its table from the whole input:
    // max(size / 0.75 + 1, 16), rounded up to a power of two.
    let wanted = ((items.len() as f64 / 0.75) as usize + 1).max(16);
    let buckets = wanted.checked_next_power_of_two().unwrap_or(1 << 30).min(1 << 30);
    let bucket = |hash: i32| {
        let spread = hash ^ ((hash as u32) >> 16) as i32;
        (spread as u32 as usize) & (buckets - 1)
    };
    // A stable sort keeps insertion order within a bucket, as HashMap does.
    kept.sort_by_key(|(hash, _)| bucket(*hash));
    Ok(Value::Array(kept.into_iter().map(|(_, v)| v.clone()).collect()))
}
