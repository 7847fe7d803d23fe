//! Evaluates an expression against `{}` and prints the result, or times it:
//! `cargo run --release -p jsonata --example probe -- EXPR [INPUT_JSON] [N]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(expr) = args.get(1) else {
        eprintln!("usage: probe EXPR [INPUT_JSON] [N]");
        return;
    };
    let input: serde_json::Value = args
        .get(2)
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_else(|| serde_json::json!({}));
    let n: u32 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let bindings = jsonata::Bindings::new().with("states", serde_json::json!({ "input": input.clone() }));
    let mut env = jsonata::Environment::new(1_700_000_000_000, 7);
    let parsed = match jsonata::Expression::parse(expr) {
        Ok(e) => e,
        Err(e) => return println!("error {e}"),
    };
    if n > 0 {
        let start = std::time::Instant::now();
        for _ in 0..n {
            let _ = parsed.evaluate(&input, &bindings, &mut env);
        }
        println!(
            "{:.2} µs per evaluation",
            start.elapsed().as_secs_f64() * 1e6 / f64::from(n)
        );
        return;
    }
    match parsed.evaluate(&input, &bindings, &mut env) {
        Ok(Some(v)) => println!("{v}"),
        Ok(None) => println!("undefined"),
        Err(e) => println!("error {e}"),
    }
}
