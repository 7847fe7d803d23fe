//! A verdict in short, as the lab keeps it and progress files carry it: each rule's and check's
//! title, whether it held and its problems in words; never the executions, which are large.

use lessons::Verdict;
use serde::{Deserialize, Serialize};

/// The verdict of a Run, in short.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictSummary {
    /// Whether the lesson was passed by that Run.
    pub passed: bool,
    /// When the definition did not load: its problems (nothing ran).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid: Vec<String>,
    /// The lesson's rules about the definition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<CheckSummary>,
    /// The lesson's checks (runs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckSummary>,
}

/// One rule or check, in short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckSummary {
    /// Its title (a check's) or its description (a rule's).
    pub title: String,
    /// Whether it held.
    pub passed: bool,
    /// What did not hold, one sentence each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl From<&Verdict> for VerdictSummary {
    fn from(verdict: &Verdict) -> VerdictSummary {
        match verdict {
            Verdict::Invalid(error) => VerdictSummary {
                passed: false,
                invalid: error.diagnostics.iter().map(ToString::to_string).collect(),
                ..VerdictSummary::default()
            },
            Verdict::Ran(report) => VerdictSummary {
                passed: verdict.passed(),
                invalid: Vec::new(),
                rules: report
                    .rules
                    .iter()
                    .map(|r| CheckSummary {
                        title: r.description.clone(),
                        passed: r.passed,
                        problems: r.problem.iter().cloned().collect(),
                    })
                    .collect(),
                checks: report
                    .checks
                    .iter()
                    .map(|c| CheckSummary {
                        title: c.title.clone(),
                        passed: c.passed,
                        problems: c.problems.clone(),
                    })
                    .collect(),
            },
        }
    }
}

impl VerdictSummary {
    /// How many rules and checks failed, of how many.
    pub fn failed_of(&self) -> (usize, usize) {
        let all = self.rules.iter().chain(&self.checks);
        let total = self.rules.len() + self.checks.len();
        (all.filter(|c| !c.passed).count(), total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_keeps_titles_marks_and_problems_only() {
        let lesson = lessons::builtin::track()
            .expect("the built-in track loads")
            .sections
            .remove(0)
            .lessons
            .remove(0);
        let verdict = lessons::check(&lesson, &lesson.starter);
        let summary = VerdictSummary::from(&verdict);
        assert!(!summary.passed);
        assert!(!summary.checks.is_empty());
        assert!(summary.checks.iter().any(|c| !c.passed && !c.problems.is_empty()));
        let json = serde_json::to_string(&summary).expect("JSON");
        assert!(json.len() < 4000, "compact: {json}");
        assert!(!json.contains("events"), "no executions: {json}");

        let solved = VerdictSummary::from(&lessons::check(&lesson, &lesson.solution));
        assert!(solved.passed && solved.failed_of().0 == 0, "{solved:?}");

        let invalid = VerdictSummary::from(&lessons::check(&lesson, "{"));
        assert!(!invalid.passed && !invalid.invalid.is_empty(), "{invalid:?}");
    }
}
