//! Issue 13's repros through the CLI, as a learner's definition reaches it: each run ends with the
//! state failed and its limit named (exit code 2), never with a panic (exit 134) or an exhausted
//! memory. The CLI installs the counting allocator, so the byte budgets hold here.

use std::process::Command;

fn run(name: &str, definition: &str, input: &str) -> (i32, serde_json::Value) {
    let dir = std::env::temp_dir().join(format!("sfn-lab-hostile-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (def, inp) = (dir.join("definition.json"), dir.join("input.json"));
    std::fs::write(&def, definition).unwrap();
    std::fs::write(&inp, input).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sfn-lab"))
        .args(["run", "--definition"])
        .arg(&def)
        .arg("--input")
        .arg(&inp)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let result = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{name}: no JSON result ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), result)
}

fn jsonata_pass(expression: &str) -> String {
    serde_json::json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
        "Type": "Pass", "Output": format!("{{% {expression} %}}"), "End": true}}})
    .to_string()
}

#[test]
fn hostile_expressions_fail_their_state_and_the_process_lives() {
    for (name, expression, says) in [
        ("year64", "$fromMillis(0, '[Y,64]')", "at most 18"),
        ("year999", "$fromMillis(0, '[Y9,999]')", "at most 18"),
        ("pad", "$length($pad('', 1000000000, 'a'))", "$pad"),
        ("held", "$count([1..1000].[1..1000000])", "MiB of values at once"),
        ("range", "$count([-1e19..1e19])", "2^53"),
    ] {
        let (code, result) = run(name, &jsonata_pass(expression), "{}");
        assert_eq!(code, 2, "{name}: {result}");
        assert_eq!(result["error"], "States.QueryEvaluationError", "{name}");
        let cause = result["cause"].as_str().unwrap_or_default();
        assert!(cause.contains(says), "{name}: {cause}");
    }
}

#[test]
fn a_deep_scan_over_a_deep_input_stops_at_its_limit() {
    // 80 levels of {"a": ..., "b": 1}: `$..a..a..a` copied gigabytes before the copy limit.
    let mut input = String::from("1");
    for _ in 0..80 {
        input = format!("{{\"a\": {input}, \"b\": 1}}");
    }
    let definition = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass",
        "Parameters": {"r.$": "$..a..a..a"}, "End": true}}}"#;
    let (code, result) = run("scan", definition, &input);
    assert_eq!(code, 2, "{result}");
    assert_eq!(result["error"], "States.Runtime");
    let cause = result["cause"].as_str().unwrap_or_default();
    assert!(cause.contains("limit"), "{cause}");
}
