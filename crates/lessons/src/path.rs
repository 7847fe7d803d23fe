//! Where an execution's path left the expected one: the first state that differs, and the
//! path both shared up to there, in words a learner can follow.

/// The first place two paths differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Divergence {
    /// The index (0-based) of the first state that differs.
    pub index: usize,
}

/// Where `actual` leaves `expected`, or `None` when they are the same path.
pub fn divergence(expected: &[String], actual: &[&str]) -> Option<Divergence> {
    let shared = expected
        .iter()
        .zip(actual)
        .take_while(|(want, have)| want.as_str() == **have)
        .count();
    (shared < expected.len() || shared < actual.len()).then_some(Divergence { index: shared })
}

impl Divergence {
    /// "after Start Backup → Backup Successful?, the execution entered `Backup Success!` where `Yes`
    /// was expected (expected: ...; actual: ...)".
    pub fn explain(&self, expected: &[String], actual: &[&str]) -> String {
        let i = self.index;
        let before = if i == 0 {
            "at the start".to_string()
        } else {
            format!("after {}", actual[..i].join(" → "))
        };
        let what = match (expected.get(i), actual.get(i)) {
            (Some(want), Some(have)) => format!("the execution entered `{have}` where `{want}` was expected"),
            (Some(want), None) => format!("the execution stopped where `{want}` was expected next"),
            (None, Some(have)) => format!("the execution went on to `{have}` where it should have ended"),
            (None, None) => "the paths differ".to_string(),
        };
        format!(
            "the path left the expected one {before}: {what} (expected {}; actual {})",
            path_text(expected.iter().map(String::as_str)),
            path_text(actual.iter().copied())
        )
    }
}

fn path_text<'a>(states: impl Iterator<Item = &'a str>) -> String {
    let joined: Vec<&str> = states.collect();
    if joined.is_empty() {
        "no state".to_string()
    } else {
        joined.join(" → ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_same_path_does_not_diverge() {
        assert_eq!(divergence(&names(&["A", "B"]), &["A", "B"]), None);
    }

    #[test]
    fn a_different_state_is_named_with_the_shared_path() {
        let expected = names(&["Start", "Check", "Yes", "Wait", "Done"]);
        let actual = ["Start", "Check", "No"];
        let found = divergence(&expected, &actual).expect("they differ");
        assert_eq!(found.index, 2);
        assert_eq!(
            found.explain(&expected, &actual),
            "the path left the expected one after Start → Check: the execution entered `No` where `Yes` was \
             expected (expected Start → Check → Yes → Wait → Done; actual Start → Check → No)"
        );
    }

    #[test]
    fn a_path_that_stops_early_or_runs_on_says_so() {
        let expected = names(&["A", "B"]);
        let short = divergence(&expected, &["A"]).expect("shorter");
        assert!(short
            .explain(&expected, &["A"])
            .contains("stopped where `B` was expected next"));
        let long = divergence(&expected, &["A", "B", "C"]).expect("longer");
        assert_eq!(long.index, 2);
        assert!(long
            .explain(&expected, &["A", "B", "C"])
            .contains("went on to `C` where it should have ended"));
        let first = divergence(&expected, &["X"]).expect("differs at once");
        assert!(first
            .explain(&expected, &["X"])
            .starts_with("the path left the expected one at the start"));
    }
}
