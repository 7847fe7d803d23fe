//! `sfn-lab check`: a definition against a lesson's checks, with the same checker as the page.

use super::{print_json, read_source};
use lessons::{check, Lesson, Verdict};
use serde_json::{json, Value};
use std::process::ExitCode;

/// Exit code when a check fails.
const EXIT_FAILED: u8 = 2;

/// Checks and prints the verdict.
pub fn execute(lesson: &str, definition: Option<&str>) -> Result<ExitCode, String> {
    let lesson = Lesson::load_dir(std::path::Path::new(lesson)).map_err(|e| e.to_string())?;
    let text = match definition {
        Some(source) => read_source(source)?,
        None => lesson.solution.clone(),
    };
    let verdict = check(&lesson, &text);
    print_json(&verdict_json(&verdict));
    Ok(if verdict.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    })
}

fn verdict_json(verdict: &Verdict) -> Value {
    match verdict {
        Verdict::Invalid(error) => json!({"passed": false, "diagnostics": error.diagnostics}),
        Verdict::Ran(report) => json!({
            "passed": verdict.passed(),
            "definition": report.rules.iter().map(|r| json!({
                "rule": r.description,
                "passed": r.passed,
                "problem": r.problem,
            })).collect::<Vec<_>>(),
            "checks": report.checks.iter().map(|o| json!({
                "title": o.title,
                "passed": o.passed,
                "problems": o.problems,
                "why": if o.passed { None } else { o.why.clone() },
                "approvals": o.notes,
                "status": o.execution.status.as_str(),
                "output": o.execution.output,
                "error": o.execution.error,
                "cause": o.execution.cause,
                "statesEntered": o.execution.states_entered(),
                "cost": asl::cost::estimate(&o.execution, o.workflow_type, &asl::cost::Prices::published()),
            })).collect::<Vec<_>>(),
        }),
    }
}
