//! The page gets its verdicts from the lab's Web Worker as JSON text: every verdict the built-in
//! track can give (solutions, starters, shipped mistakes, a definition that does not load) must
//! arrive exactly as the checker made it, executions and histories included.

use lessons::{builtin, check, Verdict};

fn round_trip(verdict: &Verdict) -> Verdict {
    let text = serde_json::to_string(verdict).expect("a verdict is JSON");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("reading back {text:.300}: {e}"))
}

#[test]
fn every_verdict_of_the_track_arrives_whole() {
    let track = builtin::track().expect("the track loads");
    let mut events = 0;
    for lesson in track.lessons() {
        let texts = [&lesson.solution, &lesson.starter]
            .into_iter()
            .chain(lesson.mistakes.iter().map(|m| &m.definition));
        for text in texts {
            let verdict = check(lesson, text);
            if let Verdict::Ran(report) = &verdict {
                events += report
                    .checks
                    .iter()
                    .map(|c| c.execution.events.len())
                    .sum::<usize>();
            }
            assert_eq!(round_trip(&verdict), verdict, "{}", lesson.id);
        }
    }
    assert!(events > 1_000, "the track's runs made only {events} events");
}

#[test]
fn a_definition_that_does_not_load_arrives_with_its_diagnostics() {
    let track = builtin::track().expect("the track loads");
    let lesson = track.lessons().next().expect("a lesson");
    let verdict = check(lesson, "{\"StartAt\": \"Nowhere\", \"States\": {}}");
    let Verdict::Invalid(error) = &verdict else {
        panic!("expected an invalid definition, got {verdict:?}")
    };
    assert!(!error.diagnostics.is_empty());
    assert_eq!(round_trip(&verdict), verdict);
}
