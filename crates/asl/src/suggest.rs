//! "Did you mean ...?": the known name nearest to a misspelt one.

/// The candidate nearest to `word` by edit distance (ignoring case), if it is within
/// `tolerance(candidate)` edits and so probably what was meant.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    tolerance: impl Fn(&str) -> usize,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(distance, c)| *distance <= tolerance(c))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// Levenshtein distance between two short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest("retrns", ["returns", "throws"], |_| 2), Some("returns"));
        assert_eq!(closest("xyz", ["returns", "throws"], |_| 2), None);
        assert_eq!(
            closest("STRINGEQUALS", ["StringEquals"], |_| 0),
            Some("StringEquals")
        );
    }
}
